/* The two renderings of an `initscan diff` model (analysis/diff.c): text,
   and JSON of schema initscan-diff/1 (docs/initscan-diff-1.schema.json).  */
#include "report/diff.h"

#include <inttypes.h>
#include <jansson.h>

#include "analysis/diff.h"
#include "analysis/rules.h"
#include "analysis/scan.h"

static json_t *
source_json (const struct source_pos *pos)
{
  return pos->file != NULL ? json_pack ("{s:s, s:i}", "file", pos->file, "line", pos->line)
                           : json_null ();
}

/* One initcall; a moved one with its old level, a reordered one with both
   positions.  */
static json_t *
call_json (const struct diff_call *c, bool moved)
{
  json_t *o = json_pack ("{s:s, s:o}", "level", c->ic->level, "function",
                         c->ic->function ? json_string (c->ic->function) : json_null ());
  json_object_set_new (o, "source", source_json (&c->ic->source));
  if (moved)
    json_object_set_new (o, "old_level", json_string (c->old_level));
  if (c->old_index >= 0)
    {
      json_object_set_new (o, "old_index", json_integer (c->old_index));
      json_object_set_new (o, "new_index", json_integer (c->new_index));
    }
  return o;
}

static json_t *
calls_json (const struct diff_calls *calls, bool moved)
{
  json_t *arr = json_array ();
  for (size_t i = 0; i < calls->n; i++)
    json_array_append_new (arr, call_json (&calls->calls[i], moved));
  return arr;
}

static json_t *
bytes_json (const struct diff_bytes *b)
{
  return json_pack ("{s:I, s:I, s:I}", "old_bytes", (json_int_t) b->old, "new_bytes",
                    (json_int_t) b->new, "delta", (json_int_t) b->new - (json_int_t) b->old);
}

static json_t *
parts_json (const struct diff_parts *parts)
{
  json_t *arr = json_array ();
  for (size_t i = 0; i < parts->n; i++)
    {
      json_t *row = bytes_json (&parts->parts[i].bytes);
      json_object_set_new (row, "name", json_string (parts->parts[i].name));
      json_array_append_new (arr, row);
    }
  return arr;
}

static json_t *
findings_json (const struct diff_findings *f)
{
  json_t *arr = json_array ();
  for (size_t i = 0; i < f->n; i++)
    {
      const struct mismatch *m = f->list[i];
      json_array_append_new (
        arr, json_pack ("{s:s, s:o, s:o, s:o, s:s, s:b}", "rule", m->rule->id, "from",
                        m->from.symbol ? json_string (m->from.symbol) : json_null (), "to",
                        m->to.symbol ? json_string (m->to.symbol) : json_null (), "source",
                        source_json (&m->from.source), "fingerprint", m->fingerprint,
                        "suppressed", m->suppressed));
    }
  return arr;
}

int
report_diff_json (FILE *out, const struct diff *d)
{
  json_t *mem = bytes_json (&d->init);
  json_object_set_new (mem, "freed", bytes_json (&d->freed));
  json_object_set_new (mem, "by_section", parts_json (&d->by_section));
  json_object_set_new (mem, "by_file", parts_json (&d->by_file));
  json_t *root = json_pack (
    "{s:s, s:s, s:s, s:{s:o, s:o, s:o, s:o}, s:o, s:{s:o, s:o}}", "schema", "initscan-diff/1",
    "old", d->old_path, "new", d->new_path, "initcalls", "added", calls_json (&d->added, false),
    "removed", calls_json (&d->removed, false), "moved", calls_json (&d->moved, true),
    "reordered", calls_json (&d->reordered, false), "init_memory", mem, "mismatches", "new",
    findings_json (&d->new_findings), "fixed", findings_json (&d->fixed_findings));
  int rc = json_dumpf (root, out, JSON_INDENT (2) | JSON_PRESERVE_ORDER);
  fputc ('\n', out);
  json_decref (root);
  return rc;
}

/* A list's heading, false (print nothing) when it has no entry.  */
static bool
print_heading (FILE *out, const char *title, size_t n, const char *what)
{
  if (n == 0)
    return false;
  fprintf (out, "\n%s (%zu%s):\n", title, n, what);
  return true;
}

static void
print_source (FILE *out, const char *before, const struct source_pos *pos, const char *after)
{
  if (pos->file != NULL)
    fprintf (out, "%s%s:%d%s", before, pos->file, pos->line, after);
}

static void
print_calls (FILE *out, const char *title, const struct diff_calls *calls, bool moved)
{
  if (!print_heading (out, title, calls->n, ""))
    return;
  for (size_t i = 0; i < calls->n; i++)
    {
      const struct diff_call *c = &calls->calls[i];
      fprintf (out, "  %-6s %s", c->ic->level, c->ic->function ?: "?");
      if (moved)
        fprintf (out, "  (was level %s)", c->old_level);
      else if (c->old_index >= 0)
        fprintf (out, "  (was #%ld, now #%ld)", c->old_index, c->new_index);
      print_source (out, "  ", &c->ic->source, "");
      fputc ('\n', out);
    }
}

static void
print_bytes (FILE *out, const char *what, const struct diff_bytes *b)
{
  fprintf (out, "%s: %" PRIu64 " -> %" PRIu64 " bytes (%+" PRId64 ")\n", what, b->old, b->new,
           (int64_t) b->new - (int64_t) b->old);
}

static void
print_parts (FILE *out, const char *title, const struct diff_parts *parts)
{
  if (!print_heading (out, title, parts->n, " changed"))
    return;
  for (size_t i = 0; i < parts->n; i++)
    {
      fprintf (out, "  %s", parts->parts[i].name);
      print_bytes (out, "", &parts->parts[i].bytes);
    }
}

static void
print_findings (FILE *out, const char *title, const struct diff_findings *f)
{
  if (!print_heading (out, title, f->n, ""))
    return;
  for (size_t i = 0; i < f->n; i++)
    {
      const struct mismatch *m = f->list[i];
      fprintf (out, "  ");
      print_source (out, "", &m->from.source, ": ");
      fprintf (out, "[%s] %s -> %s  %s\n", m->rule->id, m->from.symbol ?: "?",
               m->to.symbol ?: "?", m->fingerprint);
    }
}

void
report_diff_text (FILE *out, const struct diff *d)
{
  fprintf (out, "initscan diff %s %s\n", d->old_path, d->new_path);
  fprintf (out, "initcalls: %zu added, %zu removed, %zu moved to another level, %zu reordered\n",
           d->added.n, d->removed.n, d->moved.n, d->reordered.n);
  print_bytes (out, "init memory", &d->init);
  print_bytes (out, "freed after boot", &d->freed);
  fprintf (out, "mismatches: %zu new, %zu fixed\n", d->new_findings.n, d->fixed_findings.n);
  print_calls (out, "Added initcalls", &d->added, false);
  print_calls (out, "Removed initcalls", &d->removed, false);
  print_calls (out, "Moved to another level", &d->moved, true);
  print_calls (out, "Reordered within their level", &d->reordered, false);
  print_parts (out, "Init memory by section", &d->by_section);
  print_parts (out, "Init memory by file", &d->by_file);
  print_findings (out, "New mismatches", &d->new_findings);
  print_findings (out, "Fixed mismatches", &d->fixed_findings);
}
