/* A fixed pool of threads taking the next file from a shared counter.
   Each image is analysed by one thread only and written to its own slot,
   so the report does not depend on the scheduling.  */
#include "cli/jobs.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "analysis/analyse.h"
#include "analysis/scan.h"
#include "index/image.h"
#include "cli/inputs.h"
#include "util/util.h"

/* The progress line on stderr: "initscan: N/M files", drawn from
   PROGRESS_DELAY_NS after the start (a short run shows none) at most
   every PROGRESS_EVERY_NS, erased when every file is done.  */
#define PROGRESS_DELAY_NS 500000000LL
#define PROGRESS_EVERY_NS 250000000LL

struct progress
{
  bool on;
  atomic_size_t done;
  atomic_llong next_ns;  /* the earliest time of the next line */
  atomic_bool shown;
};

static long long
now_ns (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* One more file done; the thread that claims the next slot draws.  */
static void
progress_tick (struct progress *pr, size_t total)
{
  if (!pr->on)
    return;
  size_t done = atomic_fetch_add (&pr->done, 1) + 1;
  long long now = now_ns (), next = atomic_load (&pr->next_ns);
  if (now < next || !atomic_compare_exchange_strong (&pr->next_ns, &next, now + PROGRESS_EVERY_NS))
    return;
  fprintf (stderr, "\rinitscan: %zu/%zu files", done, total);
  fflush (stderr);
  atomic_store (&pr->shown, true);
}

static void
progress_erase (struct progress *pr)
{
  if (atomic_load (&pr->shown))
    fputs ("\r\033[K", stderr); /* ECMA-48 EL: erase to the end of the line */
}

struct pool
{
  struct scan **scans;
  const struct input *inputs;
  size_t n;
  const struct analysis *analysis;
  atomic_size_t next;
  atomic_size_t failed;
  struct progress progress;
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
      progress_tick (&p->progress, p->n);
    }
}

size_t
analyse_all (struct scan **scans, const struct input *inputs, size_t n, const struct analysis *a,
             unsigned jobs, bool progress)
{
  /* more CPUs than files: each file may use a second thread */
  struct analysis spare = *a;
  spare.source_thread = jobs > n;
  struct pool p = { scans, inputs, n, &spare, 0, 0,
                    { progress && n > 1, 0, now_ns () + PROGRESS_DELAY_NS, false } };
  if (jobs > n)
    jobs = (unsigned) n;
  if (jobs <= 1)
    {
      worker (&p);
      progress_erase (&p.progress);
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
  progress_erase (&p.progress);
  return atomic_load (&p.failed);
}
