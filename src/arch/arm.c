/* AArch64 (RELA) and 32-bit ARM (REL) relocation types.  ARM keeps the
   addend in the instruction it patches; the decoding follows the ARM ELF
   ABI (and scripts/mod/modpost.c addend_arm_rel()).  */
#include <elf.h>

#include "arch/arch.h"
#include "util/util.h"

static const struct reloc_type aarch64_types[] = {
  { R_AARCH64_ABS64, RELOC_ABS, 8, 0 },
  { R_AARCH64_ABS32, RELOC_ABS, 4, 0 },
  { R_AARCH64_PREL64, RELOC_PCREL, 8, 0 },
  { R_AARCH64_PREL32, RELOC_PCREL, 4, 0 },
  { R_AARCH64_CALL26, RELOC_PCREL, 0, 0 },
  { R_AARCH64_JUMP26, RELOC_PCREL, 0, 0 },
  { R_AARCH64_ADR_PREL_PG_HI21, RELOC_PCREL, 0, 0 },
  { R_AARCH64_ADR_PREL_LO21, RELOC_PCREL, 0, 0 },
  { R_AARCH64_ADD_ABS_LO12_NC, RELOC_ABS, 0, 0 },
  { R_AARCH64_LDST8_ABS_LO12_NC, RELOC_ABS, 0, 0 },
  { R_AARCH64_LDST16_ABS_LO12_NC, RELOC_ABS, 0, 0 },
  { R_AARCH64_LDST32_ABS_LO12_NC, RELOC_ABS, 0, 0 },
  { R_AARCH64_LDST64_ABS_LO12_NC, RELOC_ABS, 0, 0 },
  { R_AARCH64_LDST128_ABS_LO12_NC, RELOC_ABS, 0, 0 },
};

/* AArch64 instruction fields and classes (Arm ARM, A64 encoding index).
   A64 instructions are little-endian whatever the data byte order.  */
static uint32_t
a64_insn (const unsigned char *p)
{
  return (uint32_t) read_uint (p, 4, false);
}

static unsigned a64_rd (uint32_t insn) { return insn & 0x1f; }
static unsigned a64_rn (uint32_t insn) { return (insn >> 5) & 0x1f; }

static bool
a64_is_add_imm64 (uint32_t insn)
{
  return (insn & 0xff800000) == 0x91000000;
}

/* B, BL, B.cond, CBZ/CBNZ, TBZ/TBNZ, BR/BLR/RET: the straight line ends.  */
static bool
a64_is_branch (uint32_t insn)
{
  return (insn & 0x7c000000) == 0x14000000 || (insn & 0xff000010) == 0x54000000
         || (insn & 0x7e000000) == 0x34000000 || (insn & 0x7e000000) == 0x36000000
         || (insn & 0xfe000000) == 0xd6000000;
}

/* The immediate offset of a load or store addressed by register + offset
   (unsigned scaled imm12, unscaled imm9, register pair imm7); false if
   INSN is none of those.  */
static bool
a64_ldst_offset (uint32_t insn, int64_t *off)
{
  unsigned size = insn >> 30;
  bool simd = (insn >> 26) & 1;
  if ((insn & 0x3b000000) == 0x39000000)
    {
      unsigned scale = simd && ((insn >> 23) & 1) ? 4 : size;
      *off = (int64_t) (((insn >> 10) & 0xfff) << scale);
      return true;
    }
  if ((insn & 0x3b200c00) == 0x38000000)
    {
      *off = sign_extend ((insn >> 12) & 0x1ff, 9);
      return true;
    }
  if ((insn & 0x3b800000) == 0x29000000)
    {
      unsigned scale = simd ? 2 + size : 2 + (size >> 1);
      *off = sign_extend ((insn >> 15) & 0x7f, 7) * ((int64_t) 1 << scale);
      return true;
    }
  return false;
}

