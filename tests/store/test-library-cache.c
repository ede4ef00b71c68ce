/* test-library-cache.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "md-library-cache.h"
#include "md-store-test.h"

/* An asset as the API returns it (the fields the cache indexes and some it does not). */
static JsonNode *
make_asset (const char *id,
            const char *title,
            gint64      created_at,
            const char *passthrough,
            const char *external_id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *created = g_strdup_printf ("%" G_GINT64_FORMAT, created_at);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, "ready");
  json_builder_set_member_name (builder, "created_at");
  json_builder_add_string_value (builder, created);
  json_builder_set_member_name (builder, "duration");
  json_builder_add_double_value (builder, 12.5);
  json_builder_set_member_name (builder, "aspect_ratio");
  json_builder_add_string_value (builder, "16:9");
  if (passthrough != NULL)
    {
      json_builder_set_member_name (builder, "passthrough");
      json_builder_add_string_value (builder, passthrough);
    }
  json_builder_set_member_name (builder, "meta");
  json_builder_begin_object (builder);
  if (title != NULL)
    {
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, title);
    }
  if (external_id != NULL)
    {
      json_builder_set_member_name (builder, "external_id");
      json_builder_add_string_value (builder, external_id);
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "playback_ids");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, "pb-1");
  json_builder_set_member_name (builder, "policy");
  json_builder_add_string_value (builder, "public");
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static GPtrArray *
sample_assets (void)
{
  GPtrArray *assets = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);

  g_ptr_array_add (assets, make_asset ("aBc123", "Sunset beach", 1700000300, "campaign-7", NULL));
  g_ptr_array_add (assets, make_asset ("xyz789", "Café interview", 1700000100, NULL, "ext-42"));
  g_ptr_array_add (assets, make_asset ("def456", NULL, 1700000200, "user:17", NULL));
  return assets;
}

static void
expect_change (MdLibraryCache *cache,
               GAsyncResult  **slot)
{
  g_autoptr(GAsyncResult) result = store_test_wait (slot);
  g_autoptr(GError) error = NULL;

  g_assert_true (md_library_cache_change_finish (cache, result, &error));
  g_assert_no_error (error);
}

static void
replace_all (MdLibraryCache *cache,
             GPtrArray      *assets)
{
  GAsyncResult *slot = NULL;

  md_library_cache_replace_all_async (cache, assets, NULL, store_test_done_cb, &slot);
  expect_change (cache, &slot);
}

static GPtrArray *
load_all (MdLibraryCache *cache)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  GPtrArray *assets;

  md_library_cache_load_all_async (cache, NULL, store_test_done_cb, &slot);
  result = store_test_wait (&slot);
  assets = md_library_cache_load_finish (cache, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (assets);
  return assets;
}

static char **
search (MdLibraryCache *cache,
        const char     *text)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  char **ids;

  md_library_cache_search_async (cache, text, NULL, store_test_done_cb, &slot);
  result = store_test_wait (&slot);
  ids = md_library_cache_search_finish (cache, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ids);
  return ids;
}

static GDateTime *
last_sync (MdLibraryCache *cache)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  GDateTime *when;

  md_library_cache_get_last_sync_async (cache, NULL, store_test_done_cb, &slot);
  result = store_test_wait (&slot);
  when = md_library_cache_get_last_sync_finish (cache, result, &error);
  g_assert_no_error (error);
  return when;
}

static const char *
asset_id (GPtrArray *assets,
          guint      i)
{
  return json_object_get_string_member (json_node_get_object (g_ptr_array_index (assets, i)), "id");
}

#define assert_ids(ids, ...) g_assert_cmpstrv ((ids), ((const char * const[]) { __VA_ARGS__, NULL }))

