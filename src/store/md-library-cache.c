/* md-library-cache.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-library-cache"

#include "config.h"

#include "md-library-cache.h"

#include <glib/gi18n.h>

#include "md-database.h"

/* The last listing of one environment's assets, so the library opens at
 * once and browses offline. Each asset is kept as the JSON object the API
 * returned (the API core turns JSON into models, in one place); a few of
 * its fields are copied into indexed columns and an FTS5 table for sort
 * and search. The cache is disposable: an unreadable file is moved aside
 * and a new one started (see MdDatabase). */
struct _MdLibraryCache
{
  GObject     parent_instance;

  char       *path;
  MdDatabase *database;
};

typedef struct
{
  GPtrArray *assets;     /* JsonNode, for replace_all and upsert */
  char      *text;       /* asset id for delete, query for search */
  gint64     offset;     /* for loads */
  gint64     limit;      /* for loads; -1 for all */
} CacheOp;

G_DEFINE_FINAL_TYPE (MdLibraryCache, md_library_cache, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define SCHEMA_VERSION 2
#define LAST_SYNC_KEY "last-sync-usec"

/* The indexed copy of an asset's fields. */
typedef struct
{
  const char *id;
  const char *title;
  const char *status;
  gint64      created_at;
  double      duration;
  gboolean    has_duration;
  const char *passthrough;
  const char *external_id;
  gboolean    is_live;
} AssetColumns;

static void
cache_op_free (CacheOp *op)
{
  g_clear_pointer (&op->assets, g_ptr_array_unref);
  g_free (op->text);
  g_free (op);
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* Reads the indexed fields; only the id is required. Mux sends created_at
 * as a string of epoch seconds; a number is accepted too. */
static gboolean
asset_columns_read (JsonNode      *node,
                    AssetColumns  *columns,
                    GError       **error)
{
  JsonObject *object;
  JsonObject *meta = NULL;
  JsonNode *member;

  *columns = (AssetColumns) { NULL, };

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) ||
      (columns->id = member_string (json_node_get_object (node), "id")) == NULL || *columns->id == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("An asset to cache is not a JSON object with an id."));
      return FALSE;
    }

  object = json_node_get_object (node);
  if ((member = json_object_get_member (object, "meta")) != NULL && JSON_NODE_HOLDS_OBJECT (member))
    meta = json_node_get_object (member);

  columns->title = member_string (meta, "title");
  columns->external_id = member_string (meta, "external_id");
  columns->status = member_string (object, "status");
  columns->passthrough = member_string (object, "passthrough");

  if ((member = json_object_get_member (object, "created_at")) != NULL && JSON_NODE_HOLDS_VALUE (member))
    {
      if (json_node_get_value_type (member) == G_TYPE_STRING)
        columns->created_at = g_ascii_strtoll (json_node_get_string (member), NULL, 10);
      else if (json_node_get_value_type (member) == G_TYPE_INT64)
        columns->created_at = json_node_get_int (member);
    }

  if ((member = json_object_get_member (object, "duration")) != NULL && JSON_NODE_HOLDS_VALUE (member))
    {
      GType type = json_node_get_value_type (member);

      if (type == G_TYPE_DOUBLE || type == G_TYPE_INT64)
        {
          columns->duration = json_node_get_double (member);
          columns->has_duration = TRUE;
        }
    }

  if ((member = json_object_get_member (object, "is_live")) != NULL && JSON_NODE_HOLDS_VALUE (member) &&
      json_node_get_value_type (member) == G_TYPE_BOOLEAN)
    columns->is_live = json_node_get_boolean (member);

  return TRUE;
}

