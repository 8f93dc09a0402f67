/* The section-mismatch rules of each kernel version: which references
   from which sections to which sections are bugs, and the references the
   kernel allows anyway.  Data in src/analysis/rules.c, one rule set per modpost
   version (scripts/mod/modpost.c: sectioncheck[] and secref_whitelist()).  */
#ifndef INITSCAN_RULES_H
#define INITSCAN_RULES_H

#include <stdbool.h>

/* Section groups a section can belong to (bit mask): the section name
   lists of modpost, finer than any one version needs, so that every
   version's rules are written with them.  */
enum section_group
{
  SG_TEXT = 1 << 0,         /* TEXT_SECTIONS: code that stays */
  SG_OTHER_TEXT = 1 << 1,   /* OTHER_TEXT_SECTIONS: code, never a source */
  SG_HEAD = 1 << 2,         /* .head.text* */
  SG_DATA = 1 << 3,         /* DATA_SECTIONS: data that stays */
  SG_INIT = 1 << 4,         /* .init.* */
  SG_INIT_TEXT = 1 << 5,    /* .init.text */
  SG_INIT_DATA = 1 << 6,    /* .init.setup, .init.rodata, .init.data */
  SG_MEMINIT = 1 << 7,      /* .meminit.*: __meminit, until Linux 6.4 */
  SG_MEMINIT_TEXT = 1 << 8, /* .meminit.text */
  SG_MEMINIT_DATA = 1 << 9, /* .meminit.rodata, .meminit.data */
  SG_EXIT = 1 << 10,        /* .exit.* */
  SG_EXIT_TEXT = 1 << 11,   /* .exit.text */
  SG_PCI_FIXUP = 1 << 12,   /* ALL_PCI_INIT_SECTIONS */
  SG_EXTABLE = 1 << 13,     /* __ex_table */
  SG_EXTABLE_BAD = 1 << 14, /* .altinstr_replacement: never an extable target */
  SG_KSYMTAB_OBJ = 1 << 15, /* ___ksymtab+sym: exports in objects until 6.4 */
  SG_EXPORT_SYMBOL = 1 << 16, /* .export_symbol: exports in objects from 6.5 */
  SG_KSYMTAB = 1 << 17,     /* __ksymtab, __ksymtab_gpl: exports once linked */
  SG_STRICT_DATA = 1 << 18, /* data modpost does not read (--strict) */
};

/* The groups of section NAME in an object or module.  */
unsigned rules_section_groups (const char *name);
/* The groups of output section NAME of a linked image, which can hold
   input sections of other groups.  */
unsigned rules_section_groups_linked (const char *name);

/* The three kinds of report modpost words differently.  */
enum rule_family
{
  FAMILY_REFERENCE,  /* "section mismatch in reference" */
  FAMILY_EXPORT,     /* "EXPORT_SYMBOL used for init/exit symbol" */
  FAMILY_EXTABLE,    /* the exception table's own report */
};

/* What a finding is: a stable id (JSON, SARIF, baselines) and a summary.
   Every version's rules refer to these.  */
struct mismatch_rule
{
  const char *id;
  const char *summary;    /* one line for SARIF and the man page */
  enum rule_family family;
};

/* All rule kinds, for SARIF's rule list.  */
const struct mismatch_rule *rules_all (unsigned *n);

/* The rules of one modpost version.  */
struct ruleset;

/* Where the version a rule set was chosen by came from.  */
enum rules_source
{
  RULES_FROM_DEFAULT,   /* the input says no version: the newest set */
  RULES_FROM_VERMAGIC,  /* .modinfo vermagic= */
  RULES_FROM_BANNER,    /* linux_banner, "Linux version X.Y.Z ..." */
  RULES_FROM_OPTION,    /* --rules=VERSION */
};

const char *rules_source_name (enum rules_source from);

/* The rule set for kernel version MAJOR.MINOR: the newest set not newer
   than it (the oldest for older kernels).  No set is kept for the versions
   between 6.1 and 6.12, although modpost changed in between.  */
const struct ruleset *ruleset_for (unsigned major, unsigned minor);
/* The set named exactly NAME ("6.1", "6.12"), or NULL.  */
const struct ruleset *ruleset_named (const char *name);
const struct ruleset *ruleset_newest (void);
/* "6.1", "6.12": the modpost version whose rules the set is.  */
const char *ruleset_version (const struct ruleset *rs);
/* The names of all sets, ", "-separated, for messages.  */
const char *ruleset_names (void);

/* How that version's modpost words its findings.  */
enum modpost_wording
{
  MODPOST_6_1,   /* no offsets; export and extable wordings of 6.1 */
  MODPOST_6_12,  /* FROM+0xOFF; per-symbol export warnings */
};
enum modpost_wording ruleset_wording (const struct ruleset *rs);

/* How the rules are applied (bit mask).  */
enum rule_flags
{
  RULES_EXTRA_WARN = 1 << 0, /* modpost -W (W=1): hides fewer */
  RULES_STRICT = 1 << 1,     /* --strict: also what modpost misses */
};

/* The groups a section must be in for any rule of RS to read it.  */
unsigned rules_source_groups (const struct ruleset *rs, unsigned flags);

/* The rule of RS broken by a reference from a section of groups FROM to
   one of groups TO, or NULL (sectioncheck[]: the first row that matches;
   then, with RULES_STRICT, the strict rows).  */
const struct mismatch_rule *rule_match (const struct ruleset *rs, unsigned flags, unsigned from,
                                        unsigned to);

/* secref_whitelist() of RS applied to a reference RULE (what rule_match()
   returned) found: NULL if the kernel allows it anyway, else the rule to
   report it under (with RULES_STRICT, an allowance --strict lifts gives
   a strict rule).  */
const struct mismatch_rule *rule_verdict (const struct ruleset *rs, unsigned flags,
                                          const struct mismatch_rule *rule, unsigned from_groups,
                                          const char *fromsym, unsigned to_groups,
                                          const char *tosym);

#endif
