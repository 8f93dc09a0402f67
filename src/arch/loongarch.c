/* LoongArch relocation types (RELA).  Numbers from the LoongArch ELF psABI
   (glibc's elf.h has them since 2.36).  */
#include <elf.h>

#include "arch/arch.h"
#include "util/util.h"

#ifndef EM_LOONGARCH
#define EM_LOONGARCH 258
#endif

#ifndef R_LARCH_B26
#define R_LARCH_B26 66
#define R_LARCH_PCALA_HI20 71
#define R_LARCH_PCALA_LO12 72
#endif
#ifndef R_LARCH_SUB32
#define R_LARCH_SUB32 55
#endif
#ifndef R_LARCH_32_PCREL
#define R_LARCH_32_PCREL 99
#endif
#ifndef R_LARCH_64_PCREL
#define R_LARCH_64_PCREL 109
#endif

static const struct reloc_type loongarch_types[] = {
  { R_LARCH_32, RELOC_ABS, 4, 0 },
  { R_LARCH_64, RELOC_ABS, 8, 0 },
  { R_LARCH_32_PCREL, RELOC_PCREL, 4, 0 },
  { R_LARCH_64_PCREL, RELOC_PCREL, 8, 0 },
  { R_LARCH_B26, RELOC_PCREL, 0, 0 },
  { R_LARCH_PCALA_HI20, RELOC_PCREL, 0, 0 },
  { R_LARCH_PCALA_LO12, RELOC_ABS, 0, 0 },
  /* label differences: ADD32 names the target, SUB32 the place itself */
  { R_LARCH_SUB32, RELOC_IGNORE, 0, 0 },
};

const struct arch_ops arch_loongarch64 = {
  .machine = EM_LOONGARCH, .elfclass = 64, .name = "loongarch64",
  .page_size = 16384, .kernel_arch = "loongarch",
  .page_size_config = "CONFIG_PAGE_SIZE_%uKB=%c",
  .reloc_types = loongarch_types, .nreloc_types = ARRAY_SIZE (loongarch_types),
};
