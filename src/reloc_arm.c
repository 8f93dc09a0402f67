/* AArch64 (RELA) and 32-bit ARM (REL) relocation types.  ARM keeps the
   addend in the instruction it patches; the decoding follows the ARM ELF
   ABI (and scripts/mod/modpost.c addend_arm_rel()).  */
#include <elf.h>

#include "image.h"
#include "reloc.h"
#include "util.h"

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

const struct reloc_ops reloc_aarch64 = {
  aarch64_types, ARRAY_SIZE (aarch64_types), NULL, NULL, NULL,
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
arm_word (const struct image *img, const unsigned char *p)
{
  return (uint32_t) read_uint (p, 4, img->big_endian);
}

static uint16_t
arm_half (const struct image *img, const unsigned char *p)
{
  return (uint16_t) read_uint (p, 2, img->big_endian);
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
arm_rel_addend (const struct image *img, uint32_t type, const unsigned char *p,
                size_t avail, int64_t *addend)
{
  if (avail < 4)
    return false;
  uint32_t insn = arm_word (img, p);
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
      *addend = thumb_branch_offset (arm_half (img, p), arm_half (img, p + 2));
      return true;
    case R_ARM_THM_MOVW_ABS_NC:
    case R_ARM_THM_MOVT_ABS:
      {
        uint16_t upper = arm_half (img, p), lower = arm_half (img, p + 2);
        uint32_t imm = ((upper & 0x000fu) << 12) | ((upper & 0x0400u) << 1)
                       | ((lower & 0x7000u) >> 4) | (lower & 0x00ffu);
        *addend = sign_extend (imm, 16);
        return true;
      }
    }
  return false;
}

const struct reloc_ops reloc_arm = {
  arm_types, ARRAY_SIZE (arm_types), NULL, arm_rel_addend, NULL,
};
