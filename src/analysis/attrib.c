/* What the init memory is made of: each section looked at is split among
   the sized symbols in it.  By file, the rest is split too (by symbol as
   well, each piece of no symbol keeping its file, and each symbol its
   file, for the HTML report's treemap): at the
   relocations there (--emit-relocs, or a kernel's own .rela.dyn), each
   piece to the file of what it points at; a .rela.dyn entry to the file of
   its place; an architecture's patch-site table through its PC-relative
   fields; padding between two symbols of one file to that file.

   A symbol's file: for code its DWARF line (a path from the top of the
   tree); for data the unit of its DWARF variable (src/dwarf/vars.c); for
   assembler data the assembler unit link order puts it in; else, for local
   data, its STT_FILE group's (the base name, made a tree path through the
   group's code or data, or the only unit of that name); global data with
   none of these is "(unknown)".  */
#include "analysis/attrib.h"

#include <stdlib.h>
#include <string.h>

#include "dwarf/src.h"
#include "dwarf/vars.h"
#include "index/reloc.h"
#include "analysis/scan.h"
#include "index/image.h"
#include "util/util.h"

static bool
in_init_range (const struct scan *sc, const struct section *sec)
{
  for (size_t i = 0; i < sc->initmem.n_by_section; i++)
    if (strcmp (sc->initmem.by_section[i].name, sec->name) == 0)
      return true;
  return false;
}

static bool
looked_at (const struct scan *sc, const struct section *sec)
{
  const struct image *img = &sc->file;
  if (!(sec->shdr.sh_flags & SHF_ALLOC) || sec->shdr.sh_size == 0)
    return false;
  bool exit = sec->cls != NULL && sec->cls->kind == SECTION_EXIT;
  /* a linked image frees its init range (not, say, x86's .init.scratch) */
  if (img->kind == IMAGE_VMLINUX)
    return exit || in_init_range (sc, sec);
  return exit || (sec->cls != NULL && (sec->cls->kind == SECTION_INIT
                                       || sec->cls->kind == SECTION_INITCALL));
}

/* What a part is called when no file or symbol is known.  */
static const char unattributed[] = "(unattributed)", unknown[] = "(unknown)";

struct tally
{
  struct init_memory_part *parts;
  size_t n, cap;
  bool by_symbol;  /* --by=symbol: pieces of no symbol keep their file */
};

/* Add BYTES of SECTION under NAME; names are few enough per image (files)
   or unique enough (symbols) that the list is merged once, after sorting.  */
static void
tally_add (struct tally *t, const char *name, uint64_t bytes, const char *section,
           const char *file)
{
  *ARRAY_PUSH (t->parts, t->n, t->cap) = (struct init_memory_part) { name, bytes, section, file };
}

static bool
placeholder (const struct init_memory_part *p)
{
  return p->name == unattributed || p->name == unknown;
}

static int
compare_optional (const char *x, const char *y)
{
  return x == NULL || y == NULL ? (x != NULL) - (y != NULL) : strcmp (x, y);
}

/* By name, and the parts of no file or symbol by section, then file.  */
static int
compare_name (const void *a, const void *b)
{
  const struct init_memory_part *x = a, *y = b;
  int c = strcmp (x->name, y->name);
  if (c != 0 || !placeholder (x))
    return c;
  c = strcmp (x->section, y->section);
  return c != 0 ? c : compare_optional (x->file, y->file);
}

static int
compare_bytes (const void *a, const void *b)
{
  const struct init_memory_part *x = a, *y = b;
  if (x->bytes != y->bytes)
    return x->bytes > y->bytes ? -1 : 1;
  int c = strcmp (x->name, y->name);
  if (c != 0 || x->section == NULL || y->section == NULL)
    return c;
  return strcmp (x->section, y->section);
}

/* Merge equal names from FIRST on (for "file" and "section"), but not the
   bytes of no file of different sections; a name whose bytes lie in
   several sections has no section.  */
