/* Address formatting shared by the report formats.  */
#include <inttypes.h>
#include <stdio.h>

#include "image.h"
#include "report.h"

char *
format_address (const struct image *img, uint64_t addr, char *buf, size_t size)
{
  if (img->ehdr.e_type == ET_REL)
    {
      const struct section *sec = image_section_at ((struct image *) img, addr);
      if (sec != NULL)
        addr -= sec->addr;
    }
  snprintf (buf, size, "0x%" PRIx64, addr);
  return buf;
}

const char *
address_section (const struct image *img, uint64_t addr)
{
  const struct section *sec = image_section_at ((struct image *) img, addr);
  return sec != NULL ? sec->name : NULL;
}
