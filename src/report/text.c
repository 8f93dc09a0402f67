/* The text report, for people: per image a summary and the findings
   first, then the details in aligned tables fitted to a terminal's width;
   a grand total over several images.  */
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

/* Where the text goes and how: colours, and the width tables fit in
   (0: none, every cell in full).  */
struct text_out
{
  FILE *f;
  bool color;
  unsigned width;
};

enum style
{
  STYLE_PLAIN,
  STYLE_HEADING,
  STYLE_BAD,      /* a finding that fails the gate, an initcall that failed */
  STYLE_MILD,     /* a suppressed finding */
};

/* ECMA-48 SGR sequences: bold, bold red, yellow; "\033[m" resets.  */
static const char *const style_sgr[] = {
  [STYLE_PLAIN] = "", [STYLE_HEADING] = "\033[1m", [STYLE_BAD] = "\033[1;31m",
  [STYLE_MILD] = "\033[33m",
};

static void
paint (const struct text_out *o, enum style style, const char *text)
{
  if (o->color && style != STYLE_PLAIN)
    fprintf (o->f, "%s%s\033[m", style_sgr[style], text);
  else
    fputs (text, o->f);
}

/* "\n  TITLE:\n", the title bold.  */
static void
print_heading (const struct text_out *o, const char *title)
{
  fputs ("\n  ", o->f);
  paint (o, STYLE_HEADING, title);
  fputs (":\n", o->f);
}

/* Columns the LEN bytes at S take: their UTF-8 characters (paths may
   have some).  */
static size_t
span_width (const char *s, size_t len)
{
  size_t n = 0;
  for (size_t i = 0; i < len; i++)
    n += ((unsigned char) s[i] & 0xc0) != 0x80;
  return n;
}

static size_t
display_width (const char *s)
{
  return span_width (s, strlen (s));
}

/* S after its first N characters.  */
static const char *
skip_chars (const char *s, size_t n)
{
  for (; *s; s++)
    if (((unsigned char) *s & 0xc0) != 0x80 && n-- == 0)
      break;
  return s;
}

enum align
{
  ALIGN_LEFT,
  ALIGN_RIGHT,
};

/* How a cell gives way when a table is wider than the terminal.  */
enum shrink
{
  SHRINK_NONE,
  SHRINK_PATH,   /* "dir/.../file.c:LINE": the file name and line kept */
  SHRINK_NAME,   /* "start...end" */
};

/* The narrowest a shrunk column gets ("a.../file.c:1234").  */
#define SHRINK_MIN 16

struct column
{
  const char *head;
  enum align align;
  enum shrink shrink;
  bool droppable;  /* left out when shrinking is not enough */
};

struct cell
{
  char *text;
  enum style style;
};

/* A table whose columns are as wide as their widest cell.  */
struct table
{
  const struct column *cols;
  size_t ncols;
  struct cell *cells;  /* row-major, owned */
  size_t ncells, cap;
};

static void
table_add_styled (struct table *t, const char *text, enum style style)
{
  *ARRAY_PUSH (t->cells, t->ncells, t->cap)
    = (struct cell) { xstrdup (text ? text : "-"), style };
}

static void
table_add (struct table *t, const char *text)
{
  table_add_styled (t, text, STYLE_PLAIN);
}

/* TEXT in at most WIDTH columns (WIDTH > 3), into BUF of SIZE bytes.  */
static const char *
shorten (const char *text, size_t width, enum shrink how, char *buf, size_t size)
{
  size_t len = display_width (text);
  if (how == SHRINK_NONE || len <= width)
    return text;
  size_t keep = width - 3, head = (keep + 1) / 2;
  if (how == SHRINK_PATH)
    {
      const char *base = strrchr (text, '/');
      size_t base_len = base != NULL ? display_width (base) : len;
      head = base_len < keep ? keep - base_len : 0;
    }
  snprintf (buf, size, "%.*s...%s", (int) (skip_chars (text, head) - text), text,
            skip_chars (text, len - (keep - head)));
  return buf;
}

/* Fit a row of WIDTH (the columns' widths) in O's width after INDENT:
   leave out the droppable columns (their WIDTH becomes 0), then narrow
   the widest shrinkable column, one character at a time, down to
   SHRINK_MIN.  */
