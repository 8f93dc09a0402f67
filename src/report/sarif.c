/* --format=sarif: SARIF 2.1.0 as GitHub code scanning takes it and as
   Microsoft's validator (Sarif.Multitool validate --rule-kind "Sarif;Gh")
   accepts it without an error or a warning: one run, the rules of rules.c
   with their help, one result per finding at the referencing source line,
   paths relative to the source root (%SRCROOT%), an invocation that says
   which inputs failed or could not be checked.  */
#include <ctype.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dwarf/src.h"
#include "analysis/scan.h"
#include "index/image.h"
#include "report/report.h"
#include "analysis/rules.h"
#include "index/symbols.h"
#include "util/util.h"
#include "util/version.h"

#define SRCROOT "%SRCROOT%"

/* What a rule's finding means for the kernel and how it is fixed, with the
   kernel file that defines the annotations involved (include/linux/init.h:
   __init, __exit, __ref, __exit_p; the others as named).  Rules not listed
   get the generic entry.  */
struct rule_help
{
  const char *id;
  const char *uri;
  const char *text;
};

#define KERNEL_SOURCE "https://elixir.bootlin.com/linux/v6.12/source/"

static const struct rule_help rule_helps[] = {
  { "export-of-init", KERNEL_SOURCE "include/linux/export.h",
    "An EXPORT_SYMBOL() names a function or variable marked __init or __initdata. Modules load "
    "after boot, when the kernel has freed its init memory: a module using the export would "
    "call or read freed memory. Fix: drop the __init annotation from the exported symbol, or "
    "do not export it." },
  { "export-of-exit", KERNEL_SOURCE "include/linux/export.h",
    "An EXPORT_SYMBOL() names a function or variable marked __exit. Built into the kernel, "
    "the .exit sections are discarded at link time: the export would point at nothing. Fix: "
    "drop the __exit annotation from the exported symbol, or do not export it." },
  { "text-to-init", KERNEL_SOURCE "include/linux/init.h",
    "Code that stays after boot calls or takes the address of __init code, or reads __initdata. "
    "Once the kernel has freed its init memory that memory is reused, and the access crashes or "
    "corrupts it. Fix: mark the referencing function __init as well if it only runs during "
    "boot; otherwise remove __init or __initdata from the target. If the reference is known to "
    "be used only during boot, mark the referencing function __ref." },
  { "text-to-exit", KERNEL_SOURCE "include/linux/init.h",
    "Code that stays references __exit code or data. Built into the kernel, the .exit sections "
    "are discarded at link time, so the reference points at nothing. Fix: remove __exit from "
    "the target, or take its address with __exit_p(), which is NULL when built in." },
  { "data-to-init", KERNEL_SOURCE "include/linux/init.h",
    "A variable that stays after boot (often an operations structure or a table) holds the "
    "address of __init code or data, which is freed after boot. Fix: mark the variable "
    "__initdata or __initconst if it is used only during boot, or remove __init from the "
    "target; if the pointer is only followed during boot, mark the variable __refdata." },
  { "data-to-exit", KERNEL_SOURCE "include/linux/init.h",
    "A variable that stays holds the address of __exit code or data, which is discarded when "
    "built into the kernel. Fix: take the address with __exit_p() (for example "
    ".remove = __exit_p(foo_remove)), or remove __exit from the target." },
  { "init-to-exit", KERNEL_SOURCE "include/linux/init.h",
    "__init code or data references __exit code or data, which is discarded when built into "
    "the kernel. Fix: remove __exit from the target, or take its address with __exit_p()." },
  { "exit-to-init", KERNEL_SOURCE "include/linux/init.h",
    "__exit code or data references __init code or data: when a module is unloaded its init "
    "memory has long been freed. Fix: remove __init from the target." },
  { "meminit-to-init", "https://elixir.bootlin.com/linux/v6.1/source/include/linux/init.h",
    "__meminit code or data, kept after boot when memory hotplug is configured, references "
    "__init code or data, which is freed after boot. Fix: mark the target __meminit (Linux "
    "6.4 and later have no __meminit: __init or nothing)." },
  { "pci-fixup-to-init", KERNEL_SOURCE "include/linux/pci.h",
    "A PCI fixup declared with DECLARE_PCI_FIXUP_*() references __init code or data. Fixups "
    "also run at resume and on hotplug, after the init memory is freed. Fix: remove __init "
    "from the fixup and from what it uses." },
  { "extable-to-non-text", KERNEL_SOURCE "include/linux/extable.h",
    "An exception table (__ex_table) entry points outside code: the fault handler would jump "
    "into data. Fix: the instruction and fixup addresses an _ASM_EXTABLE() entry records must "
    "lie in a code section." },
};

