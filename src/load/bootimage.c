/* Boot images: which container a file is, from the header its
   architecture documents (never from its name), and where the kernel in
   it is.  A container that records the compressed kernel's place (bzImage,
   EFI zboot) is read there; one that does not (zImage, s390, the mips ELF
   wrapper) is searched for a compressor's magic as the kernel's
   scripts/extract-vmlinux does, each hit decompressed and kept only if it
   is a kernel: an ELF file, or followed by its decompressed size as the
   kernel's build appends it (scripts/Makefile.lib, size_append; gzip's
   own trailer holds it).  */
#include "load/bootimage.h"

#include <elf.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "load/decompress.h"
#include "util/util.h"

static uint64_t
le (const unsigned char *p, size_t len)
{
  return read_uint (p, len, false);
}

static bool
is_elf (const unsigned char *p, size_t n)
{
  return n >= SELFMAG && memcmp (p, ELFMAG, SELFMAG) == 0;
}

/* Decompress the stream of FORMAT at P (N bytes at most) into OUT.  */
static int
decompress_payload (const char *container, const char *format, const unsigned char *p, size_t n,
                    uint64_t limit, struct boot_payload *out, size_t *consumed, char **err)
{
  char *why;
  out->data = NULL;
  if (decompress_stream (p, n, format, limit, &out->data, &out->size, consumed, &why) < 0)
    {
      *err = xasprintf ("%s: %s", container, why);
      free (why);
      return -1;
    }
  out->compression = format;
  out->is_elf = is_elf (out->data, out->size);
  return 0;
}

/* The kernel at P (N bytes): ELF or raw bytes as they are, or compressed.  */
static int
take_payload (const char *container, const unsigned char *p, size_t n, uint64_t limit,
              struct boot_payload *out, char **err)
{
  const char *format = payload_format (p, n);
  size_t consumed;
  if (format != NULL)
    return decompress_payload (container, format, p, n, limit, out, &consumed, err);
  out->data = (unsigned char *) (uintptr_t) p;
  out->size = n;
  out->in_file = true;
  out->is_elf = is_elf (p, n);
  return 0;
}

/* A stream that decompressed to OUT from CONSUMED bytes at P (N bytes)
   is a kernel: see the top of the file.  */
static bool
is_kernel_payload (const struct boot_payload *out, const unsigned char *p, size_t n,
                   size_t consumed)
{
  if (out->is_elf || strcmp (out->compression, "gzip") == 0)
    return true;
  return n - consumed >= 4 && le (p + consumed, 4) == (out->size & 0xffffffff);
}

/* Search P (N bytes) for the compressed kernel; the first stream found
   that is one (is_kernel_payload()) goes to OUT.  All the candidates
   together decompress to LIMIT bytes at most, so that a file made of
   many cannot take time out of proportion; a stream that is not the
   kernel is skipped whole.  */
static int
find_compressed_kernel (const char *container, const unsigned char *p, size_t n, uint64_t limit,
                        struct boot_payload *out, char **err)
{
  char *first_failure = NULL;
  size_t failed_at = 0;
  uint64_t budget = limit;
  for (size_t at = 0; at < n && budget > 0; at++)
    {
      const char *format = payload_format (p + at, n - at);
      if (format == NULL)
        continue;
      size_t consumed = 0, start = at;
      char *why = NULL;
      if (decompress_payload (container, format, p + at, n - at, budget, out, &consumed, &why) == 0)
        {
          if (is_kernel_payload (out, p + at, n - at, consumed))
            {
              free (first_failure);
              return 0;
            }
          boot_payload_free (out);
          why = xasprintf ("%s: %s data that is not followed by its size", container, format);
          at += consumed - 1;
        }
      budget -= out->size < budget ? out->size : budget;
      out->size = 0;
      if (first_failure == NULL)
        first_failure = why, failed_at = start;
      else
        free (why);
    }
  if (first_failure == NULL)
    *err = xasprintf ("%s: no compressed kernel found in it", container);
  else
    *err = xasprintf ("%s (no compressed kernel found%s; the first candidate, at offset %zu)",
                      first_failure, budget == 0 ? " within the limit" : "", failed_at);
  free (first_failure);
  return -1;
}

/* x86 bzImage (Documentation/arch/x86/boot.rst): "HdrS" at 0x202, the
   boot protocol version at 0x206; from 2.08 on payload_offset (0x248) and
   payload_length (0x24c) place the compressed vmlinux, relative to the
   protected-mode code, which follows the (setup_sects at 0x1f1, 0 meaning
   4) + 1 sectors of real-mode code.  */
