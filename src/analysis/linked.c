/* Linked images: the input sections that a link merged into one output
   section, recovered where no symbol marks them.

   ld lays an output section out statement by statement of the linker
   script, and within a statement such as *(.ref.data) it takes the
   matching input sections file by file in link order.  So each kind of
   input section forms a run of the link order, and the next kind starts
   the order again (include/asm-generic/vmlinux.lds.h TEXT_TEXT and
   DATA_DATA, arch/x86/kernel/vmlinux.lds.S HEAD_TEXT).  Where a place came
   from in link order is told by
   - DWARF: the compile units of .debug_info are in link order (one
     statement, *(.debug_info)); .debug_aranges gives each unit's code,
     and top-level DW_TAG_variable locations its data;
   - STT_FILE groups: ld writes each input file's local symbols after its
     STT_FILE symbol; with DWARF a group is placed by one of its local
     functions, without it the groups' own order stands in for the link
     order: it is the order in which files first appear in the image, the
     link order but for the files of the first run (forget_early_groups).
   A run ends where the link order goes back.  Only the start and the end
   of .debug_info are read: the units that may hold data at the ends of
   .data's main run.  */
#include "analysis/linked.h"

#include <stdlib.h>
#include <string.h>

#include "dwarf/read.h"
#include "dwarf/vars.h"
#include "index/image.h"
#include "analysis/rules.h"
#include "util/util.h"

/* An address range and its place in link order: the offset of its unit
   in .debug_info, or without DWARF the index of its STT_FILE symbol.  */
struct link_order
{
  struct addr_range *pieces;  /* sorted by lo once built */
  size_t n, cap;
  bool dwarf;            /* units are .debug_info offsets */
  struct dwr_section aranges, info, abbrev, none;
};

/* A run of the link order within one output section.  */
struct run
{
  uint64_t begin, end;
  uint64_t first, last;  /* units */
  size_t nunits;         /* distinct units in it */
};

static void
add_piece (struct link_order *o, uint64_t lo, uint64_t hi, uint64_t unit)
{
  if (hi > lo)
    *ARRAY_PUSH (o->pieces, o->n, o->cap) = (struct addr_range) { lo, hi, unit };
}

static bool
load_dwarf (struct image *img, struct link_order *o)
{
  o->dwarf = dwr_section_load (img, ".debug_aranges", &o->aranges)
             && dwr_section_load (img, ".debug_info", &o->info)
             && dwr_section_load (img, ".debug_abbrev", &o->abbrev)
             && o->aranges.data != NULL && o->info.data != NULL && o->abbrev.data != NULL;
  return o->dwarf;
}

static void
add_arange (void *arg, uint64_t unit, uint64_t lo, uint64_t hi)
{
  add_piece (arg, lo, hi, unit);
}

/* The piece holding ADDR among the first N (sorted), or NULL.  */
static const struct addr_range *
piece_at (const struct link_order *o, size_t n, uint64_t addr)
{
  size_t i = first_above (o->pieces, n, sizeof *o->pieces, addr);
  return i > 0 && addr < o->pieces[i - 1].hi ? &o->pieces[i - 1] : NULL;
}

static bool
is_placed_local (const struct image *img, const struct symbol *s)
{
  return s->bind == STB_LOCAL
         && (s->type == STT_FUNC || s->type == STT_OBJECT || s->type == STT_NOTYPE)
         && s->size > 0 && s->file_index != 0 && s->shndx != SHN_UNDEF
         && s->shndx < img->nsections;
}

/* Every sized local symbol, placed by its STT_FILE group.  */
static void
add_local_symbols (const struct image *img, struct link_order *o)
{
  const struct symtab *st = &img->symtab;
  uint64_t *group_unit = xcalloc (st->n, sizeof *group_unit); /* unit + 1, 0: unknown */
  size_t ncode = o->n;
  for (size_t i = 0; i < st->n; i++)
    {
      const struct symbol *s = &st->syms[i];
      if (!is_placed_local (img, s) || group_unit[s->file_index] != 0)
        continue;
      if (!o->dwarf)
        group_unit[s->file_index] = s->file_index + 1;
      else if (s->type == STT_FUNC)
        {
          const struct addr_range *p = piece_at (o, ncode, s->addr);
          if (p != NULL)
            group_unit[s->file_index] = p->owner + 1;
        }
    }
  for (size_t i = 0; i < st->n; i++)
    {
      const struct symbol *s = &st->syms[i];
      if (is_placed_local (img, s) && group_unit[s->file_index] != 0)
        add_piece (o, s->addr, s->addr + s->size, group_unit[s->file_index] - 1);
    }
  free (group_unit);
}

