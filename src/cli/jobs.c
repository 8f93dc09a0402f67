/* A fixed pool of threads taking the next file from a shared counter.
   Each image is analysed by one thread only and written to its own slot,
   so the report does not depend on the scheduling.  */
#include "cli/jobs.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "analysis/analyse.h"
#include "analysis/scan.h"
#include "index/image.h"
#include "cli/inputs.h"
#include "util/util.h"

struct pool
{
  struct scan **scans;
  const struct input *inputs;
  size_t n;
  const struct analysis *analysis;
  atomic_size_t next;
  atomic_size_t failed;
};

static void *
worker (void *arg)
{
  struct pool *p = arg;
  for (;;)
    {
      size_t i = atomic_fetch_add (&p->next, 1);
      if (i >= p->n)
        return NULL;
      if (analyse_input (p->scans[i], &p->inputs[i], p->analysis) < 0)
        atomic_fetch_add (&p->failed, 1);
    }
}

size_t
analyse_all (struct scan **scans, const struct input *inputs, size_t n, const struct analysis *a,
             unsigned jobs)
{
  /* more CPUs than files: each file may use a second thread */
  struct analysis spare = *a;
  spare.source_thread = jobs > n;
  struct pool p = { scans, inputs, n, &spare, 0, 0 };
  if (jobs > n)
    jobs = (unsigned) n;
  if (jobs <= 1)
    {
      worker (&p);
      return atomic_load (&p.failed);
    }
  pthread_t *threads = xcalloc (jobs, sizeof *threads);
  unsigned started = 0;
  for (; started < jobs; started++)
    if (pthread_create (&threads[started], NULL, worker, &p) != 0)
      break;
  if (started == 0)
    worker (&p);
  for (unsigned i = 0; i < started; i++)
    pthread_join (threads[i], NULL);
  free (threads);
  return atomic_load (&p.failed);
}