/* adrp xN, anchor [; add xM, xN, :lo12:anchor] ; ldr/str [xM, #imm]: the
   lo12 of a load or store straight on xN is its own relocation; after an
   add, the immediate of the access through xM is the variable's offset
   from the anchor.  */
static int64_t
aarch64_base_displacement (bool big_endian, uint32_t type, const unsigned char *code,
                           uint64_t size, uint64_t off)
{
  (void) big_endian;
  if ((type != R_AARCH64_ADR_PREL_PG_HI21 && type != R_AARCH64_ADD_ABS_LO12_NC)
      || size - off < 4)
    return 0;
  uint32_t insn = a64_insn (code + off);
  unsigned reg = a64_rd (insn);
  bool after_add = type == R_AARCH64_ADD_ABS_LO12_NC;
  for (uint64_t at = off + 4; at + 4 <= size; at += 4)
    {
      insn = a64_insn (code + at);
      int64_t disp;
      if (a64_rn (insn) == reg && a64_is_add_imm64 (insn) && !after_add)
        {
          reg = a64_rd (insn);
          after_add = true;
          continue;
        }
      if (a64_rn (insn) == reg && a64_ldst_offset (insn, &disp))
        return after_add ? disp : 0;
      if (a64_is_branch (insn) || a64_rd (insn) == reg)
        return 0;
    }
  return 0;
}

/* An LTO initcall stub's branch: B or BL imm26 among its first four
   instructions (Arm ARM C6.2).  */
static uint64_t
aarch64_stub_callee (const unsigned char *p, size_t len, uint64_t addr)
{
  for (size_t i = 0; i + 4 <= len && i < 16; i += 4)
    {
      uint32_t insn = (uint32_t) read_uint (p + i, 4, false);
      if ((insn & 0x7c000000) == 0x14000000) /* B or BL imm26 */
        return addr + i + (uint64_t) sign_extend ((uint64_t) (insn & 0x03ffffff) << 2, 28);
    }
  return 0;
}

/* arm64 vmlinux starts with the Image header (arch/arm64/kernel/head.S,
   Documentation/arm64/booting.rst): flags at offset 24, bits 1-2 give the
   page size, 1 = 4K, 2 = 16K, 3 = 64K.  */
static uint64_t
aarch64_header_page_size (const unsigned char *hdr, size_t len)
{
  if (len < 32)
    return 0;
  switch ((read_uint (hdr + 24, 8, false) >> 1) & 3)
    {
    case 1:
      return 4096;
    case 2:
      return 16384;
    case 3:
      return 65536;
    }
  return 0;
}

/* struct alt_instr of arch/arm64/include/asm/alternative.h (6.1 and
   6.12): s32 orig_offset, s32 alt_offset, u16 cpufeature (6.12: cpucap),
   u8 orig_len, u8 alt_len.  */
static const struct patch_table aarch64_patch_tables[] = {
  { ".altinstructions", 12, 0 },
};

/* The raw Image header (arch/arm64/kernel/head.S, image.h): code0 at
   offset 0 is the "MZ" no-op, code1 at offset 4 is "b primary_entry"
   ("b stext" before 5.8), and the Image's first byte is _text
   (Documentation/arm64/booting.rst).  B is 0b000101 then a signed word
   offset of 26 bits.  */
static uint64_t
aarch64_raw_entry_offset (const unsigned char *hdr, size_t len)
{
  if (len < 8)
    return 0;
  uint32_t insn = a64_insn (hdr + 4);
  if ((insn & 0xfc000000) != 0x14000000)
    return 0;
  int64_t words = sign_extend (insn & 0x3ffffff, 26);
  return words > 0 ? 4 + (uint64_t) words * 4 : 0;
}

static const char *const aarch64_raw_entry_names[] = { "primary_entry", "stext", NULL };

/* The dynamic relocations of a relocatable arm64 kernel (linked -pie,
   arch/arm64/Makefile; applied by head.S __relocate_kernel): RELATIVE
   mostly, ABS64 and GLOB_DAT for the few symbol references.  */
