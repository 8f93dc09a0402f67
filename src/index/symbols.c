/* Indexing the symbol table (read by src/index/image.c) once, by address
   and by name (sorted arrays searched by bisection, as tools/objtool/elf.c
   does with its trees and hashes).  */
#include "index/symbols.h"

#include <elf.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

/* Symbols that name no code or data: ARM/AArch64/RISC-V mapping symbols
   ($a, $d, $t, $x…) and assembler locals.  */
static bool
is_marker_name (const char *name)
{
  return name[0] == '$' || str_starts_with (name, ".L");
}

bool
symbol_is_named (const struct symbol *s)
{
  return s->name[0] != '\0' && !is_marker_name (s->name) && s->type != STT_SECTION
         && s->type != STT_FILE;
}

/* Named symbols of a real section: SHN_UNDEF, SHN_ABS, SHN_COMMON and the
   processor-specific reserved indices are not addresses of the image.  */
static bool
indexed_by_address (const struct symbol *s, size_t nsections)
{
  return symbol_is_named (s) && s->shndx != SHN_UNDEF && s->shndx < nsections;
}

/* The names module_init() and module_exit() give the module's init and
   exit functions as aliases (include/linux/module.h).  */
static bool
is_module_alias (const char *name)
{
  return strcmp (name, "init_module") == 0 || strcmp (name, "cleanup_module") == 0;
}

/* How good a name the symbol is for the address it starts at: what a
   person wrote has a size (the compiler emits .size for every C object
   and function, SYM_*_END in assembly) and usually a type; linker-script
   symbols (_stext, _text, __init_begin: the architecture's vmlinux.lds.S)
   and bare assembly labels are NOTYPE with size 0.  */
static int
name_rank (const struct symbol *s)
{
  return (s->size != 0 ? 2 : 0) + (s->type == STT_FUNC || s->type == STT_OBJECT);
}

/* Symbols at one address: the best name first; among equals the first in
   the symbol table.  The ELF gABI puts local symbols before global ones,
   so a static definition precedes the global aliases made of it with
   __attribute__((alias)) -- module_init() and module_exit() name theirs
   init_module and cleanup_module (include/linux/module.h), SYSCALL_DEFINE
   __x64_sys_* (arch/x86/include/asm/syscall_wrapper.h).  modpost keeps
   the first symbol at an address too (scripts/mod/symsearch.c).  A weak
   symbol yields to a strong one: weak aliases are overridable second
   names (SYM_FUNC_ALIAS_WEAK (memcpy, __memcpy) in arch/x86/lib/
   memcpy_64.S, alloc_bootmem_huge_page in mm/hugetlb.c).  Two global
   aliases of a global function cannot be told apart by the ELF, and the
   assembler may list the alias first (raid6_pq.ko: init_module before
   raid6_select_algo): there the names module.h gives its aliases yield.  */
static int
compare_names_at_address (const void *a, const void *b, void *arg)
{
  const struct symtab *st = arg;
  uint32_t i = *(const uint32_t *) a, j = *(const uint32_t *) b;
  const struct symbol *x = &st->syms[i], *y = &st->syms[j];
  if (x->rank != y->rank)
    return y->rank - x->rank;
  if ((x->bind == STB_WEAK) != (y->bind == STB_WEAK))
    return x->bind == STB_WEAK ? 1 : -1;
  if (is_module_alias (x->name) != is_module_alias (y->name))
    return is_module_alias (x->name) ? 1 : -1;
  return i < j ? -1 : i > j;
}

/* The indexed symbols by address (radix-sorted), best name first at each
   address.  */
static void
sort_by_address (struct symtab *st)
{
  size_t n = st->n_by_addr;
  struct keyed *keys = xreallocarray (NULL, n ? n : 1, sizeof *keys);
  for (size_t i = 0; i < n; i++)
    keys[i] = (struct keyed) { st->syms[st->by_addr[i]].addr, st->by_addr[i] };
  radix_sort (keys, n);
  for (size_t i = 0; i < n; i++)
    st->by_addr[i] = keys[i].value;
  free (keys);
  for (size_t i = 0, j; i < n; i = j)
    {
      for (j = i + 1; j < n && st->syms[st->by_addr[j]].addr == st->syms[st->by_addr[i]].addr; j++)
        ;
      if (j - i > 1)
        qsort_r (&st->by_addr[i], j - i, sizeof *st->by_addr, compare_names_at_address, st);
    }
}

/* enclosing[i]: the by_addr position of the nearest symbol before
   position i, in the same section, whose size covers the address of
   position i (sizes nest: BTF ID sets hold their entries, assembly
   functions their inner functions); NO_SYMBOL if none.  One pass with a
   stack of the sized symbols still open.  */
static void
find_enclosing (struct symtab *st)
{
  size_t n = st->n_by_addr;
  st->enclosing = xreallocarray (NULL, n ? n : 1, sizeof *st->enclosing);
  uint32_t *open = xreallocarray (NULL, n ? n : 1, sizeof *open);
  size_t depth = 0;
  for (size_t i = 0; i < n; i++)
    {
      const struct symbol *s = &st->syms[st->by_addr[i]];
      while (depth > 0)
        {
          const struct symbol *o = &st->syms[st->by_addr[open[depth - 1]]];
          if (o->shndx == s->shndx && s->addr - o->addr < o->size)
            break;
          depth--;
        }
      st->enclosing[i] = depth > 0 ? open[depth - 1] : NO_SYMBOL;
      if (s->size != 0)
        open[depth++] = (uint32_t) i;
    }
  free (open);
}

