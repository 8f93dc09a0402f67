/* The whole analysis of one file, shared by the command line and the
   fuzzer.  */
#ifndef INITSCAN_ANALYSE_H
#define INITSCAN_ANALYSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis/scan.h"

struct gate;
struct image;
struct scan;
struct ruleset;

/* One file to analyse, as the command line's arguments gave it
   (src/cli/inputs.c).  */
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

struct analysis
{
  uint64_t page_size;        /* 0: per architecture */
  bool sources;              /* look up DWARF source lines */
  bool source_thread;        /* a spare CPU: look them up in a second thread */
  const struct gate *gate;   /* suppressions, or NULL */
  enum attrib_by by;         /* --by, or ATTRIB_NONE */
  const struct ruleset *rules; /* --rules: forced, or NULL (by the image) */
  unsigned rule_flags;       /* enum rule_flags: --extra-warn, --strict */
  uint64_t decompress_cap;   /* --max-decompressed; 0: DECOMPRESS_DEFAULT_CAP */
  /* --objects: the relocatable files a linked image was made of, read
     for the initcall levels it does not tell; none: a vmlinux.o beside
     it */
  char *const *objects;
  size_t nobjects;
};

/* Open PATH into SC and fill in everything initscan reports.  -1 with
   sc->file.error set if the file cannot be analysed; SC must be closed with
   scan_close() either way.  */
int analyse_file (struct scan *sc, const char *path, const struct analysis *a);

/* analyse_file() for a command-line input: a file found in a directory
   that is not a kernel object is sc->file.skipped (0 returned); a file with a
   pre-link object gets its initcalls, init memory and module init/exit
   from the file and its section mismatches from the object
   (sc->prelink).  */
int analyse_input (struct scan *sc, const struct input *in, const struct analysis *a);

#endif
