/* kallsyms: the symbol table the kernel carries for itself, written by
   scripts/kallsyms.c into .rodata and read by kernel/kallsyms.c.

   The tables, each opened by ALGN (.balign 8 on 64-bit, 4 on 32-bit):
     kallsyms_num_syms     u32 (pointer-sized in old kernels' PTR)
     kallsyms_names        per symbol a length (one byte; 6.1+: two, ULEB128,
                           when above 0x7f) and that many token numbers;
                           the first character expanded is nm's type letter
     kallsyms_markers      u32 (pointer-sized before 4.20) per 256 symbols:
                           the offset of symbol 256*i in kallsyms_names
     kallsyms_token_table  256 NUL-terminated tokens
     kallsyms_token_index  256 u16: the offset of each token
     kallsyms_addresses    absolute, pointer-sized; or, with
     kallsyms_offsets      CONFIG_KALLSYMS_BASE_RELATIVE (4.6+), s32 offsets
     kallsyms_relative_base  from this pointer (kernel/kallsyms.c
                           kallsyms_sym_address())
     kallsyms_seqs_of_names  3 bytes per symbol, the name order (6.2+, and
                           backported to 6.1.y)
   Their order is the order scripts/kallsyms.c write_src() prints them,
   which changed: up to 6.1 the addresses come first and then num_syms,
   names, markers, (seqs_of_names,) token_table, token_index; from 6.4
   num_syms, names, markers, token_table, token_index, offsets,
   relative_base, seqs_of_names.

   Nothing names them in a stripped image.  The anchor is the token index
   (256 increasing u16 offsets from 0) with the token table right before
   it; walking back from it gives the markers, then the names and
   num_syms, whose decoding the markers confirm; the addresses are where
   the layout puts them, and must be sorted, as scripts/kallsyms.c
   sort_symbols() left them.  Every step is checked against the bytes:
   the scan is linear in the size, each candidate bounded.  */
#include "index/kallsyms.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

/* include/linux/kallsyms.h KSYM_NAME_LEN (512 since 6.1, 128 before),
   with the terminating NUL.  */
#define KSYM_NAME_LEN 512
#define NUM_TOKENS 256
/* scripts/kallsyms.c: a marker every 256 symbols.  */
#define MARKER_STRIDE 256

struct bytes
{
  const unsigned char *buf;
  size_t size;
  unsigned ptr;      /* 4 or 8 */
  unsigned align;    /* ALGN: the pointer size (.balign), or 16 or 256 where
                        old kernels' ".align 4"/".align 8" count powers of
                        two (ARM, arm64, MIPS, PowerPC gas) */
  bool be;
};

struct found
{
  size_t token_index, token_table;
  uint16_t idx[NUM_TOKENS];
  size_t markers, nmarkers;
  unsigned marker_size;
  size_t seqs;               /* 0: none between the markers and the tokens */
  size_t num_syms_at, names, names_end;
  size_t n;
};

static bool
fits (const struct bytes *b, size_t off, size_t len)
{
  return off <= b->size && len <= b->size - off;
}

static uint64_t
word (const struct bytes *b, size_t off, unsigned width)
{
  return read_uint (b->buf + off, width, b->be);
}

static size_t
align_up (size_t v, size_t a)
{
  return (v + a - 1) / a * a;
}

static bool
zero_bytes (const struct bytes *b, size_t from, size_t to)
{
  for (size_t p = from; p < to; p++)
    if (b->buf[p] != 0)
      return false;
  return true;
}

/* 256 u16 at OFF, 0 first, each token at least one character and its NUL
   past the one before.  */
static bool
read_token_index (const struct bytes *b, size_t off, uint16_t *idx)
{
  if (!fits (b, off, 2 * NUM_TOKENS))
    return false;
  idx[0] = (uint16_t) word (b, off, 2);
  if (idx[0] != 0)
    return false;
  for (size_t i = 1; i < NUM_TOKENS; i++)
    {
      idx[i] = (uint16_t) word (b, off + 2 * i, 2);
      if (idx[i] < idx[i - 1] + 2)
        return false;
    }
  return true;
}

static bool
is_token_char (unsigned char c)
{
  return c > 0x20 && c < 0x7f;
}

/* The token table ends just before the index (a NUL, then ALGN padding):
   its last token, found backwards, and the index place the rest.  */
