/* Initcalls in run order.

   Linked images: the linker folds every .initcallN.init input section into
   one output section between boundary symbols (include/asm-generic/
   vmlinux.lds.h INIT_CALLS, CON_INITCALL); entries are decoded from the
   bytes.  Relocatable files (vmlinux.o, built-in .o): the per-level
   sections still exist and each entry's target is its relocation.  */
#include "analysis/initcalls.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "arch/arch.h"
#include "dwarf/src.h"
#include "analysis/scan.h"
#include "index/image.h"
#include "index/reloc.h"
#include "util/util.h"

/* The run order of init/main.c: do_pre_smp_initcalls() runs the early
   ones, do_initcalls() walks levels 0..7, each level running up to the
   next level's start symbol, so "Ns" runs at the tail of N and "rootfs"
   (between __initcallrootfs_start and __initcall6_start) at the tail
   of 5.  */
struct initcall_level
{
  const char *id;      /* as in the section name: .initcall<id>.init */
  const char *start;   /* boundary symbol opening the level */
  const char *sync_id; /* .initcall<sync_id>.init follows in the slice */
};

static const struct initcall_level initcall_levels[] = {
  { "early", "__initcall_start", NULL },
  { "0", "__initcall0_start", "0s" },
  { "1", "__initcall1_start", "1s" },
  { "2", "__initcall2_start", "2s" },
  { "3", "__initcall3_start", "3s" },
  { "4", "__initcall4_start", "4s" },
  { "5", "__initcall5_start", "5s" },
  { "rootfs", "__initcallrootfs_start", "rootfss" },
  { "6", "__initcall6_start", "6s" },
  { "7", "__initcall7_start", "7s" },
};
#define INITCALL_END "__initcall_end"
#define CONSOLE_LEVEL "console"
#define CONSOLE_SECTION ".con_initcall.init"

enum entry_encoding
{
  ENC_PREL32,   /* CONFIG_HAVE_ARCH_PREL32_RELOCATIONS: .long fn - . */
  ENC_ABSOLUTE, /* a pointer in the image's byte order */
};

struct table
{
  uint64_t begin, end;           /* [begin, end) of the entries */
  const struct section *sec;     /* the section holding them */
  enum entry_encoding enc;
  unsigned entsize;
};

static bool
is_entry_label (const struct symbol *s, const void *arg)
{
  (void) arg;
  return str_starts_with (s->name, "__initcall") && !str_ends_with (s->name, "_start")
         && strcmp (s->name, INITCALL_END) != 0;
}

static const char *
entry_label (struct image *img, uint64_t entry)
{
  const struct symbol *s = symbol_find_at (&img->symtab, entry, is_entry_label, NULL);
  return s != NULL ? s->name : NULL;
}

/* The code a function pointer at ADDR calls: the entry of its .opd
   descriptor where the architecture has them (struct arch_ops), else
   ADDR itself.  */
static uint64_t
code_address (struct image *img, uint64_t addr)
{
  if (img->arch == NULL || img->arch->function_descriptors == NULL
      || !img->arch->function_descriptors ((uint32_t) img->ehdr.e_flags)
      || img->kind != IMAGE_VMLINUX)
    return addr;
  const struct section *sec = image_section_at (img, addr);
  if (sec == NULL || strcmp (sec->name, ".opd") != 0)
    return addr;
  const unsigned char *p = image_section_bytes (img, sec, addr - sec->addr, 8);
  return p != NULL ? read_uint (p, 8, img->big_endian) : addr;
}

static bool
is_executable_address (struct image *img, uint64_t addr)
{
  addr = code_address (img, addr);
  const struct section *sec = image_section_at (img, addr);
  return sec != NULL && (sec->shdr.sh_flags & SHF_EXECINSTR) != 0;
}

static uint64_t
decode_entry (const struct image *img, const struct table *t, uint64_t entry)
{
  const unsigned char *p = (const unsigned char *) img->raw + t->sec->shdr.sh_offset
                           + (entry - t->sec->addr);
  if (t->enc == ENC_PREL32)
    {
      uint64_t target = entry + (uint64_t) sign_extend (read_uint (p, 4, img->big_endian), 32);
      return img->elfclass == 32 ? (uint32_t) target : target;
    }
  return read_uint (p, img->ptr_size, img->big_endian);
}

/* How many entries of [begin, end) decode, in encoding ENC, to an address
   in executable code; -1 if the range does not divide into entries.  */
