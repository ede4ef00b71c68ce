/* md-upload-file.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-upload-file"

#include "config.h"

#include "md-upload-file.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "md-upload-fingerprint.h"
#include "md-upload-transfer.h"

/* What a file looked like: enough to tell whether it is still the file
 * whose first bytes were sent, without reading it all. */
typedef struct
{
  guint64  size;
  gint64   mtime_usec;
  char    *fingerprint;
} FileState;

G_DEFINE_QUARK (md-upload-file-error-quark, md_upload_file_error)

#define QUERY_ATTRIBUTES \
  G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE "," \
  G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME "," \
  G_FILE_ATTRIBUTE_TIME_MODIFIED "," G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC

/* The fingerprint (md-upload-fingerprint.c) of the file at @path. */
static char *
fingerprint_file (const char    *path,
                  guint64        size,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  char *fingerprint;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      g_propagate_error (error, md_upload_unreadable_error_new (path, g_io_error_from_errno (errno)));
      return NULL;
    }

  fingerprint = md_upload_fingerprint_fd (fd, size, cancellable, &local_error);
  close (fd);
  if (g_error_matches (local_error, MD_UPLOAD_ERROR, MD_UPLOAD_ERROR_FILE_CHANGED))
    g_set_error_literal (error, MD_UPLOAD_FILE_ERROR, MD_UPLOAD_FILE_ERROR_CHANGED, local_error->message);
  else if (local_error != NULL && local_error->domain == G_IO_ERROR && local_error->code != G_IO_ERROR_CANCELLED)
    g_propagate_error (error, md_upload_unreadable_error_new (path, local_error->code));
  else if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));

  return fingerprint;
}

static gboolean
inspect_file (const char    *path,
              gboolean       want_fingerprint,
              FileState     *out_state,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;

  info = g_file_query_info (file, QUERY_ATTRIBUTES, G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
  if (info == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_set_error (error, MD_UPLOAD_FILE_ERROR, MD_UPLOAD_FILE_ERROR_VANISHED,
                     _("“%s” is gone: it was moved or deleted."), path);
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || local_error->domain != G_IO_ERROR)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_propagate_error (error, md_upload_unreadable_error_new (path, local_error->code));
      return FALSE;
    }

  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, MD_UPLOAD_FILE_ERROR, MD_UPLOAD_FILE_ERROR_NOT_REGULAR,
                   _("“%s” is not a file: only files can be uploaded."),
                   g_file_info_get_display_name (info));
      return FALSE;
    }

  out_state->size = g_file_info_get_size (info);
  out_state->mtime_usec =
    g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED) * G_USEC_PER_SEC +
    g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC);

  if (want_fingerprint)
    {
      out_state->fingerprint = fingerprint_file (path, out_state->size, cancellable, error);
      if (out_state->fingerprint == NULL)
        return FALSE;
    }

  return TRUE;
}

static void
fingerprint_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  FileState state = { 0, };
  GError *error = NULL;

  if (inspect_file (task_data, TRUE, &state, cancellable, &error))
    g_task_return_pointer (task, state.fingerprint, g_free);
  else
    g_task_return_error (task, error);
}

/**
 * md_upload_fingerprint_file_async:
 *
 * Computes the fingerprint of a file ("sha256:" and 64 hex digits) over
 * its first and last MiB, in a worker thread.
 */
void
md_upload_fingerprint_file_async (const char          *path,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, md_upload_fingerprint_file_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, fingerprint_thread);
}

char *
md_upload_fingerprint_file_finish (GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == md_upload_fingerprint_file_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
new_record_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  const char *path = task_data;
  FileState state = { 0, };
  GError *error = NULL;
  MdUploadRecord *record;

  if (!inspect_file (path, FALSE, &state, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (state.size == 0)
    {
      g_autofree char *name = g_filename_display_basename (path);

      g_task_return_new_error (task, MD_UPLOAD_FILE_ERROR, MD_UPLOAD_FILE_ERROR_EMPTY,
                               _("“%s” is empty: there is nothing to upload."), name);
      return;
    }

  if (!inspect_file (path, TRUE, &state, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  record = md_upload_record_new ();
  record->file_path = g_strdup (path);
  record->file_size = state.size;
  record->file_mtime_usec = state.mtime_usec;
  record->fingerprint = state.fingerprint;
  record->state = MD_UPLOAD_STATE_QUEUED;
  g_task_return_pointer (task, record, (GDestroyNotify) md_upload_record_free);
}

/**
 * md_upload_record_new_for_file_async:
 *
 * Describes a file for the journal: path, size, modification time and
 * fingerprint, in state queued. Folders, empty and unreadable files fail
 * with a message that says so.
 */
void
md_upload_record_new_for_file_async (const char          *path,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, md_upload_record_new_for_file_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, new_record_thread);
}

MdUploadRecord *
md_upload_record_new_for_file_finish (GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == md_upload_record_new_for_file_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  const MdUploadRecord *record = task_data;
  g_autofree char *name = g_filename_display_basename (record->file_path);
  FileState state = { 0, };
  GError *error = NULL;

  if (!inspect_file (record->file_path, FALSE, &state, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* Size and time first: they cost nothing and catch most edits. */
  if (state.size != record->file_size || state.mtime_usec != record->file_mtime_usec ||
      !inspect_file (record->file_path, TRUE, &state, cancellable, &error) ||
      g_strcmp0 (state.fingerprint, record->fingerprint) != 0)
    {
      g_free (state.fingerprint);
      if (error != NULL && !g_error_matches (error, MD_UPLOAD_FILE_ERROR, MD_UPLOAD_FILE_ERROR_CHANGED))
        {
          g_task_return_error (task, error);
          return;
        }
      g_clear_error (&error);
      g_task_return_new_error (task, MD_UPLOAD_FILE_ERROR, MD_UPLOAD_FILE_ERROR_CHANGED,
                               _("“%s” changed since its upload started, so it cannot be resumed: "
                                 "upload it again as a new file."), name);
      return;
    }

  g_free (state.fingerprint);
  g_task_return_boolean (task, TRUE);
}

/**
 * md_upload_file_check_async:
 * @record: an upload from the journal
 *
 * Checks that the file on disk is still the one being uploaded (size,
 * modification time, fingerprint), so a resumed upload never sends mixed
 * data. Fails with %MD_UPLOAD_FILE_ERROR_VANISHED or
 * %MD_UPLOAD_FILE_ERROR_CHANGED.
 */
void
md_upload_file_check_async (const MdUploadRecord *record,
                            GCancellable         *cancellable,
                            GAsyncReadyCallback   callback,
                            gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (record != NULL);
  g_return_if_fail (record->file_path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, md_upload_file_check_async);
  g_task_set_task_data (task, md_upload_record_copy (record), (GDestroyNotify) md_upload_record_free);
  g_task_run_in_thread (task, check_thread);
}

gboolean
md_upload_file_check_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == md_upload_file_check_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
