/* Raw kernel bytes whose kallsyms lacks _text (built without
   CONFIG_KALLSYMS_ALL: scripts/kallsyms.c keeps code symbols only), as
   Debian's arm64 Image:

   - the first byte is _text, and the header branches to the entry point
     (struct arch_ops raw_entry_offset), which kallsyms lists: _text's
     address in kallsyms' terms;
   - a kernel linked -pie relocates itself at boot: kallsyms_relative_base
     and every pointer of the data hold 0 in the file, and their values are
     the addends of the image's own Elf64_Rela RELATIVE entries (.rela.dyn,
     arch/arm64/kernel/vmlinux.lds.S), found as the longest run of valid
     entries.  The entry whose place is kallsyms_relative_base gives the
     link-time base of kallsyms' offsets;
   - .rela.dyn and .relr.dyn end the init memory: __init_end is their end
     rounded up (raw_init_end_align), __init_begin a code symbol
     (raw_init_begin).

   A kernel whose header does not say where it branches (32-bit ARM's
   zImage payload, mips' vmlinux.bin) is placed by init/main.c's
   initcall_level_names[] instead: eight absolute pointers (a non-PIE
   kernel keeps link-time values) to the strings "pure" ... "late", so
   _text is the one address at which some word-aligned array of eight
   words points at those strings.  When the init memory ends the bytes
   (raw_init_end_after_bytes, mips), __init_end is their end rounded up;
   when the data follow it, the init stack first (32-bit ARM), __init_end
   is that stack's bottom, its top read where the code of
   raw_init_stack_user loads it.

   Part of the image module: include/index/image.h declares it.  */
#include <elf.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "arch/arch.h"
#include "index/image.h"
#include "index/kallsyms.h"
#include "util/util.h"

#define RELA_SIZE 24  /* Elf64_Rela: r_offset, r_info, r_addend */

/* The dynamic relocations: file offsets of the first and past the last
   entry that is not all zero, and how many are RELATIVE.  */
struct dynrel
{
  size_t start, end, nrelative;
};

enum rela_entry
{
  RELA_INVALID,
  RELA_ZERO,
  RELA_RELATIVE,
  RELA_OTHER,
};

static enum rela_entry
classify_rela (const struct arch_ops *arch, bool be, const unsigned char *p)
{
  uint64_t info = read_uint (p + 8, 8, be);
  uint32_t type = (uint32_t) info, sym = (uint32_t) (info >> 32);
  if (info == 0)
    return read_uint (p, 8, be) == 0 && read_uint (p + 16, 8, be) == 0 ? RELA_ZERO
                                                                       : RELA_INVALID;
  if (type == arch->raw_relative_type)
    return sym == 0 ? RELA_RELATIVE : RELA_INVALID;
  for (size_t i = 0; i < arch->nraw_dynamic_types; i++)
    if (type == arch->raw_dynamic_types[i])
      return sym != 0 ? RELA_OTHER : RELA_INVALID;
  return RELA_INVALID;
}

/* The run of valid entries at 8-byte offsets PHASE + k * 24 with the most
   RELATIVE ones, into *BEST.  */
static void
scan_phase (const struct arch_ops *arch, bool be, const unsigned char *buf, size_t size,
            size_t phase, struct dynrel *best)
{
  struct dynrel run = { 0, 0, 0 };
  bool open = false;
  for (size_t off = phase; off + RELA_SIZE <= size; off += RELA_SIZE)
    {
      enum rela_entry e = classify_rela (arch, be, buf + off);
      if (e == RELA_INVALID || (e == RELA_ZERO && !open))
        {
          open = false;
          continue;
        }
      if (!open)
        run = (struct dynrel) { off, off, 0 };
      open = true;
      if (e != RELA_ZERO)
        run.end = off + RELA_SIZE;
      run.nrelative += e == RELA_RELATIVE;
      if (run.nrelative > best->nrelative)
        *best = run;
      else if (run.nrelative == best->nrelative && run.start == best->start)
        best->end = run.end;
    }
}

static bool
find_dynrel (const struct arch_ops *arch, bool be, const unsigned char *buf, size_t size,
             struct dynrel *out)
{
  *out = (struct dynrel) { 0, 0, 0 };
  for (size_t phase = 0; phase < RELA_SIZE; phase += 8)
    scan_phase (arch, be, buf, size, phase, out);
  return out->nrelative > 0;
}

