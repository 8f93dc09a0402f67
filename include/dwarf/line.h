/* DWARF line-number programs (.debug_line, versions 2 to 5), decoded
   into sorted rows initscan can search by address.  Only what a source
   position needs is kept: address, file, line.  */
#ifndef INITSCAN_DWARF_LINE_H
#define INITSCAN_DWARF_LINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dwarf/read.h"

struct line_row
{
  uint64_t addr;  /* first: rows are searched with first_above() */
  uint32_t file;
  int32_t line;
  bool is_stmt;
  bool opens;     /* the first statement at its address after other code */
};

/* One sequence: its rows cover [start, end).  They are decoded on
   first use, from OFFSET in .debug_line where the sequence begins.  */
struct line_seq
{
  uint64_t start, end;  /* start first: searched with first_above() */
  size_t offset;
  bool decoded;
  struct line_row *rows;
  size_t n;
};

struct line_header;

struct line_program
{
  const struct image *img;
  const struct dwr_section *line;
  struct line_header *header;
  unsigned version;
  size_t unit_end;            /* offset in .debug_line after this program */
  const char *comp_dir;       /* directory 0 before DWARF 5; may be NULL */
  const char **dirs;          /* include directories (DWARF 5: from 0) */
  size_t ndirs;
  const char **names;         /* file entries, and each one's directory */
  uint64_t *name_dirs;
  size_t nfiles;
  char **paths;               /* names joined to directories, on demand */
  struct line_seq *seqs;      /* sorted by start */
  size_t nseqs;
};

/* Read the header of the program at OFFSET of LINE and index its
   sequences (their rows are decoded when a lookup needs them).  COMP_DIR is the unit's
   DW_AT_comp_dir (NULL if unknown); ENV names the string sections.
   False if the header is damaged or of an unknown version.  */
bool line_program_decode (const struct image *img, const struct dwr_section *line,
                          const struct dwr_form_env *env, size_t offset,
                          const char *comp_dir, struct line_program *out);
void line_program_free (struct line_program *prog);

/* The row for ADDR in the sequence covering it: if rows start at ADDR
   the first statement among them that does not go on with the line
   before (at a function's entry, its opening line), else the
   row in effect there, the last one at the highest address below ADDR.
   NULL if no sequence covers ADDR.  */
const struct line_row *line_program_find (struct line_program *prog, uint64_t addr);

/* The row opening the code in [LO, HI): the first row there, or at its
   address the one opening code (see line_program_find).  For a function,
   whose first instructions may have no row of their own (the NOPs of
   -fpatchable-function-entry on arm64).  NULL if no row lies there.  */
const struct line_row *line_program_find_first (struct line_program *prog,
                                                uint64_t lo, uint64_t hi);

/* The path of a row's file as the compiler recorded it: the name, joined
   to its directory unless absolute, without "." and "DIR/.." components
   (path_normalise).  NULL for an index with no entry.  */
const char *line_program_path (struct line_program *prog, uint32_t file);

#endif
