/* Command-line arguments to the files initscan reads.  A file is read as
   named.  A directory is walked depth first in name order, reading the
   files named as kernel images and objects are; a kernel build tree in it
   (or the directory itself) is read as modpost reads it instead, and a
   directory inside a build tree as the modules its modules.order lists.  */
#include "cli/inputs.h"

#include <dirent.h>
#include <errno.h>
#include <error.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/util.h"

/* The names kbuild and distributions give kernel images and objects
   (vmlinuz-RELEASE: the boot images of /boot).  */
static const char *const input_patterns[] = {
  "vmlinux*", "vmlinuz*", "*.o", "*.ko", "*.ko.xz", "*.ko.zst", "*.ko.gz",
};

static bool
is_input_name (const char *name)
{
  for (size_t i = 0; i < ARRAY_SIZE (input_patterns); i++)
    if (fnmatch (input_patterns[i], name, 0) == 0)
      return true;
  return false;
}

static bool
is_regular_file (const char *path)
{
  struct stat st;
  return stat (path, &st) == 0 && S_ISREG (st.st_mode);
}

static bool
dir_has_file (const char *dir, const char *name)
{
  char *path = xasprintf ("%s/%s", dir, name);
  bool found = is_regular_file (path);
  free (path);
  return found;
}

static void
add_input (struct input_list *out, char *path, char *prelink, char *name, bool found)
{
  *ARRAY_PUSH (out->items, out->n, out->cap) = (struct input) { path, prelink, name, found };
}

/* The top of a kernel build tree (or of an external module's, M=DIR):
   a kbuild makefile beside modpost's inputs, vmlinux.o and the
   modules.order that lists the modules (scripts/Makefile.modpost), and
   the .config of the build or the Module.symvers modpost wrote (the
   subdirectories have their own modules.order, but neither).  */
static bool
is_build_tree (const char *dir)
{
  return (dir_has_file (dir, "Makefile") || dir_has_file (dir, "Kbuild"))
         && (dir_has_file (dir, "vmlinux.o") || dir_has_file (dir, "modules.order"))
         && (dir_has_file (dir, ".config") || dir_has_file (dir, "Module.symvers"));
}

/* A linked file and the pre-link object modpost checks for it as NAME;
   the object alone when the link has not been made.  */
static void
add_linked_pair (struct input_list *out, char *linked, char *prelink, char *name)
{
  if (is_regular_file (linked))
    add_input (out, linked, prelink, name, false);
  else
    {
      add_input (out, prelink, NULL, name, false);
      free (linked);
    }
}

/* The module a modules.order line names, without its extension: Linux
   6.1 lists "dir/foo.ko", 6.12 lists "dir/foo.o" (scripts/Makefile.build,
   cmd_modules_order and cmd_gen_order); the linked module is foo.ko either
   way and modpost reads foo.o (6.1's Makefile.modpost turns .ko into .o)
   and calls it "dir/foo".  Lines are relative to the tree's top, or
   absolute (external modules).  */
static bool
strip_module_extension (char *line)
{
  size_t len = strlen (line);
  if (len > 3 && strcmp (line + len - 3, ".ko") == 0)
    len -= 3;
  else if (len > 2 && strcmp (line + len - 2, ".o") == 0)
    len -= 2;
  else
    return false;
  line[len] = '\0';
  return true;
}

/* The file a modules.order LINE of DIR names, with EXT: LINE is relative
   to the tree's top, which is DIR itself or, for a subdirectory's
   modules.order, where LINE starts with SUBDIR/ (DIR's path below the
   top).  */
static char *
module_path (const char *dir, const char *subdir, const char *line, const char *ext)
{
  if (line[0] == '/')
    return xasprintf ("%s%s", line, ext);
  size_t n = subdir != NULL ? strlen (subdir) : 0;
  if (n > 0 && strncmp (line, subdir, n) == 0 && line[n] == '/')
    line += n + 1;
  return xasprintf ("%s/%s%s", dir, line, ext);
}

