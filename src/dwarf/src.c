/* Source positions from the image's own DWARF line tables.

   Only the line programs of the compile units that hold a looked-up
   address are decoded, once each.  Which unit that is comes, in a linked
   image, from .debug_aranges and the unit's DW_AT_stmt_list; in a
   relocatable file from the relocations of .debug_line itself: each
   DW_LNE_set_address operand is relocated against the section its
   sequence lies in, which names the program for that part of the
   section without reading .debug_info, whose relocations are by far the
   largest part of a module.  */
#include "dwarf/src.h"

#include <dwarf.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "dwarf/line.h"
#include "dwarf/read.h"
#include "index/image.h"
#include "index/reloc.h"
#include "util/util.h"

struct line_unit
{
  /* Lookups may run in two threads (see analyse.c): a unit is decoded
     and searched under its own lock.  */
  pthread_mutex_t lock;
  uint64_t info_offset;   /* linked images: the unit in .debug_info */
  size_t line_offset;     /* relocatable files: the program in .debug_line */
  bool tried, decoded;
  const char *comp_dir;   /* DW_AT_comp_dir; NULL if not read */
  struct line_program prog;
};

/* Addresses [lo, hi) belong to units[unit]; sorted by lo (first: searched
   with first_above()).  */
struct srcmap
{
  struct dwr_section info, abbrev, line, str, line_str, aranges;
  struct dwr_form_env env;
  struct line_unit *units;
  size_t nunits;
  struct addr_range *ranges;
  size_t nranges;
  char *root;             /* source_tree_root(), once detected */
  bool root_detected;
};

static struct addr_range *
add_range (struct srcmap *map, size_t *cap, uint64_t lo, uint64_t hi, size_t unit)
{
  struct addr_range *r = ARRAY_PUSH (map->ranges, map->nranges, *cap);
  *r = (struct addr_range) { lo, hi, unit };
  return r;
}

static size_t
add_unit (struct srcmap *map, size_t *cap, uint64_t info_offset, size_t line_offset)
{
  struct line_unit *u = ARRAY_PUSH (map->units, map->nunits, *cap);
  *u = (struct line_unit) { .info_offset = info_offset, .line_offset = line_offset };
  return map->nunits - 1;
}

struct aranges_index
{
  struct srcmap *map;
  size_t ucap, rcap;
};

/* One range of .debug_aranges: a unit for each set (they come one per
   unit), a range for its unit.  */
static void
index_arange (void *arg, uint64_t info, uint64_t lo, uint64_t hi)
{
  struct aranges_index *x = arg;
  struct srcmap *map = x->map;
  if (map->nunits == 0 || map->units[map->nunits - 1].info_offset != info)
    add_unit (map, &x->ucap, info, 0);
  add_range (map, &x->rcap, lo, hi, map->nunits - 1);
}

static void
index_aranges (const struct image *img, struct srcmap *map)
{
  struct aranges_index x = { .map = map };
  dwr_aranges_walk (img, &map->aranges, index_arange, &x);
}

/* The offsets of the line programs of .debug_line, in order.  */
static uint64_t *
line_units (const struct image *img, const struct srcmap *map, size_t *n)
{
  size_t cap = 0, start;
  uint64_t *starts = NULL;
  *n = 0;
  struct dwr_cursor c = dwr_cursor (img, &map->line, 0, map->line.size), unit;
  unsigned offset_size;
  while (dwr_next_unit (&c, &start, &unit, &offset_size))
    *ARRAY_PUSH (starts, *n, cap) = start;
  return starts;
}

/* Relocatable files: every relocation of .debug_line against an
   allocated section is a DW_LNE_set_address, starting (part of) a
   sequence of its program at the address it gives.  */
