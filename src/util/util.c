/* Allocation, growable arrays and raw byte decoding.  */
#include "util/util.h"

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

/* Components are copied one by one to OUT (never ahead of the one being
   read); a ".." drops the last component copied, unless there is none or
   it is itself a "..".  */
char *
path_normalise (char *path)
{
  if (path[0] == '\0')
    return path; /* no room for "." */
  bool absolute = path[0] == '/';
  char *out = path + absolute;
  size_t kept = 0; /* components in OUT that a ".." may drop */
  for (const char *in = out, *next; *in != '\0'; in = next)
    {
      /* the slash written after a component may overwrite the NUL at its
         end: the next component is found first */
      size_t len = strcspn (in, "/");
      static const char end[] = "";
      next = in[len] == '/' ? in + len + 1 : end;
      if (len == 0 || (len == 1 && in[0] == '.'))
        ;
      else if (len == 2 && in[0] == '.' && in[1] == '.' && kept > 0)
        {
          out = memrchr (path, '/', (size_t) (out - 1 - path)) ?: path;
          out += *out == '/';
          kept--;
        }
      else if (len == 2 && in[0] == '.' && in[1] == '.' && absolute)
        ; /* "/.." is "/" */
      else
        {
          memmove (out, in, len);
          out += len;
          *out++ = '/';
          kept += !(len == 2 && in[0] == '.' && in[1] == '.');
        }
    }
  if (out > path + absolute)
    out--; /* the slash after the last component */
  else if (!absolute)
    *out++ = '.'; /* nothing left of a relative path */
  *out = '\0';
  return path;
}

/* The least significant byte first; a byte that all keys share needs no
   pass (kernel addresses share most of their high bytes).  */
void
radix_sort (struct keyed *a, size_t n)
{
  if (n < 2)
    return;
  struct keyed *tmp = xreallocarray (NULL, n, sizeof *tmp);
  struct keyed *from = a, *to = tmp;
  for (unsigned shift = 0; shift < 64; shift += 8)
    {
      size_t count[256] = { 0 };
      for (size_t i = 0; i < n; i++)
        count[(from[i].key >> shift) & 0xff]++;
      if (count[(from[0].key >> shift) & 0xff] == n)
        continue;
      size_t pos = 0;
      for (unsigned d = 0; d < 256; d++)
        {
          size_t c = count[d];
          count[d] = pos;
          pos += c;
        }
      for (size_t i = 0; i < n; i++)
        to[count[(from[i].key >> shift) & 0xff]++] = from[i];
      struct keyed *t = from;
      from = to;
      to = t;
    }
  if (from != a)
    memcpy (a, from, n * sizeof *a);
  free (tmp);
}

struct keyed_array
{
  const char *array;
  size_t size;
  uint64_t key;
};

static bool
key_at_most (const void *ctx, size_t i)
{
  const struct keyed_array *a = ctx;
  uint64_t k;
  memcpy (&k, a->array + i * a->size, sizeof k);
  return k <= a->key;
}

size_t
first_above (const void *array, size_t n, size_t size, uint64_t key)
{
  struct keyed_array a = { array, size, key };
  return bisect (n, key_at_most, &a);
}

uint64_t
fnv1a (uint64_t h, const void *p, size_t len)
{
  const unsigned char *s = p;
  for (size_t i = 0; i < len; i++)
    {
      h ^= s[i];
      h *= UINT64_C (0x100000001b3);
    }
  return h;
}

size_t
symbol_base_length (const char *name)
{
  const char *dot = name[0] != '\0' ? strchr (name + 1, '.') : NULL;
  return dot ? (size_t) (dot - name) : strlen (name);
}

static int
compare_range (const void *a, const void *b)
{
  const struct addr_range *x = a, *y = b;
  if (x->lo != y->lo)
    return x->lo < y->lo ? -1 : 1;
  return x->owner < y->owner ? -1 : x->owner > y->owner;
}

void
sort_ranges (struct addr_range *r, size_t n)
{
  if (n > 1)
    qsort (r, n, sizeof *r, compare_range);
}
