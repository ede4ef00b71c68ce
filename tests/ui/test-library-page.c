/* test-library-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "md-asset-row.h"
#include "md-asset-snapshot.h"
#include "md-library-page.h"
#include "md-test-library.h"
#include "md-test-sandbox.h"
#include "md-test-utils.h"
#include "md-test-widgets.h"

/* MdLibraryPage in a real window under Xvfb, against the real sandbox on
 * 127.0.0.1. Screenshots land in the build dir (tests/ui/screenshots). */

#define WAIT_MS 60000

/* Seeding encodes real media: done once, for all the tests that use it. */
static const char *const SEEDED[] = { "--seed", NULL };
static MdTestSandbox *seeded_sandbox;

typedef struct
{
  MdTestSandbox    *sandbox;
  gboolean          shared_sandbox;
  char             *dir;
  GtkWindow        *window;
  MdLibraryPage    *page;
  MdClient         *client;
  MdLibraryCache   *cache;
  MdThumbnailCache *thumbnails;
} Fixture;

/* Helpers --------------------------------------------------------------- */

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

/* An address where nothing listens: bound on port 0, then closed. */
static char *
dead_url (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  guint16 port;

  g_assert_true (g_socket_bind (socket, address, FALSE, &error));
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);
  return g_strdup_printf ("http://127.0.0.1:%u", port);
}

static gboolean
page_is_laid_out (gpointer user_data)
{
  Fixture *f = user_data;

  return gtk_widget_get_mapped (GTK_WIDGET (f->page)) && gtk_widget_get_width (GTK_WIDGET (f->page)) > 0;
}

static void
open_page (Fixture *f)
{
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1100, 720);
  f->page = MD_LIBRARY_PAGE (md_library_page_new ());
  md_library_page_set_thumbnail_cache (f->page, f->thumbnails);
  gtk_window_set_child (f->window, GTK_WIDGET (f->page));
  gtk_window_present (f->window);
  g_assert_true (md_test_wait_until (page_is_laid_out, f, 10000));
}

static void
close_page (Fixture *f)
{
  g_clear_pointer (&f->window, gtk_window_destroy);
  f->page = NULL;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  g_autofree char *thumbs = NULL;
  const char *const *args = data;

  f->dir = g_dir_make_tmp ("md-library-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (f->dir, "library.db", NULL);
  thumbs = g_build_filename (f->dir, "thumbnails", NULL);
  f->cache = md_library_cache_new_for_path (db);
  f->thumbnails = md_thumbnail_cache_new (thumbs, 16 * 1024 * 1024);

  if (args == SEEDED)
    {
      if (seeded_sandbox == NULL)
        seeded_sandbox = md_test_sandbox_start (SEEDED, &error);
      g_assert_no_error (error);
      f->sandbox = seeded_sandbox;
      f->shared_sandbox = TRUE;
      f->client = md_test_library_client (f->sandbox, NULL);
    }
  else if (args != NULL)
    {
      f->sandbox = md_test_sandbox_start (args, &error);
      g_assert_no_error (error);
      f->client = md_test_library_client (f->sandbox, NULL);
    }
  open_page (f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  close_page (f);
  g_clear_object (&f->client);
  g_clear_object (&f->cache);
  g_clear_object (&f->thumbnails);
  if (f->shared_sandbox)
    f->sandbox = NULL;
  g_clear_pointer (&f->sandbox, md_test_sandbox_stop);
  remove_tree (f->dir);
  g_free (f->dir);
}

static void
wait_for_state (Fixture    *f,
                const char *state)
{
  md_test_library_wait_for_state (f->page, state, WAIT_MS);
}

/* Every MdAssetRow alive under @widget. */
static void
collect_rows (GtkWidget *widget,
              GPtrArray *rows)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (MD_IS_ASSET_ROW (child))
        g_ptr_array_add (rows, child);
      else
        collect_rows (child, rows);
    }
}

static GPtrArray *
live_rows (Fixture *f)
{
  GPtrArray *rows = g_ptr_array_new ();

  collect_rows (GTK_WIDGET (md_library_page_get_list_view (f->page)), rows);
  return rows;
}

static void
on_result_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
result_arrived (gpointer user_data)
{
  return *(GAsyncResult **) user_data != NULL;
}

static void
fill_cache (Fixture *f,
            guint    n)
{
  g_autoptr(GPtrArray) nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"id\":\"cached-%03u\",\"status\":\"ready\",\"created_at\":\"%u\","
                                               "\"duration\":%u.5,\"meta\":{\"title\":\"Cached video %u\"},"
                                               "\"playback_ids\":[{\"id\":\"pb-%u\",\"policy\":\"public\"}],"
                                               "\"tracks\":[{\"type\":\"video\",\"max_width\":1920,\"max_height\":1080}]}",
                                               i, 1700000000 + i, 10 + i, i, i);
      g_ptr_array_add (nodes, json_from_string (json, NULL));
    }

  md_library_cache_replace_all_async (f->cache, nodes, NULL, on_result_cb, &result);
  g_assert_true (md_test_wait_until (result_arrived, &result, WAIT_MS));
  g_assert_true (md_library_cache_change_finish (f->cache, result, &error));
  g_assert_no_error (error);
}

/* Tests that need no asset routes ------------------------------------- */

static gboolean
page_is_offline (gpointer user_data)
{
  return md_library_page_get_offline (MD_LIBRARY_PAGE (user_data));
}

