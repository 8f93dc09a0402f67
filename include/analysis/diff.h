/* initscan diff OLD NEW: what changed in the init machinery between two
   kernels (or modules), matched by name and source, not by address.  One
   model, which src/report/diff.c renders as text and as JSON.  */
#ifndef INITSCAN_DIFF_H
#define INITSCAN_DIFF_H

#include <stddef.h>
#include <stdint.h>

struct initcall;
struct mismatch;
struct scan;

/* An initcall added, removed, moved to another level or reordered.  */
struct diff_call
{
  const struct initcall *ic;  /* NEW's (OLD's for a removed one) */
  const char *old_level;      /* OLD's level; NULL for an added one */
  long old_index, new_index;  /* run-order positions of a reordered one, else -1 */
};

struct diff_calls
{
  struct diff_call *calls;
  size_t n, cap;
};

struct diff_bytes
{
  uint64_t old, new;
};

/* A section or source file whose share of init memory changed.  */
struct diff_part
{
  const char *name;
  struct diff_bytes bytes;
};

struct diff_parts
{
  struct diff_part *parts;
  size_t n;
};

struct diff_findings
{
  const struct mismatch **list;
  size_t n;
};

struct diff
{
  const char *old_path, *new_path;
  struct diff_calls added, removed, moved, reordered;
  struct diff_bytes init, freed;       /* [__init_begin, __init_end), freed */
  struct diff_parts by_section, by_file;
  struct diff_findings new_findings, fixed_findings;
  size_t new_unsuppressed;             /* new findings that fail the gate */
};

/* Compare OLD with NEW (both analysed; their init memory is attributed by
   file here).  D points into both: free it before them.  */
void diff_compute (struct diff *d, struct scan *old, struct scan *new);
void diff_free (struct diff *d);

#endif
