/* Address formatting shared by the report formats.  */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dwarf_src.h"
#include "image.h"
#include "report.h"
#include "util.h"

char *
format_address (const struct image *img, uint64_t addr, char *buf, size_t size)
{
  if (img->ehdr.e_type == ET_REL)
    {
      const struct section *sec = image_section_at ((struct image *) img, addr);
      if (sec != NULL)
        addr -= sec->addr;
    }
  snprintf (buf, size, "0x%" PRIx64, addr);
  return buf;
}

const char *
section_flags (const GElf_Shdr *sh, char buf[4])
{
  char *p = buf;
  if (sh->sh_flags & SHF_WRITE)
    *p++ = 'W';
  if (sh->sh_flags & SHF_ALLOC)
    *p++ = 'A';
  if (sh->sh_flags & SHF_EXECINSTR)
    *p++ = 'X';
  *p = '\0';
  return buf;
}

const char *
address_section (const struct image *img, uint64_t addr)
{
  const struct section *sec = image_section_at ((struct image *) img, addr);
  return sec != NULL ? sec->name : NULL;
}

char *
modpost_name (const struct image *img, char *buf, size_t size)
{
  if (img->tree_name != NULL)
    snprintf (buf, size, "%s", img->tree_name);
  else if (img->kind == IMAGE_MODULE && img->module.name != NULL)
    snprintf (buf, size, "%s", img->module.name);
  else if (img->kind == IMAGE_VMLINUX)
    snprintf (buf, size, "vmlinux");
  else
    {
      size_t len = strlen (img->path);
      if (len > 2 && strcmp (img->path + len - 2, ".o") == 0)
        len -= 2;
      snprintf (buf, size, "%.*s", (int) len, img->path);
    }
  return buf;
}

char *
format_symbol (const struct mismatch_end *end, const struct image *img, char *buf, size_t size)
{
  if (end->symbol != NULL && end->offset != 0)
    snprintf (buf, size, "%s+0x%" PRIx64, end->symbol, end->offset);
  else if (end->symbol != NULL)
    snprintf (buf, size, "%s", end->symbol);
  else
    snprintf (buf, size, "%s+0x%" PRIx64, end->section, end->offset);
  (void) img;
  return buf;
}

const char *
path_under (const char *root, const char *path)
{
  size_t len = strlen (root);
  while (len > 0 && root[len - 1] == '/')
    len--;
  if (strncmp (path, root, len) != 0 || path[len] != '/' || path[len + 1] == '\0')
    return NULL;
  return path + len + 1;
}

char *
source_path_under (const struct image *img, const char *root, const char *file)
{
  const char *rel = NULL;
  if (root != NULL && file[0] == '/')
    rel = path_under (root, file);
  else if (root != NULL && source_tree_root (img) != NULL)
    {
      char *abs = xasprintf ("%s/%s", source_tree_root (img), file);
      rel = path_under (root, abs);
      char *out = xstrdup (rel != NULL ? rel : file);
      free (abs);
      return out;
    }
  return xstrdup (rel != NULL ? rel : file);
}