static GtkWidget *
find_by_css_class (GtkWidget  *widget,
                   const char *css_class)
{
  if (gtk_widget_has_css_class (widget, css_class))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_css_class (child, css_class);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The banner has finished sliding in (so the screenshot shows it). */
static gboolean
banner_is_shown (gpointer user_data)
{
  GtkWidget *banner = find_by_css_class (GTK_WIDGET (user_data), "md-offline-banner");

  return banner != NULL && gtk_revealer_get_child_revealed (GTK_REVEALER (gtk_widget_get_parent (banner)));
}

/* The cache's listing shows at once and, with Mux unreachable, stays,
 * marked stale; writes are refused with a message. */
static void
test_offline_from_cache (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *url = dead_url ();
  g_autoptr(MdClient) client = md_client_new ("id", "not-a-real-secret");
  GListModel *model = md_library_page_get_model (f->page);

  fill_cache (f, 30);
  md_client_set_api_url (client, url);
  md_client_set_image_url (client, url);

  md_library_page_set_cache (f->page, f->cache);
  md_library_page_set_client (f->page, client);

  wait_for_state (f, "list");
  g_assert_true (md_test_wait_until (page_is_offline, f->page, WAIT_MS));
  g_assert_true (md_test_wait_until (banner_is_shown, f->page, WAIT_MS));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 30);
  md_test_screenshot (GTK_WIDGET (f->window), "library-offline.png");

  /* Writes are refused while offline. */
  md_library_page_select (f->page, 0);
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (f->page), "library.nonexistent", NULL));
  gtk_widget_activate_action (GTK_WIDGET (f->page), "library.update-field", "(ss)", "title", "New title");
  {
    g_autoptr(MdAsset) asset = g_list_model_get_item (model, 0);
    g_assert_cmpstr (md_asset_get_title (asset), !=, "New title");
  }
  md_test_screenshot (GTK_WIDGET (f->window), "library-offline-detail.png");

  /* Search works on the cached list too. */
  md_library_page_set_search_text (f->page, "video 7");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  md_library_page_set_search_text (f->page, "nothing like this");
  wait_for_state (f, "no-results");
  md_test_screenshot (GTK_WIDGET (f->window), "library-no-results.png");
}

static void
test_signed_out (Fixture       *f,
                 gconstpointer  data)
{
  wait_for_state (f, "signed-out");
  md_test_screenshot (GTK_WIDGET (f->window), "library-signed-out.png");
}

/* A wrong secret: an error page with the API's message, not offline. */
static void
test_unauthorized (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(MdClient) client = md_test_library_client (f->sandbox, "wrong-secret");

  md_library_page_set_client (f->page, client);
  wait_for_state (f, "error");
  g_assert_false (md_library_page_get_offline (f->page));
  md_test_screenshot (GTK_WIDGET (f->window), "library-error.png");
}

static void
stop_seeded_sandbox (Fixture *f)
{
  g_assert_true (f->sandbox == seeded_sandbox);
  g_clear_pointer (&seeded_sandbox, md_test_sandbox_stop);
  f->sandbox = NULL;
}

/* Tests against the sandbox's asset routes ----------------------------- */

/* The number of assets the sandbox lists, asked over HTTP. */
static guint
count_at_sandbox (Fixture *f)
{
  g_autoptr(GPtrArray) assets = md_test_library_list_at_sandbox (f->sandbox);

  return assets->len;
}

static void
wait_for_all (Fixture *f,
              guint    n)
{
  md_test_library_wait_for_n (f->page, n, WAIT_MS * 3);
}

/* Every ready asset with a public playback ID on screen shows its picture. */
static gboolean
visible_rows_have_thumbnails (gpointer user_data)
{
  Fixture *f = user_data;
  g_autoptr(GPtrArray) rows = live_rows (f);
  guint with_picture = 0;

  for (guint i = 0; i < rows->len; i++)
    {
      MdAssetRow *row = g_ptr_array_index (rows, i);
      MdAsset *asset = md_asset_row_get_asset (row);

      if (asset == NULL || !gtk_widget_get_child_visible (gtk_widget_get_parent (GTK_WIDGET (row))))
        continue;
      if (md_asset_get_status (asset) == MD_ASSET_STATUS_READY &&
          md_asset_find_playback_id (asset, MD_PLAYBACK_POLICY_PUBLIC) != NULL)
        {
          if (!md_asset_row_get_has_thumbnail (row))
            return FALSE;
          with_picture++;
        }
    }
  return with_picture > 0;
}

static GtkWidget *
find_by_type (GtkWidget *widget,
              GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Narrow: the leaflet folded and finished sliding to the detail. */
static gboolean
detail_is_shown_alone (gpointer user_data)
{
  AdwLeaflet *leaflet = ADW_LEAFLET (find_by_type (GTK_WIDGET (user_data), ADW_TYPE_LEAFLET));

  return adw_leaflet_get_folded (leaflet) && !adw_leaflet_get_child_transition_running (leaflet) &&
         find_by_type (adw_leaflet_get_visible_child (leaflet), g_type_from_name ("MdAssetDetail")) != NULL;
}

static MdAsset *
item (Fixture *f,
      guint    position)
{
  return md_test_library_item (f->page, position);
}

static void
open_seeded (Fixture *f)
{
  guint total = count_at_sandbox (f);

  g_assert_cmpuint (total, >, 2);
  md_library_page_set_cache (f->page, f->cache);
  md_library_page_set_client (f->page, f->client);
  wait_for_state (f, "list");
  wait_for_all (f, total);
}

static void
test_seeded_library (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = NULL;

  open_seeded (f);
  g_assert_true (md_test_wait_until (visible_rows_have_thumbnails, f, WAIT_MS * 3));

  rows = live_rows (f);
  g_assert_cmpuint (rows->len, >, 0);
  for (guint i = 0; i < rows->len; i++)
    {
      MdAssetRow *row = g_ptr_array_index (rows, i);
      MdAsset *asset = md_asset_row_get_asset (row);

      if (asset != NULL && md_asset_get_title (asset) != NULL)
        g_assert_cmpstr (md_asset_row_get_title (row), ==, md_asset_get_title (asset));
    }
  md_test_screenshot (GTK_WIDGET (f->window), "library.png");

  md_library_page_select (f->page, 0);
  md_test_screenshot (GTK_WIDGET (f->window), "library-detail.png");

  /* Narrow: the leaflet folds and the detail is a page of its own. */
  gtk_window_set_default_size (f->window, 420, 720);
  gtk_widget_activate_action (GTK_WIDGET (md_library_page_get_list_view (f->page)), "list.activate-item", "u", 0);
  g_assert_true (md_test_wait_until (detail_is_shown_alone, f->page, WAIT_MS));
  md_test_screenshot (GTK_WIDGET (f->window), "library-narrow-detail.png");
}

static gboolean
search_bar_is_shown (gpointer user_data)
{
  GtkWidget *entry = find_by_type (GTK_WIDGET (user_data), GTK_TYPE_SEARCH_ENTRY);
  GtkWidget *revealer = entry != NULL ? gtk_widget_get_ancestor (entry, GTK_TYPE_REVEALER) : NULL;

  return revealer != NULL && gtk_revealer_get_child_revealed (GTK_REVEALER (revealer));
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  GListModel *model = md_library_page_get_model (f->page);
  g_autoptr(MdAsset) target = NULL;
  g_autofree char *needle = NULL;
  guint total;

  open_seeded (f);
  total = g_list_model_get_n_items (model);
  target = item (f, total - 1);
  needle = g_strdup (md_asset_get_id (target));

  md_library_page_set_search_text (f->page, needle);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  {
    g_autoptr(MdAsset) found = item (f, 0);
    g_assert_cmpstr (md_asset_get_id (found), ==, needle);
  }

  if (md_asset_get_title (target) != NULL)
    {
      md_library_page_set_search_text (f->page, md_asset_get_title (target));
      g_assert_cmpuint (g_list_model_get_n_items (model), >=, 1);
      g_assert_cmpuint (g_list_model_get_n_items (model), <, total);
    }
  g_assert_true (md_test_wait_until (search_bar_is_shown, f->page, WAIT_MS));
  md_test_screenshot (GTK_WIDGET (f->window), "library-search.png");

  md_library_page_set_search_text (f->page, "");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, total);
}

