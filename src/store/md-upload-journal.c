/* md-upload-journal.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-upload-journal"

#include "config.h"

#include "md-upload-journal.h"

#include <glib/gi18n.h>

#include "md-database.h"

/* The uploads of one environment, in SQLite under XDG data. WAL with
 * synchronous=FULL: once a change's callback runs, the change is on disk,
 * so a crash right after never loses a confirmed offset. */
struct _MdUploadJournal
{
  GObject     parent_instance;

  char       *path;
  MdDatabase *database;
};

/* What one change needs; the fields a job does not use stay empty. */
typedef struct
{
  char           *local_id;
  char           *text1;
  char           *text2;
  guint64         number;
  MdUploadState   state;
  MdUploadRecord *record;
} Change;

G_DEFINE_FINAL_TYPE (MdUploadJournal, md_upload_journal, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define RECORD_COLUMNS \
  "local_id, upload_id, upload_url, file_path, file_size, file_mtime_usec, fingerprint, " \
  "confirmed_offset, state, title, settings_json, asset_id, error_message, " \
  "created_at, updated_at, position"

static void
change_free (Change *change)
{
  g_free (change->local_id);
  g_free (change->text1);
  g_free (change->text2);
  g_clear_pointer (&change->record, md_upload_record_free);
  g_free (change);
}

static gboolean
setup_database (sqlite3  *db,
                GError  **error)
{
  return md_database_exec (db,
                           "PRAGMA journal_mode=WAL;"
                           "PRAGMA synchronous=FULL;"
                           "CREATE TABLE IF NOT EXISTS uploads ("
                           "  local_id TEXT PRIMARY KEY NOT NULL,"
                           "  upload_id TEXT,"
                           "  upload_url TEXT,"
                           "  file_path TEXT NOT NULL,"
                           "  file_size INTEGER NOT NULL,"
                           "  file_mtime_usec INTEGER NOT NULL,"
                           "  fingerprint TEXT NOT NULL,"
                           "  confirmed_offset INTEGER NOT NULL DEFAULT 0,"
                           "  state TEXT NOT NULL,"
                           "  title TEXT,"
                           "  settings_json TEXT,"
                           "  asset_id TEXT,"
                           "  error_message TEXT,"
                           "  created_at INTEGER NOT NULL,"
                           "  updated_at INTEGER NOT NULL,"
                           "  position INTEGER NOT NULL);"
                           "PRAGMA user_version=1;",
                           error);
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

static char *
column_text (sqlite3_stmt *stmt,
             int           index)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, index));
}

static MdUploadRecord *
record_from_row (sqlite3_stmt *stmt)
{
  MdUploadRecord *record = md_upload_record_new ();
  const char *state = (const char *) sqlite3_column_text (stmt, 8);

  record->local_id = column_text (stmt, 0);
  record->upload_id = column_text (stmt, 1);
  record->upload_url = column_text (stmt, 2);
  record->file_path = column_text (stmt, 3);
  record->file_size = sqlite3_column_int64 (stmt, 4);
  record->file_mtime_usec = sqlite3_column_int64 (stmt, 5);
  record->fingerprint = column_text (stmt, 6);
  record->confirmed_offset = sqlite3_column_int64 (stmt, 7);
  if (!md_upload_state_from_string (state, &record->state))
    record->state = MD_UPLOAD_STATE_FAILED;
  record->title = column_text (stmt, 9);
  record->settings_json = column_text (stmt, 10);
  record->asset_id = column_text (stmt, 11);
  record->error_message = column_text (stmt, 12);
  record->created_at = sqlite3_column_int64 (stmt, 13);
  record->updated_at = sqlite3_column_int64 (stmt, 14);
  record->position = sqlite3_column_int (stmt, 15);

  return record;
}

/* Ends a one-row UPDATE/DELETE: no row touched means no such upload. */
static gboolean
finish_single_row (sqlite3       *db,
                   sqlite3_stmt  *stmt,
                   GTask         *task,
                   GError       **error)
{
  Change *change = g_task_get_task_data (task);

  if (!md_database_step_done (db, stmt, error))
    return FALSE;

  if (sqlite3_changes (db) == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The upload %s is not in the journal any more."), change->local_id);
      return FALSE;
    }

  g_task_return_boolean (task, TRUE);
  return TRUE;
}