static void
fit_columns (const struct text_out *o, const struct table *t, size_t *width, size_t indent)
{
  size_t total = indent + 2 * (t->ncols - 1);
  for (size_t c = 0; c < t->ncols; c++)
    total += width[c];
  for (size_t c = 0; c < t->ncols && o->width > 0 && total > o->width; c++)
    if (t->cols[c].droppable)
      {
        total -= width[c] + 2;
        width[c] = 0;
      }
  while (o->width > 0 && total > o->width)
    {
      size_t widest = t->ncols;
      for (size_t c = 0; c < t->ncols; c++)
        if (t->cols[c].shrink != SHRINK_NONE && width[c] > SHRINK_MIN
            && (widest == t->ncols || width[c] > width[widest]))
          widest = c;
      if (widest == t->ncols)
        return;
      width[widest]--;
      total--;
    }
}

static void
print_cell (const struct text_out *o, const struct column *col, const char *full,
            enum style style, size_t width, bool last)
{
  char buf[4096];
  const char *text = shorten (full, width, col->shrink, buf, sizeof buf);
  size_t pad = width - display_width (text);
  if (col->align == ALIGN_RIGHT)
    fprintf (o->f, "%*s", (int) pad, "");
  paint (o, style, text);
  if (col->align == ALIGN_LEFT && !last)
    fprintf (o->f, "%*s", (int) pad, "");
  fputs (last ? "\n" : "  ", o->f);
}

static void
table_print (const struct text_out *o, struct table *t, const char *indent)
{
  size_t *width = xcalloc (t->ncols, sizeof *width);
  for (size_t c = 0; c < t->ncols; c++)
    width[c] = display_width (t->cols[c].head);
  for (size_t i = 0; i < t->ncells; i++)
    {
      size_t len = display_width (t->cells[i].text);
      if (len > width[i % t->ncols])
        width[i % t->ncols] = len;
    }
  fit_columns (o, t, width, strlen (indent));
  size_t last = t->ncols - 1;
  while (last > 0 && width[last] == 0)
    last--;
  for (size_t c = 0; c <= last; c++)
    {
      if (c == 0)
        fputs (indent, o->f);
      if (width[c] > 0)
        print_cell (o, &t->cols[c], t->cols[c].head, STYLE_PLAIN, width[c], c == last);
    }
  for (size_t i = 0; i < t->ncells; i++)
    {
      size_t c = i % t->ncols;
      if (c == 0)
        fputs (indent, o->f);
      if (width[c] > 0 && c <= last)
        print_cell (o, &t->cols[c], t->cells[i].text, t->cells[i].style, width[c], c == last);
      free (t->cells[i].text);
    }
  free (t->cells);
  free (width);
  t->cells = NULL;
  t->ncells = t->cap = 0;
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
print_header (const struct text_out *o, const struct image *img)
{
  fprintf (o->f, "%s: %s, %s, %u-bit %s-endian", img->path, image_kind_name (img->kind),
           img->arch ? img->arch->name : "unknown machine", img->elfclass,
           img->big_endian ? "big" : "little");
  if (img->container)
    fprintf (o->f, ", from boot image %s", img->container);
  if (img->compression)
    fprintf (o->f, ", %s-compressed", img->compression);
  if (img->symbols_from != NULL && strcmp (img->symbols_from, "kallsyms") == 0)
    fprintf (o->f, ", symbols from kallsyms%s", img->headerless ? " (raw image: no sections)" : "");
  fputc ('\n', o->f);
  if (img->build_id)
    fprintf (o->f, "  build-id: %s\n", img->build_id);
}

static size_t count_suppressed (const struct scan *sc);

static void
print_boot_summary (const struct text_out *o, const struct scan *sc)
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
  fprintf (o->f, "  boot log: %s\n    %zu of %zu initcalls ran, %zu did not, ", sc->boot->path,
           ran, total, total - ran);
  char buf[48];
  snprintf (buf, sizeof buf, "%zu failed", failed);
  paint (o, failed > 0 ? STYLE_BAD : STYLE_PLAIN, buf);
  fprintf (o->f, "; %zu calls not in the image\n", extra);
}

