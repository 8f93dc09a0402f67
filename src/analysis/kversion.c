/* Which kernel an image was built for: a module's (or object's) .modinfo
   "vermagic=" (include/linux/vermagic.h: UTS_RELEASE first), or the
   kernel's linux_banner (init/version-timestamp.c: "Linux version "
   UTS_RELEASE ...).  */
#include "analysis/kversion.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/scan.h"
#include "index/image.h"
#include "analysis/rules.h"
#include "util/util.h"

static bool
parse_number (const char **s, unsigned *n)
{
  if (!isdigit ((unsigned char) **s))
    return false;
  char *end;
  unsigned long v = strtoul (*s, &end, 10);
  if (v > 1000)
    return false;
  *n = (unsigned) v;
  *s = end;
  return true;
}

bool
kversion_parse (const char *s, unsigned *major, unsigned *minor)
{
  if (!parse_number (&s, major) || *s++ != '.')
    return false;
  return parse_number (&s, minor);
}

/* The value of TAG= in .modinfo (NUL-separated tag=value strings), or
   NULL.  */
static const char *
modinfo_value (struct image *img, const char *tag)
{
  const struct section *sec = image_section_by_name (img, ".modinfo");
  const char *p = sec ? (const char *) image_section_bytes (img, sec, 0, sec->shdr.sh_size) : NULL;
  if (p == NULL)
    return NULL;
  const char *end = p + sec->shdr.sh_size;
  size_t taglen = strlen (tag);
  while (p < end)
    {
      const char *nul = memchr (p, '\0', (size_t) (end - p));
      if (nul == NULL)
        return NULL;
      if ((size_t) (nul - p) > taglen && strncmp (p, tag, taglen) == 0 && p[taglen] == '=')
        return p + taglen + 1;
      p = nul + 1;
    }
  return NULL;
}

/* The release in linux_banner, "Linux version X.Y..." at the symbol, into
   TEXT (SIZE bytes, NUL-terminated); false if there is none.  */
static bool
banner_release (struct image *img, char *text, size_t size)
{
  static const char prefix[] = "Linux version ";
  const struct symbol *s = symbol_by_name (&img->symtab, "linux_banner");
  if (s == NULL || s->shndx == SHN_UNDEF || s->shndx >= img->nsections)
    return false;
  const struct section *sec = &img->sections[s->shndx];
  if (sec->shdr.sh_type == SHT_NOBITS || s->addr < sec->addr
      || s->addr - sec->addr >= sec->shdr.sh_size)
    return false;
  uint64_t off = s->addr - sec->addr;
  size_t len = sec->shdr.sh_size - off < size - 1 ? sec->shdr.sh_size - off : size - 1;
  const unsigned char *bytes = image_section_bytes (img, sec, off, len);
  if (bytes == NULL)
    return false;
  memcpy (text, bytes, len);
  text[len] = '\0';
  if (!str_starts_with (text, prefix))
    return false;
  memmove (text, text + strlen (prefix), len + 1 - strlen (prefix));
  return true;
}

bool
kversion_banner (struct image *img, unsigned *major, unsigned *minor)
{
  char text[64];
  return banner_release (img, text, sizeof text) && kversion_parse (text, major, minor);
}

unsigned
kversion_banner_code (struct image *img)
{
  char text[64];
  unsigned major, minor, patch = 0;
  if (!banner_release (img, text, sizeof text) || !kversion_parse (text, &major, &minor))
    return 0;
  /* the third number, as in "2.6.20.4": kversion_parse read two */
  const char *p = text;
  for (int dots = 0; *p != '\0' && dots < 2; p++)
    dots += *p == '.';
  if (p[-1] == '.' && !parse_number (&p, &patch))
    patch = 0;
  return KVERSION_CODE (major, minor, patch < 255 ? patch : 255);
}

void
kversion_choose_rules (struct scan *sc, const struct ruleset *forced)
{
  struct image *img = &sc->file;
  unsigned major, minor;
  const char *vermagic = modinfo_value (img, "vermagic");
  if (forced != NULL)
    {
      sc->rules = forced;
      sc->rules_from = rules_source_name (RULES_FROM_OPTION);
    }
  else if (vermagic != NULL && kversion_parse (vermagic, &major, &minor))
    {
      sc->rules = ruleset_for (major, minor);
      sc->rules_from = rules_source_name (RULES_FROM_VERMAGIC);
    }
  else if (kversion_banner (img, &major, &minor))
    {
      sc->rules = ruleset_for (major, minor);
      sc->rules_from = rules_source_name (RULES_FROM_BANNER);
    }
  else
    {
      sc->rules = ruleset_newest ();
      sc->rules_from = rules_source_name (RULES_FROM_DEFAULT);
    }
}
