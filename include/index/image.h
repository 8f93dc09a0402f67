/* An opened kernel ELF file: the ELF layer.  Its mapping or decompressed
   bytes, the libelf handle, the sections and symbols indexed, and the
   first error.  What the analyses find in it is a struct scan
   (include/analysis/scan.h), which holds its image.  */
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

struct image
{
  const char *path;
  struct stat opened;   /* the file as it was opened */
  char *contents;       /* the file mapped, or its decompressed bytes */
  size_t contents_size;
  struct guard *guard;  /* SIGBUS guard of the mapping, NULL if not mapped */
  const char *compression; /* "xz", "gzip", "zstd", ... of the file or of a boot
                              image's kernel, or NULL: not compressed */
  const char *container;   /* the boot image holding the kernel ("bzImage",
                              "Image", ...: include/load/bootimage.h), or NULL */
  Elf *elf;             /* elf_memory() on the contents */
  const char *raw;      /* the (decompressed) file bytes, or a boot image's kernel */
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
  /* Where the symbols come from: "symtab" (.symtab) or "kallsyms" (the
     kernel's own table, src/index/kallsyms.c: no sizes, no files, no
     relocations).  */
  const char *symbols_from;
  char *kallsyms_names; /* the names' storage then */
  /* Raw kernel bytes, no ELF headers: the sections are regions between boundary
     symbols (_text.._etext, __init_begin..__init_end, ...), the bytes start
     at _text.  */
  bool headerless;
#define IMAGE_INIT_REGION "[init]"  /* theirs from __init_begin to __init_end */
#define IMAGE_WHOLE_REGION "[image]"  /* all their bytes */
  /* ...and, for a relocatable one, the pointers its dynamic relocations
     set at boot (the bytes may hold 0 there), sorted by place
     (src/index/rawkernel.c).  */
  struct image_reloc
  {
    uint64_t place, value;
  } *relocs;
  size_t nrelocs;

  char *error;          /* why the image could not be analysed */
  bool not_kernel;      /* ...because it is not a kernel object (image_reject) */
  bool skipped;         /* found in a directory and not a kernel object */
  char **notes;         /* what is missing or was guessed */
  size_t nnotes, notes_cap;
};

/* Open PATH and index its sections and symbols; a compressed file may
   decompress to decompression_limit (its size, DECOMPRESS_CAP) bytes.  On
   failure img->error says why and the result is -1.  */
int image_open (struct image *img, const char *path, uint64_t decompress_cap);
void image_close (struct image *img);

struct boot_payload;
/* Open the kernel a boot image carries (include/load/bootimage.h): an ELF
   file, or raw bytes (symbols from kallsyms; machine, word size and byte
   order from P's hints or the bytes themselves).  IMG is zeroed but for
   its path and, when P's data lies in the file (P->in_file), its
   contents: otherwise IMG takes P's data (image_close() unmaps it).  */
int image_open_raw (struct image *img, const struct boot_payload *p);

/* Free everything IMG holds but its path, error and whether it was
   skipped or not a kernel object (a failed or skipped input): a
   run over many bad inputs, decompression bombs among them, holds none
   of their contents until the report.  IMG must still be closed.  */
void image_discard (struct image *img);

/* A new descriptor on the bytes IMG was read from, at offset 0, for a
   library that wants one (libdwfl): the file itself if it is still the one
   opened, or a memory file holding the decompressed contents (or a boot
   image's kernel).  -1 if
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

/* Append to IMG's symbols, read from kallsyms and not yet indexed, the
   linker script's boundary symbols (__initcall0_start, __init_end, ...)
   that a kernel built without CONFIG_KALLSYMS_ALL leaves out of kallsyms
   (scripts/kallsyms.c keeps code symbols only) and that its data and
   section headers tell, noting how each was had: src/index/boundaries.c,
   part of the image module.  */
void boundaries_recover (struct image *img);

struct kallsyms;
/* For raw kernel bytes BUF (SIZE) whose kallsyms KS lacks _text or
   __init_end (no CONFIG_KALLSYMS_ALL): where the first byte runs (*LOAD:
   _text, or arch_raw_first_symbol()), from kallsyms, the header's branch to
   the entry point or
   init/main.c's initcall_level_names[] and, for a kernel relocated at
   boot, its dynamic relocations (then KS's addresses become the link-time
   ones and IMG keeps the relocations); KS gains _text, __init_begin and
   __init_end where the architecture tells.  False if nothing places
   _text.  */
bool rawkernel_locate (struct image *img, const unsigned char *buf, size_t size,
                       struct kallsyms *ks, uint64_t *load);

/* The pointer at ADDR, P its bytes in IMG: what a dynamic relocation of
   raw kernel bytes puts there, else the bytes.  */
uint64_t image_pointer_at (const struct image *img, uint64_t addr, const unsigned char *p);

/* Whether an opened relocatable or linked file is a kernel object: see
   image.c.  */
bool image_is_kernel_object (const struct image *img);

const char *image_kind_name (enum image_kind kind);

/* Why IMG's section mismatches cannot be checked when it has no
   relocations to check.  */
const char *image_unchecked_reason (const struct image *img);

/* symbol_containing() of IMG's symbols, in the section holding ADDR.  */
const struct symbol *image_symbol_containing (const struct image *img, uint64_t addr,
                                              uint64_t *offset);

struct section *image_section_by_name (const struct image *img, const char *name);
struct section *image_section_at (const struct image *img, uint64_t addr);

/* Bytes of SEC from file offset OFF within it, LEN long, or NULL when the
   range is not inside the section's file contents.  */
const unsigned char *image_section_bytes (const struct image *img, const struct section *sec,
                                    uint64_t off, uint64_t len);

#endif
