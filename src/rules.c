/* Section-mismatch rules, after scripts/mod/modpost.c (Linux 6.12):
   the section groups, sectioncheck[] and secref_whitelist().  */
#include "rules.h"

#include <fnmatch.h>
#include <stddef.h>
#include <string.h>

#include "util.h"

/* Section name patterns of each group (fnmatch globs; modpost's own
   matcher treats "*" the same way).  A name can be in several groups.  */
struct group_pattern
{
  const char *pattern;
  unsigned groups;
};

static const struct group_pattern group_patterns[] = {
  /* TEXT_SECTIONS */
  { ".text", SG_TEXT | SG_ALL_TEXT },
  { ".text.*", SG_TEXT | SG_ALL_TEXT },
  { ".sched.text", SG_TEXT | SG_ALL_TEXT },
  { ".kprobes.text", SG_TEXT | SG_ALL_TEXT },
  { ".cpuidle.text", SG_TEXT | SG_ALL_TEXT },
  { ".noinstr.text", SG_TEXT | SG_ALL_TEXT },
  { ".ltext", SG_TEXT | SG_ALL_TEXT },
  { ".ltext.*", SG_TEXT | SG_ALL_TEXT },
  /* OTHER_TEXT_SECTIONS: code, but never checked as a source */
  { ".ref.text", SG_ALL_TEXT },
  { ".head.text*", SG_ALL_TEXT | SG_HEAD },
  { ".spinlock.text", SG_ALL_TEXT },
  { ".fixup", SG_ALL_TEXT },
  { ".entry.text", SG_ALL_TEXT },
  { ".exception.text", SG_ALL_TEXT },
  { ".coldtext", SG_ALL_TEXT },
  { ".softirqentry.text", SG_ALL_TEXT },
  { ".irqentry.text", SG_ALL_TEXT },
  /* DATA_SECTIONS */
  { ".data", SG_DATA },
  { ".data.rel", SG_DATA },
  /* ALL_INIT_SECTIONS, ALL_INIT_DATA_SECTIONS, ALL_INIT_TEXT_SECTIONS */
  { ".init.text", SG_INIT | SG_INIT_TEXT | SG_ALL_TEXT },
  { ".init.setup", SG_INIT | SG_INIT_DATA },
  { ".init.rodata", SG_INIT | SG_INIT_DATA },
  { ".init.data", SG_INIT | SG_INIT_DATA },
  { ".init.*", SG_INIT },
  /* MEM_INIT_SECTIONS: part of ALL_INIT_SECTIONS in modpost until 6.4,
     when __meminit became __init (or nothing) and the sections went */
  { ".meminit.*", SG_INIT | SG_MEMINIT },
  /* ALL_EXIT_SECTIONS, ALL_EXIT_TEXT_SECTIONS */
  { ".exit.text", SG_EXIT | SG_ALL_TEXT },
  { ".exit.*", SG_EXIT },
  /* ALL_PCI_INIT_SECTIONS; a linked image merges them into .pci_fixup */
  { ".pci_fixup_early", SG_PCI_FIXUP },
  { ".pci_fixup_header", SG_PCI_FIXUP },
  { ".pci_fixup_final", SG_PCI_FIXUP },
  { ".pci_fixup_enable", SG_PCI_FIXUP },
  { ".pci_fixup_resume", SG_PCI_FIXUP },
  { ".pci_fixup_resume_early", SG_PCI_FIXUP },
  { ".pci_fixup_suspend", SG_PCI_FIXUP },
  { ".pci_fixup", SG_PCI_FIXUP },
  /* exception table entries must point at code (not even at
     .altinstr_replacement, which is not in any code group) */
  { "__ex_table", SG_EXTABLE },
  /* exports: ___ksymtab+sym in 6.1 objects, __ksymtab{,_gpl} when linked,
     .export_symbol (__export_symbol_<sym>) in 6.5+ objects */
  { "___ksymtab*", SG_EXPORT },
  { "__ksymtab", SG_EXPORT },
  { "__ksymtab_gpl", SG_EXPORT },
  { ".export_symbol", SG_EXPORT },
};

unsigned
section_groups (const char *name)
{
  unsigned groups = 0;
  for (size_t i = 0; i < ARRAY_SIZE (group_patterns); i++)
    if (fnmatch (group_patterns[i].pattern, name, 0) == 0)
      groups |= group_patterns[i].groups;
  return groups;
}