static const struct rule_help generic_help = {
  NULL, KERNEL_SOURCE "scripts/mod/modpost.c",
  "A reference between sections that the kernel's modpost reports as a section mismatch: the "
  "referenced code or data is freed or discarded while the referencing one can still use it. "
  "Fix: give both the same lifetime annotation, or remove the annotation from the target."
};

static const struct rule_help *
help_of (const struct mismatch_rule *rule)
{
  for (size_t i = 0; i < ARRAY_SIZE (rule_helps); i++)
    if (strcmp (rule_helps[i].id, rule->id) == 0)
      return &rule_helps[i];
  return &generic_help;
}

/* The rule's friendly name SARIF asks for: "text-to-init" is "TextToInit".  */
static char *
pascal_case (const char *id)
{
  char *name = xstrdup (id), *out = name;
  bool upper = true;
  for (const char *p = id; *p != '\0'; p++)
    if (*p == '-' || *p == '_')
      upper = true;
    else
      {
        *out++ = upper ? (char) toupper ((unsigned char) *p) : *p;
        upper = false;
      }
  *out = '\0';
  return name;
}

static json_t *
sarif_rule (const struct mismatch_rule *rule)
{
  const struct rule_help *h = help_of (rule);
  char *name = pascal_case (rule->id);
  const char *file = strstr (h->uri, "/source/");
  char *markdown = xasprintf ("**%s** (`%s`)\n\n%s\n\nSee [%s](%s).", rule->summary, rule->id,
                              h->text, file != NULL ? file + strlen ("/source/") : h->uri, h->uri);
  json_t *r = json_pack ("{s:s, s:s, s:{s:s}, s:{s:s}, s:{s:s, s:s}, s:s, s:{s:s}, "
                         "s:{s:[s], s:s}}",
                         "id", rule->id, "name", name, "shortDescription", "text", rule->summary,
                         "fullDescription", "text", h->text, "help", "text", h->text, "markdown",
                         markdown, "helpUri", h->uri, "defaultConfiguration", "level", "warning",
                         "properties", "tags", "section-mismatch", "problem.severity",
                         "warning");
  free (name);
  free (markdown);
  return r;
}

static json_t *
sarif_rules (void)
{
  unsigned n;
  const struct mismatch_rule *rules = rules_all (&n);
  json_t *arr = json_array ();
  for (unsigned i = 0; i < n; i++)
    json_array_append_new (arr, sarif_rule (&rules[i]));
  return arr;
}

static int
rule_index (const struct mismatch_rule *rule)
{
  unsigned n;
  const struct mismatch_rule *rules = rules_all (&n);
  return (int) (rule - rules);
}

/* PATH as a URI reference: RFC 3986 unreserved characters and "/" as they
   are, every other byte percent-encoded.  */
static char *
uri_escape (const char *prefix, const char *path)
{
  size_t plen = strlen (prefix);
  char *out = xmalloc (plen + 3 * strlen (path) + 1), *o = out + plen;
  memcpy (out, prefix, plen);
  for (const unsigned char *p = (const unsigned char *) path; *p != '\0'; p++)
    if (isalnum (*p) || strchr ("-._~/", *p) != NULL)
      *o++ = (char) *p;
    else
      o += sprintf (o, "%%%02X", *p);
  *o = '\0';
  return out;
}

/* An artifactLocation for PATH: relative to %SRCROOT% when it lies under
   ROOT or is relative (to the tree, whose place is unknown), else an
   absolute file URI.  */
static json_t *
artifact_location (const char *root, const char *path)
{
  const char *rel = path[0] != '/' ? path : root != NULL ? report_path_under (root, path) : NULL;
  char *uri = rel != NULL ? uri_escape ("", rel) : uri_escape ("file://", path);
  json_t *loc = rel != NULL ? json_pack ("{s:s, s:s}", "uri", uri, "uriBaseId", SRCROOT)
                            : json_pack ("{s:s}", "uri", uri);
  free (uri);
  return loc;
}

