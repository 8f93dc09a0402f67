/* --dmesg: the initcall_debug lines of a boot log, joined to the static
   list.  A log comes as people keep it: dmesg in any of its layouts, the
   console (serial captures included), /dev/kmsg, the journal or a syslog
   file, compressed by logrotate or not; each line's prefixes are peeled
   off until the kernel's own text is left.  */
#include "analysis/bootlog.h"

#include <errno.h>
#include <error.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analysis/scan.h"
#include "index/image.h"
#include "load/decompress.h"
#include "util/util.h"

/* Every message about the log names the option and the file.  */
#define LOG_ERROR(path, fmt, ...) error (0, 0, "--dmesg %s: " fmt, (path), ##__VA_ARGS__)

static bool
is_digit (char c)
{
  return c >= '0' && c <= '9';
}

static const char *
skip_digits (const char *p)
{
  while (is_digit (*p))
    p++;
  return p;
}

/* The parts of a line that are not the kernel's text.  Each skip_* takes
   the line at P and returns what follows its prefix, or NULL if P does not
   start with one.  */

/* "<7>": the syslog priority (facility << 3 | level) that the console
   prints with printk's syslog flag, "dmesg -r" and syslog(2) show
   (kernel/printk/printk.c print_syslog()).  */
static const char *
skip_priority (const char *p)
{
  if (*p != '<' || !is_digit (p[1]))
    return NULL;
  const char *end = skip_digits (p + 1);
  return *end == '>' ? end + 1 : NULL;
}

/* "[    1.234567]" (print_time()), "[    T1]" (print_caller(),
   CONFIG_PRINTK_CALLER), and dmesg's own stamps: "-T" "[Fri Nov 27
   12:00:00 2026]", "--time-format=delta" "[<    0.000005>]", "reltime"
   "[  +0.000005]"; also journalctl -o short-monotonic's "[    1.234567]".
   A stamp holds no bracket; the longest, dmesg -T's, is 26 characters.  */
#define STAMP_MAX 40

static const char *
skip_stamp (const char *p)
{
  if (*p != '[')
    return NULL;
  for (size_t i = 1; i <= STAMP_MAX && p[i] != '\0' && p[i] != '['; i++)
    if (p[i] == ']')
      return p + i + 1;
  return NULL;
}

/* /dev/kmsg records: "7,1234,101000,-;" or with ",caller=T1" before the
   semicolon (printk.c info_print_ext_header()).  */
static const char *
skip_kmsg_header (const char *p)
{
  for (int field = 0; field < 3; field++)
    {
      const char *end = skip_digits (p);
      if (end == p || *end != ',')
        return NULL;
      p = end + 1;
    }
  const char *semicolon = strchr (p, ';');
  if (semicolon == NULL || strcspn (p, " ") < (size_t) (semicolon - p))
    return NULL;
  return semicolon + 1;
}

/* dmesg -x: "kern  :debug : ", the facility and level names of util-linux
   dmesg, each padded.  Any facility word, one of these levels.  */
static const char *const dmesg_levels[] = {
  "emerg", "alert", "crit", "err", "warn", "notice", "info", "debug",
};

static const char *
skip_dmesg_decode (const char *p)
{
  const char *facility = p;
  while ((*p >= 'a' && *p <= 'z') || is_digit (*p))
    p++;
  if (p == facility)
    return NULL;
  while (*p == ' ')
    p++;
  if (*p++ != ':')
    return NULL;
  for (size_t i = 0; i < ARRAY_SIZE (dmesg_levels); i++)
    {
      size_t len = strlen (dmesg_levels[i]);
      if (strncmp (p, dmesg_levels[i], len) != 0)
        continue;
      const char *q = p + len;
      while (*q == ' ')
        q++;
      if (*q == ':')
        return q + 1;
    }
  return NULL;
}

/* dmesg --time-format=iso: "2026-11-27T12:00:00,101000+00:00 "; also the
   RFC 3339 stamps of rsyslog and journalctl -o short-iso (what comes
   after the stamp, host and tag, is skip_syslog_header's).  */