/* Filters, sort and search against what the sandbox lists --------------- */

static const char *
json_status (JsonObject *asset)
{
  return json_object_get_string_member_with_default (asset, "status", "");
}

static gboolean
json_has_policy (JsonObject *asset,
                 const char *policy)
{
  JsonArray *ids = json_object_has_member (asset, "playback_ids")
                   ? json_object_get_array_member (asset, "playback_ids") : NULL;

  for (guint i = 0; ids != NULL && i < json_array_get_length (ids); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (ids, i), "policy"), policy) == 0)
      return TRUE;
  return FALSE;
}

static guint
json_n_playback_ids (JsonObject *asset)
{
  return json_object_has_member (asset, "playback_ids")
         ? json_array_get_length (json_object_get_array_member (asset, "playback_ids")) : 0;
}

/* The title shown: meta.title, or the id when untitled. */
static const char *
json_shown_title (JsonObject *asset)
{
  JsonObject *meta = json_object_has_member (asset, "meta") ? json_object_get_object_member (asset, "meta") : NULL;
  const char *title = meta != NULL ? json_object_get_string_member_with_default (meta, "title", NULL) : NULL;

  return title != NULL && title[0] != '\0' ? title : json_object_get_string_member (asset, "id");
}

typedef gboolean (*AssetPredicate) (JsonObject *asset,
                                    const char *value);

static gboolean
has_status (JsonObject *asset,
            const char *status)
{
  return g_str_equal (json_status (asset), status);
}

static gboolean
has_policy (JsonObject *asset,
            const char *policy)
{
  if (g_str_equal (policy, "none"))
    return json_n_playback_ids (asset) == 0;
  return json_has_policy (asset, policy);
}

static gboolean
is_live_recording (JsonObject *asset,
                   const char *unused)
{
  return json_object_get_boolean_member_with_default (asset, "is_live", FALSE) ||
         json_object_has_member (asset, "live_stream_id");
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char **) a, *(const char **) b);
}

static char *
ids_of_page (Fixture *f)
{
  GListModel *model = md_library_page_get_model (f->page);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(MdAsset) asset = g_list_model_get_item (model, i);
      g_ptr_array_add (ids, g_strdup (md_asset_get_id (asset)));
    }
  g_ptr_array_sort (ids, compare_strings);
  g_ptr_array_add (ids, NULL);
  return g_strjoinv (" ", (char **) ids->pdata);
}

/* The ids of the sandbox's assets that @predicate keeps, sorted, and how many. */
static char *
ids_at_sandbox (GPtrArray      *assets,
                AssetPredicate  predicate,
                const char     *value,
                guint          *out_n)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();

  for (guint i = 0; i < assets->len; i++)
    {
      JsonObject *asset = g_ptr_array_index (assets, i);

      if (predicate == NULL || predicate (asset, value))
        g_ptr_array_add (ids, (char *) json_object_get_string_member (asset, "id"));
    }
  g_ptr_array_sort (ids, compare_strings);
  *out_n = ids->len;
  g_ptr_array_add (ids, NULL);
  return g_strjoinv (" ", (char **) ids->pdata);
}

/* Chooses @value in the sort menu's section of @action (as the menu item
 * does) and checks the list holds just the assets @predicate keeps of
 * what the sandbox lists. Returns how many that is. */
static guint
check_filter (Fixture        *f,
              GPtrArray      *assets,
              const char     *action,
              const char     *value,
              AssetPredicate  predicate)
{
  g_autofree char *expected = NULL;
  g_autofree char *shown = NULL;
  guint n;

  expected = ids_at_sandbox (assets, predicate, value, &n);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), action, "s", value));
  shown = ids_of_page (f);
  g_test_message ("%s %s: %u", action, value, n);
  g_assert_cmpstr (shown, ==, expected);
  wait_for_state (f, n > 0 ? "list" : "no-results");
  return n;
}

/* Status and policy filters, each alone and one of each together, keep
 * exactly the assets the sandbox says match (the seeded library has
 * ready, preparing and errored ones, public and signed IDs, and here one
 * without any playback ID). */
