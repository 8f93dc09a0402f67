/* Reading DWARF sections through a bounded, relocation-aware cursor.  */
#include "dwarf/read.h"

#include <dwarf.h>
#include <stdlib.h>
#include <string.h>

#include "index/image.h"
#include "index/reloc.h"
#include "util/util.h"

/* Whether libelf has not inflated SEC yet: its header still says
   SHF_COMPRESSED, or a .zdebug_* section still starts with "ZLIB".  */
static bool
still_compressed (const struct section *sec, bool gnu_compressed)
{
  if (!gnu_compressed)
    {
      GElf_Shdr live;
      return gelf_getshdr (sec->scn, &live) != NULL && (live.sh_flags & SHF_COMPRESSED);
    }
  Elf_Data *data = elf_getdata (sec->scn, NULL);
  return data == NULL || data->d_buf == NULL || data->d_size < 4
         || memcmp (data->d_buf, "ZLIB", 4) == 0;
}

/* A debug section as libelf hands it out: in place when stored plainly,
   inflated when SHF_COMPRESSED (ELF gABI) or named .zdebug_* (the older
   GNU scheme).  */
static const unsigned char *
section_contents (struct image *img, struct section *sec, bool gnu_compressed, size_t *size)
{
  if (sec->shdr.sh_type == SHT_NOBITS)
    return NULL;
  if (!gnu_compressed && !(sec->shdr.sh_flags & SHF_COMPRESSED))
    {
      *size = sec->shdr.sh_size;
      return image_section_bytes (img, sec, 0, sec->shdr.sh_size);
    }
  /* libelf inflates a section in place, once: a second reader (the line
     tables and src/analysis/linked.c both read .debug_info) finds it done */
  int done = 0;
  if (still_compressed (sec, gnu_compressed))
    done = gnu_compressed ? elf_compress_gnu (sec->scn, 0, 0) : elf_compress (sec->scn, 0, 0);
  Elf_Data *data = done < 0 ? NULL : elf_getdata (sec->scn, NULL);
  if (data == NULL || data->d_buf == NULL)
    return NULL;
  *size = data->d_size;
  return data->d_buf;
}

/* The relocations of a debug section of a relocatable file.  A damaged
   relocation table costs the source lines, not the whole analysis.  */
static bool
section_relocs (struct image *img, const struct section *sec, struct dwr_section *out)
{
  if (img->kind == IMAGE_VMLINUX)
    return true; /* already applied by the linker (--emit-relocs copies) */
  char *why = NULL;
  long n = reloc_read_or_say (img, sec, &out->relocs, &why);
  if (n >= 0)
    {
      out->nrelocs = (size_t) n;
      return true;
    }
  image_note (img, "cannot read DWARF: %s", why != NULL ? why : "out of memory");
  free (why);
  return false;
}

bool
dwr_section_load (struct image *img, const char *name, struct dwr_section *out)
{
  *out = (struct dwr_section) { .name = name };
  struct section *sec = image_section_by_name (img, name);
  bool gnu_compressed = false;
  if (sec == NULL && str_starts_with (name, ".debug_"))
    {
      char *zname = xasprintf (".z%s", name + 1);
      sec = image_section_by_name (img, zname);
      free (zname);
      gnu_compressed = sec != NULL;
    }
  if (sec == NULL)
    return true;
  out->data = section_contents (img, sec, gnu_compressed, &out->size);
  if (out->data == NULL)
    {
      image_note (img, "cannot read DWARF: section %s: %s", sec->name, elf_errmsg (-1));
      return false;
    }
  return section_relocs (img, sec, out);
}

void
dwr_section_free (struct dwr_section *sec)
{
  free (sec->relocs);
  sec->relocs = NULL;
}

struct dwr_cursor
dwr_cursor (const struct image *img, const struct dwr_section *sec, size_t start, size_t end)
{
  if (end > sec->size)
    end = sec->size;
  struct dwr_cursor c = { .img = img, .sec = sec, .pos = start, .end = end };
  c.bad = sec->data == NULL || start > end;
  return c;
}

/* True if N more bytes can be read; marks the cursor bad otherwise.  */
static bool
available (struct dwr_cursor *c, uint64_t n)
{
  if (!c->bad && c->pos <= c->end && n <= c->end - c->pos)
    return true;
  c->bad = true;
  return false;
}

void
dwr_skip (struct dwr_cursor *c, uint64_t n)
{
  if (available (c, n))
    c->pos += n;
}

uint64_t
dwr_u8 (struct dwr_cursor *c)
{
  return available (c, 1) ? c->sec->data[c->pos++] : 0;
}

uint64_t
dwr_u16 (struct dwr_cursor *c)
{
  return dwr_field (c, 2);
}

