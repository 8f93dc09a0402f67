/* The kernel version an image was built for, and the mismatch rules that
   version's modpost applies.  */
#ifndef INITSCAN_KVERSION_H
#define INITSCAN_KVERSION_H

#include <stdbool.h>

struct image;
struct scan;
struct ruleset;

struct kversion
{
  unsigned major, minor, patch;  /* 2.6.22 */
};

/* "6.1.0-50-amd64 ..." or "6.12": *MAJOR and *MINOR; false if S does not
   start with NUMBER.NUMBER.  */
bool kversion_parse (const char *s, unsigned *major, unsigned *minor);

/* The release the kernel's linux_banner names (2.4's pointer to it too);
   false if it has none.  */
bool kversion_of_banner (struct image *img, struct kversion *v);

/* Set img->rules and img->rules_from: FORCED if not NULL (--rules), else
   the set of the version the image names (a module's vermagic, the
   kernel's linux_banner), else the newest set.  */
void kversion_choose_rules (struct scan *sc, const struct ruleset *forced);

#endif