static void
test_filters (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) assets = md_test_library_list_at_sandbox (f->sandbox);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *all = NULL;
  g_autofree char *errored_id = NULL;
  JsonObject *errored = NULL;
  JsonObject *playback_id;
  guint n_all;

  /* The errored asset loses its playback ID (at the sandbox): a video
   * without any. */
  for (guint i = 0; i < assets->len && errored == NULL; i++)
    if (has_status (g_ptr_array_index (assets, i), "errored"))
      errored = g_ptr_array_index (assets, i);
  g_assert_nonnull (errored);
  g_assert_cmpuint (json_n_playback_ids (errored), ==, 1);
  playback_id = json_array_get_object_element (json_object_get_array_member (errored, "playback_ids"), 0);
  path = g_strdup_printf ("/video/v1/assets/%s/playback-ids/%s", json_object_get_string_member (errored, "id"),
                          json_object_get_string_member (playback_id, "id"));
  g_assert_cmpuint (md_test_sandbox_api (f->sandbox, "DELETE", path, NULL, NULL, &error), ==, 204);
  g_assert_no_error (error);
  errored_id = g_strdup (json_object_get_string_member (errored, "id"));
  g_clear_pointer (&assets, g_ptr_array_unref);
  assets = md_test_library_list_at_sandbox (f->sandbox);

  open_seeded (f);
  all = ids_at_sandbox (assets, NULL, NULL, &n_all);

  g_assert_cmpuint (check_filter (f, assets, "library.status-filter", "ready", has_status), >, 0);
  g_assert_cmpuint (check_filter (f, assets, "library.status-filter", "preparing", has_status), >, 0);
  g_assert_cmpuint (check_filter (f, assets, "library.status-filter", "errored", has_status), >, 0);
  md_test_screenshot (GTK_WIDGET (f->window), "library-filter-errored.png");
  check_filter (f, assets, "library.status-filter", "live", is_live_recording);
  check_filter (f, assets, "library.status-filter", "all", NULL);

  g_assert_cmpuint (check_filter (f, assets, "library.policy-filter", "public", has_policy), >, 0);
  g_assert_cmpuint (check_filter (f, assets, "library.policy-filter", "signed", has_policy), >, 0);
  md_test_screenshot (GTK_WIDGET (f->window), "library-filter-signed.png");
  g_assert_cmpuint (check_filter (f, assets, "library.policy-filter", "none", has_policy), ==, 1);

  /* Both at once: errored and without a playback ID is the one. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "library.status-filter", "s", "errored"));
  {
    g_autofree char *shown = ids_of_page (f);
    g_assert_cmpstr (shown, ==, errored_id);
  }
  /* Ready and without a playback ID: none. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "library.status-filter", "s", "ready"));
  g_assert_cmpuint (g_list_model_get_n_items (md_library_page_get_model (f->page)), ==, 0);
  wait_for_state (f, "no-results");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "library.status-filter", "s", "all"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "library.policy-filter", "s", "all"));
  {
    g_autofree char *shown = ids_of_page (f);
    g_assert_cmpstr (shown, ==, all);
  }
}

typedef enum {
  KEY_CREATED,
  KEY_TITLE,
  KEY_DURATION,
} SortKey;

typedef struct
{
  SortKey  key;
  gboolean descending;
} SortSpec;

static int
compare_json (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const SortSpec *spec = user_data;
  JsonObject *asset_a = *(JsonObject **) a;
  JsonObject *asset_b = *(JsonObject **) b;
  int order;

  switch (spec->key)
    {
    case KEY_CREATED:
      {
        gint64 ca = g_ascii_strtoll (json_object_get_string_member (asset_a, "created_at"), NULL, 10);
        gint64 cb = g_ascii_strtoll (json_object_get_string_member (asset_b, "created_at"), NULL, 10);
        order = (ca > cb) - (ca < cb);
      }
      break;
    case KEY_DURATION:
      {
        double da = json_object_get_double_member_with_default (asset_a, "duration", 0);
        double db = json_object_get_double_member_with_default (asset_b, "duration", 0);
        order = (da > db) - (da < db);
      }
      break;
    case KEY_TITLE:
    default:
      order = g_utf8_collate (json_shown_title (asset_a), json_shown_title (asset_b));
      break;
    }
  return spec->descending ? -order : order;
}

/* The sort key of each row, in the order shown, one a line. */
static char *
page_keys (Fixture *f,
           SortKey  key)
{
  GListModel *model = md_library_page_get_model (f->page);
  g_autoptr(GString) keys = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(MdAsset) asset = g_list_model_get_item (model, i);

      if (key == KEY_CREATED)
        g_string_append_printf (keys, "%" G_GINT64_FORMAT "\n", md_asset_get_created_at (asset));
      else if (key == KEY_DURATION)
        g_string_append_printf (keys, "%.3f\n", md_asset_get_duration (asset));
      else
        g_string_append_printf (keys, "%s\n", md_asset_get_title (asset) != NULL && md_asset_get_title (asset)[0]
                                               ? md_asset_get_title (asset) : md_asset_get_id (asset));
    }
  return g_string_free (g_steal_pointer (&keys), FALSE);
}

static char *
sandbox_keys (GPtrArray *assets,
              SortSpec   spec)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_sized_new (assets->len);
  g_autoptr(GString) keys = g_string_new (NULL);

  for (guint i = 0; i < assets->len; i++)
    g_ptr_array_add (sorted, g_ptr_array_index (assets, i));
  g_ptr_array_sort_with_data (sorted, compare_json, &spec);
  for (guint i = 0; i < sorted->len; i++)
    {
      JsonObject *asset = g_ptr_array_index (sorted, i);

      if (spec.key == KEY_CREATED)
        g_string_append_printf (keys, "%s\n", json_object_get_string_member (asset, "created_at"));
      else if (spec.key == KEY_DURATION)
        g_string_append_printf (keys, "%.3f\n", json_object_get_double_member_with_default (asset, "duration", 0));
      else
        g_string_append_printf (keys, "%s\n", json_shown_title (asset));
    }
  return g_string_free (g_steal_pointer (&keys), FALSE);
}

