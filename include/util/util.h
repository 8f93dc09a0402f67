/* Small helpers shared by every part of initscan: allocation that never
   returns NULL, growable arrays, and byte-order aware reads of raw bytes.  */
#ifndef INITSCAN_UTIL_H
#define INITSCAN_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

void *xmalloc (size_t size);
void *xcalloc (size_t count, size_t size);
void *xreallocarray (void *ptr, size_t count, size_t size);
char *xstrdup (const char *s);
char *xasprintf (const char *fmt, ...) __attribute__ ((format (printf, 1, 2)));

/* Grow *PTR (an array of *CAP elements of SIZE bytes) so that it holds at
   least NEED elements; capacities double, so appending is amortised O(1).  */
void grow_array (void **ptr, size_t *cap, size_t need, size_t size);
#define ARRAY_PUSH(arr, n, cap)                                          \
  (grow_array ((void **) &(arr), &(cap), (n) + 1, sizeof *(arr)), &(arr)[(n)++])

#define ARRAY_SIZE(a) (sizeof (a) / sizeof (a)[0])

/* Read an unsigned integer of WIDTH bytes (1, 2, 4 or 8) from P in the
   given byte order.  */
uint64_t read_uint (const unsigned char *p, unsigned width, bool big_endian);

/* Sign-extend the low BITS bits of V.  */
int64_t sign_extend (uint64_t v, unsigned bits);

/* A 64-bit key and what it belongs to, for radix_sort.  */
struct keyed
{
  uint64_t key;
  uint32_t value;
};

/* Sort A (N long) by key, keeping the order of equal keys: a radix sort
   (linear time, where qsort would need n log n comparisons).  */
void radix_sort (struct keyed *a, size_t n);

/* The one bisection: the first index I in [0, N) for which BEFORE (CTX, I)
   is false, N if none; BEFORE must be true for a prefix of [0, N) and
   false after it.  Inline, so that BEFORE is inlined into its callers.  */
static inline size_t
bisect (size_t n, bool (*before) (const void *ctx, size_t i), const void *ctx)
{
  size_t lo = 0, hi = n;
  while (lo < hi)
    {
      size_t mid = lo + (hi - lo) / 2;
      if (before (ctx, mid))
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* The index of the first of the N elements of ARRAY (each SIZE bytes,
   sorted by a uint64_t key at their start) whose key is above KEY; N if
   none.  */
size_t first_above (const void *array, size_t n, size_t size, uint64_t key);

/* FNV-1a (Fowler, Noll, Vo) of the LEN bytes at P, continuing from H
   (FNV1A_BASIS to start): stable across runs and machines.  */
#define FNV1A_BASIS UINT64_C (0xcbf29ce484222325)
uint64_t fnv1a (uint64_t h, const void *p, size_t len);

/* An address range and what it belongs to (a DWARF unit, say), sorted
   by start then owner by sort_ranges(); first_above() searches them.  */
struct addr_range
{
  uint64_t lo, hi;
  uint64_t owner;
};

void sort_ranges (struct addr_range *r, size_t n);

bool str_starts_with (const char *s, const char *prefix);
bool str_ends_with (const char *s, const char *suffix);

/* Rewrite PATH in place without "." components, empty ones ("a//b") and
   "DIR/.." pairs ("arch/x86/kernel/../include/./asm" becomes
   "arch/x86/include/asm"); ".." that leads out of a relative path stays.
   Returns PATH.  */
char *path_normalise (char *path);

/* The length of symbol NAME without the suffix the compiler appends to a
   name it derives from one in the source, which changes from build to
   build: GCC's clones (.constprop.0, .isra.0, .part.0, .cold), clang's
   (.llvm.NNN), GCC's function-scope statics (.0): from the first '.' on.  */
size_t symbol_base_length (const char *name);

#endif
