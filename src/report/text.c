/* The text report: a summary per image first, then aligned tables.  */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "arch/arch.h"
#include "analysis/bootlog.h"
#include "analysis/attrib.h"
#include "analysis/scan.h"
#include "index/image.h"
#include "report/report.h"
#include "analysis/rules.h"
#include "util/util.h"

/* A table whose columns are as wide as their widest cell.  */
struct table
{
  size_t ncols;
  char **cells;  /* row-major, owned */
  size_t ncells, cap;
};

static void
table_add (struct table *t, const char *cell)
{
  *ARRAY_PUSH (t->cells, t->ncells, t->cap) = xstrdup (cell ? cell : "-");
}

static void
table_print (FILE *out, struct table *t, const char *indent)
{
  size_t *width = xcalloc (t->ncols, sizeof *width);
  for (size_t i = 0; i < t->ncells; i++)
    {
      size_t len = strlen (t->cells[i]);
      if (len > width[i % t->ncols])
        width[i % t->ncols] = len;
    }
  for (size_t i = 0; i < t->ncells; i++)
    {
      size_t col = i % t->ncols;
      if (col == 0)
        fputs (indent, out);
      if (col + 1 == t->ncols)
        fprintf (out, "%s\n", t->cells[i]);
      else
        fprintf (out, "%-*s  ", (int) width[col], t->cells[i]);
      free (t->cells[i]);
    }
  free (t->cells);
  free (width);
  memset (t, 0, sizeof *t);
}

static char *
source_text (const struct source_pos *pos, char *buf, size_t size)
{
  if (pos->file == NULL)
    return NULL;
  snprintf (buf, size, "%s:%d", pos->file, pos->line);
  return buf;
}

static void
print_header (FILE *out, const struct image *img)
{
  fprintf (out, "%s: %s, %s, %u-bit %s-endian", img->path, image_kind_name (img->kind),
           img->arch ? img->arch->name : "unknown machine", img->elfclass,
           img->big_endian ? "big" : "little");
  if (img->build_id)
    fprintf (out, ", build-id %s", img->build_id);
  if (img->symbols_from != NULL && strcmp (img->symbols_from, "kallsyms") == 0)
    fprintf (out, ", symbols from kallsyms%s", img->headerless ? " (raw image: no sections)" : "");
  fputc ('\n', out);
}

static size_t count_suppressed (const struct scan *sc);

static void
print_boot_summary (FILE *out, const struct scan *sc)
{
  size_t total = scan_ncalls (sc), ran = 0, failed = 0, extra = 0;
  for (size_t i = 0; i < total; i++)
    {
      const struct initcall *ic = scan_call (sc, i);
      ran += ic->boot_order >= 0;
      failed += ic->boot_order >= 0 && ic->boot_ret != 0;
    }
  for (size_t j = 0; j < sc->boot->ncalls; j++)
    extra += sc->boot->calls[j].matched < 0;
  fprintf (out, "  boot log %s: %zu of %zu initcalls ran, %zu did not, %zu returned non-zero; "
                "%zu calls not in the image\n",
           sc->boot->path, ran, total, total - ran, failed, extra);
}

static void
print_summary (FILE *out, const struct scan *sc)
{
  const struct image *img = &sc->file;
  if (sc->initcall_table_found || sc->ninitcalls || sc->ncon_initcalls)
    fprintf (out, "  initcalls: %zu, console initcalls: %zu (entries: %s)\n", sc->ninitcalls,
             sc->ncon_initcalls, sc->initcall_encoding ? sc->initcall_encoding : "none");
  if (img->kind == IMAGE_MODULE)
    fprintf (out, "  module %s: init %s, exit %s\n", sc->module.name ? sc->module.name : "?",
             sc->module.init ? sc->module.init : "(none)",
             sc->module.exit ? sc->module.exit : "(none)");
  const struct init_memory *im = &sc->initmem;
  if (im->present)
    {
      fprintf (out, "  init memory: 0x%" PRIx64 "..0x%" PRIx64 ", %" PRIu64 " bytes; freed with %"
                    PRIu64 "K pages:\n",
               im->begin, im->end, im->end - im->begin, im->page_size / 1024);
      fprintf (out, "    Freeing %s memory: %" PRIu64 "K\n", im->message, im->freed_bytes / 1024);
      if (im->have_gaps)
        {
          fprintf (out, "    Freeing unused kernel image (text/rodata gap) memory: %" PRIu64 "K\n",
                   im->text_rodata_gap / 1024);
          fprintf (out, "    Freeing unused kernel image (rodata/data gap) memory: %" PRIu64 "K\n",
                   im->rodata_data_gap / 1024);
          if (im->unused_decrypted)
            fprintf (out, "    Freeing unused decrypted memory: %" PRIu64 "K\n",
                     im->unused_decrypted / 1024);
        }
    }
  const struct scan *f = scan_findings (sc);
  if (f->mismatches_checked && f != sc)
    fprintf (out, "  section mismatches: %zu (%zu suppressed), checked in %s\n", f->nmismatches,
             count_suppressed (f), f->file.path);
  else if (f->mismatches_checked)
    fprintf (out, "  section mismatches: %zu (%zu suppressed)\n", f->nmismatches,
             count_suppressed (f));
  if (f->rules != NULL)
    fprintf (out, "  mismatch rules: modpost %s%s%s, %s%s\n", ruleset_version (f->rules),
             f->rule_flags & RULES_EXTRA_WARN ? " with W=1 checks" : "",
             f->rule_flags & RULES_STRICT ? " and strict ones" : "", f->rules_from,
             strcmp (f->rules_from, "default") == 0 ? " (the image names no kernel version)"
                                                    : "");
  if (sc->boot != NULL)
    print_boot_summary (out, sc);
  for (size_t i = 0; i < img->nnotes; i++)
    fprintf (out, "  note: %s\n", img->notes[i]);
}

