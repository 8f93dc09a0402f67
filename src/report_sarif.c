/* --format=sarif: SARIF 2.1.0 as GitHub code scanning takes it: one run,
   the rules of rules.c, a result per finding located at the referencing
   source line (or at the image when there is no DWARF), suppressed
   findings carrying a suppression, fingerprints as partialFingerprints.  */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "image.h"
#include "report.h"
#include "rules.h"

#ifndef INITSCAN_VERSION
#define INITSCAN_VERSION "0"
#endif

static json_t *
sarif_rules (void)
{
  unsigned n;
  const struct mismatch_rule *rules = rules_all (&n);
  json_t *arr = json_array ();
  for (unsigned i = 0; i < n; i++)
    json_array_append_new (
      arr, json_pack ("{s:s, s:s, s:{s:s}, s:{s:s}, s:{s:s}, s:{s:[s], s:s}}", "id", rules[i].id,
                      "name", rules[i].id, "shortDescription", "text", rules[i].summary,
                      "fullDescription", "text", rules[i].summary, "defaultConfiguration",
                      "level", "error", "properties", "tags", "section-mismatch",
                      "problem.severity", "error"));
  return arr;
}

static int
rule_index (const struct mismatch_rule *rule)
{
  unsigned n;
  const struct mismatch_rule *rules = rules_all (&n);
  return (int) (rule - rules);
}

static json_t *
sarif_location (const struct image *img, const struct mismatch *m)
{
  json_t *phys;
  if (m->from.source.file != NULL)
    phys = json_pack ("{s:{s:s}, s:{s:i}}", "artifactLocation", "uri", m->from.source.file,
                      "region", "startLine", m->from.source.line > 0 ? m->from.source.line : 1);
  else
    phys = json_pack ("{s:{s:s}}", "artifactLocation", "uri", img->path);
  return json_pack ("{s:o}", "physicalLocation", phys);
}

static json_t *
sarif_result (const struct image *img, const struct mismatch *m)
{
  char from[512], to[512], name[4096];
  char *text = NULL;
  if (asprintf (&text, "%s: %s (%s) references %s (%s): %s", modpost_name (img, name, sizeof name),
                format_symbol (&m->from, img, from, sizeof from), m->from.section,
                format_symbol (&m->to, img, to, sizeof to), m->to.section, m->rule->summary)
      < 0)
    text = NULL;
  json_t *r = json_pack ("{s:s, s:i, s:s, s:{s:s}, s:[o], s:{s:s}}", "ruleId", m->rule->id,
                         "ruleIndex", rule_index (m->rule), "level", "error", "message", "text",
                         text ? text : m->rule->summary, "locations", sarif_location (img, m),
                         "partialFingerprints", "initscanFingerprint/v1", m->fingerprint);
  free (text);
  if (m->suppressed)
    json_object_set_new (r, "suppressions",
                         json_pack ("[{s:s, s:s}]", "kind", "external", "justification",
                                    m->suppressed_by));
  return r;
}

int
report_sarif (FILE *out, struct image *const *imgs, size_t n, const struct report_options *opts)
{
  (void) opts;
  json_t *results = json_array ();
  for (size_t i = 0; i < n; i++)
    {
      const struct image *f = image_findings (imgs[i]);
      for (size_t j = 0; j < f->nmismatches; j++)
        json_array_append_new (results, sarif_result (f, &f->mismatches[j]));
    }
  json_t *root = json_pack (
    "{s:s, s:s, s:[{s:{s:{s:s, s:s, s:s, s:o}}, s:o}]}", "$schema",
    "https://json.schemastore.org/sarif-2.1.0.json", "version", "2.1.0", "runs", "tool", "driver",
    "name", "initscan", "version", INITSCAN_VERSION, "informationUri",
    "https://www.kernel.org/doc/html/latest/kbuild/section-mismatch.html", "rules", sarif_rules (),
    "results", results);
  int rc = json_dumpf (root, out, JSON_INDENT (2) | JSON_PRESERVE_ORDER);
  fputc ('\n', out);
  json_decref (root);
  return rc;
}
