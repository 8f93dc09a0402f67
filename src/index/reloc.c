/* Reading relocation sections into struct reloc, for every architecture.  */
#include "index/reloc.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/arch.h"
#include "index/image.h"
#include "util/util.h"

static const struct reloc_type *
reloc_type_info (const struct arch_ops *arch, uint32_t type)
{
  for (size_t i = 0; i < arch->nreloc_types; i++)
    if (arch->reloc_types[i].type == type)
      return &arch->reloc_types[i];
  return NULL;
}

/* Why reading failed, into *WHY (allocated); -1.  */
static int
fail (char **why, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  if (vasprintf (why, fmt, ap) < 0)
    *why = NULL;
  va_end (ap);
  return -1;
}

static void
split_info (const struct image *img, uint64_t info, uint32_t *sym, uint32_t *type)
{
  /* gelf_getrel(a) widens ELF32 r_info to the ELF64 layout.  */
  if (img->arch->split_info != NULL)
    img->arch->split_info (img->big_endian, info, sym, type);
  else
    {
      *sym = GELF_R_SYM (info);
      *type = GELF_R_TYPE (info);
    }
}

/* In a linked image (--emit-relocs) the place no longer holds the addend
   but the relocated value: S + A, or S + A - P for PC-relative types.
   Recover A.  An absolute instruction field (ARM MOVW/MOVT) holds only
   part of the value and cannot be undone.  */
static void
linked_rel_addend (const struct image *img, const struct section *sec, struct reloc *r)
{
  uint64_t s = img->symtab.syms[r->sym].addr;
  uint64_t p = sec->addr + r->offset;
  if (r->info->kind == RELOC_PCREL)
    r->addend = (int64_t) ((uint64_t) r->addend + p - s);
  else if (r->info->width != 0)
    r->addend = (int64_t) ((uint64_t) r->addend - s);
  else
    r->info = NULL;
}

/* The addend of an SHT_REL entry: kept in the bytes it relocates.  */
static int
rel_addend (struct image *img, const struct section *sec,
            const struct arch_ops *arch, struct reloc *r, char **why)
{
  r->addend = 0;
  if (r->info == NULL || r->info->kind == RELOC_IGNORE)
    return 0;
  if (sec->shdr.sh_type == SHT_NOBITS)
    return fail (why, "relocation at %s+0x%" PRIx64 " patches a section with no contents",
                       sec->name, r->offset);
  size_t avail = sec->shdr.sh_size - r->offset;
  const unsigned char *p = image_section_bytes (img, sec, r->offset, avail);
  if (p == NULL)
    return fail (why, "relocation at %s+0x%" PRIx64 " is outside the section",
                       sec->name, r->offset);
  if (r->info->width != 0)
    {
      if (avail < r->info->width)
        return fail (why, "relocation at %s+0x%" PRIx64 " runs past the section end",
                           sec->name, r->offset);
      r->addend = sign_extend (read_uint (p, r->info->width, img->big_endian),
                               8 * r->info->width);
    }
  else if (arch->rel_addend == NULL
           || !arch->rel_addend (img->big_endian, r->type, p, avail, &r->addend))
    {
      r->info = NULL; /* cannot decode: treat as unknown */
      return 0;
    }
  if (img->kind == IMAGE_VMLINUX)
    linked_rel_addend (img, sec, r);
  return 0;
}

static int
compare_reloc (const void *a, const void *b)
{
  const struct reloc *x = a, *y = b;
  if (x->offset != y->offset)
    return x->offset < y->offset ? -1 : 1;
  return 0;
}

static bool
relocs_sorted (const struct reloc *r, size_t n)
{
  for (size_t i = 1; i < n; i++)
    if (r[i - 1].offset > r[i].offset)
      return false;
  return true;
}

