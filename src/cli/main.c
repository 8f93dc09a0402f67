/* initscan: the command line.  */
#include <argp.h>
#include <errno.h>
#include <error.h>
#include <inttypes.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "analysis/analyse.h"
#include "analysis/attrib.h"
#include "analysis/bootlog.h"
#include "analysis/diff.h"
#include "analysis/gate.h"
#include "analysis/scan.h"
#include "index/image.h"
#include "cli/inputs.h"
#include "cli/jobs.h"
#include "util/output.h"
#include "report/diff.h"
#include "report/report.h"
#include "analysis/rules.h"
#include "util/util.h"
#include "util/version.h"

const char *argp_program_version = "initscan " INITSCAN_VERSION;
const char *argp_program_bug_address = "the initscan issue tracker";

enum exit_status
{
  EXIT_CLEAN = 0,
  EXIT_FINDINGS = 1,
  EXIT_INPUT = 2,
};

enum format
{
  FORMAT_TEXT,
  FORMAT_JSON,
  FORMAT_SARIF,
  FORMAT_HTML,
  FORMAT_SVG,
};

enum option_key
{
  OPT_PAGE_SIZE = 0x100,
  OPT_NO_SOURCE,
  OPT_BASELINE,
  OPT_WRITE_BASELINE,
  OPT_ALLOW,
  OPT_WARN_ONLY,
  OPT_FAIL_UNCHECKED,
  OPT_MODPOST_STYLE,
  OPT_DMESG,
  OPT_SORT,
  OPT_BY,
  OPT_MAX_DECOMPRESSED,
  OPT_SOURCE_ROOT,
  OPT_RULES,
  OPT_EXTRA_WARN,
  OPT_STRICT,
  OPT_OBJECTS,
  OPT_COLOR,
};

enum color_when
{
  COLOR_AUTO,
  COLOR_ALWAYS,
  COLOR_NEVER,
};

struct options
{
  enum format format;
  const char *output;
  uint64_t page_size;
  bool sources;
  bool warn_only;
  bool fail_unchecked;
  bool modpost_style;
  bool quiet;
  enum color_when color;
  unsigned jobs;
  bool sort_by_time;
  const char *dmesg;
  enum attrib_by by;
  char *source_root;
  const struct ruleset *rules;
  unsigned rule_flags;
  const char *baseline;
  const char *write_baseline;
  uint64_t max_decompressed;
  struct gate gate;
  char **objects;
  size_t nobjects, objects_cap;
  char **inputs;
  size_t ninputs, inputs_cap;
};

