/* Report formats.  Each takes the analysed images of one run.  */
#ifndef INITSCAN_REPORT_H
#define INITSCAN_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <gelf.h>
#include <stdio.h>

struct image;
struct scan;
struct mismatch_end;

struct report_options
{
  bool sources;        /* DWARF source positions were looked up */
  bool modpost_style;  /* text findings worded as modpost prints them */
  bool sort_by_time;   /* text: initcalls slowest first (with --dmesg) */
  const char *source_root; /* --source-root: absolute, no trailing slash; NULL if not given */
  /* the text report only */
  bool quiet;          /* --quiet: the unsuppressed findings alone */
  bool color;          /* ANSI colours (a terminal, --color) */
  unsigned width;      /* columns to fit tables in (a terminal); 0: no limit */
};

void report_text (FILE *out, struct scan *const *scans, size_t n,
                  const struct report_options *opts);
int report_json (FILE *out, struct scan *const *scans, size_t n,
                 const struct report_options *opts);
int report_sarif (FILE *out, struct scan *const *scans, size_t n,
                  const struct report_options *opts);
int report_html (FILE *out, struct scan *const *scans, size_t n,
                 const struct report_options *opts);
/* The boot timeline of the input the boot log was joined to; -1 if none.  */
int report_svg (FILE *out, struct scan *const *scans, size_t n,
                const struct report_options *opts);

/* The name modpost gives an input, as the version of its rule set prints
   it: "drivers/foo/foo" (6.12) or "drivers/foo/foo.o" (6.1), "vmlinux".
   Returns BUF.  */
char *report_modpost_name (const struct scan *sc, char *buf, size_t size);

/* "sym+0xoff", or the section and offset when no symbol covers it.  */
char *report_format_symbol (const struct mismatch_end *end, const struct image *img, char *buf,
                     size_t size);

/* FILE, a source path of IMG as its DWARF gives it (relative to the top of
   the tree it was built in, or absolute), relative to ROOT when it lies
   under ROOT; a path relative to the tree when not (the tree is taken to
   be at ROOT: a kernel built elsewhere); else absolute.  A new string.  */
char *report_source_path_under (const struct scan *sc, const char *root, const char *file);

/* PATH relative to the directory ROOT if it lies under it (a pointer into
   PATH), else NULL.  */
const char *report_path_under (const char *root, const char *path);

/* "0x…" for linked images; for relocatable files the offset of ADDR in
   its section (the synthetic addresses mean nothing outside initscan).
   Returns BUF.  */
char *report_format_address (const struct image *img, uint64_t addr, char *buf, size_t size);
/* A size for people: "40 B", "441.9 KiB", "2.8 MiB" (powers of 1024, one
   decimal).  Returns BUF.  */
char *report_format_size (uint64_t bytes, char *buf, size_t size);
/* "WAX"-style flags of a section header, into BUF.  */
const char *report_section_flags (const GElf_Shdr *sh, char buf[4]);
/* The section an address lies in, or NULL.  */
const char *report_address_section (const struct image *img, uint64_t addr);

#endif
