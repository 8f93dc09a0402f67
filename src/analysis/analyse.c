/* One file, start to end: open, initcalls (their levels from the
   objects a linked image was made of, where it does not tell them), freed
   memory, mismatches, sources, suppressions.  */
#include "analysis/analyse.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analysis/attrib.h"
#include "load/decompress.h"
#include "dwarf/src.h"
#include "analysis/gate.h"
#include "analysis/scan.h"
#include "index/image.h"
#include "analysis/initcalls.h"
#include "analysis/initmem.h"
#include "analysis/kversion.h"
#include "analysis/mismatch.h"
#include "analysis/rules.h"
#include "util/util.h"

struct source_helper
{
  struct scan *sc;
  atomic_size_t next;
  pthread_t thread;
  bool started;
};

static void *
look_up_sources (void *arg)
{
  struct source_helper *h = arg;
  initcalls_add_sources (h->sc, &h->next);
  return NULL;
}

/* The initcalls' source lookups (DWARF line programs, the costly part on
   a vmlinux) in a second thread, while this one checks the mismatches:
   they read only the mapped file, the symbols and the line-table index,
   which source_open() has built.  */
static void
start_source_helper (struct source_helper *h, struct scan *sc)
{
  h->sc = sc;
  atomic_init (&h->next, 0);
  h->started = pthread_create (&h->thread, NULL, look_up_sources, h) == 0;
}

/* Take the lookups still left, then wait for the helper.  */
static void
finish_source_helper (struct source_helper *h)
{
  initcalls_add_sources (h->sc, &h->next);
  if (h->started)
    pthread_join (h->thread, NULL);
}

/* What of the analysis a file gets.  */
enum
{
  PART_INIT = 1,       /* initcalls, init memory, module init/exit, --by */
  PART_MISMATCHES = 2, /* section mismatches and their suppression */
  PART_ALL = PART_INIT | PART_MISMATCHES,
};

static int
analyse_parts (struct scan *sc, unsigned parts, const struct analysis *a)
{
  struct image *img = &sc->file;
  sc->page_size_override = a->page_size;
  if (sc->rules == NULL)
    kversion_choose_rules (sc, a->rules);
  sc->rule_flags = a->rule_flags;
  if ((parts & PART_INIT) && (initcalls_collect (sc) < 0 || initmem_compute (sc) < 0))
    return -1;
  /* opened here, threads or not, so that its notes come in one order */
  if (a->sources)
    source_open (&sc->src, img);
  struct source_helper helper = { .started = false };
  bool sources = a->sources && (parts & PART_INIT);
  if (sources && a->source_thread)
    start_source_helper (&helper, sc);
  int found = (parts & PART_MISMATCHES) ? mismatches_find (sc) : 0;
  if (sources)
    {
      if (a->source_thread)
        finish_source_helper (&helper);
      else
        {
          atomic_size_t next = 0;
          initcalls_add_sources (sc, &next);
        }
    }
  if (found < 0)
    return -1;
  if (parts & PART_MISMATCHES)
    {
      mismatches_finish (sc, a->sources);
      if (a->gate != NULL)
        gate_apply (a->gate, sc);
    }
  if ((parts & PART_INIT) && a->by != ATTRIB_NONE)
    attribute_init_memory (sc, a->by, a->sources);
  return 0;
}

static int
open_image (struct image *img, const char *path, const struct analysis *a)
{
  return image_open (img, path, a->decompress_cap != 0 ? a->decompress_cap
                                                       : DECOMPRESS_DEFAULT_CAP);
}

/* The vmlinux.o beside PATH (in its directory), if there is one.  */
static char *
object_beside (const char *path)
{
  const char *slash = strrchr (path, '/');
  char *beside = slash != NULL ? xasprintf ("%.*s/vmlinux.o", (int) (slash - path), path)
                               : xstrdup ("vmlinux.o");
  struct stat st;
  if (strcmp (beside, path) == 0 || stat (beside, &st) != 0 || !S_ISREG (st.st_mode))
    {
      free (beside);
      return NULL;
    }
  return beside;
}

/* The initcalls of the relocatable file PATH into OBJ; false, with a note
   on IMG, if it cannot be read.  */
static bool
read_object_initcalls (struct scan *obj, struct image *img, const char *path,
                       const struct analysis *a)
{
  if (open_image (&obj->file, path, a) < 0)
    image_note (img, "%s: %s: initcall levels not read from it", path, obj->file.error);
  else if (obj->file.kind != IMAGE_OBJECT)
    image_note (img, "%s is not a relocatable object: initcall levels not read from it", path);
  else if (initcalls_collect (obj) < 0)
    image_note (img, "%s: %s: initcall levels not read from it", path, obj->file.error);
  else
    return true;
  return false;
}