/* Each order of the sort menu lists the sandbox's assets in that order:
 * compared key by key (assets with equal keys may come either way), with
 * every asset there. */
static void
test_sort (Fixture       *f,
           gconstpointer  data)
{
  static const struct {
    const char *order;
    SortSpec    spec;
  } orders[] = {
    { "oldest", { KEY_CREATED, FALSE } },
    { "title", { KEY_TITLE, FALSE } },
    { "duration", { KEY_DURATION, TRUE } },
    { "newest", { KEY_CREATED, TRUE } },
  };
  g_autoptr(GPtrArray) assets = md_test_library_list_at_sandbox (f->sandbox);
  g_autofree char *all = NULL;
  GtkAdjustment *adjustment;
  guint n_all;

  open_seeded (f);
  all = ids_at_sandbox (assets, NULL, NULL, &n_all);
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (md_library_page_get_list_view (f->page)));

  for (guint i = 0; i < G_N_ELEMENTS (orders); i++)
    {
      g_autofree char *expected = sandbox_keys (assets, orders[i].spec);
      g_autofree char *shown = NULL;
      g_autofree char *ids = NULL;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "library.sort", "s", orders[i].order));
      g_test_message ("sorted by %s", orders[i].order);
      /* The list shows the start of the new order, not where the row that
       * was on top went. */
      md_test_wait_for_frame (GTK_WIDGET (f->window));
      g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);
      g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), >, gtk_adjustment_get_page_size (adjustment));
      shown = page_keys (f, orders[i].spec.key);
      g_assert_cmpstr (shown, ==, expected);
      ids = ids_of_page (f);
      g_assert_cmpstr (ids, ==, all);
      if (g_str_equal (orders[i].order, "title"))
        md_test_screenshot (GTK_WIDGET (f->window), "library-sort-title.png");
    }
}

static void
patch_at_sandbox (Fixture    *f,
                  const char *asset_id,
                  const char *body)
{
  g_autofree char *path = g_strdup_printf ("/video/v1/assets/%s", asset_id);
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (md_test_sandbox_api (f->sandbox, "PATCH", path, body, NULL, &error), ==, 200);
  g_assert_no_error (error);
}

/* Search finds a video by its passthrough and by its external id, typed
 * in any case, and only that video. */
static void
test_search_fields (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) assets = md_test_library_list_at_sandbox (f->sandbox);
  GListModel *model = md_library_page_get_model (f->page);
  g_autofree char *meta = NULL;
  JsonObject *by_passthrough;
  JsonObject *by_external_id;

  g_assert_cmpuint (assets->len, >, 2);
  by_passthrough = g_ptr_array_index (assets, 0);
  by_external_id = g_ptr_array_index (assets, assets->len - 1);
  patch_at_sandbox (f, json_object_get_string_member (by_passthrough, "id"),
                    "{\"passthrough\":\"crm-ref-7731\"}");
  meta = g_strdup_printf ("{\"meta\":{\"title\":\"%s\",\"external_id\":\"Catalogue-42\"}}",
                          json_shown_title (by_external_id));
  patch_at_sandbox (f, json_object_get_string_member (by_external_id, "id"), meta);

  open_seeded (f);

  md_library_page_set_search_text (f->page, "CRM-REF-77");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  {
    g_autoptr(MdAsset) found = item (f, 0);
    g_assert_cmpstr (md_asset_get_id (found), ==, json_object_get_string_member (by_passthrough, "id"));
  }

  md_library_page_set_search_text (f->page, "catalogue-4");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  {
    g_autoptr(MdAsset) found = item (f, 0);
    g_assert_cmpstr (md_asset_get_id (found), ==, json_object_get_string_member (by_external_id, "id"));
  }
  g_assert_true (md_test_wait_until (search_bar_is_shown, f->page, WAIT_MS));
  md_test_screenshot (GTK_WIDGET (f->window), "library-search-external-id.png");

  md_library_page_set_search_text (f->page, "");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, assets->len);
}

typedef struct
{
  Fixture    *f;
  const char *id;
  const char *title;
  gint64      last_poll;
} SandboxWait;

/* Asks the sandbox at most twice a second: the app's own requests share
 * its rate limit with the test's. */
static gboolean
poll_due (SandboxWait *wait)
{
  gint64 now = g_get_monotonic_time ();

  if (now - wait->last_poll < G_USEC_PER_SEC / 2)
    return FALSE;
  wait->last_poll = now;
  return TRUE;
}

static gboolean
sandbox_title_is (gpointer user_data)
{
  SandboxWait *wait = user_data;
  g_autofree char *path = g_strdup_printf ("/video/v1/assets/%s", wait->id);
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *meta;

  if (!poll_due (wait) ||
      md_test_sandbox_api (wait->f->sandbox, "GET", path, NULL, &reply, &error) != 200)
    return FALSE;
  meta = json_object_get_object_member (json_object_get_object_member (json_node_get_object (reply), "data"), "meta");
  return meta != NULL && g_strcmp0 (json_object_get_string_member_with_default (meta, "title", NULL), wait->title) == 0;
}

static gboolean
sandbox_has_no (gpointer user_data)
{
  SandboxWait *wait = user_data;
  g_autofree char *path = g_strdup_printf ("/video/v1/assets/%s", wait->id);
  g_autoptr(GError) error = NULL;

  if (!poll_due (wait))
    return FALSE;
  return md_test_sandbox_api (wait->f->sandbox, "GET", path, NULL, NULL, &error) == 404;
}