static const struct argp_option options[] = {
  { NULL, 0, NULL, 0, "Output:", 1 },
  { "format", 'f', "FORMAT", 0, "text (default), json, sarif, html or svg (the boot timeline "
    "of --dmesg)", 1 },
  { "output", 'o', "FILE", 0, "write the report to FILE instead of standard output", 1 },
  { "no-source", OPT_NO_SOURCE, NULL, 0, "do not look up source lines in DWARF", 1 },
  { "modpost-style", OPT_MODPOST_STYLE, NULL, 0,
    "word text findings as modpost does (WARNING: modpost: …)", 1 },
  { "quiet", 'q', NULL, 0, "text: the unsuppressed findings only (errors still on stderr)", 1 },
  { "color", OPT_COLOR, "WHEN", 0,
    "colour the text report: auto (default: on a terminal, unless NO_COLOR is set), always or "
    "never", 1 },
  { "colour", OPT_COLOR, "WHEN", OPTION_ALIAS, NULL, 1 },
  { "source-root", OPT_SOURCE_ROOT, "DIR", 0,
    "JSON and SARIF source paths relative to DIR (default: the tree the image was built in)", 1 },
  { NULL, 0, NULL, 0, "Analysis:", 2 },
  { "jobs", 'j', "N", 0, "analyse N files in parallel (default: the online CPUs)", 2 },
  { "dmesg", OPT_DMESG, "LOG", 0,
    "join an initcall_debug boot log (dmesg, journal, syslog or serial console) to the "
    "initcalls", 2 },
  { "sort", OPT_SORT, "ORDER", 0, "text initcall list in 'run' order (default) or by 'time' "
    "(slowest first, with --dmesg)", 1 },
  { "by", OPT_BY, "WHAT", 0, "break init and exit memory down by 'section', 'symbol' or "
    "'file', largest first", 2 },
  { "page-size", OPT_PAGE_SIZE, "BYTES", 0,
    "page size for freed-memory figures (default: per architecture)", 2 },
  { "objects", OPT_OBJECTS, "FILE", 0,
    "read initcall levels an old image does not tell from FILE, its vmlinux.o or built-in.o "
    "(repeatable, in link order; default: a vmlinux.o beside the image)", 2 },
  { "max-decompressed", OPT_MAX_DECOMPRESSED, "BYTES", 0,
    "most a compressed input may decompress to (default 4G; K, M, G suffixes)", 2 },
  { NULL, 0, NULL, 0, "Section-mismatch gate (exit 1 on unsuppressed findings):", 3 },
  { "baseline", OPT_BASELINE, "FILE", 0, "findings whose fingerprint FILE lists are suppressed", 3 },
  { "write-baseline", OPT_WRITE_BASELINE, "FILE", 0,
    "write the fingerprints of all findings to FILE", 3 },
  { "allow", OPT_ALLOW, "FROMSYM:TOSYM", 0,
    "suppress findings from FROMSYM to TOSYM (fnmatch globs; repeatable)", 3 },
  { "warn-only", OPT_WARN_ONLY, NULL, 0, "report findings but exit 0", 3 },
  { "fail-unchecked", OPT_FAIL_UNCHECKED, NULL, 0,
    "exit 1 when an input's section mismatches could not be checked (no relocations)", 3 },
  { "rules", OPT_RULES, "VERSION", 0,
    "apply the mismatch rules of modpost VERSION (6.1, 6.12) whatever the input says", 3 },
  { "extra-warn", OPT_EXTRA_WARN, NULL, 0,
    "also the checks modpost makes only with W=1 (modpost -W)", 3 },
  { "strict", OPT_STRICT, NULL, 0,
    "also references modpost misses (strict-* rules: see the manual)", 3 },
  { NULL, 0, NULL, 0, NULL, 0 },
};

static uint64_t
parse_page_size (const char *arg, struct argp_state *state)
{
  char *end;
  errno = 0;
  unsigned long long v = strtoull (arg, &end, 0);
  if (*end == 'K' || *end == 'k')
    {
      v *= 1024;
      end++;
    }
  if (errno != 0 || *end != '\0' || v < 512 || (v & (v - 1)) != 0 || v > (1ULL << 30))
    argp_error (state, "invalid page size '%s': a power of two from 512 to 1G", arg);
  return v;
}

/* BYTES with an optional K, M or G (powers of 1024) */
static uint64_t
parse_byte_count (const char *arg, struct argp_state *state)
{
  static const char units[] = "KMG";
  char *end;
  errno = 0;
  uint64_t v = strtoull (arg, &end, 10);
  const char *unit = *end != '\0' ? strchr (units, *end) : NULL;
  unsigned shift = unit != NULL ? 10 * (unsigned) (unit - units + 1) : 0;
  if (unit != NULL)
    end++;
  if (errno != 0 || end == arg || *end != '\0' || v == 0 || v > (UINT64_MAX >> shift))
    argp_error (state, "invalid size '%s': a positive number of bytes, K, M or G", arg);
  return v << shift;
}

/* --source-root: DIR as an absolute path without symbolic links, as the
   DWARF paths it is compared with are.  */
static char *
source_root_dir (const char *arg, struct argp_state *state)
{
  char *dir = realpath (arg, NULL);
  struct stat st;
  if (dir == NULL || stat (dir, &st) != 0)
    argp_error (state, "--source-root: %s: %s", arg, strerror (errno));
  else if (!S_ISDIR (st.st_mode))
    argp_error (state, "--source-root: %s: not a directory", arg);
  return dir;
}