static int
compare_place (const void *a, const void *b)
{
  uint64_t x = ((const struct image_reloc *) a)->place;
  uint64_t y = ((const struct image_reloc *) b)->place;
  return x < y ? -1 : x > y;
}

#define SYM_SIZE 24  /* Elf64_Sym: st_name, st_info, st_other, st_shndx, st_value, st_size */

/* The highest symbol index of D's entries.  */
static uint32_t
max_symbol (const struct image *img, const unsigned char *buf, const struct dynrel *d)
{
  uint32_t max = 0;
  for (size_t off = d->start; off < d->end; off += RELA_SIZE)
    if (classify_rela (img->arch, img->big_endian, buf + off) == RELA_OTHER)
      {
        uint32_t sym = (uint32_t) (read_uint (buf + off + 8, 8, img->big_endian) >> 32);
        max = sym > max ? sym : max;
      }
  return max;
}

/* Whether P is an Elf64_Sym of a dynamic symbol table other than the
   all-zero first one: a known binding and type, a name unless it is a
   section's.  */
static bool
is_dynamic_symbol (const unsigned char *p, bool be)
{
  unsigned char bind = p[4] >> 4, type = p[4] & 0xf;
  return (read_uint (p, 4, be) != 0 || type == STT_SECTION) && bind <= STB_WEAK
         && type <= STT_TLS && p[5] <= STV_PROTECTED;
}

/* The file offset of the dynamic symbol table ending at END (s390's
   vmlinux.lds.S puts .dynsym right before .rela.dyn), holding at least
   NSYMS entries: its first entry is the only all-zero one.  0: none.  */
static size_t
find_dynsym (const unsigned char *buf, size_t end, uint32_t nsyms, bool be)
{
  static const unsigned char zero[SYM_SIZE];
  for (size_t n = 1; n * SYM_SIZE <= end; n++)
    {
      const unsigned char *p = buf + end - n * SYM_SIZE;
      if (memcmp (p, zero, SYM_SIZE) == 0)
        return n >= nsyms ? end - n * SYM_SIZE : 0;
      if (!is_dynamic_symbol (p, be))
        return 0;
    }
  return 0;
}

/* The value an entry at OFF sets at boot: the addend of a RELATIVE one
   (the link-time address), symbol + addend of the others (for the types
   raw_dynamic_types lists), the symbol's value from the dynamic symbol
   table at DYNSYM.  */
static bool
rela_value (const struct image *img, const unsigned char *buf, size_t off, size_t dynsym,
            uint64_t *value)
{
  bool be = img->big_endian;
  enum rela_entry e = classify_rela (img->arch, be, buf + off);
  *value = read_uint (buf + off + 16, 8, be);
  if (e == RELA_RELATIVE)
    return true;
  if (e != RELA_OTHER || dynsym == 0)
    return false;
  uint32_t sym = (uint32_t) (read_uint (buf + off + 8, 8, be) >> 32);
  *value += read_uint (buf + dynsym + (size_t) sym * SYM_SIZE + 8, 8, be);
  return true;
}

/* The entries of D whose value is known, sorted by place, into IMG (an
   entry against a symbol when the dynamic symbol table is found: arm64
   discards its own, whose few such entries place nothing initscan
   reads).  */
static void
keep_relocs (struct image *img, const unsigned char *buf, const struct dynrel *d)
{
  uint32_t nsyms = max_symbol (img, buf, d);
  size_t dynsym = nsyms > 0 ? find_dynsym (buf, d->start, nsyms + 1, img->big_endian) : 0;
  struct image_reloc *r = xreallocarray (NULL, (d->end - d->start) / RELA_SIZE, sizeof *r);
  size_t n = 0;
  uint64_t value;
  for (size_t off = d->start; off < d->end; off += RELA_SIZE)
    if (rela_value (img, buf, off, dynsym, &value))
      r[n++] = (struct image_reloc) { read_uint (buf + off, 8, img->big_endian), value };
  qsort (r, n, sizeof *r, compare_place);
  img->relocs = r;
  img->nrelocs = n;
}

