/* libFuzzer target: the whole analysis of one file or build tree, with
   the options that change it, and every report format, on arbitrary
   bytes.  Built by "make fuzz".  An input is

     [opt:X] (tree:PART... | xz:BYTES | gz:BYTES | zst:BYTES | BYTES)

   "opt:" and the byte X after it choose the options (choose_options());
   without it the command line's defaults apply, so that any ELF file is
   a seed as it is.

   "xz:", "gz:" and "zst:": the rest is compressed in that format first,
   so that the decompression and the analysis of what it yields are
   fuzzed together (mutated compressed bytes rarely get past the format's
   checksums; the fixtures' .ko.xz, .ko.gz and .ko.zst seed those
   mutations).

   "tree:": the rest, split at TREE_SEPARATOR, is written as the files of
   tree_files[] (an empty part: no such file) into a new temporary
   directory, which is expanded as a command-line argument (build-tree
   detection, modules.order) and each input analysed as the command line
   does.  The directory is removed after every run.  */

#include <libelf.h>
#include <stdbool.h>
#include <lzma.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#define ZLIB_CONST /* next_in is a pointer to const */
#include <zlib.h>
#include <zstd.h>

#include "analysis/analyse.h"
#include "analysis/rules.h"
#include "analysis/scan.h"
#include "cli/inputs.h"
#include "report/report.h"
#include "util/util.h"

/* What a compressed fuzz input may decompress to: bombs are found fast.  */
#define FUZZ_DECOMPRESS_CAP (16u << 20)

static size_t
wrap_xz (const uint8_t *in, size_t len, uint8_t *out, size_t cap)
{
  size_t pos = 0;
  return lzma_easy_buffer_encode (0, LZMA_CHECK_CRC32, NULL, in, len, out, &pos, cap) == LZMA_OK
             ? pos
             : 0;
}

