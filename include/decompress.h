/* Decompression libelf/libdw of this Debian release cannot do itself.  */
#ifndef INITSCAN_DECOMPRESS_H
#define INITSCAN_DECOMPRESS_H

#include <stddef.h>

/* If FD holds a zstd-compressed file (.ko.zst), decompress it into an
   anonymous memory file and return that descriptor; return FD itself if
   it is not zstd; -1 with *ERR set on failure.  The output is limited to
   LIMIT bytes, so that a crafted file cannot exhaust memory.  */
int zstd_unwrap (int fd, size_t limit, const char **err);

#endif