static const char *
skip_iso_stamp (const char *p)
{
  static const char shape[] = "dddd-dd-ddT";
  for (size_t i = 0; i < sizeof shape - 1; i++)
    if (shape[i] == 'd' ? !is_digit (p[i]) : p[i] != shape[i])
      return NULL;
  return p + strcspn (p, " ");
}

/* A syslog file or the journal: "Nov 27 12:00:00 host kernel: " (RFC 3164,
   journalctl's "short"), "… host kernel: " after any stamp: everything up
   to the first " kernel: " tag, if no ": " comes before it as in a
   device's message ("usb 1-1: …").  */
static const char *
skip_syslog_header (const char *p)
{
  const char *tag = strstr (p, " kernel: ");
  if (tag == NULL || memmem (p, (size_t) (tag - p), ": ", 2) != NULL)
    return NULL;
  return tag + strlen (" kernel: ");
}

static const char *(*const prefixes[]) (const char *) = {
  skip_priority, skip_stamp, skip_kmsg_header, skip_dmesg_decode,
  skip_iso_stamp, skip_syslog_header,
};

/* What do_one_initcall() and before it do_initcalls() print (init/main.c),
   newest first:
     6.x, late 2.6.2x  "calling  fn+0x0/0x22c @ 1"
                       "initcall fn+0x0/0x22c returned 0 after 3 usecs"
     2.6.2x            "calling  fn+0x0/0x22c" (without " @ pid" at first)
                       "initcall fn+0x0/0x22c returned 0 after 0 msecs"
     early 2.6         "Calling initcall 0xc0123456: fn+0x0/0x22c()"
     2.6.24            "initcall 0xc0123456: fn+0x0/0x22c() returned 0."
                       "initcall 0xc0123456 ran for 0 msecs: fn+0x0/0x22c()"
   Each starts the kernel's text: a device's "pci 0000:00:00.0: calling
   quirk…" (drivers/pci/quirks.c) is not an initcall.  */
static const char *const message_starts[] = { "calling  ", "Calling initcall ", "initcall " };

static bool
starts_message (const char *p)
{
  for (size_t i = 0; i < ARRAY_SIZE (message_starts); i++)
    if (strncmp (p, message_starts[i], strlen (message_starts[i])) == 0)
      return true;
  return false;
}

/* The kernel's text at P: the prefixes peeled off one by one.  */
static const char *
message_at (const char *p)
{
  for (;;)
    {
      while (*p == ' ' || *p == '\t')
        p++;
      if (starts_message (p))
        return p;
      const char *next = NULL;
      for (size_t i = 0; i < ARRAY_SIZE (prefixes) && next == NULL; i++)
        next = prefixes[i](p);
      if (next == NULL)
        return p;
      p = next;
    }
}

/* Whether P starts with the console's stamp, "[%5lu.%06lu]" (printk.c
   print_time()).  */
static bool
is_kernel_stamp (const char *p)
{
  if (*p++ != '[')
    return false;
  p += strspn (p, " ");
  const char *digits = p;
  p = skip_digits (p);
  if (p == digits || *p++ != '.')
    return false;
  const char *fraction = p;
  p = skip_digits (p);
  return p - fraction == 6 && *p == ']';
}

/* The kernel's text of LINE.  On a serial console other output shares the
   line ("Probing EDD (edd=off to disable)... ok[    0.000000] Linux
   version …"): if the start has none, the text after the first kernel
   stamp that leads to one.  */
static const char *
message_of (const char *line)
{
  const char *msg = message_at (line);
  for (const char *p = strchr (line, '['); p != NULL && !starts_message (msg);
       p = strchr (p + 1, '['))
    if (is_kernel_stamp (p))
      msg = message_at (p);
  return msg;
}

/* The printk time of the line whose kernel text is MSG, in microseconds:
   its last console stamp "[%5lu.%06lu]" (printk.c print_time()) before
   MSG; -1 if it has none (dmesg -T, journalctl's wall-clock times).  */