static void
index_set_address_relocs (const struct image *img, struct srcmap *map)
{
  size_t n, ucap = 0, rcap = 0;
  uint64_t *starts = line_units (img, map, &n);
  for (size_t i = 0; i < n; i++)
    add_unit (map, &ucap, 0, (size_t) starts[i]);
  for (size_t i = 0; i < map->line.nrelocs; i++)
    {
      const struct reloc *r = &map->line.relocs[i];
      const struct symbol *s = &img->symtab.syms[r->sym];
      if (n == 0 || r->offset < starts[0] || r->info == NULL || r->info->kind != RELOC_ABS
          || s->shndx >= img->nsections
          || !(img->sections[s->shndx].shdr.sh_flags & SHF_ALLOC))
        continue;
      /* its program: the last starting at or below it */
      add_range (map, &rcap, reloc_target (img, r), UINT64_MAX,
                 first_above (starts, n, sizeof *starts, r->offset) - 1);
    }
  free (starts);
}

/* Linked images without .debug_aranges (clang does not write it):
   decode every program and index its sequences.  */
static void
index_all_programs (const struct image *img, struct srcmap *map)
{
  size_t n, ucap = 0, rcap = 0;
  uint64_t *starts = line_units (img, map, &n);
  for (size_t i = 0; i < n; i++)
    {
      size_t unit = add_unit (map, &ucap, 0, (size_t) starts[i]);
      struct line_unit *u = &map->units[unit];
      u->tried = true;
      u->decoded = line_program_decode (img, &map->line, &map->env, u->line_offset, NULL, &u->prog);
      for (size_t q = 0; u->decoded && q < u->prog.nseqs; q++)
        add_range (map, &rcap, u->prog.seqs[q].start, u->prog.seqs[q].end, unit);
    }
  free (starts);
}

/* The sections read besides .debug_line.  */
static bool
load_sections (struct image *img, struct srcmap *map)
{
  bool linked = img->kind == IMAGE_VMLINUX;
  bool ok = dwr_section_load (img, ".debug_str", &map->str)
            && dwr_section_load (img, ".debug_line_str", &map->line_str);
  if (ok && linked)
    ok = dwr_section_load (img, ".debug_aranges", &map->aranges)
         && dwr_section_load (img, ".debug_info", &map->info)
         && dwr_section_load (img, ".debug_abbrev", &map->abbrev);
  map->env.str = &map->str;
  map->env.line_str = &map->line_str;
  return ok;
}

static struct srcmap *
srcmap_open (struct image *img)
{
  struct srcmap *map = xcalloc (1, sizeof *map);
  if (!dwr_section_load (img, ".debug_line", &map->line))
    return map;
  if (map->line.data == NULL)
    {
      image_note (img, "no DWARF line table (.debug_line): source lines unavailable");
      return map;
    }
  if (!load_sections (img, map))
    return map;
  if (img->kind != IMAGE_VMLINUX)
    index_set_address_relocs (img, map);
  else if (map->aranges.data != NULL && map->info.data != NULL)
    index_aranges (img, map);
  else
    index_all_programs (img, map);
  sort_ranges (map->ranges, map->nranges);
  /* the units stay in place from here: their locks can be made */
  for (size_t i = 0; i < map->nunits; i++)
    pthread_mutex_init (&map->units[i].lock, NULL);
  return map;
}

void
srcmap_close (struct srcmap *map)
{
  if (map == NULL)
    return;
  for (size_t i = 0; i < map->nunits; i++)
    {
      line_program_free (&map->units[i].prog);
      pthread_mutex_destroy (&map->units[i].lock);
    }
  free (map->units);
  free (map->ranges);
  free (map->root);
  struct dwr_section *secs[] = { &map->info, &map->abbrev, &map->line,
                                   &map->str, &map->line_str, &map->aranges };
  for (size_t i = 0; i < ARRAY_SIZE (secs); i++)
    dwr_section_free (secs[i]);
  free (map);
}

/* Position A at the attribute specifications of abbreviation CODE of the
   table at OFFSET of .debug_abbrev.  */
static bool
find_abbrev (const struct image *img, const struct srcmap *map, uint64_t offset,
             uint64_t code, struct dwr_cursor *a)
{
  *a = dwr_cursor (img, &map->abbrev, offset, map->abbrev.size);
  while (!a->bad)
    {
      uint64_t c = dwr_uleb (a);
      if (c == 0)
        return false;
      dwr_uleb (a); /* tag */
      dwr_u8 (a);   /* has children */
      if (c == code)
        return !a->bad;
      dwr_skip_abbrev_specs (a);
    }
  return false;
}

