/* md-library-cache.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-library-cache"

#include "config.h"

#include "md-library-cache.h"

#include "md-library-cache-private.h"

/* The last listing of one environment's assets, so the library opens at
 * once and browses offline. Each asset is kept as the JSON object the API
 * returned (the API core turns JSON into models, in one place); a few of
 * its fields are copied into indexed columns and an FTS5 table for sort
 * and search. The cache is disposable: an unreadable file is moved aside
 * and a new one started (see MdDatabase). */
struct _MdLibraryCache
{
  GObject     parent_instance;

  MdDatabase *database;
};

G_DEFINE_FINAL_TYPE (MdLibraryCache, md_library_cache, G_TYPE_OBJECT)

static void
md_library_cache_finalize (GObject *object)
{
  MdLibraryCache *self = (MdLibraryCache *) object;

  g_clear_object (&self->database);

  G_OBJECT_CLASS (md_library_cache_parent_class)->finalize (object);
}

static void
md_library_cache_class_init (MdLibraryCacheClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = md_library_cache_finalize;
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
  MdLibraryCache *self;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (MD_TYPE_LIBRARY_CACHE, NULL);
  self->database = md_database_new (path, md_library_cache_setup_database, TRUE);

  return self;
}

const char *
md_library_cache_get_path (MdLibraryCache *self)
{
  g_return_val_if_fail (MD_IS_LIBRARY_CACHE (self), NULL);

  return md_database_get_path (self->database);
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
  op->replace = TRUE;
  op->assets = g_ptr_array_new_full (assets->len, (GDestroyNotify) json_node_unref);
  for (guint i = 0; i < assets->len; i++)
    g_ptr_array_add (op->assets, json_node_ref (g_ptr_array_index (assets, i)));

  md_database_run_async (self->database, self, md_library_cache_replace_all_async, op,
                         (GDestroyNotify) md_library_cache_op_free, md_library_cache_write_assets_job,
                         cancellable, callback, user_data);
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

  md_database_run_async (self->database, self, md_library_cache_upsert_async, op,
                         (GDestroyNotify) md_library_cache_op_free, md_library_cache_write_assets_job,
                         cancellable, callback, user_data);
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

  md_database_run_async (self->database, self, md_library_cache_delete_async, op,
                         (GDestroyNotify) md_library_cache_op_free, md_library_cache_delete_job,
                         cancellable, callback, user_data);
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
  md_database_run_async (self->database, self, source_tag, op,
                         (GDestroyNotify) md_library_cache_op_free, md_library_cache_load_job,
                         cancellable, callback, user_data);
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

  md_database_run_async (self->database, self, md_library_cache_search_async, op,
                         (GDestroyNotify) md_library_cache_op_free, md_library_cache_search_job,
                         cancellable, callback, user_data);
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

  md_database_run_async (self->database, self, md_library_cache_get_last_sync_async, g_new0 (CacheOp, 1),
                         (GDestroyNotify) md_library_cache_op_free, md_library_cache_last_sync_job,
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
