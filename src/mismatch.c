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
  unsigned source_groups;     /* groups any rule reads as a source */
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

static bool
is_named (const struct symbol *s)
{
  return s->type != STT_SECTION && s->name[0] != '\0' && s->name[0] != '$'
         && !str_starts_with (s->name, ".L");
}

/* The address a relocation makes its place refer to.  */
static uint64_t
referenced_address (const struct image *img, const struct section *from, const struct reloc *r)
{
  uint64_t addr = reloc_target (img, r);
  if (r->info != NULL && (from->shdr.sh_flags & SHF_EXECINSTR) && r->info->insn_bias != 0)
    {
      addr += (uint64_t) (int64_t) r->info->insn_bias;
      const struct reloc_ops *ops = img->arch->reloc;
      const unsigned char *bytes = section_bytes ((struct image *) img, from, 0,
                                                  from->shdr.sh_size);
      if (ops->field_tail != NULL && bytes != NULL)
        addr += ops->field_tail (bytes, r->offset);
    }
  return img->elfclass == 32 ? (uint32_t) addr : addr;
}

static void
describe_end (struct image *img, const struct section *sec, uint64_t addr,
              struct mismatch_end *end)
{
  end->section = sec->name;
  end->address = addr;
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
  const struct mismatch_rule *rule = rule_match (img->rules, img->rule_flags, from_groups,
                                                 to_groups);
  if (rule == NULL)
    return;
  /* SHT_REL entries whose addend could not be decoded are skipped, as
     modpost does; RELA entries of any type are checked, but for the
     types that are not references (RISC-V/LoongArch SUB32 pairs).  */
  if (r->info == NULL && img->sections[from->reloc_section].shdr.sh_type == SHT_REL)
    return;
  if (r->info != NULL && r->info->kind == RELOC_IGNORE)
    return;

  struct mismatch m = { 0 };
  describe_end (img, from, place, &m.from);
  m.from.section = from_name;
  const struct section *tosec = &img->sections[sym->shndx];
  uint64_t target = referenced_address (img, from, r);
  if (target < tosec->addr || target - tosec->addr >= tosec->shdr.sh_size + 1)
    target = sym->addr;
  describe_end (img, tosec, target, &m.to);
  if (is_named (sym) && sym->addr == target)
    m.to.symbol = sym->name;
  m.rule = rule_verdict (img->rules, img->rule_flags, rule, from_groups, m.from.symbol,
                         to_groups, m.to.symbol);
  if (m.rule == NULL)
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
         && (c->groups[sec->index] & c->source_groups) != 0;
}

int
mismatches_find (struct image *img)
{
  struct checker c = { .img = img,
                       .source_groups = rules_source_groups (img->rules, img->rule_flags) };
  c.groups = xcalloc (img->nsections, sizeof *c.groups);
  for (size_t i = 0; i < img->nsections; i++)
    c.groups[i] = img->kind == IMAGE_VMLINUX ? section_groups_linked (img->sections[i].name)
                                             : section_groups (img->sections[i].name);
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
