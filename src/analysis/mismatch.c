/* The section-mismatch engine: one pass over the relocations of every
   section a rule reads (rules.c), resolving each reference to the address
   it really points at.  */
#include "analysis/mismatch.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/arch.h"
#include "dwarf/decl.h"
#include "dwarf/src.h"
#include "analysis/scan.h"
#include "index/image.h"
#include "analysis/linked.h"
#include "index/reloc.h"
#include "analysis/rules.h"
#include "util/util.h"


struct checker
{
  struct scan *sc;
  struct image *img;
  unsigned *groups;           /* per section */
  unsigned source_groups;     /* groups any rule reads as a source */
  struct linked_map linked;   /* linked images: what merged sections hold */
};

/* The groups and name of the section a place was in before linking;
   *UNRECOVERED when the link left no way to tell.  */
static unsigned
place_groups (const struct checker *c, const struct section *sec, uint64_t addr,
              const char **name, bool *unrecovered)
{
  *name = sec->name;
  *unrecovered = false;
  const struct linked_region *r = linked_region_at (&c->linked, addr);
  if (r == NULL)
    return c->groups[sec->index];
  if (r->as_section != NULL)
    *name = r->as_section;
  *unrecovered = r->unrecovered;
  return r->groups;
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
  const struct arch_ops *arch = img->arch;
  const unsigned char *code = NULL;
  if (r->info != NULL && (from->shdr.sh_flags & SHF_EXECINSTR))
    code = image_section_bytes (img, from, 0, from->shdr.sh_size);
  if (code != NULL && r->info->insn_bias != 0)
    {
      addr += (uint64_t) (int64_t) r->info->insn_bias;
      if (arch->field_tail != NULL)
        addr += arch->field_tail (code, r->offset);
    }
  if (img->elfclass == 32)
    addr = (uint32_t) addr;
  /* A relocation naming a symbol is what the source wrote (a later
     displacement is a field of it); an anchor is a section or .L label.  */
  if (code != NULL && arch->base_displacement != NULL
      && !symbol_is_named (&img->symtab.syms[r->sym]))
    {
      /* an anchor's variables lie in the anchor's section */
      uint64_t reached = addr + (uint64_t) arch->base_displacement (img->big_endian, r->type, code,
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
  const struct symbol *s = image_symbol_containing (img, addr, &off);
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
in_file (const struct symbol *s, const void *file_index)
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
  const struct symbol *from = named ? NULL : image_symbol_containing (img, place, &off);
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

/* The fingerprint's hash of one field, LEN bytes of S: FNV-1a, then a
   field separator.  */
static uint64_t
hash_field (uint64_t h, const char *s, size_t len)
{
  return fnv1a (h, s, len) ^ 0xff;
}

static uint64_t
hash_string (uint64_t h, const char *s)
{
  return hash_field (h, s, strlen (s));
}

/* The length of the part of symbol NAME that stays from build to build:
   without a compiler's suffix (util.h), and for __UNIQUE_ID_PREFIXNNN
   without the __COUNTER__ value the kernel appends (include/linux/
   compiler-gcc.h, compiler-clang.h, compiler.h: __UNIQUE_ID).  */
static size_t
stable_name (const char *name)
{
  size_t len = symbol_base_length (name);
  if (str_starts_with (name, "__UNIQUE_ID_"))
    while (len > strlen ("__UNIQUE_ID_") && name[len - 1] >= '0' && name[len - 1] <= '9')
      len--;
  return len;
}

static uint64_t
hash_symbol (uint64_t h, const char *name)
{
  return name != NULL ? hash_field (h, name, stable_name (name)) : hash_string (h, "");
}

/* Code or data: what a section is, whatever it is called in this build
   (.text.foo of -ffunction-sections in an object is .text once linked).  */
static const char *
end_kind (struct image *img, const struct mismatch_end *end)
{
  const struct section *sec = image_section_at (img, end->address);
  if (sec == NULL)
    return "";
  return (sec->shdr.sh_flags & SHF_EXECINSTR) ? "code" : "data";
}

/* The module a finding belongs to: its .modinfo name; for a module's
   pre-link object in a build tree, which has no .modinfo name yet, the
   name modules.order gives it, as KBUILD_MODNAME spells it (scripts/
   Makefile.lib: '-' becomes '_'); "vmlinux" for the kernel itself.  */
static void
hash_module (uint64_t *h, const struct scan *sc)
{
  if (sc->module.name != NULL || sc->tree_name == NULL)
    {
      *h = hash_string (*h, sc->module.name != NULL ? sc->module.name : "vmlinux");
      return;
    }
  const char *slash = strrchr (sc->tree_name, '/');
  char *name = xstrdup (slash != NULL ? slash + 1 : sc->tree_name);
  for (char *c = name; *c != '\0'; c++)
    if (*c == '-')
      *c = '_';
  *h = hash_string (*h, name);
  free (name);
}

/* What a finding is, independent of the build: its rule, the two symbol
   names, the module ("vmlinux" for the kernel itself) and whether each
   end is code or data.  Not addresses, offsets, paths nor source lines,
   which a rebuild, another build directory or strip --strip-debug
   change.  */
static uint64_t
finding_key (struct scan *sc, const struct mismatch *m)
{
  uint64_t h = FNV1A_BASIS;
  h = hash_string (h, m->rule->id);
  h = hash_symbol (h, m->from.symbol);
  h = hash_symbol (h, m->to.symbol);
  hash_module (&h, sc);
  h = hash_string (h, end_kind (&sc->file, &m->from));
  return hash_string (h, end_kind (&sc->file, &m->to));
}

/* A finaliser that spreads every input bit over the output (MurmurHash3's
   fmix64), so that fingerprints differing in the last field do not look
   alike.  */
static uint64_t
mix (uint64_t h)
{
  h ^= h >> 33;
  h *= UINT64_C (0xff51afd7ed558ccd);
  h ^= h >> 33;
  h *= UINT64_C (0xc4ceb9fe1a85ec53);
  return h ^ (h >> 33);
}

/* Fingerprints: the finding's key and its occurrence number among the
   findings of equal key (in the order they were found), so that two
   references from one function to another get two fingerprints and a
   baseline counts them.  */
static void
fingerprint_all (struct scan *sc)
{
  struct keyed *keys = xcalloc (sc->nmismatches ? sc->nmismatches : 1, sizeof *keys);
  for (size_t i = 0; i < sc->nmismatches; i++)
    keys[i] = (struct keyed) { finding_key (sc, &sc->mismatches[i]), (uint32_t) i };
  radix_sort (keys, sc->nmismatches);
  size_t occurrence = 0;
  for (size_t i = 0; i < sc->nmismatches; i++)
    {
      occurrence = i > 0 && keys[i].key == keys[i - 1].key ? occurrence + 1 : 0;
      char number[24];
      snprintf (number, sizeof number, "%zu", occurrence);
      struct mismatch *m = &sc->mismatches[keys[i].value];
      snprintf (m->fingerprint, sizeof m->fingerprint, "%016" PRIx64,
                mix (hash_string (keys[i].key, number)));
    }
  free (keys);
}

static void
check_reloc (struct checker *c, const struct section *from, const struct reloc *r)
{
  struct scan *sc = c->sc;
  struct image *img = c->img;
  const struct symbol *sym = &img->symtab.syms[r->sym];
  /* undefined (in another object), absolute, common: no section to judge */
  if (sym->shndx == SHN_UNDEF || sym->shndx >= img->nsections)
    return;
  unsigned to_groups = c->groups[sym->shndx];
  const char *from_name;
  bool unrecovered;
  uint64_t place = from->addr + r->offset;
  unsigned from_groups = place_groups (c, from, place, &from_name, &unrecovered);
  const struct mismatch_rule *rule = rule_match (sc->rules, sc->rule_flags, from_groups,
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
  describe_target (img, tosec, sym, referenced_address (img, from, tosec, r), place, &m.to);
  m.rule = rule_verdict (sc->rules, sc->rule_flags, rule, from_groups, m.from.symbol,
                         to_groups, m.to.symbol);
  if (m.rule == NULL)
    return;
  m.merged_source = unrecovered;
  *ARRAY_PUSH (sc->mismatches, sc->nmismatches, sc->mismatches_cap) = m;
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
mismatches_find (struct scan *sc)
{
  struct image *img = &sc->file;
  struct checker c = { .sc = sc, .img = img,
                       .source_groups = rules_source_groups (sc->rules, sc->rule_flags) };
  c.groups = xcalloc (img->nsections, sizeof *c.groups);
  for (size_t i = 0; i < img->nsections; i++)
    c.groups[i] = img->kind == IMAGE_VMLINUX ? rules_section_groups_linked (img->sections[i].name)
                                             : rules_section_groups (img->sections[i].name);
  linked_map_build (img, &c.linked);
  /* A relocatable object keeps every reference as a relocation; a linked
     image only with --emit-relocs, and not when its .rela* sections were
     emptied (Debian's mips64el vmlinux has them, all of size 0).  */
  sc->mismatches_checked = img->ehdr.e_type == ET_REL;
  int rc = 0;
  for (size_t i = 0; i < img->nsections && rc == 0; i++)
    if (is_source (&c, &img->sections[i]))
      {
        sc->mismatches_checked |= img->sections[img->sections[i].reloc_section].shdr.sh_size > 0;
        rc = check_section (&c, &img->sections[i]);
      }
  free (c.groups);
  linked_map_free (&c.linked);
  if (rc == 0 && !sc->mismatches_checked)
    image_note (img, "section mismatches cannot be checked: %s", image_unchecked_reason (img));
  return rc;
}

static bool
is_called (const struct symbol *s, const void *name)
{
  return strcmp (s->name, name) == 0;
}

/* The symbol an end names, NULL if none.  */
static const struct symbol *
end_symbol (struct image *img, const struct mismatch_end *end)
{
  if (end->symbol == NULL)
    return NULL;
  return symbol_find_at (&img->symtab, end->address - end->offset, is_called,
                         end->symbol);
}

/* Line-table positions: the referencing instruction; a referenced
   function's opening line, or the row at a place inside code.  */
static void
add_line_sources (struct scan *sc, struct mismatch *m)
{
  struct image *img = &sc->file;
  source_lookup (&sc->src, img, m->from.address, &m->from.source);
  if (m->to.offset == 0)
    source_lookup_function (&sc->src, img, m->to.address, &m->to.source);
  else
    source_lookup (&sc->src, img, m->to.address, &m->to.source);
}

/* Ends the line tables do not cover (data, export entries) at the
   declaration of their symbol, all looked up at once.  */
static void
add_decl_sources (struct scan *sc)
{
  struct image *img = &sc->file;
  struct decl_request *reqs = NULL;
  size_t n = 0, cap = 0;
  for (size_t i = 0; i < sc->nmismatches; i++)
    {
      struct mismatch_end *ends[] = { &sc->mismatches[i].from, &sc->mismatches[i].to };
      for (size_t e = 0; e < ARRAY_SIZE (ends); e++)
        {
          const struct symbol *s = ends[e]->source.file ? NULL : end_symbol (img, ends[e]);
          if (s != NULL)
            *ARRAY_PUSH (reqs, n, cap) = (struct decl_request) { s, &ends[e]->source };
        }
    }
  decl_lookup (&sc->decl, img, reqs, n);
  free (reqs);
}

/* An __ex_table entry starts with the faulting instruction, the fixup
   follows it (struct exception_table_entry: include/asm-generic/
   extable.h, arch/x86/include/asm/extable.h, and every architecture's
   own): a fixup's finding is placed at the line of its instruction, the
   field just before it in the entry.  RELOCS (N) are those of the
   entry's section SEC.  */
static void
add_extable_source (struct scan *sc, const struct section *sec, const struct reloc *relocs,
                    size_t n, struct mismatch *m)
{
  struct image *img = &sc->file;
  uint64_t off = m->from.address - sec->addr;
  size_t i = first_above (relocs, n, sizeof *relocs, off);
  while (i > 0 && relocs[i - 1].offset >= off)
    i--;
  if (i == 0 || relocs[i - 1].info == NULL || relocs[i - 1].info->width == 0
      || relocs[i - 1].offset + relocs[i - 1].info->width != off)
    return;
  uint64_t insn = reloc_target (img, &relocs[i - 1]);
  const struct section *text = image_section_at (img, insn);
  if (text != NULL && (text->shdr.sh_flags & SHF_EXECINSTR))
    source_lookup (&sc->src, img, insn, &m->from.source);
}

/* Findings whose referencing place has no source of its own: an export
   entry, made in assembly by EXPORT_SYMBOL (include/linux/export.h), is
   written where the exported symbol is, so it gets that symbol's
   position; an exception-table entry gets its instruction's.  */
static void
add_entry_sources (struct scan *sc)
{
  struct image *img = &sc->file;
  const struct section *loaded = NULL;
  struct reloc *relocs = NULL;
  long n = 0;
  for (size_t i = 0; i < sc->nmismatches; i++)
    {
      struct mismatch *m = &sc->mismatches[i];
      const struct section *sec = image_section_at (img, m->from.address);
      if (m->from.source.file != NULL || sec == NULL)
        continue;
      unsigned groups = rules_section_groups (sec->name);
      /* read as mismatches_find() read them: no new error can come */
      if ((groups & SG_EXTABLE) && sec != loaded)
        {
          free (relocs);
          relocs = NULL;
          loaded = sec;
          n = reloc_read (img, sec, &relocs);
        }
      if ((groups & SG_EXTABLE) && n > 0)
        add_extable_source (sc, sec, relocs, (size_t) n, m);
      if (m->from.source.file == NULL && (groups & (SG_KSYMTAB_OBJ | SG_EXPORT_SYMBOL | SG_KSYMTAB | SG_EXTABLE)))
        m->from.source = m->to.source;
    }
  free (relocs);
}

void
mismatches_finish (struct scan *sc, bool sources)
{
  if (sources)
    {
      for (size_t i = 0; i < sc->nmismatches; i++)
        add_line_sources (sc, &sc->mismatches[i]);
      add_decl_sources (sc);
      add_entry_sources (sc);
    }
  fingerprint_all (sc);
}
