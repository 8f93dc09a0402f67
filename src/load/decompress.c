/* Streaming decompression of .ko.xz (liblzma), .ko.gz (zlib) and .ko.zst
   (libzstd) into one growing buffer.  Every format goes through the same
   driver, so the bound and the messages are the same for all: a decoder
   only says how far one step went and whether its data is damaged.  */
/* zlib: next_in is a pointer to const */
#define ZLIB_CONST
#include "load/decompress.h"

#include <errno.h>
#include <inttypes.h>
#include <lzma.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

#include "util/util.h"

#define MiB (UINT64_C (1) << 20)

/* Modules compress 4 to 10 times; 256 leaves room for any real file while
   a crafted one cannot make memory grow out of proportion to its size.  */
#define EXPANSION_FACTOR 256
#define MINIMUM_LIMIT (64 * MiB)

/* Of the limit, a quarter at most goes to the decoder's own state (its
   window): the kernel compresses modules with a 1 MiB xz dictionary and
   zstd's default window (scripts/Makefile.modinst); xz -9 needs 65 MiB.  */
#define DECODER_SHARE 4

#define INPUT_CHUNK (64 * 1024)

enum step
{
  STEP_MORE,         /* give more input or output space */
  STEP_BOUNDARY,     /* a stream (gzip member, zstd frame) ended; more may follow */
  STEP_DONE,         /* the whole input is decoded */
  STEP_DAMAGED,
  STEP_NEEDS_MEMORY, /* its window is larger than the decoder may use */
  STEP_NO_MEMORY,
};

enum failure
{
  FAIL_TRUNCATED,
  FAIL_DAMAGED,
  FAIL_READ,
  FAIL_TOO_LARGE,
  FAIL_WINDOW,
  FAIL_NO_MEMORY,
};

struct buffers
{
  const unsigned char *in;
  size_t in_len;      /* bytes left at IN */
  bool eof;           /* nothing follows IN */
  unsigned char *out;
  size_t out_len;     /* space left at OUT */
};

struct codec
{
  const char *name;
  unsigned char magic[6];
  size_t magic_len;
  /* NULL if the decoder cannot be set up (no memory) */
  void *(*start) (uint64_t memory_limit);
  /* Decode from B->in into B->out, advancing both.  */
  enum step (*step) (void *state, struct buffers *b);
  void (*end) (void *state);
};

/* xz: liblzma's .xz decoder, concatenated streams accepted as xz(1) does.  */
static void *
xz_start (uint64_t memory_limit)
{
  lzma_stream *s = xmalloc (sizeof *s);
  *s = (lzma_stream) LZMA_STREAM_INIT;
  if (lzma_stream_decoder (s, memory_limit, LZMA_CONCATENATED) != LZMA_OK)
    {
      free (s);
      return NULL;
    }
  return s;
}

static enum step
xz_step (void *state, struct buffers *b)
{
  lzma_stream *s = state;
  s->next_in = b->in, s->avail_in = b->in_len;
  s->next_out = b->out, s->avail_out = b->out_len;
  lzma_ret ret = lzma_code (s, b->eof ? LZMA_FINISH : LZMA_RUN);
  b->in = s->next_in, b->in_len = s->avail_in;
  b->out = s->next_out, b->out_len = s->avail_out;
  switch (ret)
    {
    case LZMA_OK:
    case LZMA_BUF_ERROR: /* no progress: the driver tells truncation */
      return STEP_MORE;
    case LZMA_STREAM_END:
      return STEP_DONE;
    case LZMA_MEMLIMIT_ERROR:
      return STEP_NEEDS_MEMORY;
    case LZMA_MEM_ERROR:
      return STEP_NO_MEMORY;
    default:
      return STEP_DAMAGED;
    }
}

static void
xz_end (void *state)
{
  lzma_end (state);
  free (state);
}

/* gzip: zlib with gzip framing only (window bits 15 + 16); a member
   followed by more data starts the next member, as gzip(1) reads them.  */
static void *
gz_start (uint64_t memory_limit)
{
  (void) memory_limit; /* zlib's window is 32 KiB */
  z_stream *z = xcalloc (1, sizeof *z);
  if (inflateInit2 (z, 15 + 16) != Z_OK)
    {
      free (z);
      return NULL;
    }
  return z;
}

static enum step
gz_step (void *state, struct buffers *b)
{
  z_stream *z = state;
  /* zlib counts in uInt */
  uInt in = b->in_len > UINT32_MAX ? UINT32_MAX : (uInt) b->in_len;
  uInt out = b->out_len > UINT32_MAX ? UINT32_MAX : (uInt) b->out_len;
  z->next_in = (const unsigned char *) b->in, z->avail_in = in;
  z->next_out = b->out, z->avail_out = out;
  int ret = inflate (z, Z_NO_FLUSH);
  b->in += in - z->avail_in, b->in_len -= in - z->avail_in;
  b->out += out - z->avail_out, b->out_len -= out - z->avail_out;
  switch (ret)
    {
    case Z_OK:
    case Z_BUF_ERROR:
      return STEP_MORE;
    case Z_STREAM_END:
      return inflateReset (z) == Z_OK ? STEP_BOUNDARY : STEP_NO_MEMORY;
    case Z_MEM_ERROR:
      return STEP_NO_MEMORY;
    default:
      return STEP_DAMAGED;
    }
}

