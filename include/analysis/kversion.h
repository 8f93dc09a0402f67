/* The kernel version an image was built for, and the mismatch rules that
   version's modpost applies.  */
#ifndef INITSCAN_KVERSION_H
#define INITSCAN_KVERSION_H

#include <stdbool.h>

struct image;
struct scan;
struct ruleset;

/* "6.1.0-50-amd64 ..." or "6.12": *MAJOR and *MINOR; false if S does not
   start with NUMBER.NUMBER.  */
bool kversion_parse (const char *s, unsigned *major, unsigned *minor);

/* The version in IMG's linux_banner ("Linux version X.Y..."): *MAJOR and
   *MINOR; false if it has none.  */
bool kversion_banner (struct image *img, unsigned *major, unsigned *minor);

/* A version as one number, ordered as versions are (the kernel's
   KERNEL_VERSION()).  */
#define KVERSION_CODE(major, minor, patch) (((major) << 16) + ((minor) << 8) + (patch))

/* KVERSION_CODE of IMG's linux_banner ("2.6.20.4": 2, 6, 20), 0 if it has
   none.  */
unsigned kversion_banner_code (struct image *img);

/* Set img->rules and img->rules_from: FORCED if not NULL (--rules), else
   the set of the version the image names (a module's vermagic, the
   kernel's linux_banner), else the newest set.  */
void kversion_choose_rules (struct scan *sc, const struct ruleset *forced);

#endif