static void
test_rename_persists (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(MdAsset) asset = NULL;
  SandboxWait wait = { f, NULL, "Renamed by the library test", 0 };

  open_seeded (f);
  md_library_page_select (f->page, 0);
  asset = item (f, 0);
  wait.id = md_asset_get_id (asset);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "library.update-field", "(ss)",
                                             "title", wait.title));
  /* Shown at once, before the server answered. */
  g_assert_cmpstr (md_asset_get_title (asset), ==, wait.title);
  g_assert_true (md_test_wait_until (sandbox_title_is, &wait, WAIT_MS));

  /* And a fresh page reads it back from the server. */
  close_page (f);
  open_page (f);
  md_library_page_set_client (f->page, f->client);
  wait_for_state (f, "list");
  {
    g_autoptr(MdAsset) reread = NULL;
    guint n = g_list_model_get_n_items (md_library_page_get_model (f->page));

    for (guint i = 0; i < n && reread == NULL; i++)
      {
        g_autoptr(MdAsset) candidate = item (f, i);
        if (g_str_equal (md_asset_get_id (candidate), wait.id))
          reread = g_steal_pointer (&candidate);
      }
    g_assert_nonnull (reread);
    g_assert_cmpstr (md_asset_get_title (reread), ==, wait.title);
  }
}

static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* owned by GTK */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (window))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

/* As if the button was pressed; the dialog then goes. */
static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  g_object_ref (dialog);
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
}

static gboolean
dialog_is_mapped (gpointer user_data)
{
  AdwMessageDialog *dialog = find_dialog ();

  return dialog != NULL && gtk_widget_get_mapped (GTK_WIDGET (dialog));
}

static void
test_delete (Fixture       *f,
             gconstpointer  data)
{
  GListModel *model = md_library_page_get_model (f->page);
  g_autoptr(MdAsset) asset = NULL;
  g_autofree char *title = NULL;
  AdwMessageDialog *dialog;
  SandboxWait wait = { f, NULL, NULL, 0 };
  guint total;

  open_seeded (f);
  total = g_list_model_get_n_items (model);
  md_library_page_select (f->page, 1);
  asset = item (f, 1);
  wait.id = md_asset_get_id (asset);
  title = g_strdup (md_asset_get_title (asset) != NULL ? md_asset_get_title (asset) : md_asset_get_id (asset));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "library.delete", NULL));
  g_assert_true (md_test_wait_until (dialog_is_mapped, NULL, WAIT_MS));
  dialog = find_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), title));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "cannot be undone"));
  md_test_screenshot (GTK_WIDGET (dialog), "library-delete-dialog.png");

  respond (dialog, "delete");
  /* The row goes at once, and the detail pane no longer shows it (nothing
   * is selected: its fields and buttons would act on a deleted video)... */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, total - 1);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (md_test_find_child (GTK_WIDGET (f->page),
                                                                                     "detail_stack"))),
                   ==, "none");
  /* ...and the asset is gone at the sandbox. */
  g_assert_true (md_test_wait_until (sandbox_has_no, &wait, WAIT_MS));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, total - 1);
  md_test_screenshot (GTK_WIDGET (f->window), "library-deleted.png");
}

static void
test_multi_delete (Fixture       *f,
                   gconstpointer  data)
{
  GListModel *model = md_library_page_get_model (f->page);
  g_autoptr(MdAsset) first = NULL;
  g_autoptr(MdAsset) second = NULL;
  AdwMessageDialog *dialog;
  SandboxWait wait_first = { f, NULL, NULL, 0 };
  SandboxWait wait_second = { f, NULL, NULL, 0 };
  guint total;

  open_seeded (f);
  total = g_list_model_get_n_items (model);
  first = item (f, 0);
  second = item (f, 2);
  wait_first.id = md_asset_get_id (first);
  wait_second.id = md_asset_get_id (second);
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (model), 0, TRUE);
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (model), 2, FALSE);
  md_test_screenshot (GTK_WIDGET (f->window), "library-multi-select.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "library.delete", NULL));
  g_assert_true (md_test_wait_until (dialog_is_mapped, NULL, WAIT_MS));
  dialog = find_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), "2"));
  respond (dialog, "delete");

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, total - 2);
  g_assert_true (md_test_wait_until (sandbox_has_no, &wait_first, WAIT_MS));
  g_assert_true (md_test_wait_until (sandbox_has_no, &wait_second, WAIT_MS));
}

/* Online once (which fills the cache), then the sandbox stops: the next
 * start shows the cached list and the banner. */
static void
test_offline_start (Fixture       *f,
                    gconstpointer  data)
{
  guint total;

  open_seeded (f);
  total = g_list_model_get_n_items (md_library_page_get_model (f->page));
  close_page (f);
  stop_seeded_sandbox (f);

  open_page (f);
  md_library_page_set_cache (f->page, f->cache);
  md_library_page_set_client (f->page, f->client);
  wait_for_state (f, "list");
  g_assert_true (md_test_wait_until (page_is_offline, f->page, WAIT_MS));
  g_assert_true (md_test_wait_until (banner_is_shown, f->page, WAIT_MS));
  g_assert_cmpuint (g_list_model_get_n_items (md_library_page_get_model (f->page)), ==, total);
  md_test_screenshot (GTK_WIDGET (f->window), "library-offline-start.png");
}

static void
test_live_section (Fixture       *f,
                   gconstpointer  data)
{
  md_library_page_set_client (f->page, f->client);
  g_object_set (f->page, "section", "live", NULL);
  wait_for_state (f, "live");
  md_test_screenshot (GTK_WIDGET (f->window), "library-live.png");
  g_object_set (f->page, "section", "videos", NULL);
  wait_for_state (f, "list");
}

/* 10,000 assets: scrolled from top to bottom, every row is bound once on
 * the way, and only about a screenful of row widgets ever exists. */