/* A well-spread hash of symbol names.  */
static size_t
name_hash (const char *name)
{
  return (size_t) fnv1a (FNV1A_BASIS, name, strlen (name));
}

/* The name index: open addressing, slots hold symbol index + 1 (0 is
   free), and a name keeps its first symbol.  */
static void
hash_names (struct symtab *st)
{
  size_t named = 0, size = 16;
  for (size_t i = 0; i < st->n; i++)
    named += st->syms[i].name[0] != '\0';
  while (size < named + named / 3)
    size *= 2;
  st->name_slots = xcalloc (size, sizeof *st->name_slots);
  st->name_mask = size - 1;
  for (size_t i = 0; i < st->n; i++)
    {
      const char *name = st->syms[i].name;
      if (name[0] == '\0')
        continue;
      size_t h = name_hash (name) & st->name_mask;
      while (st->name_slots[h] != 0 && strcmp (st->syms[st->name_slots[h] - 1].name, name) != 0)
        h = (h + 1) & st->name_mask;
      if (st->name_slots[h] == 0)
        st->name_slots[h] = (uint32_t) i + 1;
    }
}

void
symtab_index (struct symtab *st, size_t nsections)
{
  const char *file = NULL;
  uint32_t file_index = 0;
  st->by_addr = xreallocarray (NULL, st->n, sizeof *st->by_addr);
  for (size_t i = 0; i < st->n; i++)
    {
      if (st->syms[i].type == STT_FILE)
        file = st->syms[i].name, file_index = (uint32_t) i;
      bool local = st->syms[i].bind == STB_LOCAL;
      st->syms[i].file = local ? file : NULL;
      st->syms[i].file_index = local ? file_index : 0;
      if (indexed_by_address (&st->syms[i], nsections))
        {
          st->syms[i].rank = (signed char) name_rank (&st->syms[i]);
          st->by_addr[st->n_by_addr++] = (uint32_t) i;
        }
    }
  sort_by_address (st);
  find_enclosing (st);
  hash_names (st);
}

void
symtab_free (struct symtab *st)
{
  free (st->syms);
  free (st->by_addr);
  free (st->enclosing);
  free (st->name_slots);
  memset (st, 0, sizeof *st);
}

const struct symbol *
symbol_by_name (const struct symtab *st, const char *name)
{
  if (st->name_slots == NULL)
    return NULL;
  for (size_t h = name_hash (name) & st->name_mask; st->name_slots[h] != 0;
       h = (h + 1) & st->name_mask)
    if (strcmp (st->syms[st->name_slots[h] - 1].name, name) == 0)
      return &st->syms[st->name_slots[h] - 1];
  return NULL;
}

struct symbol_key
{
  const struct symtab *st;
  uint64_t addr;
};

static bool
symbol_starts_below (const void *ctx, size_t i)
{
  const struct symbol_key *k = ctx;
  return k->st->syms[k->st->by_addr[i]].addr < k->addr;
}

size_t
symtab_lower_bound (const struct symtab *st, uint64_t addr)
{
  struct symbol_key key = { st, addr };
  return bisect (st->n_by_addr, symbol_starts_below, &key);
}

const struct symbol *
symbol_find_at (const struct symtab *st, uint64_t addr,
                bool (*fn) (const struct symbol *, const void *), const void *arg)
{
  for (size_t i = symtab_lower_bound (st, addr);
       i < st->n_by_addr && st->syms[st->by_addr[i]].addr == addr; i++)
    if (fn == NULL || fn (&st->syms[st->by_addr[i]], arg))
      return &st->syms[st->by_addr[i]];
  return NULL;
}

const struct symbol *
symbol_at (const struct symtab *st, uint64_t addr)
{
  return symbol_find_at (st, addr, NULL, NULL);
}

/* Whether S covers ADDR by its size.  */
static bool
covers (const struct symbol *s, uint64_t addr)
{
  return s->size != 0 && addr >= s->addr && addr - s->addr < s->size;
}

static bool
covers_address (const struct symbol *s, const void *addr)
{
  return covers (s, *(const uint64_t *) addr);
}

const struct symbol *
symbol_containing (const struct symtab *st, size_t shndx, uint64_t addr, uint64_t *offset)
{
  size_t above = symtab_lower_bound (st, addr + 1);
  if (above == 0)
    return NULL;
  uint32_t last = (uint32_t) above - 1;
  const struct symbol *nearest = &st->syms[st->by_addr[last]];
  if (shndx != NO_SECTION && nearest->shndx != shndx)
    return NULL;
  /* 1. The nearest-starting symbol whose size covers ADDR.  */
  for (uint32_t j = last; j != NO_SYMBOL; j = st->enclosing[j])
    if (covers (&st->syms[st->by_addr[j]], addr))
      {
        const struct symbol *s = &st->syms[st->by_addr[j]];
        s = symbol_find_at (st, s->addr, covers_address, &addr);
        *offset = addr - s->addr;
        return s;
      }
  /* 2. A symbol without a size (an assembly label without .size) extends
     to the next symbol, unless it marks where a sized symbol starts or
     lies inside one.  */
  const struct symbol *s = symbol_at (st, nearest->addr);
  if (s->size != 0 || st->enclosing[last] != NO_SYMBOL)
    return NULL;
  *offset = addr - s->addr;
  return s;
}
