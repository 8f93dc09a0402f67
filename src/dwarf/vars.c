/* Variables with static storage from .debug_info, read with the bounded
   cursor of src/dwarf/read.c (a relocatable file's fields come out
   relocated).  Only the top-level DIEs of a unit are read: a DIE with
   children says where its subtree ends (DW_AT_sibling, which GCC writes)
   and the walk jumps there.  */
#include "dwarf/vars.h"

#include <dwarf.h>
#include <stdlib.h>
#include <string.h>

#include "dwarf/src.h"
#include "index/image.h"
#include "util/util.h"

/* One abbreviation of a unit's table (DWARF 5, 7.5.3), its attribute
   specifications decoded once (a unit has thousands of DIEs).  */
struct abbrev
{
  uint64_t code;   /* first: searched with first_above() */
  size_t specs, nspecs;  /* in struct abbrevs' specs */
  uint64_t tag;
  bool children;
};

struct spec
{
  uint64_t name, form;
};

struct abbrevs
{
  struct abbrev *a;
  size_t n;
  struct spec *specs;
  size_t nspecs;
  bool dense;      /* codes 1..n: a[code - 1] */
};

static int
compare_abbrev (const void *a, const void *b)
{
  const struct abbrev *x = a, *y = b;
  return x->code < y->code ? -1 : x->code > y->code;
}

/* The abbreviation table at OFFSET, sorted by code.  */
static void
read_abbrevs (const struct image *img, const struct dwr_section *abbrev, uint64_t offset,
              struct abbrevs *out)
{
  size_t cap = 0, scap = 0;
  *out = (struct abbrevs) { 0 };
  struct dwr_cursor a = dwr_cursor (img, abbrev, offset, abbrev->size);
  for (;;)
    {
      uint64_t code = dwr_uleb (&a);
      if (a.bad || code == 0)
        break;
      struct abbrev *ab = ARRAY_PUSH (out->a, out->n, cap);
      ab->code = code;
      ab->tag = dwr_uleb (&a);
      ab->children = dwr_u8 (&a) != 0;
      ab->specs = out->nspecs;
      for (;;)
        {
          uint64_t name = dwr_uleb (&a), form = dwr_uleb (&a);
          if (form == DW_FORM_implicit_const)
            dwr_sleb (&a); /* its value: nothing read here needs it */
          if (a.bad || (name == 0 && form == 0))
            break;
          *ARRAY_PUSH (out->specs, out->nspecs, scap) = (struct spec) { name, form };
        }
      ab->nspecs = out->nspecs - ab->specs;
    }
  if (out->n > 1)
    qsort (out->a, out->n, sizeof *out->a, compare_abbrev);
  out->dense = out->n > 0 && out->a[0].code == 1 && out->a[out->n - 1].code == out->n;
}

static const struct abbrev *
find_abbrev (const struct abbrevs *t, uint64_t code)
{
  if (t->dense)
    return code >= 1 && code <= t->n ? &t->a[code - 1] : NULL;
  size_t i = first_above (t->a, t->n, sizeof *t->a, code);
  return i > 0 && t->a[i - 1].code == code ? &t->a[i - 1] : NULL;
}

/* Consume a DW_AT_location of FORM; true with *ADDR if it is a single
   DW_OP_addr, the location of a variable with static storage.  */
static bool
location_address (struct dwr_cursor *c, uint64_t form, unsigned asize, uint64_t *addr)
{
  uint64_t len = form == DW_FORM_block1 ? dwr_u8 (c) : dwr_uleb (c);
  size_t start = c->pos;
  bool found = len == 1 + asize && dwr_u8 (c) == DW_OP_addr;
  if (found)
    *addr = dwr_field (c, asize);
  dwr_skip (c, len - (c->pos - start));
  return found && !c->bad;
}

/* What initscan keeps of one DIE.  */
struct die
{
  bool has_addr;
  uint64_t addr;      /* single-address location */
  uint64_t sibling;   /* unit-relative offset of the next sibling, 0 if none */
  const char *name, *comp_dir;
  uint64_t language;
};

