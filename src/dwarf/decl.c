/* Where a symbol is defined, from DWARF, through libdw.

   Only the top-level DIEs of each unit are read (a file-scope variable
   or a function is a child of its unit), DW_AT_sibling skipping their
   children, and only in the units that may define what is looked up: a
   local symbol's unit is the one of its STT_FILE group.  Measured on
   Debian's 6.1 amd64 -dbg vmlinux (173 MB of .debug_info, 2350 units,
   3.9 million top-level DIEs): 0.38 s for a global name when every unit
   must be read, none when the names are found early or are local.

   A relocatable file's DWARF needs its relocations applied (string
   offsets, the units' abbreviation offsets): libdwfl does that for every
   debug section at once, 0.1 s for btrfs.ko (8 MB of .debug_info, 13 MB
   of relocations), but 5 s and 1.9 GB for an "ld -r" of 400 Debian
   modules (564 MB of .debug_info, 35 million relocations), which puts a
   vmlinux.o (a third of that) at about 1.5 s.  That is why it is opened
   only when a finding needs it, never for the line tables (src/dwarf/src.c
   reads those relocating only the fields it needs).  */
#include "dwarf/decl.h"

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dwarf/src.h"
#include "index/image.h"
#include "util/util.h"

struct decl_session
{
  Dwfl *dwfl;   /* relocatable files; NULL for linked images */
  Dwarf *dw;    /* NULL: no DWARF, or it could not be read */
  char **paths; /* the normalised file names handed out */
  size_t npaths, paths_cap;
};

/* Separate debug files are not looked for: the answer would depend on
   what the machine has installed, and a stripped file should give the
   same report everywhere.  */
static int
no_debuginfo (Dwfl_Module *mod, void **userdata, const char *modname, Dwarf_Addr base,
              const char *file_name, const char *debuglink_file, GElf_Word debuglink_crc,
              char **debuginfo_file_name)
{
  (void) mod, (void) userdata, (void) modname, (void) base, (void) file_name;
  (void) debuglink_file, (void) debuglink_crc, (void) debuginfo_file_name;
  return -1;
}

static const Dwfl_Callbacks offline_callbacks = {
  .find_debuginfo = no_debuginfo,
  .section_address = dwfl_offline_section_address,
};

static Dwarf *
open_relocated (struct image *img, Dwfl **dwfl)
{
  /* libdwfl closes the descriptor it is given; a compressed file comes
     decompressed (within initscan's limit), so libdwfl has nothing left to
     decompress */
  int fd = image_reopen (img);
  if (fd < 0)
    return NULL;
  *dwfl = dwfl_begin (&offline_callbacks);
  if (*dwfl == NULL)
    {
      close (fd);
      return NULL;
    }
  dwfl_report_begin (*dwfl);
  Dwfl_Module *mod = dwfl_report_offline (*dwfl, "", img->path, fd);
  dwfl_report_end (*dwfl, NULL, NULL);
  Dwarf_Addr bias;
  return mod != NULL ? dwfl_module_getdwarf (mod, &bias) : NULL;
}

static bool
has_debug_info (struct image *img)
{
  return image_section_by_name (img, ".debug_info") != NULL
         || image_section_by_name (img, ".zdebug_info") != NULL;
}

static struct decl_session *
decl_open (struct image *img)
{
  struct decl_session *s = xcalloc (1, sizeof *s);
  if (!has_debug_info (img))
    return s;
  if (img->kind == IMAGE_VMLINUX)
    s->dw = dwarf_begin_elf (img->elf, DWARF_C_READ, NULL);
  else
    s->dw = open_relocated (img, &s->dwfl);
  if (s->dw == NULL)
    image_note (img, "DWARF (.debug_info) unreadable: %s; declaration lines unavailable",
                s->dwfl != NULL ? dwfl_errmsg (-1) : dwarf_errmsg (-1));
  return s;
}

void
decl_close (struct decl_session *s)
{
  if (s == NULL)
    return;
  if (s->dwfl != NULL)
    dwfl_end (s->dwfl);
  else if (s->dw != NULL)
    dwarf_end (s->dw);
  for (size_t i = 0; i < s->npaths; i++)
    free (s->paths[i]);
  free (s->paths);
  free (s);
}

/* A request under the name DWARF gives its symbol.  */
struct wanted
{
  char *name;
  struct decl_request *req;
  bool done;
};

struct search
{
  struct wanted *wanted;   /* sorted by name */
  size_t n, left;
  const char **local_files; /* sorted base names of the local symbols' STT_FILEs */
  size_t nlocal_files;
  size_t anywhere;          /* unresolved requests any unit may define */
  bool linked;              /* DWARF addresses are the symbols' addresses */
  struct decl_session *session;
};

static int
compare_wanted (const void *a, const void *b)
{
  return strcmp (((const struct wanted *) a)->name, ((const struct wanted *) b)->name);
}

/* bsearch of a name (KEY) among the wanted.  */
static int
compare_name_wanted (const void *key, const void *b)
{
  return strcmp (key, ((const struct wanted *) b)->name);
}