static void
gz_end (void *state)
{
  inflateEnd (state);
  free (state);
}

/* zstd: frames one after the other; the window is limited like xz's
   dictionary.  */
static void *
zstd_start (uint64_t memory_limit)
{
  ZSTD_DStream *ds = ZSTD_createDStream ();
  if (ds == NULL)
    return NULL;
  ZSTD_bounds range = ZSTD_dParam_getBounds (ZSTD_d_windowLogMax);
  int log = range.lowerBound;
  while (log < range.upperBound && (UINT64_C (2) << log) <= memory_limit)
    log++;
  ZSTD_DCtx_setParameter (ds, ZSTD_d_windowLogMax, log);
  return ds;
}

static enum step
zstd_step (void *state, struct buffers *b)
{
  ZSTD_inBuffer in = { b->in, b->in_len, 0 };
  ZSTD_outBuffer out = { b->out, b->out_len, 0 };
  size_t ret = ZSTD_decompressStream (state, &out, &in);
  b->in += in.pos, b->in_len -= in.pos;
  b->out += out.pos, b->out_len -= out.pos;
  if (ZSTD_isError (ret))
    switch (ZSTD_getErrorCode (ret))
      {
      case ZSTD_error_frameParameter_windowTooLarge:
        return STEP_NEEDS_MEMORY;
      case ZSTD_error_memory_allocation:
        return STEP_NO_MEMORY;
      default:
        return STEP_DAMAGED;
      }
  return ret == 0 ? STEP_BOUNDARY : STEP_MORE;
}

static void
zstd_end (void *state)
{
  ZSTD_freeDStream (state);
}

/* Magic numbers: the xz file format (tukaani.org/xz/xz-file-format.txt),
   RFC 1952 (gzip), RFC 8878 (zstd).  */
static const struct codec codecs[] = {
  { "xz", { 0xfd, '7', 'z', 'X', 'Z', 0x00 }, 6, xz_start, xz_step, xz_end },
  { "gzip", { 0x1f, 0x8b }, 2, gz_start, gz_step, gz_end },
  { "zstd", { 0x28, 0xb5, 0x2f, 0xfd }, 4, zstd_start, zstd_step, zstd_end },
};

static const struct codec *
codec_by_magic (const unsigned char *head, size_t n)
{
  for (size_t i = 0; i < ARRAY_SIZE (codecs); i++)
    if (n >= codecs[i].magic_len && memcmp (head, codecs[i].magic, codecs[i].magic_len) == 0)
      return &codecs[i];
  return NULL;
}

const char *
compressed_format (const unsigned char *head, size_t n)
{
  const struct codec *c = codec_by_magic (head, n);
  return c != NULL ? c->name : NULL;
}

uint64_t
decompression_limit (uint64_t compressed, uint64_t cap)
{
  uint64_t limit = compressed > UINT64_MAX / EXPANSION_FACTOR ? UINT64_MAX
                                                              : compressed * EXPANSION_FACTOR;
  if (limit < MINIMUM_LIMIT)
    limit = MINIMUM_LIMIT;
  return limit < cap ? limit : cap;
}

/* "64 MiB", "111.7 MiB", "300 KiB", "17 bytes" */
static char *
human_size (uint64_t bytes)
{
  if (bytes >= MiB)
    return bytes % MiB == 0 ? xasprintf ("%" PRIu64 " MiB", bytes / MiB)
                            : xasprintf ("%.1f MiB", (double) bytes / MiB);
  if (bytes >= 1024)
    return bytes % 1024 == 0 ? xasprintf ("%" PRIu64 " KiB", bytes / 1024)
                             : xasprintf ("%.1f KiB", (double) bytes / 1024);
  return xasprintf ("%" PRIu64 " bytes", bytes);
}

/* The one wording of each failure, for every format.  */
static char *
failure_message (const struct codec *c, enum failure why, uint64_t limit, int read_errno)
{
  char *size = human_size (limit);
  char *msg;
  switch (why)
    {
    case FAIL_TRUNCATED:
      msg = xasprintf ("truncated %s data", c->name);
      break;
    case FAIL_READ:
      msg = xasprintf ("cannot read: %s", strerror (read_errno));
      break;
    case FAIL_TOO_LARGE:
      msg = xasprintf ("%s data decompresses to more than %s, the limit for this file; see "
                       "LIMITS in initscan(1)", c->name, size);
      break;
    case FAIL_WINDOW:
      msg = xasprintf ("%s data needs more decoder memory than %s, a quarter of the limit for "
                       "this file; see LIMITS in initscan(1)", c->name, size);
      break;
    case FAIL_NO_MEMORY:
      msg = xasprintf ("out of memory decompressing %s data", c->name);
      break;
    case FAIL_DAMAGED:
    default:
      msg = xasprintf ("damaged %s data", c->name);
      break;
    }
  free (size);
  return msg;
}

