/* Source file:line of addresses, from the image's DWARF line tables
   (read by src/dwarf/line.c).  Opened lazily, on the first lookup.  */
#ifndef INITSCAN_DWARF_SRC_H
#define INITSCAN_DWARF_SRC_H

#include <stdbool.h>
#include <stdint.h>

struct image;
struct srcmap;

struct source_pos
{
  const char *file; /* owned by the DWARF session; NULL when unknown */
  int line;
};

/* The lookups keep IMG's line-table index in *MAP (NULL until the first;
   the caller frees it with srcmap_close()).  */

/* Read the image's line-table index now (else on the first lookup).
   Lookups may then run in several threads at once.  */
void source_open (struct srcmap **map, struct image *img);

/* Fill *POS with the line-table position of ADDR (an initscan address of
   IMG); false if the image has no DWARF or none covers ADDR.  */
bool source_lookup (struct srcmap **map, struct image *img, uint64_t addr,
                    struct source_pos *pos);

/* The same for the function starting at ADDR: the line opening it, the
   first in its extent (its entry may have no row of its own).  Falls back
   to source_lookup when no sized function starts there.  */
bool source_lookup_function (struct srcmap **map, struct image *img, uint64_t addr,
                             struct source_pos *pos);

/* FILE as a path from the top of the kernel tree, given DIR, the
   directory its compilation ran in: part of FILE itself, not a copy.  */
const char *source_path_relative (const char *dir, const char *file);

/* The absolute directory that the relative source paths of IMG name
   files in (MAP, its line-table index): the top of the kernel tree it was built in, from the DWARF
   compilation directories.  NULL if unknown (no lookup was made, or the
   build mapped its directories away with -fdebug-prefix-map, as
   distributions do).  Call it once the lookups are done.  */
const char *source_tree_root (struct srcmap *map);

void srcmap_close (struct srcmap *map);

#endif