static void
test_replace_and_load (void)
{
  g_autoptr(MdLibraryCache) cache = md_library_cache_new ("env-lib");
  g_autoptr(GPtrArray) assets = sample_assets ();
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *expected_path = g_build_filename (g_get_user_cache_dir (), "muxdesk", "env-lib",
                                                     "library.db", NULL);
  g_autofree char *original = NULL;
  g_autofree char *cached = NULL;

  g_assert_cmpstr (md_library_cache_get_path (cache), ==, expected_path);

  /* A new cache is empty and never synced. */
  loaded = load_all (cache);
  g_assert_cmpuint (loaded->len, ==, 0);
  g_clear_pointer (&loaded, g_ptr_array_unref);
  g_assert_null (last_sync (cache));

  replace_all (cache, assets);
  when = last_sync (cache);
  g_assert_nonnull (when);
  g_assert_cmpint (ABS (g_date_time_difference (now, when)), <, 5 * G_TIME_SPAN_MINUTE);

  /* Newest first, and each the JSON object exactly as given. */
  loaded = load_all (cache);
  g_assert_cmpuint (loaded->len, ==, 3);
  g_assert_cmpstr (asset_id (loaded, 0), ==, "aBc123");
  g_assert_cmpstr (asset_id (loaded, 1), ==, "def456");
  g_assert_cmpstr (asset_id (loaded, 2), ==, "xyz789");
  original = json_to_string (g_ptr_array_index (assets, 1), FALSE);
  cached = json_to_string (g_ptr_array_index (loaded, 2), FALSE);
  g_assert_cmpstr (cached, ==, original);
  g_clear_pointer (&loaded, g_ptr_array_unref);

  /* A full refresh replaces everything: what the server no longer has goes. */
  g_ptr_array_remove_index (assets, 0);
  replace_all (cache, assets);
  g_clear_object (&cache);

  cache = md_library_cache_new ("env-lib");
  loaded = load_all (cache);
  g_assert_cmpuint (loaded->len, ==, 2);
  g_assert_cmpstr (asset_id (loaded, 0), ==, "def456");
  g_assert_cmpstr (asset_id (loaded, 1), ==, "xyz789");
}

static void
test_upsert_and_delete (void)
{
  g_autoptr(MdLibraryCache) cache = md_library_cache_new ("env-upsert");
  g_autoptr(GPtrArray) assets = sample_assets ();
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(JsonNode) renamed = make_asset ("xyz789", "Harbour at night", 1700000100, NULL, "ext-42");
  g_autoptr(JsonNode) added = make_asset ("new001", "Fresh upload", 1700000400, NULL, NULL);
  g_auto(GStrv) ids = NULL;
  GAsyncResult *slot = NULL;

  replace_all (cache, assets);

  md_library_cache_upsert_async (cache, renamed, NULL, store_test_done_cb, &slot);
  expect_change (cache, &slot);
  md_library_cache_upsert_async (cache, added, NULL, store_test_done_cb, &slot);
  expect_change (cache, &slot);

  loaded = load_all (cache);
  g_assert_cmpuint (loaded->len, ==, 4);
  g_assert_cmpstr (asset_id (loaded, 0), ==, "new001");
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (json_node_get_object (g_ptr_array_index (loaded, 3)), "meta"),
                     "title"), ==, "Harbour at night");
  g_clear_pointer (&loaded, g_ptr_array_unref);

  /* The search index follows the edit. */
  ids = search (cache, "caf");
  assert_ids (ids, NULL);
  g_clear_pointer (&ids, g_strfreev);
  ids = search (cache, "harb");
  assert_ids (ids, "xyz789");
  g_clear_pointer (&ids, g_strfreev);

  md_library_cache_delete_async (cache, "xyz789", NULL, store_test_done_cb, &slot);
  expect_change (cache, &slot);
  /* Deleting what is not cached is fine. */
  md_library_cache_delete_async (cache, "never-cached", NULL, store_test_done_cb, &slot);
  expect_change (cache, &slot);

  ids = search (cache, "harb");
  assert_ids (ids, NULL);
  g_clear_pointer (&ids, g_strfreev);
  loaded = load_all (cache);
  g_assert_cmpuint (loaded->len, ==, 3);
}