#define BZ_SETUP_SECTS 0x1f1
#define BZ_HEADER_MAGIC 0x202
#define BZ_VERSION 0x206
#define BZ_PAYLOAD_OFFSET 0x248
#define BZ_PAYLOAD_LENGTH 0x24c
#define BZ_MIN_VERSION 0x0208

static bool
is_bzimage (const unsigned char *f, size_t n)
{
  return n >= BZ_PAYLOAD_LENGTH + 4 && memcmp (f + BZ_HEADER_MAGIC, "HdrS", 4) == 0;
}

static int
unwrap_bzimage (const unsigned char *f, size_t n, uint64_t limit, struct boot_payload *out,
                char **err)
{
  unsigned version = (unsigned) le (f + BZ_VERSION, 2);
  if (version < BZ_MIN_VERSION)
    {
      *err = xasprintf ("bzImage: boot protocol %u.%02u records no payload (2.08 and later do)",
                        version >> 8, version & 0xff);
      return -1;
    }
  uint64_t sects = f[BZ_SETUP_SECTS] != 0 ? f[BZ_SETUP_SECTS] : 4;
  uint64_t start = (sects + 1) * 512 + le (f + BZ_PAYLOAD_OFFSET, 4);
  uint64_t len = le (f + BZ_PAYLOAD_LENGTH, 4);
  if (start > n || len > n - start || len == 0)
    {
      *err = xasprintf ("bzImage: the payload (%" PRIu64 " bytes at offset %" PRIu64
                        ") is not inside the file (%zu bytes)", len, start, n);
      return -1;
    }
  return take_payload ("bzImage", f + start, len, limit, out, err) < 0 ? -1 : 1;
}

/* arm64 Image (Documentation/arch/arm64/booting.rst): a 64-byte header,
   little-endian, "ARM\x64" at 0x38; the flags at 0x18 give the kernel's
   byte order (bit 0) and page size (bits 1-2: 4K, 16K, 64K), when the
   image_size at 0x10 is not 0 (kernels before 3.17 said neither).  The
   header is the kernel's first bytes: the file is the raw kernel.  */
#define ARM64_IMAGE_SIZE 0x10
#define ARM64_FLAGS 0x18
#define ARM64_MAGIC 0x38

static bool
is_arm64_image (const unsigned char *f, size_t n)
{
  return n >= ARM64_MAGIC + 4 && memcmp (f + ARM64_MAGIC, "ARM\x64", 4) == 0;
}

static int
unwrap_arm64_image (const unsigned char *f, size_t n, uint64_t limit, struct boot_payload *out,
                    char **err)
{
  (void) limit, (void) err;
  uint64_t flags = le (f + ARM64_FLAGS, 8);
  static const uint64_t page_sizes[] = { 0, 4096, 16384, 65536 };
  out->data = (unsigned char *) (uintptr_t) f;
  out->size = n;
  out->in_file = true;
  out->machine = EM_AARCH64;
  out->elfclass = 64;
  if (le (f + ARM64_IMAGE_SIZE, 8) != 0)
    {
      out->big_endian = (int) (flags & 1);
      out->page_size = page_sizes[(flags >> 1) & 3];
    }
  return 1;
}

/* RISC-V Image (Documentation/riscv/boot-image-header.rst): a 64-byte
   header, "RISCV\0\0\0" at 0x30 and "RSC\x05" at 0x38; it is the
   kernel's first bytes, as arm64's.  */
#define RISCV_MAGIC 0x30
#define RISCV_MAGIC2 0x38

static bool
is_riscv_image (const unsigned char *f, size_t n)
{
  return n >= RISCV_MAGIC2 + 4 && memcmp (f + RISCV_MAGIC, "RISCV\0\0\0", 8) == 0
         && memcmp (f + RISCV_MAGIC2, "RSC\x05", 4) == 0;
}

static int
unwrap_riscv_image (const unsigned char *f, size_t n, uint64_t limit, struct boot_payload *out,
                    char **err)
{
  (void) limit, (void) err;
  out->data = (unsigned char *) (uintptr_t) f;
  out->size = n;
  out->in_file = true;
  out->machine = EM_RISCV;
  out->big_endian = 0;
  return 1;
}

/* EFI zboot (drivers/firmware/efi/libstub/zboot-header.S): "MZ", "zimg"
   at 4, the payload's offset and size at 8 and 12; it decompresses to an
   Image.  */
#define ZBOOT_TYPE 4
#define ZBOOT_OFFSET 8
#define ZBOOT_SIZE 12

