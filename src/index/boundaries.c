/* Boundary symbols a kernel without CONFIG_KALLSYMS_ALL leaves out of
   kallsyms (scripts/kallsyms.c symbol_valid(): without --all-symbols only
   symbols in _stext.._etext and _sinittext.._einittext are kept), found
   again in the kernel's data:

   - the initcall levels: init/main.c holds
       static initcall_entry_t *initcall_levels[] __initdata = {
               __initcall0_start, ..., __initcall7_start, __initcall_end };
     nine increasing pointers in .init.data into the initcall table, also
     in .init.data (include/asm-generic/vmlinux.lds.h INIT_DATA_SECTION),
     whose every entry points at a function kallsyms lists.  The rootfs
     level runs within level 5 (do_initcall_level() goes from
     __initcall5_start to __initcall6_start) and has no pointer there.
   - the early initcalls: INIT_CALLS puts __initcall_start right before
     level 0, after INIT_SETUP's struct obs_kernel_param table, whose last
     word (its "early" flag, or padding) points at no function;
   - the console initcalls: CON_INITCALL follows INIT_CALLS directly, and
     INIT_RAM_FS (an initramfs image) follows it;
   - __init_begin/__init_end, where the architecture's linker script puts
     them relative to output sections (struct arch_ops);
   - linux_banner, "Linux version " UTS_RELEASE ... (init/version.c, 6.0+
     also init/version-timestamp.c: two copies), by its text.

   Part of the image module: include/index/image.h declares it.  */
#include <elf.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "arch/arch.h"
#include "index/image.h"
#include "util/util.h"

/* init/main.c initcall_levels[]: what each of its pointers is */
static const char *const level_pointers[] = {
  "__initcall0_start", "__initcall1_start", "__initcall2_start",
  "__initcall3_start", "__initcall4_start", "__initcall5_start",
  "__initcall6_start", "__initcall7_start", "__initcall_end",
};
#define NPOINTERS ARRAY_SIZE (level_pointers)

/* The entries of an initcall table: initcall_entry_t, a PC-relative
   offset with CONFIG_HAVE_ARCH_PREL32_RELOCATIONS (include/linux/init.h;
   x86 selects it on 32-bit too), else a pointer.  */
struct encoding
{
  const char *name;
  bool prel32;
};

static const struct encoding encodings[] = {
  { "absolute", false },
  { "prel32", true },
};

/* The init data and, per entry slot of one encoding, how many slots
   before it decode to a function start.  */
struct slots
{
  const struct image *img;
  const struct section *sec;
  const unsigned char *bytes;
  const uint64_t *code;   /* function starts, sorted */
  size_t ncode;
  const struct encoding *enc;
  unsigned entsize;
  size_t *valid_before;   /* nslots + 1 counts */
  size_t nslots;
};

static bool
has_symbol (const struct symtab *st, const char *name)
{
  for (size_t i = 0; i < st->n; i++)
    if (strcmp (st->syms[i].name, name) == 0)
      return true;
  return false;
}

static int
compare_addr (const void *a, const void *b)
{
  uint64_t x = *(const uint64_t *) a, y = *(const uint64_t *) b;
  return x < y ? -1 : x > y;
}

/* The start addresses of the code symbols, sorted; *N gets their count.  */
static uint64_t *
code_starts (const struct symtab *st, size_t *n)
{
  uint64_t *code = xreallocarray (NULL, st->n ? st->n : 1, sizeof *code);
  *n = 0;
  for (size_t i = 0; i < st->n; i++)
    if (st->syms[i].type == STT_FUNC)
      code[(*n)++] = st->syms[i].addr;
  qsort (code, *n, sizeof *code, compare_addr);
  return code;
}

static bool
is_code_start (const struct slots *s, uint64_t addr)
{
  return bsearch (&addr, s->code, s->ncode, sizeof *s->code, compare_addr) != NULL;
}