/* The value a relocation gives the field at OFF, if one applies.  */
static bool
relocated_value (const struct dwr_cursor *c, size_t off, uint64_t *value)
{
  const struct reloc *r = reloc_at (c->sec->relocs, c->sec->nrelocs, off);
  if (r == NULL || r->info == NULL || r->info->kind != RELOC_ABS)
    return false;
  *value = reloc_target (c->img, r);
  return true;
}

uint64_t
dwr_field (struct dwr_cursor *c, unsigned width)
{
  if (!available (c, width))
    return 0;
  size_t off = c->pos;
  c->pos += width;
  uint64_t v;
  if (c->sec->nrelocs == 0 || !relocated_value (c, off, &v))
    v = read_uint (c->sec->data + off, width, c->img->big_endian);
  return width < 8 ? v & ((UINT64_C (1) << (8 * width)) - 1) : v;
}

uint64_t
dwr_uleb (struct dwr_cursor *c)
{
  uint64_t v = 0;
  for (unsigned shift = 0; available (c, 1); shift += 7)
    {
      unsigned char b = c->sec->data[c->pos++];
      if (shift < 64)
        v |= (uint64_t) (b & 0x7f) << shift;
      if (!(b & 0x80))
        return v;
    }
  return 0;
}

int64_t
dwr_sleb (struct dwr_cursor *c)
{
  uint64_t v = 0;
  for (unsigned shift = 0; available (c, 1);)
    {
      unsigned char b = c->sec->data[c->pos++];
      if (shift < 64)
        v |= (uint64_t) (b & 0x7f) << shift;
      shift += 7;
      if (!(b & 0x80))
        return shift < 64 ? sign_extend (v, shift) : (int64_t) v;
    }
  return 0;
}

void
dwr_skip_abbrev_specs (struct dwr_cursor *c)
{
  for (;;)
    {
      uint64_t name = dwr_uleb (c), form = dwr_uleb (c);
      if (form == DW_FORM_implicit_const)
        dwr_sleb (c);
      if (c->bad || (name == 0 && form == 0))
        return;
    }
}

const char *
dwr_cstr (struct dwr_cursor *c)
{
  if (c->bad || c->pos >= c->end)
    {
      c->bad = true;
      return NULL;
    }
  const char *s = (const char *) c->sec->data + c->pos;
  const char *nul = memchr (s, '\0', c->end - c->pos);
  if (nul == NULL)
    {
      c->bad = true;
      return NULL;
    }
  c->pos += (size_t) (nul - s) + 1;
  return s;
}

const char *
dwr_string_at (const struct dwr_section *strs, uint64_t off)
{
  if (strs == NULL || strs->data == NULL || off >= strs->size)
    return NULL;
  const char *s = (const char *) strs->data + off;
  return memchr (s, '\0', strs->size - off) ? s : NULL;
}

size_t
dwr_unit_length (struct dwr_cursor *c, unsigned *offset_size)
{
  uint64_t len = dwr_field (c, 4);
  *offset_size = 4;
  if (len == 0xffffffff)
    {
      len = dwr_field (c, 8);
      *offset_size = 8;
    }
  else if (len >= 0xfffffff0)
    c->bad = true; /* reserved values */
  if (c->bad || len > c->end - c->pos)
    return 0;
  return c->pos + len;
}

bool
dwr_next_unit (struct dwr_cursor *c, size_t *start, struct dwr_cursor *unit,
                 unsigned *offset_size)
{
  if (c->bad || c->pos >= c->end)
    return false;
  *start = c->pos;
  size_t end = dwr_unit_length (c, offset_size);
  if (end == 0)
    return false;
  *unit = dwr_cursor (c->img, c->sec, c->pos, end);
  c->pos = end;
  return true;
}

bool
dwr_info_unit (struct dwr_cursor *c, struct dwr_form_env *env, uint64_t *abbrev)
{
  c->end = dwr_unit_length (c, &env->offset_size);
  if (c->end == 0)
    return false;
  env->version = (unsigned) dwr_u16 (c);
  if (env->version >= 5)
    {
      unsigned type = (unsigned) dwr_u8 (c);
      env->address_size = (unsigned) dwr_u8 (c);
      *abbrev = dwr_field (c, env->offset_size);
      if (type == DW_UT_skeleton || type == DW_UT_split_compile)
        dwr_skip (c, 8); /* dwo_id */
      else if (type != DW_UT_compile && type != DW_UT_partial)
        return false;
    }
  else
    {
      *abbrev = dwr_field (c, env->offset_size);
      env->address_size = (unsigned) dwr_u8 (c);
    }
  return !c->bad && env->version >= 2 && env->version <= 5;
}