static gboolean
setup_database (sqlite3  *db,
                GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int version;

  /* NORMAL is enough: a cache lost in a power cut is fetched again. */
  if (!md_database_exec (db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-32000;", error) ||
      !md_database_prepare (db, "PRAGMA user_version", &stmt, error))
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      md_database_set_error (db, error);
      return FALSE;
    }
  version = sqlite3_column_int (stmt, 0);

  if (version == SCHEMA_VERSION)
    return TRUE;

  /* Another version's cache: cheaper to drop than to migrate. */
  return md_database_exec (db,
                           "BEGIN;"
                           "DROP TABLE IF EXISTS assets;"
                           "DROP TABLE IF EXISTS assets_fts;"
                           "DROP TABLE IF EXISTS sync;"
                           "CREATE TABLE assets ("
                           "  id TEXT PRIMARY KEY NOT NULL,"
                           "  title TEXT,"
                           "  status TEXT,"
                           "  created_at INTEGER NOT NULL DEFAULT 0,"
                           "  duration REAL,"
                           "  passthrough TEXT,"
                           "  external_id TEXT,"
                           "  is_live INTEGER NOT NULL DEFAULT 0,"
                           "  json TEXT NOT NULL);"
                           "CREATE INDEX assets_by_created ON assets (created_at DESC, id);"
                           "CREATE INDEX assets_by_status ON assets (status);"
                           /* rowid = the asset's rowid; kept in step by the jobs below. */
                           "CREATE VIRTUAL TABLE assets_fts USING fts5 ("
                           "  id, title, passthrough, external_id,"
                           "  tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3', detail = none);"
                           "CREATE TABLE sync (key TEXT PRIMARY KEY NOT NULL, value);"
                           "PRAGMA user_version = " G_STRINGIFY (SCHEMA_VERSION) ";"
                           "COMMIT;",
                           error);
}

/* The statements that write assets, prepared once per transaction. */
typedef struct
{
  sqlite3_stmt *upsert;
  sqlite3_stmt *unindex;
  sqlite3_stmt *index;
} Writer;

static void
writer_clear (Writer *writer)
{
  g_clear_pointer (&writer->upsert, sqlite3_finalize);
  g_clear_pointer (&writer->unindex, sqlite3_finalize);
  g_clear_pointer (&writer->index, sqlite3_finalize);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Writer, writer_clear)

static gboolean
writer_prepare (Writer   *writer,
                sqlite3  *db,
                GError  **error)
{
  return md_database_prepare (db,
                              "INSERT INTO assets (id, title, status, created_at, duration, passthrough, "
                              "                    external_id, is_live, json) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
                              "ON CONFLICT (id) DO UPDATE SET title = ?2, status = ?3, created_at = ?4, "
                              "duration = ?5, passthrough = ?6, external_id = ?7, is_live = ?8, json = ?9 "
                              "RETURNING rowid",
                              &writer->upsert, error) &&
         md_database_prepare (db, "DELETE FROM assets_fts WHERE rowid = ?1", &writer->unindex, error) &&
         md_database_prepare (db,
                              "INSERT INTO assets_fts (rowid, id, title, passthrough, external_id) "
                              "VALUES (?1, ?2, ?3, ?4, ?5)",
                              &writer->index, error);
}

