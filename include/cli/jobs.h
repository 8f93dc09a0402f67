/* Analysing many files in parallel, results kept in input order.  */
#ifndef INITSCAN_JOBS_H
#define INITSCAN_JOBS_H

#include <stdbool.h>
#include <stddef.h>

struct analysis;
struct scan;
struct input;

/* Analyse INPUTS[i] into IMGS[i] for every i < N with up to JOBS threads
   (analyse_input).  PROGRESS: a line "initscan: N/M files" on stderr
   while it takes long, erased at the end (stderr must be a terminal).
   Returns how many files could not be analysed.  */
size_t analyse_all (struct scan **scans, const struct input *inputs, size_t n,
                    const struct analysis *a, unsigned jobs, bool progress);

#endif