static long
printk_time_usecs (const char *line, const char *msg)
{
  const char *stamp = NULL;
  for (const char *p = strchr (line, '['); p != NULL && p < msg; p = strchr (p + 1, '['))
    if (is_kernel_stamp (p))
      stamp = p;
  if (stamp == NULL)
    return -1;
  char *end;
  unsigned long secs = strtoul (stamp + 1, &end, 10);
  unsigned long usecs = strtoul (end + 1, NULL, 10);
  if (secs > LONG_MAX / 1000000 - 1)
    return -1;
  return (long) (secs * 1000000 + usecs);
}

/* Serial consoles and coloured dmesg put terminal codes into lines:
   remove ANSI escape sequences (ESC [ parameters final-byte, or ESC and
   one byte) and every other control character.  */
static void
strip_terminal_codes (char *line, size_t len)
{
  size_t out = 0;
  for (size_t i = 0; i < len; i++)
    {
      unsigned char c = (unsigned char) line[i];
      if (c == 0x1b && i + 1 < len && line[i + 1] == '[')
        {
          i += 2;
          while (i < len && !(line[i] >= 0x40 && line[i] <= 0x7e))
            i++;
        }
      else if (c == 0x1b)
        i++;
      else if (c >= 0x20 && c != 0x7f)
        line[out++] = (char) c;
      else if (c == '\t')
        line[out++] = ' ';
    }
  line[out] = '\0';
}

/* "fn+0xOFF/0xSIZE" (%pS, %pF, print_symbol()): the function name and
   size; *REST after it.  False for a module's "fn+0x0/0x10 [mod]" and for
   a bare address (a kernel without kallsyms).  */
static bool
parse_symbol (const char *s, char **name, unsigned long *size, const char **rest)
{
  size_t len = strcspn (s, "+ ");
  if (len == 0 || s[len] != '+' || strncmp (s + len + 1, "0x", 2) != 0)
    return false;
  const char *slash = strchr (s + len, '/');
  if (slash == NULL || slash > s + len + strcspn (s + len, " "))
    return false;
  char *end;
  *size = strtoul (slash + 1, &end, 16);
  if (end == slash + 1 || (end[0] == ' ' && end[1] == '['))
    return false;
  *name = xasprintf ("%.*s", (int) len, s);
  *rest = end;
  return true;
}

/* "0xc0123456" of the oldest wordings.  */
static const char *
skip_address (const char *p)
{
  if (strncmp (p, "0x", 2) != 0)
    return NULL;
  const char *end = p + 2 + strspn (p + 2, "0123456789abcdefABCDEF");
  return end > p + 2 ? end : NULL;
}

static void
add_call (struct boot_log *log, char *name, unsigned long size, long start_usecs)
{
  struct boot_call *c = ARRAY_PUSH (log->calls, log->ncalls, log->cap);
  *c = (struct boot_call) { name, size, 0, -1, log->ncalls - 1, -1, start_usecs, -1 };
}

/* "calling  SYM[ @ PID]" or "Calling initcall 0xADDR: SYM()".  */
static void
parse_calling (struct boot_log *log, const char *msg, long stamp)
{
  char *name;
  unsigned long size;
  const char *rest;
  if (strncmp (msg, "calling  ", 9) == 0)
    {
      if (parse_symbol (msg + 9, &name, &size, &rest))
        {
          if (*rest == '\0' || strncmp (rest, " @ ", 3) == 0)
            add_call (log, name, size, stamp);
          else
            free (name);
        }
      return;
    }
  const char *p = skip_address (msg + strlen ("Calling initcall "));
  if (p != NULL && strncmp (p, ": ", 2) == 0 && parse_symbol (p + 2, &name, &size, &rest))
    {
      if (strcmp (rest, "()") == 0)
        add_call (log, name, size, stamp);
      else
        free (name);
    }
}

/* The call a "returned" line of NAME belongs to: the latest one, if it is
   NAME's.  Built-in initcalls run one after the other in one task
   (init/main.c do_initcall_level()), each "calling" line followed by its
   "returned" line before the next one.  */
static struct boot_call *
latest_call (struct boot_log *log, const char *name)
{
  struct boot_call *c = log->ncalls > 0 ? &log->calls[log->ncalls - 1] : NULL;
  return c != NULL && strcmp (c->function, name) == 0 ? c : NULL;
}

