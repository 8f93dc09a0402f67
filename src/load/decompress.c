/* Streaming decompression of .ko.xz (liblzma), .ko.gz (zlib) and .ko.zst
   (libzstd), and of the kernel payloads of boot images in any of the
   kernel's compressors (scripts/Makefile.lib: gzip, bzip2, lzma, xz, lzo,
   lz4, zstd), into one growing buffer.  Every format goes through the same
   driver, so the bound and the messages are the same for all: a decoder
   only says how far one step went and whether its data is damaged.  */
/* zlib: next_in is a pointer to const */
#define ZLIB_CONST
#include "load/decompress.h"

#include <bzlib.h>
#include <errno.h>
#include <inttypes.h>
#include <lz4.h>
#include <lzma.h>
#include <lzo1x.h>
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

/* A boot image's decoder may always use what the kernel's own build asks
   of it (scripts/Makefile.lib, scripts/xz_wrap.sh): zstd -22 --ultra's
   128 MiB window (zstd_start() allows window log 27 from 256 MiB on),
   lzma -9's 64 MiB and xz's 32 MiB dictionaries.  The decoders touch
   those pages only as they write output, so memory still grows with the
   output, which the limit bounds.  */
#define KERNEL_DECODER_MEMORY (256 * MiB)

#define INPUT_CHUNK (64 * 1024)

enum step
{
  STEP_MORE,         /* give more input or output space */
  STEP_BOUNDARY,     /* a stream (gzip member, zstd frame) ended; more may follow */
  STEP_DONE,         /* the whole input is decoded */
  STEP_DAMAGED,
  STEP_NEEDS_MEMORY, /* its window is larger than the decoder may use */
  STEP_NO_MEMORY,
  STEP_TOO_LARGE,    /* a block does not fit in the output space left */
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
  unsigned char magic[9];
  size_t magic_len;
  /* a format scripts/Makefile.modinst compresses modules in; the others
     are only looked for in boot images (lzma's "magic" is its usual
     properties byte and dictionary size, too weak for any file) */
  bool module;
  /* NULL if the decoder cannot be set up (no memory); ONE_STREAM: stop
     after the first stream (a boot image's payload is followed by other
     bytes), else read concatenated streams as the format's tool does */
  void *(*start) (uint64_t memory_limit, bool one_stream);
  /* Decode from B->in into B->out, advancing both.  */
  enum step (*step) (void *state, struct buffers *b);
  void (*end) (void *state);
};