uint64_t
image_pointer_at (const struct image *img, uint64_t addr, const unsigned char *p)
{
  size_t lo = 0, hi = img->nrelocs;
  while (lo < hi)
    {
      size_t mid = lo + (hi - lo) / 2;
      if (img->relocs[mid].place < addr)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo < img->nrelocs && img->relocs[lo].place == addr)
    return img->relocs[lo].value;
  return read_uint (p, img->ptr_size, img->big_endian);
}

/* The link-time kallsyms_relative_base: the value of the entry placed at
   it (RELATIVE, or against _text's dynamic symbol on s390), the first
   byte being KS_TEXT in kallsyms' terms.  Place and base both are
   link-time: place - base is then KS_TEXT + the base's file offset.  */
static bool
relative_base_value (const struct image *img, const struct kallsyms *ks, uint64_t ks_text,
                     uint64_t *base)
{
  uint64_t want = ks_text + ks->relative_base_offset;
  size_t found = 0;
  for (size_t i = 0; i < img->nrelocs; i++)
    if (img->relocs[i].place - img->relocs[i].value == want)
      *base = img->relocs[i].value, found++;
  return found == 1;
}

static void
add_ks_symbol (struct kallsyms *ks, const char *name, uint64_t addr, char type)
{
  ks->syms = xreallocarray (ks->syms, ks->n + 1, sizeof *ks->syms);
  ks->syms[ks->n++] = (struct kallsyms_symbol) { name, addr, type };
}

/* Whether the place ADDR of bytes loaded at LOAD holds a pointer into
   them (or the .bss after them, at most as large): what a RELR place
   holds, the addend being kept in place.  */
static bool
holds_pointer (const unsigned char *buf, size_t size, uint64_t load, uint64_t addr, bool be)
{
  if (addr < load || addr - load > size - 8)
    return false;
  uint64_t v = read_uint (buf + (addr - load), 8, be);
  return v >= load && v - load < 2 * (uint64_t) size;
}

/* The end of a .relr.dyn at OFF (8-aligned) in bytes loaded at LOAD, or
   OFF if none is there.  An SHT_RELR table (CONFIG_RELR; arm64's
   vmlinux.lds.S puts it after .rela.dyn) is a list of words: an even one
   is the address of a place to relocate, an odd one a bitmap of the 63
   places after the last; addresses increase past what the bitmaps before
   them cover, and each place holds a pointer into the kernel.  A zero
   word ends it.  */
static size_t
skip_relr (const unsigned char *buf, size_t size, size_t off, uint64_t load, bool be)
{
  uint64_t next = load;  /* the lowest place the next address may name */
  size_t at = off;
  for (; size >= 8 && at <= size - 8; at += 8)
    {
      uint64_t w = read_uint (buf + at, 8, be);
      if (w == 0)
        break;
      if (w & 1)
        {
          if (at == off)
            return off;
          next += 63 * 8;
          continue;
        }
      if (w < next || w % 8 != 0 || !holds_pointer (buf, size, load, w, be))
        return off;
      next = w + 8;
    }
  return at;
}

/* __init_end: the end of the dynamic relocations rounded up, when only
   zeros lie between.  With CONFIG_RELR the relocations end with a
   .relr.dyn, after the rest of .rela.dyn (none-type entries, all zero).
   The bytes may end first (s390's end with .rela.dyn).  */
static bool
init_end (const struct image *img, const unsigned char *buf, size_t size, const struct dynrel *d,
          uint64_t load, uint64_t *end, size_t *relr_words)
{
  bool be = img->big_endian;
  size_t after = d->end, relr;
  while (size >= 8 && after <= size - 8 && read_uint (buf + after, 8, be) == 0)
    after += 8;
  relr = skip_relr (buf, size, after, load, be);
  *relr_words = relr > after ? (relr - after) / 8 : 0;
  after = relr > after ? relr : d->end;
  uint64_t align = img->arch->raw_init_end_align;
  uint64_t off = (after + align - 1) / align * align;
  for (size_t i = after; i < off && i < size; i++)
    if (buf[i] != 0)
      return false;
  *end = load + off;
  return true;
}

/* _text in kallsyms' terms: the header's entry point less its offset.  */
static bool
kallsyms_text (const struct arch_ops *arch, const unsigned char *buf, size_t size,
               const struct kallsyms *ks, uint64_t *text, const char **entry)
{
  uint64_t off = arch->raw_entry_offset (buf, size), addr;
  if (off == 0 || off >= size)
    return false;
  for (const char *const *name = arch->raw_entry_names; *name != NULL; name++)
    if (kallsyms_address (ks, *name, &addr))
      {
        *text = addr - off;
        *entry = *name;
        return true;
      }
  return false;
}