/* The input file itself, as an absolute path when it can be resolved.  */
static json_t *
image_location (const struct image *img, const char *root)
{
  char *abs = realpath (img->path, NULL);
  json_t *loc = artifact_location (root, abs != NULL ? abs : img->path);
  free (abs);
  return loc;
}

/* A finding without a source line (no DWARF for its place) is located in
   the image: the bytes of the symbol holding the reference, or of its
   section when no sized symbol covers it (SARIF 3.30: a binary region).  */
static json_t *
binary_region (const struct image *img, const struct mismatch *m)
{
  const struct section *sec = image_section_at (img, m->from.address);
  uint64_t offset = 0;
  const struct symbol *sym = image_symbol_containing (img, m->from.address, &offset);
  uint64_t start = sec != NULL ? sec->addr : m->from.address, size = sec ? sec->shdr.sh_size : 0;
  if (sym != NULL && sym->size > 0 && offset < sym->size)
    start = m->from.address - offset, size = sym->size;
  uint64_t file_offset = sec != NULL ? sec->shdr.sh_offset + (start - sec->addr) : 0;
  return json_pack ("{s:I, s:I}", "byteOffset", (json_int_t) file_offset, "byteLength",
                    (json_int_t) size);
}

static json_t *
sarif_location (const struct scan *sc, const struct mismatch *m, const char *root)
{
  const struct image *img = &sc->file;
  json_t *phys;
  if (m->from.source.file != NULL)
    {
      char *file = report_source_path_under (sc, root, m->from.source.file);
      phys = json_pack ("{s:o, s:{s:i}}", "artifactLocation", artifact_location (root, file),
                        "region", "startLine", m->from.source.line > 0 ? m->from.source.line : 1);
      free (file);
    }
  else
    phys = json_pack ("{s:o, s:o}", "artifactLocation", image_location (img, root), "region",
                      binary_region (img, m));
  return json_pack ("{s:o}", "physicalLocation", phys);
}

static json_t *
sarif_result (const struct scan *sc, const struct mismatch *m, const char *root)
{
  const struct image *img = &sc->file;
  char from[512], to[512], name[4096];
  char *text = xasprintf ("%s: %s (%s) references %s (%s): %s.",
                          report_modpost_name (sc, name, sizeof name),
                          report_format_symbol (&m->from, img, from, sizeof from), m->from.section,
                          report_format_symbol (&m->to, img, to, sizeof to), m->to.section,
                          m->rule->summary);
  json_t *r = json_pack ("{s:s, s:i, s:s, s:{s:s}, s:[o], s:{s:s}}", "ruleId", m->rule->id,
                         "ruleIndex", rule_index (m->rule), "level", "warning", "message",
                         "text", text, "locations", sarif_location (sc, m, root),
                         "partialFingerprints", "initscanFingerprint/v1", m->fingerprint);
  free (text);
  if (m->suppressed)
    json_object_set_new (r, "suppressions",
                         json_pack ("[{s:s, s:s}]", "kind", "external", "justification",
                                    m->suppressed_by));
  return r;
}

/* A notification for an input that could not be analysed (an error) or
   whose mismatches could not be checked (a warning); NULL for one checked
   in full.  */
static json_t *
input_notification (const struct scan *sc, const char *root)
{
  const struct image *img = &sc->file;
  if (img->error == NULL && scan_findings (sc)->mismatches_checked)
    return NULL;
  char *text = img->error != NULL
                 ? xasprintf ("%s: %s.", img->path, img->error)
                 : xasprintf ("%s: section mismatches not checked: no section modpost checks "
                              "has relocations.", img->path);
  json_t *n = json_pack ("{s:s, s:{s:s}, s:[{s:{s:o}}]}", "level",
                         img->error != NULL ? "error" : "warning", "message", "text", text,
                         "locations", "physicalLocation", "artifactLocation",
                         image_location (img, root));
  free (text);
  return n;
}

/* What was run on what: one entry per input, how far it was analysed,
   and the kernel rule set it was judged by ("rules", as in JSON).  */
