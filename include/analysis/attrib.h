/* Attribution of init and exit memory to sections, symbols or files.  */
#ifndef INITSCAN_ATTRIB_H
#define INITSCAN_ATTRIB_H

#include <stdbool.h>

#include "analysis/scan.h"

/* BY's name, as --by and the reports spell it ("section", ...).  */
const char *attrib_by_name (enum attrib_by by);

/* The breakdown NAME names; ATTRIB_NONE if none.  */
enum attrib_by attrib_by_parse (const char *name);

/* Fill sc->attrib grouped BY (not ATTRIB_NONE).  The
   sections looked at: those inside [__init_begin, __init_end) of a linked
   image (the per-cpu load image included), and every .init.*, .exit.* and
   initcall section.  SOURCES: name files from DWARF where it knows them.  */
void attribute_init_memory (struct scan *sc, enum attrib_by by, bool sources);

#endif
