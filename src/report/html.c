/* --format=html: one self-contained page (no script, nothing loaded: the
   page's Content-Security-Policy forbids it) with, per input, a summary,
   the findings, the boot timeline (--dmesg), the init memory treemap and
   the initcalls by level; --format=svg: the boot timeline alone.  */
#include <inttypes.h>
#include <string.h>

#include "arch/arch.h"
#include "analysis/bootlog.h"
#include "analysis/rules.h"
#include "analysis/scan.h"
#include "index/image.h"
#include "report/markup.h"
#include "report/report.h"
#include "report/svg.h"
#include "util/version.h"

static void
row_begin (FILE *out, const char *what)
{
  fprintf (out, "<tr><th>%s</th><td>", what);
}

static void
row_text (FILE *out, const char *what, const char *text)
{
  row_begin (out, what);
  markup_escape (out, text);
  fputs ("</td></tr>\n", out);
}

static void
print_freed (FILE *out, const struct init_memory *im)
{
  char size[32];
  row_begin (out, "init memory");
  fprintf (out, "<code>0x%" PRIx64 "..0x%" PRIx64 "</code>, %s; freed in %" PRIu64
                " KiB pages:<br>",
           im->begin, im->end, markup_size (im->end - im->begin, size, sizeof size),
           im->page_size / 1024);
  /* the line this kernel prints (src/analysis/freedline.c) */
  if (im->boot_log_line != NULL)
    {
      fputs ("<code>", out);
      markup_escape (out, im->boot_log_line);
      fputs ("</code>", out);
    }
  else
    fputs ("(no freed-memory line: this kernel prints none when it frees nothing)", out);
  /* x86_64: mark_rodata_ro() and mem_encrypt_free_decrypted_mem() */
  if (im->have_gaps)
    fprintf (out, "<br><code>Freeing unused kernel image (text/rodata gap) memory: %" PRIu64
                  "K</code><br><code>Freeing unused kernel image (rodata/data gap) memory: %"
                  PRIu64 "K</code>", im->text_rodata_gap / 1024, im->rodata_data_gap / 1024);
  if (im->have_gaps && im->unused_decrypted)
    fprintf (out, "<br><code>Freeing unused decrypted memory: %" PRIu64 "K</code>",
             im->unused_decrypted / 1024);
  fputs ("</td></tr>\n", out);
}

static void
count_findings (const struct scan *f, size_t *shown, size_t *suppressed)
{
  *shown = *suppressed = 0;
  for (size_t i = 0; i < f->nmismatches; i++)
    {
      *suppressed += f->mismatches[i].suppressed;
      *shown += !f->mismatches[i].suppressed;
    }
}

static void
print_summary (FILE *out, const struct scan *sc)
{
  const struct image *img = &sc->file;
  const struct scan *f = scan_findings (sc);
  fputs ("<table class=\"summary\">\n", out);
  row_text (out, "kind", image_kind_name (img->kind));
  row_begin (out, "machine");
  markup_escape (out, img->arch ? img->arch->name : "unknown");
  fprintf (out, ", %u-bit, %s endian</td></tr>\n", img->elfclass,
           img->big_endian ? "big" : "little");
  if (img->build_id != NULL)
    row_text (out, "build id", img->build_id);
  if (f->rules != NULL)
    {
      row_begin (out, "mismatch rules");
      fputs ("modpost ", out);
      markup_escape (out, ruleset_version (f->rules));
      fputs (" (from ", out);
      markup_escape (out, f->rules_from);
      fputs (")</td></tr>\n", out);
    }
  row_begin (out, "initcalls");
  fprintf (out, "%zu, console initcalls: %zu</td></tr>\n", sc->ninitcalls, sc->ncon_initcalls);
  if (img->kind == IMAGE_MODULE)
    {
      row_begin (out, "module");
      markup_escape (out, sc->module.name ? sc->module.name : "?");
      fputs (": init ", out);
      markup_escape (out, sc->module.init ? sc->module.init : "(none)");
      fputs (", exit ", out);
      markup_escape (out, sc->module.exit ? sc->module.exit : "(none)");
      fputs ("</td></tr>\n", out);
    }
  size_t shown, suppressed;
  count_findings (f, &shown, &suppressed);
  row_begin (out, "section mismatches");
  if (f->mismatches_checked)
    fprintf (out, "<span class=\"%s\">%zu</span>, %zu suppressed</td></tr>\n",
             shown ? "bad" : "good", shown, suppressed);
  else
    fputs ("<span class=\"bad\">not checked: no relocations</span></td></tr>\n", out);
  if (sc->initmem.present)
    print_freed (out, &sc->initmem);
  for (size_t i = 0; i < img->nnotes; i++)
    row_text (out, "note", img->notes[i]);
  fputs ("</table>\n", out);
}

