/* What the HTML and SVG reports share: escaping, sizes, source positions.  */
#ifndef INITSCAN_MARKUP_H
#define INITSCAN_MARKUP_H

#include <stdint.h>
#include <stdio.h>

struct scan;
struct source_pos;
struct report_options;

/* S with &, <, >, " and ' escaped: fit for text and attribute values of
   HTML and SVG.  */
void markup_escape (FILE *out, const char *s);

/* BYTES as "812 B", "3.4 KiB", "2.7 MiB" into BUF; returns BUF.  */
const char *markup_size (uint64_t bytes, char *buf, size_t size);

/* "file:line" of POS, escaped (the path under --source-root as the JSON
   report gives it); nothing if POS has no file.  */
void markup_source (FILE *out, const struct scan *sc, const struct report_options *opts,
                    const struct source_pos *pos);

/* The opening of a self-contained HTML page titled TITLE (escaped): its
   styles inline, and a Content-Security-Policy that lets it load nothing
   from anywhere.  */
void markup_page_begin (FILE *out, const char *title);
void markup_page_end (FILE *out);

#endif