static void
print_freed_lines (const struct text_out *o, const struct init_memory *im)
{
  char size[32];
  fprintf (o->f, "  init memory: %s (%" PRIu64 " bytes), 0x%" PRIx64 "..0x%" PRIx64 "\n"
                 "  freed with %" PRIu64 "K pages:\n",
           report_format_size (im->end - im->begin, size, sizeof size), im->end - im->begin,
           im->begin, im->end, im->page_size / 1024);
  /* the lines exactly as this kernel prints them (src/analysis/freedline.c) */
  if (im->boot_log_line != NULL)
    fprintf (o->f, "    %s\n", im->boot_log_line);
  else
    fprintf (o->f, "    (no freed-memory line: this kernel prints none when it frees nothing)\n");
  if (!im->have_gaps)
    return;
  fprintf (o->f, "    Freeing unused kernel image (text/rodata gap) memory: %" PRIu64 "K\n",
           im->text_rodata_gap / 1024);
  fprintf (o->f, "    Freeing unused kernel image (rodata/data gap) memory: %" PRIu64 "K\n",
           im->rodata_data_gap / 1024);
  if (im->unused_decrypted)
    fprintf (o->f, "    Freeing unused decrypted memory: %" PRIu64 "K\n",
             im->unused_decrypted / 1024);
}

static void
print_findings_summary (const struct text_out *o, const struct scan *sc)
{
  const struct scan *f = scan_findings (sc);
  if (f->mismatches_checked)
    {
      size_t suppressed = count_suppressed (f);
      char buf[64];
      snprintf (buf, sizeof buf, "%zu (%zu suppressed)", f->nmismatches, suppressed);
      fputs ("  section mismatches: ", o->f);
      paint (o, f->nmismatches > suppressed ? STYLE_BAD : STYLE_PLAIN, buf);
      if (f != sc)
        fprintf (o->f, ", checked in %s", f->file.path);
      fputc ('\n', o->f);
    }
  if (f->rules != NULL)
    fprintf (o->f, "  mismatch rules: modpost %s%s%s, %s%s\n", ruleset_version (f->rules),
             f->rule_flags & RULES_EXTRA_WARN ? " with W=1 checks" : "",
             f->rule_flags & RULES_STRICT ? " and strict ones" : "", f->rules_from,
             strcmp (f->rules_from, "default") == 0 ? " (the image names no kernel version)"
                                                    : "");
}

/* PREFIX and TEXT, wrapped at spaces to O's width (if any), the
   continuation lines indented by PREFIX's width.  */
static void
print_wrapped (const struct text_out *o, const char *prefix, const char *text)
{
  size_t indent = display_width (prefix), col = indent;
  fputs (prefix, o->f);
  while (*text != '\0')
    {
      size_t word = strcspn (text, " ");
      size_t width = span_width (text, word);
      if (o->width > 0 && col > indent && col + 1 + width > o->width)
        {
          fprintf (o->f, "\n%*s", (int) indent, "");
          col = indent;
        }
      else if (col > indent)
        {
          fputc (' ', o->f);
          col++;
        }
      fprintf (o->f, "%.*s", (int) word, text);
      col += width;
      text += word;
      text += strspn (text, " ");
    }
  fputc ('\n', o->f);
}

static void
print_summary (const struct text_out *o, const struct scan *sc)
{
  const struct image *img = &sc->file;
  if (sc->initcall_table_found || sc->ninitcalls || sc->ncon_initcalls)
    fprintf (o->f, "  initcalls: %zu, console initcalls: %zu (entries: %s)\n", sc->ninitcalls,
             sc->ncon_initcalls, sc->initcall_encoding ? sc->initcall_encoding : "none");
  if (img->kind == IMAGE_MODULE)
    fprintf (o->f, "  module %s: init %s, exit %s\n", sc->module.name ? sc->module.name : "?",
             sc->module.init ? sc->module.init : "(none)",
             sc->module.exit ? sc->module.exit : "(none)");
  if (sc->initmem.present)
    print_freed_lines (o, &sc->initmem);
  print_findings_summary (o, sc);
  if (sc->boot != NULL)
    print_boot_summary (o, sc);
  for (size_t i = 0; i < img->nnotes; i++)
    print_wrapped (o, "  note: ", img->notes[i]);
}

/* "12.5 %" of TOTAL.  */
static const char *
share_text (uint64_t bytes, uint64_t total, char *buf, size_t size)
{
  snprintf (buf, size, "%.1f %%", total > 0 ? 100.0 * (double) bytes / (double) total : 0.0);
  return buf;
}

