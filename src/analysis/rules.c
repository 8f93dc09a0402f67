/* Section-mismatch rules per kernel version, after scripts/mod/modpost.c
   of Linux 6.1 and 6.12: the section lists, sectioncheck[] and
   secref_whitelist() of each, as data.  */
#include "analysis/rules.h"

#include <fnmatch.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "util/util.h"

/* Section name patterns of each group (fnmatch globs, as modpost's
   match()).  A name can be in several groups.  */
struct group_pattern
{
  const char *pattern;
  unsigned groups;
};

static const struct group_pattern group_patterns[] = {
  /* TEXT_SECTIONS */
  { ".text", SG_TEXT },
  { ".text.*", SG_TEXT },
  { ".sched.text", SG_TEXT },
  { ".kprobes.text", SG_TEXT },
  { ".cpuidle.text", SG_TEXT },
  { ".noinstr.text", SG_TEXT },
  { ".ltext", SG_TEXT },
  { ".ltext.*", SG_TEXT },
  /* OTHER_TEXT_SECTIONS: code, but never checked as a source */
  { ".ref.text", SG_OTHER_TEXT },
  { ".head.text", SG_OTHER_TEXT },
  { ".spinlock.text", SG_OTHER_TEXT },
  { ".fixup", SG_OTHER_TEXT },
  { ".entry.text", SG_OTHER_TEXT },
  { ".exception.text", SG_OTHER_TEXT },
  { ".coldtext", SG_OTHER_TEXT },
  { ".softirqentry.text", SG_OTHER_TEXT },
  { ".irqentry.text", SG_OTHER_TEXT },
  /* secref_whitelist() pattern 3 (6.1: ".head.text*"; 6.12: a prefix) */
  { ".head.text*", SG_HEAD },
  /* DATA_SECTIONS */
  { ".data", SG_DATA },
  { ".data.rel", SG_DATA },
  /* INIT_SECTIONS and ALL_INIT_DATA_SECTIONS */
  { ".init.*", SG_INIT },
  { ".init.text", SG_INIT_TEXT },
  { ".init.setup", SG_INIT_DATA },
  { ".init.rodata", SG_INIT_DATA },
  { ".init.data", SG_INIT_DATA },
  /* MEM_INIT_SECTIONS (6.1; gone when __meminit lost its sections) */
  { ".meminit.*", SG_MEMINIT },
  { ".meminit.text", SG_MEMINIT_TEXT },
  { ".meminit.rodata", SG_MEMINIT_DATA },
  { ".meminit.data", SG_MEMINIT_DATA },
  /* EXIT_SECTIONS, ALL_EXIT_TEXT_SECTIONS */
  { ".exit.*", SG_EXIT },
  { ".exit.text", SG_EXIT_TEXT },
  /* ALL_PCI_INIT_SECTIONS; a linked image merges them into .pci_fixup
     (include/asm-generic/vmlinux.lds.h), which modpost never sees */
  { ".pci_fixup_early", SG_PCI_FIXUP },
  { ".pci_fixup_header", SG_PCI_FIXUP },
  { ".pci_fixup_final", SG_PCI_FIXUP },
  { ".pci_fixup_enable", SG_PCI_FIXUP },
  { ".pci_fixup_resume", SG_PCI_FIXUP },
  { ".pci_fixup_resume_early", SG_PCI_FIXUP },
  { ".pci_fixup_suspend", SG_PCI_FIXUP },
  { ".pci_fixup", SG_PCI_FIXUP },
  /* the exception table and its black-listed target */
  { "__ex_table", SG_EXTABLE },
  { ".altinstr_replacement", SG_EXTABLE_BAD },
  /* exports: ___ksymtab+sym in 6.1 objects, .export_symbol
     (__export_symbol_<sym>, include/linux/export.h) in 6.5+ objects,
     __ksymtab{,_gpl} once linked (scripts/module.lds.S, the .mod.c) */
  { "___ksymtab*", SG_KSYMTAB_OBJ },
  { ".export_symbol", SG_EXPORT_SYMBOL },
  { "__ksymtab", SG_KSYMTAB },
  { "__ksymtab_gpl", SG_KSYMTAB },
  /* --strict: data that outlives init in sections modpost does not read,
     on real architectures: position-independent code's pointers
     (.data.rel.local, .data.rel.ro*: s390x modules), small data (.sdata:
     riscv: .sdata, .srodata), const tables (.rodata*) and __ro_after_init data
     (include/linux/cache.h: .data..ro_after_init) */
  { ".data.rel.local", SG_STRICT_DATA },
  { ".data.rel.ro", SG_STRICT_DATA },
  { ".data.rel.ro.local", SG_STRICT_DATA },
  { ".sdata", SG_STRICT_DATA },
  { ".srodata", SG_STRICT_DATA },
  { ".rodata", SG_STRICT_DATA },
  { ".rodata.*", SG_STRICT_DATA },
  { ".data..ro_after_init", SG_STRICT_DATA },
};