static gboolean
add_job (sqlite3  *db,
         GTask    *task,
         GError  **error)
{
  Change *change = g_task_get_task_data (task);
  MdUploadRecord *record = change->record;
  g_autoptr(sqlite3_stmt) max_stmt = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!md_database_exec (db, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (!md_database_prepare (db, "SELECT COALESCE(MAX(position) + 1, 0) FROM uploads", &max_stmt, error) ||
      sqlite3_step (max_stmt) != SQLITE_ROW)
    goto failed;
  record->position = sqlite3_column_int (max_stmt, 0);

  if (!md_database_prepare (db,
                            "INSERT INTO uploads (" RECORD_COLUMNS ") "
                            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
                            &stmt, error))
    goto failed;

  bind_text (stmt, 1, record->local_id);
  bind_text (stmt, 2, record->upload_id);
  bind_text (stmt, 3, record->upload_url);
  bind_text (stmt, 4, record->file_path);
  sqlite3_bind_int64 (stmt, 5, record->file_size);
  sqlite3_bind_int64 (stmt, 6, record->file_mtime_usec);
  bind_text (stmt, 7, record->fingerprint);
  sqlite3_bind_int64 (stmt, 8, record->confirmed_offset);
  bind_text (stmt, 9, md_upload_state_to_string (record->state));
  bind_text (stmt, 10, record->title);
  bind_text (stmt, 11, record->settings_json);
  bind_text (stmt, 12, record->asset_id);
  bind_text (stmt, 13, record->error_message);
  sqlite3_bind_int64 (stmt, 14, record->created_at);
  sqlite3_bind_int64 (stmt, 15, record->updated_at);
  sqlite3_bind_int (stmt, 16, record->position);

  if (!md_database_step_done (db, stmt, error) || !md_database_exec (db, "COMMIT", error))
    goto failed;

  g_task_return_pointer (task, g_steal_pointer (&change->record), (GDestroyNotify) md_upload_record_free);
  return TRUE;

failed:
  if (error != NULL && *error == NULL)
    md_database_set_error (db, error);
  md_database_rollback (db);
  return FALSE;
}

static gboolean
set_upload_job (sqlite3  *db,
                GTask    *task,
                GError  **error)
{
  Change *change = g_task_get_task_data (task);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  /* A new upload (or a new URL after the old one expired) starts at byte 0. */
  if (!md_database_prepare (db,
                            "UPDATE uploads SET upload_id = ?2, upload_url = ?3, confirmed_offset = 0, "
                            "updated_at = ?4 WHERE local_id = ?1",
                            &stmt, error))
    return FALSE;

  bind_text (stmt, 1, change->local_id);
  bind_text (stmt, 2, change->text1);
  bind_text (stmt, 3, change->text2);
  sqlite3_bind_int64 (stmt, 4, g_get_real_time ());
  return finish_single_row (db, stmt, task, error);
}

static gboolean
update_offset_job (sqlite3  *db,
                   GTask    *task,
                   GError  **error)
{
  Change *change = g_task_get_task_data (task);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!md_database_prepare (db,
                            "UPDATE uploads SET confirmed_offset = ?2, updated_at = ?3 WHERE local_id = ?1",
                            &stmt, error))
    return FALSE;

  bind_text (stmt, 1, change->local_id);
  sqlite3_bind_int64 (stmt, 2, change->number);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time ());
  return finish_single_row (db, stmt, task, error);
}

static gboolean
set_state_job (sqlite3  *db,
               GTask    *task,
               GError  **error)
{
  Change *change = g_task_get_task_data (task);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!md_database_prepare (db,
                            "UPDATE uploads SET state = ?2, error_message = ?3, updated_at = ?4 "
                            "WHERE local_id = ?1",
                            &stmt, error))
    return FALSE;

  bind_text (stmt, 1, change->local_id);
  bind_text (stmt, 2, md_upload_state_to_string (change->state));
  bind_text (stmt, 3, change->text1);
  sqlite3_bind_int64 (stmt, 4, g_get_real_time ());
  return finish_single_row (db, stmt, task, error);
}

static gboolean
set_asset_id_job (sqlite3  *db,
                  GTask    *task,
                  GError  **error)
{
  Change *change = g_task_get_task_data (task);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!md_database_prepare (db,
                            "UPDATE uploads SET asset_id = ?2, updated_at = ?3 WHERE local_id = ?1",
                            &stmt, error))
    return FALSE;

  bind_text (stmt, 1, change->local_id);
  bind_text (stmt, 2, change->text1);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time ());
  return finish_single_row (db, stmt, task, error);
}

