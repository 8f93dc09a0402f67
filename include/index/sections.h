/* The section classes: which sections belong to the init machinery.
   One table (src/index/sections.c) is the single source of truth.  */
#ifndef INITSCAN_SECTIONS_H
#define INITSCAN_SECTIONS_H

struct section_class
{
  const char *pattern;  /* fnmatch(3) glob on the section name */
  const char *kind;     /* "init", "exit", "initcall", … as reported */
};

/* The class of section NAME, or NULL if it is not one initscan reports.  */
const struct section_class *section_classify (const char *name);

#endif
