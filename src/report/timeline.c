/* The boot timeline: the kernel's scripts/bootgraph.pl reads the same
   initcall_debug lines ("calling  fn @ pid" at a printk time, "initcall fn
   returned R after N usecs") and draws each call as a box from its start
   for its duration on a time axis.  Here the boxes are stacked in rows so
   that none overlaps another (calls of async threads run beside pid 1's),
   the slowest and the failed ones are marked, and each has a <title>
   (the hover text): function, file:line, level, time, return value.  */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/bootlog.h"
#include "analysis/scan.h"
#include "report/markup.h"
#include "report/report.h"
#include "report/svg.h"
#include "util/util.h"

enum
{
  PLOT_LEFT = 30,
  PLOT_WIDTH = 1400,
  ROW_HEIGHT = 34,       /* a bar and the line of labels under it */
  BAR_HEIGHT = 16,
  CHAR_WIDTH = 6,        /* of a label, about */
  AXIS_HEIGHT = 34,
  SLOWEST = 10,          /* the calls labelled and marked slow */
};

/* One call of the log placed on the time axis.  */
struct bar
{
  const struct boot_call *call;
  const struct initcall *ic;  /* NULL: the image has no such initcall */
  long start, usecs;          /* microseconds */
  size_t row;
  bool slow;
};

/* Start times: the printk time of the "calling" line; a line without one
   starts where the call before it ended.  */
static struct bar *
place_calls (const struct scan *sc, size_t *n)
{
  const struct boot_log *log = sc->boot;
  struct bar *bars = xcalloc (log->ncalls ? log->ncalls : 1, sizeof *bars);
  long end = 0;
  for (size_t j = 0; j < log->ncalls; j++)
    {
      const struct boot_call *c = &log->calls[j];
      struct bar *b = &bars[j];
      b->call = c;
      b->ic = c->matched >= 0 ? scan_call (sc, (size_t) c->matched) : NULL;
      b->start = c->start_usecs >= 0 ? c->start_usecs : end;
      b->usecs = c->usecs > 0 ? c->usecs : 0;
      end = b->start + b->usecs;
    }
  *n = log->ncalls;
  return bars;
}

/* Each bar in the first row whose last bar ended by its start (the log is
   in start order but for lines without a time).  Returns the rows.  */
static size_t
stack_rows (struct bar *bars, size_t n)
{
  long *row_end = xcalloc (n ? n : 1, sizeof *row_end);
  size_t rows = 0;
  for (size_t i = 0; i < n; i++)
    {
      size_t r = 0;
      while (r < rows && row_end[r] > bars[i].start)
        r++;
      if (r == rows)
        rows++;
      bars[i].row = r;
      row_end[r] = bars[i].start + bars[i].usecs;
    }
  free (row_end);
  return rows;
}

static int
compare_usecs (const void *a, const void *b)
{
  const struct bar *const *x = a, *const *y = b;
  if ((*x)->usecs != (*y)->usecs)
    return (*x)->usecs > (*y)->usecs ? -1 : 1;
  return (*x)->call->order < (*y)->call->order ? -1 : 1;
}

static void
mark_slowest (struct bar *bars, size_t n)
{
  struct bar **by_time = xcalloc (n ? n : 1, sizeof *by_time);
  for (size_t i = 0; i < n; i++)
    by_time[i] = &bars[i];
  qsort (by_time, n, sizeof *by_time, compare_usecs);
  for (size_t i = 0; i < n && i < SLOWEST && by_time[i]->usecs > 0; i++)
    by_time[i]->slow = true;
  free (by_time);
}

/* A tick spacing of 1, 2 or 5 times a power of ten microseconds giving at
   most twelve ticks over SPAN.  */
static long
tick_step (double span)
{
  static const long mantissa[] = { 1, 2, 5 };
  for (long power = 1;; power *= 10)
    for (size_t i = 0; i < ARRAY_SIZE (mantissa); i++)
      if (span / (double) (mantissa[i] * power) <= 12)
        return mantissa[i] * power;
}

static void
print_axis (FILE *out, long t0, double span, double us_per_px, double y)
{
  long step = tick_step (span);
  fprintf (out, "<g class=\"axis\"><line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>\n",
           PLOT_LEFT, y, PLOT_LEFT + PLOT_WIDTH, y);
  for (long t = (t0 + step - 1) / step * step; t <= t0 + span; t += step)
    {
      double x = PLOT_LEFT + (double) (t - t0) / us_per_px;
      fprintf (out, "<line x1=\"%.2f\" y1=\"%.1f\" x2=\"%.2f\" y2=\"%.1f\"/>", x, y, x, y + 5);
      if (step >= 100000)
        fprintf (out, "<text x=\"%.2f\" y=\"%.1f\">%.1f s</text>\n", x, y + 17, (double) t / 1e6);
      else
        fprintf (out, "<text x=\"%.2f\" y=\"%.1f\">%.*f ms</text>\n", x, y + 17,
                 step >= 1000 ? 0 : 3, (double) t / 1e3);
    }
  fputs ("</g>\n", out);
}

static void
print_title (FILE *out, const struct scan *sc, const struct report_options *opts,
             const struct bar *b)
{
  const struct boot_call *c = b->call;
  fputs ("<title>", out);
  markup_escape (out, c->function);
  if (b->ic != NULL && b->ic->source.file != NULL)
    {
      fputs ("\n", out);
      markup_source (out, sc, opts, &b->ic->source);
    }
  if (b->ic != NULL)
    fprintf (out, "\nlevel %s", b->ic->level);
  else
    fputs ("\nnot an initcall of this image", out);
  fprintf (out, "\nstart %ld.%06ld s", b->start / 1000000, b->start % 1000000);
  if (c->usecs >= 0)
    fprintf (out, ", %ld usecs\nreturned %ld", c->usecs, c->ret);
  else
    fputs ("\nno \"returned\" line in the log", out);
  fputs ("</title>", out);
}

