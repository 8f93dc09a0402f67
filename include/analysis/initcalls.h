/* Initcalls in the order the kernel runs them, and a module's init and
   exit functions.  */
#ifndef INITSCAN_INITCALLS_H
#define INITSCAN_INITCALLS_H

#include <stdatomic.h>

struct image;
struct scan;

/* Fill img->initcalls and img->con_initcalls (and img->module for a .ko).
   Returns -1 with the image error set when the tables are corrupt; what is
   merely absent becomes a note.  */
int initcalls_collect (struct scan *sc);

/* Source positions for every function found.  The lookups are taken
   one by one from the shared counter *NEXT (start it at 0), so several
   threads may run this at once on one image once source_open() is done.  */
void initcalls_add_sources (struct scan *sc, atomic_size_t *next);

#endif