static void
shift_addresses (struct kallsyms *ks, uint64_t by)
{
  for (size_t i = 0; i < ks->n; i++)
    if (ks->syms[i].type != 'a' && ks->syms[i].type != 'A')
      ks->syms[i].addr += by;
}

/* init/main.c initcall_level_names[] (__initdata, since 3.x): what its
   pointers point at; a linker may merge a string into the tail of
   another ("core" into "postcore").  */
static const char *const level_names[] = {
  "pure", "core", "postcore", "arch", "subsys", "fs", "device", "late",
};
#define NLEVEL_NAMES ARRAY_SIZE (level_names)

static bool
string_at (const unsigned char *buf, size_t size, uint64_t off, const char *s)
{
  size_t len = strlen (s) + 1;
  return off < size && size - off >= len && memcmp (buf + off, s, len) == 0;
}

/* The file offsets where NAME lies, into *N of them.  */
static size_t *
name_offsets (const unsigned char *buf, size_t size, const char *name, size_t *n)
{
  size_t *offs = NULL, cap = 0;
  size_t len = strlen (name) + 1;
  *n = 0;
  for (const unsigned char *p = buf; (p = memmem (p, size - (size_t) (p - buf), name, len)) != NULL;
       p++)
    {
      if (*n == cap)
        offs = xreallocarray (offs, cap = cap ? 2 * cap : 16, sizeof *offs);
      offs[(*n)++] = (size_t) (p - buf);
    }
  return offs;
}

/* Whether the words at OFF point at the level names when the bytes load
   at LOAD.  */
static bool
level_names_at (const struct image *img, const unsigned char *buf, size_t size, size_t off,
                uint64_t load)
{
  for (size_t k = 0; k < NLEVEL_NAMES; k++)
    {
      uint64_t ptr = read_uint (buf + off + k * img->ptr_size, img->ptr_size, img->big_endian);
      if (ptr < load || !string_at (buf, size, ptr - load, level_names[k]))
        return false;
    }
  return true;
}

/* The level name the bytes hold least often (the search's anchor: each
   word is tried against each of its places), its places into *OFFS.  */
static size_t
rarest_name (const unsigned char *buf, size_t size, size_t **offs, size_t *n)
{
  size_t best = 0;
  *offs = name_offsets (buf, size, level_names[0], n);
  for (size_t k = 1; k < NLEVEL_NAMES && *n > 1; k++)
    {
      size_t m;
      size_t *o = name_offsets (buf, size, level_names[k], &m);
      if (m < *n)
        {
          free (*offs);
          *offs = o, *n = m, best = k;
        }
      else
        free (o);
    }
  return best;
}

/* Each word is tried against every place of the rarest name, so that
   name's places bound the work: a kernel holds it once or twice
   (init/main.c's string, perhaps a message); bytes holding all eight names
   more often than this are not a kernel's, or are crafted to make the
   search quadratic, and are not searched.  */
#define MAX_ANCHOR_PLACES 8

/* How many distinct load addresses place an initcall_level_names[] (the
   last in *LOAD).  */
static int
load_from_level_names (const struct image *img, const unsigned char *buf, size_t size,
                       uint64_t *load)
{
  size_t n, *places, ps = img->ptr_size, need = NLEVEL_NAMES * ps;
  size_t anchor = rarest_name (buf, size, &places, &n);
  int found = 0;
  if (n > MAX_ANCHOR_PLACES)
    n = 0;
  for (size_t off = 0; n > 0 && size >= need && off <= size - need; off += ps)
    {
      uint64_t ptr = read_uint (buf + off + anchor * ps, ps, img->big_endian);
      for (size_t i = 0; i < n; i++)
        if (ptr >= places[i] && level_names_at (img, buf, size, off, ptr - places[i])
            && (found == 0 || *load != ptr - places[i]))
          found++, *load = ptr - places[i];
    }
  free (places);
  return found;
}

/* _text from initcall_level_names[], when exactly one place fits and the
   kernel's first code symbol lies in the bytes.  */