static uint64_t
slot_target (const struct slots *s, size_t i)
{
  const struct image *img = s->img;
  const unsigned char *p = s->bytes + i * s->entsize;
  uint64_t place = s->sec->addr + i * s->entsize;
  if (s->enc->prel32)
    return place + (uint64_t) sign_extend (read_uint (p, 4, img->big_endian), 32);
  uint64_t target = read_uint (p, img->ptr_size, img->big_endian);
  if (img->arch != NULL && img->arch->thumb_bit)
    target &= ~(uint64_t) 1;
  return target;
}

static void
count_valid_slots (struct slots *s)
{
  s->nslots = s->sec->shdr.sh_size / s->entsize;
  s->valid_before = xreallocarray (NULL, s->nslots + 1, sizeof *s->valid_before);
  s->valid_before[0] = 0;
  for (size_t i = 0; i < s->nslots; i++)
    s->valid_before[i + 1] = s->valid_before[i] + is_code_start (s, slot_target (s, i));
}

static bool
slot_valid (const struct slots *s, size_t i)
{
  return s->valid_before[i + 1] != s->valid_before[i];
}

/* The slot at ADDR, or SIZE_MAX if ADDR is no slot boundary of S.  */
static size_t
slot_at (const struct slots *s, uint64_t addr)
{
  uint64_t off = addr - s->sec->addr;
  if (addr < s->sec->addr || off % s->entsize != 0 || off / s->entsize > s->nslots)
    return SIZE_MAX;
  return (size_t) (off / s->entsize);
}

/* Whether the NPOINTERS words at OFF of the init data are an
   initcall_levels[] for S: increasing slot boundaries, every slot between
   the first and last a function, the array itself outside them.  */
static bool
is_levels_array (const struct slots *s, uint64_t off, uint64_t *ptrs)
{
  const struct image *img = s->img;
  size_t first = 0, prev = 0;
  for (size_t k = 0; k < NPOINTERS; k++)
    {
      uint64_t at = off + k * img->ptr_size;
      ptrs[k] = image_pointer_at (img, s->sec->addr + at, s->bytes + at);
      size_t slot = slot_at (s, ptrs[k]);
      if (slot == SIZE_MAX || (k > 0 && slot < prev))
        return false;
      if (k == 0)
        first = slot;
      prev = slot;
    }
  uint64_t array_end = s->sec->addr + off + NPOINTERS * img->ptr_size;
  if (prev == first || (array_end > ptrs[0] && s->sec->addr + off < ptrs[NPOINTERS - 1]))
    return false;
  return s->valid_before[prev] - s->valid_before[first] == prev - first;
}

/* How many distinct initcall_levels[] S holds (the last in PTRS).  */
static int
find_levels_array (const struct slots *s, uint64_t *ptrs)
{
  const struct image *img = s->img;
  uint64_t size = s->sec->shdr.sh_size, found[NPOINTERS];
  uint64_t need = NPOINTERS * img->ptr_size;
  int matches = 0;
  uint64_t skew = s->sec->addr % img->ptr_size;
  uint64_t start = skew ? img->ptr_size - skew : 0;
  for (uint64_t off = start; size >= need && off <= size - need; off += img->ptr_size)
    if (is_levels_array (s, off, found))
      {
        if (matches == 0 || memcmp (found, ptrs, sizeof found) != 0)
          matches++;
        memcpy (ptrs, found, sizeof found);
      }
  return matches;
}

static void
add_symbol (struct image *img, const char *name, uint64_t addr)
{
  struct symtab *st = &img->symtab;
  st->syms = xreallocarray (st->syms, st->n + 1, sizeof *st->syms);
  struct symbol *s = &st->syms[st->n++];
  memset (s, 0, sizeof *s);
  s->name = name;
  s->addr = addr;
  const struct section *sec = image_section_at (img, addr);
  s->shndx = sec != NULL ? (uint32_t) sec->index : SHN_ABS;
  s->type = STT_OBJECT;
  s->bind = STB_GLOBAL;
}