/* The unit header at U->info_offset and its first DIE (DWARF 5, 7.5.1):
   DW_AT_stmt_list into *LINE_OFFSET, DW_AT_comp_dir into U.  */
static bool
read_unit_die (const struct image *img, const struct srcmap *map, struct line_unit *u,
               uint64_t *line_offset)
{
  struct dwr_cursor c = dwr_cursor (img, &map->info, u->info_offset, map->info.size);
  struct dwr_form_env env = map->env;
  uint64_t abbrev_offset;
  struct dwr_cursor a;
  if (!dwr_info_unit (&c, &env, &abbrev_offset)
      || !find_abbrev (img, map, abbrev_offset, dwr_uleb (&c), &a))
    return false;
  bool have_stmt_list = false;
  for (;;)
    {
      uint64_t name = dwr_uleb (&a), form = dwr_uleb (&a);
      struct dwr_value v;
      if (a.bad || (name == 0 && form == 0))
        return have_stmt_list;
      if (form == DW_FORM_implicit_const)
        v.u = (uint64_t) dwr_sleb (&a);
      else if (!dwr_form_value (&c, form, &env, &v))
        return false;
      if (name == DW_AT_stmt_list)
        {
          *line_offset = v.u;
          have_stmt_list = true;
        }
      else if (name == DW_AT_comp_dir)
        u->comp_dir = v.str;
    }
}

/* The decoded program of unit U, on first use.  */
static struct line_program *
unit_program (const struct image *img, struct srcmap *map, struct line_unit *u)
{
  if (!u->tried)
    {
      u->tried = true;
      uint64_t offset = u->line_offset;
      if (img->kind != IMAGE_VMLINUX || read_unit_die (img, map, u, &offset))
        u->decoded = offset < map->line.size
                     && line_program_decode (img, &map->line, &map->env, (size_t) offset,
                                             u->comp_dir, &u->prog);
    }
  return u->decoded ? &u->prog : NULL;
}

/* The index of the first range starting above ADDR.  */
static size_t
range_above (const struct srcmap *map, uint64_t addr)
{
  return first_above (map->ranges, map->nranges, sizeof *map->ranges, addr);
}

static struct line_unit *
unit_at (struct srcmap *map, uint64_t addr)
{
  size_t i = range_above (map, addr);
  if (i == 0 || addr >= map->ranges[i - 1].hi)
    return NULL;
  return &map->units[map->ranges[i - 1].owner];
}

/* The unit of the first range starting inside (LO, HI).  */
static struct line_unit *
unit_starting_in (struct srcmap *map, uint64_t lo, uint64_t hi)
{
  size_t i = range_above (map, lo);
  return i < map->nranges && map->ranges[i].lo < hi ? &map->units[map->ranges[i].owner] : NULL;
}

/* Paths relative to the top of the kernel tree ("drivers/foo/bar.c", as
   the kernel's own messages print them), so that they do not depend on
   where a kernel was built.  kbuild runs the compiler from the top of the
   tree, or, building out of tree (make O=…, as Debian does), from a build
   directory inside it: then the assembler's absolute paths share the tree
   with the compilation directory, and that common part goes.  The
   compilation directory is DWARF 5's directory 0 (GCC writes the same
   there as in DW_AT_comp_dir), before DWARF 5 the unit's DW_AT_comp_dir.  */
static const char *
unit_dir (const struct line_unit *u)
{
  return u->prog.version >= 5 && u->prog.ndirs > 0 ? u->prog.dirs[0] : u->comp_dir;
}

/* How many leading characters of FILE name the top of the tree (with
   the slash after it), for a unit compiled in DIR; 0 if FILE is relative
   or shares no directory but the root with DIR.  */