static json_t *
input_properties (const struct scan *sc)
{
  const struct image *img = &sc->file;
  json_t *o = json_pack ("{s:s, s:b}", "path", img->path, "mismatchesChecked",
                         img->error == NULL && scan_findings (sc)->mismatches_checked);
  if (img->error == NULL)
    json_object_set_new (o, "kind", json_string (image_kind_name (img->kind)));
  if (img->error == NULL)
    json_object_set_new (o, "symbols", json_string (img->symbols_from));
  const struct scan *f = scan_findings (sc);
  if (img->error == NULL && f->rules != NULL)
    json_object_set_new (o, "rules", json_pack ("{s:s, s:s}", "version", ruleset_version (f->rules),
                                                "from", f->rules_from));
  return o;
}

/* The working directory, as a file URI ending in "/" (GitHub resolves
   absolute result paths against it).  */
static json_t *
working_directory (void)
{
  char *cwd = getcwd (NULL, 0);
  if (cwd == NULL)
    return NULL;
  char *dir = xasprintf ("%s%s", cwd, strcmp (cwd, "/") == 0 ? "" : "/");
  char *uri = uri_escape ("file://", dir);
  json_t *o = json_pack ("{s:s}", "uri", uri);
  free (uri);
  free (dir);
  free (cwd);
  return o;
}

static json_t *
sarif_invocation (struct scan *const *scans, size_t n, const char *root)
{
  json_t *notes = json_array (), *inputs = json_array ();
  for (size_t i = 0; i < n; i++)
    {
      json_t *note = input_notification (scans[i], root);
      if (note != NULL)
        json_array_append_new (notes, note);
      json_array_append_new (inputs, input_properties (scans[i]));
    }
  json_t *inv = json_pack ("{s:b, s:o, s:{s:o}}", "executionSuccessful",
                           json_array_size (notes) == 0, "toolExecutionNotifications", notes,
                           "properties", "inputs", inputs);
  json_t *cwd = working_directory ();
  if (cwd != NULL)
    json_object_set_new (inv, "workingDirectory", cwd);
  return inv;
}

/* The directory %SRCROOT% stands for: --source-root, else the tree the
   images were built in when they agree on it; NULL if unknown.  */
static const char *
source_root (struct scan *const *scans, size_t n, const struct report_options *opts)
{
  if (opts->source_root != NULL)
    return opts->source_root;
  const char *root = NULL;
  for (size_t i = 0; i < n; i++)
    {
      const char *tree = scans[i]->file.error == NULL ? source_tree_root (scans[i]->src) : NULL;
      if (tree == NULL)
        continue;
      if (root != NULL && strcmp (root, tree) != 0)
        return NULL;
      root = tree;
    }
  return root;
}

static json_t *
original_uri_base_ids (const char *root)
{
  json_t *base = json_pack ("{s:{s:s}}", "description", "text",
                            "The top of the kernel source tree.");
  if (root != NULL)
    {
      char *dir = xasprintf ("%s/", strcmp (root, "/") == 0 ? "" : root);
      char *uri = uri_escape ("file://", dir);
      json_object_set_new (base, "uri", json_string (uri));
      free (uri);
      free (dir);
    }
  return json_pack ("{s:o}", SRCROOT, base);
}

int
report_sarif (FILE *out, struct scan *const *scans, size_t n, const struct report_options *opts)
{
  const char *root = source_root (scans, n, opts);
  json_t *results = json_array ();
  for (size_t i = 0; i < n; i++)
    {
      const struct scan *f = scan_findings (scans[i]);
      for (size_t j = 0; j < f->nmismatches; j++)
        json_array_append_new (results, sarif_result (f, &f->mismatches[j], root));
    }
  /* the documentation is the manual page: a man: URI, as systemd's
     Documentation= has them */
  json_t *run = json_pack ("{s:{s:{s:s, s:s, s:s, s:s, s:o}}, s:o, s:[o], s:o}", "tool",
                           "driver", "name", "initscan", "version", INITSCAN_VERSION,
                           "semanticVersion", INITSCAN_VERSION, "informationUri",
                           "man:initscan(1)", "rules", sarif_rules (), "originalUriBaseIds",
                           original_uri_base_ids (root), "invocations",
                           sarif_invocation (scans, n, root), "results", results);
  json_t *root_obj = json_pack ("{s:s, s:s, s:[o]}", "$schema",
                                "https://json.schemastore.org/sarif-2.1.0.json", "version",
                                "2.1.0", "runs", run);
  int rc = json_dumpf (root_obj, out, JSON_INDENT (2) | JSON_PRESERVE_ORDER);
  fputc ('\n', out);
  json_decref (root_obj);
  return rc;
}
