/* Escaping and figures shared by the HTML and SVG reports.  */
#include "report/markup.h"

#include <inttypes.h>
#include <stdlib.h>

#include "analysis/scan.h"
#include "report/report.h"

void
markup_escape (FILE *out, const char *s)
{
  for (; *s != '\0'; s++)
    switch (*s)
      {
      case '&':
        fputs ("&amp;", out);
        break;
      case '<':
        fputs ("&lt;", out);
        break;
      case '>':
        fputs ("&gt;", out);
        break;
      case '"':
        fputs ("&quot;", out);
        break;
      case '\'':
        fputs ("&#39;", out);
        break;
      default:
        fputc (*s, out);
      }
}

const char *
markup_size (uint64_t bytes, char *buf, size_t size)
{
  if (bytes < 1024)
    snprintf (buf, size, "%" PRIu64 " B", bytes);
  else if (bytes < 1024 * 1024)
    snprintf (buf, size, "%.1f KiB", (double) bytes / 1024);
  else
    snprintf (buf, size, "%.1f MiB", (double) bytes / (1024 * 1024));
  return buf;
}

void
markup_source (FILE *out, const struct scan *sc, const struct report_options *opts,
               const struct source_pos *pos)
{
  if (pos->file == NULL)
    return;
  if (opts->source_root == NULL)
    markup_escape (out, pos->file);
  else
    {
      char *file = report_source_path_under (sc, opts->source_root, pos->file);
      markup_escape (out, file);
      free (file);
    }
  fprintf (out, ":%d", pos->line);
}

/* The styles of every HTML page.  */
static const char page_style[]
  = "body{font:14px/1.4 sans-serif;margin:1.5em;color:#1a1a1a;background:#fff}"
    "h1{font-size:1.5em;margin:0 0 .2em}h2{font-size:1.25em;word-break:break-all}"
    "section.input{border-top:2px solid #4a7fb5;margin-top:1.6em}"
    "h3{font-size:1.05em;margin:1.2em 0 .4em}"
    "section.input>details>summary h2{display:inline-block;margin:.5em 0 .3em}"
    "table{border-collapse:collapse;margin:.3em 0}"
    "th,td{border:1px solid #ccc;padding:.15em .5em;text-align:left;vertical-align:top}"
    "th{background:#eef2f7}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}"
    "table.summary th{width:12em}"
    "code,.mono{font-family:monospace;font-size:.95em}"
    "details{margin:.2em 0}summary{cursor:pointer;padding:.1em 0}"
    "summary .count{color:#555}"
    ".figure{overflow-x:auto;border:1px solid #ddd;padding:4px;max-width:100%}"
    ".figure svg{display:block}"
    ".treemap-box svg{width:100%;height:auto;max-width:1200px}"
    ".suppressed{color:#777}.failed{color:#c62828;font-weight:bold}"
    ".bad{color:#c62828}.good{color:#2e7d32}"
    ".none{color:#555;font-style:italic}"
    ".side td{width:50%}.side td.what{width:auto;white-space:nowrap}";

void
markup_page_begin (FILE *out, const char *title)
{
  fputs ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
         "style-src 'unsafe-inline'\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
         out);
  markup_escape (out, title);
  fprintf (out, "</title>\n<style>%s</style>\n</head>\n<body>\n", page_style);
}

void
markup_page_end (FILE *out)
{
  fputs ("</body>\n</html>\n", out);
}
