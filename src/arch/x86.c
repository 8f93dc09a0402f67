/* x86_64 (RELA) and i386 (REL) relocation types.  */
#include <elf.h>

#include "load/image.h"
#include "index/reloc.h"
#include "util/util.h"

static const struct reloc_type x86_64_types[] = {
  { R_X86_64_64, RELOC_ABS, 8, 0 },
  { R_X86_64_32, RELOC_ABS, 4, 0 },
  { R_X86_64_32S, RELOC_ABS, 4, 0 },
  { R_X86_64_PC32, RELOC_PCREL, 4, 4 },
  { R_X86_64_PLT32, RELOC_PCREL, 4, 4 },
  { R_X86_64_PC64, RELOC_PCREL, 8, 0 },
};

/* The immediate that follows a RIP-relative disp32 (ModRM mod=00 rm=101)
   in the instruction: the CPU adds the displacement to the end of the
   instruction, so "movl $1, var(%rip)" has addend var - 8, not var - 4.
   Decodes the opcodes compilers emit with such operands (Intel SDM vol. 2,
   one-byte opcode map); anything else has no immediate.  */
static unsigned
x86_64_field_tail (const unsigned char *sec, uint64_t off)
{
  if (off < 2 || (sec[off - 1] & 0xc7) != 0x05)
    return 0; /* not a RIP-relative ModRM: a call/jmp rel32 or data */
  unsigned reg = (sec[off - 1] >> 3) & 7;
  unsigned char op = sec[off - 2];
  bool two_byte = off >= 3 && sec[off - 3] == 0x0f;
  if (two_byte)
    return op == 0xba ? 1 : 0; /* bt/bts/btr/btc imm8 */
  /* an operand-size prefix (0x66) before the REX prefix, if any */
  bool opsize16 = false;
  if (off >= 3)
    {
      size_t pfx = off - 3;
      while (pfx > 0 && sec[pfx] >= 0x40 && sec[pfx] <= 0x4f)
        pfx--; /* REX */
      opsize16 = sec[pfx] == 0x66;
    }
  switch (op)
    {
    case 0x80: case 0x82: case 0x83: case 0xc0: case 0xc1: case 0xc6: case 0x6b:
      return 1;
    case 0x81: case 0xc7: case 0x69:
      return opsize16 ? 2 : 4;
    case 0xf6:
      return reg <= 1 ? 1 : 0; /* test imm8; not/neg/mul/div have none */
    case 0xf7:
      return reg <= 1 ? (opsize16 ? 2 : 4) : 0;
    }
  return 0;
}

const struct reloc_ops reloc_x86_64 = {
  x86_64_types, ARRAY_SIZE (x86_64_types), NULL, NULL, x86_64_field_tail, NULL,
};

/* i386 uses SHT_REL: every type here patches a 32-bit field whose
   contents are the addend.  */
static const struct reloc_type i386_types[] = {
  { R_386_32, RELOC_ABS, 4, 0 },
  { R_386_PC32, RELOC_PCREL, 4, 4 },
  { R_386_PLT32, RELOC_PCREL, 4, 4 },
};

const struct reloc_ops reloc_i386 = {
  i386_types, ARRAY_SIZE (i386_types), NULL, NULL, NULL, NULL,
};
