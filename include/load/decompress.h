/* Compressed inputs (.ko.xz, .ko.gz, .ko.zst, as scripts/Makefile.modinst
   writes them): decompressed into memory by initscan itself, within a
   bound, with one wording per kind of damage whatever the format.  */
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

/* Decompress the whole of FD (positioned at its start) of compressed
   FORMAT into *DATA, *SIZE bytes in an anonymous mapping (for munmap(2)).
   The decompressed bytes and the decoder's own memory together stay
   within LIMIT.  Returns 0, or -1 with *ERR set to a malloc'ed message.  */
int decompress_file (int fd, const char *format, uint64_t limit, unsigned char **data,
                     size_t *size, char **err);

#endif
