/* .ko.zst: Debian 12's elfutils (0.188) opens .ko.xz and .ko.gz through
   dwelf_elf_begin() and libdwfl, but not zstd (elfutils 0.189 added it).
   Decompressing into a memfd lets libelf and libdwfl read the result as an
   ordinary file.  */
#include "decompress.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zstd.h>

static const unsigned char zstd_magic[4] = { 0x28, 0xb5, 0x2f, 0xfd };

static int
write_all (int fd, const void *buf, size_t len)
{
  const char *p = buf;
  while (len > 0)
    {
      ssize_t n = write (fd, p, len);
      if (n <= 0)
        return -1;
      p += n;
      len -= (size_t) n;
    }
  return 0;
}

static int
decompress_stream (int in, int out, size_t limit, const char **err)
{
  ZSTD_DStream *ds = ZSTD_createDStream ();
  size_t inlen = ZSTD_DStreamInSize (), outlen = ZSTD_DStreamOutSize ();
  unsigned char *ibuf = malloc (inlen), *obuf = malloc (outlen);
  size_t total = 0, last = 1;
  int rc = -1;
  *err = "out of memory";
  if (ds == NULL || ibuf == NULL || obuf == NULL)
    goto out;
  ZSTD_initDStream (ds);
  ssize_t n;
  while ((n = read (in, ibuf, inlen)) > 0)
    {
      ZSTD_inBuffer ib = { ibuf, (size_t) n, 0 };
      while (ib.pos < ib.size)
        {
          ZSTD_outBuffer ob = { obuf, outlen, 0 };
          last = ZSTD_decompressStream (ds, &ob, &ib);
          if (ZSTD_isError (last))
            {
              *err = "damaged zstd data";
              goto out;
            }
          total += ob.pos;
          if (total > limit)
            {
              *err = "zstd data decompresses to more than the size limit";
              goto out;
            }
          if (write_all (out, obuf, ob.pos) < 0)
            {
              *err = "cannot store the decompressed data";
              goto out;
            }
        }
    }
  if (n < 0 || last != 0)
    {
      *err = n < 0 ? "read error" : "truncated zstd data";
      goto out;
    }
  rc = 0;
out:
  ZSTD_freeDStream (ds);
  free (ibuf);
  free (obuf);
  return rc;
}

int
zstd_unwrap (int fd, size_t limit, const char **err)
{
  unsigned char magic[4];
  if (pread (fd, magic, sizeof magic, 0) != (ssize_t) sizeof magic
      || memcmp (magic, zstd_magic, sizeof magic) != 0)
    return fd;
  int out = memfd_create ("initscan-zstd", MFD_CLOEXEC);
  if (out < 0)
    {
      *err = "cannot create a memory file";
      return -1;
    }
  if (decompress_stream (fd, out, limit, err) < 0)
    {
      close (out);
      return -1;
    }
  return out;
}
