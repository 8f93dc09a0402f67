/* Freed init memory.  init/main.c kernel_init() calls free_initmem(),
   which frees [__init_begin, __init_end) through free_reserved_area()
   (mm/page_alloc.c): the start is rounded up and the end down to pages,
   and the boot log says "Freeing <what> memory: <pages * PAGE_SIZE / 1024>K"
   (older kernels: src/analysis/freedline.c).  */
#include "analysis/initmem.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "arch/arch.h"
#include "analysis/freedline.h"
#include "analysis/ikconfig.h"
#include "analysis/scan.h"
#include "index/image.h"
#include "util/util.h"

static uint64_t
round_up (uint64_t v, uint64_t page)
{
  return (v + page - 1) & ~(page - 1);
}

static uint64_t
round_down (uint64_t v, uint64_t page)
{
  return v & ~(page - 1);
}

/* Bytes free_reserved_area() frees of [begin, end).  */
static uint64_t
freed_bytes (uint64_t begin, uint64_t end, uint64_t page)
{
  uint64_t b = round_up (begin, page), e = round_down (end, page);
  return e > b ? e - b : 0;
}

/* The page size the image's header at _text records (arm64's Image
   header), 0 if none.  */
static uint64_t
header_page_size (struct image *img)
{
  enum { HEADER_BYTES = 32 };
  const struct symbol *text = symbol_by_name (&img->symtab, "_text");
  const struct section *sec = text ? image_section_at (img, text->addr) : NULL;
  const unsigned char *hdr
    = sec ? image_section_bytes (img, sec, text->addr - sec->addr, HEADER_BYTES) : NULL;
  return hdr != NULL ? img->arch->header_page_size (hdr, HEADER_BYTES) : 0;
}

/* PAGE_SIZE: --page-size, else what the image records (the arm64 header,
   the .config it carries), else the architecture's default; *FROM says
   which.  */
static uint64_t
page_size (struct scan *sc, const char **from)
{
  struct image *img = &sc->file;
  uint64_t ps;
  *from = "option";
  if (sc->page_size_override != 0)
    return sc->page_size_override;
  *from = "image header";
  if (img->arch != NULL && img->arch->header_page_size != NULL && (ps = header_page_size (img)) != 0)
    return ps;
  *from = "kernel .config";
  if ((ps = ikconfig_page_size (img)) != 0)
    return ps;
  *from = "architecture default";
  return img->arch != NULL ? img->arch->page_size : 4096;
}

struct load_map
{
  GElf_Phdr *phdrs;
  size_t n;
};

/* Load address of a run-time address, through the PT_LOAD segment that
   maps it: the x86_64 per-cpu section runs at 0 but is loaded inside the
   init range (arch/x86/kernel/vmlinux.lds.S PERCPU_VADDR).  An address no
   segment maps (a boundary symbol between segments, like x86_64's
   __init_begin just before the per-cpu segment) takes the offset of the
   segment below it.  */
static bool
load_address (const struct load_map *map, uint64_t addr, uint64_t *lma)
{
  const GElf_Phdr *below = NULL;
  for (size_t i = 0; i < map->n; i++)
    {
      const GElf_Phdr *p = &map->phdrs[i];
      if (p->p_type != PT_LOAD || addr < p->p_vaddr)
        continue;
      if (addr - p->p_vaddr < p->p_memsz)
        {
          *lma = addr - p->p_vaddr + p->p_paddr;
          return true;
        }
      if (below == NULL || p->p_vaddr > below->p_vaddr)
        below = p;
    }
  *lma = below != NULL ? addr - below->p_vaddr + below->p_paddr : addr;
  return below != NULL || map->n == 0;
}

static void
read_load_map (struct image *img, struct load_map *map)
{
  size_t n = 0;
  map->phdrs = NULL;
  map->n = 0;
  if (elf_getphdrnum (img->elf, &n) < 0 || n == 0)
    return;
  map->phdrs = xreallocarray (NULL, n, sizeof *map->phdrs);
  for (size_t i = 0; i < n; i++)
    if (gelf_getphdr (img->elf, (int) i, &map->phdrs[map->n]) != NULL)
      map->n++;
}

struct placed
{
  uint64_t lma;
  const char *name;
  uint64_t bytes;
};

static int
compare_placed (const void *a, const void *b)
{
  const struct placed *x = a, *y = b;
  return x->lma < y->lma ? -1 : x->lma > y->lma;
}

/* The sections making up [lma_begin, lma_end), in load order, and the
   alignment padding between them.  */