static const uint32_t aarch64_dynamic_types[] = {
  R_AARCH64_RELATIVE, R_AARCH64_ABS64, R_AARCH64_GLOB_DAT, R_AARCH64_JUMP_SLOT,
};

/* arm64 prints its own freed-memory wording (arch/arm64/mm/init.c
   free_initmem(); its rows in src/analysis/freedline.c).  */
const struct arch_ops arch_aarch64 = {
  .machine = EM_AARCH64, .elfclass = 64, .name = "aarch64",
  .page_size = 4096, .kernel_arch = "arm64",
  .page_size_config = "CONFIG_ARM64_%uK_PAGES=%c",
  .reloc_types = aarch64_types, .nreloc_types = ARRAY_SIZE (aarch64_types),
  .base_displacement = aarch64_base_displacement,
  .stub_callee = aarch64_stub_callee, .header_page_size = aarch64_header_page_size,
  .patch_tables = aarch64_patch_tables, .npatch_tables = ARRAY_SIZE (aarch64_patch_tables),
  .raw_entry_offset = aarch64_raw_entry_offset, .raw_entry_names = aarch64_raw_entry_names,
  .raw_relative_type = R_AARCH64_RELATIVE, .raw_dynamic_types = aarch64_dynamic_types,
  .nraw_dynamic_types = ARRAY_SIZE (aarch64_dynamic_types),
  /* arch/arm64/kernel/vmlinux.lds.S: .rela.dyn, .relr.dyn, then
     . = ALIGN(SEGMENT_ALIGN) and __init_end; SEGMENT_ALIGN is SZ_64K
     (arch/arm64/include/asm/memory.h) */
  .raw_init_end_align = 0x10000,
  /* vmlinux.lds.S: __init_begin at ALIGN(SEGMENT_ALIGN), then
     INIT_TEXT_SECTION(8) starts with _sinittext */
  .raw_init_begin = "_sinittext",
};

static const struct reloc_type arm_types[] = {
  { R_ARM_ABS32, RELOC_ABS, 4, 0 },
  { R_ARM_REL32, RELOC_PCREL, 4, 0 },
  { R_ARM_PREL31, RELOC_PCREL, 0, 0 },
  { R_ARM_PC24, RELOC_PCREL, 0, 8 },
  { R_ARM_CALL, RELOC_PCREL, 0, 8 },
  { R_ARM_JUMP24, RELOC_PCREL, 0, 8 },
  { R_ARM_THM_PC22, RELOC_PCREL, 0, 4 },
  { R_ARM_THM_JUMP24, RELOC_PCREL, 0, 4 },
  { R_ARM_MOVW_ABS_NC, RELOC_ABS, 0, 0 },
  { R_ARM_MOVT_ABS, RELOC_ABS, 0, 0 },
  { R_ARM_THM_MOVW_ABS_NC, RELOC_ABS, 0, 0 },
  { R_ARM_THM_MOVT_ABS, RELOC_ABS, 0, 0 },
};

static uint32_t
arm_word (bool big_endian, const unsigned char *p)
{
  return (uint32_t) read_uint (p, 4, big_endian);
}

static uint16_t
arm_half (bool big_endian, const unsigned char *p)
{
  return (uint16_t) read_uint (p, 2, big_endian);
}

/* The Thumb-2 BL/B.W immediate: S:I1:I2:imm10:imm11:0, I = ~(J ^ S).  */
static int64_t
thumb_branch_offset (uint16_t upper, uint16_t lower)
{
  uint32_t s = (upper >> 10) & 1;
  uint32_t j1 = (lower >> 13) & 1, j2 = (lower >> 11) & 1;
  uint32_t i1 = !(j1 ^ s), i2 = !(j2 ^ s);
  uint32_t imm = (s << 24) | (i1 << 23) | (i2 << 22)
                 | ((uint32_t) (upper & 0x3ff) << 12) | ((uint32_t) (lower & 0x7ff) << 1);
  return sign_extend (imm, 25);
}

