/* Opening a kernel ELF image: checks that every table initscan reads lies
   inside the file, indexes sections and symbols, and decides the kind of
   image.  The file is mapped by initscan (and handed to libelf as memory),
   or, compressed, decompressed into memory by src/load/decompress.c; a
   boot image's kernel is taken out by src/load/bootimage.c.  */
#include "index/image.h"

#include <ctype.h>
#include <elfutils/libdwelf.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arch/arch.h"
#include "index/kallsyms.h"
#include "load/bootimage.h"
#include "load/decompress.h"
#include "load/guard.h"
#include "util/util.h"

/* img->symbols_from */
static const char SYMTAB[] = "symtab", KALLSYMS[] = "kallsyms";

static int
image_fail_va (struct image *img, const char *fmt, va_list ap)
{
  if (img->error == NULL && vasprintf (&img->error, fmt, ap) < 0)
    img->error = NULL;
  return -1;
}

int
image_fail (struct image *img, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  image_fail_va (img, fmt, ap);
  va_end (ap);
  return -1;
}

int
image_reject (struct image *img, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  if (img->error == NULL)
    img->not_kernel = true;
  image_fail_va (img, fmt, ap);
  va_end (ap);
  return -1;
}

void
image_note (struct image *img, const char *fmt, ...)
{
  va_list ap;
  char *s;
  va_start (ap, fmt);
  if (vasprintf (&s, fmt, ap) < 0)
    s = NULL;
  va_end (ap);
  if (s != NULL)
    *ARRAY_PUSH (img->notes, img->nnotes, img->notes_cap) = s;
}

const char *
image_kind_name (enum image_kind kind)
{
  switch (kind)
    {
    case IMAGE_VMLINUX:
      return "vmlinux";
    case IMAGE_OBJECT:
      return "object";
    case IMAGE_MODULE:
      return "module";
    }
  return "?";
}

const char *
image_unchecked_reason (const struct image *img)
{
  if (img->symbols_from == KALLSYMS)
    return "symbols from kallsyms, no relocations (check the -dbg vmlinux linked with "
           "--emit-relocs, or vmlinux.o and the modules' objects)";
  return "no relocations (link with --emit-relocs, or check vmlinux.o and the modules' "
         "objects)";
}

struct section *
image_section_by_name (const struct image *img, const char *name)
{
  for (size_t i = 0; i < img->nsections; i++)
    if (strcmp (img->sections[i].name, name) == 0)
      return &img->sections[i];
  return NULL;
}

static bool
section_has_address (const struct section *sec)
{
  return (sec->shdr.sh_flags & SHF_ALLOC) != 0 && sec->shdr.sh_size != 0;
}

/* Sections may overlap (the x86_64 per-cpu section runs at 0): look back
   a few sections from the last one starting at or below ADDR.  */
#define OVERLAP_LOOKBACK 8

struct section_key
{
  const struct image *img;
  uint64_t addr;
};

static bool
section_starts_at_most (const void *ctx, size_t i)
{
  const struct section_key *k = ctx;
  return k->img->sections[k->img->by_addr[i]].addr <= k->addr;
}

struct section *
image_section_at (const struct image *img, uint64_t addr)
{
  struct section_key key = { img, addr };
  size_t lo = bisect (img->nby_addr, section_starts_at_most, &key);
  for (size_t i = lo, steps = 0; i > 0 && steps < OVERLAP_LOOKBACK; i--, steps++)
    {
      struct section *sec = &img->sections[img->by_addr[i - 1]];
      if (addr - sec->addr < sec->shdr.sh_size)
        return sec;
    }
  return NULL;
}

static int
compare_section_addr (const void *a, const void *b, void *arg)
{
  const struct image *img = arg;
  const struct section *x = &img->sections[*(const uint32_t *) a];
  const struct section *y = &img->sections[*(const uint32_t *) b];
  if (x->addr != y->addr)
    return x->addr < y->addr ? -1 : 1;
  return x->index < y->index ? -1 : 1;
}

static void
index_sections_by_address (struct image *img)
{
  img->by_addr = xreallocarray (NULL, img->nsections, sizeof *img->by_addr);
  for (size_t i = 0; i < img->nsections; i++)
    if (section_has_address (&img->sections[i]))
      img->by_addr[img->nby_addr++] = (uint32_t) i;
  qsort_r (img->by_addr, img->nby_addr, sizeof *img->by_addr, compare_section_addr, img);
}

const unsigned char *
image_section_bytes (const struct image *img, const struct section *sec, uint64_t off, uint64_t len)
{
  if (sec->shdr.sh_type == SHT_NOBITS || off > sec->shdr.sh_size
      || len > sec->shdr.sh_size - off)
    return NULL;
  /* image_open() checked that the section lies inside the file.  */
  return (const unsigned char *) img->raw + sec->shdr.sh_offset + off;
}

/* The bytes libelf reads: the file mapped privately (libelf may convert
   them in place), or its decompressed contents (mapped too).  */