static size_t
wrap_gz (const uint8_t *in, size_t len, uint8_t *out, size_t cap)
{
  z_stream z = { 0 };
  size_t n = 0;
  /* window bits 15 + 16: gzip framing, as .ko.gz */
  if (deflateInit2 (&z, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    return 0;
  z.next_in = in, z.avail_in = (uInt) len;
  z.next_out = out, z.avail_out = (uInt) cap;
  if (deflate (&z, Z_FINISH) == Z_STREAM_END)
    n = z.total_out;
  deflateEnd (&z);
  return n;
}

static size_t
wrap_zst (const uint8_t *in, size_t len, uint8_t *out, size_t cap)
{
  size_t n = ZSTD_compress (out, cap, in, len, 1);
  return ZSTD_isError (n) ? 0 : n;
}

static const struct
{
  const char *tag;
  size_t (*wrap) (const uint8_t *in, size_t len, uint8_t *out, size_t cap);
} wrappers[] = {
  { "xz:", wrap_xz },
  { "gz:", wrap_gz },
  { "zst:", wrap_zst },
};

/* The bytes to analyse: DATA, or its tail compressed (malloc'ed in
   *OWNED).  */
static const uint8_t *
file_bytes (const uint8_t *data, size_t *size, uint8_t **owned)
{
  *owned = NULL;
  for (size_t i = 0; i < ARRAY_SIZE (wrappers); i++)
    {
      size_t tag = strlen (wrappers[i].tag);
      if (*size < tag || memcmp (data, wrappers[i].tag, tag) != 0)
        continue;
      size_t cap = *size * 2 + 1024;
      *owned = malloc (cap);
      if (*owned == NULL)
        return NULL;
      *size = wrappers[i].wrap (data + tag, *size - tag, *owned, cap);
      return *size != 0 ? *owned : NULL;
    }
  return data;
}

/* Whether DATA starts with TAG; if so, it is consumed.  */
static bool
take_tag (const uint8_t **data, size_t *size, const char *tag)
{
  size_t n = strlen (tag);
  if (*size < n || memcmp (*data, tag, n) != 0)
    return false;
  *data += n, *size -= n;
  return true;
}

/* The N-th (modulo their number) rule set of ruleset_names().  */
static const struct ruleset *
nth_ruleset (unsigned n)
{
  char *names = xstrdup (ruleset_names ()), *save, *name;
  char **list = NULL;
  size_t count = 0, cap = 0;
  for (name = strtok_r (names, ", ", &save); name != NULL; name = strtok_r (NULL, ", ", &save))
    *ARRAY_PUSH (list, count, cap) = name;
  const struct ruleset *rs = ruleset_named (list[n % count]);
  free (list);
  free (names);
  return rs;
}

/* --by values.  */
static const enum attrib_by by_values[] = { ATTRIB_NONE, ATTRIB_SECTION, ATTRIB_SYMBOL,
                                            ATTRIB_FILE };

/* The options byte X: bits 0-1 --rules (0: by the image, else the
   (X & 3)-th set), bit 2 --extra-warn, bit 3 --strict, bits 4-5 --by,
   bit 6 --no-sources, bit 7 --modpost-style.  */
static void
choose_options (uint8_t x, struct analysis *a, struct report_options *ro)
{
  a->rules = (x & 3) != 0 ? nth_ruleset ((x & 3) - 1u) : NULL;
  a->rule_flags = ((x & 4) ? RULES_EXTRA_WARN : 0) | ((x & 8) ? RULES_STRICT : 0);
  a->by = by_values[(x >> 4) & 3];
  a->sources = ro->sources = !(x & 64);
  ro->modpost_style = (x & 128) != 0;
}

static void
report_all (struct scan *const *scans, size_t n, const struct report_options *ro)
{
  static FILE *sink;
  if (sink == NULL)
    sink = fopen ("/dev/null", "w");
  report_text (sink, scans, n, ro);
  /* as on a narrow colour terminal, and --quiet */
  struct report_options tty = *ro;
  tty.color = true;
  tty.width = 40;
  report_text (sink, scans, n, &tty);
  tty.quiet = true;
  report_text (sink, scans, n, &tty);
  report_json (sink, scans, n, ro);
  report_sarif (sink, scans, n, ro);
  report_html (sink, scans, n, ro);
}

/* One file: DATA, decompressed when tagged.  */
static void
fuzz_file (const uint8_t *data, size_t size, const struct analysis *a,
           const struct report_options *ro)
{
  uint8_t *owned;
  const uint8_t *bytes = file_bytes (data, &size, &owned);
  int fd = bytes != NULL ? memfd_create ("fuzz", MFD_CLOEXEC) : -1;
  if (fd < 0 || write (fd, bytes, size) != (ssize_t) size)
    {
      if (fd >= 0)
        close (fd);
      free (owned);
      return;
    }
  free (owned);
  char path[64];
  snprintf (path, sizeof path, "/proc/self/fd/%d", fd);
  struct scan sc = { 0 };
  struct scan *scans[] = { &sc };
  analyse_file (&sc, path, a);
  report_all (scans, 1, ro);
  scan_close (&sc);
  close (fd);
}

/* What the parts of a "tree:" input become, in order: what makes a
   directory a build tree (inputs.c, is_build_tree()), the list of its
   modules, and the objects a module line "m.ko" or "m.o" names.  */
static const char *const tree_files[] = {
  "Makefile", "Kbuild", ".config", "Module.symvers", "modules.order",
  "vmlinux.o", "vmlinux", "m.o", "m.ko",
};
#define TREE_SEPARATOR "\n--8<--\n"

/* A modules.order line may name any file, absolute or through "..":
   only lines naming files inside the tree are kept, so that the fuzzer
   reads nothing else on the machine.  */
static void
write_modules_order (FILE *f, const uint8_t *part, size_t len)
{
  const char *p = (const char *) part, *end = p + len;
  while (p < end)
    {
      const char *nl = memchr (p, '\n', (size_t) (end - p));
      size_t n = (nl != NULL ? nl : end) - p;
      if (n > 0 && p[0] != '/' && memmem (p, n, "..", 2) == NULL)
        fprintf (f, "%.*s\n", (int) n, p);
      p += n + 1;
    }
}

static bool
write_tree_file (const char *dir, const char *name, const uint8_t *part, size_t len)
{
  char *path = xasprintf ("%s/%s", dir, name);
  FILE *f = fopen (path, "w");
  free (path);
  if (f == NULL)
    return false;
  if (strcmp (name, "modules.order") == 0)
    write_modules_order (f, part, len);
  else
    fwrite (part, 1, len, f);
  return fclose (f) == 0;
}

/* DATA's parts as the files of DIR; false if one cannot be written.  */
static bool
write_tree (const char *dir, const uint8_t *data, size_t size)
{
  const uint8_t *end = data + size;
  for (size_t i = 0; i < ARRAY_SIZE (tree_files) && data <= end; i++)
    {
      const uint8_t *sep = memmem (data, (size_t) (end - data), TREE_SEPARATOR,
                                   strlen (TREE_SEPARATOR));
      size_t len = (sep != NULL ? sep : end) - data;
      if (len > 0 && !write_tree_file (dir, tree_files[i], data, len))
        return false;
      data += len + strlen (TREE_SEPARATOR);
    }
  return true;
}

static void
remove_tree (char *dir)
{
  for (size_t i = 0; i < ARRAY_SIZE (tree_files); i++)
    {
      char *path = xasprintf ("%s/%s", dir, tree_files[i]);
      unlink (path);
      free (path);
    }
  rmdir (dir);
}

/* A build tree: DATA's parts written into a temporary directory, which
   is read as the command line reads a directory argument.  */
static void
fuzz_tree (const uint8_t *data, size_t size, const struct analysis *a,
           const struct report_options *ro)
{
  const char *tmp = getenv ("TMPDIR");
  char *dir = xasprintf ("%s/initscan-fuzz-XXXXXX", tmp != NULL ? tmp : "/tmp");
  if (mkdtemp (dir) == NULL)
    {
      free (dir);
      return;
    }
  if (write_tree (dir, data, size))
    {
      struct input_list inputs = { 0 };
      inputs_expand (&dir, 1, &inputs);
      struct scan **scans = xcalloc (inputs.n, sizeof *scans);
      size_t n = 0;
      for (size_t i = 0; i < inputs.n; i++)
        {
          struct scan *sc = xcalloc (1, sizeof *sc);
          analyse_input (sc, &inputs.items[i], a);
          if (sc->file.skipped)
            scan_close (sc), free (sc);
          else
            scans[n++] = sc;
        }
      report_all (scans, n, ro);
      for (size_t i = 0; i < n; i++)
        scan_close (scans[i]), free (scans[i]);
      free (scans);
      inputs_free (&inputs);
    }
  remove_tree (dir);
  free (dir);
}

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size); /* libFuzzer's entry */

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static bool initialised;
  if (!initialised)
    elf_version (EV_CURRENT), initialised = true;
  struct analysis a = { .sources = true, .decompress_cap = FUZZ_DECOMPRESS_CAP };
  struct report_options ro = { .sources = true };
  if (take_tag (&data, &size, "opt:"))
    {
      if (size == 0)
        return 0;
      choose_options (data[0], &a, &ro);
      data++, size--;
    }
  if (take_tag (&data, &size, "tree:"))
    fuzz_tree (data, size, &a, &ro);
  else
    fuzz_file (data, size, &a, &ro);
  return 0;
}
