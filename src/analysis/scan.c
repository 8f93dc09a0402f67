/* The per-input result: freeing it, and the views the reports share.  */
#include "analysis/scan.h"

#include <stdlib.h>

#include "dwarf/decl.h"
#include "index/sections.h"

static void
free_results (struct scan *sc)
{
  srcmap_close (sc->src);
  decl_close (sc->decl);
  sc->src = NULL;
  sc->decl = NULL;
  free (sc->initcalls);
  free (sc->con_initcalls);
  free (sc->initmem.by_section);
  free (sc->initmem.boot_log_line);
  free (sc->attrib.parts);
  free (sc->mismatches);
  if (sc->prelink != NULL)
    {
      scan_close (sc->prelink);
      free (sc->prelink);
    }
}

void
scan_close (struct scan *sc)
{
  free_results (sc);
  image_close (&sc->file);
}

void
scan_discard (struct scan *sc)
{
  const char *tree_name = sc->tree_name;
  free_results (sc);
  image_discard (&sc->file);
  *sc = (struct scan) { .file = sc->file, .tree_name = tree_name };
}

size_t
scan_ncalls (const struct scan *sc)
{
  return sc->ncon_initcalls + sc->ninitcalls;
}

struct initcall *
scan_call (const struct scan *sc, size_t i)
{
  return i < sc->ncon_initcalls ? &sc->con_initcalls[i]
                                : &sc->initcalls[i - sc->ncon_initcalls];
}

enum section_kind
scan_section_kind (const struct scan *sc, const struct section *sec)
{
  const struct init_memory *im = &sc->initmem;
  if (sec->cls != NULL)
    return sec->cls->kind;
  if (im->present && (sec->shdr.sh_flags & SHF_ALLOC) && sec->addr >= im->begin
      && sec->addr < im->end)
    return SECTION_IN_INIT_RANGE;
  return SECTION_OTHER;
}
