/* x86_64 (RELA) and i386 (REL): relocation types, RIP-relative operands
   and LTO stubs.  */
#include <elf.h>
#include <string.h>

#include "arch/arch.h"
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

/* An LTO initcall stub's branch: after an optional endbr64 and nops, a
   jmp or call rel32 or a jmp rel8 (Intel SDM vol. 2).  */
static uint64_t
x86_64_stub_callee (const unsigned char *p, size_t len, uint64_t addr)
{
  static const unsigned char endbr64[] = { 0xf3, 0x0f, 0x1e, 0xfa };
  size_t i = 0;
  if (len >= 4 && memcmp (p, endbr64, 4) == 0)
    i = 4;
  while (i < len && p[i] == 0x90)
    i++;
  if (i + 5 <= len && (p[i] == 0xe9 || p[i] == 0xe8)) /* jmp/call rel32 */
    return addr + i + 5 + (uint64_t) sign_extend (read_uint (p + i + 1, 4, false), 32);
  if (i + 2 <= len && p[i] == 0xeb) /* jmp rel8 */
    return addr + i + 2 + (uint64_t) sign_extend (p[i + 1], 8);
  return 0;
}

/* arch/x86/kernel/vmlinux.lds.S (3.x-6.12): ". = ALIGN(PAGE_SIZE);
   .init.begin : { __init_begin = .; }" after the data (.vvar), then
   x86_64 SMP's zero-based .data..percpu loaded there, and
   INIT_TEXT_SECTION(PAGE_SIZE); at the end ". = ALIGN(PAGE_SIZE);
   .init.end : { __init_end = .; }" right before the page-aligned
   .smp_locks.  The empty .init.begin/.init.end sections are dropped.  */
#define X86_INIT_SECTIONS .init_first_section = ".init.text", .init_end_section = ".smp_locks"

const struct arch_ops arch_x86_64 = {
  .machine = EM_X86_64, .elfclass = 64, .name = "x86_64",
  .page_size = 4096, .kernel_arch = "x86", .frees_rodata_gaps = true,
  .reloc_types = x86_64_types, .nreloc_types = ARRAY_SIZE (x86_64_types),
  .field_tail = x86_64_field_tail, .stub_callee = x86_64_stub_callee,
  X86_INIT_SECTIONS,
};

/* i386 uses SHT_REL: every type here patches a 32-bit field whose
   contents are the addend.  */
static const struct reloc_type i386_types[] = {
  { R_386_32, RELOC_ABS, 4, 0 },
  { R_386_PC32, RELOC_PCREL, 4, 4 },
  { R_386_PLT32, RELOC_PCREL, 4, 4 },
};

const struct arch_ops arch_i386 = {
  .machine = EM_386, .elfclass = 32, .name = "i386",
  .page_size = 4096, .kernel_arch = "x86",
  .reloc_types = i386_types, .nreloc_types = ARRAY_SIZE (i386_types),
  X86_INIT_SECTIONS,
};
