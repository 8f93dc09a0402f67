/* The per-architecture table.  */
#include "arch/arch.h"

#include <elf.h>
#include <stddef.h>

#include "index/reloc.h"

#ifndef EM_LOONGARCH
#define EM_LOONGARCH 258
#endif

/* mm/page_alloc.c free_initmem_default() prints "Freeing unused kernel
   image (initmem) memory"; arm64 (arch/arm64/mm/init.c free_initmem()) and
   mips (arch/mips/mm/init.c) pass their own wording.  Page sizes: the
   distributions' defaults (Debian ppc64el and Fedora ppc64le use 64K);
   --page-size overrides, and aarch64 reads it from the Image header.  */
#define INITMEM "unused kernel image (initmem)"

static const struct arch arches[] = {
  { EM_X86_64, 64, "x86_64", 4096, INITMEM, true, &reloc_x86_64 },
  { EM_386, 32, "i386", 4096, INITMEM, false, &reloc_i386 },
  { EM_AARCH64, 64, "aarch64", 4096, "unused kernel", false, &reloc_aarch64 },
  { EM_ARM, 32, "arm", 4096, INITMEM, false, &reloc_arm },
  { EM_PPC64, 64, "ppc64", 65536, INITMEM, false, &reloc_ppc64 },
  { EM_PPC, 32, "ppc", 4096, INITMEM, false, &reloc_ppc },
  { EM_S390, 64, "s390x", 4096, INITMEM, false, &reloc_s390x },
  { EM_MIPS, 64, "mips64", 4096, INITMEM, false, &reloc_mips },
  { EM_MIPS, 32, "mips", 4096, INITMEM, false, &reloc_mips },
  { EM_RISCV, 64, "riscv64", 4096, INITMEM, false, &reloc_riscv },
  { EM_RISCV, 32, "riscv32", 4096, INITMEM, false, &reloc_riscv },
  { EM_LOONGARCH, 64, "loongarch64", 16384, INITMEM, false, &reloc_loongarch },
};

const struct arch *
arch_lookup (unsigned machine, unsigned elfclass)
{
  for (size_t i = 0; i < sizeof arches / sizeof arches[0]; i++)
    if (arches[i].machine == machine
        && (arches[i].elfclass == 0 || arches[i].elfclass == elfclass))
      return &arches[i];
  return NULL;
}