static gboolean
move_job (sqlite3  *db,
          GTask    *task,
          GError  **error)
{
  Change *change = g_task_get_task_data (task);
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autoptr(GPtrArray) order = g_ptr_array_new_with_free_func (g_free);
  char *moved = NULL;
  guint target;
  int rc;

  if (!md_database_exec (db, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (!md_database_prepare (db, "SELECT local_id FROM uploads ORDER BY position, created_at", &select, error))
    goto failed;
  while ((rc = sqlite3_step (select)) == SQLITE_ROW)
    {
      char *id = column_text (select, 0);

      if (g_strcmp0 (id, change->local_id) == 0)
        moved = id;
      else
        g_ptr_array_add (order, id);
    }
  if (rc != SQLITE_DONE)
    {
      g_free (moved);
      goto failed;
    }

  if (moved == NULL)
    {
      md_database_rollback (db);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The upload %s is not in the journal any more."), change->local_id);
      return FALSE;
    }

  target = MIN ((guint) change->number, order->len);
  g_ptr_array_insert (order, target, moved);

  /* Renumber everyone 0..n-1: positions stay dense whatever happened before. */
  if (!md_database_prepare (db, "UPDATE uploads SET position = ?2 WHERE local_id = ?1", &update, error))
    goto failed;
  for (guint i = 0; i < order->len; i++)
    {
      sqlite3_reset (update);
      bind_text (update, 1, g_ptr_array_index (order, i));
      sqlite3_bind_int (update, 2, i);
      if (!md_database_step_done (db, update, error))
        goto failed;
    }

  if (!md_database_exec (db, "COMMIT", error))
    goto failed;

  g_task_return_boolean (task, TRUE);
  return TRUE;

failed:
  if (error != NULL && *error == NULL)
    md_database_set_error (db, error);
  md_database_rollback (db);
  return FALSE;
}

static gboolean
remove_job (sqlite3  *db,
            GTask    *task,
            GError  **error)
{
  Change *change = g_task_get_task_data (task);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!md_database_prepare (db, "DELETE FROM uploads WHERE local_id = ?1", &stmt, error))
    return FALSE;

  bind_text (stmt, 1, change->local_id);
  return finish_single_row (db, stmt, task, error);
}

static gboolean
list_job (sqlite3  *db,
          GTask    *task,
          GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) md_upload_record_free);
  int rc;

  if (!md_database_prepare (db,
                            "SELECT " RECORD_COLUMNS " FROM uploads ORDER BY position, created_at",
                            &stmt, error))
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (records, record_from_row (stmt));

  if (rc != SQLITE_DONE)
    {
      md_database_set_error (db, error);
      return FALSE;
    }

  g_task_return_pointer (task, g_steal_pointer (&records), (GDestroyNotify) g_ptr_array_unref);
  return TRUE;
}

static void
queue_change (MdUploadJournal     *self,
              gpointer             source_tag,
              Change              *change,
              MdDatabaseJob        job,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, change, (GDestroyNotify) change_free);
  md_database_run (self->database, task, job);
}

static Change *
change_new (const char *local_id)
{
  Change *change = g_new0 (Change, 1);

  change->local_id = g_strdup (local_id);
  return change;
}

static void
md_upload_journal_constructed (GObject *object)
{
  MdUploadJournal *self = (MdUploadJournal *) object;

  G_OBJECT_CLASS (md_upload_journal_parent_class)->constructed (object);

  g_assert (self->path != NULL);
  /* Not disposable: the journal is the only record of uploads in flight. */
  self->database = md_database_new (self->path, setup_database, FALSE);
}

static void
md_upload_journal_finalize (GObject *object)
{
  MdUploadJournal *self = (MdUploadJournal *) object;

  g_clear_object (&self->database);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (md_upload_journal_parent_class)->finalize (object);
}

static void
md_upload_journal_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  MdUploadJournal *self = MD_UPLOAD_JOURNAL (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_upload_journal_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  MdUploadJournal *self = MD_UPLOAD_JOURNAL (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_upload_journal_class_init (MdUploadJournalClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = md_upload_journal_constructed;
  object_class->finalize = md_upload_journal_finalize;
  object_class->get_property = md_upload_journal_get_property;
  object_class->set_property = md_upload_journal_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
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
  g_return_val_if_fail (path != NULL, NULL);

  return g_object_new (MD_TYPE_UPLOAD_JOURNAL, "path", path, NULL);
}

const char *
md_upload_journal_get_path (MdUploadJournal *self)
{
  g_return_val_if_fail (MD_IS_UPLOAD_JOURNAL (self), NULL);

  return self->path;
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

  queue_change (self, md_upload_journal_add_async, change, add_job, cancellable, callback, user_data);
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
  queue_change (self, md_upload_journal_set_upload_async, change, set_upload_job,
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
  queue_change (self, md_upload_journal_update_offset_async, change, update_offset_job,
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
  queue_change (self, md_upload_journal_set_state_async, change, set_state_job,
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
  queue_change (self, md_upload_journal_set_asset_id_async, change, set_asset_id_job,
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
  queue_change (self, md_upload_journal_move_async, change, move_job,
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

  queue_change (self, md_upload_journal_remove_async, change_new (local_id), remove_job,
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

  queue_change (self, md_upload_journal_list_async, change_new (NULL), list_job,
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
