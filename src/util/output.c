/* Atomic output files: written to a temporary file in the target's
   directory (rename(2) replaces within one file system only), flushed to
   disk, then renamed over the target, so that a reader, or a failure
   half-way (a full disk, a file size limit), never sees a partial file.  */
#include "util/output.h"

#include <errno.h>
#include <error.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/util.h"

static int
fail (const struct output_file *o, int err)
{
  error (0, err, "cannot write %s", o->path != NULL ? o->path : "standard output");
  return -1;
}

/* The file to replace: PATH, where its symbolic links lead (a link itself
   is not replaced).  NULL when PATH is there but not a regular file (a
   device, a FIFO, /dev/stdout), or a dangling link: those are written
   directly.  */
static char *
replaceable_target (const char *path, struct stat *st, bool *exists)
{
  struct stat link;
  *exists = stat (path, st) == 0;
  if (*exists)
    return S_ISREG (st->st_mode) ? realpath (path, NULL) : NULL;
  if (errno == ENOENT && lstat (path, &link) < 0)
    return xstrdup (path); /* nothing there yet */
  return NULL;
}

/* The permissions a new file would get: 0666 less the umask (read by
   setting it, which only this thread does while no file is created).  */
static mode_t
new_file_mode (void)
{
  mode_t mask = umask (022);
  umask (mask);
  return 0666 & ~mask;
}

static void
forget_files (struct output_file *o)
{
  free (o->tmp);
  free (o->target);
  o->tmp = o->target = NULL;
}

static int
open_temporary (struct output_file *o, const struct stat *st, bool exists)
{
  const char *slash = strrchr (o->target, '/');
  o->tmp = slash != NULL ? xasprintf ("%.*s/.%s.XXXXXX", (int) (slash - o->target), o->target,
                                      slash + 1)
                         : xasprintf (".%s.XXXXXX", o->target);
  int fd = mkstemp (o->tmp);
  if (fd < 0 || fchmod (fd, exists ? st->st_mode & 07777 : new_file_mode ()) < 0
      || (o->f = fdopen (fd, "w")) == NULL)
    {
      int err = errno;
      if (fd >= 0)
        {
          close (fd);
          unlink (o->tmp);
        }
      forget_files (o);
      return fail (o, err);
    }
  return 0;
}

int
output_open (struct output_file *o, const char *path)
{
  *o = (struct output_file) { .path = path };
  if (path == NULL)
    {
      o->f = stdout;
      return 0;
    }
  struct stat st;
  bool exists;
  o->target = replaceable_target (path, &st, &exists);
  if (o->target != NULL)
    return open_temporary (o, &st, exists);
  o->f = fopen (path, "w");
  return o->f != NULL ? 0 : fail (o, errno);
}

/* Everything written reached the file (or the disk, for a temporary).  */
static int
flush_all (struct output_file *o)
{
  errno = 0;
  bool bad = fflush (o->f) != 0 || ferror (o->f) || (o->tmp != NULL && fsync (fileno (o->f)) < 0);
  int err = errno != 0 ? errno : EIO;
  if (o->f != stdout && fclose (o->f) != 0 && !bad)
    bad = true, err = errno;
  o->f = NULL;
  return bad ? err : 0;
}

int
output_commit (struct output_file *o)
{
  int err = flush_all (o);
  if (err == 0 && o->tmp != NULL && rename (o->tmp, o->target) < 0)
    err = errno;
  if (err != 0 && o->tmp != NULL)
    unlink (o->tmp);
  forget_files (o);
  return err != 0 ? fail (o, err) : 0;
}
