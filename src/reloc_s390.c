/* s390x relocation types (RELA).  */
#include <elf.h>

#include "image.h"
#include "reloc.h"
#include "util.h"

static const struct reloc_type s390x_types[] = {
  { R_390_64, RELOC_ABS, 8, 0 },
  { R_390_32, RELOC_ABS, 4, 0 },
  { R_390_PC32, RELOC_PCREL, 4, 0 },
  { R_390_PC64, RELOC_PCREL, 8, 0 },
  { R_390_PC16DBL, RELOC_PCREL, 0, -2 },
  { R_390_PC32DBL, RELOC_PCREL, 0, -2 },
  { R_390_PLT32DBL, RELOC_PCREL, 0, -2 },
  /* lgrl/larl of the symbol's GOT entry, as -fPIC modules load addresses
     (arch/s390/Makefile): the field starts 2 bytes into the instruction */
  { R_390_GOTENT, RELOC_PCREL, 0, -2 },
};

const struct reloc_ops reloc_s390x = {
  s390x_types, ARRAY_SIZE (s390x_types), NULL, NULL, NULL,
};
