/* s390x relocation types (RELA).  */
#include <elf.h>

#include "arch/arch.h"
#include "util/util.h"

static const struct reloc_type s390x_types[] = {
  { R_390_64, RELOC_ABS, 8, 0 },
  { R_390_32, RELOC_ABS, 4, 0 },
  { R_390_PC32, RELOC_PCREL, 4, 0 },
  { R_390_PC64, RELOC_PCREL, 8, 0 },
  { R_390_PC16DBL, RELOC_PCREL, 0, -2 },
  { R_390_PC32DBL, RELOC_PCREL, 0, -2 },
  { R_390_PLT32DBL, RELOC_PCREL, 0, -2 },
  /* lgrl/larl of the symbol's GOT entry, as -fPIC modules load addresses
     (arch/s390/Makefile): the field starts 2 bytes into the instruction */
  { R_390_GOTENT, RELOC_PCREL, 0, -2 },
};

/* s390x instruction formats (z/Architecture Principles of Operation,
   chapter 5): the length is in the two top bits of the first byte.  */
static unsigned
s390_insn_length (unsigned char op)
{
  return op < 0x40 ? 2 : op < 0xc0 ? 4 : 6;
}

/* BCR, BASR, BC, BAS, BRC/BRAS/BRCT(G), BRCL/BRASL, compare and branch.  */
static bool
s390_is_branch (const unsigned char *p)
{
  unsigned char op = p[0], sub = p[1] & 0xf;
  return op == 0x07 || op == 0x0d || op == 0x47 || op == 0x4d
         || (op == 0xa7 && sub >= 4 && sub <= 7) || (op == 0xc0 && (sub == 4 || sub == 5))
         || op == 0xec;
}

/* The displacement of a storage operand of P based on register REG:
   RX (no index), RS and SI, RXY/RSY/SIY (20-bit signed), SIL, SS.  */
static bool
s390_operand_on (const unsigned char *p, unsigned reg, int64_t *disp)
{
  unsigned char op = p[0];
  unsigned b1 = p[2] >> 4;
  uint32_t d1 = ((uint32_t) (p[2] & 0xf) << 8) | p[3];
  if ((op >= 0x40 && op < 0x80 && (p[1] & 0xf) == 0) || (op >= 0x90 && op <= 0x9f)
      || op == 0xe5)
    {
      *disp = d1;
      return b1 == reg;
    }
  if ((op == 0xe3 && (p[1] & 0xf) == 0) || op == 0xeb)
    {
      *disp = sign_extend (((uint32_t) p[4] << 12) | d1, 20);
      return b1 == reg;
    }
  if (op >= 0xd0 && op <= 0xdf)
    {
      *disp = b1 == reg ? d1 : ((uint32_t) (p[4] & 0xf) << 8) | p[5];
      return b1 == reg || p[4] >> 4 == reg;
    }
  return false;
}

/* Whether P may put a new value in REG: its first operand register is
   REG (RR, RRE, RX, RXY, RS, RI, RIL; a store of REG is taken as one too,
   which only ends the search early).  SI, SIL and SS have none.  */
static bool
s390_may_write (const unsigned char *p, unsigned reg)
{
  unsigned char op = p[0];
  if ((op >= 0x91 && op <= 0x97) || op == 0xe5 || (op >= 0xd0 && op <= 0xdf))
    return false;
  if (op == 0xb2 || op == 0xb3 || op == 0xb9)
    return p[3] >> 4 == reg;
  return p[1] >> 4 == reg;
}

/* larl %rN, anchor ; l %rT, disp(%rN): the first storage operand based on
   rN before a branch or a new value in rN.  The PC32DBL field follows the
   two-byte opcode and register of LARL (RIL-b, 0xc0 R1 0).  */
static int64_t
s390x_base_displacement (bool big_endian, uint32_t type, const unsigned char *code,
                         uint64_t size, uint64_t off)
{
  (void) big_endian;
  if (type != R_390_PC32DBL || off < 2 || size - off < 4 || code[off - 2] != 0xc0
      || (code[off - 1] & 0xf) != 0)
    return 0;
  unsigned reg = code[off - 1] >> 4;
  for (uint64_t at = off + 4; at < size && size - at >= s390_insn_length (code[at]);
       at += s390_insn_length (code[at]))
    {
      const unsigned char *p = code + at;
      int64_t disp;
      if (s390_is_branch (p))
        return 0;
      if (s390_insn_length (p[0]) > 2 && s390_operand_on (p, reg, &disp))
        return disp;
      if (s390_may_write (p, reg))
        return 0;
    }
  return 0;
}

/* The dynamic relocations of a kernel linked -pie (CONFIG_RELOCATABLE
   before 6.6, arch/s390/Makefile), applied at boot by the decompressor
   (arch/s390/boot/startup.c handle_relocs()).  */
static const uint32_t s390x_dynamic_types[] = {
  R_390_RELATIVE, R_390_64, R_390_GLOB_DAT, R_390_JMP_SLOT,
};

const struct arch_ops arch_s390x = {
  .machine = EM_S390, .elfclass = 64, .name = "s390x",
  .page_size = 4096, .kernel_arch = "s390",
  .reloc_types = s390x_types, .nreloc_types = ARRAY_SIZE (s390x_types),
  .base_displacement = s390x_base_displacement,
  .raw_relative_type = R_390_RELATIVE, .raw_dynamic_types = s390x_dynamic_types,
  .nraw_dynamic_types = ARRAY_SIZE (s390x_dynamic_types),
  /* arch/s390/kernel/vmlinux.lds.S: "__init_begin = .;" then
     INIT_TEXT_SECTION(PAGE_SIZE) (_sinittext); the init memory ends the
     loaded sections (.rela.dyn last before 6.6, .data..percpu since) and
     "ALIGN(PAGE_SIZE); __init_end = .;" precedes .bss */
  .raw_init_begin = "_sinittext", .raw_init_end_align = 4096,
  .raw_init_end_after_bytes = true,
};
