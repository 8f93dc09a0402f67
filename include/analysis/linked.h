/* Linked images: which input section a place of a merged output section
   came from, where the link left no symbol to say so (x86 .head.text at
   the start of .text, .ref.data inside .data).  Recovered from the link
   order, see src/analysis/linked.c.  */
#ifndef INITSCAN_LINKED_H
#define INITSCAN_LINKED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct image;

/* A stretch of an output section that the rules must not judge by the
   output section's name.  */
struct linked_region
{
  uint64_t begin, end;
  const char *as_section;  /* the input section it was; NULL: not one the rules read */
  unsigned groups;         /* rules_section_groups (as_section), 0 when NULL */
  bool unrecovered;        /* the output section's input sections could not be
                              told apart: findings from it are suppressed */
};

struct linked_map
{
  struct linked_region *regions;  /* sorted by begin, disjoint */
  size_t n, cap;
};

/* Find the regions of linked image IMG (nothing for other kinds).  */
void linked_map_build (struct image *img, struct linked_map *map);

/* The region holding ADDR, NULL if none (a bisection).  */
const struct linked_region *linked_region_at (const struct linked_map *map, uint64_t addr);

void linked_map_free (struct linked_map *map);

#endif
