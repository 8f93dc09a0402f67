/* Mapped input files that may shrink while initscan reads them: a read
   past the new end raises SIGBUS, which must not end the process.  */
#ifndef INITSCAN_GUARD_H
#define INITSCAN_GUARD_H

#include <stdbool.h>
#include <stddef.h>

struct guard;

/* Watch the mapping [ADDR, ADDR + SIZE): a SIGBUS inside it replaces the
   rest of the mapping from the faulting page on with zero pages, so the
   read goes on (on zeros), and marks the guard tripped.  A read past the
   end of a file another library mapped (BUS_ADRERR elsewhere) gets one
   zero page; any other SIGBUS ends the process as it would without a
   handler.  */
struct guard *guard_register (void *addr, size_t size);

/* A read of the mapping faulted: the file shrank under it.  */
bool guard_tripped (const struct guard *g);

/* Stop watching (before the mapping is unmapped).  */
void guard_release (struct guard *g);

#endif
