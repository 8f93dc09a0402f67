/* Section classes.  Names follow include/asm-generic/vmlinux.lds.h and
   include/linux/init.h (Linux 6.1/6.12).  First match wins.  */
#include "index/sections.h"

#include <fnmatch.h>
#include <stddef.h>

static const struct section_class section_classes[] = {
  /* INIT_CALLS: .initcallN.init, or .initcallN.init..<iid> with clang LTO */
  { ".initcall*.init", "initcall" },
  { ".initcall*.init..*", "initcall" },
  /* CON_INITCALL */
  { ".con_initcall.init", "console_initcall" },
  /* __init, __initdata, __initconst, __setup, .init.ramfs, … */
  { ".init.*", "init" },
  /* __exit, __exitdata */
  { ".exit.*", "exit" },
  /* arm unwind tables of init/exit code, freed with it */
  { ".ARM.ex*.init.*", "init" },
  { ".ARM.ex*.exit.*", "exit" },
  /* per-arch tables used only at boot, e.g. x86 .x86_cpu_dev.init (not
     the ELF .init of user programs) */
  { "?*.init", "init" },
  /* __ref, __refdata, __refconst: may reference init, by design */
  { ".ref.*", "ref" },
  /* __HEAD: early boot code, may reference init */
  { ".head.text", "head" },
  /* The per-cpu load image: copied to each CPU's area at boot, then its
     load image is part of the freed init range on most architectures.  */
  { ".data..percpu*", "percpu" },
};

const struct section_class *
section_classify (const char *name)
{
  for (size_t i = 0; i < sizeof section_classes / sizeof section_classes[0]; i++)
    if (fnmatch (section_classes[i].pattern, name, 0) == 0)
      return &section_classes[i];
  return NULL;
}
