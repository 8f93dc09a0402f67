/* Compressed inputs (.ko.xz, .ko.gz, .ko.zst, as scripts/Makefile.modinst
   writes them) and the compressed kernels of boot images (any of the
   kernel's compressors, scripts/Makefile.lib): decompressed into memory by
   initscan itself, within a bound, with one wording per kind of damage
   whatever the format.  */
#ifndef INITSCAN_DECOMPRESS_H
#define INITSCAN_DECOMPRESS_H

#include <stddef.h>
#include <stdint.h>

/* The default absolute cap on what one input may decompress to.  */
#define DECOMPRESS_DEFAULT_CAP (UINT64_C (4) << 30)

/* What a file of COMPRESSED bytes may decompress to: 256 times its size,
   at least 64 MiB, never more than CAP.  */
uint64_t decompression_limit (uint64_t compressed, uint64_t cap);

/* The name of the compressed format whose magic HEAD (N bytes, the start
   of the file) begins with, NULL if none.  */
const char *compressed_format (const unsigned char *head, size_t n);

/* The name of the kernel compressor ("gzip", "bzip2", "lzma", "xz", "lzo",
   "lz4", "zstd") whose magic the N bytes at HEAD begin with, NULL if none:
   for the payloads of boot images, not for whole files.  */
const char *payload_format (const unsigned char *head, size_t n);

/* Decompress the whole of FD (positioned at its start) of compressed
   FORMAT into *DATA, *SIZE bytes in an anonymous mapping (for munmap(2)).
   The decompressed bytes and the decoder's own memory together stay
   within LIMIT.  Returns 0, or -1 with *ERR set to a malloc'ed message.  */
int decompress_file (int fd, const char *format, uint64_t limit, unsigned char **data,
                     size_t *size, char **err);

/* Decompress the first stream of FORMAT at BYTES (at most N bytes; what
   follows it is not read: a boot image's payload is followed by its size
   or other data) into *DATA, *SIZE as decompress_file() does, the decoder
   allowed the memory the kernel's compression settings need; *CONSUMED is
   the length of the stream.  On failure *SIZE is how much was decompressed
   before it.  */
int decompress_stream (const unsigned char *bytes, size_t n, const char *format, uint64_t limit,
                       unsigned char **data, size_t *size, size_t *consumed, char **err);

#endif
