/* The section-mismatch engine: one pass over the relocations of every
   section a rule reads (rules.c), resolving each reference to the address
   it really points at.  */
#include "mismatch.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "dwarf_src.h"
#include "image.h"
#include "reloc.h"
#include "rules.h"
#include "util.h"

/* Groups any rule reads as a source.  */
#define SOURCE_GROUPS \
  (SG_TEXT | SG_DATA | SG_INIT | SG_EXIT | SG_PCI_FIXUP | SG_EXTABLE | SG_EXPORT | SG_MEMINIT)

/* A linked image merges .ref.text into .text (include/asm-generic/
   vmlinux.lds.h TEXT_TEXT: NOINSTR_TEXT, then *(.ref.text), then the
   architecture's SCHED_TEXT).  Code between __noinstr_text_end and
   __sched_text_start is __ref code, which may reference __init.  */
struct merged_region
{
  const char *begin, *end;  /* boundary symbols */
  const char *as_section;   /* what the input section was */
};

static const struct merged_region merged_regions[] = {
  { "__noinstr_text_end", "__sched_text_start", ".ref.text" },
};

struct region
{
  uint64_t begin, end;
  unsigned groups;
  const char *name;
};

struct checker
{
  struct image *img;
  unsigned *groups;           /* per section */
  struct region regions[ARRAY_SIZE (merged_regions)];
  size_t nregions;
};

static void
find_regions (struct checker *c)
{
  for (size_t i = 0; i < ARRAY_SIZE (merged_regions); i++)
    {
      const struct symbol *b = symbol_by_name (&c->img->symtab, merged_regions[i].begin);
      const struct symbol *e = symbol_by_name (&c->img->symtab, merged_regions[i].end);
      if (b == NULL || e == NULL || e->addr < b->addr)
        continue;
      c->regions[c->nregions++] = (struct region) {
        b->addr, e->addr, section_groups (merged_regions[i].as_section),
        merged_regions[i].as_section,
      };
    }
}

/* The groups and name of the section a place was in before linking.  */
static unsigned
place_groups (const struct checker *c, const struct section *sec, uint64_t addr,
              const char **name)
{
  *name = sec->name;
  if (c->img->kind == IMAGE_VMLINUX)
    for (size_t i = 0; i < c->nregions; i++)
      if (addr >= c->regions[i].begin && addr < c->regions[i].end)
        {
          *name = c->regions[i].name;
          return c->regions[i].groups;
        }
  return c->groups[sec->index];
}

/* Whether ADDR lies in SEC, its end included (a reference to the end of
   an array).  */
static bool
in_section (const struct section *sec, uint64_t addr)
{
  return addr >= sec->addr && addr - sec->addr <= sec->shdr.sh_size;
}

/* A linked image's ADDR that lies outside SEC but is the load address of
   a place in SEC: early boot code runs before paging and refers to
   variables by their physical address, "lgdt _pa(gdt)"
   (arch/x86/platform/pvh/head.S, arch/x86/kernel/head_32.S); the PT_LOAD
   segment holding SEC says how far its load address (p_paddr) lies from
   its run-time one (p_vaddr).  ADDR itself otherwise.  */
static uint64_t
run_time_address (const struct image *img, const struct section *sec, uint64_t addr)
{
  size_t n;
  if (in_section (sec, addr) || img->kind != IMAGE_VMLINUX || elf_getphdrnum (img->elf, &n) < 0)
    return addr;
  for (size_t i = 0; i < n; i++)
    {
      GElf_Phdr p;
      if (gelf_getphdr (img->elf, (int) i, &p) == NULL || p.p_type != PT_LOAD
          || sec->addr < p.p_vaddr || sec->addr - p.p_vaddr >= p.p_memsz)
        continue;
      uint64_t moved = addr - p.p_paddr + p.p_vaddr;
      if (img->elfclass == 32)
        moved = (uint32_t) moved;
      return in_section (sec, moved) ? moved : addr;
    }
  return addr;
}

/* The address a relocation makes its place refer to, in the section TO
   of its symbol when it can be placed there.  */
