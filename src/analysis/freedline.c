/* The freed-memory line per kernel version and architecture: one table.
   Each row names the free_initmem() it comes from.  Every era frees
   [__init_begin, __init_end) page by page; the eras differ in the wording,
   in what the figure counts (the bytes of the range, the page frames
   between the two addresses, or the pages the range holds whole) and in
   whether the range is printed after it.  */
#include "analysis/freedline.h"

#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "analysis/kversion.h"
#include "analysis/scan.h"
#include "arch/arch.h"
#include "index/image.h"
#include "util/util.h"

#define KV(a, b, c) (((a) << 16) | ((b) << 8) | (c))

enum freed_format
{
  /* printk("Freeing %s: %luk freed\n", what, (end - begin) >> 10): always
     printed, the bytes of the range.  */
  FORMAT_K_FREED,
  /* ARM free_area() up to 2.6.2x: printk("Freeing %s memory: %dK\n", s,
     size), size (end - addr) >> 10, the bytes; nothing when 0.  */
  FORMAT_BYTES_K,
  /* ARM free_area() later: the same line, size the page frames from
     __pa(begin) >> PAGE_SHIFT up to __pa(end) >> PAGE_SHIFT.  */
  FORMAT_PFN_K,
  /* mm/page_alloc.c free_reserved_area() 3.11 to 4.9: "Freeing %s memory:
     %ldK (%p - %p)\n", the pages the range holds whole and that rounded
     range (%p: the whole pointer in hex); nothing when no page is freed.  */
  FORMAT_PAGES_K_RANGE,
  /* The same in 3.10, the range printed with %lx (no leading zeros).  */
  FORMAT_PAGES_K_RANGE_LX,
  /* free_reserved_area() since 4.10 (the addresses were dropped as a
     kernel address leak): "Freeing %s memory: %ldK\n".  */
  FORMAT_PAGES_K,
};

struct freed_line_row
{
  const char *kernel_arch;  /* arch/ directory; NULL: any the table does not name */
  unsigned from, to;        /* KV(): this row holds for from <= version < to */
  const char *what;
  enum freed_format format;
};

/* the last row of each architecture holds from its version on */
#define OPEN UINT_MAX
/* the version of a kernel whose banner initscan cannot read: the newest */
#define UNKNOWN_VERSION KV (255, 255, 255)

static const struct freed_line_row rows[] = {
  /* 2.4 arch/i386/mm/init.c free_initmem(): "Freeing unused kernel memory:
     %dk freed"; 2.6 and arch/x86/mm/init.c free_init_pages() up to 3.10:
     "Freeing %s: %luk freed" with "unused kernel memory" (3.10.49 read).  */
  { "x86", 0, KV (3, 11, 0), "unused kernel memory", FORMAT_K_FREED },
  /* 3.11 arch/x86/mm/init.c free_init_pages() -> free_reserved_area(),
     free_initmem() says "unused kernel".  */
  { "x86", KV (3, 11, 0), KV (4, 10, 0), "unused kernel", FORMAT_PAGES_K_RANGE },
  { "x86", KV (4, 10, 0), KV (4, 18, 0), "unused kernel", FORMAT_PAGES_K },
  /* 4.18 arch/x86/mm/init.c free_kernel_image_pages(): "unused kernel image" */
  { "x86", KV (4, 18, 0), KV (5, 5, 0), "unused kernel image", FORMAT_PAGES_K },
  /* 5.5 arch/x86/mm/init.c free_initmem(): which part of the image is freed */
  { "x86", KV (5, 5, 0), OPEN, "unused kernel image (initmem)", FORMAT_PAGES_K },

  /* arch/arm/mm/init.c free_initmem(): free_area(.., "init"), counting
     the bytes in 2.6.12 and 2.6.22 (read), the page frames in 2.6.29 and
     2.6.33 (read); the change lies between, the table puts it at 2.6.29
     (for page-aligned __init_begin and __init_end, as ARM's linker scripts
     make them, the figures agree).  3.10 free_initmem_default().  */
  { "arm", 0, KV (2, 6, 29), "init", FORMAT_BYTES_K },
  { "arm", KV (2, 6, 29), KV (3, 10, 0), "init", FORMAT_PFN_K },
  /* 3.7 to 3.9 arch/arm64/mm/init.c: ARM's free_area(); 3.10
     free_initmem_default(); since 4.x free_reserved_area(.., "unused
     kernel") of its own, kept when the generic wording changed in 5.14.  */
  { "arm64", 0, KV (3, 10, 0), "init", FORMAT_PFN_K },
  { "arm64", KV (3, 10, 0), KV (3, 11, 0), "unused kernel", FORMAT_PAGES_K_RANGE_LX },
  { "arm64", KV (3, 11, 0), KV (4, 10, 0), "unused kernel", FORMAT_PAGES_K_RANGE },
  { "arm64", KV (4, 10, 0), OPEN, "unused kernel", FORMAT_PAGES_K },

  /* Everything else (mips, powerpc, s390, riscv, openrisc, loongarch, arm
     since 3.10).  Up to 3.9 each arch/<arch>/mm/init.c (mem.c on powerpc)
     free_initmem() freed page by page and printed "Freeing unused kernel
     memory: %luk freed" (mips through free_init_pages()).  3.10
     free_initmem_default() (include/linux/mm.h) -> free_reserved_area()
     (mm/page_alloc.c) with "unused kernel" (3.10.49's arch/mips/mm/init.c,
     arch/arm/mm/init.c, mm/page_alloc.c read); 3.11 prints the range with
     %p; 4.10 drops the addresses; 5.14
     free_initmem_default() says "unused kernel image (initmem)".  */
  { NULL, 0, KV (3, 10, 0), "unused kernel memory", FORMAT_K_FREED },
  { NULL, KV (3, 10, 0), KV (3, 11, 0), "unused kernel", FORMAT_PAGES_K_RANGE_LX },
  { NULL, KV (3, 11, 0), KV (4, 10, 0), "unused kernel", FORMAT_PAGES_K_RANGE },
  { NULL, KV (4, 10, 0), KV (5, 14, 0), "unused kernel", FORMAT_PAGES_K },
  { NULL, KV (5, 14, 0), OPEN, "unused kernel image (initmem)", FORMAT_PAGES_K },
};

