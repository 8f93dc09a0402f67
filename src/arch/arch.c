/* The architectures initscan knows, by ELF machine and class.  */
#include "arch/arch.h"

#include <elf.h>
#include <string.h>

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

/* UTS_MACHINE of each architecture's Makefile (arch/<arch>/Makefile; ARM
   sets none, so it is $(ARCH)), which init_uts_ns holds as its machine:
   uname -m before setup_arch() may refine it.  */
static const struct
{
  const char *uts;
  const struct arch_ops *arch;
} uts_machines[] = {
  { "x86_64", &arch_x86_64 },   { "i386", &arch_i386 },       { "aarch64", &arch_aarch64 },
  { "aarch64_be", &arch_aarch64 }, { "arm", &arch_arm },      { "ppc64le", &arch_ppc64 },
  { "ppc64", &arch_ppc64 },     { "ppc", &arch_ppc },         { "s390x", &arch_s390x },
  { "mips64", &arch_mips64 },   { "mips", &arch_mips },       { "riscv64", &arch_riscv64 },
  { "riscv32", &arch_riscv32 }, { "loongarch64", &arch_loongarch64 },
};

const struct arch_ops *
arch_by_uts_machine (const char *machine)
{
  for (size_t i = 0; i < ARRAY_SIZE (uts_machines); i++)
    if (strcmp (uts_machines[i].uts, machine) == 0)
      return uts_machines[i].arch;
  return NULL;
}

const char *
arch_raw_first_symbol (const struct arch_ops *arch)
{
  return arch != NULL && arch->raw_first_symbol != NULL ? arch->raw_first_symbol : "_text";
}