static void
tally_merge (struct tally *t, size_t first)
{
  if (t->n <= first)
    return;
  qsort (t->parts + first, t->n - first, sizeof *t->parts, compare_name);
  size_t out = first;
  for (size_t i = first + 1; i < t->n; i++)
    if (compare_name (&t->parts[i], &t->parts[out]) == 0)
      {
        t->parts[out].bytes += t->parts[i].bytes;
        if (t->parts[out].section != NULL && strcmp (t->parts[out].section, t->parts[i].section) != 0)
          t->parts[out].section = NULL;
      }
    else
      t->parts[++out] = t->parts[i];
  t->n = out + 1;
}

/* --by=symbol: symbol names stay apart (two static functions may share
   one), the pieces of no symbol merge by section and file.  */
static void
merge_placeholders (struct tally *t)
{
  size_t first = t->n;
  for (size_t i = t->n; i > 0; i--)
    if (placeholder (&t->parts[i - 1]))
      {
        struct init_memory_part p = t->parts[i - 1];
        t->parts[i - 1] = t->parts[--first];
        t->parts[first] = p;
      }
  tally_merge (t, first);
}

static const char *
base_name (const char *path)
{
  const char *slash = strrchr (path, '/');
  return slash ? slash + 1 : path;
}

/* Whether PATH is the file an STT_FILE symbol names (NAME: "trace.c",
   or an assembler source's object "head.o" for arch/x86/platform/pvh/head.S):
   the same base name up to its extension.  */
static bool
same_stem (const char *path, const char *name)
{
  const char *base = base_name (path), *dot = strrchr (base, '.'), *ndot = strrchr (name, '.');
  size_t len = dot ? (size_t) (dot - base) : strlen (base);
  size_t nlen = ndot ? (size_t) (ndot - name) : strlen (name);
  return len == nlen && strncmp (base, name, len) == 0;
}

/* The file DWARF gives the symbol S: a function's line, a variable's unit,
   the line of assembler code.  NULL if none.  */
static const char *
dwarf_file (struct scan *sc, const struct symbol *s)
{
  struct image *img = &sc->file;
  struct source_pos pos = { 0 };
  if (s->shndx == SHN_UNDEF || s->shndx >= img->nsections)
    return NULL;
  if (s->type == STT_FUNC && source_lookup_function (&sc->src, img, s->addr, &pos))
    return pos.file;
  const char *file = varmap_file_at (sc->vars, s->addr);
  if (file == NULL && (img->sections[s->shndx].shdr.sh_flags & SHF_EXECINSTR)
      && source_lookup (&sc->src, img, s->addr, &pos))
    file = pos.file;
  return file;
}

/* The path of an STT_FILE group (the locals of one object file): the
   file DWARF gives a symbol of the group, the first with the group's
   name; else the only unit of that name; else the name.  */
static const char *
group_path (struct scan *sc, uint32_t file_index, const char **cache)
{
  struct image *img = &sc->file;
  if (cache[file_index] != NULL)
    return cache[file_index];
  const struct symtab *st = &img->symtab;
  const char *name = st->syms[file_index].name, *path = NULL;
  for (size_t i = file_index + 1; path == NULL && i < st->n && st->syms[i].type != STT_FILE; i++)
    {
      const char *file = dwarf_file (sc, &st->syms[i]);
      if (file != NULL && same_stem (file, name))
        path = file;
    }
  if (path == NULL)
    path = varmap_unit_named (sc->vars, name);
  return cache[file_index] = path != NULL ? path : name;
}

/* The file of symbol S: from DWARF, else from its STT_FILE group; NULL
   if neither knows.  */
static const char *
symbol_file (struct scan *sc, const struct symbol *s, bool sources, const char **cache)
{
  const char *file = sources ? dwarf_file (sc, s) : NULL;
  if (file != NULL || s->file == NULL)
    return file;
  return sources ? group_path (sc, s->file_index, cache) : s->file;
}