/* Add the initcall boundaries of the initcall_levels[] at PTRS.  */
static void
add_initcall_boundaries (struct image *img, const struct slots *s, const uint64_t *ptrs)
{
  for (size_t k = 0; k < NPOINTERS; k++)
    add_symbol (img, level_pointers[k], ptrs[k]);
  size_t early = slot_at (s, ptrs[0]);
  while (early > 0 && slot_valid (s, early - 1))
    early--;
  add_symbol (img, "__initcall_start", s->sec->addr + early * s->entsize);
  size_t con_end = slot_at (s, ptrs[NPOINTERS - 1]);
  while (con_end < s->nslots && slot_valid (s, con_end))
    con_end++;
  add_symbol (img, "__con_initcall_start", ptrs[NPOINTERS - 1]);
  add_symbol (img, "__con_initcall_end", s->sec->addr + con_end * s->entsize);
  image_note (img, "kallsyms lists code symbols only (no CONFIG_KALLSYMS_ALL): the initcall "
                   "levels are init/main.c's initcall_levels[] found in %s (%s "
                   "entries); the early initcalls (%zu) were walked back from level 0 and the "
                   "console initcalls (%zu) forward from the last level while entries point at "
                   "functions; the rootfs level runs within level 5 and sync sub-levels within "
                   "their level",
              s->sec->name, s->enc->name, slot_at (s, ptrs[0]) - early,
              con_end - slot_at (s, ptrs[NPOINTERS - 1]));
}

/* The initcall boundaries from the kernel's initcall_levels[] in
   INIT_DATA (.init.data, or the init region of raw kernel bytes), with
   whichever entry encoding finds exactly one.  */
static void
recover_initcalls (struct image *img, const char *init_data)
{
  struct section *sec = image_section_by_name (img, init_data);
  const unsigned char *bytes
    = sec != NULL ? image_section_bytes (img, sec, 0, sec->shdr.sh_size) : NULL;
  if (bytes == NULL || (img->ptr_size != 4 && img->ptr_size != 8))
    {
      image_note (img, "kallsyms lists code symbols only and the image has no %s "
                       "section: the initcall table cannot be found", init_data);
      return;
    }
  struct slots s = { .img = img, .sec = sec, .bytes = bytes };
  uint64_t *code = code_starts (&img->symtab, &s.ncode);
  s.code = code;
  int found = 0;
  for (size_t e = 0; e < ARRAY_SIZE (encodings) && found == 0; e++)
    {
      s.enc = &encodings[e];
      s.entsize = s.enc->prel32 ? 4 : img->ptr_size;
      count_valid_slots (&s);
      uint64_t ptrs[NPOINTERS];
      found = find_levels_array (&s, ptrs);
      if (found == 1)
        add_initcall_boundaries (img, &s, ptrs);
      free (s.valid_before);
    }
  free (code);
  if (found != 1)
    image_note (img, "kallsyms lists code symbols only and %s init/main.c's "
                     "initcall_levels[]: no initcall table",
                found == 0 ? "no array in .init.data is" : "several arrays in .init.data are like");
}

/* The end of the highest allocated section that ends at or below ADDR.  */
static uint64_t
sections_end_below (const struct image *img, uint64_t addr)
{
  uint64_t end = 0;
  for (size_t i = 0; i < img->nsections; i++)
    {
      const struct section *sec = &img->sections[i];
      uint64_t e = sec->addr + sec->shdr.sh_size;
      if ((sec->shdr.sh_flags & SHF_ALLOC) != 0 && sec->shdr.sh_size != 0 && e <= addr
          && e > end)
        end = e;
    }
  return end;
}

/* __init_begin and __init_end, those kallsyms lacks, from the output
   sections as the architecture's linker script places them (struct
   arch_ops).  __init_begin is kept when it lies in the text ranges (on
   i386 it is _sinittext).  */