static uint64_t
referenced_address (const struct image *img, const struct section *from,
                    const struct section *to, const struct reloc *r)
{
  uint64_t addr = reloc_target (img, r);
  const struct reloc_ops *ops = img->arch->reloc;
  const unsigned char *code = NULL;
  if (r->info != NULL && (from->shdr.sh_flags & SHF_EXECINSTR))
    code = section_bytes ((struct image *) img, from, 0, from->shdr.sh_size);
  if (code != NULL && r->info->insn_bias != 0)
    {
      addr += (uint64_t) (int64_t) r->info->insn_bias;
      if (ops->field_tail != NULL)
        addr += ops->field_tail (code, r->offset);
    }
  if (img->elfclass == 32)
    addr = (uint32_t) addr;
  /* A relocation naming a symbol is what the source wrote (a later
     displacement is a field of it); an anchor is a section or .L label.  */
  if (code != NULL && ops->base_displacement != NULL
      && !symbol_is_named (&img->symtab.syms[r->sym]))
    {
      /* an anchor's variables lie in the anchor's section */
      uint64_t reached = addr + (uint64_t) ops->base_displacement (img, r->type, code,
                                                                   from->shdr.sh_size, r->offset);
      if (img->elfclass == 32)
        reached = (uint32_t) reached;
      if (in_section (to, reached))
        addr = reached;
    }
  return run_time_address (img, to, addr);
}

/* One end of a reference: the symbol covering ADDR (symbols.c says which
   when several start there), else SECTION+0xOFF.  */
static void
describe_end (struct image *img, const struct section *sec, uint64_t addr,
              struct mismatch_end *end)
{
  end->section = sec->name;
  end->address = addr;
  end->symbol = NULL;
  uint64_t off = 0;
  const struct symbol *s = symbol_containing (img, addr, &off);
  if (s != NULL && s->shndx == sec->index)
    {
      end->symbol = s->name;
      end->offset = off;
    }
  else
    end->offset = addr - sec->addr;
}

/* Whether S can be a place of the object whose STT_FILE symbol is at
   *FILE_INDEX: a global, or a local of that file.  */
static bool
in_file (const struct symbol *s, void *file_index)
{
  return s->bind != STB_LOCAL || s->file_index == *(const uint32_t *) file_index;
}

/* The referenced end, at TARGET in SEC through the relocation symbol SYM,
   from the place at PLACE: SYM itself when it is named and starts there
   (the name the source used).  A relocation through a section symbol
   refers into its own object's section: at an address where one object's
   end label meets the next object's variable ("mov $_pa(early_stack_end),
   %esp", arch/x86/platform/pvh/head.S), the locals of other files (other
   STT_FILE groups than the referencing code's) are not meant.  A TARGET outside the
   section is not a place of any symbol there: SYM if it is named, else
   SECTION+0xOFF (the offset wraps below the section start).  */
static void
describe_target (struct image *img, const struct section *sec, const struct symbol *sym,
                 uint64_t target, uint64_t place, struct mismatch_end *end)
{
  bool named = symbol_is_named (sym);
  if (!in_section (sec, target) && !named)
    {
      uint64_t off = target - sec->addr;
      *end = (struct mismatch_end) { .section = sec->name, .address = target,
                                     .offset = img->elfclass == 32 ? (uint32_t) off : off };
      return;
    }
  if (!in_section (sec, target))
    target = sym->addr;
  describe_end (img, sec, target, end);
  uint64_t off;
  const struct symbol *from = named ? NULL : symbol_containing (img, place, &off);
  uint32_t file = from != NULL ? from->file_index : 0;
  const struct symbol *own = file != 0 ? symbol_find_at (&img->symtab, target, in_file, &file) : NULL;
  if (named && sym->addr == target)
    own = sym;
  if (own != NULL && own->shndx == sec->index)
    {
      end->symbol = own->name;
      end->offset = 0;
    }
}

/* FNV-1a: stable across runs and machines.  */
static uint64_t
fnv1a (uint64_t h, const char *s)
{
  for (; *s; s++)
    {
      h ^= (unsigned char) *s;
      h *= UINT64_C (0x100000001b3);
    }
  return h ^ 0xff; /* field separator */
}

/* The symbol name without the suffixes gcc adds to clones (.constprop.0,
   .isra.0, .part.0, .cold), which change from build to build.  */
static char *
stable_name (const char *name)
{
  char *s = xstrdup (name ? name : "");
  char *dot = strchr (s, '.');
  if (dot != NULL && dot != s)
    *dot = '\0';
  return s;
}

