/* The CI gate: which findings are suppressed (--allow, --baseline) and
   writing a baseline.  */
#ifndef INITSCAN_GATE_H
#define INITSCAN_GATE_H

#include <stdbool.h>
#include <stddef.h>

struct scan;

struct gate
{
  char **allow;          /* "FROMGLOB:TOGLOB" */
  size_t nallow, allow_cap;
  char **baseline;       /* sorted fingerprints */
  size_t nbaseline, baseline_cap;
};

/* Read a baseline file (one fingerprint per line, '#' comments).  -1 with
   a message on stderr if it cannot be read or is malformed.  */
int gate_read_baseline (struct gate *g, const char *path);

/* Mark the findings of SC that --allow or the baseline suppress.  */
void gate_apply (const struct gate *g, struct scan *sc);

/* Write every finding's fingerprint, with a comment saying what it is.  */
int gate_write_baseline (const char *path, struct scan *const *scans, size_t n);

void gate_free (struct gate *g);

#endif