/* The output goes to address space reserved for the whole limit at once:
   pages take memory only when written, nothing is copied as it grows, and
   the peak is the decompressed size whatever the allocator.  */
struct output
{
  unsigned char *data;
  size_t size;
  size_t limit;   /* the reservation is one byte longer: that byte
                     written means the data is larger than allowed */
};

static bool
reserve_output (struct output *o)
{
  void *p = mmap (NULL, o->limit + 1, PROT_READ | PROT_WRITE,
                  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  o->data = p != MAP_FAILED ? p : NULL;
  return o->data != NULL;
}

/* Give back the reserved pages past the data.  */
static void
trim_output (struct output *o)
{
  size_t page = (size_t) sysconf (_SC_PAGESIZE);
  size_t used = (o->size + page - 1) / page * page;
  size_t reserved = (o->limit + 1 + page - 1) / page * page;
  if (reserved > used)
    munmap (o->data + used, reserved - used);
}

static enum failure
failure_of_step (enum step st)
{
  switch (st)
    {
    case STEP_NEEDS_MEMORY:
      return FAIL_WINDOW;
    case STEP_NO_MEMORY:
      return FAIL_NO_MEMORY;
    default:
      return FAIL_DAMAGED;
    }
}

/* Run codec C over FD into O: 0 when the input ends where a stream does,
   -1 with *WHY set otherwise.  */
static int
run_codec (const struct codec *c, void *state, int fd, struct output *o, enum failure *why,
           int *read_errno)
{
  unsigned char *chunk = xmalloc (INPUT_CHUNK);
  struct buffers b = { .in = chunk, .in_len = 0, .eof = false };
  enum step st = STEP_MORE;
  int rc = -1;
  for (;;)
    {
      if (b.in_len == 0 && !b.eof)
        {
          ssize_t n = read (fd, chunk, INPUT_CHUNK);
          if (n < 0 && errno == EINTR)
            continue;
          if (n < 0)
            {
              *why = FAIL_READ, *read_errno = errno;
              break;
            }
          b.in = chunk, b.in_len = (size_t) n, b.eof = n == 0;
        }
      if ((b.in_len == 0 && b.eof && st == STEP_BOUNDARY) || st == STEP_DONE)
        {
          rc = 0;
          break;
        }
      if (o->size > o->limit)
        {
          *why = FAIL_TOO_LARGE;
          break;
        }
      size_t in_before = b.in_len;
      b.out = o->data + o->size, b.out_len = o->limit + 1 - o->size;
      size_t out_before = b.out_len;
      st = c->step (state, &b);
      o->size += out_before - b.out_len;
      if (st != STEP_MORE && st != STEP_BOUNDARY && st != STEP_DONE)
        {
          *why = failure_of_step (st);
          break;
        }
      /* no progress with input and room left: the input ended early, or
         (input left over) the decoder is stuck on damaged data */
      if (st == STEP_MORE && b.in_len == in_before && b.out_len == out_before)
        {
          *why = b.eof ? FAIL_TRUNCATED : FAIL_DAMAGED;
          break;
        }
    }
  free (chunk);
  return rc;
}

static const struct codec *
codec_by_name (const char *name)
{
  for (size_t i = 0; i < ARRAY_SIZE (codecs); i++)
    if (strcmp (codecs[i].name, name) == 0)
      return &codecs[i];
  abort (); /* names come from compressed_format() */
}

int
decompress_file (int fd, const char *format, uint64_t limit, unsigned char **data, size_t *size,
                 char **err)
{
  const struct codec *c = codec_by_name (format);
  uint64_t decoder_limit = limit / DECODER_SHARE;
  uint64_t output_limit = limit - decoder_limit;
  struct output o = { .limit = output_limit >= SIZE_MAX ? SIZE_MAX - 1 : (size_t) output_limit };
  enum failure why = FAIL_NO_MEMORY;
  int read_errno = 0, rc = -1;
  void *state = reserve_output (&o) ? c->start (decoder_limit) : NULL;
  if (state != NULL)
    {
      rc = run_codec (c, state, fd, &o, &why, &read_errno);
      c->end (state);
    }
  if (rc < 0)
    {
      *err = failure_message (c, why, why == FAIL_WINDOW ? decoder_limit : limit, read_errno);
      if (o.data != NULL)
        munmap (o.data, o.limit + 1);
      return -1;
    }
  trim_output (&o);
  *data = o.data;
  *size = o.size;
  return 0;
}
