/* md-database.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-database"

#include "config.h"

#include "md-database.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

/* One SQLite connection driven by one serial worker: jobs run in the order
 * they were queued (an offset written after another never lands before it),
 * never on the main loop. Each queued job holds a reference on the
 * database, so the connection outlives every job. */
struct _MdDatabase
{
  GObject              parent_instance;

  char                *path;
  MdDatabaseSetupFunc  setup;
  gboolean             disposable;
  GThreadPool         *pool;

  /* Worker thread only. */
  sqlite3             *db;
};

typedef struct
{
  MdDatabase    *self;
  GTask         *task;
  MdDatabaseJob  job;
} QueuedJob;

G_DEFINE_FINAL_TYPE (MdDatabase, md_database, G_TYPE_OBJECT)

G_DEFINE_QUARK (md-database-error-quark, md_database_error)

/* Set while a job runs, so finalize knows it is on the worker thread. */
static GPrivate in_worker;

static gboolean
is_corruption (int code)
{
  code &= 0xff;
  return code == SQLITE_CORRUPT || code == SQLITE_NOTADB;
}

static void
move_aside (MdDatabase *self)
{
  static const char *const suffixes[] = { "", "-wal", "-shm" };
  g_autofree char *aside = g_strconcat (self->path, ".corrupt", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from = g_strconcat (self->path, suffixes[i], NULL);
      g_autofree char *to = g_strconcat (aside, suffixes[i], NULL);

      if (g_rename (from, to) != 0 && errno != ENOENT)
        {
          int saved_errno = errno;

          /* Renaming failed: a stale WAL must not meet a new database. */
          if (g_unlink (from) != 0 && errno != ENOENT)
            g_warning ("Could not remove %s: %s", from, g_strerror (saved_errno));
        }
    }

  g_warning ("The database %s was unreadable; moved it aside to %s and started a new one",
             self->path, aside);
}

static void
close_connection (MdDatabase *self)
{
  if (self->db != NULL)
    {
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }
}

static gboolean
open_connection (MdDatabase  *self,
                 GError     **error)
{
  sqlite3 *db = NULL;
  int rc;

  rc = sqlite3_open_v2 (self->path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK)
    {
      if (db != NULL)
        md_database_set_error (db, error);
      else
        g_set_error (error, MD_DATABASE_ERROR, MD_DATABASE_ERROR_FAILED,
                     _("Could not open the database “%s”: %s"), self->path, sqlite3_errstr (rc));
      sqlite3_close_v2 (db);
      return FALSE;
    }

  sqlite3_extended_result_codes (db, TRUE);
  /* Another process (a second instance, a test helper) may hold a write lock briefly. */
  sqlite3_busy_timeout (db, 5000);

  if (!self->setup (db, error))
    {
      sqlite3_close_v2 (db);
      return FALSE;
    }

  self->db = db;
  return TRUE;
}

