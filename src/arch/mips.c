/* MIPS relocation types: REL in 32-bit objects, RELA in 64-bit ones,
   whose r_info has its own layout (sym, ssym, type3, type2, type1).  */
#include <elf.h>

#include "arch/arch.h"
#include "util/util.h"

#ifndef R_MIPS_PC32
#define R_MIPS_PC32 248 /* binutils include/elf/mips.h */
#endif

static const struct reloc_type mips_types[] = {
  { R_MIPS_32, RELOC_ABS, 4, 0 },
  { R_MIPS_64, RELOC_ABS, 8, 0 },
  { R_MIPS_26, RELOC_ABS, 0, 0 },
  { R_MIPS_HI16, RELOC_ABS, 0, 0 },
  { R_MIPS_LO16, RELOC_ABS, 0, 0 },
  { R_MIPS_PC32, RELOC_PCREL, 4, 0 },
};

/* The 64-bit r_info is a 32-bit symbol index followed by four one-byte
   fields, stored in the file's byte order field by field (MIPS64 ELF ABI;
   binutils include/elf/mips.h).  Read as one 64-bit word, the symbol is in
   the high half on big-endian and the low half on little-endian.  */
static void
mips64_split_info (bool big_endian, uint64_t info, uint32_t *sym, uint32_t *type)
{
  if (big_endian)
    {
      *sym = (uint32_t) (info >> 32);
      *type = (uint32_t) (info & 0xff);
    }
  else
    {
      *sym = (uint32_t) (info & 0xffffffff);
      *type = (uint32_t) (info >> 56);
    }
}

/* REL addends of instruction fields (scripts/mod/modpost.c addend_mips_rel()).  */
static bool
mips_rel_addend (bool big_endian, uint32_t type, const unsigned char *p,
                 size_t avail, int64_t *addend)
{
  if (avail < 4)
    return false;
  uint32_t insn = (uint32_t) read_uint (p, 4, big_endian);
  switch (type)
    {
    case R_MIPS_LO16:
      /* alone, without its R_MIPS_HI16 partner, as modpost reads it */
      *addend = insn & 0xffff;
      return true;
    case R_MIPS_26:
      *addend = (int64_t) ((insn & 0x03ffffff) << 2);
      return true;
    /* R_MIPS_HI16: only meaningful with its LO16, which is checked */
    }
  return false;
}

/* arch/mips/kernel/vmlinux.lds.S: "__init_begin = .;" then
   INIT_TEXT_SECTION(PAGE_SIZE) at one page boundary (_sinittext, which
   kallsyms keeps); the init memory ends with the relocation table
   (.data.reloc) and "ALIGN(0x10000); __init_end = .;" precedes .bss.  */
#define MIPS_RAW_INIT_RANGE \
  .raw_init_begin = "_sinittext", .raw_init_end_align = 0x10000, \
  .raw_init_end_after_bytes = true

const struct arch_ops arch_mips64 = {
  .machine = EM_MIPS, .elfclass = 64, .name = "mips64",
  .page_size = 4096, .kernel_arch = "mips",
  .page_size_config = "CONFIG_PAGE_SIZE_%uKB=%c",
  .reloc_types = mips_types, .nreloc_types = ARRAY_SIZE (mips_types),
  .split_info = mips64_split_info, .rel_addend = mips_rel_addend,
  MIPS_RAW_INIT_RANGE,
};

/* The 32-bit r_info is the generic one (gelf_getrel widens it to the
   ELF64 layout).  */
const struct arch_ops arch_mips = {
  .machine = EM_MIPS, .elfclass = 32, .name = "mips",
  .page_size = 4096, .kernel_arch = "mips",
  .page_size_config = "CONFIG_PAGE_SIZE_%uKB=%c",
  .reloc_types = mips_types, .nreloc_types = ARRAY_SIZE (mips_types),
  .rel_addend = mips_rel_addend,
  MIPS_RAW_INIT_RANGE,
};