/* Inserts or updates one asset and its search row; in a transaction. */
static gboolean
write_asset (sqlite3   *db,
             Writer    *writer,
             JsonNode  *node,
             gboolean   into_empty,
             GError   **error)
{
  g_autofree char *json = NULL;
  AssetColumns columns;
  sqlite3_int64 rowid;
  int rc;

  if (!asset_columns_read (node, &columns, error))
    return FALSE;

  json = json_to_string (node, FALSE);

  sqlite3_reset (writer->upsert);
  sqlite3_clear_bindings (writer->upsert);
  sqlite3_bind_text (writer->upsert, 1, columns.id, -1, SQLITE_STATIC);
  sqlite3_bind_text (writer->upsert, 2, columns.title, -1, SQLITE_STATIC);
  sqlite3_bind_text (writer->upsert, 3, columns.status, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (writer->upsert, 4, columns.created_at);
  if (columns.has_duration)
    sqlite3_bind_double (writer->upsert, 5, columns.duration);
  sqlite3_bind_text (writer->upsert, 6, columns.passthrough, -1, SQLITE_STATIC);
  sqlite3_bind_text (writer->upsert, 7, columns.external_id, -1, SQLITE_STATIC);
  sqlite3_bind_int (writer->upsert, 8, columns.is_live);
  sqlite3_bind_text (writer->upsert, 9, json, -1, SQLITE_STATIC);
  rc = sqlite3_step (writer->upsert);
  if (rc != SQLITE_ROW)
    {
      md_database_set_error (db, error);
      return FALSE;
    }
  rowid = sqlite3_column_int64 (writer->upsert, 0);
  /* Runs the statement to its end, before json goes away. */
  sqlite3_reset (writer->upsert);

  /* A full refresh starts from empty tables: nothing to unindex. */
  if (!into_empty)
    {
      sqlite3_reset (writer->unindex);
      sqlite3_bind_int64 (writer->unindex, 1, rowid);
      if (!md_database_step_done (db, writer->unindex, error))
        return FALSE;
    }

  sqlite3_reset (writer->index);
  sqlite3_bind_int64 (writer->index, 1, rowid);
  sqlite3_bind_text (writer->index, 2, columns.id, -1, SQLITE_STATIC);
  sqlite3_bind_text (writer->index, 3, columns.title, -1, SQLITE_STATIC);
  sqlite3_bind_text (writer->index, 4, columns.passthrough, -1, SQLITE_STATIC);
  sqlite3_bind_text (writer->index, 5, columns.external_id, -1, SQLITE_STATIC);
  return md_database_step_done (db, writer->index, error);
}

static gboolean
write_assets_job (sqlite3  *db,
                  GTask    *task,
                  GError  **error)
{
  CacheOp *op = g_task_get_task_data (task);
  gboolean replace = g_task_get_source_tag (task) == md_library_cache_replace_all_async;
  g_autoptr(sqlite3_stmt) stamp = NULL;
  g_auto(Writer) writer = { NULL, };

  if (!writer_prepare (&writer, db, error) || !md_database_exec (db, "BEGIN IMMEDIATE", error))
    return FALSE;

  /* No triggers on purpose: two plain DELETEs truncate at once. */
  if (replace && !md_database_exec (db, "DELETE FROM assets; DELETE FROM assets_fts;", error))
    goto failed;

  for (guint i = 0; i < op->assets->len; i++)
    {
      if (!write_asset (db, &writer, g_ptr_array_index (op->assets, i), replace, error))
        goto failed;
    }

  if (replace)
    {
      if (!md_database_prepare (db, "INSERT OR REPLACE INTO sync (key, value) VALUES ('" LAST_SYNC_KEY "', ?1)",
                                &stamp, error))
        goto failed;
      sqlite3_bind_int64 (stamp, 1, g_get_real_time ());
      if (!md_database_step_done (db, stamp, error))
        goto failed;
    }

  if (!md_database_exec (db, "COMMIT", error))
    goto failed;

  g_task_return_boolean (task, TRUE);
  return TRUE;

failed:
  md_database_rollback (db);
  return FALSE;
}

static gboolean
delete_job (sqlite3  *db,
            GTask    *task,
            GError  **error)
{
  CacheOp *op = g_task_get_task_data (task);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) unindex = NULL;

  if (!md_database_exec (db, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (!md_database_prepare (db, "DELETE FROM assets WHERE id = ?1 RETURNING rowid", &stmt, error))
    goto failed;
  sqlite3_bind_text (stmt, 1, op->text, -1, SQLITE_STATIC);

  /* Deleting what the cache never had is fine: the server is the truth. */
  switch (sqlite3_step (stmt))
    {
    case SQLITE_ROW:
      if (!md_database_prepare (db, "DELETE FROM assets_fts WHERE rowid = ?1", &unindex, error))
        goto failed;
      sqlite3_bind_int64 (unindex, 1, sqlite3_column_int64 (stmt, 0));
      sqlite3_reset (stmt);
      if (!md_database_step_done (db, unindex, error))
        goto failed;
      break;

    case SQLITE_DONE:
      break;

    default:
      md_database_set_error (db, error);
      goto failed;
    }

  if (!md_database_exec (db, "COMMIT", error))
    goto failed;

  g_task_return_boolean (task, TRUE);
  return TRUE;

failed:
  md_database_rollback (db);
  return FALSE;
}

static gboolean
load_job (sqlite3  *db,
          GTask    *task,
          GError  **error)
{
  CacheOp *op = g_task_get_task_data (task);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) assets = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  int rc;

  /* LIMIT -1: no limit. The index on (created_at DESC, id) serves both. */
  if (!md_database_prepare (db, "SELECT id, json FROM assets ORDER BY created_at DESC, id LIMIT ?1 OFFSET ?2",
                            &stmt, error))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, op->limit);
  sqlite3_bind_int64 (stmt, 2, op->offset);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *json = (const char *) sqlite3_column_text (stmt, 1);
      int length = sqlite3_column_bytes (stmt, 1);
      g_autoptr(GError) parse_error = NULL;
      JsonNode *root;

      /* A row that no longer parses is skipped, not fatal: the next refresh replaces it. */
      if (!json_parser_load_from_data (parser, json, length, &parse_error) ||
          (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
        {
          g_warning ("Skipping the cached asset %s: %s", (const char *) sqlite3_column_text (stmt, 0),
                     parse_error ? parse_error->message : "not a JSON object");
          continue;
        }
      g_ptr_array_add (assets, json_node_ref (root));
    }

  if (rc != SQLITE_DONE)
    {
      md_database_set_error (db, error);
      return FALSE;
    }

  g_task_return_pointer (task, g_steal_pointer (&assets), (GDestroyNotify) g_ptr_array_unref);
  return TRUE;
}

/* Turns what the user typed into an FTS5 query: every word, as a prefix,
 * all required. Words are quoted so that FTS5 syntax is never interpreted. */
static char *
build_match_query (const char *text)
{
  g_autoptr(GString) query = g_string_new (NULL);
  g_autoptr(GString) word = g_string_new (NULL);

  for (const char *p = text; ; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && g_unichar_isalnum (c))
        {
          g_string_append_unichar (word, c);
          continue;
        }

      if (word->len > 0)
        {
          if (query->len > 0)
            g_string_append_c (query, ' ');
          g_string_append_printf (query, "\"%s\"*", word->str);
          g_string_truncate (word, 0);
        }

      if (c == 0)
        break;
    }

  return query->len > 0 ? g_string_free (g_steal_pointer (&query), FALSE) : NULL;
}

