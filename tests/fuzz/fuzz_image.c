/* libFuzzer target: the whole analysis of one file, and every report
   format, on arbitrary bytes.  Built by "make fuzz".  */

#include <libelf.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "analyse.h"
#include "image.h"
#include "report.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static FILE *sink;
  if (sink == NULL)
    {
      elf_version (EV_CURRENT);
      sink = fopen ("/dev/null", "w");
    }
  int fd = memfd_create ("fuzz", MFD_CLOEXEC);
  if (fd < 0 || write (fd, data, size) != (ssize_t) size)
    {
      if (fd >= 0)
        close (fd);
      return 0;
    }
  char path[64];
  snprintf (path, sizeof path, "/proc/self/fd/%d", fd);
  struct image img;
  struct image *imgs[] = { &img };
  struct analysis a = { .sources = true };
  struct report_options ro = { .sources = true };
  analyse_file (&img, path, &a);
  report_text (sink, imgs, 1, &ro);
  report_json (sink, imgs, 1, &ro);
  report_sarif (sink, imgs, 1, &ro);
  image_close (&img);
  close (fd);
  return 0;
}
