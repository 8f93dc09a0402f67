/* Allocation, growable arrays and raw byte decoding.  */
#include "util.h"

#include <error.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
out_of_memory (void)
{
  error (2, ENOMEM, "out of memory");
  abort ();
}

void *
xmalloc (size_t size)
{
  void *p = malloc (size ? size : 1);
  if (p == NULL)
    out_of_memory ();
  return p;
}

void *
xcalloc (size_t count, size_t size)
{
  void *p = calloc (count ? count : 1, size ? size : 1);
  if (p == NULL)
    out_of_memory ();
  return p;
}

void *
xreallocarray (void *ptr, size_t count, size_t size)
{
  void *p = reallocarray (ptr, count ? count : 1, size ? size : 1);
  if (p == NULL)
    out_of_memory ();
  return p;
}

char *
xstrdup (const char *s)
{
  char *p = strdup (s);
  if (p == NULL)
    out_of_memory ();
  return p;
}

char *
xasprintf (const char *fmt, ...)
{
  va_list ap;
  char *s;
  va_start (ap, fmt);
  int n = vasprintf (&s, fmt, ap);
  va_end (ap);
  if (n < 0)
    out_of_memory ();
  return s;
}

void
grow_array (void **ptr, size_t *cap, size_t need, size_t size)
{
  if (need <= *cap)
    return;
  size_t ncap = *cap ? *cap : 16;
  while (ncap < need)
    {
      if (ncap > SIZE_MAX / 2)
        out_of_memory ();
      ncap *= 2;
    }
  *ptr = xreallocarray (*ptr, ncap, size);
  *cap = ncap;
}

uint64_t
read_uint (const unsigned char *p, unsigned width, bool big_endian)
{
  uint64_t v = 0;
  for (unsigned i = 0; i < width; i++)
    {
      unsigned shift = big_endian ? 8 * (width - 1 - i) : 8 * i;
      v |= (uint64_t) p[i] << shift;
    }
  return v;
}

int64_t
sign_extend (uint64_t v, unsigned bits)
{
  if (bits >= 64)
    return (int64_t) v;
  uint64_t sign = UINT64_C (1) << (bits - 1);
  v &= (UINT64_C (1) << bits) - 1;
  return (int64_t) ((v ^ sign) - sign);
}

bool
str_starts_with (const char *s, const char *prefix)
{
  return strncmp (s, prefix, strlen (prefix)) == 0;
}

bool
str_ends_with (const char *s, const char *suffix)
{
  size_t ls = strlen (s), lx = strlen (suffix);
  return ls >= lx && memcmp (s + ls - lx, suffix, lx) == 0;
}