static const char *
bar_class (const struct bar *b)
{
  if (b->call->usecs < 0)
    return "bar unfinished";
  if (b->call->ret != 0)
    return b->slow ? "bar failed slow" : "bar failed";
  if (b->ic == NULL)
    return b->slow ? "bar other slow" : "bar other";
  return b->slow ? "bar slow" : "bar";
}

/* A label under a slow bar, unless it would run into the one
   before it in its row (LABEL_END: where that one ends).  */
static void
print_label (FILE *out, const struct bar *b, double x, double y, double *label_end)
{
  char text[64];
  snprintf (text, sizeof text, " %ld us%s", b->usecs, b->call->ret != 0 ? " (failed)" : "");
  if (x < *label_end)
    return;
  *label_end = x + (double) (strlen (b->call->function) + strlen (text) + 1) * CHAR_WIDTH;
  fprintf (out, "<text class=\"label\" x=\"%.2f\" y=\"%.1f\">", x, y + BAR_HEIGHT + 12);
  markup_escape (out, b->call->function);
  fprintf (out, "%s</text>\n", text);
}

static void
print_bar (FILE *out, const struct scan *sc, const struct report_options *opts,
           const struct bar *b, long t0, double us_per_px, double top, double *label_end)
{
  double x = PLOT_LEFT + (double) (b->start - t0) / us_per_px;
  double w = (double) b->usecs / us_per_px;
  /* wide enough to see; a failed call wider */
  double min_w = b->call->ret != 0 ? 3 : 1;
  double y = top + (double) b->row * ROW_HEIGHT;
  fprintf (out, "<rect class=\"%s\" x=\"%.3f\" y=\"%.1f\" width=\"%.3f\" height=\"%d\" "
                "data-function=\"", bar_class (b), x, y, w < min_w ? min_w : w, BAR_HEIGHT);
  markup_escape (out, b->call->function);
  fprintf (out, "\" data-start-us=\"%ld\" data-usecs=\"%ld\" data-ret=\"%ld\">", b->start,
           b->call->usecs, b->call->ret);
  print_title (out, sc, opts, b);
  fputs ("</rect>\n", out);
  if (b->slow)
    print_label (out, b, x, y, &label_end[b->row]);
}

static const char timeline_style[]
  = "<style>"
    ".timeline{font:11px sans-serif}"
    ".timeline .bar{fill:#4a7fb5}"
    ".timeline .bar.slow{fill:#e08a1e}"
    ".timeline .bar.other{fill:#999}"
    ".timeline .bar.failed{fill:#c62828}"
    ".timeline .bar.unfinished{fill:#6a1b9a}"
    ".timeline .bar:hover{stroke:#000;stroke-width:1}"
    ".timeline .axis line{stroke:#555}"
    ".timeline .axis text{fill:#333;text-anchor:middle}"
    ".timeline .label{fill:#222}"
    ".timeline .legend rect{stroke:none}"
    "</style>\n";

static void
print_legend (FILE *out, double y)
{
  static const struct
  {
    const char *cls, *text;
  } keys[] = {
    { "bar", "initcall" },
    { "bar slow", "one of the slowest" },
    { "bar failed", "returned an error" },
    { "bar unfinished", "never returned" },
    { "bar other", "not in the image" },
  };
  fputs ("<g class=\"legend\">", out);
  for (size_t i = 0; i < ARRAY_SIZE (keys); i++)
    fprintf (out, "<rect class=\"%s key\" x=\"%zu\" y=\"%.1f\" width=\"10\" height=\"10\"/>"
                  "<text x=\"%zu\" y=\"%.1f\">%s</text>",
             keys[i].cls, PLOT_LEFT + i * 170, y, PLOT_LEFT + i * 170 + 14, y + 9, keys[i].text);
  fputs ("</g>\n", out);
}

void
svg_boot_timeline (FILE *out, const struct scan *sc, const struct report_options *opts)
{
  size_t n;
  struct bar *bars = place_calls (sc, &n);
  size_t rows = stack_rows (bars, n);
  mark_slowest (bars, n);
  long t0 = n > 0 ? bars[0].start : 0, t1 = t0;
  for (size_t i = 0; i < n; i++)
    {
      t0 = bars[i].start < t0 ? bars[i].start : t0;
      t1 = bars[i].start + bars[i].usecs > t1 ? bars[i].start + bars[i].usecs : t1;
    }
  double span = t1 > t0 ? (double) (t1 - t0) : 1;
  double us_per_px = span / PLOT_WIDTH;
  double top = 24, axis = top + (double) rows * ROW_HEIGHT;
  int width = PLOT_LEFT * 2 + PLOT_WIDTH + 220; /* room for the last labels */
  int height = (int) axis + AXIS_HEIGHT;
  fprintf (out, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline\" width=\"%d\" "
                "height=\"%d\" viewBox=\"0 0 %d %d\" data-t0-us=\"%ld\" data-us-per-px=\"%.6f\" "
                "data-plot-left=\"%d\" data-bars=\"%zu\">\n",
           width, height, width, height, t0, us_per_px, PLOT_LEFT, n);
  fputs (timeline_style, out);
  print_legend (out, 4);
  double *label_end = xcalloc (rows ? rows : 1, sizeof *label_end);
  for (size_t i = 0; i < n; i++)
    print_bar (out, sc, opts, &bars[i], t0, us_per_px, top, label_end);
  free (label_end);
  print_axis (out, t0, span, us_per_px, axis);
  fputs ("</svg>\n", out);
  free (bars);
}
