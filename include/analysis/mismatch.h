/* Section mismatches: references from what survives boot to what the
   kernel frees or discards.  */
#ifndef INITSCAN_MISMATCH_H
#define INITSCAN_MISMATCH_H

#include <stdbool.h>

struct image;
struct scan;

/* Check every relocation of the sections the rules read; fill
   sc->mismatches.  -1 with the image error set on corrupt relocations.  */
int mismatches_find (struct scan *sc);

/* Source positions of both ends of every finding (if SOURCES): from the
   line tables, else from the DWARF declaration of the end's symbol; and
   the fingerprints, which depend on neither.  */
void mismatches_finish (struct scan *sc, bool sources);

#endif
