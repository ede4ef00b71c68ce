/* bench-library-cache.c — how fast the library cache stores and opens a big library
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * bench-library-cache [N]: stores N synthetic assets (default 100,000) with
 * replace_all, then loads them all with a fresh cache object (as at start-up)
 * and searches them. The reference for the load is the bare SQLite query
 * over the same file, without turning rows into JSON nodes.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "md-library-cache.h"

static GAsyncResult *result;

static void
on_done_cb (GObject      *source,
            GAsyncResult *res,
            gpointer      user_data)
{
  result = g_object_ref (res);
}

static void
wait_for_result (void)
{
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
}

static JsonNode *
make_asset (guint i)
{
  g_autofree char *json = g_strdup_printf (
    "{\"id\":\"bench%07u\",\"status\":\"ready\",\"created_at\":\"%u\",\"duration\":%u.5,"
    "\"aspect_ratio\":\"16:9\",\"max_resolution_tier\":\"1080p\",\"video_quality\":\"basic\","
    "\"passthrough\":\"batch-%u\",\"meta\":{\"title\":\"Episode %u of the long running series\","
    "\"external_id\":\"ext-%u\"},\"playback_ids\":[{\"id\":\"pb%07u\",\"policy\":\"public\"}],"
    "\"tracks\":[{\"type\":\"video\",\"max_width\":1920,\"max_height\":1080,\"max_frame_rate\":30},"
    "{\"type\":\"audio\",\"max_channels\":2}],\"upload_id\":\"up%07u\",\"is_live\":false,\"test\":false}",
    i, 1600000000 + i, i % 3600, i % 100, i, i, i, i);

  return json_from_string (json, NULL);
}

static double
elapsed_ms (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
report (const char *figure,
        double      ours,
        double      ref)
{
  if (ref > 0)
    g_print ("BENCH %s ours=%.1f ref=%.1f unit=ms ratio=%.2f\n", figure, ours, ref, ours / ref);
  else
    g_print ("BENCH %s ours=%.1f ref=- unit=ms ratio=-\n", figure, ours);
}

int
main (int   argc,
      char *argv[])
{
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 100000;
  g_autofree char *dir = g_dir_make_tmp ("md-bench-cache-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "library.db", NULL);
  g_autoptr(GPtrArray) assets = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autoptr(MdLibraryCache) cache = NULL;
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = NULL;
  double replace_ms, load_ms, raw_ms, page_ms, raw_page_ms, search_ms;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint rows = 0;
  gint64 start;

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (assets, make_asset (i));

  cache = md_library_cache_new_for_path (path);
  start = g_get_monotonic_time ();
  md_library_cache_replace_all_async (cache, assets, NULL, on_done_cb, NULL);
  wait_for_result ();
  replace_ms = elapsed_ms (start);
  if (!md_library_cache_change_finish (cache, result, &error))
    g_error ("replace_all: %s", error->message);
  g_clear_object (&result);
  g_clear_object (&cache);

  /* A fresh object, as the app has at start-up. */
  cache = md_library_cache_new_for_path (path);
  start = g_get_monotonic_time ();
  md_library_cache_load_all_async (cache, NULL, on_done_cb, NULL);
  wait_for_result ();
  load_ms = elapsed_ms (start);
  loaded = md_library_cache_load_finish (cache, result, &error);
  if (loaded == NULL || loaded->len != n)
    g_error ("load_all: %s", error ? error->message : "wrong count");
  g_clear_object (&result);

  /* What the library needs to show its first screen. */
  start = g_get_monotonic_time ();
  md_library_cache_load_range_async (cache, 0, 100, NULL, on_done_cb, NULL);
  wait_for_result ();
  page_ms = elapsed_ms (start);
  page = md_library_cache_load_finish (cache, result, &error);
  if (page == NULL || page->len != MIN (n, 100))
    g_error ("load_range: %s", error ? error->message : "wrong count");
  g_clear_object (&result);

  start = g_get_monotonic_time ();
  md_library_cache_search_async (cache, "episode 4", NULL, on_done_cb, NULL);
  wait_for_result ();
  search_ms = elapsed_ms (start);
  ids = md_library_cache_search_finish (cache, result, &error);
  g_clear_object (&result);

  /* Reference: the same rows straight from SQLite, not parsed. */
  start = g_get_monotonic_time ();
  sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL);
  sqlite3_prepare_v2 (db, "SELECT id, json FROM assets ORDER BY created_at DESC, id", -1, &stmt, NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    rows += sqlite3_column_bytes (stmt, 1) > 0;
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  raw_ms = elapsed_ms (start);
  g_assert (rows == n);

  start = g_get_monotonic_time ();
  sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL);
  sqlite3_prepare_v2 (db, "SELECT id, json FROM assets ORDER BY created_at DESC, id LIMIT 100", -1, &stmt, NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    ;
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  raw_page_ms = elapsed_ms (start);

  g_print ("%u assets; search \"episode 4\" found %u\n", n, g_strv_length (ids));
  report ("cache_replace_all", replace_ms, 0);
  report ("cache_load_all", load_ms, raw_ms);
  report ("cache_first_page", page_ms, raw_page_ms);
  report ("cache_search", search_ms, 0);

  g_clear_object (&cache);
  {
    const char *suffixes[] = { "", "-wal", "-shm" };

    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
        g_unlink (file);
      }
    g_rmdir (dir);
  }
  return 0;
}