static void
print_sections (FILE *out, const struct scan *sc)
{
  const struct image *img = &sc->file;
  struct table t = { .ncols = 5 };
  table_add (&t, "SECTION");
  table_add (&t, "ADDRESS");
  table_add (&t, "SIZE");
  table_add (&t, "FLAGS");
  table_add (&t, "KIND");
  size_t rows = 0;
  for (size_t i = 0; i < img->nsections; i++)
    {
      const struct section *sec = &img->sections[i];
      const char *kind = section_kind_name (scan_section_kind (sc, sec));
      if (kind == NULL)
        continue;
      char buf[32], flags[8];
      table_add (&t, sec->name);
      snprintf (buf, sizeof buf, "0x%" PRIx64, (uint64_t) sec->shdr.sh_addr);
      table_add (&t, buf);
      snprintf (buf, sizeof buf, "%" PRIu64, (uint64_t) sec->shdr.sh_size);
      table_add (&t, buf);
      table_add (&t, report_section_flags (&sec->shdr, flags));
      table_add (&t, kind);
      rows++;
    }
  fprintf (out, "\n  Sections (%zu):\n", rows);
  table_print (out, &t, "    ");
}

static void
print_init_memory (FILE *out, const struct scan *sc)
{
  const struct init_memory *im = &sc->initmem;
  if (!im->present || im->n_by_section == 0)
    return;
  struct table t = { .ncols = 2 };
  table_add (&t, "SECTION");
  table_add (&t, "BYTES");
  for (size_t i = 0; i < im->n_by_section; i++)
    {
      char buf[32];
      table_add (&t, im->by_section[i].name);
      snprintf (buf, sizeof buf, "%" PRIu64, im->by_section[i].bytes);
      table_add (&t, buf);
    }
  fprintf (out, "\n  Init memory by section ([__init_begin, __init_end), load order):\n");
  table_print (out, &t, "    ");
}

/* The boot-log columns of an initcall: its place in the log, time, result.  */
static void
add_boot_cells (struct table *t, const struct initcall *ic)
{
  char buf[32];
  if (ic->boot_order < 0)
    {
      table_add (t, "not run");
      table_add (t, "-");
      table_add (t, "-");
      return;
    }
  snprintf (buf, sizeof buf, "%ld", ic->boot_order);
  table_add (t, buf);
  snprintf (buf, sizeof buf, "%ld", ic->boot_usecs);
  table_add (t, ic->boot_usecs >= 0 ? buf : "?");
  snprintf (buf, sizeof buf, "%ld%s", ic->boot_ret, ic->boot_ret ? " FAILED" : "");
  table_add (t, ic->boot_usecs >= 0 ? buf : "?");
}

/* Slowest first; initcalls that did not run last.  */
static int
compare_boot_time (const void *a, const void *b)
{
  const struct initcall *x = *(const struct initcall *const *) a;
  const struct initcall *y = *(const struct initcall *const *) b;
  if (x->boot_usecs != y->boot_usecs)
    return x->boot_usecs > y->boot_usecs ? -1 : 1;
  return x->boot_order < y->boot_order ? -1 : x->boot_order > y->boot_order;
}