static error_t
parse_opt (int key, char *arg, struct argp_state *state)
{
  struct options *o = state->input;
  switch (key)
    {
    case 'f':
      if (strcmp (arg, "text") == 0)
        o->format = FORMAT_TEXT;
      else if (strcmp (arg, "json") == 0)
        o->format = FORMAT_JSON;
      else if (strcmp (arg, "sarif") == 0)
        o->format = FORMAT_SARIF;
      else if (strcmp (arg, "html") == 0)
        o->format = FORMAT_HTML;
      else if (strcmp (arg, "svg") == 0)
        o->format = FORMAT_SVG;
      else
        argp_error (state, "unknown format '%s' (text, json, sarif, html or svg)", arg);
      break;
    case 'o':
      o->output = arg;
      break;
    case 'j':
      {
        char *end;
        unsigned long n = strtoul (arg, &end, 10);
        if (*end != '\0' || n == 0 || n > 1024)
          argp_error (state, "invalid job count '%s': 1 to 1024", arg);
        o->jobs = (unsigned) n;
      }
      break;
    case OPT_NO_SOURCE:
      o->sources = false;
      break;
    case OPT_PAGE_SIZE:
      o->page_size = parse_page_size (arg, state);
      break;
    case OPT_MAX_DECOMPRESSED:
      o->max_decompressed = parse_byte_count (arg, state);
      break;
    case OPT_BASELINE:
      o->baseline = arg;
      break;
    case OPT_WRITE_BASELINE:
      o->write_baseline = arg;
      break;
    case OPT_ALLOW:
      if (strchr (arg, ':') == NULL)
        argp_error (state, "--allow takes FROMSYM:TOSYM, not '%s'", arg);
      *ARRAY_PUSH (o->gate.allow, o->gate.nallow, o->gate.allow_cap) = arg;
      break;
    case OPT_WARN_ONLY:
      o->warn_only = true;
      break;
    case OPT_FAIL_UNCHECKED:
      o->fail_unchecked = true;
      break;
    case OPT_MODPOST_STYLE:
      o->modpost_style = true;
      break;
    case 'q':
      o->quiet = true;
      break;
    case OPT_COLOR:
      if (strcmp (arg, "always") == 0)
        o->color = COLOR_ALWAYS;
      else if (strcmp (arg, "auto") == 0)
        o->color = COLOR_AUTO;
      else if (strcmp (arg, "never") == 0)
        o->color = COLOR_NEVER;
      else
        argp_error (state, "unknown colour mode '%s' (auto, always or never)", arg);
      break;
    case OPT_RULES:
      o->rules = ruleset_named (arg);
      if (o->rules == NULL)
        argp_error (state, "unknown rule set '%s' (%s)", arg, ruleset_names ());
      break;
    case OPT_EXTRA_WARN:
      o->rule_flags |= RULES_EXTRA_WARN;
      break;
    case OPT_STRICT:
      o->rule_flags |= RULES_STRICT;
      break;
    case OPT_OBJECTS:
      *ARRAY_PUSH (o->objects, o->nobjects, o->objects_cap) = arg;
      break;
    case OPT_BY:
      o->by = attrib_by_parse (arg);
      if (o->by == ATTRIB_NONE)
        argp_error (state, "unknown breakdown '%s' (section, symbol or file)", arg);
      break;
    case OPT_SOURCE_ROOT:
      free (o->source_root);
      o->source_root = source_root_dir (arg, state);
      break;
    case OPT_DMESG:
      o->dmesg = arg;
      break;
    case OPT_SORT:
      if (strcmp (arg, "run") != 0 && strcmp (arg, "time") != 0)
        argp_error (state, "unknown order '%s' (run or time)", arg);
      o->sort_by_time = strcmp (arg, "time") == 0;
      break;
    case ARGP_KEY_ARG:
      *ARRAY_PUSH (o->inputs, o->ninputs, o->inputs_cap) = xstrdup (arg);
      break;
    default:
      return ARGP_ERR_UNKNOWN;
    }
  return 0;
}

static const struct argp argp = {
  options, parse_opt, "[FILE|DIR...]\ndiff OLD NEW",
  "List the init machinery of Linux kernel images: init/exit sections, "
  "initcalls in run order with their source, and the init memory freed "
  "after boot.\v"
  "FILE is a linked vmlinux, a relocatable vmlinux.o or built-in .o, or a module "
  "(.ko, .ko.xz, .ko.zst, .ko.gz).  A DIR is searched recursively for such files, "
  "skipping those that are not kernel objects; a kernel build tree is checked as "
  "modpost checks it (vmlinux.o and the modules' objects in modules.order).  "
  "FILE may also be a boot image (bzImage, Image, Image.gz, zImage, vmlinuz).  "
  "Without FILE, the running kernel's image is looked up where distributions "
  "install it, its boot image /boot/vmlinuz-RELEASE last.\n\n"
  "Exit status: 0 clean, 1 findings that fail the gate, 2 usage or input error.",
  NULL, NULL, NULL,
};

/* For the tests (tests/cases/bootimg.sh): INITSCAN_TEST_ROOT=DIR looks for
   the running kernel's image under DIR instead of /.  */