static void
test_search (void)
{
  g_autoptr(MdLibraryCache) cache = md_library_cache_new ("env-search");
  g_autoptr(GPtrArray) assets = sample_assets ();
  g_auto(GStrv) ids = NULL;

  replace_all (cache, assets);

  ids = search (cache, "sun");
  assert_ids (ids, "aBc123");
  g_clear_pointer (&ids, g_strfreev);
  /* Every word is a prefix, all required, any order, any case. */
  ids = search (cache, "BEA sun");
  assert_ids (ids, "aBc123");
  g_clear_pointer (&ids, g_strfreev);
  ids = search (cache, "sun night");
  assert_ids (ids, NULL);
  g_clear_pointer (&ids, g_strfreev);
  /* Id, passthrough, external id; accents fold. */
  ids = search (cache, "def4");
  assert_ids (ids, "def456");
  g_clear_pointer (&ids, g_strfreev);
  ids = search (cache, "campaign");
  assert_ids (ids, "aBc123");
  g_clear_pointer (&ids, g_strfreev);
  ids = search (cache, "ext-4");
  assert_ids (ids, "xyz789");
  g_clear_pointer (&ids, g_strfreev);
  ids = search (cache, "cafe");
  assert_ids (ids, "xyz789");
  g_clear_pointer (&ids, g_strfreev);
  /* FTS5 syntax in what the user typed is just text. */
  ids = search (cache, "\"sun* OR (NEAR");
  assert_ids (ids, NULL);
  g_clear_pointer (&ids, g_strfreev);
  /* No word at all: everything, newest first. */
  ids = search (cache, " -- ");
  assert_ids (ids, "aBc123", "def456", "xyz789");
}

