/* An opened kernel ELF image: its sections, symbols and what initscan
   found in it.  Every analysis step takes a `struct image`.  */
#ifndef INITSCAN_IMAGE_H
#define INITSCAN_IMAGE_H

#include <gelf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "index/sections.h"
#include "index/symbols.h"

struct arch_ops;
struct guard;
struct boot_log;
struct decl_session;
struct mismatch_rule;
struct ruleset;
struct srcmap;

enum image_kind
{
  IMAGE_VMLINUX, /* linked kernel: ET_EXEC, or ET_DYN as arm64 links it */
  IMAGE_OBJECT,  /* relocatable: vmlinux.o or a built-in .o */
  IMAGE_MODULE,  /* relocatable with .gnu.linkonce.this_module: a .ko */
};

struct section
{
  size_t index;
  const char *name;
  GElf_Shdr shdr;
  Elf_Scn *scn;
  /* Run-time address: sh_addr in linked images; in relocatable files a
     synthetic address from laying the SHF_ALLOC sections out one after
     the other, so that symbols and relocation targets of different
     sections never overlap.  */
  uint64_t addr;
  const struct section_class *cls;
  size_t reloc_section; /* index of the SHT_REL/SHT_RELA applying here, 0 if none */
};

struct source_pos
{
  const char *file; /* owned by the DWARF session; NULL when unknown */
  int line;
};

struct initcall
{
  const char *level;     /* "early", "0", "0s", …, "rootfs", "7s", "console" */
  uint64_t entry;        /* address of the table entry */
  const char *label;     /* entry label symbol, NULL if none */
  uint64_t address;      /* function the kernel calls */
  const char *function;  /* its name, NULL if no symbol is there */
  uint64_t stub;         /* clang LTO __initstub__ address, 0 if none */
  struct source_pos source;
  /* from --dmesg: position in the boot log (-1: never ran), time, result */
  long boot_order;
  long boot_usecs;
  long boot_ret;
};

struct init_memory_part
{
  const char *name;
  uint64_t bytes;
  const char *section;   /* --by=symbol: the symbol's section */
};

struct init_memory
{
  bool present;
  uint64_t begin, end;   /* __init_begin, __init_end */
  uint64_t page_size;
  uint64_t freed_bytes;  /* the range rounded inward to pages */
  const char *message;   /* the boot-log wording of this architecture */
  struct init_memory_part *by_section;
  size_t n_by_section;
  /* x86_64 mark_rodata_ro() and mem_encrypt_free_decrypted_mem() */
  bool have_gaps;
  uint64_t text_rodata_gap, rodata_data_gap, unused_decrypted;
};

/* --by: what the memory freed after boot (and the .exit.* sections) is
   made of, largest first.  */
struct attribution
{
  const char *by;                  /* "section", "symbol", "file" */
  struct init_memory_part *parts;
  size_t nparts;
  uint64_t total;                  /* bytes of the sections looked at */
};

struct module_info
{
  const char *name;
  const char *init;  /* function names, NULL if the module has none */
  const char *exit;
  uint64_t init_addr, exit_addr;
  struct source_pos init_source, exit_source;
};

struct mismatch_end
{
  const char *section;
  const char *symbol;    /* NULL if no symbol covers the address */
  uint64_t offset;       /* from the symbol's start, or the section's */
  uint64_t address;
  struct source_pos source;
};

struct mismatch
{
  const struct mismatch_rule *rule;
  struct mismatch_end from, to;
  /* The source lies in a section of a linked image that merged input
     sections the rules treat differently (.data holds .ref.data) and the
     image does not show which one it was (src/analysis/linked.c), so the reference
     may be an intended one: reported, but suppressed.  */
  bool merged_source;
  bool suppressed;
  const char *suppressed_by;  /* "allow", "baseline", "merged-section", NULL */
  char fingerprint[17];
};

struct image
{
  const char *path;
  struct stat opened;   /* the file as it was opened */
  char *contents;       /* the file mapped, or its decompressed bytes */
  size_t contents_size;
  struct guard *guard;  /* SIGBUS guard of the mapping, NULL if not mapped */
  const char *compression; /* "xz", "gzip", "zstd", or NULL: a plain file */
  Elf *elf;             /* elf_memory() on the contents */
  const char *raw;      /* the (decompressed) file bytes */
  size_t raw_size;
  GElf_Ehdr ehdr;
  enum image_kind kind;
  const struct arch_ops *arch;
  unsigned elfclass;    /* 32 or 64 */
  bool big_endian;
  unsigned ptr_size;
  char *build_id;       /* hex, NULL if the image has no GNU build-id note */

  struct section *sections;
  size_t nsections;
  uint32_t *by_addr;    /* SHF_ALLOC sections with a size, by address */
  size_t nby_addr;
  struct symtab symtab;