static bool
is_zboot (const unsigned char *f, size_t n)
{
  return n >= ZBOOT_SIZE + 4 && memcmp (f, "MZ", 2) == 0
         && memcmp (f + ZBOOT_TYPE, "zimg", 4) == 0;
}

static int
unwrap_zboot (const unsigned char *f, size_t n, uint64_t limit, struct boot_payload *out,
              char **err)
{
  uint64_t start = le (f + ZBOOT_OFFSET, 4), len = le (f + ZBOOT_SIZE, 4);
  if (start > n || len > n - start || len == 0)
    {
      *err = xasprintf ("EFI zboot image: the payload (%" PRIu64 " bytes at offset %" PRIu64
                        ") is not inside the file (%zu bytes)", len, start, n);
      return -1;
    }
  if (take_payload ("EFI zboot image", f + start, len, limit, out, err) < 0)
    return -1;
  /* the Image inside gives the hints; its bytes stay where they are */
  bool in_file = out->in_file;
  const char *compression = out->compression;
  if (is_arm64_image (out->data, out->size))
    unwrap_arm64_image (out->data, out->size, limit, out, err);
  else if (is_riscv_image (out->data, out->size))
    unwrap_riscv_image (out->data, out->size, limit, out, err);
  out->in_file = in_file;
  out->compression = compression;
  return 1;
}

/* 32-bit ARM zImage (arch/arm/boot/compressed/head.S): 0x016f2818 at
   0x24, then the image's start and end addresses, all three little-endian
   whatever the kernel's byte order (vmlinux.lds.S: ZIMAGE_MAGIC), and
   0x04030201 in the kernel's byte order; the compressed kernel (piggy_data) lies inside,
   without a pointer to it.  */
#define ZIMAGE_MAGIC 0x24
#define ZIMAGE_START 0x28
#define ZIMAGE_END 0x2c
#define ZIMAGE_ENDIAN 0x30

static bool
is_zimage (const unsigned char *f, size_t n)
{
  return n >= ZIMAGE_ENDIAN + 4 && le (f + ZIMAGE_MAGIC, 4) == 0x016f2818;
}

static int
unwrap_zimage (const unsigned char *f, size_t n, uint64_t limit, struct boot_payload *out,
               char **err)
{
  bool big = le (f + ZIMAGE_ENDIAN, 4) != 0x04030201;
  uint64_t start = le (f + ZIMAGE_START, 4), end = le (f + ZIMAGE_END, 4);
  size_t len = end > start && end - start < n ? (size_t) (end - start) : n;
  if (find_compressed_kernel ("zImage", f, len, limit, out, err) < 0)
    return -1;
  out->machine = EM_ARM;
  out->elfclass = 32;
  out->big_endian = big;
  return 1;
}

/* s390 image (arch/s390/boot/head.S): "S390EP" at EP_OFFSET 0x10008; the
   compressed kernel is inside, without a pointer to it.  */
#define S390_EP_OFFSET 0x10008

static bool
is_s390_image (const unsigned char *f, size_t n)
{
  return n >= S390_EP_OFFSET + 6 && memcmp (f + S390_EP_OFFSET, "S390EP", 6) == 0;
}

static int
unwrap_s390_image (const unsigned char *f, size_t n, uint64_t limit, struct boot_payload *out,
                   char **err)
{
  if (find_compressed_kernel ("s390 image", f, n, limit, out, err) < 0)
    return -1;
  out->machine = EM_S390;
  out->elfclass = 64;
  out->big_endian = 1;
  return 1;
}

/* The mips vmlinuz (arch/mips/boot/compressed/ld.script): an ELF
   executable, the decompressor, holding the compressed kernel at the end
   of its .data (between __image_begin and __image_end, which a stripped
   one no longer names).  Any ELF file without a symbol table whose .data
   holds a compressed kernel is taken as such a wrapper.  */
struct elf_view
{
  const unsigned char *f;
  size_t n;
  bool is64, big;
};

static uint64_t
elf_field (const struct elf_view *e, uint64_t off, size_t len)
{
  return read_uint (e->f + off, len, e->big);
}

/* Section header I's offset in the file, 0 if outside it.  */
static uint64_t
elf_shdr (const struct elf_view *e, uint64_t i)
{
  uint64_t shoff = elf_field (e, e->is64 ? 0x28 : 0x20, e->is64 ? 8 : 4);
  uint64_t entsize = e->is64 ? sizeof (Elf64_Shdr) : sizeof (Elf32_Shdr);
  if (shoff == 0 || shoff > e->n || i >= (e->n - shoff) / entsize)
    return 0;
  return shoff + i * entsize;
}

/* The range of the section named NAME (or, NAME NULL, the first of TYPE):
   false if none or outside the file.  */
