/* The files initscan reads for its command-line arguments: files as
   named, directories walked, kernel build trees read as modpost reads
   them.  */
#ifndef INITSCAN_INPUTS_H
#define INITSCAN_INPUTS_H

#include <stdbool.h>
#include <stddef.h>

#include "analysis/analyse.h"

struct input_list
{
  struct input *items;
  size_t n, cap;
};

/* Append the inputs of the NARGS command-line ARGS to OUT.  Returns how
   many arguments gave nothing to read (each one said on stderr).  */
size_t inputs_expand (char *const *args, size_t nargs, struct input_list *out);

void inputs_free (struct input_list *list);

#endif