  char *error;          /* why the image could not be analysed */
  bool not_kernel;      /* ...because it is not a kernel object (image_reject) */
  bool skipped;         /* found in a directory and not a kernel object */
  char **notes;         /* what is missing or was guessed */
  size_t nnotes, notes_cap;

  struct initcall *initcalls;
  size_t ninitcalls, initcalls_cap;
  struct initcall *con_initcalls;
  size_t ncon_initcalls, con_initcalls_cap;
  bool initcall_table_found;
  const char *initcall_encoding; /* "prel32", "absolute", "relocations", NULL */

  struct init_memory initmem;
  struct attribution attrib;
  struct module_info module;

  struct mismatch *mismatches;
  size_t nmismatches, mismatches_cap;
  bool mismatches_checked;      /* the image had relocations to check */
  /* In a kernel build tree, the pre-link object modpost checks for this
     linked file (vmlinux.o for vmlinux, foo.o for foo.ko): its findings
     are this image's (see image_findings).  Owned; NULL otherwise.  */
  struct image *prelink;
  const char *tree_name;        /* build tree: modpost's name for it (struct input) */
  /* The mismatch rules applied (rules.c; ruleset_version() names them) and
     where their version came from: "vermagic", "linux_banner", "option"
     or "default" (kversion.c); RULE_FLAGS: enum rule_flags (--extra-warn,
     --strict).  */
  const struct ruleset *rules;
  const char *rules_from;
  unsigned rule_flags;

  uint64_t page_size_override;  /* 0: per-architecture default */
  struct boot_log *boot;        /* --dmesg, joined; NULL without */
  struct srcmap *src;           /* opened on first source lookup */
  struct decl_session *decl;    /* opened on first declaration lookup */
};

/* Open PATH and index its sections and symbols; a compressed file may
   decompress to decompression_limit (its size, DECOMPRESS_CAP) bytes.  On
   failure img->error says why and the result is -1.  */
int image_open (struct image *img, const char *path, uint64_t decompress_cap);
void image_close (struct image *img);

/* Free everything IMG holds but its path, error and whether it was
   skipped (a failed or skipped input): a
   run over many bad inputs, decompression bombs among them, holds none
   of their contents until the report.  IMG must still be closed.  */
void image_discard (struct image *img);

/* A new descriptor on the bytes IMG was read from, at offset 0, for a
   library that wants one (libdwfl): the file itself if it is still the one
   opened, or a memory file holding the decompressed contents.  -1 if
   neither can be had.  */
int image_reopen (struct image *img);

/* After the analysis: if the file shrank under the mapping, or its inode,
   size or modification time differ from when it was opened, what was read
   may be a mix of two versions.  Then img->error becomes "changed while
   being read" (whatever error it had) and the result is -1.  */
int image_verify_unchanged (struct image *img);

/* Record a fatal problem; returns -1 for `return image_fail (…)`.  */
int image_fail (struct image *img, const char *fmt, ...)
  __attribute__ ((format (printf, 2, 3)));
void image_note (struct image *img, const char *fmt, ...)
  __attribute__ ((format (printf, 2, 3)));
/* image_fail() for a file that is not a kernel object at all (not ELF,
   not a kernel image): skipped when a directory walk found it.  */
int image_reject (struct image *img, const char *fmt, ...)
  __attribute__ ((format (printf, 2, 3)));

/* Whether an opened relocatable or linked file is a kernel object: see
   image.c.  */
bool image_is_kernel_object (const struct image *img);

/* The image whose relocations were checked for IMG's section mismatches:
   its pre-link object in a build tree, otherwise IMG itself.  Reports
   take findings, mismatches_checked and the addresses of findings from
   it.  */
static inline const struct image *
image_findings (const struct image *img)
{
  return img->prelink != NULL ? img->prelink : img;
}

const char *image_kind_name (enum image_kind kind);

/* All initcalls in the order the kernel runs them: console ones first
   (console_init() in start_kernel()), then img->initcalls.  */
size_t image_ncalls (const struct image *img);
struct initcall *image_call (const struct image *img, size_t i);

/* The kind a report gives section SEC: its class's, "in-init-range" for
   another section inside [__init_begin, __init_end), NULL if not reported.  */
const char *image_section_kind (const struct image *img, const struct section *sec);

struct section *image_section_by_name (struct image *img, const char *name);
struct section *image_section_at (struct image *img, uint64_t addr);

/* Bytes of SEC from file offset OFF within it, LEN long, or NULL when the
   range is not inside the section's file contents.  */
const unsigned char *section_bytes (struct image *img, const struct section *sec,
                                    uint64_t off, uint64_t len);

#endif
