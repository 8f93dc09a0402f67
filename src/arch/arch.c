/* The architectures initscan knows, by ELF machine and class.  */
#include "arch/arch.h"

#include <elf.h>

#include "util/util.h"

static const struct arch_ops *const arches[] = {
  &arch_x86_64, &arch_i386, &arch_aarch64, &arch_arm, &arch_ppc64, &arch_ppc,
  &arch_s390x, &arch_mips64, &arch_mips, &arch_riscv64, &arch_riscv32, &arch_loongarch64,
  &arch_openrisc,
};

const struct arch_ops *
arch_lookup (unsigned machine, unsigned elfclass)
{
  for (size_t i = 0; i < ARRAY_SIZE (arches); i++)
    if (arches[i]->machine == machine
        && (arches[i]->elfclass == 0 || arches[i]->elfclass == elfclass))
      return arches[i];
  return NULL;
}
