/* The symbol table, indexed once: by address (sorted, searched by
   bisection) and by name (hashed).  */
#ifndef INITSCAN_SYMBOLS_H
#define INITSCAN_SYMBOLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct image;

struct symbol
{
  const char *name;
  uint64_t addr;   /* run-time (or synthetic, see struct section) address */
  uint64_t size;
  /* a local symbol's file: the STT_FILE symbol before it (ELF gABI:
     "precedes the other STB_LOCAL symbols for the file"); NULL if none */
  const char *file;
  uint32_t file_index;   /* that STT_FILE symbol's index, 0 if none */
  uint32_t shndx;  /* extended section index resolved; SHN_UNDEF, SHN_ABS… */
  unsigned char type, bind;
  signed char rank;      /* how good a name for its address (symbols.c) */
};

struct symtab
{
  size_t section;       /* index of the SHT_SYMTAB section */
  struct symbol *syms;  /* in symbol-table order: relocations index it */
  size_t n;
  uint32_t *by_addr;    /* named, defined, non-ABS symbols by address */
  size_t n_by_addr;
  uint32_t *name_slots; /* hash table of named symbols: index + 1, 0 free */
  size_t name_mask;     /* its size - 1 (a power of two) */
};

int symtab_load (struct image *img);
void symtab_free (struct symtab *st);

/* Index in by_addr of the first symbol at or above ADDR.  */
size_t symtab_lower_bound (const struct symtab *st, uint64_t addr);

/* The first symbol called NAME, or NULL.  */
const struct symbol *symbol_by_name (const struct symtab *st, const char *name);

/* The best name for exactly ADDR: a function or object rather than a
   label, a global rather than a local, never a mapping symbol.  NULL if
   no symbol starts there.  */
const struct symbol *symbol_at (const struct symtab *st, uint64_t addr);

/* The function or object containing ADDR (or the nearest preceding symbol
   in the same section when sizes are missing); *OFFSET gets ADDR minus its
   start.  NULL if none.  */
const struct symbol *symbol_containing (const struct image *img, uint64_t addr,
                                        uint64_t *offset);

/* Call FN for every symbol starting at ADDR, best first; stop when it
   returns true.  */
const struct symbol *symbol_find_at (const struct symtab *st, uint64_t addr,
                                     bool (*fn) (const struct symbol *, void *),
                                     void *arg);

#endif
