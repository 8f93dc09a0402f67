/* The init memory as a squarified treemap (Bruls, Huizing and van Wijk,
   "Squarified Treemaps", 2000): sections, in each the files, in each the
   symbols, every rectangle's area proportional to its bytes.  Rectangles
   too small to see (under MIN_AREA square pixels) are drawn together as
   one "N smaller ..." rectangle of their level, which keeps the file
   small for a vmlinux's thousands of init symbols.  */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/scan.h"
#include "report/markup.h"
#include "report/svg.h"
#include "util/util.h"

enum
{
  MAP_WIDTH = 1200,
  MAP_HEIGHT = 560,
  MIN_AREA = 12,       /* square pixels */
};

/* A rectangle to place: BYTES of the parts [FIRST, FIRST + COUNT) of the
   sorted attribution (a section, a file, a symbol, or several merged).  */
struct tile
{
  uint64_t bytes;
  size_t first, count;
  size_t merged;       /* > 0: this many small tiles drawn as one */
  double x, y, w, h;
};

struct tiles
{
  struct tile *t;
  size_t n, cap;
};

static int
strcmp_null (const char *a, const char *b)
{
  return strcmp (a ? a : "", b ? b : "");
}

static int
compare_parts (const void *a, const void *b)
{
  const struct init_memory_part *const *x = a, *const *y = b;
  int c = strcmp_null ((*x)->section, (*y)->section);
  if (c == 0)
    c = strcmp_null ((*x)->file, (*y)->file);
  if (c == 0 && (*x)->bytes != (*y)->bytes)
    c = (*x)->bytes > (*y)->bytes ? -1 : 1;
  return c != 0 ? c : strcmp ((*x)->name, (*y)->name);
}

static int
compare_tiles (const void *a, const void *b)
{
  const struct tile *x = a, *y = b;
  if (x->bytes != y->bytes)
    return x->bytes > y->bytes ? -1 : 1;
  return x->first < y->first ? -1 : 1;
}

/* The worst aspect ratio of a row of tiles of total area SUM, the largest
   MAX and the smallest MIN, laid along a side of length SIDE.  */
static double
worst_ratio (double sum, double max, double min, double side)
{
  double a = side * side * max / (sum * sum), b = sum * sum / (side * side * min);
  return a > b ? a : b;
}

/* Place T[0..N) (largest first) in the rectangle X, Y, W, H: rows along
   its shorter side, each grown while that improves its worst ratio.  */
static void
squarify (struct tile *t, size_t n, double x, double y, double w, double h)
{
  uint64_t total = 0;
  for (size_t i = 0; i < n; i++)
    total += t[i].bytes;
  double scale = total > 0 ? w * h / (double) total : 0;
  size_t i = 0;
  while (i < n && w > 0 && h > 0)
    {
      double side = w < h ? w : h;
      double sum = (double) t[i].bytes * scale, max = sum;
      size_t j = i + 1;
      while (j < n)
        {
          double area = (double) t[j].bytes * scale;
          if (worst_ratio (sum + area, max, area, side)
              > worst_ratio (sum, max, (double) t[j - 1].bytes * scale, side))
            break;
          sum += area;
          j++;
        }
      double thick = sum / side, along = 0;
      for (size_t k = i; k < j; k++)
        {
          double len = (double) t[k].bytes * scale / thick;
          if (w >= h)
            t[k] = (struct tile) { t[k].bytes, t[k].first, t[k].count, t[k].merged, x,
                                   y + along, thick, len };
          else
            t[k] = (struct tile) { t[k].bytes, t[k].first, t[k].count, t[k].merged,
                                   x + along, y, len, thick };
          along += len;
        }
      if (w >= h)
        x += thick, w -= thick;
      else
        y += thick, h -= thick;
      i = j;
    }
}

/* Group the parts ORDER[FIRST, FIRST + COUNT) (sorted) into tiles of equal
   KEY, largest first, the ones under MIN_AREA of AREA merged at the end.  */
