/* Source positions through libdwfl.  libdwfl lays a relocatable file's
   sections out at addresses of its own (writing them into its copy of the
   section headers) and applies the DWARF relocations; initscan addresses
   are translated through the section index and offset.  */
#include "dwarf_src.h"

#include <dwarf.h>
#include <elfutils/libdwfl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "image.h"
#include "util.h"

struct srcmap
{
  Dwfl *dwfl;
  Dwfl_Module *mod;
  Elf *elf;        /* libdwfl's view, with its own section addresses */
  GElf_Addr bias;
  bool has_dwarf;
};

static const Dwfl_Callbacks offline_callbacks = {
  .find_debuginfo = dwfl_standard_find_debuginfo,
  .section_address = dwfl_offline_section_address,
};

static bool
image_has_dwarf (const struct image *img)
{
  for (size_t i = 0; i < img->nsections; i++)
    if (strcmp (img->sections[i].name, ".debug_info") == 0
        || strcmp (img->sections[i].name, ".zdebug_info") == 0)
      return true;
  return false;
}

static struct srcmap *
srcmap_open (struct image *img)
{
  struct srcmap *map = xcalloc (1, sizeof *map);
  if (!image_has_dwarf (img))
    {
      image_note (img, "no DWARF (.debug_info): source lines unavailable");
      return map;
    }
  map->dwfl = dwfl_begin (&offline_callbacks);
  if (map->dwfl == NULL)
    return map;
  /* libdwfl reads the file through its own descriptor (it takes
     ownership): it decompresses .xz/.gz itself (a .zst is already a
     plain memory file, see decompress.c) and relocates ET_REL DWARF.  */
  int fd = dup (img->fd);
  if (fd < 0 || lseek (fd, 0, SEEK_SET) < 0)
    return map;
  map->mod = dwfl_report_offline (map->dwfl, "", img->path, fd);
  dwfl_report_end (map->dwfl, NULL, NULL);
  if (map->mod != NULL)
    map->elf = dwfl_module_getelf (map->mod, &map->bias);
  map->has_dwarf = map->elf != NULL;
  if (!map->has_dwarf)
    image_note (img, "cannot read DWARF: %s", dwfl_errmsg (-1));
  return map;
}

void
srcmap_close (struct srcmap *map)
{
  if (map == NULL)
    return;
  if (map->dwfl != NULL)
    dwfl_end (map->dwfl);
  free (map);
}

/* The libdwfl address of an initscan address.  */
static bool
dwfl_address (struct image *img, struct srcmap *map, uint64_t addr, GElf_Addr *out)
{
  if (img->ehdr.e_type != ET_REL)
    {
      *out = addr + map->bias;
      return true;
    }
  const struct section *sec = image_section_at (img, addr);
  if (sec == NULL)
    return false;
  GElf_Shdr shdr;
  Elf_Scn *scn = elf_getscn (map->elf, sec->index);
  if (scn == NULL || gelf_getshdr (scn, &shdr) == NULL)
    return false;
  *out = shdr.sh_addr + (addr - sec->addr) + map->bias;
  return true;
}

/* Paths relative to the top of the kernel tree ("drivers/foo/bar.c", as
   the kernel's own messages print them), so that they do not depend on
   where a kernel was built.  kbuild runs the compiler from the top of the
   tree, or, building out of tree (make O=…, as Debian does), from a build
   directory inside it: then the assembler's absolute paths share the tree
   with the compilation directory, and that common part goes.  */
static const char *
relative_to_comp_dir (Dwfl_Line *line, const char *file)
{
  Dwarf_Die *cu = dwfl_linecu (line);
  Dwarf_Attribute attr;
  const char *dir = cu ? dwarf_formstring (dwarf_attr (cu, DW_AT_comp_dir, &attr)) : NULL;
  if (dir == NULL || file[0] != '/')
    return file;
  size_t len = strlen (dir);
  if (strncmp (file, dir, len) == 0 && file[len] == '/')
    return file + len + 1;
  /* the longest common directory of both, if deeper than the root */
  size_t common = 0;
  for (size_t i = 0; dir[i] != '\0' && dir[i] == file[i]; i++)
    if (dir[i] == '/')
      common = i;
  return common > 0 ? file + common + 1 : file;
}

bool
source_lookup (struct image *img, uint64_t addr, struct source_pos *pos)
{
  if (img->src == NULL)
    img->src = srcmap_open (img);
  struct srcmap *map = img->src;
  GElf_Addr a;
  if (!map->has_dwarf || !dwfl_address (img, map, addr, &a))
    return false;
  Dwfl_Line *line = dwfl_module_getsrc (map->mod, a);
  if (line == NULL)
    return false;
  int lineno = 0;
  const char *file = dwfl_lineinfo (line, NULL, &lineno, NULL, NULL, NULL);
  if (file == NULL)
    return false;
  pos->file = relative_to_comp_dir (line, file);
  pos->line = lineno;
  return true;
}
