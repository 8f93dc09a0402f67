/* Analysing many files in parallel, results kept in input order.  */
#ifndef INITSCAN_JOBS_H
#define INITSCAN_JOBS_H

#include <stddef.h>

struct analysis;
struct scan;
struct input;

/* Analyse INPUTS[i] into IMGS[i] for every i < N with up to JOBS threads
   (analyse_input).  Returns how many files could not be analysed.  */
size_t analyse_all (struct scan **scans, const struct input *inputs, size_t n,
                    const struct analysis *a, unsigned jobs);

#endif
