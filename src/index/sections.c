/* Section classes.  Names follow include/asm-generic/vmlinux.lds.h and
   include/linux/init.h (Linux 6.1/6.12).  First match wins.  */
#include "index/sections.h"

#include <fnmatch.h>
#include <stddef.h>

static const struct section_class section_classes[] = {
  /* INIT_CALLS: .initcallN.init, or .initcallN.init..<iid> with clang LTO */
  { ".initcall*.init", SECTION_INITCALL },
  { ".initcall*.init..*", SECTION_INITCALL },
  /* CON_INITCALL */
  { ".con_initcall.init", SECTION_CONSOLE_INITCALL },
  /* __init, __initdata, __initconst, __setup, .init.ramfs, … */
  { ".init.*", SECTION_INIT },
  /* __exit, __exitdata */
  { ".exit.*", SECTION_EXIT },
  /* arm unwind tables of init/exit code, freed with it */
  { ".ARM.ex*.init.*", SECTION_INIT },
  { ".ARM.ex*.exit.*", SECTION_EXIT },
  /* per-arch tables used only at boot, e.g. x86 .x86_cpu_dev.init (not
     the ELF .init of user programs); 2.4's __init and __initdata
     sections .text.init and .data.init (2.4 include/linux/init.h) and
     the .security_initcall.init table (2.6-4.x) */
  { "?*.init", SECTION_INIT },
  /* __ref, __refdata, __refconst: may reference init, by design */
  { ".ref.*", SECTION_REF },
  /* __HEAD: early boot code, may reference init */
  { ".head.text", SECTION_HEAD },
  /* The per-cpu load image: copied to each CPU's area at boot, then its
     load image is part of the freed init range on most architectures.  */
  { ".data..percpu*", SECTION_PERCPU },
};

const struct section_class *
section_classify (const char *name)
{
  for (size_t i = 0; i < sizeof section_classes / sizeof section_classes[0]; i++)
    if (fnmatch (section_classes[i].pattern, name, 0) == 0)
      return &section_classes[i];
  return NULL;
}

const char *
section_kind_name (enum section_kind kind)
{
  static const char *const names[] = {
    [SECTION_INITCALL] = "initcall",
    [SECTION_CONSOLE_INITCALL] = "console_initcall",
    [SECTION_INIT] = "init",
    [SECTION_EXIT] = "exit",
    [SECTION_REF] = "ref",
    [SECTION_HEAD] = "head",
    [SECTION_PERCPU] = "percpu",
    [SECTION_IN_INIT_RANGE] = "in-init-range",
  };
  return kind < sizeof names / sizeof names[0] ? names[kind] : NULL;
}
