/* test-fault-cache.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Nothing half-written in the library cache (issue 11): MdLibraryPage
 * lists a 250-asset library from the real sandbox and caches it; then the
 * sandbox gains assets and fails the listing's first or a later page
 * (malformed JSON, a connection reset, a 500) while the page lists again,
 * at the next start and by a refresh in place. The cache must still hold
 * the previous complete listing: no page of the new one, no emptied table.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "md-library-page.h"
#include "md-test-sandbox.h"
#include "md-test-utils.h"

#define WAIT_MS 60000
#define N_ASSETS 250

typedef enum
{
  AT_NEXT_START,
  BY_REFRESH,
} When;

typedef struct
{
  const char *name;
  const char *action;     /* the fault's members after match, path and method */
  guint       skip;       /* pages let through first */
  When        when;
} Scenario;

static const Scenario scenarios[] = {
  { "start/first-page-malformed-json", "\"action\":\"malformed-json\"", 0, AT_NEXT_START },
  { "start/second-page-malformed-json", "\"action\":\"malformed-json\"", 1, AT_NEXT_START },
  { "start/second-page-reset", "\"action\":\"reset\"", 1, AT_NEXT_START },
  { "start/third-page-500", "\"action\":\"status\",\"status\":500", 2, AT_NEXT_START },
  { "refresh/first-page-500", "\"action\":\"status\",\"status\":500", 0, BY_REFRESH },
  { "refresh/second-page-malformed-json", "\"action\":\"malformed-json\"", 1, BY_REFRESH },
  { "refresh/third-page-reset", "\"action\":\"reset\"", 2, BY_REFRESH },
};

typedef struct
{
  MdTestSandbox  *sandbox;
  char           *dir;
  char           *cache_path;
  MdClient       *client;
  GtkWindow      *window;
  MdLibraryPage  *page;
  MdLibraryCache *cache;
} Fixture;

typedef struct
{
  GAsyncResult *result;
} Call;

static void
on_call_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ((Call *) user_data)->result = g_object_ref (result);
}

static gboolean
call_is_done (gpointer user_data)
{
  return ((Call *) user_data)->result != NULL;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
admin (Fixture    *fixture,
       const char *method,
       const char *path,
       const char *body)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (md_test_sandbox_admin (fixture->sandbox, method, path, body, NULL, &error));
  g_assert_no_error (error);
}

/* Runs pending idles (the page writes its cache from one), then reads the
 * cache through the page's own MdLibraryCache: its jobs run in order, so
 * the read sees every write the page queued before it. */
static GHashTable *
cached_ids (Fixture    *fixture,
            GDateTime **out_last_sync)
{
  GHashTable *ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) nodes = NULL;
  g_autoptr(GError) error = NULL;
  Call load = { NULL }, sync = { NULL };

  while (g_main_context_iteration (NULL, FALSE))
    ;
  md_library_cache_load_all_async (fixture->cache, NULL, on_call_done_cb, &load);
  md_library_cache_get_last_sync_async (fixture->cache, NULL, on_call_done_cb, &sync);
  g_assert_true (md_test_wait_until (call_is_done, &load, WAIT_MS));
  g_assert_true (md_test_wait_until (call_is_done, &sync, WAIT_MS));

  nodes = md_library_cache_load_finish (fixture->cache, load.result, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < nodes->len; i++)
    {
      JsonObject *object = json_node_get_object (g_ptr_array_index (nodes, i));

      g_hash_table_add (ids, g_strdup (json_object_get_string_member (object, "id")));
    }
  *out_last_sync = md_library_cache_get_last_sync_finish (fixture->cache, sync.result, &error);
  g_assert_no_error (error);
  g_object_unref (load.result);
  g_object_unref (sync.result);
  return ids;
}

/* When the cache says it last listed the library, to the microsecond, read
 * from its file (the API rounds to seconds, too coarse to see a rewrite). */
static gint64
stored_sync_usec (Fixture *fixture)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 usec;

  g_assert_cmpint (sqlite3_open_v2 (fixture->cache_path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT value FROM sync WHERE key = 'last-sync-usec'", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  usec = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return usec;
}

static gboolean
page_lists_all (gpointer user_data)
{
  Fixture *fixture = user_data;

  return g_list_model_get_n_items (md_library_page_get_model (fixture->page)) == N_ASSETS;
}

static gboolean
page_lists_all_and_more (gpointer user_data)
{
  Fixture *fixture = user_data;

  return g_list_model_get_n_items (md_library_page_get_model (fixture->page)) == N_ASSETS + 5;
}

/* The page shows a listing's error on its error page (and in the list's
 * place when nothing else can be shown). */
static gboolean
page_has_error (gpointer user_data)
{
  Fixture *fixture = user_data;
  AdwStatusPage *error_page =
    ADW_STATUS_PAGE (gtk_widget_get_template_child (GTK_WIDGET (fixture->page), MD_TYPE_LIBRARY_PAGE, "error_page"));
  const char *description = adw_status_page_get_description (error_page);

  return description != NULL && description[0] != '\0';
}

static void
open_page (Fixture *fixture)
{
  fixture->cache = md_library_cache_new_for_path (fixture->cache_path);
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 900, 600);
  fixture->page = MD_LIBRARY_PAGE (md_library_page_new ());
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->page));
  gtk_window_present (fixture->window);
  md_library_page_set_cache (fixture->page, fixture->cache);
  md_library_page_set_client (fixture->page, fixture->client);
}