/* A duration in the unit the line gives: "usecs", or "msecs" (2.6.2x:
   nanoseconds >> 20, about a millisecond).  -1 if it is neither, or N is
   not a duration a long holds in microseconds.  */
static long
usecs_of (long n, const char *unit)
{
  if (n < 0)
    return -1;
  if (strncmp (unit, "usecs", 5) == 0)
    return n;
  if (strncmp (unit, "msecs", 5) == 0 && n <= LONG_MAX / 1000)
    return n * 1000;
  return -1;
}

/* "initcall SYM returned RET after N usecs|msecs", or 2.6.24's pair
   "initcall 0xADDR: SYM() returned RET." and "initcall 0xADDR ran for N
   msecs: SYM()".  */
static void
parse_returned (struct boot_log *log, const char *msg, long stamp)
{
  const char *p = msg + strlen ("initcall ");
  const char *after_address = skip_address (p);
  char *name;
  unsigned long size;
  const char *rest;
  long ret, n;
  int used = 0;
  char unit[6];
  if (after_address == NULL)
    {
      if (!parse_symbol (p, &name, &size, &rest))
        return;
      struct boot_call *c = latest_call (log, name);
      if (c != NULL && sscanf (rest, " returned %ld after %ld %5s", &ret, &n, unit) == 3
          && usecs_of (n, unit) >= 0)
        c->ret = ret, c->usecs = usecs_of (n, unit), c->end_usecs = stamp;
    }
  else if (strncmp (after_address, ": ", 2) == 0)
    {
      if (!parse_symbol (after_address + 2, &name, &size, &rest))
        return;
      struct boot_call *c = latest_call (log, name);
      if (c != NULL && sscanf (rest, "() returned %ld.%n", &ret, &used) == 1 && used > 0)
        c->ret = ret, c->end_usecs = stamp;
    }
  else
    {
      if (sscanf (after_address, " ran for %ld %5s%n", &n, unit, &used) != 2
          || strncmp (after_address + used, ": ", 2) != 0
          || !parse_symbol (after_address + used + 2, &name, &size, &rest))
        return;
      struct boot_call *c = latest_call (log, name);
      if (c != NULL && usecs_of (n, unit) >= 0)
        c->usecs = usecs_of (n, unit);
    }
  free (name);
}

/* A log of several boots (a syslog file, journalctl -k without -b): each
   starts with start_kernel()'s linux_banner (init/version.c), and the last
   boot with initcall lines is the one joined.  */
static const char banner[] = "Linux version ";

struct reader
{
  struct boot_log *log;
  bool banner_seen; /* since the last initcall line */
};

/* Forget the calls before FIRST, those of an earlier boot.  */
static void
drop_earlier_boot (struct boot_log *log, size_t first)
{
  for (size_t i = 0; i < first; i++)
    free (log->calls[i].function);
  memmove (log->calls, log->calls + first, (log->ncalls - first) * sizeof *log->calls);
  log->ncalls -= first;
  for (size_t i = 0; i < log->ncalls; i++)
    log->calls[i].order = i;
}

/* One line of the log, or one part of it: a carriage return inside a line
   (a serial console's, the cursor back to the start) ends a part.  */
static void
parse_part (struct reader *r, char *line, size_t len)
{
  strip_terminal_codes (line, len);
  const char *msg = message_of (line);
  size_t before = r->log->ncalls;
  if (strncmp (msg, banner, strlen (banner)) == 0)
    r->banner_seen = true;
  else if (strncmp (msg, "initcall ", 9) == 0)
    parse_returned (r->log, msg, printk_time_usecs (line, msg));
  else if (starts_message (msg))
    parse_calling (r->log, msg, printk_time_usecs (line, msg));
  if (r->log->ncalls > before && r->banner_seen)
    {
      drop_earlier_boot (r->log, before);
      r->banner_seen = false;
    }
}

static void
parse_line (struct reader *r, char *line, size_t len)
{
  char *end = line + len;
  for (char *part = line; part < end;)
    {
      char *cr = memchr (part, '\r', (size_t) (end - part));
      char *part_end = cr != NULL ? cr : end;
      *part_end = '\0';
      parse_part (r, part, (size_t) (part_end - part));
      part = part_end + 1;
    }
}