static void
break_down (struct scan *sc, const struct load_map *map, uint64_t lma_begin, uint64_t lma_end)
{
  struct image *img = &sc->file;
  struct placed *parts = xreallocarray (NULL, img->nsections + 1, sizeof *parts);
  size_t n = 0;
  uint64_t covered = 0;
  for (size_t i = 0; i < img->nsections; i++)
    {
      const struct section *sec = &img->sections[i];
      uint64_t lma;
      if (!(sec->shdr.sh_flags & SHF_ALLOC) || sec->shdr.sh_size == 0
          || !load_address (map, sec->addr, &lma))
        continue;
      uint64_t b = lma > lma_begin ? lma : lma_begin;
      uint64_t e = lma + sec->shdr.sh_size < lma_end ? lma + sec->shdr.sh_size : lma_end;
      if (e <= b)
        continue;
      parts[n++] = (struct placed) { b, sec->name, e - b };
      covered += e - b;
    }
  qsort (parts, n, sizeof *parts, compare_placed);
  struct init_memory *im = &sc->initmem;
  im->by_section = xreallocarray (NULL, n + 1, sizeof *im->by_section);
  for (size_t i = 0; i < n; i++)
    im->by_section[i] = (struct init_memory_part) { parts[i].name, parts[i].bytes, parts[i].name, NULL };
  im->n_by_section = n;
  if (lma_end - lma_begin > covered)
    im->by_section[im->n_by_section++]
      = (struct init_memory_part) { "(alignment padding)", lma_end - lma_begin - covered, NULL, NULL };
  free (parts);
}

static bool
symbol_address (struct image *img, const char *name, uint64_t *addr)
{
  const struct symbol *s = symbol_by_name (&img->symtab, name);
  if (s == NULL)
    return false;
  *addr = s->addr;
  return true;
}

/* arch/x86/mm/init_64.c mark_rodata_ro() frees the text/rodata and
   rodata/data gaps; arch/x86/mm/mem_encrypt_amd.c frees the unused part of
   .bss..decrypted.  Both go through free_init_pages() (arch/x86/mm/init.c),
   which rounds inward to pages as well.  */
static void
rodata_gaps (struct scan *sc, uint64_t page)
{
  struct image *img = &sc->file;
  uint64_t etext, start_rodata, end_rodata, sdata;
  struct init_memory *im = &sc->initmem;
  if (!symbol_address (img, "_etext", &etext) || !symbol_address (img, "__start_rodata", &start_rodata)
      || !symbol_address (img, "__end_rodata", &end_rodata) || !symbol_address (img, "_sdata", &sdata))
    return;
  im->have_gaps = true;
  im->text_rodata_gap = freed_bytes (round_up (etext, page), round_up (start_rodata, page), page);
  im->rodata_data_gap = freed_bytes (round_up (end_rodata, page), sdata, page);
  uint64_t dec_begin, dec_end;
  if (symbol_address (img, "__start_bss_decrypted_unused", &dec_begin)
      && symbol_address (img, "__end_bss_decrypted", &dec_end))
    im->unused_decrypted = freed_bytes (dec_begin, dec_end, page);
}

int
initmem_compute (struct scan *sc)
{
  struct image *img = &sc->file;
  struct init_memory *im = &sc->initmem;
  if (img->kind != IMAGE_VMLINUX)
    return 0;
  if (!symbol_address (img, "__init_begin", &im->begin)
      || !symbol_address (img, "__init_end", &im->end))
    {
      image_note (img, "no __init_begin/__init_end symbols: freed init memory unknown");
      return 0;
    }
  if (im->end < im->begin)
    return image_fail (img, "__init_end (0x%" PRIx64 ") lies before __init_begin (0x%" PRIx64 ")",
                       im->end, im->begin);
  im->present = true;
  im->page_size = page_size (sc, &im->page_size_from);
  im->freed_bytes = freed_bytes (im->begin, im->end, im->page_size);
  struct load_map map;
  read_load_map (img, &map);
  uint64_t lma_begin, lma_end;
  load_address (&map, im->begin, &lma_begin);
  /* __init_end is the first address after the range: map the last byte */
  load_address (&map, im->end > im->begin ? im->end - 1 : im->end, &lma_end);
  lma_end += im->end > im->begin;
  /* raw kernel bytes have no sections to break the range into */
  if (lma_end >= lma_begin && !img->headerless)
    break_down (sc, &map, lma_begin, lma_end);
  free (map.phdrs);
  if (img->arch != NULL && img->arch->frees_rodata_gaps)
    rodata_gaps (sc, im->page_size);
  freedline_compute (sc);
  return 0;
}
