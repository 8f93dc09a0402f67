/* Kernel-to-kernel differences.  Between two builds every address moves,
   so initcalls are matched by a key: function name and source file (two
   static functions may share a name, not a name and a file), and the
   n-th occurrence of a key in one image pairs with the n-th in the other.
   Mismatches are matched by fingerprint (which a rebuild keeps, see
   mismatch.c), init memory by section and by source file.  */
#include "analysis/diff.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/attrib.h"
#include "analysis/scan.h"
#include "index/image.h"
#include "analysis/rules.h"
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

static json_t *
source_json (const struct source_pos *pos)
{
  return pos->file != NULL ? json_pack ("{s:s, s:i}", "file", pos->file, "line", pos->line)
                           : json_null ();
}

static json_t *
call_json (const struct initcall *ic)
{
  json_t *o = json_pack ("{s:s, s:o}", "level", ic->level, "function",
                         ic->function ? json_string (ic->function) : json_null ());
  json_object_set_new (o, "source", source_json (&ic->source));
  return o;
}

static json_t *
initcall_changes (struct list *old, struct list *new)
{
  json_t *added = json_array (), *removed = json_array (), *moved = json_array (),
         *reord = json_array ();
  bool *re = reordered (old, new);
  for (size_t j = 0; j < new->n; j++)
    {
      const struct entry *e = &new->e[j];
      if (e->other < 0)
        json_array_append_new (added, call_json (e->ic));
      else if (strcmp (old->e[e->other].ic->level, e->ic->level) != 0)
        {
          json_t *m = call_json (e->ic);
          json_object_set_new (m, "old_level", json_string (old->e[e->other].ic->level));
          json_array_append_new (moved, m);
        }
      else if (re[j])
        {
          json_t *m = call_json (e->ic);
          json_object_set_new (m, "old_index", json_integer ((json_int_t) e->other));
          json_object_set_new (m, "new_index", json_integer ((json_int_t) e->pos));
          json_array_append_new (reord, m);
        }
    }
  free (re);
  for (size_t i = 0; i < old->n; i++)
    if (old->e[i].other < 0)
      json_array_append_new (removed, call_json (old->e[i].ic));
  return json_pack ("{s:o, s:o, s:o, s:o}", "added", added, "removed", removed, "moved", moved,
                    "reordered", reord);
}

static json_t *
bytes_json (uint64_t old, uint64_t new)
{
  return json_pack ("{s:I, s:I, s:I}", "old_bytes", (json_int_t) old, "new_bytes",
                    (json_int_t) new, "delta", (json_int_t) new - (json_int_t) old);
}

/* Names of either list with their bytes in each, changed ones only.  */
static json_t *
parts_json (const struct init_memory_part *a, size_t na, const struct init_memory_part *b,
            size_t nb)
{
  json_t *obj = json_object ();
  for (size_t i = 0; i < na; i++)
    json_object_set_new (obj, a[i].name, bytes_json (a[i].bytes, 0));
  for (size_t j = 0; j < nb; j++)
    {
      json_t *prev = json_object_get (obj, b[j].name);
      uint64_t old = prev ? (uint64_t) json_integer_value (json_object_get (prev, "old_bytes")) : 0;
      json_object_set_new (obj, b[j].name, bytes_json (old, b[j].bytes));
    }
  json_t *arr = json_array ();
  const char *name;
  json_t *v;
  json_object_foreach (obj, name, v)
    if (json_integer_value (json_object_get (v, "delta")) != 0)
      {
        json_t *row = json_deep_copy (v);
        json_object_set_new (row, "name", json_string (name));
        json_array_append_new (arr, row);
      }
  json_decref (obj);
  return arr;
}