static bool
text_from_level_names (struct image *img, const unsigned char *buf, size_t size,
                       const struct kallsyms *ks, uint64_t *text)
{
  uint64_t stext;
  if ((img->ptr_size != 4 && img->ptr_size != 8)
      || load_from_level_names (img, buf, size, text) != 1
      || !kallsyms_address (ks, "_stext", &stext) || stext < *text || stext - *text >= size)
    return false;
  image_note (img, "raw kernel bytes: _text, their first byte, placed by init/main.c's "
                   "initcall_level_names[] (the one place where eight words point at its "
                   "strings)");
  return true;
}

/* The init range of bytes loaded at LOAD whose init memory ends them.  */
static void
init_range_after_bytes (struct image *img, struct kallsyms *ks, size_t size, uint64_t load)
{
  const struct arch_ops *arch = img->arch;
  uint64_t begin, align = arch->raw_init_end_align;
  if (arch->raw_init_begin == NULL || !kallsyms_address (ks, arch->raw_init_begin, &begin))
    return;
  uint64_t end = (load + size + align - 1) / align * align;
  add_ks_symbol (ks, "__init_begin", begin, 'T');
  add_ks_symbol (ks, "__init_end", end, 'D');
  image_note (img, "raw kernel bytes: __init_begin is %s and __init_end the end of the bytes "
                   "rounded up to 0x%" PRIx64 ", as the %s linker script places them",
              arch->raw_init_begin, align, arch->kernel_arch);
}

/* The init stack's bottom, from the top the code of raw_init_stack_user
   loads: the one stack size it is aligned to that leaves the bottom
   after the init code and inside the bytes.  */
static bool
init_stack_bottom (const struct image *img, const unsigned char *buf, size_t size,
                   const struct kallsyms *ks, uint64_t load, uint64_t einittext, uint64_t *bottom)
{
  const struct arch_ops *arch = img->arch;
  uint64_t user, table;
  if (!kallsyms_address (ks, arch->raw_init_stack_user, &user) || user < load
      || user - load >= size)
    return false;
  table = arch->raw_init_stack_table (buf + (user - load), size - (user - load), user,
                                      img->big_endian);
  uint64_t at = table + arch->raw_init_stack_word * img->ptr_size;
  if (table == 0 || at < load || at - load > size - img->ptr_size)
    return false;
  uint64_t end = read_uint (buf + (at - load), img->ptr_size, img->big_endian)
                 + arch->raw_init_stack_gap;
  int found = 0;
  for (const uint64_t *t = arch->raw_init_stack_sizes; *t != 0; t++)
    if (end % *t == 0 && end - *t >= einittext && end - *t <= load + size)
      found++, *bottom = end - *t;
  return found == 1;
}

/* The init range of bytes loaded at LOAD whose data, init_task's stack
   first, follow the init memory; __init_begin the page boundary below
   raw_init_begin.  */
static void
init_range_below_stack (struct image *img, struct kallsyms *ks, const unsigned char *buf,
                        size_t size, uint64_t load)
{
  const struct arch_ops *arch = img->arch;
  uint64_t begin, einittext, end;
  if (!kallsyms_address (ks, arch->raw_init_begin, &begin)
      || !kallsyms_address (ks, "_einittext", &einittext)
      || !init_stack_bottom (img, buf, size, ks, load, einittext, &end))
    return;
  begin -= begin % arch->page_size;
  add_ks_symbol (ks, "__init_begin", begin, 'T');
  add_ks_symbol (ks, "__init_end", end, 'D');
  image_note (img, "raw kernel bytes: __init_begin is the page below %s and __init_end the "
                   "bottom of the init stack whose top %s loads, as the %s linker script "
                   "places them",
              arch->raw_init_begin, arch->raw_init_stack_user, arch->kernel_arch);
}

static bool
locate_by_level_names (struct image *img, const unsigned char *buf, size_t size,
                       struct kallsyms *ks, uint64_t *load)
{
  if (ks->relative && ks->relative_base == 0)
    return false;  /* a self-relocating kernel: pointers are not link-time */
  if (!text_from_level_names (img, buf, size, ks, load))
    return false;
  add_ks_symbol (ks, arch_raw_first_symbol (img->arch), *load, 'T');
  if (img->arch != NULL && img->arch->raw_init_end_after_bytes)
    init_range_after_bytes (img, ks, size, *load);
  else if (img->arch != NULL && img->arch->raw_init_stack_user != NULL)
    init_range_below_stack (img, ks, buf, size, *load);
  return true;
}