/* Forms of a fixed size: that size in bytes (DWARF 5, 7.5.6).  */
static unsigned
fixed_form_size (uint64_t form, const struct dwr_form_env *env)
{
  switch (form)
    {
    case DW_FORM_flag_present: case DW_FORM_implicit_const: return 0;
    case DW_FORM_data1: case DW_FORM_ref1: case DW_FORM_flag:
    case DW_FORM_strx1: case DW_FORM_addrx1: return 1;
    case DW_FORM_data2: case DW_FORM_ref2: case DW_FORM_strx2: case DW_FORM_addrx2: return 2;
    case DW_FORM_strx3: case DW_FORM_addrx3: return 3;
    case DW_FORM_data4: case DW_FORM_ref4: case DW_FORM_strx4: case DW_FORM_addrx4: return 4;
    case DW_FORM_data8: case DW_FORM_ref8: case DW_FORM_ref_sig8: return 8;
    case DW_FORM_data16: return 16;
    case DW_FORM_addr: return env->address_size;
    case DW_FORM_strp: case DW_FORM_line_strp: case DW_FORM_sec_offset:
    case DW_FORM_GNU_ref_alt: case DW_FORM_GNU_strp_alt: return env->offset_size;
    /* DWARF 2 gave DW_FORM_ref_addr the size of an address */
    case DW_FORM_ref_addr: return env->version == 2 ? env->address_size : env->offset_size;
    default: return 0xff;
    }
}

/* Forms whose value is an unsigned LEB128.  */
static bool
uleb_form (uint64_t form)
{
  switch (form)
    {
    case DW_FORM_udata: case DW_FORM_ref_udata: case DW_FORM_strx: case DW_FORM_addrx:
    case DW_FORM_loclistx: case DW_FORM_rnglistx: case DW_FORM_GNU_addr_index:
    case DW_FORM_GNU_str_index:
      return true;
    default:
      return false;
    }
}

static bool
block_form (struct dwr_cursor *c, uint64_t form)
{
  uint64_t len;
  switch (form)
    {
    case DW_FORM_block1: len = dwr_u8 (c); break;
    case DW_FORM_block2: len = dwr_u16 (c); break;
    case DW_FORM_block4: len = dwr_field (c, 4); break;
    case DW_FORM_block: case DW_FORM_exprloc: len = dwr_uleb (c); break;
    default: return false;
    }
  dwr_skip (c, len);
  return true;
}

bool
dwr_form_value (struct dwr_cursor *c, uint64_t form, const struct dwr_form_env *env,
                  struct dwr_value *v)
{
  *v = (struct dwr_value) { 0 };
  if (form == DW_FORM_indirect)
    {
      form = dwr_uleb (c);
      if (form == DW_FORM_indirect)
        form = 0; /* no chains: unknown */
    }
  unsigned size = fixed_form_size (form, env);
  if (form == DW_FORM_string)
    v->str = dwr_cstr (c);
  else if (form == DW_FORM_sdata)
    v->u = (uint64_t) dwr_sleb (c);
  else if (uleb_form (form))
    v->u = dwr_uleb (c);
  else if (block_form (c, form))
    ;
  else if (size == 0xff)
    {
      c->bad = true;
      return false;
    }
  else if (size == 1 || size == 2 || size == 4 || size == 8)
    v->u = dwr_field (c, size);
  else
    dwr_skip (c, size); /* 0, 3, 16 bytes: nothing initscan reads */
  if (form == DW_FORM_strp)
    v->str = dwr_string_at (env->str, v->u);
  else if (form == DW_FORM_line_strp)
    v->str = dwr_string_at (env->line_str, v->u);
  return !c->bad;
}

void
dwr_aranges_walk (const struct image *img, const struct dwr_section *sec,
                    void (*fn) (void *arg, uint64_t unit, uint64_t lo, uint64_t hi), void *arg)
{
  struct dwr_cursor c = dwr_cursor (img, sec, 0, sec->size), s;
  size_t set;
  unsigned offset_size;
  while (dwr_next_unit (&c, &set, &s, &offset_size))
    {
      unsigned version = (unsigned) dwr_u16 (&s);
      uint64_t unit = dwr_field (&s, offset_size);
      unsigned asize = (unsigned) dwr_u8 (&s);
      if (version != 2 || dwr_u8 (&s) != 0 || (asize != 4 && asize != 8))
        continue;
      /* the tuples start at a multiple of twice the address size */
      dwr_skip (&s, (2 * asize - (s.pos - set) % (2 * asize)) % (2 * asize));
      while (!s.bad && s.pos < s.end)
        {
          uint64_t lo = dwr_field (&s, asize), len = dwr_field (&s, asize);
          if (len != 0 && !s.bad && lo + len > lo)
            fn (arg, unit, lo, lo + len);
        }
    }
}
