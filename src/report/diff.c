/* The renderings of an `initscan diff` model (analysis/diff.c): text, JSON
   of schema initscan-diff/1 (docs/initscan-diff-1.schema.json) and HTML.  */
#include "report/diff.h"

#include <inttypes.h>
#include <jansson.h>

#include "analysis/diff.h"
#include "analysis/rules.h"
#include "analysis/scan.h"
#include "report/markup.h"

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

/* HTML: one table, a row per change (<tr data-kind>): what changed, OLD's
   side, NEW's side.  */

static void
html_call (FILE *out, const struct initcall *ic, const char *level, long index)
{
  fputs ("<td class=\"mono\">", out);
  if (index >= 0)
    fprintf (out, "#%ld ", index);
  fputs ("level ", out);
  markup_escape (out, level);
  fputs (" <b>", out);
  markup_escape (out, ic->function ? ic->function : "?");
  fputs ("</b>", out);
  if (ic->source.file != NULL)
    {
      fputs ("<br>", out);
      markup_escape (out, ic->source.file);
      fprintf (out, ":%d", ic->source.line);
    }
  fputs ("</td>", out);
}

static void
html_row_begin (FILE *out, const char *kind, const char *what)
{
  fprintf (out, "<tr class=\"change\" data-kind=\"%s\"><td class=\"what\">", kind);
  markup_escape (out, what);
  fputs ("</td>", out);
}

static const char empty_side[] = "<td class=\"none\">&mdash;</td>";

/* Which side a list of changed initcalls shows.  */
enum side
{
  SIDE_OLD,
  SIDE_NEW,
  SIDE_BOTH,
};

static void
html_calls (FILE *out, const struct diff_calls *calls, const char *kind, enum side side)
{
  for (size_t i = 0; i < calls->n; i++)
    {
      const struct diff_call *c = &calls->calls[i];
      html_row_begin (out, kind, kind);
      if (side == SIDE_NEW)
        fputs (empty_side, out);
      else
        html_call (out, c->ic, c->old_level ? c->old_level : c->ic->level, c->old_index);
      if (side == SIDE_OLD)
        fputs (empty_side, out);
      else
        html_call (out, c->ic, c->ic->level, c->new_index);
      fputs ("</tr>\n", out);
    }
}

static void
html_bytes (FILE *out, const char *kind, const char *what, const struct diff_bytes *b)
{
  char old[32], new[32];
  html_row_begin (out, kind, what);
  fprintf (out, "<td class=\"num\" data-bytes=\"%" PRIu64 "\">%s</td><td class=\"num\" "
                "data-bytes=\"%" PRIu64 "\">%s (%+" PRId64 " bytes)</td></tr>\n",
           b->old, markup_size (b->old, old, sizeof old), b->new,
           markup_size (b->new, new, sizeof new), (int64_t) b->new - (int64_t) b->old);
}

static void
html_parts (FILE *out, const char *kind, const struct diff_parts *parts)
{
  for (size_t i = 0; i < parts->n; i++)
    html_bytes (out, kind, parts->parts[i].name, &parts->parts[i].bytes);
}

static void
html_finding (FILE *out, const struct mismatch *m)
{
  fputs ("<td class=\"mono\">[", out);
  markup_escape (out, m->rule->id);
  fputs ("] ", out);
  markup_escape (out, m->from.symbol ? m->from.symbol : "?");
  fputs (" &rarr; ", out);
  markup_escape (out, m->to.symbol ? m->to.symbol : "?");
  if (m->from.source.file != NULL)
    {
      fputs ("<br>", out);
      markup_escape (out, m->from.source.file);
      fprintf (out, ":%d", m->from.source.line);
    }
  fputs ("</td>", out);
}

static void
html_findings (FILE *out, const char *kind, const struct diff_findings *f, bool is_new)
{
  for (size_t i = 0; i < f->n; i++)
    {
      html_row_begin (out, kind, is_new ? "new mismatch" : "fixed mismatch");
      if (is_new)
        fputs (empty_side, out);
      html_finding (out, f->list[i]);
      if (!is_new)
        fputs (empty_side, out);
      fputs ("</tr>\n", out);
    }
}

void
report_diff_html (FILE *out, const struct diff *d)
{
  markup_page_begin (out, "initscan diff");
  fputs ("<h1>initscan diff</h1>\n<p>", out);
  fprintf (out, "initcalls: %zu added, %zu removed, %zu moved to another level, %zu reordered; "
                "mismatches: <span class=\"bad\">%zu new</span>, <span class=\"good\">%zu "
                "fixed</span></p>\n",
           d->added.n, d->removed.n, d->moved.n, d->reordered.n, d->new_findings.n,
           d->fixed_findings.n);
  fputs ("<table class=\"side\">\n<tr><th>change</th><th>old: ", out);
  markup_escape (out, d->old_path);
  fputs ("</th><th>new: ", out);
  markup_escape (out, d->new_path);
  fputs ("</th></tr>\n", out);
  html_findings (out, "new_mismatch", &d->new_findings, true);
  html_findings (out, "fixed_mismatch", &d->fixed_findings, false);
  html_calls (out, &d->added, "added", SIDE_NEW);
  html_calls (out, &d->removed, "removed", SIDE_OLD);
  html_calls (out, &d->moved, "moved", SIDE_BOTH);
  html_calls (out, &d->reordered, "reordered", SIDE_BOTH);
  html_bytes (out, "init_memory", "init memory", &d->init);
  html_bytes (out, "freed", "freed after boot", &d->freed);
  html_parts (out, "by_section", &d->by_section);
  html_parts (out, "by_file", &d->by_file);
  fputs ("</table>\n", out);
  markup_page_end (out);
}
