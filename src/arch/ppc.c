/* 64-bit and 32-bit PowerPC relocation types (both RELA).  */
#include <elf.h>

#include "arch/arch.h"
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

/* ELFv1 (big-endian ppc64 kernels; e_flags ABI 0 or 1): a function
   pointer points at a descriptor in .opd whose first doubleword is the
   entry point (ELFv1 ABI 3.2.5).  ELFv2 (ppc64le) has none.  */
static bool
ppc64_function_descriptors (uint32_t e_flags)
{
  return (e_flags & EF_PPC64_ABI) != 2;
}

const struct arch_ops arch_ppc64 = {
  .machine = EM_PPC64, .elfclass = 64, .name = "ppc64",
  .page_size = 65536, .kernel_arch = "powerpc",
  .page_size_config = "CONFIG_PPC_%uK_PAGES=%c",
  .reloc_types = ppc64_types, .nreloc_types = ARRAY_SIZE (ppc64_types),
  .function_descriptors = ppc64_function_descriptors,
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

const struct arch_ops arch_ppc = {
  .machine = EM_PPC, .elfclass = 32, .name = "ppc",
  .page_size = 4096, .kernel_arch = "powerpc",
  .page_size_config = "CONFIG_PPC_%uK_PAGES=%c",
  .reloc_types = ppc_types, .nreloc_types = ARRAY_SIZE (ppc_types),
};