/* Read the attributes of one DIE of abbreviation AB.  */
static bool
read_die (struct dwr_cursor *c, const struct dwr_form_env *env, const struct abbrevs *t,
          const struct abbrev *ab, struct die *d)
{
  *d = (struct die) { 0 };
  for (const struct spec *sp = t->specs + ab->specs; sp < t->specs + ab->specs + ab->nspecs; sp++)
    {
      struct dwr_value v;
      if (sp->form == DW_FORM_implicit_const)
        continue;
      if (sp->name == DW_AT_location
          && (sp->form == DW_FORM_exprloc || sp->form == DW_FORM_block1
              || sp->form == DW_FORM_block))
        d->has_addr = location_address (c, sp->form, env->address_size, &d->addr);
      else if (!dwr_form_value (c, sp->form, env, &v))
        return false;
      else if (sp->name == DW_AT_sibling && sp->form >= DW_FORM_ref1
               && sp->form <= DW_FORM_ref_udata)
        d->sibling = v.u;
      else if (sp->name == DW_AT_name)
        d->name = v.str;
      else if (sp->name == DW_AT_comp_dir)
        d->comp_dir = v.str;
      else if (sp->name == DW_AT_language)
        d->language = v.u;
    }
  return !c->bad;
}

bool
dwr_unit_variables (const struct image *img, const struct dwr_section *info,
                    const struct dwr_section *abbrev, const struct dwr_form_env *strs,
                    uint64_t unit, struct dwr_unit_names *names,
                    void (*fn) (void *arg, uint64_t addr), void *arg)
{
  struct dwr_cursor c = dwr_cursor (img, info, unit, info->size);
  struct dwr_form_env env = *strs;
  uint64_t abbrev_offset;
  if (!dwr_info_unit (&c, &env, &abbrev_offset)
      || (env.address_size != 4 && env.address_size != 8))
    return false;
  struct abbrevs t;
  read_abbrevs (img, abbrev, abbrev_offset, &t);
  /* only the unit's own strings are wanted: the others are not looked up */
  struct dwr_form_env quiet = env;
  quiet.str = quiet.line_str = NULL;
  unsigned depth = 0;  /* of the next DIE: 0 the unit's own, 1 its children */
  while (!c.bad && c.pos < c.end)
    {
      uint64_t code = dwr_uleb (&c);
      if (code == 0)
        {
          if (depth-- <= 1)
            break;
          continue;
        }
      const struct abbrev *ab = find_abbrev (&t, code);
      struct die d;
      if (ab == NULL || !read_die (&c, depth == 0 ? &env : &quiet, &t, ab, &d))
        break;
      if (depth == 0 && names != NULL)
        *names = (struct dwr_unit_names) { d.name, d.comp_dir,
                                           d.language == DW_LANG_Mips_Assembler };
      if (depth == 1 && ab->tag == DW_TAG_variable && d.has_addr)
        fn (arg, d.addr);
      /* a child's subtree is skipped when it says where it ends */
      if (ab->children && depth > 0 && d.sibling > c.pos - unit && unit + d.sibling <= c.end)
        c.pos = unit + d.sibling;
      else if (ab->children)
        depth++;
    }
  free (t.a);
  free (t.specs);
  return true;
}

/* A variable's address and the unit defining it.  */
struct var
{
  uint64_t addr;  /* first: searched with first_above() */
  uint32_t unit;
};

struct unit_name
{
  const char *stem;  /* the base name without its extension, owned */
  size_t len;
  const char *path;
};

struct varmap
{
  struct dwr_section info, abbrev, str, line_str, aranges;
  struct var *vars;
  size_t nvars, vars_cap;
  uint64_t *offsets;  /* per unit: where it starts in .debug_info */
  size_t *asm_before; /* ... how many assembler units precede it */
  char **paths;       /* ... its source file, normalised */
  const char **rel;   /* ... the part of paths[i] from the top of the tree */
  size_t nunits, units_cap;
  struct unit_name *names; /* sorted by stem */
  size_t nnames;
  struct addr_range *code; /* .debug_aranges: the units' code, sorted */
  size_t ncode, code_cap;
};