static void
print_end (FILE *out, const struct scan *sc, const struct report_options *opts,
           const struct mismatch_end *end)
{
  char sym[512];
  fputs ("<td class=\"mono\">", out);
  markup_escape (out, report_format_symbol (end, &sc->file, sym, sizeof sym));
  fputs ("</td><td class=\"mono\">", out);
  markup_escape (out, end->section);
  fputs ("</td><td class=\"mono\">", out);
  markup_source (out, sc, opts, &end->source);
  fputs ("</td>", out);
}

static void
print_findings (FILE *out, const struct scan *sc, const struct report_options *opts)
{
  const struct scan *f = scan_findings (sc);
  fprintf (out, "<h3>Section mismatches</h3>\n");
  if (!f->mismatches_checked)
    {
      fputs ("<p class=\"none\">Not checked: the image has no relocations.</p>\n", out);
      return;
    }
  if (f->nmismatches == 0)
    {
      fputs ("<p class=\"none\">None.</p>\n", out);
      return;
    }
  fputs ("<table class=\"findings\">\n<tr><th>rule</th><th>from</th><th>section</th>"
         "<th>source</th><th>to</th><th>section</th><th>source</th><th>status</th></tr>\n",
         out);
  for (size_t i = 0; i < f->nmismatches; i++)
    {
      const struct mismatch *m = &f->mismatches[i];
      fprintf (out, "<tr class=\"finding%s\" data-fingerprint=\"%s\"><td>",
               m->suppressed ? " suppressed" : "", m->fingerprint);
      markup_escape (out, m->rule->id);
      fputs ("</td>", out);
      print_end (out, f, opts, &m->from);
      print_end (out, f, opts, &m->to);
      fputs ("<td>", out);
      if (m->suppressed)
        {
          fputs ("suppressed (", out);
          markup_escape (out, m->suppressed_by ? m->suppressed_by : "?");
          fputs (")", out);
        }
      else
        fputs ("<span class=\"bad\">reported</span>", out);
      fputs ("</td></tr>\n", out);
    }
  fputs ("</table>\n", out);
}

static void
print_call (FILE *out, const struct scan *sc, const struct report_options *opts, size_t i,
            const struct initcall *ic)
{
  fprintf (out, "<tr class=\"initcall\"><td class=\"num\">%zu</td><td class=\"mono\">", i);
  markup_escape (out, ic->function ? ic->function : ic->label ? ic->label : "?");
  fputs ("</td><td class=\"mono\">", out);
  markup_source (out, sc, opts, &ic->source);
  fputs ("</td>", out);
  if (sc->boot == NULL)
    ;
  else if (ic->boot_order < 0)
    fputs ("<td class=\"none\" colspan=\"2\">did not run</td>", out);
  else if (ic->boot_usecs < 0)
    fputs ("<td class=\"failed\" colspan=\"2\">never returned</td>", out);
  else
    fprintf (out, "<td class=\"num\">%ld</td><td class=\"num%s\">%ld</td>", ic->boot_usecs,
             ic->boot_ret != 0 ? " failed" : "", ic->boot_ret);
  fputs ("</tr>\n", out);
}

/* One <details> per run of calls of one level, in run order.  */
static void
print_initcalls (FILE *out, const struct scan *sc, const struct report_options *opts)
{
  size_t n = scan_ncalls (sc);
  fputs ("<h3>Initcalls by level</h3>\n", out);
  if (n == 0)
    {
      fputs ("<p class=\"none\">None.</p>\n", out);
      return;
    }
  for (size_t i = 0; i < n;)
    {
      const char *level = scan_call (sc, i)->level;
      size_t j = i, ran = 0, failed = 0;
      for (; j < n && strcmp (scan_call (sc, j)->level, level) == 0; j++)
        {
          ran += scan_call (sc, j)->boot_order >= 0;
          failed += scan_call (sc, j)->boot_order >= 0 && scan_call (sc, j)->boot_ret != 0;
        }
      fputs ("<details class=\"level\"><summary>level <b>", out);
      markup_escape (out, level);
      fprintf (out, "</b> <span class=\"count\">%zu initcall%s", j - i, j - i == 1 ? "" : "s");
      if (sc->boot != NULL)
        fprintf (out, ", %zu ran, %zu failed", ran, failed);
      fputs ("</span></summary>\n<table><tr><th class=\"num\">#</th><th>function</th>"
             "<th>source</th>", out);
      if (sc->boot != NULL)
        fputs ("<th class=\"num\">usecs</th><th class=\"num\">returned</th>", out);
      fputs ("</tr>\n", out);
      for (; i < j; i++)
        print_call (out, sc, opts, i, scan_call (sc, i));
      fputs ("</table></details>\n", out);
    }
}

