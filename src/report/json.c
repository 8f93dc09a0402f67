/* --format=json: schema "initscan/1", defined by docs/initscan-1.schema.json
   and documented in man/initscan.1.  Addresses are "0x…" strings, sizes
   integers.  */
#include <inttypes.h>
#include <stdbool.h>
#include <jansson.h>
#include <stdio.h>
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
#include "util/version.h"

static json_t *
json_address (const struct image *img, uint64_t addr)
{
  char buf[32];
  return json_string (report_format_address (img, addr, buf, sizeof buf));
}

static json_t *
json_hex (uint64_t v)
{
  char buf[32];
  snprintf (buf, sizeof buf, "0x%" PRIx64, v);
  return json_string (buf);
}

static json_t *
json_string_or_null (const char *s)
{
  return s ? json_string (s) : json_null ();
}

/* With --source-root, the path relative to it.  */
static json_t *
json_source (const struct scan *sc, const struct report_options *opts,
             const struct source_pos *pos)
{
  if (pos->file == NULL)
    return json_null ();
  if (opts->source_root == NULL)
    return json_pack ("{s:s, s:i}", "file", pos->file, "line", pos->line);
  char *file = report_source_path_under (sc, opts->source_root, pos->file);
  json_t *o = json_pack ("{s:s, s:i}", "file", file, "line", pos->line);
  free (file);
  return o;
}

static json_t *
json_sections (const struct scan *sc)
{
  const struct image *img = &sc->file;
  json_t *arr = json_array ();
  for (size_t i = 0; i < img->nsections; i++)
    {
      const struct section *sec = &img->sections[i];
      const char *kind = section_kind_name (scan_section_kind (sc, sec));
      if (kind == NULL)
        continue;
      char flags[4];
      json_array_append_new (arr, json_pack ("{s:s, s:o, s:I, s:s, s:s}", "name", sec->name,
                                             "address", json_hex (sec->shdr.sh_addr), "size",
                                             (json_int_t) sec->shdr.sh_size, "kind", kind,
                                             "flags", report_section_flags (&sec->shdr, flags)));
    }
  return arr;
}

static json_t *
json_initcalls (const struct scan *sc, const struct report_options *opts,
                const struct initcall *calls, size_t n)
{
  const struct image *img = &sc->file;
  json_t *arr = json_array ();
  for (size_t i = 0; i < n; i++)
    {
      const struct initcall *ic = &calls[i];
      json_t *o = json_pack ("{s:I, s:s, s:o, s:o, s:o, s:o, s:o}", "index", (json_int_t) i,
                             "level", ic->level, "function", json_string_or_null (ic->function),
                             "address",
                             ic->address || img->ehdr.e_type != ET_REL
                               ? json_address (img, ic->address) : json_null (),
                             "entry", json_address (img, ic->entry),
                             "label", json_string_or_null (ic->label),
                             "source", json_source (sc, opts, &ic->source));
      if (img->ehdr.e_type == ET_REL)
        json_object_set_new (o, "section",
                             json_string_or_null (ic->address ? report_address_section (img, ic->address)
                                                              : NULL));
      if (ic->stub)
        json_object_set_new (o, "stub", json_address (img, ic->stub));
      if (sc->boot != NULL)
        json_object_set_new (o, "boot",
                             ic->boot_order < 0
                               ? json_null ()
                               : json_pack ("{s:I, s:o, s:o}", "order", (json_int_t) ic->boot_order,
                                            "usecs", ic->boot_usecs >= 0
                                                       ? json_integer (ic->boot_usecs) : json_null (),
                                            "ret", ic->boot_usecs >= 0
                                                     ? json_integer (ic->boot_ret) : json_null ()));
      json_array_append_new (arr, o);
    }
  return arr;
}