static long
score_encoding (struct image *img, struct table *t, enum entry_encoding enc)
{
  t->enc = enc;
  t->entsize = enc == ENC_PREL32 ? 4 : img->ptr_size;
  if ((t->end - t->begin) % t->entsize != 0)
    return -1;
  long good = 0;
  for (uint64_t e = t->begin; e < t->end; e += t->entsize)
    good += is_executable_address (img, decode_entry (img, t, e));
  return good;
}

/* The spacing of the entry labels, 0 if fewer than two.  */
static uint64_t
label_spacing (struct image *img, const struct table *t)
{
  uint64_t prev = 0, spacing = 0;
  bool have_prev = false;
  for (uint64_t e = t->begin; e < t->end; e += 4)
    if (entry_label (img, e) != NULL)
      {
        if (have_prev && (spacing == 0 || e - prev < spacing))
          spacing = e - prev;
        prev = e;
        have_prev = true;
      }
  return spacing;
}

/* Entries are PREL32 offsets or pointers; the image decides.  The labels'
   spacing tells the entry size where it differs from the pointer size;
   otherwise (32-bit images) the encoding whose targets all land in code
   wins.  */
static int
decide_encoding (struct scan *sc, struct table *t)
{
  struct image *img = &sc->file;
  uint64_t spacing = label_spacing (img, t);
  long prel = score_encoding (img, t, ENC_PREL32);
  long abs = score_encoding (img, t, ENC_ABSOLUTE);
  long entries_abs = (long) ((t->end - t->begin) / img->ptr_size);
  if (spacing == 4 && img->ptr_size == 8 && prel >= 0)
    t->enc = ENC_PREL32;
  else if (spacing == 8 && abs >= 0)
    t->enc = ENC_ABSOLUTE;
  else if (abs >= 0 && abs == entries_abs && abs >= prel)
    t->enc = ENC_ABSOLUTE;
  else if (prel >= 0)
    t->enc = ENC_PREL32;
  else if (abs >= 0)
    t->enc = ENC_ABSOLUTE;
  else
    return image_fail (img, "initcall table of %" PRIu64 " bytes is not a whole number of entries",
                       t->end - t->begin);
  t->entsize = t->enc == ENC_PREL32 ? 4 : img->ptr_size;
  sc->initcall_encoding = t->enc == ENC_PREL32 ? "prel32" : "absolute";
  return 0;
}

/* Where the kernel calls FN: with clang LTO each entry points at a stub
   __initstub__<iid><id> that tail-calls the real function
   (include/linux/init.h __define_initcall_stub); report the callee.  */
static uint64_t stub_callee (struct image *img, const struct symbol *stub);

static void
name_function (struct image *img, struct initcall *ic)
{
  /* an ELFv1 descriptor carries the C name; the code, the source line */
  const struct symbol *desc = symbol_at (&img->symtab, ic->address);
  ic->address = code_address (img, ic->address);
  const struct symbol *s = symbol_at (&img->symtab, ic->address);
  if (desc != NULL && s != desc && desc->type == STT_FUNC)
    s = desc;
  if (s != NULL && str_starts_with (s->name, "__initstub__"))
    {
      uint64_t callee = stub_callee (img, s);
      if (callee != 0)
        {
          ic->stub = ic->address;
          ic->address = callee;
          s = symbol_at (&img->symtab, callee);
        }
    }
  ic->function = s != NULL ? s->name : NULL;
}

/* The sub-level of an entry in LEVEL's slice: its label ends with the
   initcall id, "<level>s" for the sync sub-level.  */
static const char *
sublevel (size_t level, const char *label)
{
  const char *sync = initcall_levels[level].sync_id;
  if (sync != NULL && label != NULL && str_ends_with (label, sync))
    return sync;
  return initcall_levels[level].id;
}

static struct initcall *
push_initcall (struct scan *sc, bool console)
{
  struct initcall *ic = console
    ? ARRAY_PUSH (sc->con_initcalls, sc->ncon_initcalls, sc->con_initcalls_cap)
    : ARRAY_PUSH (sc->initcalls, sc->ninitcalls, sc->initcalls_cap);
  memset (ic, 0, sizeof *ic);
  return ic;
}

