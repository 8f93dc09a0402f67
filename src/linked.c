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
     order (it is the order in which files first appear in the image).
   A run ends where the link order goes back.  */
#include "linked.h"

#include <elfutils/libdw.h>
#include <dwarf.h>
#include <stdlib.h>
#include <string.h>

#include "image.h"
#include "rules.h"
#include "util.h"

/* An address range and its place in link order.  */
struct piece
{
  uint64_t lo, hi;
  uint32_t unit;
};

struct link_order
{
  struct piece *pieces;  /* sorted by lo once built */
  size_t n, cap;
  Dwarf *dw;             /* NULL without DWARF */
  uint64_t *units;       /* offsets of the compile unit DIEs, in order */
  size_t nunits;
};

/* A run of the link order within one output section.  */
struct run
{
  uint64_t begin, end;
  uint32_t first, last;  /* units */
  size_t nunits;         /* distinct units in it */
};

static int
compare_piece (const void *a, const void *b)
{
  const struct piece *x = a, *y = b;
  if (x->lo != y->lo)
    return x->lo < y->lo ? -1 : 1;
  return x->unit < y->unit ? -1 : x->unit > y->unit;
}

static void
add_piece (struct link_order *o, uint64_t lo, uint64_t hi, uint32_t unit)
{
  if (hi > lo)
    *ARRAY_PUSH (o->pieces, o->n, o->cap) = (struct piece) { lo, hi, unit };
}

static void
sort_pieces (struct link_order *o)
{
  if (o->n > 1)
    qsort (o->pieces, o->n, sizeof *o->pieces, compare_piece);
}

/* The compile units of .debug_info in order; false without DWARF.  */
static bool
read_units (struct image *img, struct link_order *o)
{
  o->dw = dwarf_begin_elf (img->elf, DWARF_C_READ, NULL);
  if (o->dw == NULL)
    return false;
  size_t cap = 0, hsize;
  Dwarf_Off off = 0, next;
  /* dwarf_nextcu: initscan's own reader has a dwarf_next_unit */
  while (dwarf_nextcu (o->dw, off, &next, &hsize, NULL, NULL, NULL) == 0)
    {
      *ARRAY_PUSH (o->units, o->nunits, cap) = off + hsize;
      off = next;
    }
  return o->nunits > 0;
}

/* The position in link order of the unit whose DIE is at DIE.  */
static uint32_t
unit_of_die (const struct link_order *o, Dwarf_Off die)
{
  size_t i = first_above (o->units, o->nunits, sizeof *o->units, die);
  return (uint32_t) (i > 0 ? i - 1 : 0);
}

static void
add_aranges (struct link_order *o)
{
  Dwarf_Aranges *ar;
  size_t n;
  if (dwarf_getaranges (o->dw, &ar, &n) != 0)
    return;
  for (size_t i = 0; i < n; i++)
    {
      Dwarf_Addr addr;
      Dwarf_Word len;
      Dwarf_Off die;
      if (dwarf_getarangeinfo (dwarf_onearange (ar, i), &addr, &len, &die) == 0)
        add_piece (o, addr, addr + len, unit_of_die (o, die));
    }
}

/* The piece holding ADDR among the first N (sorted), or NULL.  */
static const struct piece *
piece_at (const struct link_order *o, size_t n, uint64_t addr)
{
  size_t i = first_above (o->pieces, n, sizeof *o->pieces, addr);
  return i > 0 && addr < o->pieces[i - 1].hi ? &o->pieces[i - 1] : NULL;
}

static bool
is_placed_local (const struct image *img, const struct symbol *s)
{
  return s->bind == STB_LOCAL && (s->type == STT_FUNC || s->type == STT_OBJECT)
         && s->size > 0 && s->file_index != 0 && s->shndx != SHN_UNDEF
         && s->shndx < img->nsections;
}