/* The runs of the pieces in [BEGIN, END).  */
static size_t
find_runs (const struct link_order *o, uint64_t begin, uint64_t end, struct run **runs)
{
  size_t n = 0, cap = 0;
  *runs = NULL;
  size_t i = begin > 0 ? first_above (o->pieces, o->n, sizeof *o->pieces, begin - 1) : 0;
  for (; i < o->n && o->pieces[i].lo < end; i++)
    {
      const struct addr_range *p = &o->pieces[i];
      uint64_t hi = p->hi < end ? p->hi : end;
      struct run *r = n > 0 ? &(*runs)[n - 1] : NULL;
      if (r == NULL || p->owner < r->last)
        *ARRAY_PUSH (*runs, n, cap) = (struct run) { p->lo, hi, p->owner, p->owner, 1 };
      else
        {
          if (p->owner > r->last)
            {
              r->nunits++;
              r->last = p->owner;
            }
          if (hi > r->end)
            r->end = hi;
        }
    }
  return n;
}

/* The run most units contribute to: the kind every object has (.text,
   .data), where the others (.head.text, .ref.data…) come from a few.  */
static size_t
main_run (const struct run *runs, size_t n)
{
  size_t best = 0;
  for (size_t i = 1; i < n; i++)
    if (runs[i].nunits > runs[best].nunits)
      best = i;
  return best;
}

static void
add_region (struct linked_map *map, uint64_t begin, uint64_t end, const char *as_section,
            bool unrecovered)
{
  if (end <= begin)
    return;
  *ARRAY_PUSH (map->regions, map->n, map->cap) = (struct linked_region) {
    begin, end, as_section, as_section ? rules_section_groups (as_section) : 0, unrecovered,
  };
}

/* The top-level variables of the unit at UNIT that lie in SEC: pieces for
   the data no STT_FILE group places (globals, and every variable of a
   file with no local function).  */
struct unit_variables
{
  const struct image *img;
  struct link_order *o;
  uint64_t unit;
  const struct section *sec;
};

static void
add_unit_variable (void *arg, uint64_t addr)
{
  struct unit_variables *x = arg;
  const struct section *sec = x->sec;
  if (addr < sec->addr || addr - sec->addr >= sec->shdr.sh_size)
    return;
  const struct symbol *s = symbol_at (&x->img->symtab, addr);
  add_piece (x->o, addr, addr + (s != NULL && s->size > 0 ? s->size : 1), x->unit);
}

static void
add_unit_variables (const struct image *img, struct link_order *o, uint64_t unit,
                    const struct section *sec)
{
  struct dwr_form_env env = { .str = &o->none, .line_str = &o->none };
  struct unit_variables x = { img, o, unit, sec };
  dwr_unit_variables (img, &o->info, &o->abbrev, &env, unit, NULL, add_unit_variable, &x);
}

/* The variables in SEC of the units at or below offset FIRST and at or
   above LAST: those that may own data at either end of a run from FIRST
   to LAST.  */
static void
add_variables (const struct image *img, struct link_order *o, const struct section *sec,
               uint64_t first, uint64_t last)
{
  struct dwr_cursor c = dwr_cursor (img, &o->info, 0, o->info.size), unit;
  size_t start = 0;
  unsigned offset_size;
  while (dwr_next_unit (&c, &start, &unit, &offset_size) && start <= first)
    add_unit_variables (img, o, start, sec);
  if (start <= first)
    return; /* no unit above FIRST */
  /* only the units' headers on the way are read: the rest stays unmapped */
  c = dwr_cursor (img, &o->info, last > start ? last : start, o->info.size);
  while (dwr_next_unit (&c, &start, &unit, &offset_size))
    add_unit_variables (img, o, start, sec);
}

/* .head.text: arch/x86/kernel/vmlinux.lds.S puts HEAD_TEXT first in .text,
   before TEXT_TEXT: the first run, unless that is the main one (no head
   code there).  Returns the last unit of that run, 0 if none.  */
static uint64_t
find_head_text (struct image *img, const struct link_order *o, struct linked_map *map)
{
  const struct section *text = image_section_by_name (img, ".text");
  if (text == NULL || image_section_by_name (img, ".head.text") != NULL)
    return 0;
  struct run *runs;
  size_t n = find_runs (o, text->addr, text->addr + text->shdr.sh_size, &runs);
  uint64_t last = 0;
  if (n > 1 && main_run (runs, n) != 0)
    {
      add_region (map, text->addr, runs[1].begin, ".head.text", false);
      last = runs[0].last + 1;
    }
  free (runs);
  return last;
}

/* Without DWARF the units are STT_FILE groups in the order objects first
   appear in the image, .text first: the head objects come first whatever
   their place in the link, so later runs cannot be judged by them.  Drop
   the pieces of groups below END.  */
static void
forget_early_groups (struct link_order *o, uint64_t end)
{
  size_t kept = 0;
  for (size_t i = 0; i < o->n; i++)
    if (o->pieces[i].owner >= end)
      o->pieces[kept++] = o->pieces[i];
  o->n = kept;
}

/* .ref.text: TEXT_TEXT has it right after NOINSTR_TEXT, which ends at
   __noinstr_text_end; what follows it before the architecture's
   SCHED_TEXT (__sched_text_start) is code modpost reads: .text.asan.*,
   .text.tsan.* and, in Linux 6.1 with CONFIG_MEMORY_HOTPLUG, .meminit.text
   (MEM_KEEP).  So .ref.text is the first run there, or all of it when no
   second run shows.  */