static void
walk_slice (struct scan *sc, const struct table *t, uint64_t begin, uint64_t end,
            size_t level, bool console)
{
  struct image *img = &sc->file;
  for (uint64_t e = begin; e < end; e += t->entsize)
    {
      struct initcall *ic = push_initcall (sc, console);
      ic->entry = e;
      ic->label = entry_label (img, e);
      ic->level = console ? CONSOLE_LEVEL : sublevel (level, ic->label);
      ic->address = decode_entry (img, t, e);
      name_function (img, ic);
    }
}

/* The table [BEGIN_SYM, END_SYM) located in the image, or false.  */
static int
locate_table (struct image *img, const char *begin_sym, const char *end_sym, struct table *t,
              bool *found)
{
  const struct symbol *b = symbol_by_name (&img->symtab, begin_sym);
  const struct symbol *e = symbol_by_name (&img->symtab, end_sym);
  *found = b != NULL && e != NULL;
  if (!*found)
    return 0;
  t->begin = b->addr;
  t->end = e->addr;
  if (t->end < t->begin)
    return image_fail (img, "%s lies after %s", begin_sym, end_sym);
  if (t->end == t->begin)
    return 0;
  t->sec = image_section_at (img, t->begin);
  if (t->sec == NULL || t->sec->shdr.sh_type == SHT_NOBITS
      || t->end - t->sec->addr > t->sec->shdr.sh_size)
    return image_fail (img, "%s..%s (0x%" PRIx64 "..0x%" PRIx64 ") is not inside one section "
                            "with contents",
                       begin_sym, end_sym, t->begin, t->end);
  return 0;
}

/* The slice boundaries: each present level start symbol, in table order.
   Levels whose symbol is missing fold into the previous one.  */
static int
collect_linked_levels (struct scan *sc, const struct table *t)
{
  struct image *img = &sc->file;
  uint64_t starts[ARRAY_SIZE (initcall_levels)];
  bool present[ARRAY_SIZE (initcall_levels)];
  size_t nlevels = ARRAY_SIZE (initcall_levels);
  uint64_t prev = t->begin;
  for (size_t i = 0; i < nlevels; i++)
    {
      const struct symbol *s = symbol_by_name (&img->symtab, initcall_levels[i].start);
      present[i] = s != NULL;
      starts[i] = s != NULL ? s->addr : 0;
      if (!present[i])
        continue;
      if (starts[i] < prev || starts[i] > t->end)
        return image_fail (img, "initcall boundary %s is out of order", initcall_levels[i].start);
      prev = starts[i];
    }
  if (!present[1])
    image_note (img, "no per-level boundary symbols (__initcall0_start…): a pre-2.6.x "
                     "unlevelled table, levels come from entry labels where present");
  for (size_t i = 0; i < nlevels; i++)
    {
      if (!present[i])
        continue;
      uint64_t end = t->end;
      for (size_t j = i + 1; j < nlevels; j++)
        if (present[j])
          {
            end = starts[j];
            break;
          }
      if ((end - starts[i]) % t->entsize != 0)
        return image_fail (img, "initcall level %s is not a whole number of entries",
                           initcall_levels[i].id);
      walk_slice (sc, t, starts[i], end, i, false);
    }
  return 0;
}

static bool
labels_missing (const struct scan *sc)
{
  for (size_t i = 0; i < sc->ninitcalls; i++)
    if (sc->initcalls[i].label == NULL)
      return true;
  return false;
}

static int
collect_linked (struct scan *sc)
{
  struct image *img = &sc->file;
  struct table t = { 0 }, con = { 0 };
  bool found, con_found;
  if (locate_table (img, "__initcall_start", INITCALL_END, &t, &found) < 0
      || locate_table (img, "__con_initcall_start", "__con_initcall_end", &con, &con_found) < 0)
    return -1;
  sc->initcall_table_found = found;
  if (!found)
    image_note (img, "no initcall table: symbols __initcall_start/__initcall_end not found");
  else if (t.end > t.begin)
    {
      if (decide_encoding (sc, &t) < 0 || collect_linked_levels (sc, &t) < 0)
        return -1;
      if (labels_missing (sc))
        image_note (img, "some initcall entries have no label symbol: level N and its "
                         "sync sub-level Ns cannot be told apart for them");
    }
  if (con_found && con.end > con.begin)
    {
      con.enc = t.entsize ? t.enc : ENC_ABSOLUTE;
      con.entsize = t.entsize ? t.entsize : img->ptr_size;
      if (t.entsize == 0 && decide_encoding (sc, &con) < 0)
        return -1;
      if ((con.end - con.begin) % con.entsize != 0)
        return image_fail (img, "console initcall table is not a whole number of entries");
      walk_slice (sc, &con, con.begin, con.end, 0, true);
    }
  return 0;
}