static size_t
tree_prefix (const char *dir, const char *file)
{
  if (dir == NULL || file[0] != '/')
    return 0;
  size_t len = strlen (dir);
  if (strncmp (file, dir, len) == 0 && file[len] == '/')
    return len + 1;
  /* the longest common directory of both, if deeper than the root */
  size_t common = 0;
  for (size_t i = 0; dir[i] != '\0' && dir[i] == file[i]; i++)
    if (dir[i] == '/')
      common = i;
  return common > 0 ? common + 1 : 0;
}

/* ... and without the "./" a directory mapped to "." leaves in front
   (-fdebug-prefix-map=DIR=.).  */
const char *
source_path_relative (const char *dir, const char *file)
{
  const char *rel = file + tree_prefix (dir, file);
  while (rel[0] == '.' && rel[1] == '/')
    rel += 2;
  return rel;
}

static const char *
relative_to_comp_dir (const struct line_unit *u, const char *file)
{
  return source_path_relative (unit_dir (u), file);
}

/* The top of the tree of the first decoded unit whose compilation
   directory is absolute: that directory, or the part of its primary
   source file's path it shares (see above).  */
static char *
detect_tree_root (struct srcmap *map)
{
  for (size_t i = 0; i < map->nunits; i++)
    {
      struct line_unit *u = &map->units[i];
      const char *dir = u->decoded ? unit_dir (u) : NULL;
      if (dir == NULL || dir[0] != '/')
        continue;
      /* the primary source file: DWARF 5's file 0, before it file 1 */
      const char *primary = line_program_path (&u->prog, u->prog.version >= 5 ? 0 : 1);
      size_t prefix = primary != NULL ? tree_prefix (dir, primary) : 0;
      return prefix > 0 ? xasprintf ("%.*s", (int) (prefix - 1), primary) : xstrdup (dir);
    }
  return NULL;
}

const char *
source_tree_root (struct srcmap *map)
{
  if (map == NULL)
    return NULL;
  if (!map->root_detected)
    {
      map->root = detect_tree_root (map);
      map->root_detected = true;
    }
  return map->root;
}

void
source_open (struct srcmap **map, struct image *img)
{
  if (*map == NULL)
    *map = srcmap_open (img);
}

static bool
fill_pos (struct line_unit *u, const struct line_row *row, struct source_pos *pos)
{
  const char *file = row ? line_program_path (&u->prog, row->file) : NULL;
  if (file == NULL)
    return false;
  pos->file = relative_to_comp_dir (u, file);
  pos->line = row->line;
  return true;
}

/* The row for ADDR in unit U: the row in effect there, or with HI above
   ADDR the row opening [ADDR, HI).  */
static bool
lookup_in_unit (struct image *img, struct srcmap *map, struct line_unit *u, uint64_t addr,
                uint64_t hi, struct source_pos *pos)
{
  if (u == NULL)
    return false;
  pthread_mutex_lock (&u->lock);
  struct line_program *prog = unit_program (img, map, u);
  const struct line_row *row = NULL;
  if (prog != NULL)
    row = hi > addr ? line_program_find_first (prog, addr, hi) : line_program_find (prog, addr);
  bool found = fill_pos (u, row, pos);
  pthread_mutex_unlock (&u->lock);
  return found;
}

bool
source_lookup (struct srcmap **map, struct image *img, uint64_t addr, struct source_pos *pos)
{
  source_open (map, img);
  return lookup_in_unit (img, *map, unit_at (*map, addr), addr, addr, pos);
}

static bool
sized_function (const struct symbol *s, const void *arg)
{
  (void) arg;
  return s->type == STT_FUNC && s->size > 0;
}

bool
source_lookup_function (struct srcmap **map, struct image *img, uint64_t addr,
                        struct source_pos *pos)
{
  const struct symbol *fn = symbol_find_at (&img->symtab, addr, sized_function, NULL);
  if (fn == NULL || addr + fn->size < addr)
    return source_lookup (map, img, addr, pos);
  source_open (map, img);
  uint64_t end = addr + fn->size;
  return lookup_in_unit (img, *map, unit_at (*map, addr), addr, end, pos)
         || lookup_in_unit (img, *map, unit_starting_in (*map, addr, end), addr, end, pos);
}