static void
group_tiles (struct tiles *out, const struct init_memory_part *const *order, size_t first,
             size_t count, const char *(*key) (const struct init_memory_part *), double area)
{
  out->n = 0;
  uint64_t total = 0;
  for (size_t i = first; i < first + count;)
    {
      size_t j = i + 1;
      uint64_t bytes = order[i]->bytes;
      while (j < first + count && strcmp_null (key (order[j]), key (order[i])) == 0)
        bytes += order[j++]->bytes;
      if (bytes > 0)
        *ARRAY_PUSH (out->t, out->n, out->cap) = (struct tile) { bytes, i, j - i, 0, 0, 0, 0, 0 };
      total += bytes;
      i = j;
    }
  qsort (out->t, out->n, sizeof *out->t, compare_tiles);
  size_t keep = out->n;
  while (keep > 1 && (double) out->t[keep - 1].bytes * area < MIN_AREA * (double) total)
    keep--;
  if (out->n - keep >= 2)
    {
      struct tile rest = { 0, 0, 0, out->n - keep, 0, 0, 0, 0 };
      for (size_t i = keep; i < out->n; i++)
        rest.bytes += out->t[i].bytes;
      out->t[keep] = rest;
      out->n = keep + 1;
    }
}

static const char *
section_key (const struct init_memory_part *p)
{
  return p->section;
}

static const char *
file_key (const struct init_memory_part *p)
{
  return p->file;
}

static const char *
symbol_key (const struct init_memory_part *p)
{
  return p->name;
}

/* A rectangle, filled in the HUE of its section and LIGHT (0: an
   outline), its <title> still to come.  */
static void
print_rect (FILE *out, const char *cls, const struct tile *t, int hue, int light)
{
  fprintf (out, "<rect class=\"%s\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\"",
           cls, t->x, t->y, t->w, t->h);
  if (light > 0)
    fprintf (out, " fill=\"hsl(%d,55%%,%d%%)\"", hue, light);
  fprintf (out, " data-bytes=\"%" PRIu64 "\"", t->bytes);
}

/* A label inside T if it fits: as many characters as its width holds,
   from the end (a path's file name), if that is enough to tell.  */
static void
print_label (FILE *out, const char *cls, const struct tile *t, const char *text, double dy)
{
  size_t fit = t->w > 6 ? (size_t) ((t->w - 6) / 6.5) : 0;
  size_t len = strlen (text);
  if (t->h < dy + 4 || (len > fit && fit < 8)) /* "…c" says nothing */
    return;
  fprintf (out, "<text class=\"%s\" x=\"%.2f\" y=\"%.2f\">", cls, t->x + 3, t->y + dy);
  if (len <= fit)
    markup_escape (out, text);
  else
    {
      const char *tail = text + len - (fit - 1);
      while ((*tail & 0xc0) == 0x80) /* not inside a UTF-8 character */
        tail++;
      char *cut = xasprintf ("…%s", tail);
      markup_escape (out, cut);
      free (cut);
    }
  fputs ("</text>\n", out);
}

static void
print_title (FILE *out, const char *what, const char *section, const char *file,
             uint64_t bytes)
{
  char size[32];
  fputs ("><title>", out);
  markup_escape (out, what);
  if (file != NULL)
    {
      fputs ("\n", out);
      markup_escape (out, file);
    }
  if (section != NULL)
    {
      fputs ("\n", out);
      markup_escape (out, section);
    }
  if (bytes < 1024)
    fprintf (out, "\n%s</title></rect>\n", markup_size (bytes, size, sizeof size));
  else
    fprintf (out, "\n%s (%" PRIu64 " bytes)</title></rect>\n",
             markup_size (bytes, size, sizeof size), bytes);
}

static void
print_symbols (FILE *out, const struct init_memory_part *const *order, const struct tile *file,
               int hue)
{
  struct tiles syms = { 0 };
  group_tiles (&syms, order, file->first, file->count, symbol_key, file->w * file->h);
  squarify (syms.t, syms.n, file->x, file->y, file->w, file->h);
  for (size_t i = 0; i < syms.n; i++)
    {
      const struct tile *t = &syms.t[i];
      const struct init_memory_part *p = order[t->first];
      print_rect (out, "symbol", t, hue, 62 + (int) (i % 3) * 6);
      if (t->merged > 0)
        {
          char *what = xasprintf ("%zu smaller symbols", t->merged);
          fputs (" data-merged=\"true\"", out);
          print_title (out, what, p->section, p->file, t->bytes);
          free (what);
          continue;
        }
      fputs (" data-name=\"", out);
      markup_escape (out, p->name);
      fputs ("\" data-section=\"", out);
      markup_escape (out, p->section ? p->section : "");
      fputs ("\"", out);
      print_title (out, p->name, p->section, p->file, t->bytes);
      if (t->h >= 44) /* under the file's label: at the bottom */
        print_label (out, "symbol-label", t, p->name, t->h - 5);
    }
  free (syms.t);
}

