/* md-upload-journal-jobs.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-upload-journal"

#include "config.h"

#include "md-upload-journal-private.h"

#include <glib/gi18n.h>

/* The SQL side of MdUploadJournal, run in its database's worker thread.
 * Every change is one statement or one transaction, synced (WAL,
 * synchronous=FULL) before its task returns. */

#define RECORD_COLUMNS \
  "local_id, upload_id, upload_url, file_path, file_size, file_mtime_usec, fingerprint, " \
  "confirmed_offset, state, title, settings_json, asset_id, error_message, " \
  "created_at, updated_at, position"

void
md_upload_journal_change_free (Change *change)
{
  g_free (change->local_id);
  g_free (change->text1);
  g_free (change->text2);
  g_clear_pointer (&change->record, md_upload_record_free);
  g_free (change);
}

gboolean
md_upload_journal_setup_database (sqlite3  *db,
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
  gint64 offset;

  record->local_id = column_text (stmt, 0);
  record->upload_id = column_text (stmt, 1);
  record->upload_url = column_text (stmt, 2);
  record->file_path = column_text (stmt, 3);
  record->file_size = MAX (sqlite3_column_int64 (stmt, 4), 0);
  record->file_mtime_usec = sqlite3_column_int64 (stmt, 5);
  record->fingerprint = column_text (stmt, 6);
  /* A damaged file may hold any number: a negative offset would read as a
   * huge one; 0 makes the uploader ask the server where to resume. */
  offset = sqlite3_column_int64 (stmt, 7);
  record->confirmed_offset = offset >= 0 ? (guint64) offset : 0;
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

gboolean
md_upload_journal_add_job (sqlite3  *db,
                           GTask    *task,
                           GError  **error)
{
  Change *change = g_task_get_task_data (task);
  MdUploadRecord *record = change->record;
  g_autoptr(sqlite3_stmt) max_stmt = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!md_database_begin (db, error))
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

  if (!md_database_step_done (db, stmt, error) || !md_database_commit (db, error))
    goto failed;

  g_task_return_pointer (task, g_steal_pointer (&change->record), (GDestroyNotify) md_upload_record_free);
  return TRUE;

failed:
  return md_database_abort (db, error);
}

gboolean
md_upload_journal_set_upload_job (sqlite3  *db,
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

gboolean
md_upload_journal_update_offset_job (sqlite3  *db,
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

gboolean
md_upload_journal_set_state_job (sqlite3  *db,
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

gboolean
md_upload_journal_set_asset_id_job (sqlite3  *db,
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

gboolean
md_upload_journal_move_job (sqlite3  *db,
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

  if (!md_database_begin (db, error))
    return FALSE;

  if (!md_database_prepare (db, "SELECT local_id FROM uploads ORDER BY position, created_at", &select, error))
    goto failed;
  while ((rc = sqlite3_step (select)) == SQLITE_ROW)
    {
      char *id = column_text (select, 0);

      /* A damaged file may list an id twice: move the first, keep the rest
       * (found by fuzz-upload-journal: the first copy leaked). */
      if (moved == NULL && g_strcmp0 (id, change->local_id) == 0)
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

  return md_database_commit_task (db, task, error);

failed:
  return md_database_abort (db, error);
}

gboolean
md_upload_journal_remove_job (sqlite3  *db,
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

gboolean
md_upload_journal_list_job (sqlite3  *db,
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

  if (!md_database_rows_done (db, rc, error))
    return FALSE;

  g_task_return_pointer (task, g_steal_pointer (&records), (GDestroyNotify) g_ptr_array_unref);
  return TRUE;
}