/* Groups a linked image's output section of that name is not in: its
   .rodata also holds the tables the kernel walks for init code as well
   (__jump_table, .static_call_sites: RO_DATA in
   include/asm-generic/vmlinux.lds.h).  */
static const struct group_pattern linked_exclusions[] = {
  { ".rodata", SG_STRICT_DATA },
  { ".rodata.*", SG_STRICT_DATA },
};

static unsigned
groups_matching (const struct group_pattern *patterns, size_t n, const char *name)
{
  unsigned groups = 0;
  for (size_t i = 0; i < n; i++)
    if (fnmatch (patterns[i].pattern, name, 0) == 0)
      groups |= patterns[i].groups;
  return groups;
}

unsigned
rules_section_groups (const char *name)
{
  return groups_matching (group_patterns, ARRAY_SIZE (group_patterns), name);
}

unsigned
rules_section_groups_linked (const char *name)
{
  return rules_section_groups (name)
         & ~groups_matching (linked_exclusions, ARRAY_SIZE (linked_exclusions), name);
}

/* The kinds of finding; every version's rows name one.  */
enum rule_kind
{
  K_EXPORT_INIT,
  K_EXPORT_EXIT,
  K_TEXT_INIT,
  K_TEXT_EXIT,
  K_DATA_INIT,
  K_DATA_EXIT,
  K_INIT_EXIT,
  K_EXIT_INIT,
  K_MEMINIT_INIT,
  K_PCI_INIT,
  K_EXTABLE,
  K_STRICT_DATA_INIT,
  K_STRICT_DATA_EXIT,
  K_STRICT_CLONE_INIT,
};

static const struct mismatch_rule kinds[] = {
  [K_EXPORT_INIT] = { "export-of-init",
                      "EXPORT_SYMBOL of an __init symbol: modules would call freed memory",
                      FAMILY_EXPORT },
  [K_EXPORT_EXIT] = { "export-of-exit",
                      "EXPORT_SYMBOL of an __exit symbol: it is discarded in built-in code",
                      FAMILY_EXPORT },
  [K_TEXT_INIT] = { "text-to-init",
                    "code that stays after boot references __init code or data, freed after boot",
                    FAMILY_REFERENCE },
  [K_TEXT_EXIT] = { "text-to-exit",
                    "code that stays references __exit code or data, discarded when built in",
                    FAMILY_REFERENCE },
  [K_DATA_INIT] = { "data-to-init",
                    "data that stays after boot references __init code or data, freed after boot",
                    FAMILY_REFERENCE },
  [K_DATA_EXIT] = { "data-to-exit",
                    "data that stays references __exit code or data, discarded when built in",
                    FAMILY_REFERENCE },
  [K_INIT_EXIT] = { "init-to-exit",
                    "__init code or data references __exit code or data, discarded when built in",
                    FAMILY_REFERENCE },
  [K_EXIT_INIT] = { "exit-to-init",
                    "__exit code or data references __init code or data, freed after boot",
                    FAMILY_REFERENCE },
  [K_MEMINIT_INIT] = { "meminit-to-init",
                       "__meminit code or data (kept for memory hotplug) references __init code "
                       "or data",
                       FAMILY_REFERENCE },
  [K_PCI_INIT] = { "pci-fixup-to-init",
                   "a PCI fixup (run at resume and hotplug too) references __init code or data",
                   FAMILY_REFERENCE },
  [K_EXTABLE] = { "extable-to-non-text", "an exception table entry points outside code",
                  FAMILY_EXTABLE },
  [K_STRICT_DATA_INIT] = { "strict-data-to-init",
                           "data that stays after boot, in a section modpost does not check, "
                           "references __init code or data (--strict)",
                           FAMILY_REFERENCE },
  [K_STRICT_DATA_EXIT] = { "strict-data-to-exit",
                           "data that stays, in a section modpost does not check, references "
                           "__exit code or data (--strict)",
                           FAMILY_REFERENCE },
  [K_STRICT_CLONE_INIT] = { "strict-clone-to-init",
                            "a compiler clone (.constprop.N) of code that stays references "
                            "__init code or data: modpost allows all such clones (--strict)",
                            FAMILY_REFERENCE },
};