static bool
locate_token_table (const struct bytes *b, struct found *f)
{
  size_t q = f->token_index, zeros = 0;
  while (q > 0 && b->buf[q - 1] == 0 && zeros <= b->align)
    q--, zeros++;
  if (zeros == 0 || zeros > b->align || q == 0)
    return false;
  size_t s = q;
  while (s > 0 && is_token_char (b->buf[s - 1]) && q - s < KSYM_NAME_LEN)
    s--;
  if (s == q || s < f->idx[NUM_TOKENS - 1])
    return false;
  size_t tt = s - f->idx[NUM_TOKENS - 1];
  if (tt % b->align != 0)
    return false;
  for (size_t i = 0; i < NUM_TOKENS; i++)
    {
      size_t end = i + 1 < NUM_TOKENS ? tt + f->idx[i + 1] - 1 : q;
      for (size_t p = tt + f->idx[i]; p < end; p++)
        if (!is_token_char (b->buf[p]))
          return false;
      if (b->buf[end] != 0)
        return false;
    }
  f->token_table = tt;
  return true;
}

/* Markers ending at END, read backwards: strictly decreasing down to the
   0 of the first symbol.  */
static bool
markers_ending_at (const struct bytes *b, struct found *f, size_t end)
{
  unsigned ms = f->marker_size;
  uint64_t above = UINT64_MAX;
  for (size_t j = end; j >= ms; j -= ms)
    {
      uint64_t v = word (b, j - ms, ms);
      if (v >= above)
        return false;
      if (v == 0)
        {
          f->markers = j - ms;
          f->nmarkers = (end - f->markers) / ms;
          return f->markers % b->align == 0;
        }
      above = v;
    }
  return false;
}

static bool
markers_increase (const struct bytes *b, const struct found *f)
{
  uint64_t prev = 0;
  for (size_t k = 0; k < f->nmarkers; k++)
    {
      uint64_t v = word (b, f->markers + k * f->marker_size, f->marker_size);
      if ((k == 0) != (v == 0) || (k > 0 && v <= prev))
        return false;
      prev = v;
    }
  return true;
}

static bool find_names (const struct bytes *b, struct found *f);

/* Markers right before the token table (padding allowed).  */
static bool
try_markers_before_tokens (const struct bytes *b, struct found *f)
{
  for (size_t pad = 0; pad < b->align; pad += f->marker_size)
    {
      if (f->token_table < pad || !zero_bytes (b, f->token_table - pad, f->token_table))
        break;
      f->seqs = 0;
      f->n = 0;
      if (markers_ending_at (b, f, f->token_table - pad) && find_names (b, f))
        return true;
    }
  return false;
}

/* scripts/kallsyms.c writes each seq as three bytes, high byte first,
   whatever the byte order.  */
static size_t
seq_at (const struct bytes *b, size_t off)
{
  return (size_t) b->buf[off] << 16 | (size_t) b->buf[off + 1] << 8 | b->buf[off + 2];
}

static bool
seqs_below (const struct bytes *b, size_t at, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (seq_at (b, at + 3 * i) >= n)
      return false;
  return true;
}

/* The seqs of names between the markers at Q and the token table: 3
   bytes per symbol, each a symbol number below N.  */
static bool
seqs_fit (const struct bytes *b, struct found *f, size_t q, size_t m)
{
  size_t ss = align_up (q + m * f->marker_size, b->align);
  size_t e = f->token_table;
  if (ss > e)
    return false;
  for (size_t span = e - ss, pad = 0; pad < b->align && pad <= span; pad++)
    {
      size_t n = (span - pad) / 3;
      if ((span - pad) % 3 != 0 || n <= (m - 1) * MARKER_STRIDE || n > m * MARKER_STRIDE)
        continue;
      f->markers = q, f->nmarkers = m, f->seqs = ss, f->n = n;
      if (!markers_increase (b, f))
        return false;
      if (seqs_below (b, ss, n) && find_names (b, f))
        return true;
    }
  return false;
}

/* 6.1.y: kallsyms_seqs_of_names sits between the markers and the token
   table.  Back from the tokens, each aligned 0 may open the markers: the
   distance to the tokens gives the marker count (4 bytes per marker, 3
   per symbol, 256 symbols per marker).  */
static bool
try_markers_before_seqs (const struct bytes *b, struct found *f)
{
  size_t per_marker = f->marker_size + 3 * MARKER_STRIDE;
  for (size_t q = f->token_table; q >= b->align;)
    {
      q -= b->align;
      if (word (b, q, f->marker_size) != 0)
        continue;
      size_t m0 = (f->token_table - q) / per_marker;
      for (size_t m = m0 > 0 ? m0 : 1; m <= m0 + 1; m++)
        if (seqs_fit (b, f, q, m))
          return true;
    }
  return false;
}

