/* Attribution of init and exit memory to sections, symbols or files.  */
#ifndef INITSCAN_ATTRIB_H
#define INITSCAN_ATTRIB_H

#include <stdbool.h>

struct image;
struct scan;

/* Fill img->attrib grouped BY ("section", "symbol" or "file").  The
   sections looked at: those inside [__init_begin, __init_end) of a linked
   image (the per-cpu load image included), and every .init.*, .exit.* and
   initcall section.  SOURCES: name files from DWARF where it knows them.  */
void attribute_init_memory (struct scan *sc, const char *by, bool sources);

#endif