static json_t *
memory_changes (struct scan *old, struct scan *new)
{
  attribute_init_memory (old, ATTRIB_FILE, true);
  attribute_init_memory (new, ATTRIB_FILE, true);
  json_t *o = bytes_json (old->initmem.end - old->initmem.begin, new->initmem.end - new->initmem.begin);
  json_object_set_new (o, "freed", bytes_json (old->initmem.freed_bytes, new->initmem.freed_bytes));
  json_object_set_new (o, "by_section", parts_json (old->initmem.by_section,
                                                    old->initmem.n_by_section,
                                                    new->initmem.by_section,
                                                    new->initmem.n_by_section));
  json_object_set_new (o, "by_file", parts_json (old->attrib.parts, old->attrib.nparts,
                                                 new->attrib.parts, new->attrib.nparts));
  return o;
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

static json_t *
mismatch_json (const struct mismatch *m)
{
  return json_pack ("{s:s, s:o, s:o, s:o, s:s, s:b}", "rule", m->rule->id, "from",
                    m->from.symbol ? json_string (m->from.symbol) : json_null (), "to",
                    m->to.symbol ? json_string (m->to.symbol) : json_null (), "source",
                    source_json (&m->from.source), "fingerprint", m->fingerprint, "suppressed",
                    m->suppressed);
}

/* Findings of A whose fingerprint B has not.  */
static json_t *
mismatches_only_in (const struct scan *a, const struct scan *b, size_t *unsuppressed)
{
  json_t *arr = json_array ();
  const char **in_b = sorted_fingerprints (b);
  *unsuppressed = 0;
  for (size_t i = 0; i < a->nmismatches; i++)
    {
      const char *fp = a->mismatches[i].fingerprint;
      if (bsearch (&fp, in_b, b->nmismatches, sizeof *in_b, compare_fingerprint_ptr) != NULL)
        continue;
      json_array_append_new (arr, mismatch_json (&a->mismatches[i]));
      *unsuppressed += !a->mismatches[i].suppressed;
    }
  free (in_b);
  return arr;
}

static bool print_heading (FILE *out, const char *title, json_t *arr, const char *what);

static void
print_calls (FILE *out, const char *title, json_t *arr, const char *extra)
{
  if (!print_heading (out, title, arr, ""))
    return;
  size_t i;
  json_t *v;
  json_array_foreach (arr, i, v)
    {
      json_t *src = json_object_get (v, "source");
      fprintf (out, "  %-6s %s", json_string_value (json_object_get (v, "level")),
               json_string_value (json_object_get (v, "function")) ?: "?");
      if (extra != NULL && json_object_get (v, extra) != NULL)
        {
          json_t *x = json_object_get (v, extra);
          if (json_is_string (x))
            fprintf (out, "  (was level %s)", json_string_value (x));
          else
            fprintf (out, "  (was #%" JSON_INTEGER_FORMAT ", now #%" JSON_INTEGER_FORMAT ")",
                     json_integer_value (x), json_integer_value (json_object_get (v, "new_index")));
        }
      if (json_is_object (src))
        fprintf (out, "  %s:%" JSON_INTEGER_FORMAT, json_string_value (json_object_get (src, "file")),
                 json_integer_value (json_object_get (src, "line")));
      fputc ('\n', out);
    }
}

static void
print_bytes (FILE *out, const char *what, json_t *b)
{
  fprintf (out, "%s: %" JSON_INTEGER_FORMAT " -> %" JSON_INTEGER_FORMAT " bytes (%+" JSON_INTEGER_FORMAT ")\n",
           what, json_integer_value (json_object_get (b, "old_bytes")),
           json_integer_value (json_object_get (b, "new_bytes")),
           json_integer_value (json_object_get (b, "delta")));
}

/* A section's heading, false (print nothing) when ARR is empty.  */
static bool
print_heading (FILE *out, const char *title, json_t *arr, const char *what)
{
  if (json_array_size (arr) == 0)
    return false;
  fprintf (out, "\n%s (%zu%s):\n", title, json_array_size (arr), what);
  return true;
}

static void
print_parts (FILE *out, const char *title, json_t *arr)
{
  if (!print_heading (out, title, arr, " changed"))
    return;
  size_t i;
  json_t *v;
  json_array_foreach (arr, i, v)
    {
      char label[4096];
      snprintf (label, sizeof label, "  %s", json_string_value (json_object_get (v, "name")));
      print_bytes (out, label, v);
    }
}

static void
print_mismatches (FILE *out, const char *title, json_t *arr)
{
  if (!print_heading (out, title, arr, ""))
    return;
  size_t i;
  json_t *v;
  json_array_foreach (arr, i, v)
    {
      json_t *src = json_object_get (v, "source");
      fprintf (out, "  ");
      if (json_is_object (src))
        fprintf (out, "%s:%" JSON_INTEGER_FORMAT ": ",
                 json_string_value (json_object_get (src, "file")),
                 json_integer_value (json_object_get (src, "line")));
      fprintf (out, "[%s] %s -> %s  %s\n", json_string_value (json_object_get (v, "rule")),
               json_string_value (json_object_get (v, "from")) ?: "?",
               json_string_value (json_object_get (v, "to")) ?: "?",
               json_string_value (json_object_get (v, "fingerprint")));
    }
}

static void
print_text (FILE *out, json_t *root)
{
  json_t *ic = json_object_get (root, "initcalls");
  json_t *mem = json_object_get (root, "init_memory");
  json_t *mm = json_object_get (root, "mismatches");
  fprintf (out, "initscan diff %s %s\n", json_string_value (json_object_get (root, "old")),
           json_string_value (json_object_get (root, "new")));
  fprintf (out, "initcalls: %zu added, %zu removed, %zu moved to another level, %zu reordered\n",
           json_array_size (json_object_get (ic, "added")),
           json_array_size (json_object_get (ic, "removed")),
           json_array_size (json_object_get (ic, "moved")),
           json_array_size (json_object_get (ic, "reordered")));
  print_bytes (out, "init memory", mem);
  print_bytes (out, "freed after boot", json_object_get (mem, "freed"));
  fprintf (out, "mismatches: %zu new, %zu fixed\n", json_array_size (json_object_get (mm, "new")),
           json_array_size (json_object_get (mm, "fixed")));
  print_calls (out, "Added initcalls", json_object_get (ic, "added"), NULL);
  print_calls (out, "Removed initcalls", json_object_get (ic, "removed"), NULL);
  print_calls (out, "Moved to another level", json_object_get (ic, "moved"), "old_level");
  print_calls (out, "Reordered within their level", json_object_get (ic, "reordered"), "old_index");
  print_parts (out, "Init memory by section", json_object_get (mem, "by_section"));
  print_parts (out, "Init memory by file", json_object_get (mem, "by_file"));
  print_mismatches (out, "New mismatches", json_object_get (mm, "new"));
  print_mismatches (out, "Fixed mismatches", json_object_get (mm, "fixed"));
}

bool
diff_report (FILE *out, struct scan *old, struct scan *new, bool json)
{
  struct list lo = entries_of (old), ln = entries_of (new);
  pair (&lo, &ln);
  size_t new_unsuppressed, fixed_unsuppressed;
  json_t *root = json_pack ("{s:s, s:s, s:s, s:o, s:o, s:{s:o, s:o}}", "schema", "initscan-diff/1",
                            "old", old->file.path, "new", new->file.path, "initcalls",
                            initcall_changes (&lo, &ln), "init_memory", memory_changes (old, new),
                            "mismatches", "new",
                            mismatches_only_in (new, old, &new_unsuppressed), "fixed",
                            mismatches_only_in (old, new, &fixed_unsuppressed));
  if (json)
    {
      json_dumpf (root, out, JSON_INDENT (2) | JSON_PRESERVE_ORDER);
      fputc ('\n', out);
    }
  else
    print_text (out, root);
  json_decref (root);
  list_free (&lo);
  list_free (&ln);
  return new_unsuppressed > 0;
}
