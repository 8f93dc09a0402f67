/* Address formatting shared by the report formats.  */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dwarf/src.h"
#include "analysis/scan.h"
#include "index/image.h"
#include "report/report.h"
#include "analysis/rules.h"
#include "util/util.h"

char *
report_format_address (const struct image *img, uint64_t addr, char *buf, size_t size)
{
  if (img->ehdr.e_type == ET_REL)
    {
      const struct section *sec = image_section_at (img, addr);
      if (sec != NULL)
        addr -= sec->addr;
    }
  snprintf (buf, size, "0x%" PRIx64, addr);
  return buf;
}

const char *
report_section_flags (const GElf_Shdr *sh, char buf[4])
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
report_address_section (const struct image *img, uint64_t addr)
{
  const struct section *sec = image_section_at (img, addr);
  return sec != NULL ? sec->name : NULL;
}

/* The name modpost gives an input: the object it reads, which for a
   module is the .ko's pre-link .o (scripts/Makefile.modpost: modules.order
   with .ko turned into .o; in a build tree its entry there) and for a
   linked kernel vmlinux.o.  modpost 6.1 prints that file name, 6.12 the
   name without ".o" (new_module()).  */
char *
report_modpost_name (const struct scan *sc, char *buf, size_t size)
{
  const struct image *img = &sc->file;
  static const char *const suffixes[] = { ".ko.xz", ".ko.zst", ".ko.gz", ".ko", ".o" };
  const char *path = sc->tree_name != NULL        ? sc->tree_name
                     : img->kind == IMAGE_VMLINUX ? "vmlinux.o"
                                                  : img->path;
  size_t len = strlen (path);
  for (size_t i = 0; i < ARRAY_SIZE (suffixes); i++)
    if (str_ends_with (path, suffixes[i]))
      {
        len -= strlen (suffixes[i]);
        break;
      }
  bool with_o = sc->rules != NULL && ruleset_wording (sc->rules) == MODPOST_6_1;
  snprintf (buf, size, "%.*s%s", (int) len, path, with_o ? ".o" : "");
  return buf;
}

char *
report_format_symbol (const struct mismatch_end *end, const struct image *img, char *buf,
                      size_t size)
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
report_path_under (const char *root, const char *path)
{
  size_t len = strlen (root);
  while (len > 0 && root[len - 1] == '/')
    len--;
  if (strncmp (path, root, len) != 0 || path[len] != '/' || path[len + 1] == '\0')
    return NULL;
  return path + len + 1;
}

char *
report_source_path_under (const struct scan *sc, const char *root, const char *file)
{
  const char *rel = NULL;
  if (root != NULL && file[0] == '/')
    rel = report_path_under (root, file);
  else if (root != NULL && source_tree_root (sc->src) != NULL)
    {
      char *abs = xasprintf ("%s/%s", source_tree_root (sc->src), file);
      rel = report_path_under (root, abs);
      char *out = xstrdup (rel != NULL ? rel : file);
      free (abs);
      return out;
    }
  return xstrdup (rel != NULL ? rel : file);
}

char *
report_format_size (uint64_t bytes, char *buf, size_t size)
{
  static const char *const units[] = { "KiB", "MiB", "GiB", "TiB" };
  if (bytes < 1024)
    {
      snprintf (buf, size, "%" PRIu64 " B", bytes);
      return buf;
    }
  double v = (double) bytes / 1024;
  size_t u = 0;
  while (v >= 1024 && u + 1 < ARRAY_SIZE (units))
    v /= 1024, u++;
  snprintf (buf, size, "%.1f %s", v, units[u]);
  return buf;
}