/* The compressed length of the name at *OFF (6.1+: ULEB128 in up to two
   bytes; older lengths never reach 0x80), advancing *OFF past it.  */
static bool
name_length (const struct bytes *b, size_t *off, size_t end, size_t *len)
{
  if (*off >= end)
    return false;
  *len = b->buf[(*off)++];
  if (*len & 0x80)
    {
      if (*off >= end)
        return false;
      *len = (*len & 0x7f) | ((size_t) b->buf[(*off)++] << 7);
    }
  return *len != 0 && *len <= end - *off;
}

/* Skip COUNT names from OFF, not past END; the offset after them.  */
static bool
skip_names (const struct bytes *b, size_t off, size_t count, size_t end, size_t *after)
{
  for (size_t i = 0; i < count; i++)
    {
      size_t len;
      if (!name_length (b, &off, end, &len))
        return false;
      off += len;
    }
  *after = off;
  return true;
}

/* kallsyms_num_syms before the names at NS: a u32, or a pointer-sized
   value in old kernels.  */
static size_t
num_syms_before (const struct bytes *b, size_t ns, size_t lo, size_t hi)
{
  size_t at = ns - b->align;
  uint64_t v32 = word (b, at, 4), vp = word (b, at, b->ptr);
  if (v32 > lo && v32 <= hi)
    return (size_t) v32;
  if (vp > lo && vp <= hi)
    return (size_t) vp;
  return 0;
}

/* Every name decodes, each 256th where its marker says, and the last ends
   where the markers' padding begins.  */
static bool
names_agree (const struct bytes *b, const struct found *f)
{
  size_t off = f->names;
  for (size_t i = 0; i < f->n; i++)
    {
      if (i % MARKER_STRIDE == 0
          && word (b, f->markers + i / MARKER_STRIDE * f->marker_size, f->marker_size)
                 != off - f->names)
        return false;
      size_t len;
      if (!name_length (b, &off, f->markers, &len))
        return false;
      off += len;
    }
  return off == f->names_end;
}

/* The names end before the markers (ALGN padding between); num_syms
   stands one ALGN slot before them.  The last marker gives the offset of
   the last block of at most 256 names: try each aligned start within
   reach of it (each name at most 2 + KSYM_NAME_LEN bytes).  */
static bool
find_names (const struct bytes *b, struct found *f)
{
  size_t m = f->nmarkers;
  uint64_t last = word (b, f->markers + (m - 1) * f->marker_size, f->marker_size);
  if (last >= f->markers)
    return false;
  size_t lo = (m - 1) * MARKER_STRIDE, hi = m * MARKER_STRIDE;
  if (f->n != 0)
    lo = f->n - 1, hi = f->n;
  size_t top = f->markers - (size_t) last;
  size_t reach = MARKER_STRIDE * (2 + KSYM_NAME_LEN);
  for (size_t ns = top / b->align * b->align; ns >= b->align && top - ns <= reach;
       ns -= b->align)
    {
      size_t n = num_syms_before (b, ns, lo, hi), end;
      if (n == 0 || !skip_names (b, ns + (size_t) last, n - (m - 1) * MARKER_STRIDE,
                                 f->markers, &end)
          || f->markers - end >= b->align || !zero_bytes (b, end, f->markers))
        continue;
      struct found g = *f;
      g.n = n, g.names = ns, g.names_end = end, g.num_syms_at = ns - b->align;
      if (names_agree (b, &g))
        {
          *f = g;
          return true;
        }
    }
  return false;
}

/* The tables around one token index candidate.  */
static bool
find_tables (const struct bytes *b, struct found *f)
{
  if (!locate_token_table (b, f))
    return false;
  unsigned sizes[2] = { 4, b->ptr };
  for (size_t i = 0; i < (b->ptr == 4 ? 1u : 2u); i++)
    {
      f->marker_size = sizes[i];
      if (try_markers_before_tokens (b, f) || try_markers_before_seqs (b, f))
        return true;
    }
  return false;
}

/* Addresses: where the layout puts them, sorted.  */
struct addresses
{
  size_t at, base_at;  /* the offsets or addresses; the relative base */
  bool relative, percpu;
};

static uint64_t
address_of (const struct bytes *b, const struct addresses *a, size_t i, uint64_t base)
{
  if (!a->relative)
    return word (b, a->at + i * b->ptr, b->ptr);
  uint32_t u = (uint32_t) word (b, a->at + 4 * i, 4);
  if (!a->percpu)
    return base + u;
  int32_t s = (int32_t) u;
  if (s >= 0)
    return (uint64_t) s;
  return base - 1 - (uint64_t) (int64_t) s;
}