struct collect
{
  struct varmap *m;
  uint32_t unit;
};

static void
add_var (void *arg, uint64_t addr)
{
  struct collect *x = arg;
  *ARRAY_PUSH (x->m->vars, x->m->nvars, x->m->vars_cap) = (struct var) { addr, x->unit };
}

static int
compare_var (const void *a, const void *b)
{
  const struct var *x = a, *y = b;
  return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* The unit's source file: its DW_AT_name, joined to DW_AT_comp_dir if
   relative, from the top of the tree (source_path_relative).  */
static void
add_unit (struct varmap *m, uint64_t offset, const struct dwr_unit_names *n)
{
  size_t cap = m->units_cap;
  char *path = NULL;
  /* a relative compilation directory is one -fdebug-prefix-map made
     relative to the top of the tree (Debian's), as it did the name */
  bool join = n->name != NULL && n->name[0] != '/' && n->comp_dir != NULL && n->comp_dir[0] == '/';
  if (n->name != NULL)
    path = path_normalise (join ? xasprintf ("%s/%s", n->comp_dir, n->name) : xstrdup (n->name));
  *ARRAY_PUSH (m->paths, m->nunits, m->units_cap) = path;
  if (m->units_cap != cap)
    {
      m->rel = xreallocarray (m->rel, m->units_cap, sizeof *m->rel);
      m->offsets = xreallocarray (m->offsets, m->units_cap, sizeof *m->offsets);
      m->asm_before = xreallocarray (m->asm_before, m->units_cap + 1, sizeof *m->asm_before);
    }
  size_t u = m->nunits - 1;
  if (u == 0)
    m->asm_before[0] = 0;
  m->asm_before[u + 1] = m->asm_before[u] + n->assembler;
  m->rel[u] = path != NULL ? source_path_relative (n->comp_dir, path) : NULL;
  m->offsets[u] = offset;
}

/* One range of .debug_aranges, for the unit at offset INFO.  */
static void
add_code (void *arg, uint64_t info, uint64_t lo, uint64_t hi)
{
  struct varmap *m = arg;
  size_t i = first_above (m->offsets, m->nunits, sizeof *m->offsets, info);
  if (i > 0 && m->offsets[i - 1] == info)
    *ARRAY_PUSH (m->code, m->ncode, m->code_cap) = (struct addr_range) { lo, hi, i - 1 };
}

static int
compare_unit_name (const void *a, const void *b)
{
  const struct unit_name *x = a, *y = b;
  int c = strncmp (x->stem, y->stem, x->len < y->len ? x->len : y->len);
  return c != 0 ? c : x->len < y->len ? -1 : x->len > y->len;
}

static void
index_unit_names (struct varmap *m)
{
  m->names = xcalloc (m->nunits ? m->nunits : 1, sizeof *m->names);
  for (size_t i = 0; i < m->nunits; i++)
    if (m->rel[i] != NULL)
      {
        const char *slash = strrchr (m->rel[i], '/'), *base = slash ? slash + 1 : m->rel[i];
        const char *dot = strrchr (base, '.');
        m->names[m->nnames++] = (struct unit_name) {
          base, dot ? (size_t) (dot - base) : strlen (base), m->rel[i],
        };
      }
  qsort (m->names, m->nnames, sizeof *m->names, compare_unit_name);
}

struct varmap *
varmap_open (struct image *img)
{
  struct varmap *m = xcalloc (1, sizeof *m);
  bool ok = dwr_section_load (img, ".debug_info", &m->info)
            && dwr_section_load (img, ".debug_abbrev", &m->abbrev)
            && dwr_section_load (img, ".debug_str", &m->str)
            && dwr_section_load (img, ".debug_line_str", &m->line_str)
            && dwr_section_load (img, ".debug_aranges", &m->aranges);
  if (!ok || m->info.data == NULL || m->abbrev.data == NULL)
    {
      varmap_close (m);
      return NULL;
    }
  struct dwr_form_env strs = { .str = &m->str, .line_str = &m->line_str };
  struct dwr_cursor c = dwr_cursor (img, &m->info, 0, m->info.size), unit;
  size_t start;
  unsigned offset_size;
  while (dwr_next_unit (&c, &start, &unit, &offset_size))
    {
      struct collect x = { m, (uint32_t) m->nunits };
      struct dwr_unit_names names = { 0 };
      dwr_unit_variables (img, &m->info, &m->abbrev, &strs, start, &names, add_var, &x);
      add_unit (m, start, &names);
    }
  if (m->nvars > 1)
    qsort (m->vars, m->nvars, sizeof *m->vars, compare_var);
  index_unit_names (m);
  dwr_aranges_walk (img, &m->aranges, add_code, m);
  sort_ranges (m->code, m->ncode);
  return m;
}

void
varmap_close (struct varmap *m)
{
  if (m == NULL)
    return;
  for (size_t i = 0; i < m->nunits; i++)
    free (m->paths[i]);
  free (m->paths);
  free (m->rel);
  free (m->offsets);
  free (m->asm_before);
  free (m->code);
  free (m->names);
  free (m->vars);
  struct dwr_section *secs[] = { &m->info, &m->abbrev, &m->str, &m->line_str, &m->aranges };
  for (size_t i = 0; i < ARRAY_SIZE (secs); i++)
    dwr_section_free (secs[i]);
  free (m);
}

const char *
varmap_file_at (const struct varmap *m, uint64_t addr)
{
  if (m == NULL)
    return NULL;
  size_t i = first_above (m->vars, m->nvars, sizeof *m->vars, addr);
  return i > 0 && m->vars[i - 1].addr == addr ? m->rel[m->vars[i - 1].unit] : NULL;
}

const char *
varmap_unit_named (const struct varmap *m, const char *base)
{
  if (m == NULL)
    return NULL;
  const char *dot = strrchr (base, '.');
  struct unit_name key = { base, dot ? (size_t) (dot - base) : strlen (base), NULL };
  struct unit_name *u = bsearch (&key, m->names, m->nnames, sizeof *m->names, compare_unit_name);
  if (u == NULL)
    return NULL;
  bool alone = (u == m->names || compare_unit_name (&u[-1], &key) != 0)
               && (u + 1 == m->names + m->nnames || compare_unit_name (&u[1], &key) != 0);
  return alone ? u->path : NULL;
}

const char *
varmap_code_file_at (const struct varmap *m, uint64_t addr)
{
  if (m == NULL)
    return NULL;
  size_t i = first_above (m->code, m->ncode, sizeof *m->code, addr);
  return i > 0 && addr < m->code[i - 1].hi ? m->rel[m->code[i - 1].owner] : NULL;
}

/* The unit defining the variable at ADDR, NONE if none.  */
static size_t
var_unit (const struct varmap *m, uint64_t addr, size_t none)
{
  size_t i = first_above (m->vars, m->nvars, sizeof *m->vars, addr);
  return i > 0 && m->vars[i - 1].addr == addr ? m->vars[i - 1].unit : none;
}

const char *
varmap_assembler_between (const struct varmap *m, const uint64_t *below, const uint64_t *above)
{
  if (m == NULL || m->nunits == 0)
    return NULL;
  /* units (lo, hi) exclusive, in link order */
  size_t lo = below != NULL ? var_unit (m, *below, SIZE_MAX) : SIZE_MAX;
  size_t hi = above != NULL ? var_unit (m, *above, m->nunits) : m->nunits;
  if ((below != NULL && lo == SIZE_MAX) || (above != NULL && hi == m->nunits))
    return NULL;
  size_t first = lo == SIZE_MAX ? 0 : lo + 1;
  if (first >= hi || m->asm_before[hi] - m->asm_before[first] != 1)
    return NULL;
  /* the one assembler unit: where the count steps up */
  size_t u = first;
  while (m->asm_before[u + 1] == m->asm_before[first])
    u++;
  return m->rel[u];
}