/* Up to this many inputs, each is shown open; more (a directory of
   modules) are listed first and shown closed: a browser lays out the
   parts of an input only when it is opened.  */
#define OPEN_INPUTS 8

/* The findings of an input in a few words: "3 mismatches", "not checked".  */
static void
print_findings_count (FILE *out, const struct scan *sc)
{
  const struct scan *f = scan_findings (sc);
  size_t shown, suppressed;
  count_findings (f, &shown, &suppressed);
  if (sc->file.error != NULL)
    fputs ("<span class=\"bad\">not analysed</span>", out);
  else if (!f->mismatches_checked)
    fputs ("<span class=\"bad\">mismatches not checked</span>", out);
  else
    fprintf (out, "<span class=\"%s\">%zu mismatch%s</span>", shown ? "bad" : "good", shown,
             shown == 1 ? "" : "es");
}

static void
print_overview (FILE *out, struct scan *const *scans, size_t n)
{
  fputs ("<table class=\"overview\"><tr><th>input</th><th>kind</th><th class=\"num\">"
         "initcalls</th><th>findings</th></tr>\n", out);
  for (size_t i = 0; i < n; i++)
    {
      const struct scan *sc = scans[i];
      fprintf (out, "<tr><td class=\"mono\"><a href=\"#input-%zu\">", i);
      markup_escape (out, sc->file.path);
      fprintf (out, "</a></td><td>%s</td><td class=\"num\">%zu</td><td>",
               image_kind_name (sc->file.kind), scan_ncalls (sc));
      print_findings_count (out, sc);
      fputs ("</td></tr>\n", out);
    }
  fputs ("</table>\n", out);
}

static void
print_input (FILE *out, const struct scan *sc, const struct report_options *opts, size_t k,
             bool open)
{
  const struct image *img = &sc->file;
  fprintf (out, "<section class=\"input\" id=\"input-%zu\">\n<details%s><summary><h2>", k,
           open ? " open" : "");
  markup_escape (out, img->path);
  fputs ("</h2> <span class=\"count\">", out);
  print_findings_count (out, sc);
  fputs ("</span></summary>\n", out);
  if (img->error != NULL)
    {
      fputs ("<p class=\"bad\">", out);
      markup_escape (out, img->error);
      fputs ("</p>\n</details></section>\n", out);
      return;
    }
  print_summary (out, sc);
  print_findings (out, sc, opts);
  if (sc->boot != NULL)
    {
      fputs ("<h3>Boot timeline</h3>\n<p>From ", out);
      markup_escape (out, sc->boot->path);
      fputs (": one bar per initcall the log shows, at its start, as long as it ran; "
             "hover for details.</p>\n<div class=\"figure\">\n", out);
      svg_boot_timeline (out, sc, opts);
      fputs ("</div>\n", out);
    }
  if (sc->attrib.by == ATTRIB_SYMBOL && sc->attrib.total > 0)
    {
      char size[32];
      fprintf (out, "<h3>Init and exit memory</h3>\n<p>%s in sections, files and symbols "
                    "(area proportional to bytes; hover for details).</p>\n"
                    "<div class=\"figure treemap-box\">\n",
               markup_size (sc->attrib.total, size, sizeof size));
      svg_init_treemap (out, sc);
      fputs ("</div>\n", out);
    }
  print_initcalls (out, sc, opts);
  fputs ("</details></section>\n", out);
}

int
report_html (FILE *out, struct scan *const *scans, size_t n, const struct report_options *opts)
{
  markup_page_begin (out, n == 1 ? scans[0]->file.path : "initscan report");
  fprintf (out, "<h1>initscan report</h1>\n<p>initscan %s, %zu input%s</p>\n", INITSCAN_VERSION,
           n, n == 1 ? "" : "s");
  if (n > 1)
    print_overview (out, scans, n);
  for (size_t i = 0; i < n; i++)
    print_input (out, scans[i], opts, i, n <= OPEN_INPUTS);
  markup_page_end (out);
  return 0;
}

int
report_svg (FILE *out, struct scan *const *scans, size_t n, const struct report_options *opts)
{
  for (size_t i = 0; i < n; i++)
    if (scans[i]->boot != NULL)
      {
        fputs ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
        svg_boot_timeline (out, scans[i], opts);
        return 0;
      }
  return -1;
}