static void
print_sections (const struct text_out *o, const struct scan *sc)
{
  static const struct column cols[] = {
    { "SECTION", ALIGN_LEFT, SHRINK_NAME, false }, { "ADDRESS", ALIGN_LEFT, SHRINK_NONE, true },
    { "SIZE", ALIGN_RIGHT, SHRINK_NONE, false },   { "FLAGS", ALIGN_LEFT, SHRINK_NONE, false },
    { "KIND", ALIGN_LEFT, SHRINK_NONE, false },
  };
  const struct image *img = &sc->file;
  struct table t = { cols, ARRAY_SIZE (cols), NULL, 0, 0 };
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
      table_add (&t, report_format_size (sec->shdr.sh_size, buf, sizeof buf));
      table_add (&t, report_section_flags (&sec->shdr, flags));
      table_add (&t, kind);
      rows++;
    }
  char title[64];
  snprintf (title, sizeof title, "Sections (%zu)", rows);
  print_heading (o, title);
  table_print (o, &t, "    ");
}

static void
print_init_memory (const struct text_out *o, const struct scan *sc)
{
  static const struct column cols[] = {
    { "SECTION", ALIGN_LEFT, SHRINK_NAME, false },
    { "SIZE", ALIGN_RIGHT, SHRINK_NONE, false },
    { "SHARE", ALIGN_RIGHT, SHRINK_NONE, false },
  };
  const struct init_memory *im = &sc->initmem;
  if (!im->present || im->n_by_section == 0)
    return;
  struct table t = { cols, ARRAY_SIZE (cols), NULL, 0, 0 };
  for (size_t i = 0; i < im->n_by_section; i++)
    {
      char buf[32];
      table_add (&t, im->by_section[i].name);
      table_add (&t, report_format_size (im->by_section[i].bytes, buf, sizeof buf));
      table_add (&t, share_text (im->by_section[i].bytes, im->end - im->begin, buf, sizeof buf));
    }
  print_heading (o, "Init memory by section ([__init_begin, __init_end), load order)");
  table_print (o, &t, "    ");
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
  table_add_styled (t, ic->boot_usecs >= 0 ? buf : "?",
                    ic->boot_usecs >= 0 && ic->boot_ret ? STYLE_BAD : STYLE_PLAIN);
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

static const struct column initcall_cols[] = {
  { "#", ALIGN_RIGHT, SHRINK_NONE, false },      { "LEVEL", ALIGN_LEFT, SHRINK_NONE, false },
  { "ADDRESS", ALIGN_LEFT, SHRINK_NONE, true }, { "FUNCTION", ALIGN_LEFT, SHRINK_NAME, false },
  { "SOURCE", ALIGN_LEFT, SHRINK_PATH, false },  { "BOOT#", ALIGN_RIGHT, SHRINK_NONE, false },
  { "USECS", ALIGN_RIGHT, SHRINK_NONE, false },  { "RET", ALIGN_LEFT, SHRINK_NONE, false },
};

static void
print_initcalls (const struct text_out *o, const struct scan *sc, const struct initcall *calls,
                 size_t n, const char *title, const struct report_options *opts)
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
  struct table t = { initcall_cols, boot ? 8 : 5, NULL, 0, 0 };
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
  char *heading = xasprintf ("%s (%zu%s)", title, n,
                             boot && opts->sort_by_time ? ", slowest first" : "");
  print_heading (o, heading);
  free (heading);
  table_print (o, &t, "    ");
}

/* What the boot log has that the image does not.  */
static void
print_boot_only (const struct text_out *o, const struct scan *sc)
{
  const struct boot_log *log = sc->boot;
  if (log == NULL)
    return;
  size_t extra = 0;
  for (size_t j = 0; j < log->ncalls; j++)
    extra += log->calls[j].matched < 0;
  if (extra == 0)
    return;
  char title[80];
  snprintf (title, sizeof title, "Called at boot but not an initcall of this image (%zu)", extra);
  print_heading (o, title);
  for (size_t j = 0; j < log->ncalls; j++)
    if (log->calls[j].matched < 0)
      fprintf (o->f, "    boot#%zu  %s  %ld usecs, returned %ld\n", log->calls[j].order,
               log->calls[j].function, log->calls[j].usecs, log->calls[j].ret);
}

/* --by: the largest parts first; the whole list is in the JSON report.  */
#define ATTRIBUTION_ROWS 40