static bool
elf_section (const struct elf_view *e, const char *name, uint32_t type, uint64_t *off,
             uint64_t *size)
{
  uint64_t shnum = elf_field (e, e->is64 ? 0x3c : 0x30, 2);
  uint64_t strndx = elf_field (e, e->is64 ? 0x3e : 0x32, 2);
  uint64_t strhdr = elf_shdr (e, strndx);
  uint64_t stroff = strhdr != 0 ? elf_field (e, strhdr + (e->is64 ? 0x18 : 0x10), e->is64 ? 8 : 4)
                                : 0;
  for (uint64_t i = 1; i < shnum; i++)
    {
      uint64_t h = elf_shdr (e, i);
      if (h == 0)
        return false;
      uint64_t nameoff = stroff + elf_field (e, h, 4);
      bool named = name != NULL && strhdr != 0 && nameoff < e->n
                   && strnlen ((const char *) e->f + nameoff, e->n - nameoff) == strlen (name)
                   && strcmp ((const char *) e->f + nameoff, name) == 0;
      if (name != NULL ? !named : elf_field (e, h + 4, 4) != type)
        continue;
      *off = elf_field (e, h + (e->is64 ? 0x18 : 0x10), e->is64 ? 8 : 4);
      *size = elf_field (e, h + (e->is64 ? 0x20 : 0x14), e->is64 ? 8 : 4);
      return *off <= e->n && *size <= e->n - *off;
    }
  return false;
}

static bool
is_elf_wrapper (const unsigned char *f, size_t n)
{
  if (n < sizeof (Elf64_Ehdr) || !is_elf (f, n))
    return false;
  struct elf_view e = { f, n, f[EI_CLASS] == ELFCLASS64, f[EI_DATA] == ELFDATA2MSB };
  uint64_t off, size;
  return elf_field (&e, 0x10, 2) == ET_EXEC && !elf_section (&e, NULL, SHT_SYMTAB, &off, &size)
         && elf_section (&e, ".data", 0, &off, &size) && size != 0;
}

static int
unwrap_elf_wrapper (const unsigned char *f, size_t n, uint64_t limit, struct boot_payload *out,
                    char **err)
{
  (void) err; /* a file without a kernel in it is no wrapper */
  struct elf_view e = { f, n, f[EI_CLASS] == ELFCLASS64, f[EI_DATA] == ELFDATA2MSB };
  uint64_t off, size;
  elf_section (&e, ".data", 0, &off, &size);
  char *why;
  if (find_compressed_kernel ("vmlinuz (ELF wrapper)", f + off, size, limit, out, &why) < 0)
    {
      free (why);
      return 0; /* a stripped ELF file, not a wrapper: the ELF path says so */
    }
  out->machine = (unsigned) elf_field (&e, 0x12, 2);
  out->elfclass = e.is64 ? 64 : 32;
  out->big_endian = e.big;
  return 1;
}

struct container
{
  const char *name;
  bool (*is) (const unsigned char *f, size_t n);
  /* as bootimage_unwrap(); 0: not this container after all */
  int (*unwrap) (const unsigned char *f, size_t n, uint64_t limit, struct boot_payload *out,
                 char **err);
};

/* In the order they are tried: the ELF wrapper first (an ELF file is
   nothing else), zboot before the Image its "MZ" header also begins.  */
static const struct container containers[] = {
  { "vmlinuz (ELF wrapper)", is_elf_wrapper, unwrap_elf_wrapper },
  { "bzImage", is_bzimage, unwrap_bzimage },
  { "EFI zboot image", is_zboot, unwrap_zboot },
  { "Image", is_arm64_image, unwrap_arm64_image },
  { "RISC-V Image", is_riscv_image, unwrap_riscv_image },
  { "zImage", is_zimage, unwrap_zimage },
  { "s390 image", is_s390_image, unwrap_s390_image },
};

int
bootimage_unwrap (const unsigned char *file, size_t size, uint64_t limit,
                  struct boot_payload *out, char **err)
{
  *out = (struct boot_payload) { .big_endian = -1 };
  for (size_t i = 0; i < ARRAY_SIZE (containers); i++)
    {
      const struct container *c = &containers[i];
      if (!c->is (file, size))
        continue;
      int rc = c->unwrap (file, size, limit, out, err);
      if (rc > 0)
        out->container = c->name;
      if (rc != 0)
        return rc;
    }
  return 0;
}

void
boot_payload_free (struct boot_payload *p)
{
  if (p->data != NULL && !p->in_file)
    munmap (p->data, p->size);
  p->data = NULL;
}
