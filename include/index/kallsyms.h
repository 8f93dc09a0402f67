/* The kernel's own symbol table (kallsyms), found and decoded in kernel
   bytes that carry no ELF symbol table: a stripped vmlinux, the payload of
   a boot image, a raw vmlinux.bin.  See src/index/kallsyms.c.  */
#ifndef INITSCAN_KALLSYMS_H
#define INITSCAN_KALLSYMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct kallsyms_symbol
{
  const char *name;  /* without the type letter */
  uint64_t addr;
  char type;         /* nm's letter: t, T, d, D, r, R, b, B, a, A, w, W, ... */
};

struct kallsyms
{
  struct kallsyms_symbol *syms;  /* in table order: by address */
  size_t n;
  char *names;                   /* the names, NUL-separated */
  unsigned ptr_size;             /* 4 or 8 */
  bool big_endian;
  bool relative;                 /* kallsyms_offsets + kallsyms_relative_base */
  bool absolute_percpu;          /* ...with CONFIG_KALLSYMS_ABSOLUTE_PERCPU */
  uint64_t relative_base;        /* as stored in the image (0 if relocated at boot) */
  size_t relative_base_offset;   /* where kallsyms_relative_base lies in the bytes */
  const char *layout;            /* which scripts/kallsyms.c order the tables follow */
  size_t token_table_offset;     /* where it lies in the bytes */
  bool damaged;                  /* on failure: a token table is there */
};

/* What the caller knows of the bytes: 0 / -1 for unknown.  */
struct kallsyms_hint
{
  unsigned ptr_size;  /* 4, 8, or 0 */
  int big_endian;     /* 1, 0, or -1 */
};

/* Find and decode kallsyms in the SIZE bytes at BUF.  0 on success; -1
   with *ERROR (malloc'd) saying why when there is no table or it is
   damaged.  */
int kallsyms_read (const unsigned char *buf, size_t size, const struct kallsyms_hint *hint,
                   struct kallsyms *ks, char **error);
void kallsyms_free (struct kallsyms *ks);

/* The address of the first symbol called NAME (a linear search, for the
   few boundary symbols read before the symbols are indexed).  */
bool kallsyms_address (const struct kallsyms *ks, const char *name, uint64_t *addr);

#endif