static gboolean
search_job (sqlite3  *db,
            GTask    *task,
            GError  **error)
{
  CacheOp *op = g_task_get_task_data (task);
  g_autofree char *match = build_match_query (op->text);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  int rc;

  if (match == NULL)
    {
      if (!md_database_prepare (db, "SELECT id FROM assets ORDER BY created_at DESC, id", &stmt, error))
        return FALSE;
    }
  else
    {
      if (!md_database_prepare (db,
                                "SELECT a.id FROM assets_fts JOIN assets a ON a.rowid = assets_fts.rowid "
                                "WHERE assets_fts MATCH ?1 ORDER BY a.created_at DESC, a.id",
                                &stmt, error))
        return FALSE;
      sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));

  if (rc != SQLITE_DONE)
    {
      md_database_set_error (db, error);
      return FALSE;
    }

  g_ptr_array_add (ids, NULL);
  g_task_return_pointer (task, g_ptr_array_steal (ids, NULL), (GDestroyNotify) g_strfreev);
  return TRUE;
}

static gboolean
last_sync_job (sqlite3  *db,
               GTask    *task,
               GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!md_database_prepare (db, "SELECT value FROM sync WHERE key = '" LAST_SYNC_KEY "'", &stmt, error))
    return FALSE;

  switch (sqlite3_step (stmt))
    {
    case SQLITE_ROW:
      g_task_return_pointer (task,
                             g_date_time_new_from_unix_utc (sqlite3_column_int64 (stmt, 0) / G_USEC_PER_SEC),
                             (GDestroyNotify) g_date_time_unref);
      return TRUE;

    case SQLITE_DONE:
      g_task_return_pointer (task, NULL, NULL);
      return TRUE;

    default:
      md_database_set_error (db, error);
      return FALSE;
    }
}