static void
test_ten_thousand (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  GtkWidget *list_view;
  GtkAdjustment *adjustment;
  guint total;
  guint most_rows = 0;
  double row_height = 0;
  double value;

  g_assert_true (md_test_sandbox_admin (f->sandbox, "POST", "/_sandbox/records", "{\"assets\":10000}", NULL, &error));
  g_assert_no_error (error);
  total = 10000;

  md_library_page_set_client (f->page, f->client);
  wait_for_all (f, total);

  list_view = GTK_WIDGET (md_library_page_get_list_view (f->page));
  md_test_screenshot (GTK_WIDGET (f->window), "library-10000.png");
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list_view));
  md_test_wait_for_frame (GTK_WIDGET (f->window));

  for (value = 0;; value += gtk_adjustment_get_page_size (adjustment))
    {
      g_autoptr(GPtrArray) rows = NULL;
      double bottom = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

      gtk_adjustment_set_value (adjustment, MIN (value, bottom));
      md_test_wait_for_frame (GTK_WIDGET (f->window));

      rows = live_rows (f);
      most_rows = MAX (most_rows, rows->len);
      for (guint i = 0; i < rows->len; i++)
        {
          MdAssetRow *row = g_ptr_array_index (rows, i);
          MdAsset *asset = md_asset_row_get_asset (row);

          if (asset == NULL)
            continue;
          g_hash_table_add (seen, g_strdup (md_asset_get_id (asset)));
          row_height = MAX (row_height, gtk_widget_get_height (GTK_WIDGET (row)));
        }
      if (value >= bottom)
        break;
    }

  g_test_message ("%u rows seen, at most %u row widgets alive (row height %.0f, page %.0f)",
                  g_hash_table_size (seen), most_rows, row_height, gtk_adjustment_get_page_size (adjustment));
  g_assert_cmpuint (g_hash_table_size (seen), ==, total);
  g_assert_cmpfloat (row_height, >, 0);
  /* GTK 4.8's grid view keeps a fixed window of 30 rows (+3) around what
   * is shown, whatever the library's size; with a taller window, a
   * screenful. Never anything that grows with the library. */
  g_assert_cmpuint (most_rows, <=, MAX ((guint) (gtk_adjustment_get_page_size (adjustment) / row_height) + 3, 30 + 3 + 1));
}

/* Tests on a plain sandbox --------------------------------------------- */

static void
add_records (Fixture *f,
             guint    n)
{
  md_test_library_add_records (f->sandbox, n);
}

static void
add_fault (Fixture    *f,
           const char *rule)
{
  md_test_library_add_fault (f->sandbox, rule);
}

typedef struct
{
  MdAsset    *asset;
  const char *title;
  GtkWidget  *page;
} RollbackWait;

static gboolean
rolled_back_with_toast (gpointer user_data)
{
  RollbackWait *wait = user_data;

  return g_strcmp0 (md_asset_get_title (wait->asset), wait->title) == 0 &&
         md_test_label_shows (wait->page, "was not saved");
}

/* Mux refuses the edit: the row shows the old title again and a toast
 * says why. */
static void
test_edit_rollback (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(MdAsset) asset = NULL;
  g_autofree char *old_title = NULL;
  RollbackWait wait;

  add_records (f, 3);
  md_library_page_set_client (f->page, f->client);
  wait_for_all (f, 3);
  md_library_page_select (f->page, 0);
  asset = item (f, 0);
  old_title = g_strdup (md_asset_get_title (asset));

  add_fault (f, "{\"match\":\"path-prefix\",\"path\":\"/video/v1/assets/\",\"method\":\"PATCH\","
                "\"action\":\"status\",\"status\":422,\"count\":0}");
  gtk_widget_activate_action (GTK_WIDGET (f->page), "library.update-field", "(ss)", "title", "Refused title");
  g_assert_cmpstr (md_asset_get_title (asset), ==, "Refused title");

  wait = (RollbackWait) { asset, old_title, GTK_WIDGET (f->page) };
  g_assert_true (md_test_wait_until (rolled_back_with_toast, &wait, WAIT_MS));
  md_test_screenshot (GTK_WIDGET (f->window), "library-edit-refused.png");
}

typedef struct
{
  Fixture    *f;
  const char *text;
} ToastWait;

static gboolean
toast_shows (gpointer user_data)
{
  ToastWait *wait = user_data;

  return md_test_label_shows (GTK_WIDGET (wait->f->page), wait->text);
}

/* The page has written the listing to the cache (from an idle, once the
 * listing is complete). */
static gboolean
cache_has_listing (gpointer user_data)
{
  Fixture *f = user_data;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GDateTime) when = NULL;

  md_library_cache_get_last_sync_async (f->cache, NULL, on_result_cb, &result);
  g_assert_true (md_test_wait_until (result_arrived, &result, WAIT_MS));
  when = md_library_cache_get_last_sync_finish (f->cache, result, NULL);
  return when != NULL;
}

/* A refresh that fails keeps the list on screen and says so: the server's
 * refusal in a toast, a lost network in the offline banner, dated by the
 * listing that was loaded, and writes refused until it comes back. */
static void
test_refresh_failures (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(MdAsset) asset = NULL;
  g_autofree char *old_title = NULL;
  ToastWait refused = { f, "could not be refreshed: " };
  ToastWait needs_network = { f, "You are offline" };

  add_records (f, 3);
  /* One retry is enough to show the failure without waiting out the backoff. */
  g_object_set (f->client, "max-attempts", 2, NULL);
  md_library_page_set_cache (f->page, f->cache);
  md_library_page_set_client (f->page, f->client);
  wait_for_all (f, 3);
  wait_for_state (f, "list");
  g_assert_true (md_test_wait_until (cache_has_listing, f, WAIT_MS));

  add_fault (f, "{\"match\":\"path\",\"path\":\"/video/v1/assets\",\"method\":\"GET\","
                "\"action\":\"status\",\"status\":500,\"count\":0}");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "library.refresh", NULL));
  g_assert_true (md_test_wait_until (toast_shows, &refused, WAIT_MS));
  g_assert_cmpuint (g_list_model_get_n_items (md_library_page_get_model (f->page)), ==, 3);
  g_assert_false (md_library_page_get_offline (f->page));
  g_assert_cmpstr (md_library_page_get_visible_state (f->page), ==, "list");
  md_test_screenshot (GTK_WIDGET (f->window), "library-refresh-refused.png");

  /* Mux goes away while the live list is shown. */
  g_clear_pointer (&f->sandbox, md_test_sandbox_stop);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "library.refresh", NULL));
  g_assert_true (md_test_wait_until (page_is_offline, f->page, WAIT_MS));
  g_assert_true (md_test_wait_until (banner_is_shown, f->page, WAIT_MS));
  /* Dated by the listing loaded before, not "the last library this computer saw". */
  g_assert_nonnull (md_test_find_label (find_by_css_class (GTK_WIDGET (f->page), "md-offline-banner"),
                                "Offline — showing the library as of "));
  g_assert_cmpuint (g_list_model_get_n_items (md_library_page_get_model (f->page)), ==, 3);

  md_library_page_select (f->page, 0);
  asset = item (f, 0);
  old_title = g_strdup (md_asset_get_title (asset));
  gtk_widget_activate_action (GTK_WIDGET (f->page), "library.update-field", "(ss)", "title", "Offline title");
  g_assert_cmpstr (md_asset_get_title (asset), ==, old_title);
  g_assert_true (md_test_wait_until (toast_shows, &needs_network, WAIT_MS));
  md_test_screenshot (GTK_WIDGET (f->window), "library-refresh-offline.png");
}

