/* What the init memory is made of: each section looked at is split among
   the sized symbols in it; what no symbol covers is the section's
   "(unattributed)" rest.  Files come from DWARF for code (a path from the
   top of the tree) and, for local data, from the STT_FILE symbol that
   precedes it in the symbol table (a base name); global data without DWARF
   is "(unknown)".  */
#include "analysis/attrib.h"

#include <stdlib.h>
#include <string.h>

#include "dwarf/src.h"
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

struct tally
{
  struct init_memory_part *parts;
  size_t n, cap;
};

/* Add BYTES under NAME; names are few enough per image (files) or unique
   enough (symbols) that the list is merged once, after sorting.  */
static void
tally_add (struct tally *t, const char *name, uint64_t bytes, const char *section,
           const char *file)
{
  *ARRAY_PUSH (t->parts, t->n, t->cap) = (struct init_memory_part) { name, bytes, section, file };
}

static int
compare_name (const void *a, const void *b)
{
  const struct init_memory_part *x = a, *y = b;
  return strcmp (x->name, y->name);
}

static int
compare_bytes (const void *a, const void *b)
{
  const struct init_memory_part *x = a, *y = b;
  if (x->bytes != y->bytes)
    return x->bytes > y->bytes ? -1 : 1;
  return strcmp (x->name, y->name);
}

/* Merge equal names (for "file" and "section").  */
static void
tally_merge (struct tally *t)
{
  if (t->n == 0)
    return;
  qsort (t->parts, t->n, sizeof *t->parts, compare_name);
  size_t out = 0;
  for (size_t i = 1; i < t->n; i++)
    if (strcmp (t->parts[i].name, t->parts[out].name) == 0)
      t->parts[out].bytes += t->parts[i].bytes;
    else
      t->parts[++out] = t->parts[i];
  t->n = out + 1;
}

static const char *
base_name (const char *path)
{
  const char *slash = strrchr (path, '/');
  return slash ? slash + 1 : path;
}

/* The path of an STT_FILE group (the locals of one object file): that of
   a function of the group whose DWARF file has the group's base name.  */
static const char *
group_path (struct scan *sc, uint32_t file_index, const char **cache)
{
  struct image *img = &sc->file;
  if (cache[file_index] != NULL)
    return cache[file_index];
  const struct symtab *st = &img->symtab;
  const char *name = st->syms[file_index].name, *path = name;
  for (size_t i = file_index + 1; i < st->n && st->syms[i].type != STT_FILE; i++)
    {
      struct source_pos pos = { 0 };
      const struct symbol *s = &st->syms[i];
      if (s->type == STT_FUNC && s->shndx != SHN_UNDEF && s->shndx < img->nsections
          && source_lookup_function (&sc->src, img, s->addr, &pos) && strcmp (base_name (pos.file), name) == 0)
        {
          path = pos.file;
          break;
        }
    }
  return cache[file_index] = path;
}

/* Code: its DWARF file; local data: its STT_FILE group's.  */
static const char *
symbol_file (struct scan *sc, const struct symbol *s, bool sources, const char **cache)
{
  struct image *img = &sc->file;
  struct source_pos pos = { 0 };
  if (sources && s->type == STT_FUNC && source_lookup_function (&sc->src, img, s->addr, &pos))
    return pos.file;
  if (s->file == NULL)
    return "(unknown)";
  return sources ? group_path (sc, s->file_index, cache) : s->file;
}

/* The symbols of SEC, in address order, each counted up to the next one
   so that aliases and overlapping symbols count once.  */
static uint64_t
split_section (struct scan *sc, const struct section *sec, enum attrib_by by, bool sources,
               const char **cache, struct tally *t)
{
  struct image *img = &sc->file;
  const struct symtab *st = &img->symtab;
  uint64_t covered = 0, next_free = sec->addr;
  uint64_t end = sec->addr + sec->shdr.sh_size;
  for (size_t i = symtab_lower_bound (st, sec->addr); i < st->n_by_addr; i++)
    {
      const struct symbol *s = &st->syms[st->by_addr[i]];
      if (s->addr >= end)
        break;
      if (s->shndx != sec->index || s->size == 0 || s->addr < next_free)
        continue;
      uint64_t bytes = s->addr + s->size > end ? end - s->addr : s->size;
      next_free = s->addr + bytes;
      covered += bytes;
      const char *file = symbol_file (sc, s, sources, cache);
      tally_add (t, by == ATTRIB_FILE ? file : s->name, bytes, sec->name, file);
    }
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

void
attribute_init_memory (struct scan *sc, enum attrib_by by, bool sources)
{
  struct image *img = &sc->file;
  struct tally t = { 0 };
  uint64_t total = 0;
  const char **cache = xcalloc (img->symtab.n ? img->symtab.n : 1, sizeof *cache);
  for (size_t i = 0; i < img->nsections; i++)
    {
      const struct section *sec = &img->sections[i];
      if (!looked_at (sc, sec))
        continue;
      total += sec->shdr.sh_size;
      uint64_t covered
        = by == ATTRIB_SECTION ? 0 : split_section (sc, sec, by, sources, cache, &t);
      if (sec->shdr.sh_size > covered)
        tally_add (&t, by == ATTRIB_SECTION ? sec->name : "(unattributed)",
                   sec->shdr.sh_size - covered, sec->name, NULL);
    }
  free (cache);
  if (by != ATTRIB_SYMBOL)
    tally_merge (&t);
  if (t.n > 0)
    qsort (t.parts, t.n, sizeof *t.parts, compare_bytes);
  free (sc->attrib.parts);
  sc->attrib = (struct attribution) { by, t.parts, t.n, total };
}