static bool
arm_rel_addend (bool big_endian, uint32_t type, const unsigned char *p,
                size_t avail, int64_t *addend)
{
  if (avail < 4)
    return false;
  uint32_t insn = arm_word (big_endian, p);
  switch (type)
    {
    case R_ARM_PREL31:
      *addend = sign_extend (insn & 0x7fffffff, 31);
      return true;
    case R_ARM_PC24:
    case R_ARM_CALL:
    case R_ARM_JUMP24:
      *addend = sign_extend ((insn & 0x00ffffff) << 2, 26);
      return true;
    case R_ARM_MOVW_ABS_NC:
    case R_ARM_MOVT_ABS:
      *addend = sign_extend (((insn & 0xf0000) >> 4) | (insn & 0xfff), 16);
      return true;
    case R_ARM_THM_PC22:
    case R_ARM_THM_JUMP24:
      *addend = thumb_branch_offset (arm_half (big_endian, p), arm_half (big_endian, p + 2));
      return true;
    case R_ARM_THM_MOVW_ABS_NC:
    case R_ARM_THM_MOVT_ABS:
      {
        uint16_t upper = arm_half (big_endian, p), lower = arm_half (big_endian, p + 2);
        uint32_t imm = ((upper & 0x000fu) << 12) | ((upper & 0x0400u) << 1)
                       | ((lower & 0x7000u) >> 4) | (lower & 0x00ffu);
        *addend = sign_extend (imm, 16);
        return true;
      }
    }
  return false;
}

/* Thumb-2 (Arm ARM, T32 encodings): a 32-bit instruction starts with
   0b11101, 0b11110 or 0b11111.  */
static bool
thumb_is_wide (uint16_t hw1)
{
  return (hw1 >> 11) >= 0x1d;
}

static bool
thumb_is_branch (uint16_t hw1, uint16_t hw2, bool wide)
{
  if (wide)
    return (hw1 & 0xf800) == 0xf000 && (hw2 & 0x8000);
  return (hw1 & 0xf800) == 0xe000 || ((hw1 & 0xf000) == 0xd000 && (hw1 & 0x0e00) != 0x0e00)
         || (hw1 & 0xff00) == 0x4700 || (hw1 & 0xf500) == 0xb100 || (hw1 & 0xff00) == 0xbd00;
}

/* A Thumb load or store through register REG with an immediate offset:
   LDR/STR(B/H) imm5, LDR/STR(B/H/SB/SH).W imm12 and imm8, LDRD/STRD.  */
static bool
thumb_ldst_offset (uint16_t hw1, uint16_t hw2, bool wide, unsigned reg, int64_t *off)
{
  if (!wide)
    {
      unsigned imm5 = (hw1 >> 6) & 0x1f, scale = 0;
      switch (hw1 & 0xf000)
        {
        case 0x6000: scale = 2; break;
        case 0x7000: scale = 0; break;
        case 0x8000: scale = 1; break;
        default: return false;
        }
      *off = (int64_t) (imm5 << scale);
      return ((hw1 >> 3) & 7) == reg;
    }
  if ((hw1 & 0xfe80) == 0xf880)
    *off = hw2 & 0xfff;
  else if ((hw1 & 0xfe80) == 0xf800 && (hw2 & 0x0f00) == 0x0c00)
    *off = -(int64_t) (hw2 & 0xff);
  else if ((hw1 & 0xfe40) == 0xe840 && (hw1 & 0x0120) != 0) /* P or W: not LDREX/TBB */
    *off = (hw1 & 0x0100) ? ((hw1 & 0x0080) ? 1 : -1) * (int64_t) ((hw2 & 0xff) << 2) : 0;
  else
    return false;
  return (hw1 & 0xf) == reg;
}

/* Whether a Thumb instruction puts a new value in REG: a load into it, a
   move or an immediate add or subtract to it, a pop of it.  */