static gboolean
ensure_open (MdDatabase  *self,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *dir = NULL;

  if (self->db != NULL)
    return TRUE;

  dir = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create the folder “%s”: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  if (open_connection (self, &local_error))
    return TRUE;

  if (self->disposable && g_error_matches (local_error, MD_DATABASE_ERROR, MD_DATABASE_ERROR_CORRUPT))
    {
      move_aside (self);
      return open_connection (self, error);
    }

  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static gboolean
run_job (QueuedJob  *queued,
         GError    **error)
{
  MdDatabase *self = queued->self;
  g_autoptr(GError) local_error = NULL;

  if (!ensure_open (self, error))
    return FALSE;

  if (queued->job (self->db, queued->task, &local_error))
    return TRUE;

  /* A disposable database that turns out corrupt mid-way: start afresh once. */
  if (self->disposable && g_error_matches (local_error, MD_DATABASE_ERROR, MD_DATABASE_ERROR_CORRUPT))
    {
      close_connection (self);
      move_aside (self);
      g_clear_error (&local_error);
      return ensure_open (self, error) && queued->job (self->db, queued->task, error);
    }

  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static void
worker_func (gpointer data,
             gpointer user_data)
{
  QueuedJob *queued = data;
  g_autoptr(GError) error = NULL;

  g_private_set (&in_worker, GINT_TO_POINTER (TRUE));

  if (!g_task_return_error_if_cancelled (queued->task) && !run_job (queued, &error))
    g_task_return_error (queued->task, g_steal_pointer (&error));

  g_object_unref (queued->task);
  /* May be the last reference: finalize then runs here (see finalize). */
  g_object_unref (queued->self);
  g_free (queued);

  g_private_set (&in_worker, NULL);
}

static void
md_database_finalize (GObject *object)
{
  MdDatabase *self = (MdDatabase *) object;

  /* No job is queued (each holds a reference). On the worker thread the
   * pool cannot be waited for: it frees itself once this job returns. */
  g_thread_pool_free (self->pool, FALSE, g_private_get (&in_worker) == NULL);
  close_connection (self);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (md_database_parent_class)->finalize (object);
}

static void
md_database_class_init (MdDatabaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = md_database_finalize;
}

static void
md_database_init (MdDatabase *self)
{
  self->pool = g_thread_pool_new (worker_func, NULL, 1, FALSE, NULL);
}

/**
 * md_database_new:
 * @path: the database file; its folder is created when needed
 * @setup: pragmas and schema, run each time the file is opened
 * @disposable: whether an unreadable file may be moved aside (to
 *   `PATH.corrupt`) and replaced by a new, empty database
 *
 * The file is opened lazily, by the first job, in the worker thread.
 */
MdDatabase *
md_database_new (const char          *path,
                 MdDatabaseSetupFunc  setup,
                 gboolean             disposable)
{
  MdDatabase *self;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (setup != NULL, NULL);

  self = g_object_new (MD_TYPE_DATABASE, NULL);
  self->path = g_strdup (path);
  self->setup = setup;
  self->disposable = !!disposable;

  return self;
}

const char *
md_database_get_path (MdDatabase *self)
{
  g_return_val_if_fail (MD_IS_DATABASE (self), NULL);

  return self->path;
}

/**
 * md_database_run:
 * @task: the task to return from @job; its cancellable is checked before
 *   the job starts, not after it ended
 * @job: runs in the worker thread, after every job queued before it
 */
void
md_database_run (MdDatabase    *self,
                 GTask         *task,
                 MdDatabaseJob  job)
{
  QueuedJob *queued;

  g_return_if_fail (MD_IS_DATABASE (self));
  g_return_if_fail (G_IS_TASK (task));
  g_return_if_fail (job != NULL);

  /* A job that ran is reported as it ended, even if cancelled meanwhile:
   * a change on disk must not be reported as not made. */
  g_task_set_check_cancellable (task, FALSE);

  queued = g_new0 (QueuedJob, 1);
  queued->self = g_object_ref (self);
  queued->task = g_object_ref (task);
  queued->job = job;
  g_thread_pool_push (self->pool, queued, NULL);
}

/**
 * md_database_run_async:
 * @source_object: (type GObject) (nullable): the task's source object
 * @task_data: (transfer full): what @job reads with g_task_get_task_data()
 *
 * md_database_run() with a new task: the usual body of an `_async` call
 * of a class that keeps its data here.
 */
void
md_database_run_async (MdDatabase          *self,
                       gpointer             source_object,
                       gpointer             source_tag,
                       gpointer             task_data,
                       GDestroyNotify       task_data_free,
                       MdDatabaseJob        job,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (source_object, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, task_data, task_data_free);
  md_database_run (self, task, job);
}

/**
 * md_database_set_error:
 *
 * Sets @error from the connection's last failure; corruption becomes
 * %MD_DATABASE_ERROR_CORRUPT. SQLite's messages name no bound value, so
 * nothing sensitive (an upload URL) can leak into them.
 */
void
md_database_set_error (sqlite3  *db,
                       GError  **error)
{
  int code = sqlite3_extended_errcode (db);

  g_set_error (error, MD_DATABASE_ERROR,
               is_corruption (code) ? MD_DATABASE_ERROR_CORRUPT : MD_DATABASE_ERROR_FAILED,
               _("The local database “%s” failed: %s"),
               sqlite3_db_filename (db, "main") ? sqlite3_db_filename (db, "main") : "",
               sqlite3_errmsg (db));
}

gboolean
md_database_exec (sqlite3     *db,
                  const char  *sql,
                  GError     **error)
{
  if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      md_database_set_error (db, error);
      return FALSE;
    }

  return TRUE;
}

gboolean
md_database_prepare (sqlite3       *db,
                     const char    *sql,
                     sqlite3_stmt **out_stmt,
                     GError       **error)
{
  if (sqlite3_prepare_v2 (db, sql, -1, out_stmt, NULL) != SQLITE_OK)
    {
      md_database_set_error (db, error);
      *out_stmt = NULL;
      return FALSE;
    }

  return TRUE;
}

/* Steps a statement that returns no row (INSERT, UPDATE, DELETE). */
gboolean
md_database_step_done (sqlite3       *db,
                       sqlite3_stmt  *stmt,
                       GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      md_database_set_error (db, error);
      return FALSE;
    }

  return TRUE;
}

/* Rolls back an open transaction, if any, keeping the first error. */
void
md_database_rollback (sqlite3 *db)
{
  if (!sqlite3_get_autocommit (db))
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
}

/* Starts a write transaction: taken at once, so it never fails half-way
 * for a lock. */
gboolean
md_database_begin (sqlite3  *db,
                   GError  **error)
{
  return md_database_exec (db, "BEGIN IMMEDIATE", error);
}

gboolean
md_database_commit (sqlite3  *db,
                    GError  **error)
{
  return md_database_exec (db, "COMMIT", error);
}

/* Ends a failed transaction: @error is set from the connection unless a
 * step already set it, and the transaction is rolled back. Returns %FALSE,
 * for `return md_database_abort (db, error);`. */
gboolean
md_database_abort (sqlite3  *db,
                   GError  **error)
{
  if (error != NULL && *error == NULL)
    md_database_set_error (db, error);
  md_database_rollback (db);
  return FALSE;
}

/* Ends a job's transaction: commits it and returns %TRUE on @task, or
 * aborts it (md_database_abort()). */
gboolean
md_database_commit_task (sqlite3  *db,
                         GTask    *task,
                         GError  **error)
{
  if (!md_database_commit (db, error))
    return md_database_abort (db, error);

  g_task_return_boolean (task, TRUE);
  return TRUE;
}

/* Checks how a loop over a SELECT's rows ended (@rc, the last
 * sqlite3_step()): %TRUE at the end of the rows, else @error is set. */
gboolean
md_database_rows_done (sqlite3  *db,
                       int       rc,
                       GError  **error)
{
  if (rc != SQLITE_DONE)
    {
      md_database_set_error (db, error);
      return FALSE;
    }

  return TRUE;
}