static int
map_contents (struct image *img, int fd, const struct stat *st, uint64_t decompress_cap)
{
  unsigned char head[8];
  ssize_t n = pread (fd, head, sizeof head, 0);
  if (n < 0)
    return image_fail (img, "cannot read: %s", strerror (errno));
  const char *format = compressed_format (head, (size_t) n);
  if (format != NULL)
    {
      char *err;
      unsigned char *data;
      if (decompress_file (fd, format, decompression_limit ((uint64_t) st->st_size,
                                                                 decompress_cap),
                           &data, &img->contents_size, &err) < 0)
        {
          image_fail (img, "%s", err);
          free (err);
          return -1;
        }
      img->contents = (char *) data;
      img->compression = format;
      return 0;
    }
  if ((uint64_t) st->st_size > SIZE_MAX)
    return image_fail (img, "too large to map");
  img->contents_size = (size_t) st->st_size;
  img->contents = mmap (NULL, img->contents_size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  if (img->contents == MAP_FAILED)
    {
      img->contents = NULL;
      return image_fail (img, "cannot map: %s", strerror (errno));
    }
  img->guard = guard_register (img->contents, img->contents_size);
  return 0;
}

/* For the tests (tests/cases/robust-changing.sh): with
   INITSCAN_TEST_STOP_AT=PATH, the process stops itself once PATH's bytes
   are in place and before any is read, so that the test can change the
   file at that point and let it continue.  */
static void
stop_for_test (const char *path)
{
  const char *at = getenv ("INITSCAN_TEST_STOP_AT");
  if (at != NULL && strcmp (at, path) == 0)
    raise (SIGSTOP);
}

static void
unmap_contents (struct image *img)
{
  if (img->guard != NULL)
    guard_release (img->guard);
  img->guard = NULL;
  if (img->contents != NULL && img->contents_size != 0)
    munmap (img->contents, img->contents_size);
  img->contents = NULL;
}

/* The file's contents, and what it was when opened.  The descriptor is
   closed once they are in place (a mapping outlives it), so that a tree of
   thousands of modules does not run out of descriptors.  */
static int
read_file (struct image *img, uint64_t decompress_cap)
{
  /* O_NONBLOCK: opening a FIFO must not wait for a writer */
  int fd = open (img->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0)
    return image_fail (img, "%s", strerror (errno));
  int rc = 0;
  if (fstat (fd, &img->opened) < 0)
    rc = image_fail (img, "%s", strerror (errno));
  else if (S_ISDIR (img->opened.st_mode))
    rc = image_fail (img, "is a directory");
  else if (!S_ISREG (img->opened.st_mode))
    rc = image_fail (img, "not a regular file");
  else if (img->opened.st_size == 0)
    rc = image_reject (img, "empty file");
  else
    rc = map_contents (img, fd, &img->opened, decompress_cap);
  close (fd);
  return rc;
}

/* Whether the SIZE bytes at DATA are an ELF file: then libelf reads them.  */
static bool
open_elf_memory (struct image *img, unsigned char *data, size_t size)
{
  img->elf = elf_memory ((char *) data, size);
  if (img->elf != NULL && elf_kind (img->elf) == ELF_K_ELF)
    {
      img->raw = (const char *) data;
      img->raw_size = size;
      return true;
    }
  if (img->elf != NULL)
    elf_end (img->elf);
  img->elf = NULL;
  return false;
}

static int
read_header (struct image *img)
{
  if (gelf_getehdr (img->elf, &img->ehdr) == NULL)
    return image_fail (img, "truncated or invalid ELF header: %s", elf_errmsg (-1));
  img->elfclass = gelf_getclass (img->elf) == ELFCLASS64 ? 64 : 32;
  img->ptr_size = img->elfclass / 8;
  unsigned char data = img->ehdr.e_ident[EI_DATA];
  if (data != ELFDATA2LSB && data != ELFDATA2MSB)
    return image_fail (img, "unknown ELF byte order %u", data);
  img->big_endian = data == ELFDATA2MSB;
  switch (img->ehdr.e_type)
    {
    case ET_EXEC:
    case ET_DYN:
    case ET_REL:
      break;
    default:
      return image_reject (img, "ELF type %u is neither an executable nor a relocatable object",
                         (unsigned) img->ehdr.e_type);
    }
  img->arch = arch_lookup (img->ehdr.e_machine, img->elfclass);
  return 0;
}

/* The section header table and every section's contents must lie in the
   file: libelf checks some of this lazily, initscan checks it once.  */
static int
check_section_table (struct image *img, size_t shnum)
{
  uint64_t shentsize = gelf_fsize (img->elf, ELF_T_SHDR, 1, EV_CURRENT);
  if (img->ehdr.e_shentsize != shentsize)
    return image_fail (img, "section header size is %u, expected %" PRIu64,
                       (unsigned) img->ehdr.e_shentsize, shentsize);
  if (img->ehdr.e_shoff > img->raw_size
      || shnum > (img->raw_size - img->ehdr.e_shoff) / shentsize)
    return image_fail (img, "truncated: the section header table (%zu entries at offset "
                            "%" PRIu64 ") ends past the end of the file (%zu bytes)",
                       shnum, (uint64_t) img->ehdr.e_shoff, img->raw_size);
  return 0;
}

/* The section count of extended numbering: sh_size of section 0, read
   from the file (check_section_table() made sure that header is there).  */
static size_t
extended_shnum (const struct image *img)
{
  const unsigned char *sh0 = (const unsigned char *) img->raw + img->ehdr.e_shoff;
  uint64_t n = img->elfclass == 64 ? read_uint (sh0 + offsetof (Elf64_Shdr, sh_size), 8,
                                                img->big_endian)
                                   : read_uint (sh0 + offsetof (Elf32_Shdr, sh_size), 4,
                                                img->big_endian);
  return n > SIZE_MAX ? SIZE_MAX : (size_t) n;
}

static int
read_section (struct image *img, size_t shstrndx, size_t i, struct section *sec)
{
  sec->index = i;
  sec->scn = elf_getscn (img->elf, i);
  if (sec->scn == NULL || gelf_getshdr (sec->scn, &sec->shdr) == NULL)
    return image_fail (img, "cannot read section header %zu: %s", i, elf_errmsg (-1));
  sec->name = elf_strptr (img->elf, shstrndx, sec->shdr.sh_name);
  if (sec->name == NULL)
    return image_fail (img, "section %zu has a name outside the section name table", i);
  if (sec->shdr.sh_type != SHT_NOBITS
      && (sec->shdr.sh_offset > img->raw_size
          || sec->shdr.sh_size > img->raw_size - sec->shdr.sh_offset))
    return image_fail (img, "truncated or corrupt: section %s (offset %" PRIu64 ", size %" PRIu64
                            ") ends past the end of the file (%zu bytes)",
                       sec->name, (uint64_t) sec->shdr.sh_offset,
                       (uint64_t) sec->shdr.sh_size, img->raw_size);
  sec->addr = sec->shdr.sh_addr;
  if (sec->shdr.sh_type != SHT_REL && sec->shdr.sh_type != SHT_RELA)
    sec->cls = section_classify (sec->name);
  return 0;
}

/* Relocatable files have no addresses: give each SHF_ALLOC section its own
   range, aligned as the section asks, the way a linker (or libdwfl's
   offline layout) would.  */
static int
layout_relocatable (struct image *img)
{
  uint64_t cursor = 0x10000;
  for (size_t i = 0; i < img->nsections; i++)
    {
      struct section *sec = &img->sections[i];
      if (!(sec->shdr.sh_flags & SHF_ALLOC))
        continue;
      uint64_t align = sec->shdr.sh_addralign;
      if (align == 0 || (align & (align - 1)) != 0 || align > (UINT64_C (1) << 32))
        align = 1;
      uint64_t base = (cursor + align - 1) & ~(align - 1);
      if (base < cursor || sec->shdr.sh_size > UINT64_MAX / 4 - base)
        return image_fail (img, "section %s has an impossible size %" PRIu64, sec->name,
                           (uint64_t) sec->shdr.sh_size);
      sec->addr = base;
      cursor = base + sec->shdr.sh_size;
    }
  return 0;
}

static void
link_relocation_sections (struct image *img)
{
  for (size_t i = 0; i < img->nsections; i++)
    {
      const GElf_Shdr *sh = &img->sections[i].shdr;
      if ((sh->sh_type == SHT_REL || sh->sh_type == SHT_RELA)
          && sh->sh_info != 0 && sh->sh_info < img->nsections)
        img->sections[sh->sh_info].reloc_section = i;
    }
}

static int
read_sections (struct image *img)
{
  size_t shnum, shstrndx;
  /* With more than SHN_LORESERVE sections e_shnum is 0 and the count is in
     section 0's sh_size: that header at least must be in the file.  */
  size_t declared = img->ehdr.e_shnum != 0 ? img->ehdr.e_shnum : img->ehdr.e_shoff != 0;
  if (declared == 0)
    return image_fail (img, "no section headers");
  if (check_section_table (img, declared) < 0)
    return -1;
  if (img->ehdr.e_shnum == 0 && check_section_table (img, extended_shnum (img)) < 0)
    return -1;
  if (elf_getshdrnum (img->elf, &shnum) < 0)
    return image_fail (img, "cannot read the section count: %s", elf_errmsg (-1));
  if (shnum == 0)
    return image_fail (img, "no section headers");
  if (shnum != declared && check_section_table (img, shnum) < 0)
    return -1;
  if (elf_getshdrstrndx (img->elf, &shstrndx) < 0 || shstrndx >= shnum)
    return image_fail (img, "invalid section name table index");
  img->sections = xcalloc (shnum, sizeof *img->sections);
  img->nsections = shnum;
  for (size_t i = 0; i < shnum; i++)
    if (read_section (img, shstrndx, i, &img->sections[i]) < 0)
      return -1;
  if (img->ehdr.e_type == ET_REL && layout_relocatable (img) < 0)
    return -1;
  index_sections_by_address (img);
  link_relocation_sections (img);
  return 0;
}

static void
read_build_id (struct image *img)
{
  const void *id;
  ssize_t len = dwelf_elf_gnu_build_id (img->elf, &id);
  if (len <= 0)
    return;
  img->build_id = xmalloc ((size_t) len * 2 + 1);
  for (ssize_t i = 0; i < len; i++)
    sprintf (img->build_id + 2 * i, "%02x", ((const unsigned char *) id)[i]);
}

static int
decide_kind (struct image *img)
{
  if (img->ehdr.e_type == ET_REL)
    {
      img->kind = image_section_by_name (img, ".gnu.linkonce.this_module") != NULL
                      ? IMAGE_MODULE
                      : IMAGE_OBJECT;
      return 0;
    }
  img->kind = IMAGE_VMLINUX;
  /* Without CONFIG_KALLSYMS_ALL kallsyms lists only code symbols
     (scripts/kallsyms.c symbol_valid(): text ranges only, without
     --all-symbols), never the linker script's data boundaries.  */
  if (img->symbols_from == KALLSYMS && symbol_by_name (&img->symtab, "__init_end") == NULL
      && symbol_by_name (&img->symtab, "__initcall_start") == NULL)
    return image_fail (img, "kallsyms lists code symbols only (the kernel was built without "
                            "CONFIG_KALLSYMS_ALL): no init range or initcall table to read");
  if (symbol_by_name (&img->symtab, "__init_begin") == NULL
      && symbol_by_name (&img->symtab, "__initcall_start") == NULL)
    return image_reject (img, "not a Linux kernel image: no __init_begin or __initcall_start "
                            "symbol");
  return 0;
}

/* The sections where the foo.mod.c that modpost writes for a module
   defines functions or objects (scripts/mod/modpost.c: add_header(),
   add_versions(), MODULE_INFO(); 6.12's export entries are labels, not
   objects).  */
static const char *const mod_c_sections[] = {
  ".gnu.linkonce.this_module", ".modinfo", "__versions",
};

static bool
is_mod_c_section (const struct image *img, uint32_t shndx)
{
  if (shndx >= img->nsections)
    return false;
  for (size_t i = 0; i < ARRAY_SIZE (mod_c_sections); i++)
    if (strcmp (img->sections[shndx].name, mod_c_sections[i]) == 0)
      return true;
  return false;
}

/* A module defines functions or objects of its own; kbuild's foo.mod.o,
   linked into foo.ko beside the module's objects, only those of
   foo.mod.c (the functions and data it points at are undefined there).  */
static bool
defines_module_symbols (const struct image *img)
{
  for (size_t i = 0; i < img->symtab.n; i++)
    {
      const struct symbol *s = &img->symtab.syms[i];
      if ((s->type == STT_FUNC || s->type == STT_OBJECT) && s->shndx != SHN_UNDEF
          && !is_mod_c_section (img, s->shndx))
        return true;
    }
  return false;
}

/* A linked file is a kernel image when image_open() accepted it (the
   kernel's symbols are there).  A module is one when it defines more
   than foo.mod.c does.  Any other relocatable object is a kernel object
   when it has a section the kernel's linker script treats specially
   (init, exit, initcall, .ref, … : the section table of sections.c),
   since only those make anything to report or check.  This leaves out
   host programs' and userland objects, and kbuild's foo.mod.o.  */
bool
image_is_kernel_object (const struct image *img)
{
  if (img->ehdr.e_type != ET_REL)
    return true;
  if (img->kind == IMAGE_MODULE)
    return defines_module_symbols (img);
  for (size_t i = 0; i < img->nsections; i++)
    if (img->sections[i].cls != NULL)
      return true;
  return false;
}

/* A section holding ADDR, or ending there (_etext, __init_end: the
   boundary symbols the linker script defines after a section).  */
static const struct section *
section_of_address (const struct image *img, uint64_t addr)
{
  const struct section *sec = image_section_at (img, addr);
  if (sec == NULL && addr > 0)
    {
      sec = image_section_at (img, addr - 1);
      if (sec != NULL && addr - sec->addr != sec->shdr.sh_size)
        sec = NULL;
    }
  return sec;
}

/* A kallsyms entry as an ELF symbol.  Its type letter is nm's (scripts/
   kallsyms.c reads nm's output): t text, d/b/r data, bss, read-only
   data, a absolute, w/v weak, upper case global.  No size: the table has
   none.  */
static void
symbol_from_kallsyms (const struct image *img, const struct kallsyms_symbol *k, bool thumb,
                      struct symbol *out)
{
  char lower = (char) tolower ((unsigned char) k->type);
  memset (out, 0, sizeof *out);
  out->name = k->name;
  out->addr = k->addr;
  if (thumb && lower == 't')
    out->addr &= ~(uint64_t) 1;
  const struct section *sec = lower == 'a' ? NULL : section_of_address (img, out->addr);
  bool weak = lower == 'w' || lower == 'v';
  bool code = lower == 't'
              || (weak && sec != NULL && (sec->shdr.sh_flags & SHF_EXECINSTR) != 0);
  out->shndx = sec != NULL ? (uint32_t) sec->index : SHN_ABS;
  out->type = lower == 'a' ? STT_NOTYPE : code ? STT_FUNC : STT_OBJECT;
  out->bind = weak ? STB_WEAK : lower != k->type ? STB_GLOBAL : STB_LOCAL;
}

/* Whether KS's code addresses carry the Thumb bit: a Thumb-2 kernel's
   functions do (nm prints their odd st_value), most of them; an ARM-state
   kernel's are aligned, and its odd text symbols are data in the text
   (linux_banner in 2.6's .text).  */
static bool
thumb_code (const struct image *img, const struct kallsyms *ks)
{
  size_t text = 0, odd = 0;
  if (img->arch == NULL || !img->arch->thumb_bit)
    return false;
  for (size_t i = 0; i < ks->n; i++)
    if (tolower ((unsigned char) ks->syms[i].type) == 't')
      text++, odd += ks->syms[i].addr & 1;
  return odd * 2 > text;
}

/* KS, decoded from IMG, becomes its symbol table (and is freed).  */
static void
adopt_kallsyms (struct image *img, struct kallsyms *ks)
{
  struct symtab *st = &img->symtab;
  bool thumb = thumb_code (img, ks);
  st->syms = xreallocarray (NULL, ks->n, sizeof *st->syms);
  st->n = ks->n;
  for (size_t i = 0; i < ks->n; i++)
    symbol_from_kallsyms (img, &ks->syms[i], thumb, &st->syms[i]);
  img->kallsyms_names = ks->names;
  ks->names = NULL;
  img->symbols_from = KALLSYMS;
  image_note (img, "symbols from kallsyms: %zu, tables in the order of Linux %s, %s addresses",
              ks->n, ks->layout,
              !ks->relative ? "absolute" : ks->absolute_percpu ? "per-cpu absolute and "
                                                                 "base-relative"
                                                               : "base-relative");
  if (ks->relative && ks->relative_base == 0)
    image_note (img, "kallsyms_relative_base is 0 in the file (set by relocation at boot): "
                     "addresses are offsets from the lowest symbol");
  kallsyms_free (ks);
  boundaries_recover (img);
  symtab_index (st, img->nsections);
}

/* The symbols of an image without .symtab: kallsyms, found in its bytes
   (the whole file: scripts/kallsyms.c's tables are in .rodata, and a
   file offset keeps its address's alignment).  */
static int
read_kallsyms (struct image *img)
{
  struct kallsyms ks;
  struct kallsyms_hint hint = { img->ptr_size, img->big_endian };
  char *err;
  if (kallsyms_read ((const unsigned char *) img->raw, img->raw_size, &hint, &ks, &err) < 0)
    {
      if (ks.damaged)
        image_fail (img, "no symbol table (.symtab), and %s", err);
      else
        image_fail (img, "no symbol table (.symtab), and no kallsyms in the image: it is "
                         "stripped; use the unstripped one (e.g. Debian's linux-image-*-dbg)");
      free (err);
      return -1;
    }
  adopt_kallsyms (img, &ks);
  return 0;
}

static struct section *
find_symtab_section (struct image *img)
{
  for (size_t i = 0; i < img->nsections; i++)
    if (img->sections[i].shdr.sh_type == SHT_SYMTAB)
      return &img->sections[i];
  return NULL;
}

static Elf_Data *
find_shndx_data (struct image *img, size_t symtab_index)
{
  for (size_t i = 0; i < img->nsections; i++)
    if (img->sections[i].shdr.sh_type == SHT_SYMTAB_SHNDX
        && img->sections[i].shdr.sh_link == symtab_index)
      return elf_getdata (img->sections[i].scn, NULL);
  return NULL;
}

static int
read_symbol (struct image *img, Elf_Data *data, Elf_Data *xdata, size_t strtab,
             size_t i, struct symbol *out)
{
  GElf_Sym sym;
  Elf32_Word xndx = 0;
  if (gelf_getsymshndx (data, xdata, (int) i, &sym, &xndx) == NULL)
    return image_fail (img, "cannot read symbol %zu: %s", i, elf_errmsg (-1));
  const char *name = elf_strptr (img->elf, strtab, sym.st_name);
  if (name == NULL)
    return image_fail (img, "symbol %zu has a name outside the string table", i);
  out->name = name;
  out->size = sym.st_size;
  out->type = GELF_ST_TYPE (sym.st_info);
  out->bind = GELF_ST_BIND (sym.st_info);
  out->shndx = sym.st_shndx == SHN_XINDEX ? xndx : sym.st_shndx;
  out->rank = 0;
  out->addr = sym.st_value;
  /* ARM ELF: bit 0 of a Thumb function's value marks the instruction set,
     it is not part of the address.  */
  if (img->arch != NULL && img->arch->thumb_bit && out->type == STT_FUNC)
    out->addr &= ~(uint64_t) 1;
  bool in_section = out->shndx != SHN_UNDEF && out->shndx < SHN_LORESERVE;
  if (sym.st_shndx == SHN_XINDEX)
    in_section = true;
  if (in_section && out->shndx >= img->nsections)
    return image_fail (img, "symbol %zu (%s) is in section %" PRIu32 " of %zu", i, name,
                       out->shndx, img->nsections);
  /* In relocatable files st_value is an offset into its section.  */
  if (in_section && img->ehdr.e_type == ET_REL)
    out->addr += img->sections[out->shndx].addr;
  return 0;
}

/* Read the symbol table and index it.  */
static int
read_symbols (struct image *img)
{
  struct symtab *st = &img->symtab;
  struct section *sec = find_symtab_section (img);
  if (sec == NULL && img->ehdr.e_type != ET_REL)
    return read_kallsyms (img);
  if (sec == NULL)
    return image_fail (img, "no symbol table (.symtab): the object is stripped");
  size_t entsize = gelf_fsize (img->elf, ELF_T_SYM, 1, EV_CURRENT);
  if (sec->shdr.sh_entsize != entsize)
    return image_fail (img, "symbol table entry size is %" PRIu64 ", expected %zu",
                       (uint64_t) sec->shdr.sh_entsize, entsize);
  if (sec->shdr.sh_link >= img->nsections
      || img->sections[sec->shdr.sh_link].shdr.sh_type != SHT_STRTAB)
    return image_fail (img, "symbol table links to section %u, which is not a string table",
                       (unsigned) sec->shdr.sh_link);
  Elf_Data *data = elf_getdata (sec->scn, NULL);
  if (data == NULL || data->d_size < sec->shdr.sh_size)
    return image_fail (img, "cannot read the symbol table: %s", elf_errmsg (-1));
  size_t n = sec->shdr.sh_size / entsize;
  if (n > UINT32_MAX)
    return image_fail (img, "symbol table has %zu entries", n);
  Elf_Data *xdata = find_shndx_data (img, sec->index);
  st->section = sec->index;
  img->symbols_from = SYMTAB;
  st->syms = xreallocarray (NULL, n, sizeof *st->syms);
  st->n = n;
  for (size_t i = 0; i < n; i++)
    if (read_symbol (img, data, xdata, sec->shdr.sh_link, i, &st->syms[i]) < 0)
      return -1;
  symtab_index (st, img->nsections);
  return 0;
}

static int
index_elf (struct image *img)
{
  if (read_header (img) < 0 || read_sections (img) < 0 || read_symbols (img) < 0
      || decide_kind (img) < 0)
    return -1;
  read_build_id (img);
  return 0;
}

/* Raw kernel bytes have no section headers: these regions, between the
   boundary symbols the linker scripts define (include/asm-generic/
   vmlinux.lds.h TEXT_TEXT/_etext, RO_DATA __start_rodata, INIT_TEXT_SECTION
   _sinittext, __init_begin/__init_end, _sdata/_edata, BSS_SECTION), stand
   in for them.  The first covers all the bytes.  Later (inner) regions
   win where they overlap (image_section_at()).  */
static const struct region
{
  const char *name, *begin, *end;
  uint64_t flags;
} regions[] = {
  { IMAGE_WHOLE_REGION, NULL, NULL, SHF_ALLOC },
  { "[text]", "_text", "_etext", SHF_ALLOC | SHF_EXECINSTR },
  { "[rodata]", "__start_rodata", "__end_rodata", SHF_ALLOC },
  { "[data]", "_sdata", "_edata", SHF_ALLOC | SHF_WRITE },
  { IMAGE_INIT_REGION, "__init_begin", "__init_end", SHF_ALLOC | SHF_WRITE },
  { "[init text]", "_sinittext", "_einittext", SHF_ALLOC | SHF_EXECINSTR },
  { "[bss]", "__bss_start", "__bss_stop", SHF_ALLOC | SHF_WRITE },
};

/* Region R of bytes that start at LOAD, into SEC; false if the image does
   not define it.  */
static bool
place_region (struct image *img, const struct kallsyms *ks, const struct region *r,
              uint64_t load, struct section *sec)
{
  uint64_t begin = load, end = load + img->raw_size;
  if (r->begin != NULL
      && (!kallsyms_address (ks, r->begin, &begin) || !kallsyms_address (ks, r->end, &end)
          || end < begin || begin < load))
    return false;
  sec->name = r->name;
  sec->addr = begin;
  sec->shdr.sh_addr = begin;
  sec->shdr.sh_size = end - begin;
  sec->shdr.sh_flags = r->flags;
  sec->shdr.sh_offset = begin - load;
  sec->shdr.sh_type = SHT_PROGBITS;
  if (sec->shdr.sh_offset >= img->raw_size)
    sec->shdr.sh_type = SHT_NOBITS;
  else if (sec->shdr.sh_size > img->raw_size - sec->shdr.sh_offset)
    sec->shdr.sh_size = img->raw_size - sec->shdr.sh_offset;
  return true;
}

static void
place_regions (struct image *img, const struct kallsyms *ks, uint64_t load)
{
  img->sections = xcalloc (ARRAY_SIZE (regions) + 1, sizeof *img->sections);
  img->sections[0].name = "";
  img->nsections = 1;
  for (size_t i = 0; i < ARRAY_SIZE (regions); i++)
    {
      struct section *sec = &img->sections[img->nsections];
      if (place_region (img, ks, &regions[i], load, sec))
        sec->index = img->nsections++;
    }
  index_sections_by_address (img);
}

/* include/uapi/linux/utsname.h struct new_utsname: six fields of
   __NEW_UTS_LEN + 1 bytes, sysname ("Linux", UTS_SYSNAME) first and
   machine fifth.  init_uts_ns (init/version.c) holds it at its start or
   after a kref (before 4.x), so look for "Linux" in its first words.  */
#define UTS_FIELD 65
#define UTS_MACHINE_FIELD 4
#define UTS_SEARCH 64

static const struct arch_ops *
arch_from_uts (struct image *img, const struct kallsyms *ks)
{
  uint64_t addr;
  if (!kallsyms_address (ks, "init_uts_ns", &addr))
    return NULL;
  const struct section *sec = image_section_at (img, addr);
  size_t need = UTS_SEARCH + (UTS_MACHINE_FIELD + 1) * UTS_FIELD;
  const unsigned char *p = sec ? image_section_bytes (img, sec, addr - sec->addr, need) : NULL;
  for (size_t off = 0; p != NULL && off < UTS_SEARCH; off += 4)
    if (memcmp (p + off, "Linux", 6) == 0)
      {
        char machine[UTS_FIELD];
        memcpy (machine, p + off + UTS_MACHINE_FIELD * UTS_FIELD, UTS_FIELD);
        machine[UTS_FIELD - 1] = '\0';
        return arch_by_uts_machine (machine);
      }
  return NULL;
}

static void
fake_elf_header (struct image *img)
{
  img->ehdr.e_ident[EI_CLASS] = img->elfclass == 64 ? ELFCLASS64 : ELFCLASS32;
  img->ehdr.e_ident[EI_DATA] = img->big_endian ? ELFDATA2MSB : ELFDATA2LSB;
  img->ehdr.e_type = ET_EXEC;
  img->ehdr.e_machine = img->arch != NULL ? (GElf_Half) img->arch->machine : EM_NONE;
}

/* Raw kernel bytes (objcopy -O binary of a vmlinux, an arm64 Image): all
   they hold of themselves is kallsyms, which says where _text, the first
   byte, runs.  */
static int
open_headerless (struct image *img, const struct boot_payload *p)
{
  img->raw = (const char *) p->data;
  img->raw_size = p->size;
  img->headerless = true;
  struct kallsyms ks;
  struct kallsyms_hint hint = { p->elfclass > 0 ? (unsigned) p->elfclass / 8 : 0,
                                p->big_endian };
  char *err;
  if (kallsyms_read (p->data, p->size, &hint, &ks, &err) < 0)
    {
      if (ks.damaged)
        image_fail (img, "raw kernel bytes: %s", err);
      else if (p->container != NULL)
        image_fail (img, "%s: the kernel in it has no ELF headers and no kallsyms table "
                         "(built without CONFIG_KALLSYMS?): no symbols to read", p->container);
      else
        image_reject (img, "not an ELF file");  /* nor raw bytes with kallsyms */
      free (err);
      return -1;
    }
  img->elfclass = ks.ptr_size * 8;
  img->ptr_size = ks.ptr_size;
  img->big_endian = ks.big_endian;
  uint64_t load, end;
  img->arch = p->machine != EM_NONE ? arch_lookup (p->machine, img->elfclass) : NULL;
  /* a self-relocating kernel's kallsyms_relative_base holds 0 until boot */
  const char *first = arch_raw_first_symbol (img->arch);
  bool placed = kallsyms_address (&ks, first, &load) && kallsyms_address (&ks, "__init_end", &end)
                && !(ks.relative && ks.relative_base == 0);
  if (!placed && !rawkernel_locate (img, p->data, p->size, &ks, &load))
    {
      kallsyms_free (&ks);
      return image_fail (img, "raw kernel bytes: kallsyms lists no _text (without "
                              "CONFIG_KALLSYMS_ALL it lists code symbols only), so where the "
                              "bytes run is unknown");
    }
  place_regions (img, &ks, load);
  if (p->machine == EM_NONE)
    img->arch = arch_from_uts (img, &ks);
  if (img->arch == NULL)
    image_note (img, "the machine is unknown (no init_uts_ns in kallsyms, or one initscan "
                     "does not know)");
  fake_elf_header (img);
  adopt_kallsyms (img, &ks);
  image_note (img, "raw kernel bytes: no ELF sections; regions between boundary symbols "
                   "stand in for them, loaded at %s (0x%" PRIx64 ")", first, load);
  return decide_kind (img);
}

int
image_open_raw (struct image *img, const struct boot_payload *p)
{
  if (!p->in_file)
    {
      img->contents = (char *) p->data;
      img->contents_size = p->size;
    }
  if (!p->is_elf)
    return open_headerless (img, p);
  if (!open_elf_memory (img, p->data, p->size))
    return image_fail (img, "the kernel in the %s is not an ELF file", p->container);
  return index_elf (img);
}

/* A boot image (bzImage, Image, zImage, ...): its kernel becomes the
   bytes read, in place in the file or decompressed (then the file's
   mapping goes: a change to the file still shows in its size and time).
   Returns 1 with *P describing the kernel, 0 if the file is no boot image,
   -1 on failure.  */
static int
open_boot_image (struct image *img, uint64_t decompress_cap, struct boot_payload *p)
{
  char *err;
  uint64_t limit = decompression_limit (img->contents_size, decompress_cap);
  int rc = bootimage_unwrap ((const unsigned char *) img->contents, img->contents_size, limit, p,
                             &err);
  if (rc < 0)
    {
      image_fail (img, "%s", err);
      free (err);
    }
  if (rc <= 0)
    return rc;
  img->container = p->container;
  if (p->compression != NULL)
    img->compression = p->compression;
  if (!p->in_file)
    unmap_contents (img);
  return 1;
}

int
image_open (struct image *img, const char *path, uint64_t decompress_cap)
{
  memset (img, 0, sizeof *img);
  img->path = path;
  if (read_file (img, decompress_cap) < 0)
    return -1;
  stop_for_test (img->path);
  struct boot_payload p;
  int boot = open_boot_image (img, decompress_cap, &p);
  if (boot != 0)
    return boot < 0 ? -1 : image_open_raw (img, &p);
  unsigned char *data = (unsigned char *) img->contents;
  if (open_elf_memory (img, data, img->contents_size))
    return index_elf (img);
  /* no container: perhaps raw kernel bytes (objcopy -O binary) */
  struct boot_payload raw = { .data = data, .size = img->contents_size, .in_file = true,
                              .big_endian = -1 };
  return open_headerless (img, &raw);
}

static bool
same_file (const struct stat *a, const struct stat *b)
{
  return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size
         && a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

int
image_verify_unchanged (struct image *img)
{
  struct stat now;
  if (img->contents == NULL)
    return 0; /* nothing was read */
  bool changed = (img->guard != NULL && guard_tripped (img->guard))
                 || stat (img->path, &now) < 0 || !same_file (&img->opened, &now);
  if (!changed)
    return 0;
  free (img->error);
  img->error = xstrdup ("changed while being read");
  return -1;
}

void
image_close (struct image *img)
{
  symtab_free (&img->symtab);
  free (img->kallsyms_names);
  free (img->relocs);
  free (img->sections);
  free (img->by_addr);
  free (img->build_id);
  free (img->error);
  for (size_t i = 0; i < img->nnotes; i++)
    free (img->notes[i]);
  free (img->notes);
  if (img->elf != NULL)
    elf_end (img->elf);
  unmap_contents (img);
  img->elf = NULL;
}

void
image_discard (struct image *img)
{
  struct image kept = { .path = img->path, .error = img->error, .not_kernel = img->not_kernel,
                        .skipped = img->skipped };
  img->error = NULL;
  image_close (img);
  *img = kept;
}

int
image_reopen (struct image *img)
{
  if (img->compression == NULL)
    {
      int fd = open (img->path, O_RDONLY | O_CLOEXEC);
      struct stat now;
      if (fd >= 0 && (fstat (fd, &now) < 0 || !same_file (&img->opened, &now)))
        {
          close (fd);
          return -1; /* another file now: image_verify_unchanged() will say */
        }
      return fd;
    }
  int fd = memfd_create ("initscan-decompressed", MFD_CLOEXEC);
  const char *p = img->contents;
  size_t left = img->contents_size;
  while (fd >= 0 && left > 0)
    {
      ssize_t n = write (fd, p, left);
      if (n <= 0)
        {
          close (fd);
          return -1;
        }
      p += n, left -= (size_t) n;
    }
  if (fd >= 0)
    lseek (fd, 0, SEEK_SET);
  return fd;
}

const struct symbol *
image_symbol_containing (const struct image *img, uint64_t addr, uint64_t *offset)
{
  const struct section *sec = image_section_at (img, addr);
  return symbol_containing (&img->symtab, sec != NULL ? sec->index : NO_SECTION, addr, offset);
}