static const char *
lookup_root (void)
{
  const char *root = getenv ("INITSCAN_TEST_ROOT");
  return root != NULL ? root : "";
}

/* Where distributions install the running kernel's unstripped image (the
   manual page, INPUTS), and last its boot image.  */
static const char *const running_kernel_paths[] = {
  "%s/usr/lib/debug/boot/vmlinux-%s",
  "%s/usr/lib/debug/lib/modules/%s/vmlinux",
  "%s/boot/vmlinux-%s",
  "%s/lib/modules/%s/build/vmlinux",
  "%s/boot/vmlinuz-%s",
};

/* The boot image, the last of them, has no ELF symbol table.  */
static void
say_boot_image_fallback (const char *path, const char *release)
{
  error (0, 0, "no debug image of the running kernel (%s) found; reading its boot image %s: "
               "symbols come from its kallsyms table, and section mismatches cannot be checked",
         release, path);
}

static char *
find_running_kernel (void)
{
  struct utsname u;
  if (uname (&u) < 0)
    error (EXIT_INPUT, errno, "uname");
  const char *root = lookup_root ();
  for (size_t i = 0; i < ARRAY_SIZE (running_kernel_paths); i++)
    {
      char *path = xasprintf (running_kernel_paths[i], root, u.release);
      if (access (path, R_OK) == 0)
        {
          if (i == ARRAY_SIZE (running_kernel_paths) - 1)
            say_boot_image_fallback (path, u.release);
          return path;
        }
      free (path);
    }
  error (0, 0, "no FILE given and no image of the running kernel (%s) found in:", u.release);
  for (size_t i = 0; i < ARRAY_SIZE (running_kernel_paths); i++)
    {
      fputs ("  ", stderr);
      fprintf (stderr, running_kernel_paths[i], root, u.release);
      fputc ('\n', stderr);
    }
  fprintf (stderr, "Install the distribution's debug image (Debian: linux-image-%s-dbg) "
                   "or name a vmlinux.\n", u.release);
  exit (EXIT_INPUT);
}

/* A boot log is one kernel's: join it to the first linked image.  -1 if
   there is none.  */
static int
join_boot_log (struct boot_log *boot, struct scan *const *scans, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (scans[i]->file.error == NULL && scans[i]->file.kind == IMAGE_VMLINUX)
      {
        boot_log_join (boot, scans[i]);
        return 0;
      }
  error (0, 0, "--dmesg %s: no linked kernel image among the inputs to join it to",
         boot->path);
  return -1;
}

static bool
boot_log_joined (struct scan *const *scans, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (scans[i]->boot != NULL)
      return true;
  return false;
}

/* The report goes to a terminal: standard output, not -o FILE.  */
static bool
report_to_terminal (const struct options *o)
{
  return o->output == NULL && isatty (STDOUT_FILENO);
}

/* Colour by --color; "auto" on a terminal that is not "dumb", unless
   NO_COLOR is set to anything but "" (no-color.org).  */
static bool
use_color (const struct options *o)
{
  if (o->color != COLOR_AUTO)
    return o->color == COLOR_ALWAYS;
  const char *no_color = getenv ("NO_COLOR");
  const char *term = getenv ("TERM");
  return report_to_terminal (o) && (no_color == NULL || no_color[0] == '\0')
         && (term == NULL || strcmp (term, "dumb") != 0);
}

/* The width text tables fit in: on a terminal, COLUMNS if it is a
   number, else the terminal's (TIOCGWINSZ), else 80; 0 (no limit)
   otherwise, so that files and pipes get every cell in full.  */