/* Relocatable inputs.  */

/* Whether NAME is the section BASE (".initcall6.init"), or one of its
   clang LTO variants BASE "..<iid>".  */
static bool
is_table_section (const char *name, const char *base)
{
  if (!str_starts_with (name, base))
    return false;
  name += strlen (base);
  return *name == '\0' || str_starts_with (name, "..");
}

static void
set_function_from_reloc (struct image *img, const struct reloc *r, struct initcall *ic)
{
  const struct symbol *s = &img->symtab.syms[r->sym];
  if (s->shndx == SHN_UNDEF)
    {
      /* defined in another object: only its name is known */
      ic->address = 0;
      ic->function = s->name[0] ? s->name : NULL;
      return;
    }
  ic->address = reloc_target (img, r);
  name_function (img, ic);
}

static int
collect_section_entries (struct scan *sc, const struct section *sec, const char *level,
                         bool console)
{
  struct image *img = &sc->file;
  struct reloc *relocs;
  long n = reloc_read (img, sec, &relocs);
  if (n < 0)
    return -1;
  if (n == 0 && sec->shdr.sh_size != 0)
    {
      image_note (img, "section %s has %" PRIu64 " bytes of entries but no relocations", sec->name,
                  (uint64_t) sec->shdr.sh_size);
      return 0;
    }
  for (long i = 0; i < n; i++)
    {
      const struct reloc *r = &relocs[i];
      if (r->info == NULL || r->info->kind == RELOC_IGNORE)
        continue;
      struct initcall *ic = push_initcall (sc, console);
      ic->entry = sec->addr + r->offset;
      ic->label = entry_label (img, ic->entry);
      ic->level = level;
      set_function_from_reloc (img, r, ic);
    }
  free (relocs);
  return 0;
}

static int
collect_level_sections (struct scan *sc, const char *base, const char *level, bool console)
{
  struct image *img = &sc->file;
  for (size_t i = 0; i < img->nsections; i++)
    {
      const struct section *sec = &img->sections[i];
      if (sec->shdr.sh_type == SHT_REL || sec->shdr.sh_type == SHT_RELA)
        continue;
      if (is_table_section (sec->name, base))
        {
          sc->initcall_table_found = true;
          if (collect_section_entries (sc, sec, level, console) < 0)
            return -1;
        }
    }
  return 0;
}

static int
collect_relocatable (struct scan *sc)
{
  sc->initcall_encoding = "relocations";
  for (size_t i = 0; i < ARRAY_SIZE (initcall_levels); i++)
    for (int sync = 0; sync <= (initcall_levels[i].sync_id != NULL); sync++)
      {
        const char *id = sync ? initcall_levels[i].sync_id : initcall_levels[i].id;
        char *base = xasprintf (".initcall%s.init", id);
        int rc = collect_level_sections (sc, base, id, false);
        free (base);
        if (rc < 0)
          return -1;
      }
  return collect_level_sections (sc, CONSOLE_SECTION, CONSOLE_LEVEL, true);
}

/* A module's init and exit: struct module __this_module in
   .gnu.linkonce.this_module points at init_module and cleanup_module,
   the aliases module_init()/module_exit() define (include/linux/module.h).
   The offsets inside struct module vary by version and config: follow the
   relocations, not offsets.  */
static int
collect_module (struct scan *sc)
{
  struct image *img = &sc->file;
  struct section *this_module = image_section_by_name (img, ".gnu.linkonce.this_module");
  struct reloc *relocs;
  long n = reloc_read (img, this_module, &relocs);
  if (n < 0)
    return -1;
  for (long i = 0; i < n; i++)
    {
      const struct symbol *s = &img->symtab.syms[relocs[i].sym];
      bool is_init = strcmp (s->name, "init_module") == 0;
      bool is_exit = strcmp (s->name, "cleanup_module") == 0;
      if (!is_init && !is_exit)
        continue;
      struct initcall ic = { 0 };
      set_function_from_reloc (img, &relocs[i], &ic);
      if (is_init)
        {
          sc->module.init = ic.function;
          sc->module.init_addr = ic.address;
        }
      else
        {
          sc->module.exit = ic.function;
          sc->module.exit_addr = ic.address;
        }
    }
  free (relocs);
  return 0;
}