/* The file of the code or data at ADDR, which a relocation refers to:
   code that of its unit (the tables point at code all over the kernel:
   decoding the line programs of every unit would take a second), data
   that of the symbol holding it, else of its DWARF line.  */
static const char *
file_at (struct scan *sc, uint64_t addr, const char **cache)
{
  struct image *img = &sc->file;
  const char *file = varmap_code_file_at (sc->vars, addr);
  uint64_t offset;
  const struct symbol *s = file == NULL ? image_symbol_containing (img, addr, &offset) : NULL;
  if (s != NULL)
    file = symbol_file (sc, s, true, cache);
  struct source_pos pos = { 0 };
  if (file == NULL && source_lookup (&sc->src, img, addr, &pos))
    file = pos.file;
  return file;
}

/* Consecutive pieces of one file, added to the tally as one.  */
struct run
{
  const char *file;
  uint64_t bytes;
};

static void
run_flush (struct run *r, struct tally *t, const char *section)
{
  if (r->bytes > 0 && t->by_symbol)
    tally_add (t, unattributed, r->bytes, section, r->file);
  else if (r->bytes > 0)
    tally_add (t, r->file, r->bytes, section, NULL);
  r->bytes = 0;
}

static void
run_add (struct run *r, struct tally *t, const char *file, uint64_t bytes, const char *section)
{
  if (file != r->file)
    run_flush (r, t, section);
  r->file = file;
  r->bytes += bytes;
}

/* Where a section's relocations say what its bytes are for.  */
struct places
{
  struct reloc *relocs;  /* sorted by offset */
  size_t n;
  uint64_t base;         /* the address offset 0 stands for */
};

/* Bytes [LO, HI) of SEC that no symbol covers: each relocation there
   starts a piece running to the next one, charged to the file of the
   place it refers to.  These are tables of patch sites or of pointers
   (.altinstructions, .return_sites, .parainstructions, __mcount_loc in
   .init.data): an entry is the pieces from one relocation at its start
   to the next entry's, its size the spacing of the relocations.  A piece
   whose place has no file goes with the piece before it (an alt_instr's
   replacement, arch/x86/include/asm/alternative.h, with its site).
   Returns the bytes charged.  */
static uint64_t
split_gap (struct scan *sc, const struct section *sec, const struct places *p, uint64_t lo,
           uint64_t hi, const char **cache, struct tally *t)
{
  struct image *img = &sc->file;
  uint64_t base = p->base, charged = 0;
  size_t i = lo > base ? first_above (p->relocs, p->n, sizeof *p->relocs, lo - base - 1) : 0;
  const char *file = NULL;
  struct run run = { 0 };
  for (; i < p->n && p->relocs[i].offset < hi - base; i++)
    {
      uint64_t from = base + p->relocs[i].offset;
      uint64_t to = i + 1 < p->n && p->relocs[i + 1].offset < hi - base
                      ? base + p->relocs[i + 1].offset : hi;
      const char *target = file_at (sc, reloc_target (img, &p->relocs[i]), cache);
      file = target != NULL ? target : file;
      if (file == NULL)
        continue;
      run_add (&run, t, file, to - from, sec->name);
      charged += to - from;
    }
  run_flush (&run, t, sec->name);
  return charged;
}

/* A relocation table that a linked image keeps to relocate itself at boot
   (arm64's .rela.dyn, which arch/arm64/kernel/vmlinux.lds.S puts between
   __init_begin and __init_end and head.S __relocate_kernel applies): each
   entry is charged to the file of the place it relocates.  Returns the
   bytes charged.  */