/* The first byte's address in kallsyms' terms and the symbol that told:
   the first byte's own symbol (_text, or the architecture's) when
   kallsyms lists it (_text is when it is _stext, as on s390), else the
   entry the header branches to.  */
static bool
find_text (const struct arch_ops *arch, const unsigned char *buf, size_t size,
           const struct kallsyms *ks, uint64_t *text, const char **entry)
{
  const char *first = arch_raw_first_symbol (arch);
  if (kallsyms_address (ks, first, text))
    {
      *entry = first;
      return true;
    }
  return arch != NULL && arch->raw_entry_offset != NULL
         && kallsyms_text (arch, buf, size, ks, text, entry);
}

static void
note_text (struct image *img, const char *entry, uint64_t base)
{
  const char *relocated = base != 0 ? "; kallsyms_relative_base from the image's dynamic "
                                      "relocations"
                                    : "";
  const char *first = arch_raw_first_symbol (img->arch);
  if (strcmp (entry, first) == 0)
    image_note (img, "raw kernel bytes: %s, their first byte, is in kallsyms%s", entry, relocated);
  else
    image_note (img, "raw kernel bytes: %s, their first byte, is %s less the offset the "
                     "header branches to (%s)%s",
                first, entry, img->arch->name, relocated);
}

/* __init_begin and __init_end, unless kallsyms has them: from the
   dynamic relocations D (when RELOCS) or the end of the bytes.  */
static void
place_init_range (struct image *img, struct kallsyms *ks, const unsigned char *buf, size_t size,
                  const struct dynrel *d, bool relocs, uint64_t load)
{
  const struct arch_ops *arch = img->arch;
  uint64_t addr, begin;
  size_t relr_words;
  if (arch == NULL || kallsyms_address (ks, "__init_end", &addr))
    return;
  if (!relocs || !init_end (img, buf, size, d, load, &addr, &relr_words))
    {
      if (arch->raw_init_end_after_bytes)
        init_range_after_bytes (img, ks, size, load);
      return;
    }
  if (arch->raw_init_begin != NULL && kallsyms_address (ks, arch->raw_init_begin, &begin))
    add_ks_symbol (ks, "__init_begin", begin, 'T');
  add_ks_symbol (ks, "__init_end", addr, 'D');
  char *relr = relr_words > 0 ? xasprintf (" and of a .relr.dyn of %zu words", relr_words)
                              : xstrdup ("");
  image_note (img, "raw kernel bytes: __init_end is the end of the %zu dynamic "
                   "relocations (%zu RELATIVE, at offset 0x%zx)%s rounded up to 0x%" PRIx64
                   ", as the %s linker script places it",
              (d->end - d->start) / RELA_SIZE, d->nrelative, d->start, relr,
              arch->raw_init_end_align, arch->kernel_arch);
  free (relr);
}

bool
rawkernel_locate (struct image *img, const unsigned char *buf, size_t size, struct kallsyms *ks,
                  uint64_t *load)
{
  const struct arch_ops *arch = img->arch;
  const char *entry;
  uint64_t text;
  if (!find_text (arch, buf, size, ks, &text, &entry))
    return locate_by_level_names (img, buf, size, ks, load);
  struct dynrel d = { 0, 0, 0 };
  bool relocs = arch != NULL && arch->raw_relative_type != 0 && img->ptr_size == 8
                && find_dynrel (arch, img->big_endian, buf, size, &d);
  if (relocs)
    keep_relocs (img, buf, &d);
  uint64_t base = 0;
  if (ks->relative && ks->relative_base == 0)
    {
      if (!relocs || !relative_base_value (img, ks, text, &base))
        image_note (img, "kallsyms_relative_base is 0 in the file and no dynamic "
                         "relocation sets it: addresses are offsets from the lowest symbol");
      shift_addresses (ks, base);
      ks->relative_base = base;
    }
  *load = text + base;
  const char *first = arch_raw_first_symbol (arch);
  if (strcmp (entry, first) != 0)
    add_ks_symbol (ks, first, *load, 'T');
  if (strcmp (entry, first) != 0 || base != 0)
    note_text (img, entry, base);
  place_init_range (img, ks, buf, size, &d, relocs, *load);
  return true;
}