const struct mismatch_rule *
rules_all (unsigned *n)
{
  *n = ARRAY_SIZE (kinds);
  return kinds;
}

/* A row of sectioncheck[]: a reference from FROM to TO (or to anything
   outside TO_NOT, modpost's good_tosec) is a finding of KIND.  */
struct check
{
  unsigned from, to, to_not;
  enum rule_kind kind;
};

/* When an allowance holds.  */
enum allowance_when
{
  ALWAYS,
  UNLESS_EXTRA_WARN,  /* not with modpost -W */
  UNLESS_STRICT,      /* not with --strict: compiler clones, strict-clone-to-init */
};

/* A secref_whitelist() pattern: references from FROM to TO (0: any
   section) whose source symbol matches FROMSYMS and target symbol TOSYMS
   (NULL: any) are allowed.  */
struct allowance
{
  unsigned from, to;
  const char *const *fromsyms;
  const char *const *tosyms;
  enum allowance_when when;
};

#define PATTERNS(...) ((const char *const[]) { __VA_ARGS__, NULL })
#define ROWS(...) ((const struct check[]) { __VA_ARGS__ }), \
  ARRAY_SIZE (((const struct check[]) { __VA_ARGS__ }))
#define ALLOWANCES(...) ((const struct allowance[]) { __VA_ARGS__ }), \
  ARRAY_SIZE (((const struct allowance[]) { __VA_ARGS__ }))

struct ruleset
{
  const char *version;
  unsigned major, minor;
  enum modpost_wording wording;
  const struct check *checks;
  size_t nchecks;
  const struct allowance *allowances;
  size_t nallowances;
  /* kinds secref_whitelist() is not consulted for (a handler of their own) */
  unsigned exempt;    /* 1 << kind */
};

/* Linux 6.1 scripts/mod/modpost.c.  ALL_INIT_SECTIONS: .init.* and
   .meminit.*; ALL_TEXT_SECTIONS: .init.text, .meminit.text, .exit.text,
   TEXT_SECTIONS and OTHER_TEXT_SECTIONS.  */
#define INIT_6_1 (SG_INIT | SG_MEMINIT)
#define ALL_TEXT_6_1 (SG_INIT_TEXT | SG_MEMINIT_TEXT | SG_EXIT_TEXT | SG_TEXT | SG_OTHER_TEXT)
/* Linux 6.12: ALL_INIT_SECTIONS is .init.* alone.  */
#define ALL_TEXT_6_12 (SG_INIT_TEXT | SG_EXIT_TEXT | SG_TEXT | SG_OTHER_TEXT)
#define EXPORTS_6_1 (SG_KSYMTAB_OBJ | SG_KSYMTAB)
#define EXPORTS_6_12 (SG_EXPORT_SYMBOL | SG_KSYMTAB)