/* A 32-bit table read a few words off, absolute addresses as offsets
   (the padding before them as the first offsets, an address near the
   end as the base) or offsets as addresses (the base as the last), is
   sorted too; but then its first or last rise spans most of the table,
   where a kernel's first and last symbols lie close to the next distinct
   address.  */
static bool
ends_close (const struct bytes *b, const struct found *f, const struct addresses *a,
            uint64_t base)
{
  if (f->n < 3 || a->percpu)
    return true;
  uint64_t first = address_of (b, a, 0, base), last = address_of (b, a, f->n - 1, base);
  if (last == first)
    return false;
  uint64_t half = (last - first) / 2, v;
  size_t i = 1, j = f->n - 1;
  while ((v = address_of (b, a, i, base)) == first)
    i++;
  if (v - first > half)
    return false;
  while ((v = address_of (b, a, j - 1, base)) == last)
    j--;
  return last - v <= half;
}

static bool
addresses_sorted (const struct bytes *b, const struct found *f, struct addresses *a)
{
  size_t len = a->relative ? 4 * f->n : b->ptr * f->n;
  if (!fits (b, a->at, len) || (a->relative && !fits (b, a->base_at, b->ptr)))
    return false;
  uint64_t base = a->relative ? word (b, a->base_at, b->ptr) : 0;
  /* The base is the lowest address: of the listed symbols since 5.x; of
     every symbol read before (4.6 to 4.x scripts/kallsyms.c called
     record_relative_base() before dropping the symbols outside the text
     ranges, such as the head code before _stext), so the first offset may
     be above 0, but not above the table's own span.  */
  if (a->relative && !a->percpu
      && word (b, a->at, 4) > word (b, a->at + 4 * (f->n - 1), 4) - word (b, a->at, 4))
    return false;
  if (a->percpu && (int32_t) word (b, a->at + 4 * (f->n - 1), 4) >= 0)
    return false; /* the kernel's own symbols, negative, come last */
  uint64_t prev = 0;
  size_t rises = 0;
  for (size_t i = 0; i < f->n; i++)
    {
      uint64_t v = address_of (b, a, i, base);
      if (i > 0 && v < prev)
        return false;
      rises += i > 0 && v > prev;
      prev = v;
    }
  /* symbols share addresses (aliases, boundary symbols), but most do
     not: this keeps zero-filled bytes from passing for a table */
  return prev != 0 && rises >= (f->n - 1) / 4 && ends_close (b, f, a, base);
}

static bool
find_addresses (const struct bytes *b, const struct found *f, struct addresses *a)
{
  size_t after_index = align_up (f->token_index + 2 * NUM_TOKENS, b->align);
  size_t offsets_len = align_up (4 * f->n, b->align);
  size_t addresses_len = align_up ((size_t) b->ptr * f->n, b->align);
  size_t base_before = f->num_syms_at >= b->align ? f->num_syms_at - b->align : 0;
  struct addresses options[] = {
    /* 6.4+: after the token index */
    { after_index, after_index + offsets_len, true, false },
    { after_index, after_index + offsets_len, true, true },
    /* up to 6.1: before num_syms */
    { base_before >= offsets_len ? base_before - offsets_len : SIZE_MAX, base_before, true, false },
    { base_before >= offsets_len ? base_before - offsets_len : SIZE_MAX, base_before, true, true },
    { f->num_syms_at >= addresses_len ? f->num_syms_at - addresses_len : SIZE_MAX, 0, false,
      false },
  };
  /* 6.1.y's seqs_of_names before the token table: the old order */
  for (size_t i = f->seqs != 0 ? 2 : 0; i < ARRAY_SIZE (options); i++)
    if (options[i].at != SIZE_MAX && addresses_sorted (b, f, &options[i]))
      {
        *a = options[i];
        return true;
      }
  return false;
}

/* Expand name I at *OFF into the arena: the first character is the type.  */
static bool
expand_name (const struct bytes *b, const struct found *f, size_t *off, char **arena,
             size_t *used, size_t *cap, char *type)
{
  size_t len;
  if (!name_length (b, off, f->names_end, &len))
    return false;
  size_t start = *used;
  bool first = true;
  for (size_t k = 0; k < len; k++)
    {
      const unsigned char *t = b->buf + f->token_table + f->idx[b->buf[*off + k]];
      for (; *t != 0; t++, first = false)
        {
          if (first)
            *type = (char) *t;
          else if (*used - start >= KSYM_NAME_LEN)
            return false;
          else
            *ARRAY_PUSH (*arena, *used, *cap) = (char) *t;
        }
    }
  *off += len;
  *ARRAY_PUSH (*arena, *used, *cap) = '\0';
  return *used - start > 1;
}

