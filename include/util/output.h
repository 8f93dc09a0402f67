/* Output files that are never half-written: -o FILE and
   --write-baseline=FILE go to a temporary file beside FILE, renamed over
   it once everything is written.  */
#ifndef INITSCAN_OUTPUT_H
#define INITSCAN_OUTPUT_H

#include <stdio.h>

struct output_file
{
  FILE *f;
  const char *path;   /* NULL: standard output */
  char *target;       /* the file renamed over, symbolic links resolved */
  char *tmp;          /* the temporary file, NULL when writing directly */
};

/* Start writing PATH (NULL: standard output).  A regular file, or one
   that does not exist yet, is written to a temporary file in its
   directory; anything else (/dev/stdout, a FIFO, /dev/full) directly.
   Returns 0, or -1 after a message naming PATH.  */
int output_open (struct output_file *o, const char *path);

/* Finish: flush, and rename the temporary file over PATH.  Returns 0, or
   -1 after a message naming PATH; the old PATH is then left as it was.  */
int output_commit (struct output_file *o);

#endif
