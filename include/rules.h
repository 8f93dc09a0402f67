/* The section-mismatch rules: which references from which sections to
   which sections are bugs, and the references the kernel allows anyway.
   One table each, in src/rules.c (scripts/mod/modpost.c, Linux 6.12:
   sectioncheck[] and secref_whitelist()).  */
#ifndef INITSCAN_RULES_H
#define INITSCAN_RULES_H

#include <stdbool.h>

/* Section groups a section can belong to (bit mask).  */
enum section_group
{
  SG_TEXT = 1 << 0,      /* TEXT_SECTIONS: code that stays */
  SG_DATA = 1 << 1,      /* DATA_SECTIONS: data that stays */
  SG_INIT = 1 << 2,      /* ALL_INIT_SECTIONS: .init.* */
  SG_EXIT = 1 << 3,      /* ALL_EXIT_SECTIONS: .exit.* */
  SG_PCI_FIXUP = 1 << 4, /* ALL_PCI_INIT_SECTIONS */
  SG_EXTABLE = 1 << 5,   /* __ex_table */
  SG_ALL_TEXT = 1 << 6,  /* ALL_TEXT_SECTIONS: any code, init and exit included */
  SG_EXPORT = 1 << 7,    /* export tables: ___ksymtab*, __ksymtab*, .export_symbol */
  SG_INIT_DATA = 1 << 8, /* ALL_INIT_DATA_SECTIONS */
  SG_INIT_TEXT = 1 << 9, /* .init.text */
  SG_HEAD = 1 << 10,     /* .head.text* */
  SG_MEMINIT = 1 << 12,  /* .meminit.*: __meminit, until Linux 6.4 */
};

/* The groups of section NAME.  */
unsigned section_groups (const char *name);

struct mismatch_rule
{
  const char *id;         /* stable rule id, as in JSON and SARIF */
  unsigned from;          /* groups the referencing section is in */
  unsigned to;            /* groups the referenced section is in (0: any) */
  unsigned to_not;        /* groups it must not be in */
  const char *summary;    /* one line for SARIF and the man page */
};

/* The rule broken by a reference from a section of groups FROM to one of
   groups TO, or NULL.  */
const struct mismatch_rule *rule_match (unsigned from, unsigned to);

/* All rules, for SARIF's rule list.  */
const struct mismatch_rule *rules_all (unsigned *n);

/* secref_whitelist(): true if the kernel allows this reference anyway.  */
bool rule_allowed (unsigned from_groups, const char *fromsym, unsigned to_groups,
                   const char *tosym);

#endif