static uint64_t
split_relocation_table (struct scan *sc, const struct section *sec, const char **cache,
                        struct tally *t)
{
  struct image *img = &sc->file;
  bool rela = sec->shdr.sh_type == SHT_RELA;
  size_t entsize = gelf_fsize (img->elf, rela ? ELF_T_RELA : ELF_T_REL, 1, EV_CURRENT);
  Elf_Data *data = elf_getdata (sec->scn, NULL);
  if (entsize == 0 || sec->shdr.sh_entsize != entsize || data == NULL
      || data->d_size != sec->shdr.sh_size)
    return 0;
  uint64_t charged = 0;
  struct run run = { 0 };
  for (size_t i = 0; i < sec->shdr.sh_size / entsize; i++)
    {
      GElf_Rela rela_entry = { 0 };
      GElf_Rel rel_entry;
      uint64_t place;
      if (rela && gelf_getrela (data, (int) i, &rela_entry) != NULL)
        place = rela_entry.r_offset;
      else if (!rela && gelf_getrel (data, (int) i, &rel_entry) != NULL)
        place = rel_entry.r_offset;
      else
        break;
      /* a place of no file (a table in .init.data): what it will point at */
      const char *file = file_at (sc, place, cache);
      if (file == NULL && rela && ELF64_R_SYM (rela_entry.r_info) == 0)
        file = file_at (sc, (uint64_t) rela_entry.r_addend, cache);
      if (file == NULL)
        continue;
      run_add (&run, t, file, entsize, sec->name);
      charged += entsize;
    }
  run_flush (&run, t, sec->name);
  return charged;
}

/* The next symbol of a section that a DWARF variable describes, from
   by_addr index FROM on: found once for a run of symbols before it.  */
struct next_variable
{
  size_t from, at;  /* at: its by_addr index; the section's end if none */
};

static const uint64_t *
variable_above (struct scan *sc, const struct section *sec, size_t i, struct next_variable *nv)
{
  const struct symtab *st = &sc->file.symtab;
  uint64_t end = sec->addr + sec->shdr.sh_size;
  if (nv->at <= i || nv->from > i)
    {
      nv->from = i;
      for (nv->at = i + 1; nv->at < st->n_by_addr; nv->at++)
        {
          const struct symbol *s = &st->syms[st->by_addr[nv->at]];
          if (s->addr >= end || (s->shndx == sec->index && varmap_file_at (sc->vars, s->addr)))
            break;
        }
    }
  if (nv->at >= st->n_by_addr || st->syms[st->by_addr[nv->at]].addr >= end)
    return NULL;
  return &st->syms[st->by_addr[nv->at]].addr;
}

/* Walking the symbols of a section in address order.  */
struct walk
{
  uint64_t below;         /* the last symbol's address that a DWARF variable describes */
  bool have_below;
  struct next_variable above;
  const char *last_file;  /* of the symbol before, NULL at the start */
};

/* The file of S (by_addr index I of SEC), "(unknown)" if none; for
   assembler data of no known file, the unit link order places it in.  */
static const char *
walk_file (struct scan *sc, const struct section *sec, size_t i, const struct symbol *s,
           bool sources, const char **cache, struct walk *w)
{
  const char *name = symbol_file (sc, s, sources, cache);
  if (name == NULL)
    return varmap_assembler_between (sc->vars, w->have_below ? &w->below : NULL,
                                     variable_above (sc, sec, i, &w->above)) ?: unknown;
  if (varmap_file_at (sc->vars, s->addr) != NULL)
    w->below = s->addr, w->have_below = true;
  return name;
}

/* The symbols of SEC, in address order, each counted up to the next one
   so that aliases and overlapping symbols count once; with PLACES, the
   bytes between them by the relocations there.  By file, what is left
   between two symbols of one file is that file's (padding inside the
   section of one object).  */