static void
print_initcalls (FILE *out, const struct scan *sc, const struct initcall *calls, size_t n,
                 const char *title, const struct report_options *opts)
{
  const struct image *img = &sc->file;
  if (n == 0)
    return;
  bool boot = sc->boot != NULL;
  const struct initcall **order = xreallocarray (NULL, n, sizeof *order);
  for (size_t i = 0; i < n; i++)
    order[i] = &calls[i];
  if (boot && opts->sort_by_time)
    qsort (order, n, sizeof *order, compare_boot_time);
  struct table t = { .ncols = boot ? 8 : 5 };
  const char *heads[] = { "#", "LEVEL", "ADDRESS", "FUNCTION", "SOURCE", "BOOT#", "USECS", "RET" };
  for (size_t c = 0; c < t.ncols; c++)
    table_add (&t, heads[c]);
  for (size_t k = 0; k < n; k++)
    {
      const struct initcall *ic = order[k];
      char num[24], addr[32], src[4096];
      snprintf (num, sizeof num, "%zu", (size_t) (ic - calls));
      table_add (&t, num);
      table_add (&t, ic->level);
      table_add (&t, ic->address || img->ehdr.e_type != ET_REL
                       ? report_format_address (img, ic->address, addr, sizeof addr)
                       : "(extern)");
      table_add (&t, ic->function);
      table_add (&t, source_text (&ic->source, src, sizeof src));
      if (boot)
        add_boot_cells (&t, ic);
    }
  free (order);
  fprintf (out, "\n  %s (%zu%s):\n", title, n, boot && opts->sort_by_time ? ", slowest first" : "");
  table_print (out, &t, "    ");
}

/* What the boot log has that the image does not.  */
static void
print_boot_only (FILE *out, const struct scan *sc)
{
  const struct boot_log *log = sc->boot;
  if (log == NULL)
    return;
  size_t extra = 0;
  for (size_t j = 0; j < log->ncalls; j++)
    extra += log->calls[j].matched < 0;
  if (extra == 0)
    return;
  fprintf (out, "\n  Called at boot but not an initcall of this image (%zu):\n", extra);
  for (size_t j = 0; j < log->ncalls; j++)
    if (log->calls[j].matched < 0)
      fprintf (out, "    boot#%zu  %s  %ld usecs, returned %ld\n", log->calls[j].order,
               log->calls[j].function, log->calls[j].usecs, log->calls[j].ret);
}

/* --by: the largest parts first; the whole list is in the JSON report.  */
#define ATTRIBUTION_ROWS 40

static void
print_attribution (FILE *out, const struct scan *sc)
{
  const struct attribution *a = &sc->attrib;
  if (a->by == ATTRIB_NONE)
    return;
  bool symbols = a->by == ATTRIB_SYMBOL;
  struct table t = { .ncols = symbols ? 3 : 2 };
  table_add (&t, symbols ? "SYMBOL" : a->by == ATTRIB_FILE ? "FILE" : "SECTION");
  table_add (&t, "BYTES");
  if (symbols)
    table_add (&t, "SECTION");
  size_t rows = a->nparts < ATTRIBUTION_ROWS ? a->nparts : ATTRIBUTION_ROWS;
  for (size_t i = 0; i < rows; i++)
    {
      char buf[32];
      table_add (&t, a->parts[i].name);
      snprintf (buf, sizeof buf, "%" PRIu64, a->parts[i].bytes);
      table_add (&t, buf);
      if (symbols)
        table_add (&t, a->parts[i].section);
    }
  fprintf (out, "\n  Init and exit memory by %s, %" PRIu64 " bytes in all (largest %zu of %zu):\n",
           attrib_by_name (a->by), a->total, rows, a->nparts);
  table_print (out, &t, "    ");
}

static void
print_module (FILE *out, const struct scan *sc)
{
  const struct image *img = &sc->file;
  if (img->kind != IMAGE_MODULE)
    return;
  char src[4096];
  const struct module_info *m = &sc->module;
  fprintf (out, "\n  Module %s:\n", m->name ? m->name : "?");
  fprintf (out, "    init  %s%s%s\n", m->init ? m->init : "(none)",
           m->init_source.file ? "  " : "", m->init_source.file
             ? source_text (&m->init_source, src, sizeof src) : "");
  fprintf (out, "    exit  %s%s%s\n", m->exit ? m->exit : "(none)",
           m->exit_source.file ? "  " : "", m->exit_source.file
             ? source_text (&m->exit_source, src, sizeof src) : "");
}

