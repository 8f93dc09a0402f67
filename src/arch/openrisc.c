/* OpenRISC 1000: initscan reads its linked images (init range, initcall
   table, freed-memory line); no relocation decoding yet.  */
#include <elf.h>

#include "arch/arch.h"

/* arch/openrisc/include/asm/page.h: PAGE_SHIFT 13, 8K pages.  */
const struct arch_ops arch_openrisc = {
  .machine = EM_OPENRISC, .elfclass = 32, .name = "openrisc",
  .page_size = 8192, .kernel_arch = "openrisc",
};