static void
fingerprint (struct mismatch *m)
{
  char *from = stable_name (m->from.symbol), *to = stable_name (m->to.symbol);
  uint64_t h = UINT64_C (0xcbf29ce484222325);
  h = fnv1a (h, m->rule->id);
  h = fnv1a (h, from);
  h = fnv1a (h, to);
  h = fnv1a (h, m->from.source.file ? m->from.source.file : "");
  snprintf (m->fingerprint, sizeof m->fingerprint, "%016" PRIx64, h);
  free (from);
  free (to);
}

static void
check_reloc (struct checker *c, const struct section *from, const struct reloc *r)
{
  struct image *img = c->img;
  const struct symbol *sym = &img->symtab.syms[r->sym];
  /* undefined (in another object), absolute, common: no section to judge */
  if (sym->shndx == SHN_UNDEF || sym->shndx >= img->nsections)
    return;
  unsigned to_groups = c->groups[sym->shndx];
  const char *from_name;
  uint64_t place = from->addr + r->offset;
  unsigned from_groups = place_groups (c, from, place, &from_name);
  const struct mismatch_rule *rule = rule_match (from_groups, to_groups);
  if (rule == NULL)
    return;
  /* SHT_REL entries whose addend could not be decoded are skipped, as
     modpost does; RELA entries of any type are checked, but for the
     types that are not references (RISC-V/LoongArch SUB32 pairs).  */
  if (r->info == NULL && img->sections[from->reloc_section].shdr.sh_type == SHT_REL)
    return;
  if (r->info != NULL && r->info->kind == RELOC_IGNORE)
    return;

  struct mismatch m = { .rule = rule };
  describe_end (img, from, place, &m.from);
  m.from.section = from_name;
  const struct section *tosec = &img->sections[sym->shndx];
  describe_target (img, tosec, sym, referenced_address (img, from, tosec, r), place, &m.to);
  if (rule_allowed (from_groups, m.from.symbol, to_groups, m.to.symbol))
    return;
  /* include/asm-generic/vmlinux.lds.h DATA_DATA puts .ref.data (__refdata)
     into .data with no boundary symbols around it.  */
  m.merged_source = img->kind == IMAGE_VMLINUX && (from_groups & SG_DATA);
  *ARRAY_PUSH (img->mismatches, img->nmismatches, img->mismatches_cap) = m;
}

static int
check_section (struct checker *c, const struct section *sec)
{
  struct reloc *relocs;
  long n = reloc_read (c->img, sec, &relocs);
  if (n < 0)
    return -1;
  for (long i = 0; i < n; i++)
    check_reloc (c, sec, &relocs[i]);
  free (relocs);
  return 0;
}

/* Whether any section the references could point to is init or exit (or
   any at all for __ex_table): otherwise nothing can be found.  */
static bool
is_source (const struct checker *c, const struct section *sec)
{
  return sec->reloc_section != 0 && (sec->shdr.sh_flags & SHF_ALLOC)
         && (c->groups[sec->index] & SOURCE_GROUPS) != 0;
}

int
mismatches_find (struct image *img)
{
  struct checker c = { .img = img };
  c.groups = xcalloc (img->nsections, sizeof *c.groups);
  for (size_t i = 0; i < img->nsections; i++)
    c.groups[i] = section_groups (img->sections[i].name);
  find_regions (&c);
  int rc = 0;
  for (size_t i = 0; i < img->nsections && rc == 0; i++)
    if (is_source (&c, &img->sections[i]))
      {
        img->mismatches_checked = true;
        rc = check_section (&c, &img->sections[i]);
      }
  free (c.groups);
  if (rc == 0 && !img->mismatches_checked)
    image_note (img, "no relocations: section mismatches cannot be checked (link with "
                     "--emit-relocs, or check vmlinux.o and the modules' objects)");
  return rc;
}

void
mismatches_finish (struct image *img, bool sources)
{
  for (size_t i = 0; i < img->nmismatches; i++)
    {
      struct mismatch *m = &img->mismatches[i];
      if (sources)
        {
          source_lookup (img, m->from.address, &m->from.source);
          /* a reference to a function names the function's line */
          if (m->to.offset == 0)
            source_lookup_function (img, m->to.address, &m->to.source);
          else
            source_lookup (img, m->to.address, &m->to.source);
        }
      fingerprint (m);
    }
}