static void
find_ref_text (struct image *img, const struct link_order *o, struct linked_map *map)
{
  const struct symbol *b = symbol_by_name (&img->symtab, "__noinstr_text_end");
  const struct symbol *e = symbol_by_name (&img->symtab, "__sched_text_start");
  if (b == NULL || e == NULL || e->addr <= b->addr)
    return;
  struct run *runs;
  size_t n = find_runs (o, b->addr, e->addr, &runs);
  add_region (map, b->addr, n > 1 ? runs[1].begin : e->addr, ".ref.text", false);
  free (runs);
}

/* Input sections include/asm-generic/vmlinux.lds.h places inside .text
   between boundary symbols of their own (LOCK_TEXT, ENTRY_TEXT,
   IRQENTRY_TEXT, SOFTIRQENTRY_TEXT, STATIC_CALL_TEXT) that modpost does
   not read as code that stays (scripts/mod/modpost.c OTHER_TEXT_SECTIONS,
   or no group at all): the rules judge them by their own names.  */
static const struct marked_section
{
  const char *begin, *end, *name;
} marked_sections[] = {
  { "__lock_text_start", "__lock_text_end", ".spinlock.text" },
  { "__entry_text_start", "__entry_text_end", ".entry.text" },
  { "__irqentry_text_start", "__irqentry_text_end", ".irqentry.text" },
  { "__softirqentry_text_start", "__softirqentry_text_end", ".softirqentry.text" },
  { "__static_call_text_start", "__static_call_text_end", ".static_call.text" },
};

static void
find_marked_sections (struct image *img, struct linked_map *map)
{
  for (size_t i = 0; i < ARRAY_SIZE (marked_sections); i++)
    {
      const struct symbol *b = symbol_by_name (&img->symtab, marked_sections[i].begin);
      const struct symbol *e = symbol_by_name (&img->symtab, marked_sections[i].end);
      if (b != NULL && e != NULL)
        add_region (map, b->addr, e->addr, marked_sections[i].name, false);
    }
}

/* .data: only its DATA_MAIN run is input .data, the one section of it
   modpost reads (DATA_SECTIONS); init_task, page- and cacheline-aligned
   data come before it, .ref.data and the rest of DATA_DATA after it.
   Globals at the junctions of runs are placed by their units' DWARF.  */
static void
find_data (struct image *img, struct link_order *o, struct linked_map *map)
{
  const struct section *data = image_section_by_name (img, ".data");
  if (data == NULL)
    return;
  uint64_t begin = data->addr, end = data->addr + data->shdr.sh_size;
  struct run *runs;
  size_t n = find_runs (o, begin, end, &runs);
  if (n > 1 && o->dwarf)
    {
      const struct run *m = &runs[main_run (runs, n)];
      add_variables (img, o, data, m->first, m->last);
      sort_ranges (o->pieces, o->n);
      free (runs);
      n = find_runs (o, begin, end, &runs);
    }
  if (n > 1)
    {
      const struct run *m = &runs[main_run (runs, n)];
      add_region (map, begin, m->begin, NULL, false);
      add_region (map, m->end, end, NULL, false);
    }
  else
    add_region (map, begin, end, ".data", true);
  free (runs);
}

static int
compare_region (const void *a, const void *b)
{
  const struct linked_region *x = a, *y = b;
  return x->begin < y->begin ? -1 : x->begin > y->begin;
}

void
linked_map_build (struct image *img, struct linked_map *map)
{
  memset (map, 0, sizeof *map);
  if (img->kind != IMAGE_VMLINUX)
    return;
  struct link_order o = { 0 };
  /* every range of code a unit has is a piece */
  if (load_dwarf (img, &o))
    dwr_aranges_walk (img, &o.aranges, add_arange, &o);
  sort_ranges (o.pieces, o.n);
  add_local_symbols (img, &o);
  sort_ranges (o.pieces, o.n);
  uint64_t head_end = find_head_text (img, &o, map);
  if (!o.dwarf)
    forget_early_groups (&o, head_end);
  find_ref_text (img, &o, map);
  find_marked_sections (img, map);
  find_data (img, &o, map);
  if (map->n > 1)
    qsort (map->regions, map->n, sizeof *map->regions, compare_region);
  free (o.pieces);
  struct dwr_section *secs[] = { &o.aranges, &o.info, &o.abbrev };
  for (size_t i = 0; i < ARRAY_SIZE (secs); i++)
    dwr_section_free (secs[i]);
}

const struct linked_region *
linked_region_at (const struct linked_map *map, uint64_t addr)
{
  size_t i = first_above (map->regions, map->n, sizeof *map->regions, addr);
  return i > 0 && addr < map->regions[i - 1].end ? &map->regions[i - 1] : NULL;
}

void
linked_map_free (struct linked_map *map)
{
  free (map->regions);
  memset (map, 0, sizeof *map);
}