static json_t *
json_init_memory (const struct scan *sc)
{
  const struct init_memory *im = &sc->initmem;
  json_t *parts = json_array ();
  for (size_t i = 0; i < im->n_by_section; i++)
    json_array_append_new (parts, json_pack ("{s:s, s:I}", "name", im->by_section[i].name,
                                             "bytes", (json_int_t) im->by_section[i].bytes));
  json_t *o = json_pack ("{s:o, s:o, s:I, s:I, s:I, s:I, s:s, s:o}", "begin", json_hex (im->begin),
                         "end", json_hex (im->end), "bytes", (json_int_t) (im->end - im->begin),
                         "page_size", (json_int_t) im->page_size, "freed_kib",
                         (json_int_t) (im->freed_bytes / 1024), "freed_bytes",
                         (json_int_t) im->freed_bytes, "message", im->message, "by_section",
                         parts);
  json_object_set_new (o, "page_size_from", json_string (im->page_size_from));
  json_object_set_new (o, "boot_log_line",
                       im->boot_log_line ? json_string (im->boot_log_line) : json_null ());
  json_object_set_new (o, "kernel",
                       im->kernel_known ? json_sprintf ("%u.%u.%u", im->kernel_major, im->kernel_minor,
                                                        im->kernel_patch)
                                        : json_null ());
  if (im->have_gaps)
    json_object_set_new (o, "x86_64_gaps",
                         json_pack ("{s:I, s:I, s:I}", "text_rodata_kib",
                                    (json_int_t) (im->text_rodata_gap / 1024), "rodata_data_kib",
                                    (json_int_t) (im->rodata_data_gap / 1024),
                                    "unused_decrypted_kib",
                                    (json_int_t) (im->unused_decrypted / 1024)));
  return o;
}

static json_t *
json_module (const struct scan *sc, const struct report_options *opts)
{
  const struct module_info *m = &sc->module;
  return json_pack ("{s:o, s:o, s:o, s:o, s:o}", "name", json_string_or_null (m->name), "init",
                    json_string_or_null (m->init), "exit", json_string_or_null (m->exit),
                    "init_source", json_source (sc, opts, &m->init_source), "exit_source",
                    json_source (sc, opts, &m->exit_source));
}

static json_t *
json_end (const struct scan *sc, const struct report_options *opts,
          const struct mismatch_end *end, bool with_offset)
{
  const struct image *img = &sc->file;
  json_t *o = json_pack ("{s:s, s:o}", "section", end->section, "symbol",
                         json_string_or_null (end->symbol));
  if (with_offset)
    json_object_set_new (o, "offset", json_integer ((json_int_t) end->offset));
  json_object_set_new (o, "address", json_address (img, end->address));
  json_object_set_new (o, "source", json_source (sc, opts, &end->source));
  return o;
}

static json_t *
json_mismatches (const struct scan *sc, const struct report_options *opts)
{
  json_t *arr = json_array ();
  for (size_t i = 0; i < sc->nmismatches; i++)
    {
      const struct mismatch *m = &sc->mismatches[i];
      json_array_append_new (arr, json_pack ("{s:s, s:o, s:o, s:b, s:o, s:s}", "rule",
                                             m->rule->id, "from", json_end (sc, opts, &m->from, true),
                                             "to", json_end (sc, opts, &m->to, false), "suppressed",
                                             m->suppressed, "suppressed_by",
                                             json_string_or_null (m->suppressed_by),
                                             "fingerprint", m->fingerprint));
    }
  return arr;
}

/* The boot log's side: totals, and the calls the image does not have.  */
static json_t *
json_boot_log (const struct scan *sc)
{
  const struct boot_log *log = sc->boot;
  json_t *extra = json_array ();
  size_t matched = 0;
  for (size_t j = 0; j < log->ncalls; j++)
    if (log->calls[j].matched < 0)
      json_array_append_new (extra, json_pack ("{s:I, s:s, s:I, s:I}", "order",
                                               (json_int_t) log->calls[j].order, "function",
                                               log->calls[j].function, "usecs",
                                               (json_int_t) log->calls[j].usecs, "ret",
                                               (json_int_t) log->calls[j].ret));
    else
      matched++;
  return json_pack ("{s:s, s:I, s:I, s:o}", "path", log->path, "calls", (json_int_t) log->ncalls,
                    "matched", (json_int_t) matched, "not_in_image", extra);
}

static json_t *
json_attribution (const struct scan *sc)
{
  const struct attribution *a = &sc->attrib;
  json_t *parts = json_array ();
  for (size_t i = 0; i < a->nparts; i++)
    {
      json_t *p = json_pack ("{s:s, s:I}", "name", a->parts[i].name, "bytes",
                             (json_int_t) a->parts[i].bytes);
      if (a->by != ATTRIB_SECTION && a->parts[i].section != NULL)
        json_object_set_new (p, "section", json_string (a->parts[i].section));
      if (a->by == ATTRIB_SYMBOL && a->parts[i].file != NULL)
        json_object_set_new (p, "file", json_string (a->parts[i].file));
      json_array_append_new (parts, p);
    }
  return json_pack ("{s:s, s:I, s:o}", "by", attrib_by_name (a->by), "bytes",
                    (json_int_t) a->total, "parts", parts);
}

