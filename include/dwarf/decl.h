/* Source positions of symbols from where DWARF says they are defined
   (DW_AT_decl_file, DW_AT_decl_line of their DW_TAG_variable or
   DW_TAG_subprogram), for what has no line-table row: data, export
   entries.  Code addresses keep src/dwarf/src.c's line tables.  */
#ifndef INITSCAN_DWARF_DECL_H
#define INITSCAN_DWARF_DECL_H

#include <stddef.h>

struct image;
struct source_pos;
struct symbol;
struct decl_session;

struct decl_request
{
  const struct symbol *sym;
  struct source_pos *pos;   /* filled when the symbol's definition is found */
};

/* Look up all of REQS (N of them) in one pass over the units that may
   define them; requests whose symbol has no definition in DWARF (defined
   in assembly, a function-scope static, no DWARF) keep their POS.
   The session opened for IMG is kept in *SESSION (NULL until the first).  */
void decl_lookup (struct decl_session **session, struct image *img,
                  struct decl_request *reqs, size_t n);

/* Free the session decl_lookup opened (the positions' file names live
   there).  */
void decl_close (struct decl_session *s);

#endif