static uint64_t
split_section (struct scan *sc, const struct section *sec, enum attrib_by by, bool sources,
               const struct places *places, const char **cache, struct tally *t)
{
  const struct symtab *st = &sc->file.symtab;
  uint64_t covered = 0, next_free = sec->addr;
  uint64_t end = sec->addr + sec->shdr.sh_size;
  struct walk w = { 0 };
  for (size_t i = symtab_lower_bound (st, sec->addr); i < st->n_by_addr; i++)
    {
      const struct symbol *s = &st->syms[st->by_addr[i]];
      if (s->addr >= end)
        break;
      if (s->shndx != sec->index || s->size == 0 || s->addr < next_free)
        continue;
      uint64_t left = s->addr - next_free;  /* of the gap before S */
      if (places != NULL && left > 0)
        {
          uint64_t charged = split_gap (sc, sec, places, next_free, s->addr, cache, t);
          covered += charged;
          left -= charged;
        }
      uint64_t bytes = s->addr + s->size > end ? end - s->addr : s->size;
      next_free = s->addr + bytes;
      /* by symbol, each symbol's file too: the HTML report's treemap is
         section -> file -> symbol */
      const char *file = walk_file (sc, sec, i, s, sources, cache, &w);
      bool padding = file != unknown && w.last_file != NULL && strcmp (file, w.last_file) == 0;
      w.last_file = file;
      if (padding && left > 0)
        {
          tally_add (t, by == ATTRIB_FILE ? file : unattributed, left, sec->name,
                     by == ATTRIB_FILE ? NULL : file);
          covered += left;
        }
      covered += bytes;
      if (by == ATTRIB_FILE)
        tally_add (t, file, bytes, sec->name, NULL);
      else
        tally_add (t, s->name, bytes, sec->name, file != unknown ? file : NULL);
    }
  if (places != NULL && end > next_free)
    covered += split_gap (sc, sec, places, next_free, end, cache, t);
  return covered;
}

static const char *const by_names[] = {
  [ATTRIB_SECTION] = "section",
  [ATTRIB_SYMBOL] = "symbol",
  [ATTRIB_FILE] = "file",
};

const char *
attrib_by_name (enum attrib_by by)
{
  return by < ARRAY_SIZE (by_names) ? by_names[by] : NULL;
}

enum attrib_by
attrib_by_parse (const char *name)
{
  for (size_t i = 0; i < ARRAY_SIZE (by_names); i++)
    if (by_names[i] != NULL && strcmp (by_names[i], name) == 0)
      return (enum attrib_by) i;
  return ATTRIB_NONE;
}

/* SEC as one of its architecture's patch-site tables (see struct
   patch_table): each entry charged to the file of its site.  Only when
   no relocation or symbol told anything of it, and its size is a whole
   number of entries.  Returns the bytes charged.  */
static uint64_t
split_patch_table (struct scan *sc, const struct section *sec, const char **cache,
                   struct tally *t)
{
  struct image *img = &sc->file;
  const struct patch_table *pt = NULL;
  for (size_t i = 0; img->arch != NULL && i < img->arch->npatch_tables; i++)
    if (strcmp (img->arch->patch_tables[i].section, sec->name) == 0)
      pt = &img->arch->patch_tables[i];
  uint64_t size = sec->shdr.sh_size;
  const unsigned char *bytes = pt != NULL ? image_section_bytes (img, sec, 0, size) : NULL;
  if (bytes == NULL || size % pt->entry_size != 0)
    return 0;
  uint64_t charged = 0;
  struct run run = { 0 };
  for (uint64_t off = 0; off < size; off += pt->entry_size)
    {
      uint64_t field = off + pt->site_field;
      int64_t rel = sign_extend (read_uint (bytes + field, 4, img->big_endian), 32);
      const char *file = file_at (sc, sec->addr + field + (uint64_t) rel, cache);
      if (file == NULL)
        continue;
      run_add (&run, t, file, pt->entry_size, sec->name);
      charged += pt->entry_size;
    }
  run_flush (&run, t, sec->name);
  return charged;
}

static int
compare_place (const void *a, const void *b)
{
  const struct reloc *x = a, *y = b;
  return x->offset < y->offset ? -1 : x->offset > y->offset;
}

