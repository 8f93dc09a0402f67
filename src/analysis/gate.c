/* Suppressing known findings, so that a CI gate fails only on new ones.  */
#include "analysis/gate.h"

#include <errno.h>
#include <error.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/scan.h"
#include "index/image.h"
#include "util/output.h"
#include "analysis/rules.h"
#include "util/util.h"

static bool
is_fingerprint (const char *s)
{
  size_t n = strspn (s, "0123456789abcdef");
  return n == 16 && s[n] == '\0';
}

static int
compare_strings (const void *a, const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

int
gate_read_baseline (struct gate *g, const char *path)
{
  FILE *f = fopen (path, "r");
  if (f == NULL)
    {
      error (0, errno, "%s", path);
      return -1;
    }
  char *line = NULL;
  size_t cap = 0, lineno = 0;
  ssize_t len;
  int rc = 0;
  while ((len = getline (&line, &cap, f)) >= 0)
    {
      lineno++;
      while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r' || line[len - 1] == ' '))
        line[--len] = '\0';
      if (len == 0 || line[0] == '#')
        continue;
      if (!is_fingerprint (line))
        {
          error (0, 0, "%s:%zu: not a fingerprint (16 hex digits): %s", path,
                   lineno, line);
          rc = -1;
          break;
        }
      *ARRAY_PUSH (g->baseline, g->nbaseline, g->baseline_cap) = xstrdup (line);
    }
  free (line);
  fclose (f);
  if (g->nbaseline > 0)
    qsort (g->baseline, g->nbaseline, sizeof *g->baseline, compare_strings);
  return rc;
}

static bool
in_baseline (const struct gate *g, const char *fp)
{
  return g->nbaseline > 0
         && bsearch (&fp, g->baseline, g->nbaseline, sizeof *g->baseline, compare_strings) != NULL;
}

/* --allow FROMGLOB:TOGLOB, fnmatch(3) on both symbol names.  */
static bool
allowed (const struct gate *g, const struct mismatch *m)
{
  const char *from = m->from.symbol ? m->from.symbol : "";
  const char *to = m->to.symbol ? m->to.symbol : "";
  for (size_t i = 0; i < g->nallow; i++)
    {
      char *pat = xstrdup (g->allow[i]);
      char *colon = strchr (pat, ':');
      bool match = colon != NULL;
      if (match)
        {
          *colon = '\0';
          match = fnmatch (pat, from, 0) == 0 && fnmatch (colon + 1, to, 0) == 0;
        }
      free (pat);
      if (match)
        return true;
    }
  return false;
}

void
gate_apply (const struct gate *g, struct scan *sc)
{
  for (size_t i = 0; i < sc->nmismatches; i++)
    {
      struct mismatch *m = &sc->mismatches[i];
      if (allowed (g, m))
        m->suppressed_by = "allow";
      else if (in_baseline (g, m->fingerprint))
        m->suppressed_by = "baseline";
      else if (m->merged_source)
        m->suppressed_by = "merged-section";
      m->suppressed = m->suppressed_by != NULL;
    }
}

/* A finding and the image it is in, for writing a baseline.  */
struct baseline_line
{
  const struct mismatch *m;
  const struct scan *sc;
};

static int
compare_lines (const void *a, const void *b)
{
  const struct baseline_line *x = a, *y = b;
  int c = strcmp (x->m->fingerprint, y->m->fingerprint);
  /* the first found describes a fingerprint several images share */
  if (c == 0)
    c = x < y ? -1 : x > y;
  return c;
}

/* Every finding of SCANS (N), sorted by fingerprint: a baseline's changes
   then read well in a diff, whatever order the inputs came in.  */
static struct baseline_line *
sorted_findings (struct scan *const *scans, size_t n, size_t *count)
{
  struct baseline_line *lines = NULL;
  size_t cap = 0;
  *count = 0;
  for (size_t i = 0; i < n; i++)
    {
      const struct scan *sc = scan_findings (scans[i]);
      for (size_t j = 0; j < sc->nmismatches; j++)
        *ARRAY_PUSH (lines, *count, cap) = (struct baseline_line) { &sc->mismatches[j], sc };
    }
  if (*count > 1)
    qsort (lines, *count, sizeof *lines, compare_lines);
  return lines;
}

int
gate_write_baseline (const char *path, struct scan *const *scans, size_t n)
{
  struct output_file out;
  if (output_open (&out, path) < 0)
    return -1;
  FILE *f = out.f;
  fprintf (f, "# initscan baseline: findings listed here do not fail the gate.\n");
  size_t count;
  struct baseline_line *lines = sorted_findings (scans, n, &count);
  for (size_t i = 0; i < count; i++)
    {
      const struct mismatch *m = lines[i].m;
      /* the same finding in several inputs (vmlinux.o and vmlinux): once */
      if (i > 0 && strcmp (m->fingerprint, lines[i - 1].m->fingerprint) == 0)
        continue;
      fprintf (f, "# %s: %s -> %s (%s", m->rule->id, m->from.symbol ? m->from.symbol : "?",
               m->to.symbol ? m->to.symbol : "?", lines[i].sc->file.path);
      if (m->from.source.file != NULL)
        fprintf (f, ", %s:%d", m->from.source.file, m->from.source.line);
      fprintf (f, ")\n%s\n", m->fingerprint);
    }
  free (lines);
  return output_commit (&out);
}

void
gate_free (struct gate *g)
{
  for (size_t i = 0; i < g->nbaseline; i++)
    free (g->baseline[i]);
  free (g->baseline);
  free (g->allow);
  memset (g, 0, sizeof *g);
}