static void
queue_op (MdLibraryCache      *self,
          gpointer             source_tag,
          CacheOp             *op,
          MdDatabaseJob        job,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, op, (GDestroyNotify) cache_op_free);
  md_database_run (self->database, task, job);
}

static void
md_library_cache_constructed (GObject *object)
{
  MdLibraryCache *self = (MdLibraryCache *) object;

  G_OBJECT_CLASS (md_library_cache_parent_class)->constructed (object);

  g_assert (self->path != NULL);
  self->database = md_database_new (self->path, setup_database, TRUE);
}

static void
md_library_cache_finalize (GObject *object)
{
  MdLibraryCache *self = (MdLibraryCache *) object;

  g_clear_object (&self->database);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (md_library_cache_parent_class)->finalize (object);
}

static void
md_library_cache_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  MdLibraryCache *self = MD_LIBRARY_CACHE (object);

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
md_library_cache_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  MdLibraryCache *self = MD_LIBRARY_CACHE (object);

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
md_library_cache_class_init (MdLibraryCacheClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = md_library_cache_constructed;
  object_class->finalize = md_library_cache_finalize;
  object_class->get_property = md_library_cache_get_property;
  object_class->set_property = md_library_cache_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
md_library_cache_init (MdLibraryCache *self)
{
}

/**
 * md_library_cache_dup_default_path:
 *
 * Returns: `$XDG_CACHE_HOME/muxdesk/ENVIRONMENT-ID/library.db`
 */
char *
md_library_cache_dup_default_path (const char *environment_id)
{
  g_return_val_if_fail (environment_id != NULL && *environment_id != '\0', NULL);

  return g_build_filename (g_get_user_cache_dir (), "muxdesk", environment_id, "library.db", NULL);
}

/**
 * md_library_cache_new:
 *
 * The cache of an environment at its default path. Nothing is opened
 * until the first call.
 */
MdLibraryCache *
md_library_cache_new (const char *environment_id)
{
  g_autofree char *path = md_library_cache_dup_default_path (environment_id);

  return md_library_cache_new_for_path (path);
}

MdLibraryCache *
md_library_cache_new_for_path (const char *path)
{
  g_return_val_if_fail (path != NULL, NULL);

  return g_object_new (MD_TYPE_LIBRARY_CACHE, "path", path, NULL);
}

const char *
md_library_cache_get_path (MdLibraryCache *self)
{
  g_return_val_if_fail (MD_IS_LIBRARY_CACHE (self), NULL);

  return self->path;
}

/**
 * md_library_cache_replace_all_async:
 * @assets: (element-type JsonNode): every asset, as the API's JSON objects;
 *   not to be modified while the call runs
 *
 * Replaces the whole cache in one transaction (a full refresh) and records
 * the time as the last successful sync. An element without an id fails
 * the call with %G_IO_ERROR_INVALID_DATA and changes nothing.
 */
void
md_library_cache_replace_all_async (MdLibraryCache      *self,
                                    GPtrArray           *assets,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  CacheOp *op;

  g_return_if_fail (MD_IS_LIBRARY_CACHE (self));
  g_return_if_fail (assets != NULL);

  op = g_new0 (CacheOp, 1);
  op->assets = g_ptr_array_new_full (assets->len, (GDestroyNotify) json_node_unref);
  for (guint i = 0; i < assets->len; i++)
    g_ptr_array_add (op->assets, json_node_ref (g_ptr_array_index (assets, i)));

  queue_op (self, md_library_cache_replace_all_async, op, write_assets_job, cancellable, callback, user_data);
}

/**
 * md_library_cache_upsert_async:
 * @asset: one asset as the API returned it
 *
 * Adds or updates one asset (an edit, an upload that created one).
 */
void
md_library_cache_upsert_async (MdLibraryCache      *self,
                               JsonNode            *asset,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  CacheOp *op;

  g_return_if_fail (MD_IS_LIBRARY_CACHE (self));
  g_return_if_fail (asset != NULL);

  op = g_new0 (CacheOp, 1);
  op->assets = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_ptr_array_add (op->assets, json_node_ref (asset));

  queue_op (self, md_library_cache_upsert_async, op, write_assets_job, cancellable, callback, user_data);
}

void
md_library_cache_delete_async (MdLibraryCache      *self,
                               const char          *asset_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  CacheOp *op;

  g_return_if_fail (MD_IS_LIBRARY_CACHE (self));
  g_return_if_fail (asset_id != NULL);

  op = g_new0 (CacheOp, 1);
  op->text = g_strdup (asset_id);

  queue_op (self, md_library_cache_delete_async, op, delete_job, cancellable, callback, user_data);
}

gboolean
md_library_cache_change_finish (MdLibraryCache  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
queue_load (MdLibraryCache      *self,
            gpointer             source_tag,
            guint                offset,
            gint64               limit,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  CacheOp *op = g_new0 (CacheOp, 1);

  op->offset = offset;
  op->limit = limit;
  queue_op (self, source_tag, op, load_job, cancellable, callback, user_data);
}

/**
 * md_library_cache_load_all_async:
 *
 * Loads every cached asset, newest first, parsed in the worker thread.
 * Parsing costs about 20 µs an asset: for a big library, show the first
 * page with md_library_cache_load_range_async() and load the rest after
 * (bench/library-cache.sh measures both).
 */
void
md_library_cache_load_all_async (MdLibraryCache      *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (MD_IS_LIBRARY_CACHE (self));

  queue_load (self, md_library_cache_load_all_async, 0, -1, cancellable, callback, user_data);
}

/**
 * md_library_cache_load_range_async:
 * @offset: how many of the newest assets to skip
 * @limit: how many to load at most
 *
 * Loads one slice of the created-desc order, e.g. the first screenful.
 */
void
md_library_cache_load_range_async (MdLibraryCache      *self,
                                   guint                offset,
                                   guint                limit,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (MD_IS_LIBRARY_CACHE (self));

  queue_load (self, md_library_cache_load_range_async, offset, limit, cancellable, callback, user_data);
}

/**
 * md_library_cache_load_finish:
 *
 * Finishes load_all and load_range.
 *
 * Returns: (transfer container) (element-type JsonNode): the assets' JSON
 *   objects in created-desc order (immutable nodes)
 */
GPtrArray *
md_library_cache_load_finish (MdLibraryCache  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == md_library_cache_load_all_async ||
                        g_task_get_source_tag (G_TASK (result)) == md_library_cache_load_range_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * md_library_cache_search_async:
 * @text: what the user typed
 *
 * Finds assets whose title, id, passthrough or external id has words
 * starting with each word of @text ("sun bea" finds "Sunset beach").
 */
void
md_library_cache_search_async (MdLibraryCache      *self,
                               const char          *text,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  CacheOp *op;

  g_return_if_fail (MD_IS_LIBRARY_CACHE (self));
  g_return_if_fail (text != NULL);

  op = g_new0 (CacheOp, 1);
  op->text = g_strdup (text);

  queue_op (self, md_library_cache_search_async, op, search_job, cancellable, callback, user_data);
}

/**
 * md_library_cache_search_finish:
 *
 * Returns: (transfer full): the matching asset ids, newest first; every id
 *   when the text has no word
 */
char **
md_library_cache_search_finish (MdLibraryCache  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == md_library_cache_search_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
md_library_cache_get_last_sync_async (MdLibraryCache      *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (MD_IS_LIBRARY_CACHE (self));

  queue_op (self, md_library_cache_get_last_sync_async, g_new0 (CacheOp, 1), last_sync_job,
            cancellable, callback, user_data);
}

/**
 * md_library_cache_get_last_sync_finish:
 *
 * Returns: (transfer full) (nullable): when the last full refresh was
 *   stored (UTC), %NULL without an error if never
 */
GDateTime *
md_library_cache_get_last_sync_finish (MdLibraryCache  *self,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == md_library_cache_get_last_sync_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
