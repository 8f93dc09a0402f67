/* The init memory a linked kernel frees at the end of boot.  */
#ifndef INITSCAN_INITMEM_H
#define INITSCAN_INITMEM_H

struct image;
struct scan;

/* Fill img->initmem for a linked image; a note if the symbols are absent.  */
int initmem_compute (struct scan *sc);

#endif
