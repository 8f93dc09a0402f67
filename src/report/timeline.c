/* The boot timeline: the kernel's scripts/bootgraph.pl reads the same
   initcall_debug lines ("calling  fn @ pid" at a printk time, "initcall fn
   returned R after N usecs" at another) and draws each call as a box from
   the one time to the other on a time axis.  (Not for N usecs: init/main.c
   measures it with ktime_get(), which counts jiffies until a clocksource
   is chosen, while printk's time is local_clock().)  Here the boxes are
   stacked in rows so that none overlaps another (calls of async threads
   run beside pid 1's), the slowest and the failed ones are marked, and
   each has a <title> (the hover text): function, file:line, level, time,
   return value.  */
#include <inttypes.h>
#include <stdlib.h>

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
  LABEL_LINES = 2,       /* under each row of bars */
  LABEL_HEIGHT = 13,
  ROW_HEIGHT = 20 + LABEL_LINES * LABEL_HEIGHT,
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
  long start, end;            /* printk times, microseconds */
  size_t row;
  bool slow;
  double label_x, label_end;  /* a slow call's label, if it has room; else 0, 0 */
  int label_line;
};

/* Start and end: the printk times of the "calling" and "returned" lines;
   a call without the first starts where the call before it ended, one
   without the second lasts the microseconds it says.  */
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
      b->end = c->end_usecs >= b->start ? c->end_usecs : b->start + (c->usecs > 0 ? c->usecs : 0);
      end = b->end;
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
      row_end[r] = bars[i].end;
    }
  free (row_end);
  return rows;
}

static int
compare_usecs (const void *a, const void *b)
{
  const struct bar *const *x = a, *const *y = b;
  if ((*x)->call->usecs != (*y)->call->usecs)
    return (*x)->call->usecs > (*y)->call->usecs ? -1 : 1;
  return (*x)->call->order < (*y)->call->order ? -1 : 1;
}

static double
bar_x (const struct bar *b, long t0, double us_per_px)
{
  return PLOT_LEFT + (double) (b->start - t0) / us_per_px;
}

static int
label_text (char *buf, size_t size, const struct bar *b)
{
  return snprintf (buf, size, "%s %ld us%s", b->call->function, b->call->usecs,
                   b->call->ret != 0 ? " (failed)" : "");
}

/* The SLOWEST calls, by the time the kernel measured; each labelled under
   its bar on the first line where it covers no label of a slower one.  */
static void
mark_slowest (struct bar *bars, size_t n, long t0, double us_per_px)
{
  struct bar **by_time = xcalloc (n ? n : 1, sizeof *by_time);
  for (size_t i = 0; i < n; i++)
    by_time[i] = &bars[i];
  qsort (by_time, n, sizeof *by_time, compare_usecs);
  for (size_t i = 0; i < n && i < SLOWEST && by_time[i]->call->usecs > 0; i++)
    {
      struct bar *b = by_time[i];
      b->slow = true;
      double x = bar_x (b, t0, us_per_px);
      double end = x + label_text (NULL, 0, b) * CHAR_WIDTH;
      for (int line = 0; line < LABEL_LINES && b->label_end == 0; line++)
        {
          bool room = true;
          for (size_t j = 0; j < i; j++)
            if (by_time[j]->row == b->row && by_time[j]->label_line == line
                && by_time[j]->label_end > x && by_time[j]->label_x < end)
              room = false;
          if (room)
            b->label_x = x, b->label_end = end, b->label_line = line;
        }
    }
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

static void
print_label (FILE *out, const struct bar *b, double y)
{
  char text[512];
  label_text (text, sizeof text, b);
  fprintf (out, "<text class=\"label\" x=\"%.2f\" y=\"%.1f\">", b->label_x,
           y + BAR_HEIGHT + (b->label_line + 1) * LABEL_HEIGHT - 1);
  markup_escape (out, text);
  fputs ("</text>\n", out);
}

static void
print_bar (FILE *out, const struct scan *sc, const struct report_options *opts,
           const struct bar *b, long t0, double us_per_px, double top)
{
  double x = bar_x (b, t0, us_per_px);
  double w = (double) (b->end - b->start) / us_per_px;
  /* wide enough to see; a failed call wider */
  double min_w = b->call->ret != 0 ? 3 : 1;
  double y = top + (double) b->row * ROW_HEIGHT;
  fprintf (out, "<rect class=\"%s\" x=\"%.3f\" y=\"%.1f\" width=\"%.3f\" height=\"%d\" "
                "data-function=\"", bar_class (b), x, y, w < min_w ? min_w : w, BAR_HEIGHT);
  markup_escape (out, b->call->function);
  fprintf (out, "\" data-start-us=\"%ld\" data-end-us=\"%ld\" data-usecs=\"%ld\" data-ret=\"%ld\">",
           b->start, b->end, b->call->usecs, b->call->ret);
  print_title (out, sc, opts, b);
  fputs ("</rect>\n", out);
  if (b->label_end > 0)
    print_label (out, b, y);
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
  long t0 = n > 0 ? bars[0].start : 0, t1 = t0;
  for (size_t i = 0; i < n; i++)
    {
      t0 = bars[i].start < t0 ? bars[i].start : t0;
      t1 = bars[i].end > t1 ? bars[i].end : t1;
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
  mark_slowest (bars, n, t0, us_per_px);
  for (size_t i = 0; i < n; i++)
    print_bar (out, sc, opts, &bars[i], t0, us_per_px, top);
  print_axis (out, t0, span, us_per_px, axis);
  fputs ("</svg>\n", out);
  free (bars);
}