static void
test_invalid_asset_changes_nothing (void)
{
  g_autoptr(MdLibraryCache) cache = md_library_cache_new ("env-invalid");
  g_autoptr(GPtrArray) assets = sample_assets ();
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  replace_all (cache, assets);

  g_ptr_array_remove_index (assets, 0);
  g_ptr_array_add (assets, json_from_string ("{\"status\":\"ready\"}", NULL));
  md_library_cache_replace_all_async (cache, assets, NULL, store_test_done_cb, &slot);
  result = store_test_wait (&slot);
  g_assert_false (md_library_cache_change_finish (cache, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);

  loaded = load_all (cache);
  g_assert_cmpuint (loaded->len, ==, 3);
}

/* 10,000 assets round-trip in order; the time is reported, not asserted
 * (bench/library-cache.sh measures 100,000). */
static void
test_ten_thousand (void)
{
  g_autoptr(MdLibraryCache) cache = md_library_cache_new ("env-big");
  g_autoptr(GPtrArray) assets = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autoptr(GPtrArray) loaded = NULL;
  g_auto(GStrv) ids = NULL;
  gint64 start;

  for (guint i = 0; i < 10000; i++)
    {
      g_autofree char *id = g_strdup_printf ("asset%05u", i);
      g_autofree char *title = g_strdup_printf ("Episode %u of the series", i);

      g_ptr_array_add (assets, make_asset (id, title, 1600000000 + i, NULL, NULL));
    }

  start = g_get_monotonic_time ();
  replace_all (cache, assets);
  g_test_message ("replace_all of 10,000 assets: %.1f ms", (g_get_monotonic_time () - start) / 1000.0);

  start = g_get_monotonic_time ();
  loaded = load_all (cache);
  g_test_message ("load_all of 10,000 assets: %.1f ms", (g_get_monotonic_time () - start) / 1000.0);

  g_assert_cmpuint (loaded->len, ==, 10000);
  for (guint i = 0; i < loaded->len; i++)
    {
      g_autofree char *expected = g_strdup_printf ("asset%05u", 9999 - i);

      g_assert_cmpstr (asset_id (loaded, i), ==, expected);
    }

  ids = search (cache, "episode 9999");
  assert_ids (ids, "asset09999");

  /* One slice of the same order, as the library shows its first page. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GPtrArray) page = NULL;
    g_autoptr(GError) error = NULL;
    GAsyncResult *slot = NULL;

    md_library_cache_load_range_async (cache, 100, 50, NULL, store_test_done_cb, &slot);
    result = store_test_wait (&slot);
    page = md_library_cache_load_finish (cache, result, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (page->len, ==, 50);
    g_assert_cmpstr (asset_id (page, 0), ==, "asset09899");
    g_assert_cmpstr (asset_id (page, 49), ==, "asset09850");
  }
}

static void
assert_recovers_from (const char *folder,
                      const char *contents,
                      gssize      length)
{
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), folder, "library.db", NULL);
  g_autofree char *aside = g_strconcat (path, ".corrupt", NULL);
  g_autoptr(MdLibraryCache) cache = NULL;
  g_autoptr(GPtrArray) assets = sample_assets ();
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  gsize kept_length;
  g_autofree char *dir = g_path_get_dirname (path);

  g_mkdir_with_parents (dir, 0700);
  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);

  cache = md_library_cache_new_for_path (path);
  g_test_expect_message ("md-database", G_LOG_LEVEL_WARNING, "*was unreadable; moved it aside*");
  loaded = load_all (cache);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (loaded->len, ==, 0);

  /* The broken file is kept for a post-mortem; the new cache works. */
  g_file_get_contents (aside, &kept, &kept_length, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (kept, kept_length, contents, length >= 0 ? (gsize) length : strlen (contents));

  replace_all (cache, assets);
  g_clear_pointer (&loaded, g_ptr_array_unref);
  loaded = load_all (cache);
  g_assert_cmpuint (loaded->len, ==, 3);
}

static void
test_corrupt_file_recovered (void)
{
  assert_recovers_from ("corrupt", "This is not an SQLite database, it is a shopping list: milk, eggs, bread.\n", -1);
}

static void
test_damaged_database_recovered (void)
{
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "damaged", "library.db", NULL);
  g_autoptr(MdLibraryCache) cache = md_library_cache_new_for_path (path);
  g_autoptr(GPtrArray) assets = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;
  gsize length;

  /* A real database, checkpointed into one file, then cut in half. */
  for (guint i = 0; i < 2000; i++)
    {
      g_autofree char *id = g_strdup_printf ("asset%05u", i);

      g_ptr_array_add (assets, make_asset (id, "A title long enough to fill pages", 1600000000 + i, NULL, NULL));
    }
  replace_all (cache, assets);

  /* Move everything from the WAL into the main file, then copy that. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 65536);

  assert_recovers_from ("truncated", contents, length / 2);
}

static void
delete_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        delete_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *cache_home = NULL;
  int status;

  /* One fresh XDG cache for this program, set before anything reads it;
   * each test works in its own folder in it. (Not G_TEST_OPTION_ISOLATE_DIRS:
   * its deliberate leaks need slow unwinding under LeakSanitizer, which
   * makes the 10,000-row test crawl.) */
  cache_home = g_dir_make_tmp ("test-library-cache-XXXXXX", NULL);
  g_setenv ("XDG_CACHE_HOME", cache_home, TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/library-cache/replace-and-load", test_replace_and_load);
  g_test_add_func ("/library-cache/upsert-and-delete", test_upsert_and_delete);
  g_test_add_func ("/library-cache/search", test_search);
  g_test_add_func ("/library-cache/invalid-asset-changes-nothing", test_invalid_asset_changes_nothing);
  g_test_add_func ("/library-cache/ten-thousand", test_ten_thousand);
  g_test_add_func ("/library-cache/corrupt-file-recovered", test_corrupt_file_recovered);
  g_test_add_func ("/library-cache/damaged-database-recovered", test_damaged_database_recovered);

  status = g_test_run ();
  delete_tree (cache_home);
  return status;
}
