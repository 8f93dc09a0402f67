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
#include "analysis/kversion.h"
#include "analysis/scan.h"
#include "index/image.h"
#include "index/reloc.h"
#include "util/util.h"

/* The run order of init/main.c: do_pre_smp_initcalls() runs the early
   ones, do_initcalls() walks levels 0..7, each level running up to the
   next level's start symbol, so "Ns" runs at the tail of N and "rootfs"
   (between __initcallrootfs_start and __initcall6_start) at the tail
   of 5.

   The levels of every era, as include/linux/init.h names them:
   - 2.4: no levels: __initcall(fn) puts every entry in one section
     .initcall.init (arch/i386/vmlinux.lds: __initcall_start ..
     __initcall_end), level LEVEL_NONE.
   - 2.5-2.6.18: levels 1-7, __define_initcall(level,fn) labels the
     entry __initcall_<fn>: the linked image cannot tell the level.
   - 2.6.19-3.3: __define_initcall(level,fn,id) labels it
     __initcall_<fn><id>, id being the section's level ("1s" its sync
     level, "rootfs", "early" from 2.6.28; but see ambiguous_ids); only
     __early_initcall_end (2.6.28-3.3, include/asm-generic/vmlinux.lds.h
     INITCALLS) is a boundary.
   - 3.4 on: INIT_CALLS_LEVEL(level) opens each level with
     __initcall<level>_start.  */