/* A finding as a compiler diagnostic, located at the referencing code.  */
static void
print_mismatch (FILE *out, const struct image *img, const struct mismatch *m)
{
  char from[512], to[512], src[4096];
  if (m->from.source.file)
    fprintf (out, "%s:%d: ", m->from.source.file, m->from.source.line);
  else
    fprintf (out, "%s: ", img->path);
  fprintf (out, "%s: section mismatch: %s (%s) references %s (%s", m->suppressed ? "note" : "warning",
           report_format_symbol (&m->from, img, from, sizeof from), m->from.section,
           report_format_symbol (&m->to, img, to, sizeof to), m->to.section);
  if (m->to.source.file)
    fprintf (out, ", %s", source_text (&m->to.source, src, sizeof src));
  fprintf (out, ") [%s%s%s]\n", m->rule->id, m->suppressed ? ", suppressed by " : "",
           m->suppressed ? m->suppressed_by : "");
}

/* --modpost-style: each finding exactly as the modpost of the image's rule
   set prints it (scripts/mod/modpost.c: report_sec_mismatch(),
   report_extable_warnings() and extable_mismatch_handler() of 6.1;
   default_mismatch_handler() and check_export_symbol() of 6.12).  */

/* modpost's get_pretty_name(): the kind of symbol an end names.  */
static const char *
pretty_kind (const struct image *img, const struct mismatch_end *end, const char **suffix)
{
  uint64_t off;
  const struct symbol *s = end->symbol ? image_symbol_containing (img, end->address, &off) : NULL;
  *suffix = "";
  if (end->symbol == NULL)
    return "(unknown reference)";
  if (s != NULL && s->type == STT_FUNC && strcmp (s->name, end->symbol) == 0)
    {
      *suffix = "()";
      return "function";
    }
  return "variable";
}

/* What modpost adds after an extable finding, by the target section.  */
static void
print_extable_followup (FILE *out, const struct image *img, const struct mismatch *m,
                        const char *mod, const char *place, enum modpost_wording w)
{
  const struct section *tosec = image_section_by_name (img, m->to.section);
  if (rules_section_groups (m->to.section) & SG_EXTABLE_BAD)
    fprintf (out, "%s: modpost: The relocation at %s+%s references\nsection \"%s\" which is "
                  "black-listed.\nSomething is seriously wrong and should be fixed.\nYou might "
                  "get more information about where this is\ncoming from by using "
                  "scripts/check_extable.sh %s\n", w == MODPOST_6_1 ? "FATAL" : "ERROR",
             m->from.section, place, m->to.section, mod);
  else if (tosec != NULL && (tosec->shdr.sh_flags & SHF_EXECINSTR))
    fprintf (out, "%sThe relocation at %s+%s references\nsection \"%s\" which is not in the "
                  "list of\nauthorized sections.  If you're adding a new section\nand/or if this "
                  "reference is valid, add \"%s\" to the\nlist of authorized sections to jump "
                  "to on fault.\nThis can be achieved by adding \"%s\" to%s\nOTHER_TEXT_SECTIONS "
                  "in scripts/mod/modpost.c.\n", w == MODPOST_6_1 ? "" : "WARNING: modpost: ",
             m->from.section, place, m->to.section, m->to.section, m->to.section,
             w == MODPOST_6_1 ? " " : "");
  else
    fprintf (out, "ERROR: modpost: %s+%s references non-executable section '%s'\n",
             m->from.section, place, m->to.section);
}

static void
print_modpost_6_1 (FILE *out, const struct image *img, const struct mismatch *m, const char *mod)
{
  const char *from = m->from.symbol ? m->from.symbol : "(unknown)";
  const char *to = m->to.symbol ? m->to.symbol : "(unknown)";
  if (m->rule->family == FAMILY_EXPORT)
    fprintf (out, "WARNING: modpost: %s: EXPORT_SYMBOL used for init/exit symbol: %s (section: "
                  "%s)\n", mod, to, m->to.section);
  else if (m->rule->family == FAMILY_EXTABLE)
    {
      char place[32];
      const char *from_sfx, *to_sfx;
      const char *from_kind = pretty_kind (img, &m->from, &from_sfx);
      const char *to_kind = pretty_kind (img, &m->to, &to_sfx);
      report_format_address (img, m->from.address, place, sizeof place);
      fprintf (out, "WARNING: modpost: %s(%s+%s): Section mismatch in reference from the %s "
                    "%s%s to the %s %s:%s%s\n", mod, m->from.section, place, from_kind, from,
               from_sfx, to_kind, m->to.section, to, to_sfx);
      print_extable_followup (out, img, m, mod, place, MODPOST_6_1);
    }
  else
    fprintf (out, "WARNING: modpost: %s: section mismatch in reference: %s (section: %s) -> %s "
                  "(section: %s)\n", mod, from, m->from.section, to, m->to.section);
}

