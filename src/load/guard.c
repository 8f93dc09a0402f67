/* The SIGBUS guard of mapped inputs.  A file truncated while mapped makes
   every read of a page past its new end fault with SIGBUS (mmap(2)).  The
   handler maps anonymous zero pages over the rest of that mapping and
   returns, so the faulting read is retried and sees zeros: no thread is
   interrupted half-way (no longjmp out of libelf or of a half-built
   table), the analysis ends on data that is merely wrong, and the caller
   discards it because the guard tripped.

   The handler finds the mapping in a list of slots that is only ever
   prepended to; a released slot is reused, never freed, so the handler
   can walk the list without locks.  */
#include "load/guard.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "util/util.h"

struct guard
{
  atomic_uintptr_t start;
  atomic_size_t size;     /* 0: not watching */
  atomic_bool in_use;
  atomic_bool tripped;
  struct guard *next;     /* fixed once the slot is in the list */
};

static _Atomic (struct guard *) slots;
/* Released slots, at least: a tree of thousands of modules keeps every
   input mapped until its report, so claiming walks the list only when a
   slot may be free (walking it every time was quadratic: 45 % of a run
   over Debian's 4022 modules).  */
static atomic_size_t nfree;
static uintptr_t page_mask;
static pthread_once_t installed = PTHREAD_ONCE_INIT;

static struct guard *
slot_holding (uintptr_t addr)
{
  for (struct guard *g = atomic_load (&slots); g != NULL; g = g->next)
    {
      /* size first: guard_register() stores it after the start */
      size_t size = atomic_load (&g->size);
      uintptr_t start = atomic_load (&g->start);
      if (size != 0 && addr - start < size)
        return g;
    }
  return NULL;
}

/* Zero pages over [PAGE, END), errno kept for the interrupted code.  */
static bool
zero_pages (uintptr_t page, uintptr_t end)
{
  int saved = errno;
  bool done = mmap ((void *) page, end - page, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != MAP_FAILED;
  errno = saved;
  return done;
}

static void
on_sigbus (int sig, siginfo_t *si, void *context)
{
  (void) context;
  uintptr_t addr = (uintptr_t) si->si_addr;
  uintptr_t page = addr & page_mask;
  struct guard *g = si->si_code > 0 ? slot_holding (addr) : NULL;
  if (g != NULL && zero_pages (page, atomic_load (&g->start) + atomic_load (&g->size)))
    {
      atomic_store (&g->tripped, true);
      return;
    }
  /* BUS_ADRERR outside the guarded mappings: a page past the end of a file
     another library mapped (libdwfl maps the module again for declaration
     lines).  That file shrank, which the check of its size after the
     analysis reports; this page reads as zeros until then.  */
  if (g == NULL && si->si_code == BUS_ADRERR && zero_pages (page, page + ~page_mask + 1))
    return;
  /* anything else: what would have happened without this handler */
  signal (sig, SIG_DFL);
  raise (sig);
}

static void
install_handler (void)
{
  page_mask = ~((uintptr_t) sysconf (_SC_PAGESIZE) - 1);
  struct sigaction sa = { .sa_sigaction = on_sigbus, .sa_flags = SA_SIGINFO | SA_RESTART };
  sigemptyset (&sa.sa_mask);
  sigaction (SIGBUS, &sa, NULL);
}

static struct guard *
claim_slot (void)
{
  for (struct guard *g = atomic_load (&nfree) > 0 ? atomic_load (&slots) : NULL; g != NULL;
       g = g->next)
    {
      bool free_slot = false;
      if (atomic_compare_exchange_strong (&g->in_use, &free_slot, true))
        {
          atomic_fetch_sub (&nfree, 1);
          return g;
        }
    }
  struct guard *g = xcalloc (1, sizeof *g);
  atomic_init (&g->in_use, true);
  g->next = atomic_load (&slots);
  while (!atomic_compare_exchange_weak (&slots, &g->next, g))
    ;
  return g;
}

struct guard *
guard_register (void *addr, size_t size)
{
  pthread_once (&installed, install_handler);
  struct guard *g = claim_slot ();
  atomic_store (&g->tripped, false);
  atomic_store (&g->start, (uintptr_t) addr);
  atomic_store (&g->size, size);
  return g;
}

bool
guard_tripped (const struct guard *g)
{
  return atomic_load (&g->tripped);
}

void
guard_release (struct guard *g)
{
  atomic_store (&g->size, 0);
  /* counted before it can be claimed, so that nfree never drops below 0 */
  atomic_fetch_add (&nfree, 1);
  atomic_store (&g->in_use, false);
}
