/* Boot images: the files a bootloader loads (x86 bzImage, arm64 Image and
   its EFI zboot form, 32-bit ARM zImage, s390 image, the mips ELF wrapper
   vmlinuz), each recognised by the header its architecture documents, and
   the kernel they carry taken out (decompressed within a bound).  */
#ifndef INITSCAN_BOOTIMAGE_H
#define INITSCAN_BOOTIMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct boot_payload
{
  /* the kernel: an ELF file or raw bytes (objcopy -O binary of vmlinux,
     starting at its first address); an anonymous mapping (munmap(2)) or,
     IN_FILE, bytes of the FILE given to bootimage_unwrap() */
  unsigned char *data;
  size_t size;
  bool in_file;
  bool is_elf;
  const char *container;   /* "bzImage", "Image", "zImage", ... */
  const char *compression; /* "gzip", "bzip2", "lzma", "xz", "lzo", "lz4", "zstd", NULL */
  /* what the container says of a raw payload; 0 or unknown when it says nothing */
  unsigned machine;        /* EM_* or EM_NONE */
  int elfclass;            /* 32, 64 or 0 */
  int big_endian;          /* 1, 0, or -1 unknown */
  uint64_t page_size;      /* arm64 Image flags, else 0 */
};

/* 1: FILE (SIZE bytes) is a boot image and OUT holds its kernel; 0: it is
   not a boot image; -1: *ERR (malloc'ed) says why the kernel cannot be
   had (damaged, over LIMIT bytes, unsupported compressor), naming the
   container and the problem.  */
int bootimage_unwrap (const unsigned char *file, size_t size, uint64_t limit,
                      struct boot_payload *out, char **err);

/* Unmap what bootimage_unwrap() put in P (nothing for a payload in the file).  */
void boot_payload_free (struct boot_payload *p);

#endif
