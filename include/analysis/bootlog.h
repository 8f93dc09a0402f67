/* Joining an initcall_debug boot log (dmesg or serial console) to the
   initcalls found in the image.  */
#ifndef INITSCAN_BOOTLOG_H
#define INITSCAN_BOOTLOG_H

#include <stddef.h>

struct image;
struct scan;

/* One top-level initcall the boot log shows.  */
struct boot_call
{
  char *function;
  unsigned long size;     /* from "fn+0x0/0xSIZE": kallsyms' idea of it */
  long ret;
  long usecs;             /* -1 if no "returned" line was seen */
  size_t order;           /* position in the log, from 0 */
  long matched;           /* index into the image's initcalls, -1 if none */
  long start_usecs;       /* printk time of the "calling" line, -1 if none */
  long end_usecs;         /* printk time of the "returned" line, -1 if none */
};

struct boot_log
{
  const char *path;
  struct boot_call *calls;
  size_t ncalls, cap;
};

/* Read the top-level "calling"/"initcall … returned" lines of the log at
   PATH (of its last boot that has some), whatever its layout or
   compression.  -1 with one message on stderr naming --dmesg and PATH if
   it cannot be read, is binary data or has no such line.  */
int boot_log_read (struct boot_log *log, const char *path);
void boot_log_free (struct boot_log *log);

/* Match the log's calls to SC's console initcalls and initcalls (in that
   order: console_init() runs first), by position and name, and fill each
   initcall's boot fields.  */
void boot_log_join (struct boot_log *log, struct scan *sc);

#endif
