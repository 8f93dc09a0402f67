/* Relocations: reading SHT_REL/SHT_RELA sections of any supported
   architecture into one form, with REL addends decoded from the bytes
   they patch.  The per-architecture knowledge is in src/arch/<arch>.c.  */
#ifndef INITSCAN_RELOC_H
#define INITSCAN_RELOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct image;
struct section;

enum reloc_kind
{
  RELOC_IGNORE,  /* not a reference to a symbol's address (or unknown) */
  RELOC_ABS,     /* the place receives S + A */
  RELOC_PCREL,   /* the place receives S + A - P */
};

struct reloc_type
{
  uint32_t type;
  enum reloc_kind kind;
  unsigned width;  /* bytes of a data place; 0 for an instruction field */
  /* Added to S + A, when the place is in code, to get the address the
     instruction refers to: the distance from the place to where the CPU
     takes the PC-relative base (x86 call/jmp: 4, the end of the field;
     ARM: 8 or 4 from the prefetch; s390 *DBL: -2, the instruction start).  */
  int insn_bias;
};

struct reloc_ops
{
  const struct reloc_type *types;
  size_t ntypes;
  /* Split r_info into symbol index and type (mips64 lays it out its own
     way); NULL means the generic ELF32/ELF64 split.  */
  void (*split_info) (const struct image *img, uint64_t info,
                      uint32_t *sym, uint32_t *type);
  /* For SHT_REL: the addend held in the relocated bytes P (AVAIL bytes
     readable) for TYPE; false if it cannot be decoded.  NULL: data types
     only (their addend is the place's contents).  */
  bool (*rel_addend) (const struct image *img, uint32_t type,
                      const unsigned char *p, size_t avail, int64_t *addend);
  /* For a PC-relative field in code at offset OFF of section bytes SEC:
     how many bytes of the instruction follow the field (an immediate
     after an x86 RIP-relative operand), to add to insn_bias.  NULL: 0.  */
  unsigned (*field_tail) (const unsigned char *sec, uint64_t off);
  /* For a relocation of TYPE at offset OFF of the SIZE bytes of code CODE
     that loads a base address into a register (arm64 adrp/add, ARM
     movw/movt, s390x larl): the displacement the first load or store
     through that register adds to it.  gcc addresses several variables
     from one section anchor (.LANCHOR0) this way, so the relocation names
     the anchor and the instruction the variable.  0 if none is found
     before a branch or before the register is overwritten; NULL: none.  */
  int64_t (*base_displacement) (const struct image *img, uint32_t type,
                                const unsigned char *code, uint64_t size, uint64_t off);
};

extern const struct reloc_ops reloc_x86_64, reloc_i386, reloc_aarch64,
  reloc_arm, reloc_ppc64, reloc_ppc, reloc_s390x, reloc_mips, reloc_riscv,
  reloc_loongarch;

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

/* The relocation at OFFSET in RELOCS (sorted, N long), or NULL.  */
const struct reloc *reloc_at (const struct reloc *relocs, size_t n,
                              uint64_t offset);

/* The address a relocation refers to: S + A.  For PC-relative data
   references (".long sym - .") that is the referenced address too.  */
uint64_t reloc_target (const struct image *img, const struct reloc *r);

#endif
