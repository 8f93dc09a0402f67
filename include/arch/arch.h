/* What initscan knows per architecture: one table of operations for each
   (src/arch/<family>.c), looked up by the ELF header's machine and class.
   Nothing outside src/arch/ tests e_machine; the analyses call this table.
   The operations see bytes, never the image: the arch layer sits below
   the ELF index.  */
#ifndef INITSCAN_ARCH_H
#define INITSCAN_ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum reloc_kind
{
  RELOC_IGNORE,  /* not a reference to a symbol's address (or unknown) */
  RELOC_ABS,     /* the place receives S + A */
  RELOC_PCREL,   /* the place receives S + A - P */
};

struct reloc_type
{
  uint32_t type;
  enum reloc_kind kind;
  unsigned width;  /* bytes of a data place; 0 for an instruction field */
  /* Added to S + A, when the place is in code, to get the address the
     instruction refers to: the distance from the place to where the CPU
     takes the PC-relative base (x86 call/jmp: 4, the end of the field;
     ARM: 8 or 4 from the prefetch; s390 *DBL: -2, the instruction start).  */
  int insn_bias;
};

/* A table of patch sites whose entries point at the code they patch
   through a PC-relative s32 field ("site - &field"): resolved at link
   time, so that an image linked without --emit-relocs still tells.  */
struct patch_table
{
  const char *section;
  unsigned entry_size;   /* bytes of one entry */
  unsigned site_field;   /* offset of the s32 field in it */
};

struct arch_ops
{
  unsigned machine;        /* EM_* */
  unsigned elfclass;       /* 32, 64, or 0 for either */
  const char *name;        /* as reported: "x86_64", "aarch64", … */
  /* Default PAGE_SIZE of the distributions' kernels (Debian ppc64el and
     Fedora ppc64le use 64K); --page-size overrides it.  */
  uint64_t page_size;
  /* The .config option that chose another page size, for sscanf with the
     size in KB and the value ("CONFIG_PAGE_SIZE_%uKB=%c"); NULL: none.
     Read from the .config an image carries (src/analysis/ikconfig.c).  */
  const char *page_size_config;
  /* The kernel's arch/ directory ("x86", "arm64", ...): which rows of the
     freed-memory line table (src/analysis/freedline.c) apply.  */
  const char *kernel_arch;
  /* Also frees the text/rodata and rodata/data gaps and the unused part
     of .bss..decrypted (x86_64 mark_rodata_ro(),
     mem_encrypt_free_decrypted_mem()).  */
  bool frees_rodata_gaps;
  /* Bit 0 of a function symbol's value selects Thumb code and is not
     part of its address (ARM ELF).  */
  bool thumb_bit;

  /* Relocation types; the rest of the relocation operations may be NULL.  */
  const struct reloc_type *reloc_types;
  size_t nreloc_types;
  /* Split r_info into symbol index and type (mips64 lays it out its own
     way); NULL means the generic ELF32/ELF64 split.  */
  void (*split_info) (bool big_endian, uint64_t info, uint32_t *sym, uint32_t *type);
  /* For SHT_REL: the addend held in the relocated bytes P (AVAIL bytes
     readable) for TYPE; false if it cannot be decoded.  NULL: data types
     only (their addend is the place's contents).  */
  bool (*rel_addend) (bool big_endian, uint32_t type, const unsigned char *p, size_t avail,
                      int64_t *addend);
  /* For a PC-relative field in code at offset OFF of section bytes SEC:
     how many bytes of the instruction follow the field (an immediate
     after an x86 RIP-relative operand), to add to insn_bias.  NULL: 0.  */
  unsigned (*field_tail) (const unsigned char *sec, uint64_t off);
  /* For a relocation of TYPE at offset OFF of the SIZE bytes of code CODE
     that loads a base address into a register (arm64 adrp/add, ARM
     movw/movt, s390x larl): the displacement the first load or store
     through that register adds to it.  gcc addresses several variables
     from one section anchor (.LANCHOR0) this way, so the relocation names
     the anchor and the instruction the variable.  0 if none is found
     before a branch or before the register is overwritten; NULL: none.  */
  int64_t (*base_displacement) (bool big_endian, uint32_t type, const unsigned char *code,
                                uint64_t size, uint64_t off);