struct initcall_level
{
  const char *id;      /* as in the section name: .initcall<id>.init */
  const char *start;   /* boundary symbol opening the level (3.4 on) */
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
/* the end of the early initcalls, 2.6.28-3.3 */
#define EARLY_END "__early_initcall_end"
/* an entry label: __initcall_<fn>[<id>] (include/linux/init.h) */
#define LABEL_PREFIX "__initcall_"
#define CONSOLE_LEVEL "console"
#define CONSOLE_SECTION ".con_initcall.init"
/* security_initcall() (2.6-4.x, include/linux/init.h): a table between
   __security_initcall_start and __security_initcall_end that
   security_init() runs in start_kernel(), before any initcall level.  */
#define SECURITY_LEVEL "security"
#define SECURITY_SECTION ".security_initcall.init"
/* 2.4's one unlevelled table, and the level of its entries */
#define FLAT_SECTION ".initcall.init"
#define LEVEL_NONE "none"
/* a level the image does not tell */
#define LEVEL_UNKNOWN "unknown"

/* scan.initcall_levels: where the levels came from */
#define LEVELS_BOUNDARIES "boundaries"
#define LEVELS_LABELS "labels"
#define LEVELS_FLAT "flat"
#define LEVELS_OBJECTS "objects"
#define LEVELS_UNKNOWN "unknown"
#define LEVELS_SECTIONS "sections"

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
  /* ARM: bit 0 of a pointer to Thumb code (all of it on ARMv7-M, no
     MMU) selects the instruction set; ARM code is 4-aligned */
  if (img->arch != NULL && img->arch->thumb_bit)
    addr &= ~(uint64_t) 1;
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

/* The level an id names (the table's id or sync id), or NULL.  */
static const char *
level_of_id (const char *id)
{
  for (size_t i = 0; i < ARRAY_SIZE (initcall_levels); i++)
    {
      if (strcmp (id, initcall_levels[i].id) == 0)
        return initcall_levels[i].id;
      if (initcall_levels[i].sync_id != NULL && strcmp (id, initcall_levels[i].sync_id) == 0)
        return initcall_levels[i].sync_id;
    }
  return NULL;
}

/* A version as one number, ordered as versions are (the kernel's
   KERNEL_VERSION()).  */
#define KVERSION_CODE(major, minor, patch) (((major) << 16) + ((minor) << 8) + (patch))

/* KVERSION_CODE of IMG's linux_banner, 0 if it has none.  */
static unsigned
banner_version_code (struct image *img)
{
  struct kversion v;
  if (!kversion_of_banner (img, &v))
    return 0;
  return KVERSION_CODE (v.major, v.minor, v.patch < 255 ? v.patch : 255);
}

/* Label ids that name two levels in some versions: pure_initcall() was
   __define_initcall("0",fn,1) when it came (2.6.19, commit b3438f82,
   "Add pure_initcall") and still is in 2.6.20's include/linux/init.h;
   2.6.24's has __define_initcall("0",fn,0).  From 2.6.19 up to 2.6.24,
   and where the version is not known, an id 1 is level 0 or 1.  */
static const struct ambiguous_id
{
  const char *id;
  unsigned from, before;  /* KVERSION_CODE: the versions it is ambiguous in */
} ambiguous_ids[] = {
  { "1", KVERSION_CODE (2, 6, 19), KVERSION_CODE (2, 6, 24) },
};

static bool
is_ambiguous_id (const char *id, unsigned version)
{
  for (size_t i = 0; i < ARRAY_SIZE (ambiguous_ids); i++)
    if (strcmp (id, ambiguous_ids[i].id) == 0
        && (version == 0 || (version >= ambiguous_ids[i].from && version < ambiguous_ids[i].before)))
      return true;
  return false;
}

/* The level in IC's label __initcall_<fn><id> (2.6.19-3.3) in a kernel of
   VERSION (KVERSION_CODE, 0 if unknown), or NULL if the label does not
   name the function, carries no known id (2.6.18 and before:
   __initcall_<fn>) or one that names two levels.  */
static const char *
label_level (const struct initcall *ic, unsigned version)
{
  if (ic->label == NULL || ic->function == NULL || !str_starts_with (ic->label, LABEL_PREFIX))
    return NULL;
  const char *rest = ic->label + strlen (LABEL_PREFIX);
  if (!str_starts_with (rest, ic->function))
    return NULL;
  const char *id = rest + strlen (ic->function);
  return is_ambiguous_id (id, version) ? NULL : level_of_id (id);
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

/* The entries [BEGIN, END) of T, all of level LEVEL.  */
static void
walk_slice (struct scan *sc, const struct table *t, uint64_t begin, uint64_t end,
            const char *level, bool console)
{
  struct image *img = &sc->file;
  for (uint64_t e = begin; e < end; e += t->entsize)
    {
      struct initcall *ic = push_initcall (sc, console);
      ic->entry = e;
      ic->label = entry_label (img, e);
      ic->level = level;
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

static bool
labels_missing (const struct scan *sc)
{
  for (size_t i = 0; i < sc->ninitcalls; i++)
    if (sc->initcalls[i].label == NULL)
      return true;
  return false;
}

/* Whether the image has a per-level boundary symbol (3.4 on).  */
static bool
has_level_boundaries (struct image *img)
{
  for (size_t i = 1; i < ARRAY_SIZE (initcall_levels); i++)
    if (symbol_by_name (&img->symtab, initcall_levels[i].start) != NULL)
      return true;
  return false;
}

/* The slice boundaries: each present level start symbol, in table order.
   Levels whose symbol is missing fold into the previous one.  */
static int
collect_by_boundaries (struct scan *sc, const struct table *t)
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
      size_t first = sc->ninitcalls;
      walk_slice (sc, t, starts[i], end, initcall_levels[i].id, false);
      for (size_t k = first; k < sc->ninitcalls; k++)
        sc->initcalls[k].level = sublevel (i, sc->initcalls[k].label);
    }
  sc->initcall_levels = LEVELS_BOUNDARIES;
  if (labels_missing (sc))
    image_note (img, "some initcall entries have no label symbol: level N and its "
                     "sync sub-level Ns cannot be told apart for them");
  return 0;
}

/* Whether a kernel of VERSION (KVERSION_CODE) is 2.4 or older, whose one
   table has no levels.  */
static bool
is_unlevelled_era (unsigned version)
{
  return version != 0 && version < KVERSION_CODE (2, 5, 0);
}

/* Before 3.4: the early initcalls up to __early_initcall_end (2.6.28-3.3),
   the others' levels from their labels, where these carry one.  */
static int
collect_by_labels (struct scan *sc, const struct table *t)
{
  struct image *img = &sc->file;
  const struct symbol *early = symbol_by_name (&img->symtab, EARLY_END);
  uint64_t rest = t->begin;
  if (early != NULL)
    {
      if (early->addr < t->begin || early->addr > t->end
          || (early->addr - t->begin) % t->entsize != 0)
        return image_fail (img, "%s (0x%" PRIx64 ") is not an entry boundary of the initcall "
                                "table",
                           EARLY_END, early->addr);
      walk_slice (sc, t, t->begin, early->addr, initcall_levels[0].id, false);
      rest = early->addr;
    }
  unsigned version = banner_version_code (img);
  bool flat = is_unlevelled_era (version);
  size_t first = sc->ninitcalls, labelled = 0;
  walk_slice (sc, t, rest, t->end, flat ? LEVEL_NONE : LEVEL_UNKNOWN, false);
  for (size_t k = first; k < sc->ninitcalls && !flat; k++)
    {
      const char *level = label_level (&sc->initcalls[k], version);
      if (level != NULL)
        {
          sc->initcalls[k].level = level;
          labelled++;
        }
    }
  sc->initcall_levels = flat ? LEVELS_FLAT : labelled > 0 ? LEVELS_LABELS : LEVELS_UNKNOWN;
  if (flat)
    image_note (img, "a 2.4 kernel: its one initcall table (.initcall.init) has no levels");
  else if (labelled < sc->ninitcalls - first)
    image_note (img, "%zu of %zu initcalls have no level in the image (no per-level "
                     "boundary symbols, labels without an initcall id or with one of two "
                     "levels): level unknown; "
                     "the build's vmlinux.o or built-in.o (--objects) tells them",
                sc->ninitcalls - first - labelled, sc->ninitcalls - first);
  return 0;
}

static int
collect_linked_levels (struct scan *sc, const struct table *t)
{
  if (has_level_boundaries (&sc->file))
    return collect_by_boundaries (sc, t);
  return collect_by_labels (sc, t);
}

/* A table other than the initcall levels' (console, security) with
   T's entry encoding, or decided alone if T is empty.  */
static int
collect_side_table (struct scan *sc, struct table *side, const struct table *t,
                    const char *level, bool console)
{
  struct image *img = &sc->file;
  side->enc = t->entsize ? t->enc : ENC_ABSOLUTE;
  side->entsize = t->entsize ? t->entsize : img->ptr_size;
  if (t->entsize == 0 && decide_encoding (sc, side) < 0)
    return -1;
  if ((side->end - side->begin) % side->entsize != 0)
    return image_fail (img, "%s initcall table is not a whole number of entries", level);
  walk_slice (sc, side, side->begin, side->end, level, console);
  return 0;
}

static int
collect_linked (struct scan *sc)
{
  struct image *img = &sc->file;
  struct table t = { 0 }, con = { 0 }, sec = { 0 };
  bool found, con_found, sec_found;
  if (locate_table (img, "__initcall_start", INITCALL_END, &t, &found) < 0
      || locate_table (img, "__con_initcall_start", "__con_initcall_end", &con, &con_found) < 0
      || locate_table (img, "__security_initcall_start", "__security_initcall_end", &sec,
                       &sec_found) < 0)
    return -1;
  sc->initcall_table_found = found;
  if (!found)
    image_note (img, "no initcall table: symbols __initcall_start/__initcall_end not found");
  else if (t.end > t.begin && decide_encoding (sc, &t) < 0)
    return -1;
  /* security_init() runs before the first initcall level */
  if (sec_found && sec.end > sec.begin
      && collect_side_table (sc, &sec, &t, SECURITY_LEVEL, false) < 0)
    return -1;
  if (found && t.end > t.begin)
    {
      if (collect_linked_levels (sc, &t) < 0)
        return -1;
    }
  if (con_found && con.end > con.begin
      && collect_side_table (sc, &con, &t, CONSOLE_LEVEL, true) < 0)
    return -1;
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

/* Relocatable files keep one section per level: the level of each entry
   is its section's.  */
static int
collect_relocatable (struct scan *sc)
{
  sc->initcall_encoding = "relocations";
  if (collect_level_sections (sc, SECURITY_SECTION, SECURITY_LEVEL, false) < 0)
    return -1;
  size_t before = sc->ninitcalls;
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
  bool levelled = sc->ninitcalls > before;
  if (collect_level_sections (sc, FLAT_SECTION, LEVEL_NONE, false) < 0)
    return -1;
  if (sc->ninitcalls > before)
    sc->initcall_levels = levelled ? LEVELS_SECTIONS : LEVELS_FLAT;
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

/* Levels from the objects.  An entry is matched to the object entry of
   the same function and the same rank among that function's entries:
   names are not unique (static functions), but the linker lays out the
   levels in order and each level's input sections in link order, so the
   k-th entry calling a function in the image is the k-th in the objects
   ordered by level, then link order.  */

struct named_entry
{
  const char *function;
  struct initcall *call;
  size_t rank;        /* of its level in run order (objects; 0 in the image) */
  size_t order;       /* in its table, over all the objects for theirs */
};

/* The place of LEVEL in run order: security_init() first, then the
   levels of the table, then 2.4's flat one.  */
static size_t
level_rank (const char *level)
{
  if (strcmp (level, SECURITY_LEVEL) == 0)
    return 0;
  for (size_t i = 0; i < ARRAY_SIZE (initcall_levels); i++)
    {
      if (strcmp (level, initcall_levels[i].id) == 0)
        return 1 + 2 * i;
      if (initcall_levels[i].sync_id != NULL && strcmp (level, initcall_levels[i].sync_id) == 0)
        return 2 + 2 * i;
    }
  return 1 + 2 * ARRAY_SIZE (initcall_levels);
}

static int
compare_named_entries (const void *a, const void *b)
{
  const struct named_entry *x = a, *y = b;
  int c = strcmp (x->function, y->function);
  if (c != 0)
    return c;
  if (x->rank != y->rank)
    return x->rank < y->rank ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

/* The N entries of CALLS with a function name, appended to *OUT, their
   order counted from *ORDER; RANKED: ordered by level first (the objects:
   the linker lays out each level of all the inputs in turn).  */
static void
add_named_entries (struct initcall *calls, size_t n, bool ranked, size_t *order,
                   struct named_entry **out, size_t *nout, size_t *cap)
{
  for (size_t i = 0; i < n; i++, ++*order)
    if (calls[i].function != NULL)
      *ARRAY_PUSH (*out, *nout, *cap) = (struct named_entry) {
        calls[i].function, &calls[i], ranked ? level_rank (calls[i].level) : 0, *order
      };
}

/* The level the N object entries OBJS of one function tell for the
   image's I-th entry of M calling it: the I-th one's if the counts agree,
   else their one level if they all have it; NULL otherwise.  */
static const char *
group_level (const struct named_entry *objs, size_t n, size_t i, size_t m)
{
  if (n == 0)
    return NULL;
  if (n == m)
    return objs[i].call->level;
  for (size_t k = 1; k < n; k++)
    if (strcmp (objs[k].call->level, objs[0].call->level) != 0)
      return NULL;
  return objs[0].call->level;
}

static bool
is_known_level (const char *level)
{
  return strcmp (level, LEVEL_UNKNOWN) != 0 && strcmp (level, LEVEL_NONE) != 0;
}

bool
initcalls_levels_unknown (const struct scan *sc)
{
  for (size_t i = 0; i < sc->ninitcalls; i++)
    if (strcmp (sc->initcalls[i].level, LEVEL_UNKNOWN) == 0)
      return true;
  return false;
}

/* The end of the run of entries from I calling the function of E[I].  */
static size_t
same_function_end (const struct named_entry *e, size_t n, size_t i, const char *function)
{
  while (i < n && strcmp (e[i].function, function) == 0)
    i++;
  return i;
}

size_t
initcalls_recover_levels (struct scan *sc, struct scan *const *objects, size_t nobjects)
{
  struct named_entry *img = NULL, *obj = NULL;
  size_t nimg = 0, nobj = 0, img_cap = 0, obj_cap = 0, order = 0, recovered = 0;
  add_named_entries (sc->initcalls, sc->ninitcalls, false, &order, &img, &nimg, &img_cap);
  order = 0;
  for (size_t k = 0; k < nobjects; k++)
    add_named_entries (objects[k]->initcalls, objects[k]->ninitcalls, true, &order, &obj, &nobj,
                       &obj_cap);
  qsort (img, nimg, sizeof *img, compare_named_entries);
  qsort (obj, nobj, sizeof *obj, compare_named_entries);
  for (size_t i = 0, j = 0; i < nimg;)
    {
      const char *function = img[i].function;
      size_t iend = same_function_end (img, nimg, i, function);
      while (j < nobj && strcmp (obj[j].function, function) < 0)
        j++;
      size_t jend = same_function_end (obj, nobj, j, function);
      for (size_t k = i; k < iend; k++)
        {
          struct initcall *ic = img[k].call;
          const char *level = group_level (obj + j, jend - j, k - i, iend - i);
          if (strcmp (ic->level, LEVEL_UNKNOWN) == 0 && level != NULL && is_known_level (level))
            {
              ic->level = level;
              recovered++;
            }
        }
      i = iend;
      j = jend;
    }
  free (img);
  free (obj);
  if (recovered > 0)
    sc->initcall_levels = LEVELS_OBJECTS;
  return recovered;
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