static int
decode (const struct bytes *b, const struct found *f, const struct addresses *a,
        struct kallsyms *ks, char **error)
{
  size_t used = 0, cap = 0;
  size_t *name_at = xreallocarray (NULL, f->n, sizeof *name_at);
  ks->syms = xcalloc (f->n, sizeof *ks->syms);
  ks->n = f->n;
  uint64_t base = a->relative ? word (b, a->base_at, b->ptr) : 0;
  size_t off = f->names;
  for (size_t i = 0; i < f->n; i++)
    {
      name_at[i] = used;
      if (!expand_name (b, f, &off, &ks->names, &used, &cap, &ks->syms[i].type))
        {
          free (name_at);
          kallsyms_free (ks);
          ks->damaged = true;
          *error = xasprintf ("kallsyms damaged: name %zu (at offset 0x%zx) does not expand "
                              "to a symbol name", i, off);
          return -1;
        }
      ks->syms[i].addr = address_of (b, a, i, base);
    }
  for (size_t i = 0; i < f->n; i++)
    ks->syms[i].name = ks->names + name_at[i];
  free (name_at);
  ks->ptr_size = b->ptr;
  ks->big_endian = b->be;
  ks->relative = a->relative;
  ks->absolute_percpu = a->percpu;
  ks->relative_base = base;
  ks->relative_base_offset = a->base_at;
  ks->layout = a->at > f->token_index ? "6.4+" : f->seqs != 0 ? "6.1.y" : "2.6-6.1";
  ks->token_table_offset = f->token_table;
  return 0;
}

/* The tables in one geometry: the first token index candidate whose
   tables all check out.  *SEEN says how far the best candidate got, for
   the error.  */
static bool
scan_geometry (const struct bytes *b, struct found *f, struct addresses *a, const char **seen)
{
  for (size_t off = b->align; off + 2 * NUM_TOKENS <= b->size; off += b->align)
    {
      /* cheap first: token 0 at offset 0, token 1 at 2 to 255 */
      if (b->buf[off] != 0 || b->buf[off + 1] != 0 || b->buf[off + 2 + b->be] < 2
          || b->buf[off + 3 - b->be] != 0)
        continue;
      memset (f, 0, sizeof *f);
      f->token_index = off;
      if (!read_token_index (b, off, f->idx))
        continue;
      if (*seen == NULL)
        *seen = "a kallsyms token index that does not fit a token table before it";
      if (!locate_token_table (b, f))
        continue;
      *seen = "a kallsyms token table, but no names, markers and addresses that agree with it";
      if (find_tables (b, f) && find_addresses (b, f, a))
        return true;
    }
  return false;
}

/* ALGN before .balign (5.x): ".align 8" on 64-bit, ".align 4" on 32-bit,
   which GNU as counts as a power of two on ARM, arm64, MIPS and PowerPC
   (on x86 in bytes: the pointer size, tried first).  */
static unsigned
old_align (unsigned ptr)
{
  return ptr == 8 ? 256 : 16;
}

int
kallsyms_read (const unsigned char *buf, size_t size, const struct kallsyms_hint *hint,
               struct kallsyms *ks, char **error)
{
  memset (ks, 0, sizeof *ks);
  *error = NULL;
  const char *seen = NULL;
  for (unsigned ptr = 8; ptr >= 4; ptr -= 4)
    for (int be = 0; be <= 1; be++)
      for (int old = 0; old <= 1; old++)
        {
          if ((hint->ptr_size != 0 && hint->ptr_size != ptr)
              || (hint->big_endian >= 0 && hint->big_endian != be))
            continue;
          struct bytes b = { buf, size, ptr, old ? old_align (ptr) : ptr, be };
          struct found f;
          struct addresses a;
          if (scan_geometry (&b, &f, &a, &seen))
            return decode (&b, &f, &a, ks, error);
        }
  ks->damaged = seen != NULL;
  *error = seen != NULL ? xasprintf ("kallsyms damaged: %s", seen)
                        : xstrdup ("no kallsyms token table found");
  return -1;
}

void
kallsyms_free (struct kallsyms *ks)
{
  free (ks->syms);
  free (ks->names);
  memset (ks, 0, sizeof *ks);
}

bool
kallsyms_address (const struct kallsyms *ks, const char *name, uint64_t *addr)
{
  for (size_t i = 0; i < ks->n; i++)
    if (strcmp (ks->syms[i].name, name) == 0)
      {
        *addr = ks->syms[i].addr;
        return true;
      }
  return false;
}
