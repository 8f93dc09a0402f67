/* initscan's version: the Makefile's VERSION, given to every build
   (plain, sanitized, fuzz) as -DINITSCAN_VERSION.  */
#ifndef INITSCAN_VERSION_H
#define INITSCAN_VERSION_H

#ifndef INITSCAN_VERSION
#error "INITSCAN_VERSION is not defined: build with the Makefile"
#endif

#endif
