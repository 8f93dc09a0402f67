/* One file, start to end: open, initcalls, freed memory, mismatches,
   sources, suppressions.  */
#include "analyse.h"

#include <pthread.h>
#include <stdatomic.h>

#include "attrib.h"
#include "dwarf_src.h"
#include "gate.h"
#include "image.h"
#include "initcalls.h"
#include "initmem.h"
#include "kversion.h"
#include "mismatch.h"

struct source_helper
{
  struct image *img;
  atomic_size_t next;
  pthread_t thread;
  bool started;
};

static void *
look_up_sources (void *arg)
{
  struct source_helper *h = arg;
  initcalls_add_sources (h->img, &h->next);
  return NULL;
}

/* The initcalls' source lookups (DWARF line programs, the costly part on
   a vmlinux) in a second thread, while this one checks the mismatches:
   they read only the mapped file, the symbols and the line-table index,
   which source_open() has built.  */
static void
start_source_helper (struct source_helper *h, struct image *img)
{
  h->img = img;
  atomic_init (&h->next, 0);
  h->started = pthread_create (&h->thread, NULL, look_up_sources, h) == 0;
}

/* Take the lookups still left, then wait for the helper.  */
static void
finish_source_helper (struct source_helper *h)
{
  initcalls_add_sources (h->img, &h->next);
  if (h->started)
    pthread_join (h->thread, NULL);
}

int
analyse_file (struct image *img, const char *path, const struct analysis *a)
{
  if (image_open (img, path) < 0)
    return -1;
  img->page_size_override = a->page_size;
  kversion_choose_rules (img, a->rules);
  img->rule_flags = a->rule_flags;
  if (initcalls_collect (img) < 0 || initmem_compute (img) < 0)
    return -1;
  /* opened here, threads or not, so that its notes come in one order */
  if (a->sources)
    source_open (img);
  struct source_helper helper = { .started = false };
  if (a->sources && a->source_thread)
    start_source_helper (&helper, img);
  int found = mismatches_find (img);
  if (a->sources)
    {
      if (a->source_thread)
        finish_source_helper (&helper);
      else
        {
          atomic_size_t next = 0;
          initcalls_add_sources (img, &next);
        }
    }
  if (found < 0)
    return -1;
  mismatches_finish (img, a->sources);
  if (a->by != NULL)
    attribute_init_memory (img, a->by, a->sources);
  if (a->gate != NULL)
    gate_apply (a->gate, img);
  return 0;
}
