/* Initcalls in the order the kernel runs them, and a module's init and
   exit functions.  */
#ifndef INITSCAN_INITCALLS_H
#define INITSCAN_INITCALLS_H

struct image;

/* Fill img->initcalls and img->con_initcalls (and img->module for a .ko).
   Returns -1 with img->error set when the tables are corrupt; what is
   merely absent becomes a note.  */
int initcalls_collect (struct image *img);

/* Source positions for every function found; opens DWARF if present.  */
void initcalls_add_sources (struct image *img);

#endif