static size_t
add_modules_order (const char *dir, const char *subdir, struct input_list *out)
{
  char *order = xasprintf ("%s/modules.order", dir);
  FILE *f = fopen (order, "r");
  size_t bad = 0;
  if (f == NULL)
    {
      error (0, errno, "%s", order);
      free (order);
      return 1;
    }
  char *line = NULL;
  size_t cap = 0, lineno = 0;
  ssize_t len;
  while ((len = getline (&line, &cap, f)) > 0)
    {
      lineno++;
      if (line[len - 1] == '\n')
        line[--len] = '\0';
      if (len == 0)
        continue;
      if (!strip_module_extension (line))
        {
          error (0, 0, "%s:%zu: not a module (.o or .ko): %s", order, lineno, line);
          bad = 1;
          continue;
        }
      add_linked_pair (out, module_path (dir, subdir, line, ".ko"),
                       module_path (dir, subdir, line, ".o"), xstrdup (line));
    }
  free (line);
  fclose (f);
  free (order);
  return bad;
}

/* What modpost checks (vmlinux.o and each module's foo.o), paired with
   what the kernel runs (vmlinux, foo.ko): vmlinux first, then the modules
   in modules.order.  */
static size_t
add_build_tree (const char *dir, struct input_list *out)
{
  if (dir_has_file (dir, "vmlinux.o"))
    add_linked_pair (out, xasprintf ("%s/vmlinux", dir), xasprintf ("%s/vmlinux.o", dir),
                     xstrdup ("vmlinux"));
  if (dir_has_file (dir, "modules.order"))
    return add_modules_order (dir, NULL, out);
  return 0;
}

/* DIR's path below the top of the build tree holding it ("drivers/misc"),
   or NULL when no parent directory is a build tree's top.  */
static char *
path_in_build_tree (const char *dir)
{
  char *real = realpath (dir, NULL);
  if (real == NULL)
    return NULL;
  char *parent = xstrdup (real), *rel = NULL, *slash;
  while (rel == NULL && (slash = strrchr (parent, '/')) != NULL && slash != parent)
    {
      *slash = '\0';
      if (is_build_tree (parent))
        rel = xstrdup (real + (slash - parent) + 1);
    }
  free (parent);
  free (real);
  return rel;
}

static int
compare_names (const struct dirent **a, const struct dirent **b)
{
  return strcmp ((*a)->d_name, (*b)->d_name);
}

/* Symbolic links are followed to files, not to directories (no loops).  */
static size_t
walk_directory (const char *dir, struct input_list *out)
{
  if (is_build_tree (dir))
    return add_build_tree (dir, out);
  /* a directory of a build tree: the modules it lists, as from the top */
  if (dir_has_file (dir, "modules.order"))
    {
      char *subdir = path_in_build_tree (dir);
      if (subdir != NULL)
        {
          size_t bad = add_modules_order (dir, subdir, out);
          free (subdir);
          return bad;
        }
    }
  struct dirent **entries;
  int n = scandir (dir, &entries, NULL, compare_names);
  if (n < 0)
    {
      error (0, errno, "%s", dir);
      return 1;
    }
  size_t bad = 0;
  for (int i = 0; i < n; i++)
    {
      const char *name = entries[i]->d_name;
      char *path = xasprintf ("%s/%s", dir, name);
      struct stat st;
      if (strcmp (name, ".") == 0 || strcmp (name, "..") == 0 || lstat (path, &st) < 0)
        free (path);
      else if (S_ISDIR (st.st_mode))
        {
          bad += walk_directory (path, out);
          free (path);
        }
      else if (is_input_name (name) && is_regular_file (path))
        add_input (out, path, NULL, NULL, true);
      else
        free (path);
      free (entries[i]);
    }
  free (entries);
  return bad;
}

size_t
inputs_expand (char *const *args, size_t nargs, struct input_list *out)
{
  size_t bad = 0;
  for (size_t i = 0; i < nargs; i++)
    {
      struct stat st;
      if (stat (args[i], &st) < 0 || !S_ISDIR (st.st_mode))
        {
          add_input (out, xstrdup (args[i]), NULL, NULL, false);
          continue;
        }
      size_t first = out->n, failed = bad;
      bad += walk_directory (args[i], out);
      if (out->n == first && bad == failed)
        {
          error (0, 0, "%s: no kernel images or modules found in this directory",
                   args[i]);
          bad++;
        }
    }
  return bad;
}

void
inputs_free (struct input_list *list)
{
  for (size_t i = 0; i < list->n; i++)
    {
      free (list->items[i].path);
      free (list->items[i].prelink);
      free (list->items[i].name);
    }
  free (list->items);
}
