/* Relocations: reading SHT_REL/SHT_RELA sections of any supported
   architecture into one form, with REL addends decoded from the bytes
   they patch.  The per-architecture knowledge is in src/arch/<arch>.c.  */
#ifndef INITSCAN_RELOC_H
#define INITSCAN_RELOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch/arch.h"

struct image;
struct section;

struct reloc
{
  uint64_t offset;  /* within the relocated section */
  uint32_t type;
  uint32_t sym;     /* index into the symbol table */
  int64_t addend;   /* RELA: r_addend; REL: decoded from the place */
  const struct reloc_type *info; /* NULL when the type is unknown */
};

/* Read every relocation applying to SEC, in offset order.  Returns the
   count (0 if SEC has none) or -1 with img->error set.  */
long reloc_read (struct image *img, const struct section *sec,
                 struct reloc **out);

/* reloc_read() for a reader whose failure is not the image's (the DWARF
   reader: a damaged table costs the source lines): -1 with *WHY set to
   the reason, to free, instead of the image's error.  */
long reloc_read_or_say (struct image *img, const struct section *sec, struct reloc **out,
                        char **why);

/* The relocation at OFFSET in RELOCS (sorted, N long), or NULL.  */
const struct reloc *reloc_at (const struct reloc *relocs, size_t n,
                              uint64_t offset);

/* The address a relocation refers to: S + A.  For PC-relative data
   references (".long sym - .") that is the referenced address too.  */
uint64_t reloc_target (const struct image *img, const struct reloc *r);

#endif