static json_t *
json_strings (char *const *strs, size_t n)
{
  json_t *arr = json_array ();
  for (size_t i = 0; i < n; i++)
    json_array_append_new (arr, json_string (strs[i]));
  return arr;
}

static json_t *
json_image (const struct scan *sc, const struct report_options *opts)
{
  const struct image *img = &sc->file;
  if (img->error != NULL)
    return json_pack ("{s:s, s:[s]}", "path", img->path, "errors", img->error);
  json_t *o = json_pack ("{s:s, s:s, s:s, s:i, s:s, s:o}", "path", img->path, "kind",
                         image_kind_name (img->kind), "machine",
                         img->arch ? img->arch->name : "unknown", "class", (int) img->elfclass,
                         "endian", img->big_endian ? "big" : "little", "build_id",
                         json_string_or_null (img->build_id));
  json_object_set_new (o, "symbols", json_string (img->symbols_from));
  json_object_set_new (o, "sections", json_sections (sc));
  json_object_set_new (o, "container", json_string_or_null (img->container));
  json_object_set_new (o, "compression", json_string_or_null (img->compression));
  if (img->kind == IMAGE_VMLINUX)
    json_object_set_new (o, "init_memory",
                         sc->initmem.present ? json_init_memory (sc) : json_null ());
  json_object_set_new (o, "initcall_encoding", json_string_or_null (sc->initcall_encoding));
  json_object_set_new (o, "initcall_levels", json_string_or_null (sc->initcall_levels));
  json_object_set_new (o, "console_initcalls",
                       json_initcalls (sc, opts, sc->con_initcalls, sc->ncon_initcalls));
  json_object_set_new (o, "initcalls", json_initcalls (sc, opts, sc->initcalls, sc->ninitcalls));
  if (img->kind == IMAGE_MODULE)
    json_object_set_new (o, "module", json_module (sc, opts));
  if (sc->boot != NULL)
    json_object_set_new (o, "boot_log", json_boot_log (sc));
  if (sc->attrib.by != ATTRIB_NONE)
    json_object_set_new (o, "attribution", json_attribution (sc));
  const struct scan *f = scan_findings (sc);
  json_object_set_new (o, "mismatches", json_mismatches (f, opts));
  json_object_set_new (o, "mismatches_checked", json_boolean (f->mismatches_checked));
  json_object_set_new (o, "mismatches_from", json_string (f->file.path));
  if (f->rules != NULL)
    json_object_set_new (o, "rules",
                         json_pack ("{s:s, s:s, s:b, s:b}", "version",
                                    ruleset_version (f->rules), "from", f->rules_from,
                                    "extra_warn", (f->rule_flags & RULES_EXTRA_WARN) != 0,
                                    "strict", (f->rule_flags & RULES_STRICT) != 0));
  json_object_set_new (o, "notes", json_strings (img->notes, img->nnotes));
  json_object_set_new (o, "errors", json_array ());
  return o;
}

int
report_json (FILE *out, struct scan *const *scans, size_t n, const struct report_options *opts)
{
  json_t *images = json_array ();
  size_t initcalls = 0, errors = 0, mismatches = 0, suppressed = 0, unchecked = 0;
  for (size_t i = 0; i < n; i++)
    {
      const struct scan *f = scan_findings (scans[i]);
      json_array_append_new (images, json_image (scans[i], opts));
      initcalls += scans[i]->ninitcalls + scans[i]->ncon_initcalls;
      errors += scans[i]->file.error != NULL;
      unchecked += scans[i]->file.error == NULL && !f->mismatches_checked;
      for (size_t j = 0; j < f->nmismatches; j++)
        {
          suppressed += f->mismatches[j].suppressed;
          mismatches += !f->mismatches[j].suppressed;
        }
    }
  json_t *root = json_pack ("{s:s, s:{s:s, s:s}, s:o, s:{s:I, s:I, s:I, s:I, s:I, s:I}}",
                            "schema", "initscan/1", "tool", "name", "initscan", "version",
                            INITSCAN_VERSION, "images", images, "summary", "images",
                            (json_int_t) n, "initcalls", (json_int_t) initcalls, "mismatches",
                            (json_int_t) mismatches, "suppressed", (json_int_t) suppressed,
                            "unchecked", (json_int_t) unchecked, "errors", (json_int_t) errors);
  int rc = json_dumpf (root, out, JSON_INDENT (2) | JSON_PRESERVE_ORDER);
  fputc ('\n', out);
  json_decref (root);
  return rc;
}
