/* RISC-V relocation types (RELA).  */
#include <elf.h>

#include "arch/arch.h"
#include "util/util.h"

static const struct reloc_type riscv_types[] = {
  { R_RISCV_32, RELOC_ABS, 4, 0 },
  { R_RISCV_64, RELOC_ABS, 8, 0 },
  { R_RISCV_32_PCREL, RELOC_PCREL, 4, 0 },
  { R_RISCV_BRANCH, RELOC_PCREL, 0, 0 },
  { R_RISCV_JAL, RELOC_PCREL, 0, 0 },
  { R_RISCV_CALL, RELOC_PCREL, 0, 0 },
  { R_RISCV_CALL_PLT, RELOC_PCREL, 0, 0 },
  { R_RISCV_PCREL_HI20, RELOC_PCREL, 0, 0 },
  { R_RISCV_HI20, RELOC_ABS, 0, 0 },
  { R_RISCV_LO12_I, RELOC_ABS, 0, 0 },
  { R_RISCV_LO12_S, RELOC_ABS, 0, 0 },
  /* label differences: ADD32 names the target, SUB32 the place itself */
  { R_RISCV_SUB32, RELOC_IGNORE, 0, 0 },
};

/* arch/riscv/kernel/vmlinux.lds.S: "_start = .; HEAD_TEXT_SECTION", then
   at the next page _text (= _stext): the Image starts at _start.  */
#define RISCV_RAW_FIRST_SYMBOL "_start"

const struct arch_ops arch_riscv64 = {
  .machine = EM_RISCV, .elfclass = 64, .name = "riscv64",
  .page_size = 4096, .kernel_arch = "riscv",
  .reloc_types = riscv_types, .nreloc_types = ARRAY_SIZE (riscv_types),
  .raw_first_symbol = RISCV_RAW_FIRST_SYMBOL,
};

const struct arch_ops arch_riscv32 = {
  .machine = EM_RISCV, .elfclass = 32, .name = "riscv32",
  .page_size = 4096, .kernel_arch = "riscv",
  .reloc_types = riscv_types, .nreloc_types = ARRAY_SIZE (riscv_types),
  .raw_first_symbol = RISCV_RAW_FIRST_SYMBOL,
};