static bool
thumb_writes (uint16_t hw1, uint16_t hw2, bool wide, unsigned reg)
{
  if (wide)
    {
      if ((hw1 & 0xfbf0) == 0xf240) /* MOVW */
        return ((hw2 >> 8) & 0xf) == reg;
      if ((hw1 & 0xfe10) == 0xf810) /* LDR, LDRB, LDRH, LDRSB, LDRSH */
        return (hw2 >> 12) == reg;
      if ((hw1 & 0xfe50) == 0xe850 && (hw1 & 0x0120) != 0) /* LDRD */
        return (hw2 >> 12) == reg || ((hw2 >> 8) & 0xf) == reg;
      return false;
    }
  if ((hw1 & 0xe000) == 0x6000 || (hw1 & 0xf000) == 0x8000) /* LDR(B/H) imm5 */
    return (hw1 & 0x0800) && (hw1 & 7) == reg;
  if ((hw1 & 0xf800) == 0x4800 || (hw1 & 0xf800) == 0x9800 || (hw1 & 0xf800) == 0x2000
      || (hw1 & 0xf000) == 0x3000) /* LDR literal, LDR [sp], MOVS, ADDS/SUBS imm8 */
    return ((hw1 >> 8) & 7) == reg;
  if ((hw1 & 0xff00) == 0x4600) /* MOV */
    return ((hw1 & 7) | ((hw1 >> 4) & 8)) == reg;
  if ((hw1 & 0xfe00) == 0xbc00) /* POP */
    return reg < 8 && ((hw1 >> reg) & 1);
  return false;
}

static int64_t
thumb_base_displacement (bool big_endian, const unsigned char *code, uint64_t size,
                         uint64_t off)
{
  unsigned reg = (arm_half (big_endian, code + off + 2) >> 8) & 0xf;
  for (uint64_t at = off + 4; at + 2 <= size;)
    {
      uint16_t hw1 = arm_half (big_endian, code + at);
      bool wide = thumb_is_wide (hw1);
      if (wide && at + 4 > size)
        return 0;
      uint16_t hw2 = wide ? arm_half (big_endian, code + at + 2) : 0;
      int64_t disp;
      if (thumb_ldst_offset (hw1, hw2, wide, reg, &disp))
        return disp;
      if (thumb_is_branch (hw1, hw2, wide) || thumb_writes (hw1, hw2, wide, reg))
        return 0;
      at += wide ? 4 : 2;
    }
  return 0;
}

/* An A32 load or store through register REG with an immediate offset:
   LDR/STR(B), LDR/STR(H/D/SB/SH), LDM/STM increment after or before.  */
static bool
a32_ldst_offset (uint32_t insn, unsigned reg, int64_t *off)
{
  bool pre = (insn >> 24) & 1, up = (insn >> 23) & 1;
  if (((insn >> 16) & 0xf) != reg)
    return false;
  if ((insn & 0x0e000000) == 0x04000000)
    *off = pre ? (up ? 1 : -1) * (int64_t) (insn & 0xfff) : 0;
  else if ((insn & 0x0e400090) == 0x00400090 && ((insn >> 5) & 3) != 0)
    *off = pre ? (up ? 1 : -1) * (int64_t) (((insn >> 4) & 0xf0) | (insn & 0xf)) : 0;
  else if ((insn & 0x0e000000) == 0x08000000 && up)
    *off = pre ? 4 : 0;
  else
    return false;
  return true;
}

