/* test-library-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "md-asset-row.h"
#include "md-asset-snapshot.h"
#include "md-library-page.h"
#include "md-screenshot.h"
#include "md-test-sandbox.h"
#include "md-test-utils.h"

/* MdLibraryPage in a real window under Xvfb, against the real sandbox on
 * 127.0.0.1. Screenshots land in the build dir (tests/ui/screenshots). */

#define WAIT_MS 60000

typedef struct
{
  MdTestSandbox    *sandbox;
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

static MdClient *
client_for_sandbox (MdTestSandbox *sandbox,
                    const char    *secret)
{
  MdClient *client = md_client_new (md_test_sandbox_get_token_id (sandbox),
                                    secret != NULL ? secret : md_test_sandbox_get_token_secret (sandbox));

  md_client_set_api_url (client, md_test_sandbox_get_api_url (sandbox));
  md_client_set_stream_url (client, md_test_sandbox_get_stream_url (sandbox));
  md_client_set_image_url (client, md_test_sandbox_get_image_url (sandbox));
  return client;
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

  if (args != NULL)
    {
      f->sandbox = md_test_sandbox_start (args, &error);
      g_assert_no_error (error);
      f->client = client_for_sandbox (f->sandbox, NULL);
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
  g_clear_pointer (&f->sandbox, md_test_sandbox_stop);
  remove_tree (f->dir);
  g_free (f->dir);
}

static void
on_after_paint_cb (GdkFrameClock *clock,
                   gboolean      *painted)
{
  *painted = TRUE;
}

static gboolean
flag_is_set (gpointer user_data)
{
  return *(gboolean *) user_data;
}

static void
wait_for_frame (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gboolean painted = FALSE;
  gulong handler;

  g_assert_nonnull (clock);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), &painted);
  gtk_widget_queue_draw (widget);
  g_assert_true (md_test_wait_until (flag_is_set, &painted, 10000));
  g_signal_handler_disconnect (clock, handler);
}

static void
save_screenshot (GtkWidget  *window,
                 const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = md_test_build_path ("screenshots", NULL);
  g_autofree char *path = md_test_build_path ("screenshots", name, NULL);

  g_mkdir_with_parents (dir, 0755);
  wait_for_frame (window);
  md_screenshot_widget_to_png (window, path, &error);
  g_assert_no_error (error);
  g_test_message ("screenshot: %s", path);
}

typedef struct
{
  Fixture    *f;
  const char *state;
} StateWait;

static gboolean
state_is (gpointer user_data)
{
  StateWait *wait = user_data;

  return g_strcmp0 (md_library_page_get_visible_state (wait->f->page), wait->state) == 0;
}

static void
wait_for_state (Fixture    *f,
                const char *state)
{
  StateWait wait = { f, state };

  if (!md_test_wait_until (state_is, &wait, WAIT_MS))
    g_error ("the page shows “%s”, not “%s”", md_library_page_get_visible_state (f->page), state);
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

G_GNUC_UNUSED static GPtrArray *
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
  save_screenshot (GTK_WIDGET (f->window), "library-offline.png");

  /* Writes are refused while offline. */
  md_library_page_select (f->page, 0);
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (f->page), "library.nonexistent", NULL));
  gtk_widget_activate_action (GTK_WIDGET (f->page), "library.update-field", "(ss)", "title", "New title");
  {
    g_autoptr(MdAsset) asset = g_list_model_get_item (model, 0);
    g_assert_cmpstr (md_asset_get_title (asset), !=, "New title");
  }
  save_screenshot (GTK_WIDGET (f->window), "library-offline-detail.png");

  /* Search works on the cached list too. */
  md_library_page_set_search_text (f->page, "video 7");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  md_library_page_set_search_text (f->page, "nothing like this");
  wait_for_state (f, "no-results");
  save_screenshot (GTK_WIDGET (f->window), "library-no-results.png");
}

static void
test_signed_out (Fixture       *f,
                 gconstpointer  data)
{
  wait_for_state (f, "signed-out");
  save_screenshot (GTK_WIDGET (f->window), "library-signed-out.png");
}

/* A wrong secret: an error page with the API's message, not offline. */
static void
test_unauthorized (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(MdClient) client = client_for_sandbox (f->sandbox, "wrong-secret");

  md_library_page_set_client (f->page, client);
  wait_for_state (f, "error");
  g_assert_false (md_library_page_get_offline (f->page));
  save_screenshot (GTK_WIDGET (f->window), "library-error.png");
}

int
main (int   argc,
      char *argv[])
{
  static const char *const plain[] = { NULL };

  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* What AdwApplication loads for the app. */
  gtk_css_provider_load_from_resource (css, "/io/github/muxdesk/Muxdesk/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  g_test_add ("/library-page/offline-from-cache", Fixture, NULL,
              fixture_set_up, test_offline_from_cache, fixture_tear_down);
  g_test_add ("/library-page/signed-out", Fixture, NULL,
              fixture_set_up, test_signed_out, fixture_tear_down);
  g_test_add ("/library-page/unauthorized", Fixture, plain,
              fixture_set_up, test_unauthorized, fixture_tear_down);

  return g_test_run ();
}