long
reloc_read_or_say (struct image *img, const struct section *sec, struct reloc **out, char **why)
{
  *out = NULL;
  if (sec->reloc_section == 0)
    return 0;
  const struct section *rs = &img->sections[sec->reloc_section];
  const struct arch_ops *arch = img->arch;
  if (arch == NULL)
    return fail (why, "relocations of machine %u are not supported",
                       (unsigned) img->ehdr.e_machine);
  bool rela = rs->shdr.sh_type == SHT_RELA;
  size_t entsize = gelf_fsize (img->elf, rela ? ELF_T_RELA : ELF_T_REL, 1, EV_CURRENT);
  if (rs->shdr.sh_entsize != entsize)
    return fail (why, "section %s has entry size %" PRIu64 ", expected %zu",
                       rs->name, (uint64_t) rs->shdr.sh_entsize, entsize);
  if (rs->shdr.sh_link != img->symtab.section)
    return fail (why, "section %s does not use the symbol table", rs->name);
  Elf_Data *data = elf_getdata (rs->scn, NULL);
  if (data == NULL || data->d_size != rs->shdr.sh_size)
    return fail (why, "cannot read section %s: %s", rs->name, elf_errmsg (-1));
  size_t total = rs->shdr.sh_size / entsize, n = 0;
  struct reloc *relocs = xreallocarray (NULL, total, sizeof *relocs);
  for (size_t i = 0; i < total; i++)
    {
      struct reloc *r = &relocs[n];
      uint64_t info;
      if (rela)
        {
          GElf_Rela rel;
          if (gelf_getrela (data, (int) i, &rel) == NULL)
            goto bad;
          r->offset = rel.r_offset;
          r->addend = rel.r_addend;
          info = rel.r_info;
        }
      else
        {
          GElf_Rel rel;
          if (gelf_getrel (data, (int) i, &rel) == NULL)
            goto bad;
          r->offset = rel.r_offset;
          info = rel.r_info;
        }
      split_info (img, info, &r->sym, &r->type);
      /* Type 0 is R_*_NONE on every architecture: nothing to apply.
         scripts/sorttable blanks the relocations of the sorted
         __ex_table of a linked kernel this way.  */
      if (r->type == 0)
        continue;
      r->info = reloc_type_info (arch, r->type);
      /* In linked images (--emit-relocs) r_offset is an address.  */
      if (img->kind == IMAGE_VMLINUX)
        r->offset -= sec->shdr.sh_addr;
      if (r->offset >= sec->shdr.sh_size)
        {
          fail (why, "relocation %zu of %s is outside %s", i, rs->name, sec->name);
          free (relocs);
          return -1;
        }
      if (r->sym >= img->symtab.n)
        {
          fail (why, "relocation %zu of %s names symbol %u of %zu", i, rs->name,
                      (unsigned) r->sym, img->symtab.n);
          free (relocs);
          return -1;
        }
      if (!rela && rel_addend (img, sec, arch, r, why) < 0)
        {
          free (relocs);
          return -1;
        }
      n++;
    }
  if (n == 0)
    {
      free (relocs);
      return 0;
    }
  if (!relocs_sorted (relocs, n))
    qsort (relocs, n, sizeof *relocs, compare_reloc);
  *out = relocs;
  return (long) n;

bad:
  free (relocs);
  return fail (why, "cannot read section %s: %s", rs->name, elf_errmsg (-1));
}

const struct reloc *
reloc_at (const struct reloc *relocs, size_t n, uint64_t offset)
{
  /* struct reloc starts with its offset */
  size_t lo = offset > 0 ? first_above (relocs, n, sizeof *relocs, offset - 1) : 0;
  if (lo < n && relocs[lo].offset == offset)
    return &relocs[lo];
  return NULL;
}

uint64_t
reloc_target (const struct image *img, const struct reloc *r)
{
  const struct symbol *s = &img->symtab.syms[r->sym];
  uint64_t addr = s->addr + (uint64_t) r->addend;
  return img->elfclass == 32 ? (uint32_t) addr : addr;
}

long
reloc_read (struct image *img, const struct section *sec, struct reloc **out)
{
  char *why = NULL;
  long n = reloc_read_or_say (img, sec, out, &why);
  if (n < 0)
    image_fail (img, "%s", why != NULL ? why : "out of memory");
  free (why);
  return n;
}
