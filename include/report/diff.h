/* Rendering `initscan diff`: the model of analysis/diff.h as text, as
   JSON of schema initscan-diff/1 or as HTML.  */
#ifndef INITSCAN_REPORT_DIFF_H
#define INITSCAN_REPORT_DIFF_H

#include <stdio.h>

struct diff;

void report_diff_text (FILE *out, const struct diff *d);
int report_diff_json (FILE *out, const struct diff *d);
/* A self-contained HTML page: every change a row, OLD beside NEW.  */
void report_diff_html (FILE *out, const struct diff *d);

#endif