/* The self-relocation table of a linked image (arm64's .rela.dyn, see
   split_relocation_table) as the places of the sections it relocates:
   its entries without a symbol (R_AARCH64_RELATIVE and the like), whose
   addend is the address the place will hold, by address.  A linked image
   without --emit-relocs has no other relocations.  */
static void
read_self_relocations (struct scan *sc, struct places *out)
{
  struct image *img = &sc->file;
  size_t cap = 0;
  *out = (struct places) { 0 };
  for (size_t s = 0; s < img->nsections; s++)
    {
      const struct section *sec = &img->sections[s];
      Elf_Data *data = sec->shdr.sh_type == SHT_RELA && (sec->shdr.sh_flags & SHF_ALLOC)
                       ? elf_getdata (sec->scn, NULL) : NULL;
      GElf_Rela r;
      for (int i = 0; data != NULL && gelf_getrela (data, i, &r) != NULL; i++)
        if (ELF64_R_SYM (r.r_info) == 0)
          *ARRAY_PUSH (out->relocs, out->n, cap)
            = (struct reloc) { .offset = r.r_offset, .addend = r.r_addend };
    }
  if (out->n > 1)
    qsort (out->relocs, out->n, sizeof *out->relocs, compare_place);
}

/* The relocations of SEC, when they can tell files: --by=file with
   DWARF sources (a vmlinux linked with --emit-relocs keeps them; a damaged
   table costs the attribution of the gaps, nothing else).  */
static bool
read_places (struct scan *sc, const struct section *sec, struct places *p)
{
  char *why = NULL;
  long n = sec->reloc_section != 0 ? reloc_read_or_say (&sc->file, sec, &p->relocs, &why) : 0;
  free (why);
  p->n = n > 0 ? (size_t) n : 0;
  p->base = sec->addr;
  return p->n > 0;
}

void
attribute_init_memory (struct scan *sc, enum attrib_by by, bool sources)
{
  struct image *img = &sc->file;
  struct tally t = { 0 };
  uint64_t total = 0;
  /* by symbol too: the bytes no symbol covers go by file as well (the
     HTML report's treemap is section -> file -> symbol) */
  bool files = by != ATTRIB_SECTION && sources;
  t.by_symbol = by == ATTRIB_SYMBOL;
  if (files && sc->vars == NULL)
    sc->vars = varmap_open (img);
  const char **cache = xcalloc (img->symtab.n ? img->symtab.n : 1, sizeof *cache);
  struct places self = { 0 };
  if (files && img->kind == IMAGE_VMLINUX)
    read_self_relocations (sc, &self);
  for (size_t i = 0; i < img->nsections; i++)
    {
      const struct section *sec = &img->sections[i];
      if (!looked_at (sc, sec))
        continue;
      total += sec->shdr.sh_size;
      struct places places = { 0 };
      bool relocs = files && read_places (sc, sec, &places);
      const struct places *p = relocs ? &places : self.n > 0 ? &self : NULL;
      uint64_t covered = by == ATTRIB_SECTION ? 0
                         : split_section (sc, sec, by, sources, p, cache, &t);
      if (files && img->kind == IMAGE_VMLINUX
          && (sec->shdr.sh_type == SHT_RELA || sec->shdr.sh_type == SHT_REL))
        covered += split_relocation_table (sc, sec, cache, &t);
      if (files && covered == 0)
        covered = split_patch_table (sc, sec, cache, &t);
      free (places.relocs);
      if (sec->shdr.sh_size > covered)
        tally_add (&t, by == ATTRIB_SECTION ? sec->name : unattributed,
                   sec->shdr.sh_size - covered, sec->name, NULL);
    }
  free (cache);
  free (self.relocs);
  if (by != ATTRIB_SYMBOL)
    tally_merge (&t, 0);
  else
    merge_placeholders (&t);
  if (t.n > 0)
    qsort (t.parts, t.n, sizeof *t.parts, compare_bytes);
  free (sc->attrib.parts);
  sc->attrib = (struct attribution) { by, t.parts, t.n, total };
}
