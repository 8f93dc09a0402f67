/* The pictures of the HTML report, each one <svg> element: the boot
   timeline (src/report/timeline.c) and the init memory treemap
   (src/report/treemap.c).  */
#ifndef INITSCAN_SVG_H
#define INITSCAN_SVG_H

#include <stdio.h>

struct scan;
struct report_options;

/* SC's joined boot log drawn as bootgraph.pl draws one (scripts/bootgraph.pl
   of the kernel): a bar per initcall from its start for its duration.
   The element carries its namespace and styles: it is a file of its own
   too (--format=svg).  */
void svg_boot_timeline (FILE *out, const struct scan *sc, const struct report_options *opts);

/* SC's --by=symbol attribution as a squarified treemap, section -> file
   -> symbol.  */
void svg_init_treemap (FILE *out, const struct scan *sc);

#endif