static int64_t
a32_base_displacement (bool big_endian, const unsigned char *code, uint64_t size,
                       uint64_t off)
{
  unsigned reg = (arm_word (big_endian, code + off) >> 12) & 0xf;
  for (uint64_t at = off + 4; at + 4 <= size; at += 4)
    {
      uint32_t insn = arm_word (big_endian, code + at);
      int64_t disp;
      if (a32_ldst_offset (insn, reg, &disp))
        return disp;
      bool movt = (insn & 0x0ff00000) == 0x03400000;
      /* data processing (MOVW included) and LDR(H/D/SB/SH) into REG, LDR(B)
         into it, LDM with it in the list */
      bool writes_reg = ((insn & 0x0c000000) == 0 && ((insn >> 12) & 0xf) == reg)
                        || ((insn & 0x0c100000) == 0x04100000 && ((insn >> 12) & 0xf) == reg)
                        || ((insn & 0x0e100000) == 0x08100000 && ((insn >> reg) & 1));
      if ((insn & 0x0e000000) == 0x0a000000 || (insn & 0x0ffffff0) == 0x012fff10
          || (insn & 0x0ffffff0) == 0x012fff30 || (insn >> 28) == 0xf || (writes_reg && !movt))
        return 0;
    }
  return 0;
}

/* movw rD, #:lower16:anchor ; movt rD, #:upper16:anchor ; ldr rT, [rD, #imm]:
   the first load or store through rD before a branch or a new value in
   rD.  */
static int64_t
arm_base_displacement (bool big_endian, uint32_t type, const unsigned char *code,
                       uint64_t size, uint64_t off)
{
  if (size - off < 4)
    return 0;
  switch (type)
    {
    case R_ARM_MOVW_ABS_NC:
    case R_ARM_MOVT_ABS:
      return a32_base_displacement (big_endian, code, size, off);
    case R_ARM_THM_MOVW_ABS_NC:
    case R_ARM_THM_MOVT_ABS:
      return thumb_base_displacement (big_endian, code, size, off);
    }
  return 0;
}

/* arch/arm/kernel/head-common.S __mmap_switched: "adr r4,
   __mmap_switched_data" among its first instructions (ARM state: ADD r4,
   pc, #imm, pc reading 8 ahead); that table ends, after __bss_start and
   __bss_stop, with init_thread_union + THREAD_START_SP, THREAD_SIZE - 8
   (arch/arm/include/asm/thread_info.h; a Thumb-2 or XIP kernel differs:
   not decoded).  */
#define ARM_ADR_R4 0xe28f4000u
#define ARM_ADR_SEARCH 8  /* instructions */

static uint64_t
arm_mmap_switched_data (const unsigned char *code, size_t len, uint64_t addr, bool big_endian)
{
  for (size_t i = 0; i < ARM_ADR_SEARCH && (i + 1) * 4 <= len; i++)
    {
      uint32_t insn = arm_word (big_endian, code + i * 4);
      if ((insn & 0xfffff000u) != ARM_ADR_R4)
        continue;
      unsigned rot = 2 * ((insn >> 8) & 0xf);
      uint32_t imm = insn & 0xff;
      imm = rot ? (imm >> rot) | (imm << (32 - rot)) : imm;
      return addr + i * 4 + 8 + imm;
    }
  return 0;
}

/* THREAD_SIZE: PAGE_SIZE (4K on ARM) << THREAD_SIZE_ORDER, 1 or 2 (KASAN) */
static const uint64_t arm_thread_sizes[] = { 0x2000, 0x4000, 0 };

const struct arch_ops arch_arm = {
  .machine = EM_ARM, .elfclass = 32, .name = "arm",
  .page_size = 4096, .kernel_arch = "arm", .thumb_bit = true,
  .reloc_types = arm_types, .nreloc_types = ARRAY_SIZE (arm_types),
  .rel_addend = arm_rel_addend, .base_displacement = arm_base_displacement,
  /* arch/arm/kernel/vmlinux.lds.S: ALIGN(1 << SECTION_SHIFT) or
     ALIGN(THREAD_ALIGN), "__init_end = .; _sdata = .;", RW_DATA's
     INIT_TASK_DATA first; __init_begin a page boundary, the vectors and
     stubs (less than a page) then .init.text at _sinittext */
  .raw_init_stack_user = "__mmap_switched", .raw_init_stack_table = arm_mmap_switched_data,
  .raw_init_stack_word = 2, .raw_init_stack_gap = 8, .raw_init_stack_sizes = arm_thread_sizes,
  .raw_init_begin = "_sinittext",
};
