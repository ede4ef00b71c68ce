/* md-upload-journal.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-upload-journal"

#include "config.h"

#include "md-upload-journal.h"

#include "md-upload-journal-private.h"

/* The uploads of one environment, in SQLite under XDG data. WAL with
 * synchronous=FULL: once a change's callback runs, the change is on disk,
 * so a crash right after never loses a confirmed offset. */
struct _MdUploadJournal
{
  GObject     parent_instance;

  MdDatabase *database;
};

G_DEFINE_FINAL_TYPE (MdUploadJournal, md_upload_journal, G_TYPE_OBJECT)

static Change *
change_new (const char *local_id)
{
  Change *change = g_new0 (Change, 1);

  change->local_id = g_strdup (local_id);
  return change;
}

static void
md_upload_journal_finalize (GObject *object)
{
  MdUploadJournal *self = (MdUploadJournal *) object;

  g_clear_object (&self->database);

  G_OBJECT_CLASS (md_upload_journal_parent_class)->finalize (object);
}

static void
md_upload_journal_class_init (MdUploadJournalClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = md_upload_journal_finalize;
}

static void
md_upload_journal_init (MdUploadJournal *self)
{
}

/**
 * md_upload_journal_dup_default_path:
 *
 * Returns: `$XDG_DATA_HOME/muxdesk/ENVIRONMENT-ID/uploads.db`
 */
char *
md_upload_journal_dup_default_path (const char *environment_id)
{
  g_return_val_if_fail (environment_id != NULL && *environment_id != '\0', NULL);

  return g_build_filename (g_get_user_data_dir (), "muxdesk", environment_id, "uploads.db", NULL);
}

/**
 * md_upload_journal_new:
 *
 * The journal of an environment at its default path. Nothing is opened
 * until the first call.
 */
MdUploadJournal *
md_upload_journal_new (const char *environment_id)
{
  g_autofree char *path = md_upload_journal_dup_default_path (environment_id);

  return md_upload_journal_new_for_path (path);
}

MdUploadJournal *
md_upload_journal_new_for_path (const char *path)
{
  MdUploadJournal *self;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (MD_TYPE_UPLOAD_JOURNAL, NULL);
  /* Not disposable: the journal is the only record of uploads in flight. */
  self->database = md_database_new (path, md_upload_journal_setup_database, FALSE);

  return self;
}

const char *
md_upload_journal_get_path (MdUploadJournal *self)
{
  g_return_val_if_fail (MD_IS_UPLOAD_JOURNAL (self), NULL);

  return md_database_get_path (self->database);
}

/**
 * md_upload_journal_add_async:
 * @record: the upload to queue; file path, size, mtime and fingerprint set
 *   (see md_upload_record_new_for_file_async())
 *
 * Appends an upload at the end of the queue. A %NULL local id gets a new
 * UUID; the created/updated times are set here.
 */
void
md_upload_journal_add_async (MdUploadJournal      *self,
                             const MdUploadRecord *record,
                             GCancellable         *cancellable,
                             GAsyncReadyCallback   callback,
                             gpointer              user_data)
{
  Change *change;

  g_return_if_fail (MD_IS_UPLOAD_JOURNAL (self));
  g_return_if_fail (record != NULL);
  g_return_if_fail (record->file_path != NULL);
  g_return_if_fail (record->fingerprint != NULL);

  change = change_new (NULL);
  change->record = md_upload_record_copy (record);
  if (change->record->local_id == NULL)
    change->record->local_id = g_uuid_string_random ();
  change->record->created_at = change->record->updated_at = g_get_real_time ();
  change->local_id = g_strdup (change->record->local_id);

  md_database_run_async (self->database, self, md_upload_journal_add_async, change,
                         (GDestroyNotify) md_upload_journal_change_free, md_upload_journal_add_job,
                         cancellable, callback, user_data);
}

/**
 * md_upload_journal_add_finish:
 *
 * Returns: (transfer full): the record as stored (local id, position, times)
 */
