/* OpenRISC 1000 (EM_OPENRISC): 32-bit, big-endian, RELA; PAGE_SIZE is 8K
   (arch/openrisc/include/asm/page.h: PAGE_SHIFT 13).  */
#include <elf.h>

#include "arch/arch.h"
#include "util/util.h"

/* binutils include/elf/or1k.h */
static const struct reloc_type openrisc_types[] = {
  { R_OR1K_32, RELOC_ABS, 4, 0 },
  { R_OR1K_LO_16_IN_INSN, RELOC_ABS, 0, 0 },
  { R_OR1K_HI_16_IN_INSN, RELOC_ABS, 0, 0 },
  /* l.j/l.jal: the target is the instruction's address plus the field */
  { R_OR1K_INSN_REL_26, RELOC_PCREL, 0, 0 },
};

const struct arch_ops arch_openrisc = {
  .machine = EM_OPENRISC, .elfclass = 32, .name = "openrisc",
  .page_size = 8192, .initmem_message = ARCH_INITMEM_MESSAGE,
  .reloc_types = openrisc_types, .nreloc_types = ARRAY_SIZE (openrisc_types),
};