/* The listing never answers: the loading state stays. */
static void
test_loading (Fixture       *f,
              gconstpointer  data)
{
  add_fault (f, "{\"match\":\"path\",\"path\":\"/video/v1/assets\",\"method\":\"GET\","
                "\"action\":\"stall\",\"count\":0}");
  md_library_page_set_client (f->page, f->client);
  wait_for_state (f, "loading");
  md_test_screenshot (GTK_WIDGET (f->window), "library-loading.png");
}

static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  md_library_page_set_client (f->page, f->client);
  wait_for_state (f, "empty");
  md_test_screenshot (GTK_WIDGET (f->window), "library-empty.png");
}

static void
on_play_asset_cb (MdLibraryPage *page,
                  MdAsset       *asset,
                  MdPlaybackId  *playback_id,
                  MdPlaybackId **out)
{
  g_assert_true (MD_IS_ASSET (asset));
  *out = g_object_ref (playback_id);
}

static void
test_play (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(MdAsset) asset = NULL;
  g_autoptr(MdPlaybackId) played = NULL;

  add_records (f, 2);
  md_library_page_set_client (f->page, f->client);
  wait_for_all (f, 2);
  md_library_page_select (f->page, 0);
  asset = item (f, 0);
  g_signal_connect (f->page, "play-asset", G_CALLBACK (on_play_asset_cb), &played);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "library.play", NULL));
  g_assert_nonnull (played);
  g_assert_cmpint (md_playback_id_get_policy (played), ==, MD_PLAYBACK_POLICY_PUBLIC);
  g_assert_true (md_asset_find_playback_id (asset, MD_PLAYBACK_POLICY_PUBLIC) != NULL);
  g_assert_cmpstr (md_playback_id_get_id (played), ==,
                   md_playback_id_get_id (md_asset_find_playback_id (asset, MD_PLAYBACK_POLICY_PUBLIC)));
}

int
main (int   argc,
      char *argv[])
{
  static const char *const plain[] = { NULL };
  static const char *const unlimited[] = { "--no-rate-limit", NULL };
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  md_test_load_app_style ();

  g_test_add ("/library-page/offline-from-cache", Fixture, NULL,
              fixture_set_up, test_offline_from_cache, fixture_tear_down);
  g_test_add ("/library-page/signed-out", Fixture, NULL,
              fixture_set_up, test_signed_out, fixture_tear_down);
  g_test_add ("/library-page/unauthorized", Fixture, plain,
              fixture_set_up, test_unauthorized, fixture_tear_down);

  g_test_add ("/library-page/seeded-library", Fixture, SEEDED,
              fixture_set_up, test_seeded_library, fixture_tear_down);
  g_test_add ("/library-page/live-section", Fixture, SEEDED,
              fixture_set_up, test_live_section, fixture_tear_down);
  g_test_add ("/library-page/search", Fixture, SEEDED,
              fixture_set_up, test_search, fixture_tear_down);
  g_test_add ("/library-page/filters", Fixture, SEEDED,
              fixture_set_up, test_filters, fixture_tear_down);
  g_test_add ("/library-page/sort", Fixture, SEEDED,
              fixture_set_up, test_sort, fixture_tear_down);
  g_test_add ("/library-page/search-fields", Fixture, SEEDED,
              fixture_set_up, test_search_fields, fixture_tear_down);
  g_test_add ("/library-page/rename-persists", Fixture, SEEDED,
              fixture_set_up, test_rename_persists, fixture_tear_down);
  g_test_add ("/library-page/delete", Fixture, SEEDED,
              fixture_set_up, test_delete, fixture_tear_down);
  g_test_add ("/library-page/multi-delete", Fixture, SEEDED,
              fixture_set_up, test_multi_delete, fixture_tear_down);
  /* Stops the seeded sandbox: keep it last of those. */
  g_test_add ("/library-page/offline-start", Fixture, SEEDED,
              fixture_set_up, test_offline_start, fixture_tear_down);
  g_test_add ("/library-page/refresh-failures", Fixture, plain,
              fixture_set_up, test_refresh_failures, fixture_tear_down);
  g_test_add ("/library-page/edit-rollback", Fixture, plain,
              fixture_set_up, test_edit_rollback, fixture_tear_down);
  g_test_add ("/library-page/loading", Fixture, plain,
              fixture_set_up, test_loading, fixture_tear_down);
  g_test_add ("/library-page/empty", Fixture, plain,
              fixture_set_up, test_empty, fixture_tear_down);
  g_test_add ("/library-page/play", Fixture, plain,
              fixture_set_up, test_play, fixture_tear_down);
  g_test_add ("/library-page/ten-thousand", Fixture, unlimited,
              fixture_set_up, test_ten_thousand, fixture_tear_down);

  status = g_test_run ();
  g_clear_pointer (&seeded_sandbox, md_test_sandbox_stop);
  return status;
}