static void
close_page (Fixture *fixture)
{
  g_clear_pointer (&fixture->window, gtk_window_destroy);
  fixture->page = NULL;
  g_clear_object (&fixture->cache);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const char *const args[] = { "--no-rate-limit", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *records = g_strdup_printf ("{\"assets\":%d}", N_ASSETS);

  fixture->sandbox = md_test_sandbox_start (args, &error);
  g_assert_no_error (error);
  admin (fixture, "POST", "/_sandbox/records", records);
  fixture->dir = g_dir_make_tmp ("md-fault-cache-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->cache_path = g_build_filename (fixture->dir, "library.db", NULL);
  fixture->client = md_client_new (md_test_sandbox_get_token_id (fixture->sandbox),
                                   md_test_sandbox_get_token_secret (fixture->sandbox));
  md_client_set_api_url (fixture->client, md_test_sandbox_get_api_url (fixture->sandbox));
  md_client_set_image_url (fixture->client, md_test_sandbox_get_image_url (fixture->sandbox));
  /* Unpaced and quick to give up, through the documented properties. */
  g_object_set (fixture->client,
                "rate-limit", FALSE,
                "max-attempts", 3,
                "retry-min-delay", 10,
                "retry-max-delay", 50,
                NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  close_page (fixture);
  g_clear_object (&fixture->client);
  g_clear_pointer (&fixture->sandbox, md_test_sandbox_stop);
  remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->cache_path, g_free);
}

static gboolean
same_ids (GHashTable *a,
          GHashTable *b)
{
  GHashTableIter iter;
  gpointer id;

  if (g_hash_table_size (a) != g_hash_table_size (b))
    return FALSE;
  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    if (!g_hash_table_contains (b, id))
      return FALSE;
  return TRUE;
}

static void
test_fault (Fixture       *fixture,
            gconstpointer  data)
{
  const Scenario *scenario = data;
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(GDateTime) synced_before = NULL;
  g_autoptr(GDateTime) synced_after = NULL;
  g_autofree char *rule = NULL;
  gint64 stamp_before;

  /* A complete listing, cached. */
  open_page (fixture);
  g_assert_true (md_test_wait_until (page_lists_all, fixture, WAIT_MS));
  before = cached_ids (fixture, &synced_before);
  g_assert_cmpuint (g_hash_table_size (before), ==, N_ASSETS);
  g_assert_nonnull (synced_before);
  stamp_before = stored_sync_usec (fixture);

  /* The library changes; listing it again fails part-way. */
  admin (fixture, "POST", "/_sandbox/records", "{\"assets\":5}");
  rule = g_strdup_printf ("{\"match\":\"path\",\"path\":\"/video/v1/assets\",\"method\":\"GET\","
                          "\"skip\":%u,\"count\":0,%s}", scenario->skip, scenario->action);
  admin (fixture, "POST", "/_sandbox/faults", rule);

  if (scenario->when == AT_NEXT_START)
    {
      close_page (fixture);
      open_page (fixture);
    }
  else
    md_library_page_refresh (fixture->page);
  g_assert_true (md_test_wait_until (page_has_error, fixture, WAIT_MS));

  after = cached_ids (fixture, &synced_after);
  g_test_message ("%s: %u cached before, %u after", scenario->name,
                  g_hash_table_size (before), g_hash_table_size (after));
  g_assert_true (same_ids (before, after));
  /* ...and it does not claim a listing that never completed. */
  g_assert_nonnull (synced_after);
  g_assert_true (g_date_time_equal (synced_before, synced_after));
  g_assert_cmpint (stored_sync_usec (fixture), ==, stamp_before);

  /* Once the fault is gone, the next listing replaces it whole. */
  admin (fixture, "DELETE", "/_sandbox/faults", NULL);
  md_library_page_refresh (fixture->page);
  g_assert_true (md_test_wait_until (page_lists_all_and_more, fixture, WAIT_MS));
  g_clear_pointer (&after, g_hash_table_unref);
  g_clear_pointer (&synced_after, g_date_time_unref);
  after = cached_ids (fixture, &synced_after);
  g_assert_cmpuint (g_hash_table_size (after), ==, N_ASSETS + 5);
  g_assert_cmpint (stored_sync_usec (fixture), >, stamp_before);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  for (guint i = 0; i < G_N_ELEMENTS (scenarios); i++)
    {
      g_autofree char *path = g_strdup_printf ("/hardening/fault-cache/%s", scenarios[i].name);

      g_test_add (path, Fixture, &scenarios[i], fixture_set_up, test_fault, fixture_tear_down);
    }

  return g_test_run ();
}