MdUploadRecord *
md_upload_journal_add_finish (MdUploadJournal  *self,
                              GAsyncResult     *result,
                              GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == md_upload_journal_add_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * md_upload_journal_set_upload_async:
 *
 * Records the direct upload created for @local_id and resets its
 * confirmed offset to 0 (a new upload starts over).
 */
void
md_upload_journal_set_upload_async (MdUploadJournal     *self,
                                    const char          *local_id,
                                    const char          *upload_id,
                                    const char          *upload_url,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  Change *change;

  g_return_if_fail (MD_IS_UPLOAD_JOURNAL (self));
  g_return_if_fail (local_id != NULL);
  g_return_if_fail (upload_id != NULL);
  g_return_if_fail (upload_url != NULL);

  change = change_new (local_id);
  change->text1 = g_strdup (upload_id);
  change->text2 = g_strdup (upload_url);
  md_database_run_async (self->database, self, md_upload_journal_set_upload_async, change,
                         (GDestroyNotify) md_upload_journal_change_free, md_upload_journal_set_upload_job,
                         cancellable, callback, user_data);
}

/**
 * md_upload_journal_update_offset_async:
 * @confirmed_offset: bytes the server confirmed (its 308 `Range`)
 *
 * Durable when the callback runs: the row is synced to disk.
 */
void
md_upload_journal_update_offset_async (MdUploadJournal     *self,
                                       const char          *local_id,
                                       guint64              confirmed_offset,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  Change *change;

  g_return_if_fail (MD_IS_UPLOAD_JOURNAL (self));
  g_return_if_fail (local_id != NULL);
  g_return_if_fail (confirmed_offset <= G_MAXINT64);

  change = change_new (local_id);
  change->number = confirmed_offset;
  md_database_run_async (self->database, self, md_upload_journal_update_offset_async, change,
                         (GDestroyNotify) md_upload_journal_change_free, md_upload_journal_update_offset_job,
                         cancellable, callback, user_data);
}

/**
 * md_upload_journal_set_state_async:
 * @error_message: (nullable): why it failed; %NULL clears the message
 */
void
md_upload_journal_set_state_async (MdUploadJournal     *self,
                                   const char          *local_id,
                                   MdUploadState        state,
                                   const char          *error_message,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  Change *change;

  g_return_if_fail (MD_IS_UPLOAD_JOURNAL (self));
  g_return_if_fail (local_id != NULL);
  g_return_if_fail (state <= MD_UPLOAD_STATE_CANCELLED);

  change = change_new (local_id);
  change->state = state;
  change->text1 = g_strdup (error_message);
  md_database_run_async (self->database, self, md_upload_journal_set_state_async, change,
                         (GDestroyNotify) md_upload_journal_change_free, md_upload_journal_set_state_job,
                         cancellable, callback, user_data);
}

void
md_upload_journal_set_asset_id_async (MdUploadJournal     *self,
                                      const char          *local_id,
                                      const char          *asset_id,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  Change *change;

  g_return_if_fail (MD_IS_UPLOAD_JOURNAL (self));
  g_return_if_fail (local_id != NULL);

  change = change_new (local_id);
  change->text1 = g_strdup (asset_id);
  md_database_run_async (self->database, self, md_upload_journal_set_asset_id_async, change,
                         (GDestroyNotify) md_upload_journal_change_free, md_upload_journal_set_asset_id_job,
                         cancellable, callback, user_data);
}

/**
 * md_upload_journal_move_async:
 * @new_position: where it goes, 0 first; past the end means last
 *
 * Moves an upload within the queue; the others keep their order.
 */
void
md_upload_journal_move_async (MdUploadJournal     *self,
                              const char          *local_id,
                              guint                new_position,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  Change *change;

  g_return_if_fail (MD_IS_UPLOAD_JOURNAL (self));
  g_return_if_fail (local_id != NULL);

  change = change_new (local_id);
  change->number = new_position;
  md_database_run_async (self->database, self, md_upload_journal_move_async, change,
                         (GDestroyNotify) md_upload_journal_change_free, md_upload_journal_move_job,
                         cancellable, callback, user_data);
}

void
md_upload_journal_remove_async (MdUploadJournal     *self,
                                const char          *local_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (MD_IS_UPLOAD_JOURNAL (self));
  g_return_if_fail (local_id != NULL);

  md_database_run_async (self->database, self, md_upload_journal_remove_async, change_new (local_id),
                         (GDestroyNotify) md_upload_journal_change_free, md_upload_journal_remove_job,
                         cancellable, callback, user_data);
}

/**
 * md_upload_journal_change_finish:
 *
 * Finishes set_upload, update_offset, set_state, set_asset_id, move and
 * remove. An unknown local id fails with %G_IO_ERROR_NOT_FOUND.
 */
gboolean
md_upload_journal_change_finish (MdUploadJournal  *self,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
md_upload_journal_list_async (MdUploadJournal     *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (MD_IS_UPLOAD_JOURNAL (self));

  md_database_run_async (self->database, self, md_upload_journal_list_async, change_new (NULL),
                         (GDestroyNotify) md_upload_journal_change_free, md_upload_journal_list_job,
                         cancellable, callback, user_data);
}

/**
 * md_upload_journal_list_finish:
 *
 * Returns: (transfer container) (element-type MdUploadRecord): the uploads
 *   in queue order
 */
GPtrArray *
md_upload_journal_list_finish (MdUploadJournal  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == md_upload_journal_list_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
