/* The build's .config, when the kernel carries it (CONFIG_IKCONFIG).  */
#ifndef INITSCAN_IKCONFIG_H
#define INITSCAN_IKCONFIG_H

#include <stdint.h>

struct image;

/* PAGE_SIZE as the carried .config chooses it, 0 if the image carries no
   .config or it does not say.  */
uint64_t ikconfig_page_size (struct image *img);

#endif