static void
print_attribution (const struct text_out *o, const struct scan *sc)
{
  const struct attribution *a = &sc->attrib;
  if (a->by == ATTRIB_NONE)
    return;
  bool symbols = a->by == ATTRIB_SYMBOL;
  struct column cols[] = {
    { symbols ? "SYMBOL" : a->by == ATTRIB_FILE ? "FILE" : "SECTION", ALIGN_LEFT,
      a->by == ATTRIB_FILE ? SHRINK_PATH : SHRINK_NAME, false },
    { "SIZE", ALIGN_RIGHT, SHRINK_NONE, false },
    { "SHARE", ALIGN_RIGHT, SHRINK_NONE, false },
    { "SECTION", ALIGN_LEFT, SHRINK_NONE, false },
  };
  struct table t = { cols, symbols ? 4 : 3, NULL, 0, 0 };
  size_t rows = a->nparts < ATTRIBUTION_ROWS ? a->nparts : ATTRIBUTION_ROWS;
  for (size_t i = 0; i < rows; i++)
    {
      char buf[32];
      const struct init_memory_part *p = &a->parts[i];
      /* the bytes of no file are counted per section, those of no symbol
         per section and file */
      const char *qualifier = !symbols ? p->section : p->file;
      char *name = p->name[0] == '(' && qualifier != NULL
                   ? xasprintf ("%s %s", p->name, qualifier) : xstrdup (p->name);
      table_add (&t, name);
      free (name);
      table_add (&t, report_format_size (p->bytes, buf, sizeof buf));
      table_add (&t, share_text (p->bytes, a->total, buf, sizeof buf));
      if (symbols)
        table_add (&t, a->parts[i].section);
    }
  char size[32];
  char *heading = xasprintf ("Init and exit memory by %s, %s (%" PRIu64 " bytes) in all "
                             "(largest %zu of %zu)", attrib_by_name (a->by),
                             report_format_size (a->total, size, sizeof size), a->total, rows,
                             a->nparts);
  print_heading (o, heading);
  free (heading);
  table_print (o, &t, "    ");
}

static void
print_module (const struct text_out *o, const struct scan *sc)
{
  const struct image *img = &sc->file;
  if (img->kind != IMAGE_MODULE)
    return;
  char src[4096];
  const struct module_info *m = &sc->module;
  char *heading = xasprintf ("Module %s", m->name ? m->name : "?");
  print_heading (o, heading);
  free (heading);
  fprintf (o->f, "    init  %s%s%s\n", m->init ? m->init : "(none)",
           m->init_source.file ? "  " : "", m->init_source.file
             ? source_text (&m->init_source, src, sizeof src) : "");
  fprintf (o->f, "    exit  %s%s%s\n", m->exit ? m->exit : "(none)",
           m->exit_source.file ? "  " : "", m->exit_source.file
             ? source_text (&m->exit_source, src, sizeof src) : "");
}

