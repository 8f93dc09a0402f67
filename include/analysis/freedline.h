/* The "Freeing ... memory" line a kernel prints when it frees its init
   memory, as that kernel's version and architecture word it.  */
#ifndef INITSCAN_FREEDLINE_H
#define INITSCAN_FREEDLINE_H

struct scan;

/* Fill sc->initmem's message and boot_log_line from sc->initmem's range
   and page size, the image's architecture and its linux_banner.  */
void freedline_compute (struct scan *sc);

#endif
