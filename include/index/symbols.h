/* The symbol table, indexed once: by address (sorted, searched by
   bisection) and by name (hashed).  */
#ifndef INITSCAN_SYMBOLS_H
#define INITSCAN_SYMBOLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NO_SYMBOL UINT32_MAX
#define NO_SECTION SIZE_MAX

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
  uint32_t *enclosing;  /* per by_addr position: see find_enclosing () */
  uint32_t *name_slots; /* hash table of named symbols: index + 1, 0 free */
  size_t name_mask;     /* its size - 1 (a power of two) */
};

/* Index ST's N symbols (read by image_open()), of a file with NSECTIONS
   sections: each local symbol's file, by address, by name.  */
void symtab_index (struct symtab *st, size_t nsections);
void symtab_free (struct symtab *st);

/* Index in by_addr of the first symbol at or above ADDR.  */
size_t symtab_lower_bound (const struct symtab *st, uint64_t addr);

/* The first symbol called NAME, or NULL.  */
const struct symbol *symbol_by_name (const struct symtab *st, const char *name);

/* The best name for exactly ADDR: a symbol with a size rather than a
   marker, a function or object rather than a label, the definition rather
   than an alias (see symbols.c); never a section, file, mapping symbol or
   assembler-local label.  NULL if no symbol starts there.  */
const struct symbol *symbol_at (const struct symtab *st, uint64_t addr);

/* The symbol whose bytes hold ADDR: the nearest-starting symbol whose size
   covers it; else a symbol without a size at or below ADDR with nothing
   in between, if no sized symbol starts at or encloses it; either in
   section SHNDX, the one holding ADDR (NO_SECTION: not known).  *OFFSET
   gets ADDR minus its start.  NULL if no symbol covers ADDR.
   image_symbol_containing() finds the section.  */
const struct symbol *symbol_containing (const struct symtab *st, size_t shndx, uint64_t addr,
                                        uint64_t *offset);

/* Whether S has a name a report can show: not a section or file symbol,
   not a mapping symbol ($a, $x...) or an assembler-local label (.L...).  */
bool symbol_is_named (const struct symbol *s);

/* Call FN for every symbol starting at ADDR, best first; stop when it
   returns true.  */
const struct symbol *symbol_find_at (const struct symtab *st, uint64_t addr,
                                     bool (*fn) (const struct symbol *, const void *),
                                     const void *arg);

#endif