/* Oldest first.  */
static const struct ruleset rulesets[] = {
  {
    "6.1", 6, 1, MODPOST_6_1,
    ROWS ({ SG_TEXT, INIT_6_1, 0, K_TEXT_INIT },
          { SG_DATA, SG_MEMINIT, 0, K_DATA_INIT },
          { SG_DATA, SG_INIT, 0, K_DATA_INIT },
          { SG_TEXT, SG_EXIT, 0, K_TEXT_EXIT },
          { SG_DATA, SG_EXIT, 0, K_DATA_EXIT },
          { SG_MEMINIT, SG_INIT, 0, K_MEMINIT_INIT },
          { INIT_6_1, SG_EXIT, 0, K_INIT_EXIT },
          { SG_EXIT, INIT_6_1, 0, K_EXIT_INIT },
          { SG_PCI_FIXUP, SG_INIT, 0, K_PCI_INIT },
          { EXPORTS_6_1, SG_INIT, 0, K_EXPORT_INIT },
          { EXPORTS_6_1, SG_EXIT, 0, K_EXPORT_EXIT },
          { SG_EXTABLE, SG_EXTABLE_BAD, 0, K_EXTABLE },
          { SG_EXTABLE, 0, ALL_TEXT_6_1, K_EXTABLE }),
    ALLOWANCES (/* 1: module parameters declared __initdata */
                { SG_DATA, SG_INIT_DATA | SG_MEMINIT_DATA, PATTERNS ("__param*"), NULL, ALWAYS },
                /* 1a: module_param_call() ops with an __init set function */
                { SG_DATA, SG_INIT_TEXT, PATTERNS ("__param_ops_*"), NULL, ALWAYS },
                /* data that may refer to any init/exit section */
                { SG_DATA, INIT_6_1 | SG_EXIT,
                  PATTERNS ("*_template", "*_timer", "*_sht", "*_ops", "*_probe", "*_probe_one",
                            "*_console"), NULL, ALWAYS },
                /* data that may refer to meminit sections */
                { SG_DATA, SG_MEMINIT, PATTERNS ("*driver"), NULL, ALWAYS },
                /* data → exit from *driver: "quite a few offenders", shown with W=1 */
                { SG_DATA, SG_EXIT, PATTERNS ("*driver"), NULL, UNLESS_EXTRA_WARN },
                /* 3: early boot code */
                { SG_HEAD, INIT_6_1, NULL, NULL, ALWAYS },
                /* 4: boundary symbols have no storage of their own */
                { 0, 0, NULL, PATTERNS ("__init_begin", "_sinittext", "_einittext"), ALWAYS },
                /* 5: gcc's constant-propagated clones */
                { ALL_TEXT_6_1, INIT_6_1, PATTERNS ("*.constprop.*"), NULL,
                  UNLESS_STRICT },
                /* 6: compiler-generated local labels (-fsection-anchors) */
                { 0, 0, PATTERNS (".L*"), NULL, ALWAYS }),
    1u << K_EXTABLE, /* extable_mismatch_handler() */
  },
  {
    "6.12", 6, 12, MODPOST_6_12,
    ROWS ({ SG_TEXT, SG_INIT, 0, K_TEXT_INIT },
          { SG_TEXT, SG_EXIT, 0, K_TEXT_EXIT },
          { SG_DATA, SG_INIT, 0, K_DATA_INIT },
          { SG_DATA, SG_EXIT, 0, K_DATA_EXIT },
          { SG_INIT, SG_EXIT, 0, K_INIT_EXIT },
          { SG_EXIT, SG_INIT, 0, K_EXIT_INIT },
          { SG_PCI_FIXUP, SG_INIT, 0, K_PCI_INIT },
          /* check_export_symbol(), before sectioncheck[] */
          { EXPORTS_6_12, SG_INIT, 0, K_EXPORT_INIT },
          { EXPORTS_6_12, SG_EXIT, 0, K_EXPORT_EXIT },
          { SG_EXTABLE, SG_EXTABLE_BAD, 0, K_EXTABLE },
          { SG_EXTABLE, 0, ALL_TEXT_6_12, K_EXTABLE }),
    ALLOWANCES ({ SG_DATA, SG_INIT_DATA, PATTERNS ("__param*"), NULL, ALWAYS },
                { SG_DATA, SG_INIT_TEXT, PATTERNS ("__param_ops_*"), NULL, ALWAYS },
                { SG_DATA, SG_INIT | SG_EXIT, PATTERNS ("*_ops", "*_probe", "*_console"), NULL,
                  ALWAYS },
                { SG_HEAD, SG_INIT, NULL, NULL, ALWAYS },
                { 0, 0, NULL, PATTERNS ("__init_begin", "_sinittext", "_einittext"), ALWAYS },
                { ALL_TEXT_6_12, SG_INIT, PATTERNS ("*.constprop.*"), NULL,
                  UNLESS_STRICT }),
    1u << K_EXPORT_INIT | 1u << K_EXPORT_EXIT, /* check_export_symbol() */
  },
};

const char *
rules_source_name (enum rules_source from)
{
  static const char *const names[] = {
    [RULES_FROM_DEFAULT] = "default",
    [RULES_FROM_VERMAGIC] = "vermagic",
    [RULES_FROM_BANNER] = "linux_banner",
    [RULES_FROM_OPTION] = "option",
  };
  return names[from];
}

