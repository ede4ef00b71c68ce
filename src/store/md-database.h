/* md-database.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define MD_DATABASE_ERROR (md_database_error_quark ())

/**
 * MdDatabaseError:
 * @MD_DATABASE_ERROR_CORRUPT: the file is not a usable database
 * @MD_DATABASE_ERROR_FAILED: SQLite or the file system failed otherwise
 *   (disk full, permissions, …)
 */
typedef enum
{
  MD_DATABASE_ERROR_CORRUPT,
  MD_DATABASE_ERROR_FAILED,
} MdDatabaseError;

#define MD_TYPE_DATABASE (md_database_get_type ())

G_DECLARE_FINAL_TYPE (MdDatabase, md_database, MD, DATABASE, GObject)

/**
 * MdDatabaseSetupFunc:
 *
 * Runs in the worker thread right after the file is opened: pragmas and
 * schema. Returning a %MD_DATABASE_ERROR_CORRUPT error lets a disposable
 * database be moved aside and created anew.
 */
typedef gboolean (*MdDatabaseSetupFunc) (sqlite3  *db,
                                         GError  **error);

/**
 * MdDatabaseJob:
 *
 * Runs in the worker thread with the open connection. On success it has
 * returned @task (g_task_return_*) and returns %TRUE; on failure it sets
 * @error, leaves @task alone and returns %FALSE.
 */
typedef gboolean (*MdDatabaseJob) (sqlite3  *db,
                                   GTask    *task,
                                   GError  **error);

GQuark      md_database_error_quark  (void);

MdDatabase *md_database_new          (const char           *path,
                                      MdDatabaseSetupFunc   setup,
                                      gboolean              disposable);
const char *md_database_get_path     (MdDatabase           *self);
void        md_database_run          (MdDatabase           *self,
                                      GTask                *task,
                                      MdDatabaseJob         job);
void        md_database_run_async    (MdDatabase           *self,
                                      gpointer              source_object,
                                      gpointer              source_tag,
                                      gpointer              task_data,
                                      GDestroyNotify        task_data_free,
                                      MdDatabaseJob         job,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);

/* Helpers for jobs and setup functions (worker thread only). */
gboolean    md_database_exec         (sqlite3              *db,
                                      const char           *sql,
                                      GError              **error);
gboolean    md_database_prepare      (sqlite3              *db,
                                      const char           *sql,
                                      sqlite3_stmt        **out_stmt,
                                      GError              **error);
gboolean    md_database_step_done    (sqlite3              *db,
                                      sqlite3_stmt         *stmt,
                                      GError              **error);
void        md_database_set_error    (sqlite3              *db,
                                      GError              **error);
void        md_database_rollback     (sqlite3              *db);
gboolean    md_database_begin        (sqlite3              *db,
                                      GError              **error);
gboolean    md_database_commit       (sqlite3              *db,
                                      GError              **error);
gboolean    md_database_abort        (sqlite3              *db,
                                      GError              **error);
gboolean    md_database_commit_task  (sqlite3              *db,
                                      GTask                *task,
                                      GError              **error);
gboolean    md_database_rows_done    (sqlite3              *db,
                                      int                   rc,
                                      GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

G_END_DECLS
