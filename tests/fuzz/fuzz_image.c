/* libFuzzer target: the whole analysis of one file, and every report
   format, on arbitrary bytes.  Built by "make fuzz".

   An input starting with "xz:", "gz:" or "zst:" is analysed as a
   compressed file: the rest is compressed in that format first, so that
   the decompression and the analysis of what it yields are fuzzed together
   (mutated compressed bytes rarely get past the format's checksums; the
   fixtures' .ko.xz, .ko.gz and .ko.zst seed those mutations).  */

#include <libelf.h>
#include <lzma.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#define ZLIB_CONST /* next_in is a pointer to const */
#include <zlib.h>
#include <zstd.h>

#include "analysis/analyse.h"
#include "analysis/scan.h"
#include "report/report.h"

/* What a compressed fuzz input may decompress to: bombs are found fast.  */
#define FUZZ_DECOMPRESS_CAP (16u << 20)

static size_t
wrap_xz (const uint8_t *in, size_t len, uint8_t *out, size_t cap)
{
  size_t pos = 0;
  return lzma_easy_buffer_encode (0, LZMA_CHECK_CRC32, NULL, in, len, out, &pos, cap) == LZMA_OK
             ? pos
             : 0;
}

static size_t
wrap_gz (const uint8_t *in, size_t len, uint8_t *out, size_t cap)
{
  z_stream z = { 0 };
  size_t n = 0;
  /* window bits 15 + 16: gzip framing, as .ko.gz */
  if (deflateInit2 (&z, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    return 0;
  z.next_in = in, z.avail_in = (uInt) len;
  z.next_out = out, z.avail_out = (uInt) cap;
  if (deflate (&z, Z_FINISH) == Z_STREAM_END)
    n = z.total_out;
  deflateEnd (&z);
  return n;
}

static size_t
wrap_zst (const uint8_t *in, size_t len, uint8_t *out, size_t cap)
{
  size_t n = ZSTD_compress (out, cap, in, len, 1);
  return ZSTD_isError (n) ? 0 : n;
}

static const struct
{
  const char *tag;
  size_t (*wrap) (const uint8_t *in, size_t len, uint8_t *out, size_t cap);
} wrappers[] = {
  { "xz:", wrap_xz },
  { "gz:", wrap_gz },
  { "zst:", wrap_zst },
};

/* The bytes to analyse: DATA, or its tail compressed (malloc'ed in
   *OWNED).  */
static const uint8_t *
file_bytes (const uint8_t *data, size_t *size, uint8_t **owned)
{
  *owned = NULL;
  for (size_t i = 0; i < sizeof wrappers / sizeof wrappers[0]; i++)
    {
      size_t tag = strlen (wrappers[i].tag);
      if (*size < tag || memcmp (data, wrappers[i].tag, tag) != 0)
        continue;
      size_t cap = *size * 2 + 1024;
      *owned = malloc (cap);
      if (*owned == NULL)
        return NULL;
      *size = wrappers[i].wrap (data + tag, *size - tag, *owned, cap);
      return *size != 0 ? *owned : NULL;
    }
  return data;
}

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size); /* libFuzzer's entry */

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static FILE *sink;
  if (sink == NULL)
    {
      elf_version (EV_CURRENT);
      sink = fopen ("/dev/null", "w");
    }
  uint8_t *owned;
  const uint8_t *bytes = file_bytes (data, &size, &owned);
  int fd = bytes != NULL ? memfd_create ("fuzz", MFD_CLOEXEC) : -1;
  if (fd < 0 || write (fd, bytes, size) != (ssize_t) size)
    {
      if (fd >= 0)
        close (fd);
      free (owned);
      return 0;
    }
  free (owned);
  char path[64];
  snprintf (path, sizeof path, "/proc/self/fd/%d", fd);
  struct scan sc = { 0 };
  struct scan *scans[] = { &sc };
  struct analysis a = { .sources = true, .decompress_cap = FUZZ_DECOMPRESS_CAP };
  struct report_options ro = { .sources = true };
  analyse_file (&sc, path, &a);
  report_text (sink, scans, 1, &ro);
  report_json (sink, scans, 1, &ro);
  report_sarif (sink, scans, 1, &ro);
  scan_close (&sc);
  close (fd);
  return 0;
}
