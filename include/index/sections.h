/* The section classes: which sections belong to the init machinery.
   One table (src/index/sections.c) is the single source of truth.  */
#ifndef INITSCAN_SECTIONS_H
#define INITSCAN_SECTIONS_H

/* What a section is to the init machinery; its name as reported is
   section_kind_name()'s.  */
enum section_kind
{
  SECTION_OTHER,             /* none of these: not reported */
  SECTION_INITCALL,
  SECTION_CONSOLE_INITCALL,
  SECTION_INIT,
  SECTION_EXIT,
  SECTION_REF,
  SECTION_HEAD,
  SECTION_PERCPU,
  SECTION_IN_INIT_RANGE,     /* another section inside [__init_begin, __init_end) */
};

struct section_class
{
  const char *pattern;  /* fnmatch(3) glob on the section name */
  enum section_kind kind;
};

/* "init", "exit", "initcall", … as reported; NULL for SECTION_OTHER.  */
const char *section_kind_name (enum section_kind kind);

/* The class of section NAME, or NULL if it is not one initscan reports.  */
const struct section_class *section_classify (const char *name);

#endif
