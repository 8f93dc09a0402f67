/* RISC-V relocation types (RELA).  */
#include <elf.h>

#include "load/image.h"
#include "index/reloc.h"
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

const struct reloc_ops reloc_riscv = {
  riscv_types, ARRAY_SIZE (riscv_types), NULL, NULL, NULL, NULL,
};
