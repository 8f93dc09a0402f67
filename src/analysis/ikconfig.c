/* kernel/configs.c (CONFIG_IKCONFIG): kernel_config_data holds "IKCFG_ST",
   the gzip'ed .config, "IKCFG_ED".  initscan reads the page size the
   build chose from it.  */
#include "analysis/ikconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "arch/arch.h"
#include "index/image.h"
#include "util/util.h"

static const char start_magic[] = "IKCFG_ST", end_magic[] = "IKCFG_ED";

/* The gzip bytes between the two markers at kernel_config_data.  */
static const unsigned char *
compressed_config (struct image *img, size_t *len)
{
  const struct symbol *s = symbol_by_name (&img->symtab, "kernel_config_data");
  const struct section *sec = s ? image_section_at (img, s->addr) : NULL;
  if (sec == NULL || sec->shdr.sh_type == SHT_NOBITS)
    return NULL;
  uint64_t off = s->addr - sec->addr, avail = sec->shdr.sh_size - off;
  const unsigned char *p = image_section_bytes (img, sec, off, avail);
  size_t magic = sizeof start_magic - 1;
  if (p == NULL || avail < 2 * magic || memcmp (p, start_magic, magic) != 0)
    return NULL;
  const unsigned char *end = memmem (p + magic, avail - magic, end_magic, magic);
  if (end == NULL)
    return NULL;
  *len = (size_t) (end - p) - magic;
  return p + magic;
}

/* The .config text, NUL terminated, at most LIMIT bytes; NULL if damaged.  */
static char *
inflate_config (const unsigned char *gz, size_t len, size_t limit)
{
  z_stream zs = { 0 };
  if (inflateInit2 (&zs, 16 + MAX_WBITS) != Z_OK)
    return NULL;
  char *text = xreallocarray (NULL, limit + 1, 1);
  zs.next_in = (unsigned char *) (uintptr_t) gz;
  zs.avail_in = (uInt) len;
  zs.next_out = (unsigned char *) text;
  zs.avail_out = (uInt) limit;
  int rc = inflate (&zs, Z_FINISH);
  size_t n = limit - zs.avail_out;
  inflateEnd (&zs);
  if (rc != Z_STREAM_END)
    {
      free (text);
      return NULL;
    }
  text[n] = '\0';
  return text;
}

/* "CONFIG_PAGE_SHIFT=N" (every architecture since 6.8), else the
   architecture's "=y" option naming the size in KB.  */
static uint64_t
page_size_in (const char *config, const char *arch_option)
{
  uint64_t found = 0;
  for (const char *line = config; *line != '\0';)
    {
      const char *nl = strchr (line, '\n');
      unsigned n;
      char y;
      if (sscanf (line, "CONFIG_PAGE_SHIFT=%u", &n) == 1 && n >= 10 && n < 32)
        return UINT64_C (1) << n;
      if (arch_option != NULL && sscanf (line, arch_option, &n, &y) == 2 && y == 'y' && n != 0
          && n <= 1024 * 1024 && (n & (n - 1)) == 0)
        found = (uint64_t) n * 1024;
      line = nl ? nl + 1 : line + strlen (line);
    }
  return found;
}

uint64_t
ikconfig_page_size (struct image *img)
{
  /* a .config is a few hundred KB; gzip shrinks it about five times */
  enum { MAX_CONFIG = 16 << 20, MAX_RATIO = 64 };
  size_t len;
  const unsigned char *gz = compressed_config (img, &len);
  if (gz == NULL || len == 0)
    return 0;
  size_t limit = len < MAX_CONFIG / MAX_RATIO ? len * MAX_RATIO : MAX_CONFIG;
  char *config = inflate_config (gz, len, limit);
  if (config == NULL)
    return 0;
  uint64_t page = page_size_in (config, img->arch ? img->arch->page_size_config : NULL);
  free (config);
  return page;
}