/* modpost 6.12 counts a source offset from the symbol's st_value, which
   for an ARM Thumb function has bit 0 set (ARM ELF; initscan's addresses
   do not): the offset it prints is one less.  */
static uint64_t
modpost_from_offset (const struct image *img, const struct mismatch_end *end)
{
  uint64_t off;
  const struct symbol *s = end->symbol ? image_symbol_containing (img, end->address, &off) : NULL;
  if (img->arch == NULL || !img->arch->thumb_bit || s == NULL || s->type != STT_FUNC)
    return end->offset;
  const struct section *symtab = &img->sections[img->symtab.section];
  Elf_Data *data = elf_getdata (symtab->scn, NULL);
  GElf_Sym raw;
  if (data == NULL || gelf_getsym (data, (int) (s - img->symtab.syms), &raw) == NULL)
    return end->offset;
  return end->offset - (raw.st_value & 1);
}

static void
print_modpost_6_12 (FILE *out, const struct image *img, const struct mismatch *m, const char *mod)
{
  if (m->rule->family == FAMILY_EXPORT)
    {
      /* check_export_symbol(): by the target section */
      bool init = (rules_section_groups (m->to.section) & SG_INIT) != 0;
      fprintf (out, "WARNING: modpost: %s: %s: EXPORT_SYMBOL used for %s symbol. Remove %s or "
                    "EXPORT_SYMBOL.\n", mod, m->to.symbol ? m->to.symbol : "",
               init ? "init" : "exit", init ? "__init" : "__exit");
      return;
    }
  /* source: SYMBOL+0xOFF or the offset alone; target: SYMBOL or 0xOFF */
  char to[32];
  snprintf (to, sizeof to, "0x%x", (unsigned) m->to.offset);
  fprintf (out, "WARNING: modpost: %s: section mismatch in reference: %s%s0x%x (section: %s) -> "
                "%s (section: %s)\n", mod, m->from.symbol ? m->from.symbol : "",
           m->from.symbol ? "+" : "", (unsigned) modpost_from_offset (img, &m->from),
           m->from.section, m->to.symbol ? m->to.symbol : to, m->to.section);
  if (m->rule->family == FAMILY_EXTABLE)
    {
      char place[32];
      print_extable_followup (out, img, m, mod, report_format_address (img, m->from.address, place,
                                                                  sizeof place), MODPOST_6_12);
    }
}

static void
print_modpost_style (FILE *out, const struct scan *sc)
{
  const struct image *img = &sc->file;
  char mod[4096];
  report_modpost_name (sc, mod, sizeof mod);
  for (size_t i = 0; i < sc->nmismatches; i++)
    {
      const struct mismatch *m = &sc->mismatches[i];
      if (m->suppressed)
        continue;
      if (ruleset_wording (sc->rules) == MODPOST_6_1)
        print_modpost_6_1 (out, img, m, mod);
      else
        print_modpost_6_12 (out, img, m, mod);
    }
}

static void
print_mismatches (FILE *out, const struct scan *sc)
{
  const struct image *img = &sc->file;
  if (sc->nmismatches == 0)
    return;
  fputc ('\n', out);
  for (size_t i = 0; i < sc->nmismatches; i++)
    print_mismatch (out, img, &sc->mismatches[i]);
}

static size_t
count_suppressed (const struct scan *sc)
{
  size_t n = 0;
  for (size_t i = 0; i < sc->nmismatches; i++)
    n += sc->mismatches[i].suppressed;
  return n;
}

void
report_text (FILE *out, struct scan *const *scans, size_t n, const struct report_options *opts)
{
  for (size_t i = 0; i < n; i++)
    {
      const struct scan *sc = scans[i];
      const struct image *img = &sc->file;
      if (img->error != NULL)
        continue;
      if (opts->modpost_style)
        {
          print_modpost_style (out, scan_findings (sc));
          continue;
        }
      if (i > 0)
        fputc ('\n', out);
      print_header (out, img);
      print_summary (out, sc);
      print_sections (out, sc);
      print_init_memory (out, sc);
      print_attribution (out, sc);
      print_module (out, sc);
      print_initcalls (out, sc, sc->con_initcalls, sc->ncon_initcalls,
                       "Console initcalls, run by console_init() in start_kernel(), "
                       "before the early initcalls", opts);
      print_initcalls (out, sc, sc->initcalls, sc->ninitcalls, "Initcalls in run order",
                       opts);
      print_boot_only (out, sc);
      print_mismatches (out, scan_findings (sc));
    }
}
