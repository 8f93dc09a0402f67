/* One file, start to end: open, initcalls, freed memory, mismatches,
   sources, suppressions.  */
#include "analyse.h"

#include "attrib.h"
#include "gate.h"
#include "image.h"
#include "initcalls.h"
#include "initmem.h"
#include "mismatch.h"

int
analyse_file (struct image *img, const char *path, const struct analysis *a)
{
  if (image_open (img, path) < 0)
    return -1;
  img->page_size_override = a->page_size;
  if (initcalls_collect (img) < 0 || initmem_compute (img) < 0 || mismatches_find (img) < 0)
    return -1;
  if (a->sources)
    initcalls_add_sources (img);
  mismatches_finish (img, a->sources);
  if (a->by != NULL)
    attribute_init_memory (img, a->by, a->sources);
  if (a->gate != NULL)
    gate_apply (a->gate, img);
  return 0;
}
