/* --dmesg: the initcall_debug lines of a boot log (init/main.c
   do_one_initcall(), 6.x: "calling  fn+0x0/0x22c @ 1" and "initcall
   fn+0x0/0x22c returned 0 after 3 usecs"), joined to the static list.  */
#include "analysis/bootlog.h"

#include <errno.h>
#include <limits.h>
#include <error.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/scan.h"
#include "index/image.h"
#include "util/util.h"

/* The message part of a log line: after an optional "<6>" priority, an
   optional "[    1.234567]" timestamp and an optional "… kernel: " syslog
   prefix.  NULL if anything else comes first (a device's "pci 0000:00:00.0:
   calling quirk…" is not a top-level initcall).  */
static const char *
message_of (const char *line, const char *word)
{
  const char *hit = strstr (line, word);
  if (hit == NULL)
    return NULL;
  const char *p = line;
  if (*p == '<')
    {
      const char *gt = strchr (p, '>');
      if (gt != NULL && gt < hit)
        p = gt + 1;
    }
  if (*p == '[')
    {
      const char *rb = strchr (p, ']');
      if (rb != NULL && rb < hit)
        p = rb + 1;
    }
  while (*p == ' ' || *p == '\t')
    p++;
  if (p == hit)
    return hit;
  const char *kernel = strstr (p, "kernel: ");
  if (kernel != NULL && kernel + strlen ("kernel: ") == hit)
    return hit;
  return NULL;
}

/* "fn+0xOFF/0xSIZE" followed by " @" or " returned": the function name and
   size; false for a module's "fn+0x0/0x10 [mod]".  */
static bool
parse_symbol (const char *s, char **name, unsigned long *size, const char **rest)
{
  const char *plus = strchr (s, '+');
  const char *space = strchr (s, ' ');
  if (plus == NULL || (space != NULL && space < plus) || plus == s)
    return false;
  const char *slash = strchr (plus, '/');
  if (slash == NULL || (space != NULL && space < slash))
    return false;
  char *end;
  *size = strtoul (slash + 1, &end, 16);
  if (*end != ' ' || end[1] == '[')
    return false;
  *name = xasprintf ("%.*s", (int) (plus - s), s);
  *rest = end + 1;
  return true;
}

/* The printk time of LINE in microseconds ("[    1.234567]" after an
   optional "<6>" priority, kernel/printk/printk.c print_time()), -1 if it
   has none.  */
static long
printk_time_usecs (const char *line)
{
  const char *p = line;
  if (*p == '<' && strchr (p, '>') != NULL)
    p = strchr (p, '>') + 1;
  if (*p != '[')
    return -1;
  char *end;
  unsigned long secs = strtoul (p + 1, &end, 10);
  if (*end != '.' || end[1] < '0' || end[1] > '9')
    return -1;
  const char *frac = end + 1;
  unsigned long usecs = strtoul (frac, &end, 10);
  if (*end != ']' || end - frac != 6 || secs > LONG_MAX / 1000000 - 1)
    return -1;
  return (long) (secs * 1000000 + usecs);
}

static void
add_call (struct boot_log *log, const char *msg, long start_usecs)
{
  char *name;
  unsigned long size;
  const char *rest;
  if (!parse_symbol (msg + strlen ("calling  "), &name, &size, &rest))
    return;
  if (rest[0] != '@')
    {
      free (name);
      return;
    }
  struct boot_call *c = ARRAY_PUSH (log->calls, log->ncalls, log->cap);
  *c = (struct boot_call) { name, size, 0, -1, log->ncalls - 1, -1, start_usecs, -1 };
}

/* The "returned" line belongs to the latest call of that function.  */
static void
add_return (struct boot_log *log, const char *msg, long end_usecs)
{
  char *name;
  unsigned long size;
  const char *rest;
  long ret, usecs;
  if (!parse_symbol (msg + strlen ("initcall "), &name, &size, &rest))
    return;
  if (sscanf (rest, "returned %ld after %ld usecs", &ret, &usecs) == 2)
    for (size_t i = log->ncalls; i > 0; i--)
      if (strcmp (log->calls[i - 1].function, name) == 0)
        {
          log->calls[i - 1].ret = ret;
          log->calls[i - 1].usecs = usecs;
          log->calls[i - 1].end_usecs = end_usecs;
          break;
        }
  free (name);
}

int
boot_log_read (struct boot_log *log, const char *path)
{
  memset (log, 0, sizeof *log);
  log->path = path;
  FILE *f = fopen (path, "r");
  if (f == NULL)
    {
      error (0, errno, "%s", path);
      return -1;
    }
  char *line = NULL;
  size_t cap = 0;
  ssize_t len;
  while ((len = getline (&line, &cap, f)) >= 0)
    {
      while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
        line[--len] = '\0';
      const char *msg;
      if ((msg = message_of (line, "calling  ")) != NULL)
        add_call (log, msg, printk_time_usecs (line));
      else if ((msg = message_of (line, "initcall ")) != NULL)
        add_return (log, msg, printk_time_usecs (line));
    }
  free (line);
  fclose (f);
  return 0;
}

void
boot_log_free (struct boot_log *log)
{
  for (size_t i = 0; i < log->ncalls; i++)
    free (log->calls[i].function);
  free (log->calls);
  memset (log, 0, sizeof *log);
}

/* Same function: the name, or the LTO stub's, which is what the kernel
   calls and logs.  (The log's size is kallsyms' distance to the next
   symbol, which says nothing sure about st_size; position does the rest.)  */
static bool
same_call (struct image *img, const struct initcall *ic, const struct boot_call *bc)
{
  const struct symbol *stub = ic->stub ? symbol_at (&img->symtab, ic->stub) : NULL;
  const char *name = stub != NULL ? stub->name : ic->function;
  return name != NULL && strcmp (name, bc->function) == 0;
}

/* How far to look for the next common entry when the two lists differ
   (an initcall that did not run, one the image does not have).  */
#define RESYNC_WINDOW 256

void
boot_log_join (struct boot_log *log, struct scan *sc)
{
  struct image *img = &sc->file;
  size_t n = scan_ncalls (sc), m = log->ncalls;
  for (size_t i = 0; i < n; i++)
    scan_call (sc, i)->boot_order = -1;
  for (size_t j = 0; j < m; j++)
    log->calls[j].matched = -1;
  size_t i = 0, j = 0;
  while (i < n && j < m)
    {
      if (same_call (img, scan_call (sc, i), &log->calls[j]))
        {
          struct initcall *ic = scan_call (sc, i);
          ic->boot_order = (long) log->calls[j].order;
          ic->boot_usecs = log->calls[j].usecs;
          ic->boot_ret = log->calls[j].ret;
          log->calls[j].matched = (long) i;
          i++, j++;
          continue;
        }
      size_t k;
      for (k = 1; k <= RESYNC_WINDOW; k++)
        {
          if (j + k < m && same_call (img, scan_call (sc, i), &log->calls[j + k]))
            {
              j += k; /* log entries j..j+k-1 are not in the image */
              break;
            }
          if (i + k < n && same_call (img, scan_call (sc, i + k), &log->calls[j]))
            {
              i += k; /* image entries i..i+k-1 did not run */
              break;
            }
        }
      if (k > RESYNC_WINDOW)
        i++, j++;
    }
  sc->boot = log;
}
