/* Initcalls in the order the kernel runs them, and a module's init and
   exit functions.  */
#ifndef INITSCAN_INITCALLS_H
#define INITSCAN_INITCALLS_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

struct image;
struct scan;

/* Fill img->initcalls and img->con_initcalls (and img->module for a .ko).
   Returns -1 with the image error set when the tables are corrupt; what is
   merely absent becomes a note.  */
int initcalls_collect (struct scan *sc);

/* Whether some initcall of SC has a level its image does not tell
   ("unknown": a linked kernel from before 3.4 whose labels carry no
   initcall id).  */
bool initcalls_levels_unknown (const struct scan *sc);

/* Give the initcalls of the linked image SC whose level is unknown the
   level of the same entry in OBJECTS, the relocatable files it was linked
   from (vmlinux.o, or built-in.o files in link order), whose sections
   name the levels; sets sc->initcall_levels to "objects" if any.
   Returns how many got one.  */
size_t initcalls_recover_levels (struct scan *sc, struct scan *const *objects, size_t nobjects);

/* Source positions for every function found.  The lookups are taken
   one by one from the shared counter *NEXT (start it at 0), so several
   threads may run this at once on one image once source_open() is done.  */
void initcalls_add_sources (struct scan *sc, atomic_size_t *next);

#endif
