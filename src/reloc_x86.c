/* x86_64 (RELA) and i386 (REL) relocation types.  */
#include <elf.h>

#include "image.h"
#include "reloc.h"
#include "util.h"

static const struct reloc_type x86_64_types[] = {
  { R_X86_64_64, RELOC_ABS, 8, 0 },
  { R_X86_64_32, RELOC_ABS, 4, 0 },
  { R_X86_64_32S, RELOC_ABS, 4, 0 },
  { R_X86_64_PC32, RELOC_PCREL, 4, 4 },
  { R_X86_64_PLT32, RELOC_PCREL, 4, 4 },
  { R_X86_64_PC64, RELOC_PCREL, 8, 0 },
};

const struct reloc_ops reloc_x86_64 = {
  x86_64_types, ARRAY_SIZE (x86_64_types), NULL, NULL,
};

/* i386 uses SHT_REL: every type here patches a 32-bit field whose
   contents are the addend.  */
static const struct reloc_type i386_types[] = {
  { R_386_32, RELOC_ABS, 4, 0 },
  { R_386_PC32, RELOC_PCREL, 4, 4 },
  { R_386_PLT32, RELOC_PCREL, 4, 4 },
};

const struct reloc_ops reloc_i386 = {
  i386_types, ARRAY_SIZE (i386_types), NULL, NULL,
};
