/* md-upload-fingerprint.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What tells whether a file is still the one whose first bytes were sent:
 * its size, its modification time and a fingerprint of its first and last
 * MiB. The journal keeps them across runs (md-upload-file.c in src/store);
 * MdUploadTask checks them before it resumes and before every chunk, so an
 * upload never mixes two versions of a file.
 */

#define G_LOG_DOMAIN "md-upload-fingerprint"

#include "config.h"

#include "md-upload-fingerprint.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <sys/stat.h>
#include <unistd.h>

#include "md-upload-transfer.h"

static gboolean
read_span (int            fd,
           guint64        offset,
           gsize          length,
           GChecksum     *checksum,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autofree guchar *buffer = g_malloc (MIN (length, 64 * 1024));

  while (length > 0)
    {
      gssize n;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      do
        n = pread (fd, buffer, MIN (length, 64 * 1024), (off_t) offset);
      while (n < 0 && errno == EINTR);

      if (n < 0)
        {
          int saved_errno = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("Could not read the file: %s"), g_strerror (saved_errno));
          return FALSE;
        }
      if (n == 0)
        {
          g_set_error_literal (error, MD_UPLOAD_ERROR, MD_UPLOAD_ERROR_FILE_CHANGED,
                               _("The file became shorter while it was read."));
          return FALSE;
        }

      g_checksum_update (checksum, buffer, n);
      offset += n;
      length -= n;
    }

  return TRUE;
}

/**
 * md_upload_fingerprint_fd:
 * @fd: the file, open for reading
 * @size: its size
 *
 * SHA-256 over the first and the last MiB (the whole file when smaller
 * than two): cheap for a 100 GiB file, and catches a re-encode or an
 * appended tail. Blocks: call it from a worker thread.
 *
 * Returns: "sha256:" and 64 hex digits, or %NULL with @error set
 */
char *
md_upload_fingerprint_fd (int            fd,
                          guint64        size,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  gboolean ok;

  g_return_val_if_fail (fd >= 0, NULL);

  if (size <= 2 * MD_UPLOAD_FINGERPRINT_SPAN)
    ok = read_span (fd, 0, size, checksum, cancellable, error);
  else
    ok = read_span (fd, 0, MD_UPLOAD_FINGERPRINT_SPAN, checksum, cancellable, error) &&
         read_span (fd, size - MD_UPLOAD_FINGERPRINT_SPAN, MD_UPLOAD_FINGERPRINT_SPAN,
                    checksum, cancellable, error);
  if (!ok)
    return NULL;

  return g_strconcat ("sha256:", g_checksum_get_string (checksum), NULL);
}

/**
 * md_upload_file_stat:
 * @fd: an open file
 * @out_size: (out): its size
 * @out_mtime_usec: (out): its modification time, µs since the epoch (as
 *   GIO's time::modified and time::modified-usec give it)
 *
 * Returns: whether the file could be looked at
 */
gboolean
md_upload_file_stat (int       fd,
                     guint64  *out_size,
                     gint64   *out_mtime_usec,
                     GError  **error)
{
  struct stat st;

  if (fstat (fd, &st) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not look at the file: %s"), g_strerror (saved_errno));
      return FALSE;
    }

  *out_size = (guint64) st.st_size;
  *out_mtime_usec = (gint64) st.st_mtim.tv_sec * G_USEC_PER_SEC + st.st_mtim.tv_nsec / 1000;
  return TRUE;
}

/**
 * md_upload_file_is_unchanged:
 * @fd: the file being uploaded
 * @size: the size it had when the upload began
 * @mtime_usec: its modification time then
 *
 * A write changes the modification time before its bytes can be read, so a
 * read followed by this check never hands on bytes of a newer version.
 *
 * Returns: %TRUE when size and time are the same; else %FALSE with
 *   %MD_UPLOAD_ERROR_FILE_CHANGED
 */
gboolean
md_upload_file_is_unchanged (int       fd,
                             guint64   size,
                             gint64    mtime_usec,
                             GError  **error)
{
  guint64 now_size;
  gint64 now_mtime;

  if (!md_upload_file_stat (fd, &now_size, &now_mtime, error))
    return FALSE;

  if (now_size != size || now_mtime != mtime_usec)
    {
      g_set_error_literal (error, MD_UPLOAD_ERROR, MD_UPLOAD_ERROR_FILE_CHANGED,
                           _("The file changed while it was uploaded."));
      return FALSE;
    }
  return TRUE;
}

/**
 * md_upload_unreadable_error_new:
 * @path: the file
 * @code: what went wrong, as a #GIOErrorEnum (g_io_error_from_errno() or a
 *   GIO error's code)
 *
 * Says in our own words why a file cannot be uploaded because it cannot be
 * read, instead of the system's or GIO's raw text.
 *
 * Returns: (transfer full): a %G_IO_ERROR with @code
 */
GError *
md_upload_unreadable_error_new (const char *path,
                                int         code)
{
  g_autofree char *name = g_filename_display_basename (path);
  g_autofree char *shown = g_filename_display_name (path);

  switch (code)
    {
    case G_IO_ERROR_PERMISSION_DENIED:
      return g_error_new (G_IO_ERROR, code,
                          _("You are not allowed to read “%s”. Check the file’s permissions, or copy it "
                            "somewhere you can read it and upload the copy."), name);
    case G_IO_ERROR_NOT_DIRECTORY:
      return g_error_new (G_IO_ERROR, code,
                          _("“%s” cannot be opened: a part of its path is a file, not a folder."), shown);
    case G_IO_ERROR_NOT_FOUND:
      return g_error_new (G_IO_ERROR, code, _("“%s” is gone: it was moved or deleted."), shown);
    case G_IO_ERROR_IS_DIRECTORY:
    case G_IO_ERROR_NOT_REGULAR_FILE:
      return g_error_new (G_IO_ERROR, code, _("“%s” is not a file: only files can be uploaded."), name);
    default:
      return g_error_new (G_IO_ERROR, code,
                          _("“%s” cannot be read. Check that its disk is still connected and that you "
                            "may read the file."), name);
    }
}
