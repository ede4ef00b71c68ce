/* md-library-cache-jobs.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-library-cache"

#include "config.h"

#include "md-library-cache-private.h"

#include <glib/gi18n.h>

/* The SQL side of MdLibraryCache, run in its database's worker thread.
 * Assets are rows of their JSON plus indexed copies of a few fields; the
 * FTS5 table (same rowids) is kept in step here rather than by triggers,
 * so a full refresh can empty both tables at once. */

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

void
md_library_cache_op_free (CacheOp *op)
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

gboolean
md_library_cache_setup_database (sqlite3  *db,
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

gboolean
md_library_cache_write_assets_job (sqlite3  *db,
                                   GTask    *task,
                                   GError  **error)
{
  CacheOp *op = g_task_get_task_data (task);
  gboolean replace = op->replace;
  g_autoptr(sqlite3_stmt) stamp = NULL;
  g_auto(Writer) writer = { NULL, };

  if (!writer_prepare (&writer, db, error) || !md_database_begin (db, error))
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

  return md_database_commit_task (db, task, error);

failed:
  return md_database_abort (db, error);
}

gboolean
md_library_cache_delete_job (sqlite3  *db,
                             GTask    *task,
                             GError  **error)
{
  CacheOp *op = g_task_get_task_data (task);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) unindex = NULL;

  if (!md_database_begin (db, error))
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

  return md_database_commit_task (db, task, error);

failed:
  return md_database_abort (db, error);
}

gboolean
md_library_cache_load_job (sqlite3  *db,
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

  if (!md_database_rows_done (db, rc, error))
    return FALSE;

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

gboolean
md_library_cache_search_job (sqlite3  *db,
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

  if (!md_database_rows_done (db, rc, error))
    return FALSE;

  g_ptr_array_add (ids, NULL);
  g_task_return_pointer (task, g_ptr_array_steal (ids, NULL), (GDestroyNotify) g_strfreev);
  return TRUE;
}

gboolean
md_library_cache_last_sync_job (sqlite3  *db,
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