static void
print_files (FILE *out, const struct init_memory_part *const *order, const struct tile *sec,
             int hue)
{
  struct tiles files = { 0 };
  group_tiles (&files, order, sec->first, sec->count, file_key, sec->w * sec->h);
  squarify (files.t, files.n, sec->x, sec->y, sec->w, sec->h);
  for (size_t i = 0; i < files.n; i++)
    {
      const struct tile *t = &files.t[i];
      if (t->merged == 0)
        print_symbols (out, order, t, hue);
      else
        {
          /* many small files: one rectangle, all its parts inside */
          print_rect (out, "symbol", t, hue, 70);
          char *what = xasprintf ("%zu smaller files", t->merged);
          fputs (" data-merged=\"true\"", out);
          print_title (out, what, order[sec->first]->section, NULL, t->bytes);
          free (what);
        }
      print_rect (out, "file", t, hue, 0);
      const char *file = t->merged ? NULL : order[t->first]->file;
      print_title (out, file ? file : t->merged ? "smaller files" : "(no symbol)",
                   order[sec->first]->section, NULL, t->bytes);
      if (t->merged == 0)
        print_label (out, "file-label", t, file ? file : "(no symbol)", 26);
    }
  free (files.t);
}

void
svg_init_treemap (FILE *out, const struct scan *sc)
{
  const struct attribution *a = &sc->attrib;
  const struct init_memory_part **order = xcalloc (a->nparts ? a->nparts : 1, sizeof *order);
  for (size_t i = 0; i < a->nparts; i++)
    order[i] = &a->parts[i];
  qsort (order, a->nparts, sizeof *order, compare_parts);
  struct tiles secs = { 0 };
  group_tiles (&secs, order, 0, a->nparts, section_key, MAP_WIDTH * MAP_HEIGHT);
  squarify (secs.t, secs.n, 0, 0, MAP_WIDTH, MAP_HEIGHT);
  fprintf (out, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"treemap\" width=\"%d\" "
                "height=\"%d\" viewBox=\"0 0 %d %d\" data-bytes=\"%" PRIu64 "\">\n"
                "<style>.treemap{font:11px sans-serif}.treemap .file{fill:none;stroke:#fff;"
                "stroke-width:1.5;pointer-events:none}.treemap .section{fill:none;stroke:#222;"
                "stroke-width:2;pointer-events:none}.treemap .symbol{stroke:#fff;"
                "stroke-width:.3}.treemap .symbol:hover{fill:#ffe082}.treemap text{fill:#111;"
                "pointer-events:none}.treemap .section-label{font-weight:bold}.treemap .symbol-label{fill:#333;font-size:10px}</style>\n",
           MAP_WIDTH, MAP_HEIGHT, MAP_WIDTH, MAP_HEIGHT, a->total);
  for (size_t i = 0; i < secs.n; i++)
    {
      const struct tile *t = &secs.t[i];
      int hue = (int) (i * 47 % 360);
      if (t->merged == 0)
        print_files (out, order, t, hue);
      else
        {
          print_rect (out, "symbol", t, hue, 70);
          char *what = xasprintf ("%zu smaller sections", t->merged);
          fputs (" data-merged=\"true\"", out);
          print_title (out, what, NULL, NULL, t->bytes);
          free (what);
        }
      const char *name = t->merged ? "smaller sections" : order[t->first]->section;
      print_rect (out, "section", t, hue, 0);
      print_title (out, name ? name : "?", NULL, NULL, t->bytes);
      print_label (out, "section-label", t, name ? name : "?", 13);
    }
  fputs ("</svg>\n", out);
  free (secs.t);
  free (order);
}