/* sectioncheck[]: the first rule whose source and target groups match.  */
static const struct mismatch_rule rules[] = {
  { "export-of-init", SG_EXPORT, SG_INIT, 0,
    "EXPORT_SYMBOL of an __init symbol: modules would call freed memory" },
  { "export-of-exit", SG_EXPORT, SG_EXIT, 0,
    "EXPORT_SYMBOL of an __exit symbol: it is discarded in built-in code" },
  { "text-to-init", SG_TEXT, SG_INIT, 0,
    "code that stays after boot references __init code or data, freed after boot" },
  { "text-to-exit", SG_TEXT, SG_EXIT, 0,
    "code that stays references __exit code or data, discarded when built in" },
  { "data-to-init", SG_DATA, SG_INIT, 0,
    "data that stays after boot references __init code or data, freed after boot" },
  { "data-to-exit", SG_DATA, SG_EXIT, 0,
    "data that stays references __exit code or data, discarded when built in" },
  { "init-to-exit", SG_INIT, SG_EXIT, 0,
    "__init code or data references __exit code or data, discarded when built in" },
  { "exit-to-init", SG_EXIT, SG_INIT, 0,
    "__exit code or data references __init code or data, freed after boot" },
  { "meminit-to-init", SG_MEMINIT, SG_INIT, SG_MEMINIT,
    "__meminit code or data (kept for memory hotplug) references __init code or data" },
  { "pci-fixup-to-init", SG_PCI_FIXUP, SG_INIT, 0,
    "a PCI fixup (run at resume and hotplug too) references __init code or data" },
  { "extable-to-non-text", SG_EXTABLE, 0, SG_ALL_TEXT,
    "an exception table entry points outside code" },
};

const struct mismatch_rule *
rule_match (unsigned from, unsigned to)
{
  for (size_t i = 0; i < ARRAY_SIZE (rules); i++)
    {
      const struct mismatch_rule *r = &rules[i];
      if ((from & r->from) && (r->to == 0 || (to & r->to)) && !(to & r->to_not))
        return r;
    }
  return NULL;
}

const struct mismatch_rule *
rules_all (unsigned *n)
{
  *n = ARRAY_SIZE (rules);
  return rules;
}

static bool
matches_any (const char *name, const char *const *patterns)
{
  for (; *patterns != NULL; patterns++)
    if (fnmatch (*patterns, name, 0) == 0)
      return true;
  return false;
}

/* secref_whitelist() of modpost 6.12, one entry per pattern.  */
struct allowance
{
  unsigned from;                   /* source groups, 0 = any */
  unsigned to;                     /* target groups */
  const char *const *fromsyms;     /* source symbol globs, NULL = any */
  const char *const *tosyms;       /* target symbol globs, NULL = any */
};

#define PATTERNS(...) ((const char *const[]) { __VA_ARGS__, NULL })

static const struct allowance allowances[] = {
  /* 1: module parameters declared __initdata (permissions 0) */
  { SG_DATA, SG_INIT_DATA, PATTERNS ("__param*"), NULL },
  /* 1a: their kernel_param_ops in .init.text */
  { SG_DATA, SG_INIT_TEXT, PATTERNS ("__param_ops_*"), NULL },
  /* 2: driver structures whose callbacks may be __init/__exit */
  { SG_DATA, SG_INIT | SG_EXIT, PATTERNS ("*_ops", "*_probe", "*_console"), NULL },
  /* data→exit from *driver structures: "quite a few offenders", hidden
     unless modpost runs with W=1 (extra_warn) */
  { SG_DATA, SG_EXIT, PATTERNS ("*driver"), NULL },
  /* modpost 6.1: data → meminit from *driver structures */
  { SG_DATA, SG_MEMINIT, PATTERNS ("*driver"), NULL },
  /* 3: early boot code */
  { SG_HEAD, SG_INIT, NULL, NULL },
  /* 4: boundary symbols have no storage of their own */
  { 0, ~0u, NULL, PATTERNS ("__init_begin", "_sinittext", "_einittext") },
  /* 5: gcc's constant-propagated clones of __init callers */
  { SG_ALL_TEXT, SG_INIT, PATTERNS ("*.constprop.*"), NULL },
};

bool
rule_allowed (unsigned from_groups, const char *fromsym, unsigned to_groups, const char *tosym)
{
  for (size_t i = 0; i < ARRAY_SIZE (allowances); i++)
    {
      const struct allowance *a = &allowances[i];
      if ((a->from == 0 || (from_groups & a->from)) && (to_groups & a->to)
          && (a->fromsyms == NULL || (fromsym != NULL && matches_any (fromsym, a->fromsyms)))
          && (a->tosyms == NULL || (tosym != NULL && matches_any (tosym, a->tosyms))))
        return true;
    }
  return false;
}