/* Every sized local symbol, placed by its STT_FILE group.  */
static void
add_local_symbols (const struct image *img, struct link_order *o)
{
  const struct symtab *st = &img->symtab;
  uint32_t *group_unit = xcalloc (st->n, sizeof *group_unit); /* unit + 1, 0: unknown */
  size_t ncode = o->n;
  for (size_t i = 0; i < st->n; i++)
    {
      const struct symbol *s = &st->syms[i];
      if (!is_placed_local (img, s) || group_unit[s->file_index] != 0)
        continue;
      if (o->dw == NULL)
        group_unit[s->file_index] = s->file_index + 1;
      else if (s->type == STT_FUNC)
        {
          const struct piece *p = piece_at (o, ncode, s->addr);
          if (p != NULL)
            group_unit[s->file_index] = p->unit + 1;
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
      const struct piece *p = &o->pieces[i];
      struct run *r = n > 0 ? &(*runs)[n - 1] : NULL;
      if (r == NULL || p->unit < r->last)
        *ARRAY_PUSH (*runs, n, cap) = (struct run) { p->lo, p->hi, p->unit, p->unit, 1 };
      else
        {
          r->nunits += p->unit != r->last;
          r->last = p->unit;
          if (p->hi > r->end)
            r->end = p->hi < end ? p->hi : end;
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
    begin, end, as_section, as_section ? section_groups (as_section) : 0, unrecovered,
  };
}

/* The data of units FIRST..LAST (inclusive): the locations of their
   top-level variables, globals included, which no STT_FILE group places.  */
static void
add_variables (const struct image *img, struct link_order *o, const struct section *sec,
               size_t first, size_t last)
{
  for (size_t u = first; u <= last && u < o->nunits; u++)
    {
      Dwarf_Die cu, die;
      if (dwarf_offdie (o->dw, o->units[u], &cu) == NULL || dwarf_child (&cu, &die) != 0)
        continue;
      do
        {
          Dwarf_Attribute at;
          Dwarf_Op *ops;
          size_t nops;
          if (dwarf_tag (&die) != DW_TAG_variable
              || dwarf_attr (&die, DW_AT_location, &at) == NULL
              || dwarf_getlocation (&at, &ops, &nops) != 0 || nops != 1
              || ops[0].atom != DW_OP_addr)
            continue;
          uint64_t addr = ops[0].number;
          if (addr < sec->addr || addr - sec->addr >= sec->shdr.sh_size)
            continue;
          const struct symbol *s = symbol_at (&img->symtab, addr);
          add_piece (o, addr, addr + (s != NULL && s->size > 0 ? s->size : 1), (uint32_t) u);
        }
      while (dwarf_siblingof (&die, &die) == 0);
    }
}

/* .head.text: arch/x86/kernel/vmlinux.lds.S puts HEAD_TEXT first in .text,
   before TEXT_TEXT.  Everything before the main run is taken for it.  */
static void
find_head_text (struct image *img, const struct link_order *o, struct linked_map *map)
{
  const struct section *text = image_section_by_name (img, ".text");
  if (text == NULL || image_section_by_name (img, ".head.text") != NULL)
    return;
  struct run *runs;
  size_t n = find_runs (o, text->addr, text->addr + text->shdr.sh_size, &runs);
  if (n > 1)
    add_region (map, text->addr, runs[main_run (runs, n)].begin, ".head.text", false);
  free (runs);
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
  if (n > 1 && o->dw != NULL)
    {
      /* the units that may own data at either end of the main run */
      const struct run *m = &runs[main_run (runs, n)];
      uint32_t first = m->first, last = m->last;
      add_variables (img, o, data, 0, first);
      add_variables (img, o, data, last, o->nunits - 1);
      sort_pieces (o);
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
  if (read_units (img, &o))
    add_aranges (&o);
  add_local_symbols (img, &o);
  sort_pieces (&o);
  find_head_text (img, &o, map);
  find_ref_text (img, &o, map);
  find_data (img, &o, map);
  if (map->n > 1)
    qsort (map->regions, map->n, sizeof *map->regions, compare_region);
  free (o.pieces);
  free (o.units);
  if (o.dw != NULL)
    dwarf_end (o.dw);
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
