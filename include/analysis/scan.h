/* What the analyses found in one input: initcalls, init memory, its
   attribution, the module's init and exit, section mismatches, the boot
   log joined and the DWARF sources used.  It holds the ELF file it was
   found in (struct image, the layer below), whose error is the input's.  */
#ifndef INITSCAN_SCAN_H
#define INITSCAN_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dwarf/src.h"
#include "index/image.h"

struct boot_log;
struct decl_session;
struct varmap;
struct mismatch_rule;
struct ruleset;

struct initcall
{
  /* "early", "0", "0s", …, "rootfs", "7s", "console", "security"; "none"
     in 2.4's unlevelled table, "unknown" where the image does not tell
     (src/analysis/initcalls.c) */
  const char *level;
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
  const char *section;   /* the section of its bytes; --by=file: NULL if
                             several (a file's bytes that no file owns,
                             "(unattributed)", "(unknown)", are per section) */
  const char *file;      /* --by=symbol: the symbol's file as --by=file names it, or NULL */
};

struct init_memory
{
  bool present;
  uint64_t begin, end;   /* __init_begin, __init_end */
  uint64_t page_size;
  const char *page_size_from;  /* "option", "image header", "kernel .config", ... */
  uint64_t freed_bytes;  /* the range rounded inward to pages */
  const char *message;   /* the "Freeing %s" wording of this kernel */
  /* The freed-memory line this kernel prints (src/analysis/freedline.c),
     NULL if it prints none; the kernel version it was chosen for.  */
  char *boot_log_line;
  bool kernel_known;     /* linux_banner read; else the newest wording */
  unsigned kernel_major, kernel_minor, kernel_patch;
  struct init_memory_part *by_section;
  size_t n_by_section;
  /* x86_64 mark_rodata_ro() and mem_encrypt_free_decrypted_mem() */
  bool have_gaps;
  uint64_t text_rodata_gap, rodata_data_gap, unused_decrypted;
};


/* --by: what init and exit memory is broken down by.  */
enum attrib_by
{
  ATTRIB_NONE,     /* no breakdown */
  ATTRIB_SECTION,
  ATTRIB_SYMBOL,
  ATTRIB_FILE,
};

/* --by: what the memory freed after boot (and the .exit.* sections) is
   made of, largest first.  */
struct attribution
{
  enum attrib_by by;               /* ATTRIB_NONE: not asked for */
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

struct scan
{
  struct image file;

  struct initcall *initcalls;
  size_t ninitcalls, initcalls_cap;
  struct initcall *con_initcalls;
  size_t ncon_initcalls, con_initcalls_cap;
  bool initcall_table_found;
  const char *initcall_encoding; /* "prel32", "absolute", "relocations", NULL */
  /* Where the levels come from: "boundaries" (3.4 on), "labels" (the
     initcall id of 2.6.19-3.3 labels), "flat" (2.4: no levels),
     "unknown", "objects" (vmlinux.o or built-in.o), "sections" (a
     relocatable file's own); NULL without entries.  */
  const char *initcall_levels;

  struct init_memory initmem;
  struct attribution attrib;
  struct module_info module;

  struct mismatch *mismatches;
  size_t nmismatches, mismatches_cap;
  bool mismatches_checked;      /* the image had relocations to check */
  /* In a kernel build tree, the pre-link object modpost checks for this
     linked file (vmlinux.o for vmlinux, foo.o for foo.ko): its findings
     are this file's (see scan_findings).  Owned; NULL otherwise.  */
  struct scan *prelink;
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
  /* The DWARF the lookups used (src/dwarf/): the line-table index,
     opened on the first source lookup, and the declarations, on the
     first declaration lookup; the positions' file names live there.  */
  struct srcmap *src;
  struct decl_session *decl;
  struct varmap *vars;          /* --by=file: the DWARF variables, NULL if not read */
};

/* Free the results, the DWARF sources and the file.  */
void scan_close (struct scan *sc);

/* Free everything but what the report of a failed or skipped input says
   (image_discard(), and the build tree's name for it).  SC must still be
   closed.  */
void scan_discard (struct scan *sc);

/* The scan whose relocations were checked for SC's section mismatches:
   its pre-link object in a build tree, otherwise SC itself.  Reports
   take findings, mismatches_checked and the addresses of findings from
   it.  */
static inline const struct scan *
scan_findings (const struct scan *sc)
{
  return sc->prelink != NULL ? sc->prelink : sc;
}

/* All initcalls in the order the kernel runs them: console ones first
   (console_init() in start_kernel()), then sc->initcalls.  */
size_t scan_ncalls (const struct scan *sc);
struct initcall *scan_call (const struct scan *sc, size_t i);

/* The kind a report gives section SEC: its class's, SECTION_IN_INIT_RANGE
   for another section inside [__init_begin, __init_end), SECTION_OTHER if
   not reported.  */
enum section_kind scan_section_kind (const struct scan *sc, const struct section *sec);

#endif
