/* Variables with static storage from .debug_info: the top-level
   DW_TAG_variable DIEs whose DW_AT_location is a single DW_OP_addr (the
   definitions of file-scope variables, global or static; per-cpu ones at
   their offset in .data..percpu), and the compile units that define
   them.  The symbol table tells a global's address, not its file: this
   does.  */
#ifndef INITSCAN_DWARF_VARS_H
#define INITSCAN_DWARF_VARS_H

#include <stdbool.h>
#include <stdint.h>

#include "dwarf/read.h"

struct image;

/* The unit's own DIE: its primary source file and compilation directory,
   NULL when it has none or no string section was given.  */
struct dwr_unit_names
{
  const char *name, *comp_dir;
  bool assembler;   /* DW_AT_language DW_LANG_Mips_Assembler: GNU as */
};

/* Call FN (ARG, ADDR) for every top-level variable of the .debug_info
   unit at offset UNIT of INFO that has a single-address location; fill
   *NAMES (may be NULL) from the unit's own DIE.  ENV: the string sections
   (its sizes and version come from the unit).  False if the unit is of a
   kind or version not read.  */
bool dwr_unit_variables (const struct image *img, const struct dwr_section *info,
                         const struct dwr_section *abbrev, const struct dwr_form_env *env,
                         uint64_t unit, struct dwr_unit_names *names,
                         void (*fn) (void *arg, uint64_t addr), void *arg);

struct varmap;

/* Read every unit of IMG's .debug_info once (only --by=file needs it):
   NULL if the image has no DWARF, with a note if it cannot be read.  */
struct varmap *varmap_open (struct image *img);
void varmap_close (struct varmap *m);

/* The source file, from the top of the tree, of the unit defining the
   variable at ADDR; NULL if no unit defines one there.  */
const char *varmap_file_at (const struct varmap *m, uint64_t addr);

/* The source file of the unit whose code holds ADDR (.debug_aranges of
   a linked image: a relocatable file has none); NULL if none.  */
const char *varmap_code_file_at (const struct varmap *m, uint64_t addr);

/* Data no DWARF variable describes, defined in assembler: ld lays the
   input sections out file by file in link order, the order of the units,
   so data between the variables at BELOW and ABOVE (NULL: the start or
   end of its section) comes from a unit between theirs.  Assembler units
   describe no data: the path of the only one there, NULL if none or
   several.  */
const char *varmap_assembler_between (const struct varmap *m, const uint64_t *below,
                                      const uint64_t *above);

/* The path of the only unit whose primary source file is named BASE
   ("head_64.S") or whose object would be (BASE "head_64.o"); NULL if no
   unit or several have that name.  */
const char *varmap_unit_named (const struct varmap *m, const char *base);

#endif
