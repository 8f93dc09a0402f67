/* 64-bit and 32-bit PowerPC relocation types (both RELA).  */
#include <elf.h>

#include "load/image.h"
#include "index/reloc.h"
#include "util/util.h"

#ifndef R_PPC64_REL24_NOTOC
#define R_PPC64_REL24_NOTOC 116 /* Power ISA 3.1 ELFv2 ABI */
#endif

static const struct reloc_type ppc64_types[] = {
  { R_PPC64_ADDR64, RELOC_ABS, 8, 0 },
  { R_PPC64_ADDR32, RELOC_ABS, 4, 0 },
  { R_PPC64_REL32, RELOC_PCREL, 4, 0 },
  { R_PPC64_REL64, RELOC_PCREL, 8, 0 },
  { R_PPC64_REL24, RELOC_PCREL, 0, 0 },
  { R_PPC64_REL24_NOTOC, RELOC_PCREL, 0, 0 },
  { R_PPC64_ADDR16_HA, RELOC_ABS, 0, 0 },
  { R_PPC64_ADDR16_LO, RELOC_ABS, 0, 0 },
  { R_PPC64_ADDR16_HI, RELOC_ABS, 0, 0 },
};

const struct reloc_ops reloc_ppc64 = {
  ppc64_types, ARRAY_SIZE (ppc64_types), NULL, NULL, NULL, NULL,
};

static const struct reloc_type ppc_types[] = {
  { R_PPC_ADDR32, RELOC_ABS, 4, 0 },
  { R_PPC_REL32, RELOC_PCREL, 4, 0 },
  { R_PPC_REL24, RELOC_PCREL, 0, 0 },
  { R_PPC_PLTREL24, RELOC_PCREL, 0, 0 },
  { R_PPC_ADDR16_HA, RELOC_ABS, 0, 0 },
  { R_PPC_ADDR16_LO, RELOC_ABS, 0, 0 },
  { R_PPC_ADDR16_HI, RELOC_ABS, 0, 0 },
};

const struct reloc_ops reloc_ppc = {
  ppc_types, ARRAY_SIZE (ppc_types), NULL, NULL, NULL, NULL,
};