/* A linked kernel whose image does not tell every initcall's level (no
   per-level boundary symbols before 3.4, no initcall id in the labels
   before 2.6.19): the levels from the objects it was linked from, whose
   .initcall<level>.init sections name them: --objects, else PRELINK (a
   build tree's vmlinux.o), else a vmlinux.o beside the image.  */
static void
recover_levels (struct scan *sc, const char *prelink, const struct analysis *a)
{
  struct image *img = &sc->file;
  if (img->kind != IMAGE_VMLINUX || !initcalls_levels_unknown (sc))
    return;
  char *beside = a->nobjects == 0 ? (prelink ? xstrdup (prelink) : object_beside (img->path))
                                  : NULL;
  char *const *paths = beside != NULL ? &beside : a->objects;
  size_t n = beside != NULL ? 1 : a->nobjects, nread = 0;
  struct scan **objs = xcalloc (n ? n : 1, sizeof *objs);
  for (size_t i = 0; i < n; i++)
    {
      struct scan *obj = xcalloc (1, sizeof *obj);
      if (read_object_initcalls (obj, img, paths[i], a))
        objs[nread++] = obj;
      else
        {
          scan_close (obj);
          free (obj);
        }
    }
  if (nread > 0)
    {
      size_t got = initcalls_recover_levels (sc, objs, nread);
      image_note (img, "initcall levels of %zu entries read from %s%s", got, paths[0],
                  n > 1 ? " and the other --objects" : "");
    }
  for (size_t i = 0; i < nread; i++)
    {
      scan_close (objs[i]);
      free (objs[i]);
    }
  free (objs);
  free (beside);
}

/* The end of every input: one that changed while it was read gets no
   report (the mapping's guard or its inode, size or mtime tell), and one
   found bad, or skipped, is dropped at once, so that a run over many holds
   none of their contents.  */
static int
finish_input (struct scan *sc, int rc)
{
  struct image *img = &sc->file;
  if (image_verify_unchanged (img) < 0)
    rc = -1;
  else if (sc->prelink != NULL && image_verify_unchanged (&sc->prelink->file) < 0)
    {
      free (img->error);
      img->error = NULL;
      rc = image_fail (img, "%s: %s", sc->prelink->file.path, sc->prelink->file.error);
    }
  if (rc < 0 || img->skipped)
    scan_discard (sc);
  return rc;
}

int
analyse_file (struct scan *sc, const char *path, const struct analysis *a)
{
  struct image *img = &sc->file;
  int rc = open_image (img, path, a) < 0 ? -1 : analyse_parts (sc, PART_ALL, a);
  if (rc == 0)
    recover_levels (sc, NULL, a);
  return finish_input (sc, rc);
}

static int
analyse_tree_input (struct scan *sc, const struct input *in, const struct analysis *a)
{
  struct image *img = &sc->file;
  bool opened = open_image (img, in->path, a) == 0;
  if (in->found && (opened ? !image_is_kernel_object (img) : img->not_kernel))
    {
      img->skipped = true;
      return 0;
    }
  if (!opened)
    return -1;
  sc->tree_name = in->name;
  if (in->prelink == NULL)
    {
      int rc = analyse_parts (sc, PART_ALL, a);
      if (rc == 0)
        recover_levels (sc, NULL, a);
      return rc;
    }
  if (analyse_parts (sc, PART_INIT, a) < 0)
    return -1;
  recover_levels (sc, in->prelink, a);
  sc->prelink = xcalloc (1, sizeof *sc->prelink);
  if (open_image (&sc->prelink->file, in->prelink, a) < 0)
    return image_fail (img, "%s: %s", in->prelink, sc->prelink->file.error);
  sc->prelink->tree_name = in->name;
  /* a module's pre-link object has no vermagic yet: the .ko it became
     names the kernel it was built for */
  if (sc->rules_from != rules_source_name (RULES_FROM_DEFAULT))
    {
      sc->prelink->rules = sc->rules;
      sc->prelink->rules_from = sc->rules_from;
    }
  if (analyse_parts (sc->prelink, PART_MISMATCHES, a) < 0)
    return image_fail (img, "%s: %s", in->prelink, sc->prelink->file.error);
  return 0;
}

int
analyse_input (struct scan *sc, const struct input *in, const struct analysis *a)
{
  return finish_input (sc, analyse_tree_input (sc, in, a));
}