  /* The function a clang LTO __initstub__ (LEN bytes of code P at ADDR)
     branches to, decoded from its instructions; 0 if not found.  NULL:
     only its relocations tell.  */
  uint64_t (*stub_callee) (const unsigned char *p, size_t len, uint64_t addr);
  /* Whether, in a linked image with header flags E_FLAGS, a function
     pointer points at a descriptor (.opd) whose first doubleword is the
     entry point (64-bit PowerPC ELFv1).  NULL: never.  */
  bool (*function_descriptors) (uint32_t e_flags);
  /* The page size the kernel was built with, from HDR, the first LEN bytes
     at _text (the arm64 Image header); 0 if they do not say.  NULL: the
     image does not record it.  */
  uint64_t (*header_page_size) (const unsigned char *hdr, size_t len);
  /* Where the linker script puts __init_begin and __init_end relative to
     output sections, for a kernel whose kallsyms lacks them (built without
     CONFIG_KALLSYMS_ALL): __init_begin is the first page boundary after
     the allocated sections below INIT_FIRST_SECTION, __init_end the start
     of INIT_END_SECTION.  NULL: the section headers do not tell.  */
  const char *init_first_section, *init_end_section;
  /* The symbol at the first byte of raw kernel bytes (objcopy -O binary
     starts at the lowest section): NULL for _text.  */
  const char *raw_first_symbol;
  /* For raw kernel bytes whose kallsyms lacks _text (no
     CONFIG_KALLSYMS_ALL), the first byte being _text: the offset from it
     of the entry point the header's first instructions branch to, decoded
     from HDR (LEN bytes), 0 if they do not; the entry's names in kallsyms
     (newest first).  NULL: the header does not tell.  */
  uint64_t (*raw_entry_offset) (const unsigned char *hdr, size_t len);
  const char *const *raw_entry_names;
  /* A relocatable kernel's dynamic relocations (Elf64_Rela, kept in the
     image for the kernel to apply to itself at boot): the RELATIVE type,
     the other types found among them (none-type entries are all zero),
     and the alignment that rounds their end up to __init_end (the linker
     script puts them last in the init memory).  0: none.  */
  uint32_t raw_relative_type;
  const uint32_t *raw_dynamic_types;
  size_t nraw_dynamic_types;
  uint64_t raw_init_end_align;
  /* Raw bytes without dynamic relocations whose init memory ends them
     (the linker script puts __init_end, raw_init_end_align-aligned, right
     after the last loaded section).  */
  bool raw_init_end_after_bytes;
  /* Raw bytes whose __init_end is the bottom of the init stack (the data
     follow the init memory, init_task's stack first): the code symbol
     whose first instructions address a table holding the stack's top, the
     decoder of that table's address from CODE (LEN bytes at ADDR; 0: not
     found), the index of the top's word in it, how far below the stack's
     end the top lies, and the stack sizes the kernel may have been built
     with (0-terminated).  NULL: none.  */
  const char *raw_init_stack_user;
  uint64_t (*raw_init_stack_table) (const unsigned char *code, size_t len, uint64_t addr,
                                    bool big_endian);
  unsigned raw_init_stack_word;
  uint64_t raw_init_stack_gap;
  const uint64_t *raw_init_stack_sizes;
  /* The symbol kallsyms keeps that is __init_begin (the linker script
     defines both at one place); NULL: none.  */
  const char *raw_init_begin;
  /* The patch-site tables of the init memory (--by=file charges an entry
     to the file of its site).  */
  const struct patch_table *patch_tables;
  size_t npatch_tables;
};

extern const struct arch_ops arch_x86_64, arch_i386, arch_aarch64, arch_arm, arch_ppc64,
  arch_ppc, arch_s390x, arch_mips64, arch_mips, arch_riscv64, arch_riscv32, arch_loongarch64,
  arch_openrisc;

/* The architecture of an ELF file, or NULL if initscan does not know it.  */
const struct arch_ops *arch_lookup (unsigned machine, unsigned elfclass);

/* The architecture whose kernel says MACHINE in init_uts_ns (uname -m as
   built), or NULL.  */
const struct arch_ops *arch_by_uts_machine (const char *machine);

/* The symbol at the first byte of ARCH's raw kernel bytes (_text unless
   its linker script puts another first; ARCH may be NULL).  */
const char *arch_raw_first_symbol (const struct arch_ops *arch);

#endif
