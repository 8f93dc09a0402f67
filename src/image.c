/* Opening a kernel ELF image: checks that every table initscan reads lies
   inside the file, indexes sections and symbols, and decides the kind of
   image.  Compressed modules are opened through dwelf_elf_begin().  */
#include "image.h"

#include <elfutils/libdwelf.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arch.h"
#include "decompress.h"
#include "dwarf_decl.h"
#include "dwarf_src.h"
#include "util.h"

/* A compressed input may expand to 256 times its size (zstd compresses
   kernel modules 4 to 10 times), at least 64 MiB and at most 4 GiB: memory
   stays proportional to the file, so a crafted one cannot exhaust it.  */
static size_t
decompression_limit (uint64_t compressed)
{
  uint64_t limit = compressed > (UINT64_C (4) << 30) / 256 ? UINT64_C (4) << 30 : compressed * 256;
  return (size_t) (limit < (UINT64_C (64) << 20) ? UINT64_C (64) << 20 : limit);
}

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

size_t
image_ncalls (const struct image *img)
{
  return img->ncon_initcalls + img->ninitcalls;
}

struct initcall *
image_call (const struct image *img, size_t i)
{
  return i < img->ncon_initcalls ? &img->con_initcalls[i]
                                 : &img->initcalls[i - img->ncon_initcalls];
}

const char *
image_section_kind (const struct image *img, const struct section *sec)
{
  const struct init_memory *im = &img->initmem;
  if (sec->cls != NULL)
    return sec->cls->kind;
  if (im->present && (sec->shdr.sh_flags & SHF_ALLOC) && sec->addr >= im->begin
      && sec->addr < im->end)
    return "in-init-range";
  return NULL;
}

struct section *
image_section_by_name (struct image *img, const char *name)
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

struct section *
image_section_at (struct image *img, uint64_t addr)
{
  size_t lo = 0, hi = img->nby_addr;
  while (lo < hi)
    {
      size_t mid = lo + (hi - lo) / 2;
      if (img->sections[img->by_addr[mid]].addr <= addr)
        lo = mid + 1;
      else
        hi = mid;
    }
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
section_bytes (struct image *img, const struct section *sec, uint64_t off, uint64_t len)
{
  if (sec->shdr.sh_type == SHT_NOBITS || off > sec->shdr.sh_size
      || len > sec->shdr.sh_size - off)
    return NULL;
  /* image_open() checked that the section lies inside the file.  */
  return (const unsigned char *) img->raw + sec->shdr.sh_offset + off;
}

static int
open_elf (struct image *img)
{
  struct stat st;
  /* O_NONBLOCK: opening a FIFO must not wait for a writer */
  img->fd = open (img->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (img->fd < 0)
    return image_fail (img, "%s", strerror (errno));
  if (fstat (img->fd, &st) < 0)
    return image_fail (img, "%s", strerror (errno));
  if (S_ISDIR (st.st_mode))
    return image_fail (img, "is a directory");
  if (!S_ISREG (st.st_mode))
    return image_fail (img, "not a regular file");
  if (st.st_size == 0)
    return image_reject (img, "empty file");
  const char *err;
  int fd = zstd_unwrap (img->fd, decompression_limit ((uint64_t) st.st_size), &err);
  if (fd < 0)
    return image_fail (img, "%s", err);
  if (fd != img->fd)
    {
      close (img->fd);
      img->fd = fd;
    }
  img->elf = dwelf_elf_begin (img->fd);
  if (img->elf == NULL)
    return image_fail (img, "not an ELF file (or a damaged compressed one)");
  if (elf_kind (img->elf) != ELF_K_ELF)
    return image_reject (img, "not an ELF file");
  img->raw = elf_rawfile (img->elf, &img->raw_size);
  if (img->raw == NULL)
    return image_fail (img, "cannot read: %s", elf_errmsg (-1));
  return 0;
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

int
image_open (struct image *img, const char *path)
{
  memset (img, 0, sizeof *img);
  img->path = path;
  img->fd = -1;
  if (open_elf (img) < 0 || read_header (img) < 0 || read_sections (img) < 0
      || symtab_load (img) < 0 || decide_kind (img) < 0)
    return -1;
  read_build_id (img);
  return 0;
}

void
image_close (struct image *img)
{
  srcmap_close (img->src);
  decl_close (img->decl);
  symtab_free (&img->symtab);
  free (img->sections);
  free (img->by_addr);
  free (img->build_id);
  free (img->error);
  for (size_t i = 0; i < img->nnotes; i++)
    free (img->notes[i]);
  free (img->notes);
  free (img->initcalls);
  free (img->con_initcalls);
  free (img->initmem.by_section);
  free (img->attrib.parts);
  free (img->mismatches);
  if (img->prelink != NULL)
    {
      image_close (img->prelink);
      free (img->prelink);
      img->prelink = NULL;
    }
  if (img->elf != NULL)
    elf_end (img->elf);
  if (img->fd >= 0)
    close (img->fd);
  img->elf = NULL;
  img->fd = -1;
}