/* xz: liblzma's .xz decoder, concatenated streams accepted as xz(1) does.  */
static void *
xz_start (uint64_t memory_limit, bool one_stream)
{
  lzma_stream *s = xmalloc (sizeof *s);
  *s = (lzma_stream) LZMA_STREAM_INIT;
  if (lzma_stream_decoder (s, memory_limit, one_stream ? 0 : LZMA_CONCATENATED) != LZMA_OK)
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

/* lzma: the legacy .lzma format lzma(1) writes (the kernel's cmd_lzma),
   one stream ending with its end marker.  */
static void *
lzma_alone_start (uint64_t memory_limit, bool one_stream)
{
  (void) one_stream; /* the format has one stream */
  lzma_stream *s = xmalloc (sizeof *s);
  *s = (lzma_stream) LZMA_STREAM_INIT;
  if (lzma_alone_decoder (s, memory_limit) != LZMA_OK)
    {
      free (s);
      return NULL;
    }
  return s;
}

/* gzip: zlib with gzip framing only (window bits 15 + 16); a member
   followed by more data starts the next member, as gzip(1) reads them.  */
static void *
gz_start (uint64_t memory_limit, bool one_stream)
{
  (void) memory_limit; /* zlib's window is 32 KiB */
  (void) one_stream;   /* the driver stops at a member's end */
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
zstd_start (uint64_t memory_limit, bool one_stream)
{
  (void) one_stream; /* the driver stops at a frame's end */
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

/* bzip2: libbz2, one stream (the kernel's cmd_bzip2 writes one).  The
   library wants pointers to non-const input: it never writes through them.  */
static void *
bz_start (uint64_t memory_limit, bool one_stream)
{
  (void) memory_limit; /* at most 3.7 MB for bzip2 -9 */
  (void) one_stream;
  bz_stream *z = xcalloc (1, sizeof *z);
  if (BZ2_bzDecompressInit (z, 0, 0) != BZ_OK)
    {
      free (z);
      return NULL;
    }
  return z;
}

static enum step
bz_step (void *state, struct buffers *b)
{
  bz_stream *z = state;
  unsigned in = b->in_len > UINT32_MAX ? UINT32_MAX : (unsigned) b->in_len;
  unsigned out = b->out_len > UINT32_MAX ? UINT32_MAX : (unsigned) b->out_len;
  z->next_in = (char *) (uintptr_t) b->in, z->avail_in = in;
  z->next_out = (char *) b->out, z->avail_out = out;
  int ret = BZ2_bzDecompress (z);
  b->in += in - z->avail_in, b->in_len -= in - z->avail_in;
  b->out += out - z->avail_out, b->out_len -= out - z->avail_out;
  switch (ret)
    {
    case BZ_OK:
      return STEP_MORE;
    case BZ_STREAM_END:
      return STEP_DONE;
    case BZ_MEM_ERROR:
      return STEP_NO_MEMORY;
    default:
      return STEP_DAMAGED;
    }
}

static void
bz_end (void *state)
{
  BZ2_bzDecompressEnd (state);
  free (state);
}

static uint32_t
be32 (const unsigned char *p)
{
  return (uint32_t) p[0] << 24 | (uint32_t) p[1] << 16 | (uint32_t) p[2] << 8 | p[3];
}

static uint32_t
le32 (const unsigned char *p)
{
  return (uint32_t) p[3] << 24 | (uint32_t) p[2] << 16 | (uint32_t) p[1] << 8 | p[0];
}

/* The block formats below decode one whole block per step, so they need
   it whole in the input: they serve boot images, which are in memory.  */
struct block_state
{
  bool header_read;
  uint32_t flags;      /* lzo: the file header's flags */
  uint64_t written;    /* lz4: bytes decoded so far */
  bool short_block;    /* lz4: the last block was shorter than a full one */
};

static void *
block_start (uint64_t memory_limit, bool one_stream)
{
  (void) memory_limit, (void) one_stream;
  return lzo_init () == LZO_E_OK ? xcalloc (1, sizeof (struct block_state)) : NULL;
}

static void
block_end (void *state)
{
  free (state);
}

/* lzo: the lzop(1) file format (the kernel's cmd_lzo; lib/decompress_unlzo.c
   reads it): a header, then blocks of at most 256 KiB, each its
   uncompressed and compressed length (big-endian), checksums as the
   header's flags say, the data (stored when no shorter), and a zero
   length at the end.  Field layout from lzop's header writer: from
   version 0x0940 on a "version needed" and a level byte, and the high
   word of the modification time.  */
#define LZOP_MAGIC_LEN 9
#define LZOP_ADLER32_D 0x1
#define LZOP_ADLER32_C 0x2
#define LZOP_EXTRA_FIELD 0x40
#define LZOP_H_FILTER 0x800
#define LZOP_CRC32_D 0x100
#define LZOP_CRC32_C 0x200
#define LZOP_BLOCK_MAX (256 * 1024)

/* The header's length, 0 if B does not hold it all, -1 if unreadable.  */
static long
lzop_header (const unsigned char *p, size_t n, uint32_t *flags)
{
  size_t at = LZOP_MAGIC_LEN;
  if (n < at + 2)
    return 0;
  unsigned version = (unsigned) p[at] << 8 | p[at + 1];
  bool new_fields = version >= 0x0940;
  at += 2 + 2 + (new_fields ? 2 : 0) + 1 + (new_fields ? 1 : 0); /* versions, method, level */
  if (n < at + 4)
    return 0;
  *flags = be32 (p + at);
  at += 4 + (*flags & LZOP_H_FILTER ? 4 : 0) + 4 + 4 + (new_fields ? 4 : 0); /* mode, mtime */
  if (n < at + 1)
    return 0;
  at += 1 + p[at] + 4; /* file name, header checksum */
  if (n < at)
    return 0;
  return *flags & LZOP_EXTRA_FIELD ? -1 : (long) at;
}

/* The checksum lzop keeps of DATA, as FLAGS (ADLER, CRC) choose; true
   when STORED matches or there is none.  */
static bool
lzop_checksum_ok (uint32_t flags, uint32_t adler, uint32_t crc, const unsigned char *data,
                  size_t n, const unsigned char *stored)
{
  if (flags & adler)
    return adler32 (1, data, (uInt) n) == be32 (stored);
  if (flags & crc)
    return crc32 (0, data, (uInt) n) == be32 (stored);
  return true;
}

static enum step
lzo_step (void *state, struct buffers *b)
{
  struct block_state *s = state;
  if (!s->header_read)
    {
      long len = lzop_header (b->in, b->in_len, &s->flags);
      if (len <= 0)
        return len < 0 ? STEP_DAMAGED : STEP_MORE;
      b->in += len, b->in_len -= (size_t) len;
      s->header_read = true;
    }
  if (b->in_len < 4)
    return STEP_MORE;
  uint32_t out_len = be32 (b->in);
  if (out_len == 0)
    {
      b->in += 4, b->in_len -= 4;
      return STEP_DONE;
    }
  if (out_len > LZOP_BLOCK_MAX)
    return STEP_DAMAGED;
  size_t sums_d = s->flags & (LZOP_ADLER32_D | LZOP_CRC32_D) ? 4 : 0;
  if (b->in_len < 8 + sums_d)
    return STEP_MORE;
  uint32_t in_len = be32 (b->in + 4);
  if (in_len == 0 || in_len > out_len)
    return STEP_DAMAGED;
  bool stored = in_len == out_len;
  size_t sums_c = !stored && (s->flags & (LZOP_ADLER32_C | LZOP_CRC32_C)) ? 4 : 0;
  size_t head = 8 + sums_d + sums_c;
  if (b->in_len < head || b->in_len - head < in_len)
    return STEP_MORE;
  if (out_len > b->out_len)
    return STEP_TOO_LARGE;
  const unsigned char *data = b->in + head;
  lzo_uint got = out_len;
  if (stored)
    memcpy (b->out, data, out_len);
  else if (lzo1x_decompress_safe (data, in_len, b->out, &got, NULL) != LZO_E_OK
           || got != out_len)
    return STEP_DAMAGED;
  if (!lzop_checksum_ok (s->flags, LZOP_ADLER32_D, LZOP_CRC32_D, b->out, out_len, b->in + 8))
    return STEP_DAMAGED;
  b->in += head + in_len, b->in_len -= head + in_len;
  b->out += out_len, b->out_len -= out_len;
  return STEP_MORE;
}

/* lz4: the legacy frame of `lz4 -l` (the kernel's cmd_lz4;
   lib/decompress_unlz4.c reads it): the magic, then blocks, each its
   compressed length (little-endian) and data, decompressing to 8 MiB but
   the last.  The stream ends after a short block, at a zero length or at
   the end of the input; a length equal to the bytes decoded so far is
   the size the kernel's build appends (scripts/Makefile.lib size_append)
   after a last full block.  The magic again starts another stream.  */
#define LZ4_LEGACY_MAGIC 0x184C2102
#define LZ4_LEGACY_BLOCK (8 * 1024 * 1024)

static enum step
lz4_step (void *state, struct buffers *b)
{
  struct block_state *s = state;
  if (!s->header_read)
    {
      if (b->in_len < 4)
        return STEP_MORE;
      b->in += 4, b->in_len -= 4;
      s->header_read = true;
    }
  if (s->short_block || (b->in_len == 0 && b->eof))
    return STEP_DONE;
  if (b->in_len < 4)
    return STEP_MORE;
  uint32_t len = le32 (b->in);
  if (len == LZ4_LEGACY_MAGIC)
    {
      b->in += 4, b->in_len -= 4;
      return STEP_MORE;
    }
  if (len == 0 || (s->written != 0 && len == (uint32_t) s->written))
    return STEP_DONE;
  if (len > (uint32_t) LZ4_compressBound (LZ4_LEGACY_BLOCK))
    return STEP_DAMAGED;
  if (b->in_len - 4 < len)
    return STEP_MORE;
  size_t room = b->out_len < LZ4_LEGACY_BLOCK ? b->out_len : LZ4_LEGACY_BLOCK;
  int got = LZ4_decompress_safe ((const char *) b->in + 4, (char *) b->out, (int) len,
                                 (int) room);
  if (got < 0)
    return room < LZ4_LEGACY_BLOCK ? STEP_TOO_LARGE : STEP_DAMAGED;
  b->in += 4 + len, b->in_len -= 4 + len;
  b->out += got, b->out_len -= (size_t) got;
  s->written += (uint64_t) got;
  s->short_block = got < LZ4_LEGACY_BLOCK;
  return STEP_MORE;
}

/* Magic numbers: the xz file format (tukaani.org/xz/xz-file-format.txt),
   RFC 1952 (gzip), RFC 8878 (zstd), bzip2's "BZh", lzop's and lz4's legacy
   magic (lib/decompress_unlzo.c, lib/decompress_unlz4.c), and for lzma the
   properties byte 0x5d (lc 3, lp 0, pb 2) and the low three bytes of the
   dictionary size, zero for lzma -9's 64 MiB, as scripts/extract-vmlinux
   looks for it.  */
static const struct codec codecs[] = {
  { "xz", { 0xfd, '7', 'z', 'X', 'Z', 0x00 }, 6, true, xz_start, xz_step, xz_end },
  { "gzip", { 0x1f, 0x8b }, 2, true, gz_start, gz_step, gz_end },
  { "zstd", { 0x28, 0xb5, 0x2f, 0xfd }, 4, true, zstd_start, zstd_step, zstd_end },
  { "bzip2", { 'B', 'Z', 'h' }, 3, false, bz_start, bz_step, bz_end },
  { "lzma", { 0x5d, 0x00, 0x00, 0x00 }, 4, false, lzma_alone_start, xz_step, xz_end },
  { "lzo", { 0x89, 'L', 'Z', 'O', 0x00, 0x0d, 0x0a, 0x1a, 0x0a }, 9, false, block_start, lzo_step,
    block_end },
  { "lz4", { 0x02, 0x21, 0x4c, 0x18 }, 4, false, block_start, lz4_step, block_end },
};

static const struct codec *
codec_by_magic (const unsigned char *head, size_t n, bool modules_only)
{
  for (size_t i = 0; i < ARRAY_SIZE (codecs); i++)
    if ((codecs[i].module || !modules_only) && n >= codecs[i].magic_len
        && memcmp (head, codecs[i].magic, codecs[i].magic_len) == 0)
      return &codecs[i];
  return NULL;
}

const char *
compressed_format (const unsigned char *head, size_t n)
{
  const struct codec *c = codec_by_magic (head, n, true);
  return c != NULL ? c->name : NULL;
}

const char *
payload_format (const unsigned char *head, size_t n)
{
  const struct codec *c = codec_by_magic (head, n, false);
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
    case STEP_TOO_LARGE:
      return FAIL_TOO_LARGE;
    default:
      return FAIL_DAMAGED;
    }
}

/* Where the compressed bytes come from: a descriptor read in chunks, or
   memory given whole (FD -1).  */
struct input
{
  int fd;
  struct buffers b;
  bool one_stream; /* stop at the end of the first stream */
  uint64_t decoder_floor; /* the decoder may use this much whatever the limit */
};

/* Refill IN->b from the descriptor when it is used up: 0, or -1 with
   *READ_ERRNO set.  */
static int
refill (struct input *in, unsigned char *chunk, int *read_errno)
{
  while (in->b.in_len == 0 && !in->b.eof)
    {
      ssize_t n = read (in->fd, chunk, INPUT_CHUNK);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          *read_errno = errno;
          return -1;
        }
      in->b.in = chunk, in->b.in_len = (size_t) n, in->b.eof = n == 0;
    }
  return 0;
}

static bool
input_done (const struct input *in, enum step st)
{
  if (st == STEP_DONE)
    return true;
  return st == STEP_BOUNDARY && (in->one_stream || (in->b.in_len == 0 && in->b.eof));
}

/* Run codec C over IN into O: 0 when the input ends where a stream does
   (or, one stream asked, when the first stream ends), -1 with *WHY set
   otherwise.  */
static int
run_codec (const struct codec *c, void *state, struct input *in, struct output *o,
           enum failure *why, int *read_errno)
{
  unsigned char *chunk = in->fd >= 0 ? xmalloc (INPUT_CHUNK) : NULL;
  struct buffers *b = &in->b;
  enum step st = STEP_MORE;
  int rc = -1;
  for (;;)
    {
      if (refill (in, chunk, read_errno) < 0)
        {
          *why = FAIL_READ;
          break;
        }
      if (input_done (in, st))
        {
          rc = 0;
          break;
        }
      if (o->size > o->limit)
        {
          *why = FAIL_TOO_LARGE;
          break;
        }
      size_t in_before = b->in_len;
      b->out = o->data + o->size, b->out_len = o->limit + 1 - o->size;
      size_t out_before = b->out_len;
      st = c->step (state, b);
      o->size += out_before - b->out_len;
      if (st != STEP_MORE && st != STEP_BOUNDARY && st != STEP_DONE)
        {
          *why = failure_of_step (st);
          break;
        }
      /* no progress with input and room left: the input ended early, or
         (input left over) the decoder is stuck on damaged data */
      if (st == STEP_MORE && b->in_len == in_before && b->out_len == out_before)
        {
          *why = b->eof ? FAIL_TRUNCATED : FAIL_DAMAGED;
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
  abort (); /* names come from compressed_format() or payload_format() */
}

static int
decompress (struct input *in, const char *format, uint64_t limit, unsigned char **data,
            size_t *size, char **err)
{
  const struct codec *c = codec_by_name (format);
  uint64_t output_limit = limit - limit / DECODER_SHARE;
  uint64_t decoder_limit = limit / DECODER_SHARE;
  if (decoder_limit < in->decoder_floor)
    decoder_limit = in->decoder_floor;
  struct output o = { .limit = output_limit >= SIZE_MAX ? SIZE_MAX - 1 : (size_t) output_limit };
  enum failure why = FAIL_NO_MEMORY;
  int read_errno = 0, rc = -1;
  void *state = reserve_output (&o) ? c->start (decoder_limit, in->one_stream) : NULL;
  if (state != NULL)
    {
      rc = run_codec (c, state, in, &o, &why, &read_errno);
      c->end (state);
    }
  if (rc < 0)
    {
      *err = failure_message (c, why, why == FAIL_WINDOW ? decoder_limit : limit, read_errno);
      if (o.data != NULL)
        munmap (o.data, o.limit + 1);
      *size = o.size;
      return -1;
    }
  trim_output (&o);
  *data = o.data;
  *size = o.size;
  return 0;
}

int
decompress_file (int fd, const char *format, uint64_t limit, unsigned char **data, size_t *size,
                 char **err)
{
  struct input in = { .fd = fd };
  return decompress (&in, format, limit, data, size, err);
}

int
decompress_stream (const unsigned char *bytes, size_t n, const char *format, uint64_t limit,
                   unsigned char **data, size_t *size, size_t *consumed, char **err)
{
  struct input in = { .fd = -1, .b = { .in = bytes, .in_len = n, .eof = true },
                      .one_stream = true, .decoder_floor = KERNEL_DECODER_MEMORY };
  if (decompress (&in, format, limit, data, size, err) < 0)
    return -1;
  *consumed = n - in.b.in_len;
  return 0;
}