const struct ruleset *
ruleset_for (unsigned major, unsigned minor)
{
  const struct ruleset *best = &rulesets[0];
  for (size_t i = 0; i < ARRAY_SIZE (rulesets); i++)
    if (rulesets[i].major < major || (rulesets[i].major == major && rulesets[i].minor <= minor))
      best = &rulesets[i];
  return best;
}

const struct ruleset *
ruleset_named (const char *name)
{
  for (size_t i = 0; i < ARRAY_SIZE (rulesets); i++)
    if (strcmp (rulesets[i].version, name) == 0)
      return &rulesets[i];
  return NULL;
}

const struct ruleset *
ruleset_newest (void)
{
  return &rulesets[ARRAY_SIZE (rulesets) - 1];
}

const char *
ruleset_version (const struct ruleset *rs)
{
  return rs->version;
}

const char *
ruleset_names (void)
{
  static char names[64];
  if (names[0] == '\0')
    for (size_t i = 0; i < ARRAY_SIZE (rulesets); i++)
      snprintf (names + strlen (names), sizeof names - strlen (names), "%s%s", i ? ", " : "",
                rulesets[i].version);
  return names;
}

enum modpost_wording
ruleset_wording (const struct ruleset *rs)
{
  return rs->wording;
}

/* --strict: references modpost misses, whatever the version.  The
   version's allowances for data apply to them too.  */
static const struct check strict_checks[] = {
  { SG_STRICT_DATA, SG_INIT, 0, K_STRICT_DATA_INIT },
  { SG_STRICT_DATA, SG_EXIT, 0, K_STRICT_DATA_EXIT },
};

unsigned
rules_source_groups (const struct ruleset *rs, unsigned flags)
{
  unsigned groups = 0;
  for (size_t i = 0; i < rs->nchecks; i++)
    groups |= rs->checks[i].from;
  if (flags & RULES_STRICT)
    for (size_t i = 0; i < ARRAY_SIZE (strict_checks); i++)
      groups |= strict_checks[i].from;
  return groups;
}

static bool
check_matches (const struct check *c, unsigned from, unsigned to)
{
  if (!(from & c->from))
    return false;
  return c->to != 0 ? (to & c->to) != 0 : !(to & c->to_not);
}

const struct mismatch_rule *
rule_match (const struct ruleset *rs, unsigned flags, unsigned from, unsigned to)
{
  for (size_t i = 0; i < rs->nchecks; i++)
    if (check_matches (&rs->checks[i], from, to))
      return &kinds[rs->checks[i].kind];
  if (flags & RULES_STRICT)
    for (size_t i = 0; i < ARRAY_SIZE (strict_checks); i++)
      if (check_matches (&strict_checks[i], from, to))
        return &kinds[strict_checks[i].kind];
  return NULL;
}

static bool
matches_any (const char *name, const char *const *patterns)
{
  if (patterns == NULL)
    return true;
  if (name == NULL)
    return false;
  for (; *patterns != NULL; patterns++)
    if (fnmatch (*patterns, name, 0) == 0)
      return true;
  return false;
}

static bool
allowance_matches (const struct allowance *a, unsigned flags, unsigned from_groups,
                   const char *fromsym, unsigned to_groups, const char *tosym)
{
  return !(a->when == UNLESS_EXTRA_WARN && (flags & RULES_EXTRA_WARN))
         && (a->from == 0 || (from_groups & a->from)) && (a->to == 0 || (to_groups & a->to))
         && matches_any (fromsym, a->fromsyms) && matches_any (tosym, a->tosyms);
}

const struct mismatch_rule *
rule_verdict (const struct ruleset *rs, unsigned flags, const struct mismatch_rule *rule,
              unsigned from_groups, const char *fromsym, unsigned to_groups, const char *tosym)
{
  if (rs->exempt & (1u << (rule - kinds)))
    return rule;
  if (rule == &kinds[K_STRICT_DATA_INIT] || rule == &kinds[K_STRICT_DATA_EXIT])
    from_groups |= SG_DATA;
  for (size_t i = 0; i < rs->nallowances; i++)
    {
      const struct allowance *a = &rs->allowances[i];
      if (!allowance_matches (a, flags, from_groups, fromsym, to_groups, tosym))
        continue;
      if (a->when == UNLESS_STRICT && (flags & RULES_STRICT))
        return &kinds[K_STRICT_CLONE_INIT];
      return NULL;
    }
  return rule;
}