/* The module name: "name=" in .modinfo (added by modpost to the .mod.c).  */
static void
read_module_name (struct scan *sc)
{
  struct image *img = &sc->file;
  const struct section *sec = image_section_by_name (img, ".modinfo");
  const char *p = sec ? (const char *) image_section_bytes (img, sec, 0, sec->shdr.sh_size) : NULL;
  if (p == NULL)
    return;
  const char *end = p + sec->shdr.sh_size;
  while (p < end)
    {
      const char *nul = memchr (p, '\0', (size_t) (end - p));
      if (nul == NULL)
        break;
      if (str_starts_with (p, "name="))
        {
          sc->module.name = p + strlen ("name=");
          return;
        }
      p = nul + 1;
    }
}

int
initcalls_collect (struct scan *sc)
{
  struct image *img = &sc->file;
  if (img->kind == IMAGE_VMLINUX)
    return collect_linked (sc);
  if (collect_relocatable (sc) < 0)
    return -1;
  if (img->kind == IMAGE_MODULE)
    {
      read_module_name (sc);
      return collect_module (sc);
    }
  return 0;
}

/* LTO stubs.  The callee is the target of the stub's first relocation
   when the image kept them, else decoded from its first branch.  */

/* True if the stub's code has a PC-relative relocation (its branch to the
   callee); *CALLEE gets the callee, 0 if it is defined elsewhere.  */
static bool
stub_callee_from_relocs (struct image *img, const struct symbol *stub, uint64_t *callee)
{
  const struct section *sec = &img->sections[stub->shndx];
  struct reloc *relocs;
  long n = reloc_read (img, sec, &relocs);
  bool found = false;
  uint64_t off = stub->addr - sec->addr;
  uint64_t end = off + (stub->size ? stub->size : 16);
  for (long i = 0; i < n && !found; i++)
    if (relocs[i].offset >= off && relocs[i].offset < end && relocs[i].info != NULL
        && relocs[i].info->kind == RELOC_PCREL)
      {
        const struct symbol *s = &img->symtab.syms[relocs[i].sym];
        /* the branch's base: x86 jmp/call rel32 adds the displacement to
           the end of the 4-byte field, so the addend is the target - 4 */
        uint64_t bias = (uint64_t) (int64_t) relocs[i].info->insn_bias;
        *callee = s->shndx != SHN_UNDEF ? reloc_target (img, &relocs[i]) + bias : 0;
        found = true;
      }
  free (relocs);
  return found;
}

static uint64_t
stub_callee (struct image *img, const struct symbol *stub)
{
  uint64_t callee;
  if (stub_callee_from_relocs (img, stub, &callee))
    return callee;
  const struct section *sec = &img->sections[stub->shndx];
  uint64_t off = stub->addr - sec->addr;
  size_t avail = off < sec->shdr.sh_size ? (size_t) (sec->shdr.sh_size - off) : 0;
  if (avail > 32)
    avail = 32;
  const unsigned char *p = image_section_bytes (img, sec, off, avail);
  if (p == NULL)
    return 0;
  if (img->arch == NULL || img->arch->stub_callee == NULL)
    return 0;
  return img->arch->stub_callee (p, avail, stub->addr);
}

/* Lookup I of initcalls_add_sources: every initcall in run order, then
   the module's init and exit functions.  */
static void
add_source (struct scan *sc, size_t i)
{
  struct image *img = &sc->file;
  size_t ncalls = scan_ncalls (sc);
  if (i < ncalls)
    {
      struct initcall *call = scan_call (sc, i);
      if (call->address != 0)
        source_lookup_function (&sc->src, img, call->address, &call->source);
    }
  else if (i == ncalls && sc->module.init_addr != 0)
    source_lookup_function (&sc->src, img, sc->module.init_addr, &sc->module.init_source);
  else if (i == ncalls + 1 && sc->module.exit_addr != 0)
    source_lookup_function (&sc->src, img, sc->module.exit_addr, &sc->module.exit_source);
}

void
initcalls_add_sources (struct scan *sc, atomic_size_t *next)
{
  for (size_t i; (i = atomic_fetch_add (next, 1)) < scan_ncalls (sc) + 2;)
    add_source (sc, i);
}