static unsigned
report_width (const struct options *o)
{
  if (!report_to_terminal (o))
    return 0;
  const char *columns = getenv ("COLUMNS");
  char *end;
  unsigned long n = columns != NULL ? strtoul (columns, &end, 10) : 0;
  if (columns != NULL && *columns != '\0' && *end == '\0' && n > 0 && n <= 65535)
    return (unsigned) n;
  struct winsize ws;
  if (ioctl (STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
    return ws.ws_col;
  return 80;
}

/* The report to FILE (NULL: standard output), never half-written.  */
static int
write_report (const char *file, enum format format, struct scan *const *scans, size_t n,
              const struct report_options *ropts)
{
  struct output_file out;
  if (format == FORMAT_SVG && !boot_log_joined (scans, n))
    return -1; /* join_boot_log() said why */
  if (output_open (&out, file) < 0)
    return -1;
  if (format == FORMAT_JSON)
    report_json (out.f, scans, n, ropts);
  else if (format == FORMAT_SARIF)
    report_sarif (out.f, scans, n, ropts);
  else if (format == FORMAT_HTML)
    report_html (out.f, scans, n, ropts);
  else if (format == FORMAT_SVG)
    report_svg (out.f, scans, n, ropts);
  else
    report_text (out.f, scans, n, ropts);
  return output_commit (&out);
}

static void free_options (struct options *o);

/* initscan diff OLD NEW: exit 1 when NEW has mismatches OLD had not.  */
static int
run_diff (struct options *o)
{
  if (o->ninputs != 3)
    {
      error (0, 0, "diff takes two files, OLD and NEW");
      free_options (o);
      return EXIT_INPUT;
    }
  if (o->format == FORMAT_SVG)
    {
      error (0, 0, "--format=svg draws a boot timeline: diff has none (text, json or html)");
      free_options (o);
      return EXIT_INPUT;
    }
  if (o->baseline != NULL && gate_read_baseline (&o->gate, o->baseline) < 0)
    {
      free_options (o);
      return EXIT_INPUT;
    }
  struct scan old = { 0 }, new = { 0 };
  struct analysis a = { .page_size = o->page_size, .sources = o->sources, .gate = &o->gate,
                        .rules = o->rules, .rule_flags = o->rule_flags,
                        .decompress_cap = o->max_decompressed };
  int status = EXIT_CLEAN;
  if (analyse_file (&old, o->inputs[1], &a) < 0)
    error (0, 0, "%s: %s", o->inputs[1], old.file.error), status = EXIT_INPUT;
  if (analyse_file (&new, o->inputs[2], &a) < 0)
    error (0, 0, "%s: %s", o->inputs[2], new.file.error), status = EXIT_INPUT;
  struct output_file out;
  if (status == EXIT_CLEAN && output_open (&out, o->output) < 0)
    status = EXIT_INPUT;
  else if (status == EXIT_CLEAN)
    {
      struct diff d;
      diff_compute (&d, &old, &new);
      if (o->format == FORMAT_JSON)
        report_diff_json (out.f, &d);
      else if (o->format == FORMAT_HTML)
        report_diff_html (out.f, &d);
      else
        report_diff_text (out.f, &d);
      bool new_findings = d.new_unsuppressed > 0;
      diff_free (&d);
      if (output_commit (&out) < 0)
        status = EXIT_INPUT;
      else if (new_findings && !o->warn_only)
        status = EXIT_FINDINGS;
    }
  scan_close (&old);
  scan_close (&new);
  free_options (o);
  return status;
}

static void
free_options (struct options *o)
{
  for (size_t i = 0; i < o->ninputs; i++)
    free (o->inputs[i]);
  free (o->inputs);
  free (o->objects);
  free (o->source_root);
  gate_free (&o->gate);
}

static bool
has_unsuppressed (struct scan *const *scans, size_t n)
{
  for (size_t i = 0; i < n; i++)
    {
      const struct scan *f = scan_findings (scans[i]);
      for (size_t j = 0; j < f->nmismatches; j++)
        if (!f->mismatches[j].suppressed)
          return true;
    }
  return false;
}

/* Files a directory walk found that are not kernel objects: closed,
   dropped from SCANS and counted on stderr (not with --quiet).  Returns the images left.  */
static size_t
drop_skipped (struct scan **scans, size_t n, bool quiet)
{
  size_t kept = 0;
  for (size_t i = 0; i < n; i++)
    if (scans[i]->file.skipped)
      {
        scan_close (scans[i]);
        free (scans[i]);
      }
    else
      scans[kept++] = scans[i];
  if (kept < n && !quiet)
    error (0, 0, "%zu file%s skipped: not kernel objects (not ELF, not a kernel image, or no "
                 "init, exit or other kernel sections)",
           n - kept, n - kept == 1 ? "" : "s");
  return kept;
}

/* No silent pass: say which inputs' mismatches could not be checked.
   Returns how many.  */
static size_t
report_unchecked (struct scan *const *scans, size_t n)
{
  size_t unchecked = 0;
  for (size_t i = 0; i < n; i++)
    if (scans[i]->file.error == NULL && !scan_findings (scans[i])->mismatches_checked)
      {
        error (0, 0, "%s: section mismatches not checked: %s", scans[i]->file.path,
               image_unchecked_reason (&scans[i]->file));
        unchecked++;
      }
  return unchecked;
}

int
main (int argc, char **argv)
{
  long cpus = sysconf (_SC_NPROCESSORS_ONLN);
  struct options o = { .format = FORMAT_TEXT, .sources = true,
                       .jobs = cpus > 0 ? (unsigned) cpus : 1 };
  /* One name in every message (error(3) and getopt print the path the
     program was started by).  */
  program_invocation_name = program_invocation_short_name = (char *) "initscan";
  argv[0] = program_invocation_name;
  elf_version (EV_CURRENT);
  argp_err_exit_status = EXIT_INPUT;
  argp_parse (&argp, argc, argv, 0, NULL, &o);
  /* "initscan [OPTION...] diff OLD NEW": two inputs compared (a file named
     "diff" is ./diff) */
  if (o.ninputs > 0 && strcmp (o.inputs[0], "diff") == 0)
    return run_diff (&o);
  if (o.format == FORMAT_SVG && o.dmesg == NULL)
    {
      error (0, 0, "--format=svg draws the boot timeline: it needs --dmesg=LOG");
      free_options (&o);
      return EXIT_INPUT;
    }
  /* the treemap of the HTML report breaks init memory down by section,
     file and symbol: the symbol attribution names all three */
  if (o.format == FORMAT_HTML)
    o.by = ATTRIB_SYMBOL;
  if (o.ninputs == 0)
    *ARRAY_PUSH (o.inputs, o.ninputs, o.inputs_cap) = find_running_kernel ();
  if (o.baseline != NULL && gate_read_baseline (&o.gate, o.baseline) < 0)
    {
      free_options (&o);
      return EXIT_INPUT;
    }

  struct input_list inputs = { 0 };
  int status = EXIT_CLEAN;
  if (inputs_expand (o.inputs, o.ninputs, &inputs) > 0)
    status = EXIT_INPUT;
  struct scan **scans = xcalloc (inputs.n, sizeof *scans);
  struct analysis analysis = { .page_size = o.page_size, .sources = o.sources, .gate = &o.gate,
                               .by = o.by, .rules = o.rules, .rule_flags = o.rule_flags,
                               .decompress_cap = o.max_decompressed,
                               .objects = o.objects, .nobjects = o.nobjects };
  for (size_t i = 0; i < inputs.n; i++)
    scans[i] = xcalloc (1, sizeof *scans[i]);
  bool progress = !o.quiet && isatty (STDERR_FILENO);
  if (analyse_all (scans, inputs.items, inputs.n, &analysis, o.jobs, progress) > 0)
    status = EXIT_INPUT;
  size_t n = drop_skipped (scans, inputs.n, o.quiet);
  if (n == 0 && inputs.n > 0)
    {
      error (0, 0, "no kernel images or modules among the inputs");
      status = EXIT_INPUT;
    }
  for (size_t i = 0; i < n; i++)
    if (scans[i]->file.error != NULL)
      error (0, 0, "%s: %s", scans[i]->file.path, scans[i]->file.error);
  size_t unchecked = report_unchecked (scans, n);
  struct boot_log boot = { 0 };
  if (o.dmesg != NULL)
    {
      if (boot_log_read (&boot, o.dmesg) < 0 || join_boot_log (&boot, scans, n) < 0)
        status = EXIT_INPUT;
    }

  struct report_options ropts = { .sources = o.sources, .modpost_style = o.modpost_style,
                                  .sort_by_time = o.sort_by_time,
                                  .source_root = o.source_root, .quiet = o.quiet,
                                  .color = use_color (&o), .width = report_width (&o) };
  if (write_report (o.output, o.format, scans, n, &ropts) < 0)
    status = EXIT_INPUT;

  if (o.write_baseline != NULL && gate_write_baseline (o.write_baseline, scans, n) < 0)
    status = EXIT_INPUT;
  if (status == EXIT_CLEAN && !o.warn_only && has_unsuppressed (scans, n))
    status = EXIT_FINDINGS;
  if (status == EXIT_CLEAN && o.fail_unchecked && unchecked > 0)
    status = EXIT_FINDINGS;

  for (size_t i = 0; i < n; i++)
    {
      scan_close (scans[i]);
      free (scans[i]);
    }
  free (scans);
  inputs_free (&inputs);
  boot_log_free (&boot);
  free_options (&o);
  return status;
}