static void
recover_init_range (struct image *img)
{
  const struct arch_ops *arch = img->arch;
  const struct section *first = arch && arch->init_first_section
                                  ? image_section_by_name (img, arch->init_first_section)
                                  : NULL;
  const struct section *end = arch && arch->init_end_section
                                ? image_section_by_name (img, arch->init_end_section)
                                : NULL;
  if (first == NULL || end == NULL || arch->page_size == 0)
    {
      image_note (img, "kallsyms lists code symbols only: no __init_begin/__init_end, and "
                       "where the linker script puts them is not known here");
      return;
    }
  uint64_t below = sections_end_below (img, first->addr);
  uint64_t begin = (below + arch->page_size - 1) & ~(arch->page_size - 1);
  if (below == 0 || begin > first->addr || end->addr < begin)
    {
      image_note (img, "kallsyms lists code symbols only: the sections do not place "
                       "__init_begin/__init_end as the linker script would");
      return;
    }
  bool had_begin = has_symbol (&img->symtab, "__init_begin");
  if (!had_begin)
    add_symbol (img, "__init_begin", begin);
  if (!has_symbol (&img->symtab, "__init_end"))
    add_symbol (img, "__init_end", end->addr);
  if (!had_begin)
    image_note (img, "kallsyms lists code symbols only: __init_begin is the first page "
                     "boundary after the sections below %s, as the %s linker script places it",
                first->name, arch->kernel_arch);
  image_note (img, "kallsyms lists code symbols only: __init_end is the start of %s, as the %s "
                   "linker script places it",
              end->name, arch->kernel_arch);
}

/* init/version.c linux_banner */
static const char banner_prefix[] = "Linux version ";

/* The length of the release at P (up to END): UTS_RELEASE, a digit
   first, up to the space after it; 0 if none.  */
static size_t
release_length (const char *p, const char *end)
{
  const char *q = p;
  while (q < end && *q != ' ' && *q != '\0')
    q++;
  return q < end && *q == ' ' && q > p && *p >= '0' && *p <= '9' ? (size_t) (q - p) : 0;
}

/* linux_banner: the strings of the data (i386's .rodata is writable)
   that start with "Linux version " and a release, when they all name the
   same one.  */
static void
recover_banner (struct image *img)
{
  uint64_t addr = 0;
  const char *release = NULL;
  size_t release_len = 0;
  for (size_t i = 0; i < img->nsections; i++)
    {
      const struct section *sec = &img->sections[i];
      if ((sec->shdr.sh_flags & (SHF_ALLOC | SHF_EXECINSTR)) != SHF_ALLOC
          || sec->shdr.sh_type == SHT_NOBITS)
        continue;
      const char *bytes = (const char *) image_section_bytes (img, sec, 0, sec->shdr.sh_size);
      const char *end = bytes + sec->shdr.sh_size, *p = bytes;
      while (bytes != NULL
             && (p = memmem (p, (size_t) (end - p), banner_prefix, sizeof banner_prefix - 1)))
        {
          const char *r = p + sizeof banner_prefix - 1;
          size_t len = release_length (r, end);
          if (len != 0 && (p == bytes || p[-1] == '\0'))
            {
              if (release != NULL && (len != release_len || memcmp (r, release, len) != 0))
                {
                  image_note (img, "kallsyms lists code symbols only and the image has "
                                   "strings of two kernel releases (\"%s...\"): the version "
                                   "is unknown",
                              banner_prefix);
                  return;
                }
              if (release == NULL)
                addr = sec->addr + (uint64_t) (p - bytes);
              release = r, release_len = len;
            }
          p = r;
        }
    }
  if (release != NULL)
    add_symbol (img, "linux_banner", addr);
}

/* Where initcall_levels[] and the initcall table lie: .init.data; in raw
   bytes the init region, or all the bytes where the init range is unknown
   (a 32-bit ARM kernel's __init_end is no symbol kallsyms keeps).  */
static const char *
init_data_region (const struct image *img)
{
  if (!img->headerless)
    return ".init.data";
  return image_section_by_name (img, IMAGE_INIT_REGION) != NULL ? IMAGE_INIT_REGION
                                                                 : IMAGE_WHOLE_REGION;
}

void
boundaries_recover (struct image *img)
{
  if (!has_symbol (&img->symtab, "__initcall_start")
      && !has_symbol (&img->symtab, "__initcall0_start"))
    recover_initcalls (img, init_data_region (img));
  /* raw bytes have no sections: rawkernel_locate() placed the init range
     where it could */
  if (!img->headerless
      && (!has_symbol (&img->symtab, "__init_begin") || !has_symbol (&img->symtab, "__init_end")))
    recover_init_range (img);
  if (!has_symbol (&img->symtab, "linux_banner"))
    recover_banner (img);
}
