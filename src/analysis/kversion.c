/* Which kernel an image was built for: a module's (or object's) .modinfo
   "vermagic=" (include/linux/vermagic.h: UTS_RELEASE first), or the
   kernel's linux_banner (init/version-timestamp.c, init/version.c before
   6.0: "Linux version " UTS_RELEASE ...).  */
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

/* Up to LEN bytes of the string at ADDR in a section with contents, NUL
   terminated into TEXT; false if ADDR is in none.  */
static bool
string_at (struct image *img, uint64_t addr, char *text, size_t len)
{
  const struct section *sec = image_section_at (img, addr);
  if (sec == NULL || sec->shdr.sh_type == SHT_NOBITS)
    return false;
  uint64_t off = addr - sec->addr;
  size_t n = sec->shdr.sh_size - off < len - 1 ? sec->shdr.sh_size - off : len - 1;
  const unsigned char *bytes = image_section_bytes (img, sec, off, n);
  if (bytes == NULL)
    return false;
  memcpy (text, bytes, n);
  text[n] = '\0';
  return true;
}

/* The address-sized word at ADDR, in the image's byte order.  */
static bool
pointer_at (struct image *img, uint64_t addr, uint64_t *value)
{
  const struct section *sec = image_section_at (img, addr);
  size_t width = img->elfclass == 64 ? 8 : 4;
  const unsigned char *p
    = sec && sec->shdr.sh_type != SHT_NOBITS ? image_section_bytes (img, sec, addr - sec->addr, width)
                                              : NULL;
  if (p == NULL)
    return false;
  *value = 0;
  for (size_t i = 0; i < width; i++)
    *value |= (uint64_t) p[img->big_endian ? i : width - 1 - i] << (8 * (width - 1 - i));
  return true;
}

/* "A.B.C" at S (C absent: 0).  */
static bool
parse_release (const char *s, struct kversion *v)
{
  if (!parse_number (&s, &v->major) || *s++ != '.' || !parse_number (&s, &v->minor))
    return false;
  v->patch = 0;
  if (*s == '.')
    {
      s++;
      if (!parse_number (&s, &v->patch))
        v->patch = 0;
    }
  return true;
}

/* linux_banner (init/version.c): "Linux version " UTS_RELEASE " (" ...
   An array since 2.6.10; until then a pointer to that string.  */
bool
kversion_of_banner (struct image *img, struct kversion *v)
{
  static const char prefix[] = "Linux version ";
  char text[64];
  uint64_t target;
  const struct symbol *s = symbol_by_name (&img->symtab, "linux_banner");
  if (s == NULL || s->shndx == SHN_UNDEF)
    return false;
  if (string_at (img, s->addr, text, sizeof text) && str_starts_with (text, prefix))
    return parse_release (text + strlen (prefix), v);
  return pointer_at (img, s->addr, &target) && string_at (img, target, text, sizeof text)
         && str_starts_with (text, prefix) && parse_release (text + strlen (prefix), v);
}

void
kversion_choose_rules (struct scan *sc, const struct ruleset *forced)
{
  struct image *img = &sc->file;
  unsigned major, minor;
  struct kversion banner;
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
  else if (kversion_of_banner (img, &banner))
    {
      sc->rules = ruleset_for (banner.major, banner.minor);
      sc->rules_from = rules_source_name (RULES_FROM_BANNER);
    }
  else
    {
      sc->rules = ruleset_newest ();
      sc->rules_from = rules_source_name (RULES_FROM_DEFAULT);
    }
}
