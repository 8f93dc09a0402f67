/* The files initscan reads for its command-line arguments: files as
   named, directories walked, kernel build trees read as modpost reads
   them.  */
#ifndef INITSCAN_INPUTS_H
#define INITSCAN_INPUTS_H

#include <stdbool.h>
#include <stddef.h>

struct input
{
  char *path;     /* the file reported */
  char *prelink;  /* build tree: the object modpost checks for PATH
                     (vmlinux.o for vmlinux, foo.o for foo.ko); else NULL */
  char *name;     /* build tree: the name modpost gives the object, relative
                     to the tree ("vmlinux", "drivers/foo/bar"); else NULL */
  bool found;     /* found by walking a directory, not named: skipped, not
                     an error, when it is not a kernel object */
};

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
