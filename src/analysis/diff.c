/* Kernel-to-kernel differences.  Between two builds every address moves,
   so initcalls are matched by a key: function name and source file (two
   static functions may share a name, not a name and a file), and the
   n-th occurrence of a key in one image pairs with the n-th in the other.
   Mismatches are matched by fingerprint (which a rebuild keeps, see
   mismatch.c), init memory by section and by source file.  */
#include "analysis/diff.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/attrib.h"
#include "analysis/scan.h"
#include "index/image.h"
#include "util/util.h"

struct entry
{
  char *key;             /* "function@file" */
  const struct initcall *ic;
  size_t pos;            /* run-order position in its image */
  long other;            /* index of the paired entry in the other list, -1 */
};

struct list
{
  struct entry *e;
  size_t n;
};

static struct list
entries_of (const struct scan *sc)
{
  size_t n = scan_ncalls (sc);
  struct list l = { xcalloc (n, sizeof (struct entry)), n };
  for (size_t i = 0; i < n; i++)
    {
      const struct initcall *ic = scan_call (sc, i);
      l.e[i] = (struct entry) { xasprintf ("%s@%s", ic->function ? ic->function : "?",
                                           ic->source.file ? ic->source.file : ""),
                                ic, i, -1 };
    }
  return l;
}

static void
list_free (struct list *l)
{
  for (size_t i = 0; i < l->n; i++)
    free (l->e[i].key);
  free (l->e);
}

/* Entries sorted by key, then position: equal keys pair in order.  */
static int
compare_entry_ptr (const void *a, const void *b)
{
  const struct entry *x = *(const struct entry *const *) a, *y = *(const struct entry *const *) b;
  int c = strcmp (x->key, y->key);
  return c ? c : (x->pos < y->pos ? -1 : x->pos > y->pos);
}

static struct entry **
sorted (struct list *l)
{
  struct entry **s = xreallocarray (NULL, l->n, sizeof *s);
  for (size_t i = 0; i < l->n; i++)
    s[i] = &l->e[i];
  if (l->n > 0)
    qsort (s, l->n, sizeof *s, compare_entry_ptr);
  return s;
}

/* Pair the two lists: a merge of the two key-sorted arrays.  */
static void
pair (struct list *a, struct list *b)
{
  struct entry **sa = sorted (a), **sb = sorted (b);
  size_t i = 0, j = 0;
  while (i < a->n && j < b->n)
    {
      int c = strcmp (sa[i]->key, sb[j]->key);
      if (c == 0)
        {
          sa[i]->other = (long) sb[j]->pos;
          sb[j]->other = (long) sa[i]->pos;
          i++, j++;
        }
      else if (c < 0)
        i++;
      else
        j++;
    }
  free (sa);
  free (sb);
}

/* The runs of reordered(): IDX[i] ends the best run of length i + 1;
   whether its old position is below OTHER.  */
struct run_key
{
  const struct list *new;
  const size_t *idx;
  size_t other;
};

static bool
run_ends_below (const void *ctx, size_t i)
{
  const struct run_key *k = ctx;
  return (size_t) k->new->e[k->idx[i]].other < k->other;
}

/* Entries of NEW that kept their level but not their place relative to
   the others: those outside a longest run of paired entries whose old
   positions increase (patience sorting, O(n log n)).  */
static bool *
reordered (const struct list *old, const struct list *new)
{
  size_t n = new->n;
  bool *moved = xcalloc (n ? n : 1, sizeof *moved);
  size_t *prev = xcalloc (n + 1, sizeof *prev);
  size_t *idx = xcalloc (n + 1, sizeof *idx), len = 0;
  for (size_t j = 0; j < n; j++)
    {
      const struct entry *e = &new->e[j];
      if (e->other < 0 || strcmp (old->e[e->other].ic->level, e->ic->level) != 0)
        continue;
      moved[j] = true; /* until found on the longest run */
      struct run_key key = { new, idx, (size_t) e->other };
      size_t lo = bisect (len, run_ends_below, &key);
      prev[j] = lo > 0 ? idx[lo - 1] : SIZE_MAX;
      idx[lo] = j;
      if (lo == len)
        len++;
    }
  for (size_t j = len ? idx[len - 1] : SIZE_MAX; j != SIZE_MAX; j = prev[j])
    moved[j] = false;
  free (prev);
  free (idx);
  return moved;
}

/* A change of level keeps the old one; a reorder the two positions.  */
static struct diff_call
call_of (const struct entry *e, const struct list *old)
{
  struct diff_call c = { .ic = e->ic, .old_index = -1, .new_index = -1 };
  if (e->other >= 0)
    c.old_level = old->e[e->other].ic->level;
  return c;
}

static void
initcall_changes (struct diff *d, struct list *old, struct list *new)
{
  bool *re = reordered (old, new);
  for (size_t j = 0; j < new->n; j++)
    {
      const struct entry *e = &new->e[j];
      struct diff_call c = call_of (e, old);
      if (e->other < 0)
        *ARRAY_PUSH (d->added.calls, d->added.n, d->added.cap) = c;
      else if (strcmp (c.old_level, e->ic->level) != 0)
        *ARRAY_PUSH (d->moved.calls, d->moved.n, d->moved.cap) = c;
      else if (re[j])
        {
          c.old_index = e->other;
          c.new_index = (long) e->pos;
          *ARRAY_PUSH (d->reordered.calls, d->reordered.n, d->reordered.cap) = c;
        }
    }
  free (re);
  for (size_t i = 0; i < old->n; i++)
    if (old->e[i].other < 0)
      *ARRAY_PUSH (d->removed.calls, d->removed.n, d->removed.cap) = call_of (&old->e[i], old);
}