/* Counting control bytes tells a log from a binary file (an image given
   by mistake, a journal file): a serial capture has some, text few.  */
#define SNIFF_BYTES (64 * 1024)
#define BINARY_SHARE 10 /* percent of control bytes */

struct sniff
{
  size_t bytes, control;
};

static void
sniff_line (struct sniff *s, const char *line, size_t len)
{
  for (size_t i = 0; i < len && s->bytes < SNIFF_BYTES; i++, s->bytes++)
    {
      unsigned char c = (unsigned char) line[i];
      s->control += (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != 0x1b) || c == 0x7f;
    }
}

static bool
looks_binary (const struct sniff *s)
{
  return s->control * 100 > s->bytes * BINARY_SHARE;
}

static void
say_no_initcall_lines (const char *path)
{
  LOG_ERROR (path, "no initcall_debug lines ('calling ...'): boot with initcall_debug");
}

static int
read_lines (struct boot_log *log, FILE *f)
{
  char *line = NULL;
  size_t cap = 0;
  ssize_t len;
  struct sniff sniff = { 0 };
  struct reader reader = { log, false };
  int status = 0;
  while ((len = getline (&line, &cap, f)) >= 0)
    {
      sniff_line (&sniff, line, (size_t) len);
      if (sniff.bytes >= SNIFF_BYTES && looks_binary (&sniff))
        break;
      parse_line (&reader, line, (size_t) len);
    }
  if (ferror (f))
    {
      LOG_ERROR (log->path, "%s", strerror (errno));
      status = -1;
    }
  else if (looks_binary (&sniff))
    {
      LOG_ERROR (log->path, "not a text log (binary data)");
      status = -1;
    }
  else if (log->ncalls == 0)
    {
      say_no_initcall_lines (log->path);
      status = -1;
    }
  free (line);
  return status;
}

/* A log logrotate compressed (kern.log.2.gz): decompressed first, within
   the bound every compressed input has.  */
static int
read_compressed (struct boot_log *log, int fd, const char *format)
{
  struct stat st;
  unsigned char *data;
  size_t size;
  char *err;
  if (fstat (fd, &st) < 0)
    {
      LOG_ERROR (log->path, "%s", strerror (errno));
      return -1;
    }
  if (decompress_file (fd, format, decompression_limit ((uint64_t) st.st_size,
                                                        DECOMPRESS_DEFAULT_CAP),
                       &data, &size, &err) < 0)
    {
      LOG_ERROR (log->path, "%s", err);
      free (err);
      return -1;
    }
  /* fmemopen(3) refuses an empty buffer: no lines at all */
  FILE *f = size > 0 ? fmemopen (data, size, "r") : NULL;
  int status = -1;
  if (f != NULL)
    {
      status = read_lines (log, f);
      fclose (f);
    }
  else if (size == 0)
    say_no_initcall_lines (log->path);
  else
    LOG_ERROR (log->path, "%s", strerror (errno));
  munmap (data, size);
  return status;
}

int
boot_log_read (struct boot_log *log, const char *path)
{
  memset (log, 0, sizeof *log);
  log->path = path;
  /* "-": standard input (dmesg | initscan --dmesg=- vmlinux) */
  int fd = strcmp (path, "-") == 0 ? dup (STDIN_FILENO) : open (path, O_RDONLY);
  if (fd < 0)
    {
      LOG_ERROR (path, "%s", strerror (errno));
      return -1;
    }
  unsigned char head[8];
  ssize_t n = pread (fd, head, sizeof head, 0); /* fails on a pipe: never compressed */
  const char *format = n > 0 ? compressed_format (head, (size_t) n) : NULL;
  if (format != NULL)
    {
      int status = read_compressed (log, fd, format);
      close (fd);
      return status;
    }
  FILE *f = fdopen (fd, "r");
  if (f == NULL)
    {
      LOG_ERROR (path, "%s", strerror (errno));
      close (fd);
      return -1;
    }
  int status = read_lines (log, f);
  fclose (f);
  return status;
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