static int
compare_strings (const void *a, const void *b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static const char *
base_name (const char *path)
{
  const char *slash = strrchr (path, '/');
  return slash ? slash + 1 : path;
}

/* A local symbol with an STT_FILE is defined in a unit of that file.  */
static const char *
local_file (const struct symbol *sym)
{
  return sym->bind == STB_LOCAL && sym->file != NULL ? base_name (sym->file) : NULL;
}

/* The address DWARF gives DIE (a function's entry, a variable's
   DW_OP_addr location), false if none.  */
static bool
die_address (Dwarf_Die *die, Dwarf_Addr *addr)
{
  if (dwarf_tag (die) == DW_TAG_subprogram)
    return dwarf_lowpc (die, addr) == 0;
  Dwarf_Attribute attr;
  Dwarf_Op *ops;
  size_t nops;
  if (dwarf_attr (die, DW_AT_location, &attr) == NULL
      || dwarf_getlocation (&attr, &ops, &nops) != 0 || nops != 1 || ops[0].atom != DW_OP_addr)
    return false;
  *addr = ops[0].number;
  return true;
}

/* Whether DIE, of unit file CU_FILE, defines the symbol of W.  */
static bool
defines (Dwarf_Die *die, const char *cu_file, const struct wanted *w, bool linked)
{
  const struct symbol *sym = w->req->sym;
  int tag = dwarf_tag (die);
  if ((sym->type == STT_FUNC && tag != DW_TAG_subprogram)
      || (sym->type == STT_OBJECT && tag != DW_TAG_variable)
      || dwarf_hasattr (die, DW_AT_declaration)
      || dwarf_hasattr_integrate (die, DW_AT_external) != (sym->bind != STB_LOCAL))
    return false;
  const char *file = local_file (sym);
  if (file != NULL && strcmp (file, cu_file) != 0)
    return false;
  /* two files of one name may each have a static of one name */
  Dwarf_Addr addr;
  return !linked || !die_address (die, &addr) || addr == sym->addr;
}

static void
fill (Dwarf_Die *die, const char *comp_dir, struct search *s, struct wanted *w)
{
  const char *file = dwarf_decl_file (die);
  int line;
  if (file == NULL || dwarf_decl_line (die, &line) != 0)
    return;
  struct decl_session *ds = s->session;
  char *path = path_normalise (xstrdup (file));
  *ARRAY_PUSH (ds->paths, ds->npaths, ds->paths_cap) = path;
  w->req->pos->file = source_path_relative (comp_dir, path);
  w->req->pos->line = line;
  w->done = true;
  s->left--;
  s->anywhere -= local_file (w->req->sym) == NULL;
}

/* Match a top-level DIE of the unit of file CU_FILE with what is wanted.  */
static void
match_die (Dwarf_Die *die, const char *cu_file, const char *comp_dir, struct search *s)
{
  int tag = dwarf_tag (die);
  if (tag != DW_TAG_variable && tag != DW_TAG_subprogram)
    return;
  const char *name = dwarf_diename (die);
  if (name == NULL)
    return;
  struct wanted *w = bsearch (name, s->wanted, s->n, sizeof *w, compare_name_wanted);
  if (w == NULL)
    return;
  while (w > s->wanted && strcmp (w[-1].name, name) == 0)
    w--;
  for (; w < s->wanted + s->n && strcmp (w->name, name) == 0; w++)
    if (!w->done && defines (die, cu_file, w, s->linked))
      fill (die, comp_dir, s, w);
}

/* Whether the unit of file CU_FILE may define a symbol still wanted: any
   unit a global one, only its STT_FILE's a local one.  */
static bool
unit_may_define (const struct search *s, const char *cu_file)
{
  return s->anywhere > 0
         || (s->nlocal_files > 0
             && bsearch (&cu_file, s->local_files, s->nlocal_files, sizeof cu_file,
                         compare_strings) != NULL);
}

static void
search_units (Dwarf *dw, struct search *s)
{
  size_t header_size;
  Dwarf_Off off = 0, next;
  while (s->left > 0 && dwarf_nextcu (dw, off, &next, &header_size, NULL, NULL, NULL) == 0)
    {
      Dwarf_Die cu, die;
      Dwarf_Attribute attr;
      const char *name = dwarf_offdie (dw, off + header_size, &cu) ? dwarf_diename (&cu) : NULL;
      off = next;
      if (name == NULL || !unit_may_define (s, base_name (name)))
        continue;
      const char *comp_dir = dwarf_formstring (dwarf_attr (&cu, DW_AT_comp_dir, &attr));
      if (dwarf_child (&cu, &die) != 0)
        continue;
      do
        match_die (&die, base_name (name), comp_dir, s);
      while (s->left > 0 && dwarf_siblingof (&die, &die) == 0);
    }
}

/* Symbols that can have a top-level DIE: not a function-scope static,
   which GCC names "NAME.N" (its DIE is inside its function's).  */
static bool
may_have_decl (const struct symbol *sym)
{
  return sym->type != STT_OBJECT || sym->name[symbol_base_length (sym->name)] == '\0';
}

void
decl_lookup (struct decl_session **session, struct image *img, struct decl_request *reqs,
             size_t n)
{
  if (n == 0)
    return;
  if (*session == NULL)
    *session = decl_open (img);
  if ((*session)->dw == NULL)
    return;
  struct search s = { .wanted = xcalloc (n, sizeof *s.wanted),
                      .local_files = xcalloc (n, sizeof *s.local_files),
                      .linked = img->kind == IMAGE_VMLINUX, .session = *session };
  for (size_t i = 0; i < n; i++)
    {
      const struct symbol *sym = reqs[i].sym;
      if (!may_have_decl (sym))
        continue;
      s.wanted[s.n++] = (struct wanted) {
        xasprintf ("%.*s", (int) symbol_base_length (sym->name), sym->name), &reqs[i], false,
      };
      const char *file = local_file (sym);
      if (file != NULL)
        s.local_files[s.nlocal_files++] = file;
      else
        s.anywhere++;
    }
  s.left = s.n;
  qsort (s.wanted, s.n, sizeof *s.wanted, compare_wanted);
  qsort (s.local_files, s.nlocal_files, sizeof *s.local_files, compare_strings);
  search_units ((*session)->dw, &s);
  for (size_t i = 0; i < s.n; i++)
    free (s.wanted[i].name);
  free (s.wanted);
  free (s.local_files);
}
