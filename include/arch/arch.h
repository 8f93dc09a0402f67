/* What initscan knows per architecture: the name it reports, the page
   size the kernel frees init memory in, and the boot-log wording.  */
#ifndef INITSCAN_ARCH_H
#define INITSCAN_ARCH_H

#include <stdbool.h>
#include <stdint.h>

struct reloc_ops;

struct arch
{
  unsigned machine;        /* EM_* */
  unsigned elfclass;       /* 32, 64, or 0 for either */
  const char *name;        /* as reported: "x86_64", "aarch64", … */
  uint64_t page_size;      /* default PAGE_SIZE of the distributions' kernels */
  const char *initmem_message;  /* the "Freeing %s memory" wording */
  bool x86_64_gaps;        /* frees the text/rodata and rodata/data gaps */
  const struct reloc_ops *reloc;
};

/* The architecture of an ELF file, or NULL if initscan does not know it.  */
const struct arch *arch_lookup (unsigned machine, unsigned elfclass);

#endif
