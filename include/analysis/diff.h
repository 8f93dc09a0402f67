/* initscan diff OLD NEW: what changed in the init machinery between two
   kernels (or modules), matched by name and source, not by address.  */
#ifndef INITSCAN_DIFF_H
#define INITSCAN_DIFF_H

#include <stdbool.h>
#include <stdio.h>

struct scan;

/* Print the differences (text or, if JSON, schema initscan-diff/1).
   Returns true when NEW has unsuppressed mismatches that OLD had not.  */
bool diff_report (FILE *out, struct scan *old, struct scan *new, bool json);

#endif