static bool
row_matches (const struct freed_line_row *r, const char *kernel_arch, unsigned version)
{
  bool arch_ok = r->kernel_arch == NULL ? kernel_arch == NULL
                                        : kernel_arch != NULL && strcmp (r->kernel_arch, kernel_arch) == 0;
  return arch_ok && version >= r->from && version < r->to;
}

/* The row for an architecture's kernel of VERSION: its own row for that
   version, else the generic one.  */
static const struct freed_line_row *
find_row (const char *kernel_arch, unsigned version)
{
  for (size_t i = 0; i < ARRAY_SIZE (rows); i++)
    if (kernel_arch != NULL && row_matches (&rows[i], kernel_arch, version))
      return &rows[i];
  for (size_t i = 0; i < ARRAY_SIZE (rows); i++)
    if (row_matches (&rows[i], NULL, version))
      return &rows[i];
  return NULL;
}

/* The line ROW prints for IM, or NULL if that kernel prints none.  */
static char *
format_line (const struct freed_line_row *r, const struct init_memory *im, unsigned elfclass)
{
  uint64_t page = im->page_size;
  uint64_t first = (im->begin + page - 1) & ~(page - 1), last = im->end & ~(page - 1);
  int digits = elfclass == 64 ? 16 : 8;  /* %p before 4.15: the whole pointer in hex */
  if (r->format == FORMAT_PAGES_K_RANGE_LX)
    digits = 1;
  char *line = NULL;
  switch (r->format)
    {
    case FORMAT_K_FREED:
      line = xasprintf ("Freeing %s: %" PRIu64 "k freed", r->what, (im->end - im->begin) >> 10);
      break;
    case FORMAT_BYTES_K:
      if ((im->end - im->begin) >> 10 != 0)
        line = xasprintf ("Freeing %s memory: %" PRIu64 "K", r->what, (im->end - im->begin) >> 10);
      break;
    case FORMAT_PFN_K:
      {
        uint64_t k = (im->end / page - im->begin / page) * (page / 1024);
        if (k != 0)
          line = xasprintf ("Freeing %s memory: %" PRIu64 "K", r->what, k);
      }
      break;
    case FORMAT_PAGES_K_RANGE:
    case FORMAT_PAGES_K_RANGE_LX:
      if (im->freed_bytes != 0)
        line = xasprintf ("Freeing %s memory: %" PRIu64 "K (%0*" PRIx64 " - %0*" PRIx64 ")",
                          r->what, im->freed_bytes / 1024, digits, first, digits, last);
      break;
    case FORMAT_PAGES_K:
      if (im->freed_bytes != 0)
        line = xasprintf ("Freeing %s memory: %" PRIu64 "K", r->what, im->freed_bytes / 1024);
      break;
    }
  return line;
}

void
freedline_compute (struct scan *sc)
{
  struct image *img = &sc->file;
  struct init_memory *im = &sc->initmem;
  struct kversion v;
  unsigned version = UNKNOWN_VERSION;
  im->kernel_known = kversion_of_banner (img, &v);
  if (im->kernel_known)
    {
      im->kernel_major = v.major;
      im->kernel_minor = v.minor;
      im->kernel_patch = v.patch;
      version = KV (v.major < 255 ? v.major : 255, v.minor < 255 ? v.minor : 255,
                    v.patch < 255 ? v.patch : 255);
    }
  const struct freed_line_row *r = find_row (img->arch ? img->arch->kernel_arch : NULL, version);
  if (r == NULL)
    return;
  im->message = r->what;
  im->boot_log_line = format_line (r, im, img->elfclass);
  if (!im->kernel_known)
    image_note (img, "no kernel release in the image (no linux_banner): the freed line is "
                     "worded as the newest kernels print it");
}