/* A finding as a compiler diagnostic, located at the referencing code.  */
static void
print_mismatch (const struct text_out *o, const struct image *img, const struct mismatch *m)
{
  char from[512], to[512], src[4096];
  if (m->from.source.file)
    fprintf (o->f, "%s:%d: ", m->from.source.file, m->from.source.line);
  else
    fprintf (o->f, "%s: ", img->path);
  paint (o, m->suppressed ? STYLE_MILD : STYLE_BAD, m->suppressed ? "note" : "warning");
  fprintf (o->f, ": section mismatch: %s (%s) references %s (%s",
           report_format_symbol (&m->from, img, from, sizeof from), m->from.section,
           report_format_symbol (&m->to, img, to, sizeof to), m->to.section);
  if (m->to.source.file)
    fprintf (o->f, ", %s", source_text (&m->to.source, src, sizeof src));
  fprintf (o->f, ") [%s%s%s]\n", m->rule->id, m->suppressed ? ", suppressed by " : "",
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

/* The findings after a blank line; with --quiet the unsuppressed ones
   alone, nothing when there are none.  */
static void
print_mismatches (const struct text_out *o, const struct scan *sc, bool quiet)
{
  const struct image *img = &sc->file;
  bool first = true;
  for (size_t i = 0; i < sc->nmismatches; i++)
    {
      if (quiet && sc->mismatches[i].suppressed)
        continue;
      if (first && !quiet)
        fputc ('\n', o->f);
      first = false;
      print_mismatch (o, img, &sc->mismatches[i]);
    }
}

static size_t
count_suppressed (const struct scan *sc)
{
  size_t n = 0;
  for (size_t i = 0; i < sc->nmismatches; i++)
    n += sc->mismatches[i].suppressed;
  return n;
}

/* One image: the summary and findings, then the details.  */
static void
print_image (const struct text_out *o, const struct scan *sc, const struct report_options *opts)
{
  print_header (o, &sc->file);
  print_summary (o, sc);
  print_mismatches (o, scan_findings (sc), false);
  print_attribution (o, sc);
  print_module (o, sc);
  print_init_memory (o, sc);
  print_sections (o, sc);
  print_initcalls (o, sc, sc->con_initcalls, sc->ncon_initcalls,
                   "Console initcalls, run by console_init() before the early initcalls",
                   opts);
  print_initcalls (o, sc, sc->initcalls, sc->ninitcalls, "Initcalls in run order", opts);
  print_boot_only (o, sc);
}

/* The init memory an image frees: a linked kernel's [__init_begin,
   __init_end); a module's or object's allocated .init sections, which the
   module loader frees once its init function returned
   (kernel/module/main.c: module_init_layout_section(), do_init_module()).  */
static uint64_t
init_memory_bytes (const struct scan *sc)
{
  if (sc->initmem.present)
    return sc->initmem.end - sc->initmem.begin;
  uint64_t bytes = 0;
  const struct image *img = &sc->file;
  for (size_t i = 0; i < img->nsections; i++)
    {
      const struct section *sec = &img->sections[i];
      if ((sec->shdr.sh_flags & SHF_ALLOC) && scan_section_kind (sc, sec) == SECTION_INIT)
        bytes += sec->shdr.sh_size;
    }
  return bytes;
}

struct grand_total
{
  size_t images, modules, initcalls, con_initcalls, findings, suppressed, unchecked;
  uint64_t init_bytes;
};

static void
print_grand_total (const struct text_out *o, const struct grand_total *g)
{
  char size[32], buf[64];
  fputc ('\n', o->f);
  char *heading = g->modules > 0 ? xasprintf ("Total of %zu images (%zu module%s)", g->images,
                                             g->modules, g->modules == 1 ? "" : "s")
                                 : xasprintf ("Total of %zu images", g->images);
  paint (o, STYLE_HEADING, heading);
  free (heading);
  fprintf (o->f, ":\n  initcalls: %zu, console initcalls: %zu\n", g->initcalls,
           g->con_initcalls);
  fprintf (o->f, "  init memory: %s (%" PRIu64 " bytes)\n",
           report_format_size (g->init_bytes, size, sizeof size), g->init_bytes);
  snprintf (buf, sizeof buf, "%zu (%zu suppressed)", g->findings, g->suppressed);
  fputs ("  section mismatches: ", o->f);
  paint (o, g->findings > g->suppressed ? STYLE_BAD : STYLE_PLAIN, buf);
  if (g->unchecked > 0)
    fprintf (o->f, "; %zu image%s not checked", g->unchecked, g->unchecked == 1 ? "" : "s");
  fputc ('\n', o->f);
}

static void
add_to_total (struct grand_total *g, const struct scan *sc)
{
  const struct scan *f = scan_findings (sc);
  g->images++;
  g->modules += sc->file.kind == IMAGE_MODULE;
  g->initcalls += sc->ninitcalls;
  g->con_initcalls += sc->ncon_initcalls;
  g->init_bytes += init_memory_bytes (sc);
  g->findings += f->nmismatches;
  g->suppressed += count_suppressed (f);
  g->unchecked += !f->mismatches_checked;
}

void
report_text (FILE *out, struct scan *const *scans, size_t n, const struct report_options *opts)
{
  const struct text_out o = { out, opts->color, opts->width };
  struct grand_total total = { 0 };
  for (size_t i = 0; i < n; i++)
    {
      const struct scan *sc = scans[i];
      if (sc->file.error != NULL)
        continue;
      if (opts->modpost_style)
        print_modpost_style (out, scan_findings (sc));
      else if (opts->quiet)
        print_mismatches (&o, scan_findings (sc), true);
      else
        {
          if (total.images > 0)
            fputc ('\n', out);
          print_image (&o, sc, opts);
        }
      add_to_total (&total, sc);
    }
  if (total.images > 1 && !opts->modpost_style && !opts->quiet)
    print_grand_total (&o, &total);
}