/* A named part of either side, for parts_changed().  */
struct part_row
{
  const char *name;
  struct diff_bytes bytes;
  size_t pos;  /* of its first appearance: old parts, then new ones */
};

static int
compare_row_name (const void *a, const void *b)
{
  const struct part_row *x = a, *y = b;
  int c = strcmp (x->name, y->name);
  return c ? c : (x->pos > y->pos) - (x->pos < y->pos);
}

static int
compare_row_pos (const void *a, const void *b)
{
  const struct part_row *x = a, *y = b;
  return (x->pos > y->pos) - (x->pos < y->pos);
}

/* The parts of A (old) and B (new) by name, in the order they first
   appear, old ones first, with their bytes in each (the sum of the parts
   of a name on each side: "(unattributed)" comes once per section);
   those whose size changed.  */
static void
parts_changed (struct diff_parts *out, const struct init_memory_part *a, size_t na,
               const struct init_memory_part *b, size_t nb)
{
  size_t n = na + nb, kept = 0;
  struct part_row *rows = xcalloc (n ? n : 1, sizeof *rows);
  for (size_t i = 0; i < na; i++)
    rows[i] = (struct part_row) { a[i].name, { a[i].bytes, 0 }, i };
  for (size_t j = 0; j < nb; j++)
    rows[na + j] = (struct part_row) { b[j].name, { 0, b[j].bytes }, na + j };
  if (n > 1)
    qsort (rows, n, sizeof *rows, compare_row_name);
  for (size_t i = 0; i < n;)
    {
      struct part_row merged = rows[i];
      for (i++; i < n && strcmp (rows[i].name, merged.name) == 0; i++)
        {
          merged.bytes.old += rows[i].bytes.old;
          merged.bytes.new += rows[i].bytes.new;
        }
      if (merged.bytes.new != merged.bytes.old)
        rows[kept++] = merged;
    }
  if (kept > 1)
    qsort (rows, kept, sizeof *rows, compare_row_pos);
  out->parts = xcalloc (kept ? kept : 1, sizeof *out->parts);
  for (size_t i = 0; i < kept; i++)
    out->parts[i] = (struct diff_part) { rows[i].name, rows[i].bytes };
  out->n = kept;
  free (rows);
}

static void
memory_changes (struct diff *d, struct scan *old, struct scan *new)
{
  attribute_init_memory (old, ATTRIB_FILE, true);
  attribute_init_memory (new, ATTRIB_FILE, true);
  d->init = (struct diff_bytes) { old->initmem.end - old->initmem.begin,
                                  new->initmem.end - new->initmem.begin };
  d->freed = (struct diff_bytes) { old->initmem.freed_bytes, new->initmem.freed_bytes };
  parts_changed (&d->by_section, old->initmem.by_section, old->initmem.n_by_section,
                 new->initmem.by_section, new->initmem.n_by_section);
  parts_changed (&d->by_file, old->attrib.parts, old->attrib.nparts, new->attrib.parts,
                 new->attrib.nparts);
}

static int
compare_fingerprint_ptr (const void *a, const void *b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The fingerprints of SC's findings, sorted, for bsearch.  */
static const char **
sorted_fingerprints (const struct scan *sc)
{
  const char **fps = xreallocarray (NULL, sc->nmismatches ? sc->nmismatches : 1, sizeof *fps);
  for (size_t i = 0; i < sc->nmismatches; i++)
    fps[i] = sc->mismatches[i].fingerprint;
  if (sc->nmismatches > 1)
    qsort (fps, sc->nmismatches, sizeof *fps, compare_fingerprint_ptr);
  return fps;
}

/* Findings of A whose fingerprint B has not; *UNSUPPRESSED counts those
   not suppressed.  */
static void
mismatches_only_in (struct diff_findings *out, const struct scan *a, const struct scan *b,
                    size_t *unsuppressed)
{
  const char **in_b = sorted_fingerprints (b);
  *unsuppressed = 0;
  out->list = xcalloc (a->nmismatches ? a->nmismatches : 1, sizeof *out->list);
  for (size_t i = 0; i < a->nmismatches; i++)
    {
      const char *fp = a->mismatches[i].fingerprint;
      if (bsearch (&fp, in_b, b->nmismatches, sizeof *in_b, compare_fingerprint_ptr) != NULL)
        continue;
      out->list[out->n++] = &a->mismatches[i];
      *unsuppressed += !a->mismatches[i].suppressed;
    }
  free (in_b);
}

void
diff_compute (struct diff *d, struct scan *old, struct scan *new)
{
  memset (d, 0, sizeof *d);
  d->old_path = old->file.path;
  d->new_path = new->file.path;
  struct list lo = entries_of (old), ln = entries_of (new);
  pair (&lo, &ln);
  initcall_changes (d, &lo, &ln);
  list_free (&lo);
  list_free (&ln);
  memory_changes (d, old, new);
  size_t fixed_unsuppressed;
  mismatches_only_in (&d->new_findings, new, old, &d->new_unsuppressed);
  mismatches_only_in (&d->fixed_findings, old, new, &fixed_unsuppressed);
}

void
diff_free (struct diff *d)
{
  free (d->added.calls);
  free (d->removed.calls);
  free (d->moved.calls);
  free (d->reordered.calls);
  free (d->by_section.parts);
  free (d->by_file.parts);
  free (d->new_findings.list);
  free (d->fixed_findings.list);
  memset (d, 0, sizeof *d);
}
