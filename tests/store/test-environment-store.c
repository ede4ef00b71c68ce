/* test-environment-store.c — environments and their JSON file (no keyring)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "md-environment-store.h"
#include "md-store-test.h"

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
on_items_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
expect_change (MdEnvironmentStore *store,
               GAsyncResult      **slot)
{
  g_autoptr(GAsyncResult) result = store_test_wait (slot);
  g_autoptr(GError) error = NULL;

  g_assert_true (md_environment_store_change_finish (store, result, &error));
  g_assert_no_error (error);
}

static void
add (MdEnvironmentStore *store,
     MdEnvironment      *environment)
{
  GAsyncResult *slot = NULL;

  md_environment_store_add_async (store, environment, NULL, NULL, store_test_done_cb, &slot);
  expect_change (store, &slot);
}

static void
load (MdEnvironmentStore *store)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  md_environment_store_load_async (store, NULL, store_test_done_cb, &slot);
  result = store_test_wait (&slot);
  g_assert_true (md_environment_store_load_finish (store, result, &error));
  g_assert_no_error (error);
}

static MdEnvironment *
item (MdEnvironmentStore *store,
      guint               position)
{
  g_autoptr(MdEnvironment) environment = g_list_model_get_item (G_LIST_MODEL (store), position);

  return environment;  /* the store keeps it alive */
}

static MdEnvironment *
make_environment (const char *id,
                  const char *display_name)
{
  MdEnvironment *environment = md_environment_new (id, FALSE);
  g_autofree char *token_id = g_strdup_printf ("token-of-%s", id);

  md_environment_set_display_name (environment, display_name);
  md_environment_set_token_id (environment, token_id);
  return environment;
}

static void
test_environment_properties (void)
{
  g_autoptr(MdEnvironment) environment = md_environment_new ("env-1", FALSE);
  g_autoptr(MdEnvironment) copy = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(GError) error = NULL;
  const char *permissions[] = { "video:read", "system:write", NULL };
  guint notified = 0;

  /* Mux's hosts by default; empty means default. */
  g_assert_cmpstr (md_environment_get_api_url (environment), ==, "https://api.mux.com");
  g_assert_cmpstr (md_environment_get_stream_url (environment), ==, "https://stream.mux.com");
  g_assert_cmpstr (md_environment_get_image_url (environment), ==, "https://image.mux.com");
  g_assert_cmpstr (md_environment_get_stats_url (environment), ==, "https://stats.mux.com");
  g_assert_nonnull (md_environment_get_permissions (environment));
  g_assert_false (md_environment_get_is_demo (environment));

  /* The shown name falls back from the user's to whoami's to the id. */
  g_assert_cmpstr (md_environment_get_display_name (environment), ==, "env-1");
  g_signal_connect (environment, "notify::display-name", G_CALLBACK (count_cb), &notified);
  md_environment_set_environment_name (environment, "Production");
  g_assert_cmpstr (md_environment_get_display_name (environment), ==, "Production");
  g_assert_cmpuint (notified, ==, 1);
  md_environment_set_display_name (environment, "My videos");
  md_environment_set_display_name (environment, "My videos");
  g_assert_cmpuint (notified, ==, 2);
  g_assert_cmpstr (md_environment_get_display_name (environment), ==, "My videos");

  md_environment_set_token_id (environment, "tok-123");
  md_environment_set_api_url (environment, "http://127.0.0.1:4000");
  md_environment_set_stream_url (environment, "http://127.0.0.1:4000/stream");
  md_environment_set_permissions (environment, permissions);
  md_environment_set_signing_key_id (environment, "key-9");
  g_assert_true (md_environment_has_permission (environment, "system:write"));
  g_assert_false (md_environment_has_permission (environment, "data:read"));

  json = md_environment_to_json (environment);
  copy = md_environment_new_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (md_environment_get_id (copy), ==, "env-1");
  g_assert_cmpstr (md_environment_get_display_name (copy), ==, "My videos");
  g_assert_cmpstr (md_environment_get_environment_name (copy), ==, "Production");
  g_assert_cmpstr (md_environment_get_token_id (copy), ==, "tok-123");
  g_assert_cmpstr (md_environment_get_api_url (copy), ==, "http://127.0.0.1:4000");
  g_assert_cmpstr (md_environment_get_stream_url (copy), ==, "http://127.0.0.1:4000/stream");
  g_assert_cmpstr (md_environment_get_image_url (copy), ==, "https://image.mux.com");
  g_assert_cmpstrv (md_environment_get_permissions (copy), permissions);
  g_assert_cmpstr (md_environment_get_signing_key_id (copy), ==, "key-9");

  md_environment_reset_urls (copy);
  g_assert_cmpstr (md_environment_get_api_url (copy), ==, "https://api.mux.com");
  g_assert_cmpstr (md_environment_get_stream_url (copy), ==, "https://stream.mux.com");

  /* Ids name folders: nothing that could climb out of one. */
  g_assert_true (md_environment_id_is_valid ("AbC-12_x.y"));
  g_assert_false (md_environment_id_is_valid (".."));
  g_assert_false (md_environment_id_is_valid ("a/b"));
  g_assert_false (md_environment_id_is_valid (""));
  g_clear_pointer (&json, json_node_unref);
  json = json_from_string ("{\"id\":\"../../etc\"}", NULL);
  g_assert_null (md_environment_new_from_json (json, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

static void
test_round_trip (void)
{
  g_autoptr(MdEnvironmentStore) store = md_environment_store_new ();
  g_autoptr(MdEnvironment) production = make_environment ("env-prod", "Production");
  g_autoptr(MdEnvironment) staging = make_environment ("env-staging", "Staging");
  g_autoptr(MdEnvironment) demo = md_environment_new ("demo", TRUE);
  g_autofree char *expected_path = g_build_filename (g_get_user_config_dir (), "muxdesk", "environments.json",
                                                     NULL);
  g_autofree char *contents = NULL;
  GAsyncResult *slot = NULL;
  guint changes = 0;
  guint active_changes = 0;
  struct stat st;

  g_assert_cmpstr (md_environment_store_get_path (store), ==, expected_path);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (store)) == MD_TYPE_ENVIRONMENT);
  g_signal_connect (store, "items-changed", G_CALLBACK (on_items_changed_cb), &changes);
  g_signal_connect (store, "notify::active", G_CALLBACK (count_cb), &active_changes);

  /* No file yet: empty, no error. */
  load (store);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  g_assert_null (md_environment_store_get_active (store));

  md_environment_set_api_url (staging, "http://127.0.0.1:4001");
  add (store, production);
  add (store, staging);
  add (store, demo);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 3);
  g_assert_true (md_environment_store_get_active (store) == production);
  g_assert_cmpuint (active_changes, ==, 1);

  md_environment_store_set_active_async (store, staging, NULL, store_test_done_cb, &slot);
  expect_change (store, &slot);
  g_assert_true (md_environment_store_get_active (store) == staging);
  g_assert_cmpuint (active_changes, ==, 2);

  md_environment_store_rename_async (store, production, "Production (EU)", NULL, store_test_done_cb, &slot);
  expect_change (store, &slot);

  /* The demo may be active, but it is never written. */
  md_environment_store_set_active_async (store, demo, NULL, store_test_done_cb, &slot);
  expect_change (store, &slot);

  g_assert_true (g_file_get_contents (expected_path, &contents, NULL, NULL));
  g_assert_null (strstr (contents, "\"demo\""));
  g_assert_cmpint (g_stat (expected_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_clear_object (&store);
  store = md_environment_store_new ();
  load (store);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);
  g_assert_cmpstr (md_environment_get_id (item (store, 0)), ==, "env-prod");
  g_assert_cmpstr (md_environment_get_display_name (item (store, 0)), ==, "Production (EU)");
  g_assert_cmpstr (md_environment_get_id (item (store, 1)), ==, "env-staging");
  g_assert_cmpstr (md_environment_get_api_url (item (store, 1)), ==, "http://127.0.0.1:4001");
  g_assert_cmpstr (md_environment_get_token_id (item (store, 1)), ==, md_environment_get_token_id (staging));
  g_assert_true (md_environment_store_get_active (store) == item (store, 1));
  g_assert_true (md_environment_store_lookup (store, "Staging") == item (store, 1));
  g_assert_true (md_environment_store_lookup (store, "env-prod") == item (store, 0));
  g_assert_null (md_environment_store_lookup (store, "nowhere"));
}

static void
test_replace_and_remove (void)
{
  g_autoptr(MdEnvironmentStore) store = md_environment_store_new ();
  g_autoptr(MdEnvironment) first = make_environment ("env-a", "A");
  g_autoptr(MdEnvironment) second = make_environment ("env-b", "B");
  g_autoptr(MdEnvironment) again = make_environment ("env-a", "A again");
  g_autoptr(MdEnvironment) demo = md_environment_new ("demo", TRUE);
  g_autoptr(MdEnvironment) bad = make_environment ("../escape", "Bad");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  add (store, first);
  add (store, second);

  /* Signing in again to the same environment replaces it in place, still active. */
  add (store, again);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);
  g_assert_true (item (store, 0) == again);
  g_assert_true (md_environment_store_get_active (store) == again);

  md_environment_store_add_async (store, bad, NULL, NULL, store_test_done_cb, &slot);
  result = store_test_wait (&slot);
  g_assert_false (md_environment_store_change_finish (store, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);

  /* The demo is simply taken off the list. */
  add (store, demo);
  md_environment_store_remove_async (store, demo, NULL, store_test_done_cb, &slot);
  expect_change (store, &slot);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);
}

static void
test_damaged_file_kept (void)
{
  g_autoptr(MdEnvironmentStore) store = md_environment_store_new ();
  g_autoptr(MdEnvironment) fresh = make_environment ("env-new", "New");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (md_environment_store_get_path (store));
  g_autofree char *damaged = g_strconcat (md_environment_store_get_path (store), ".damaged", NULL);
  g_autofree char *kept = NULL;
  const char *garbage = "{\"version\":1,\"environments\":[{\"id\":\"env-1\",";
  GAsyncResult *slot = NULL;

  g_mkdir_with_parents (dir, 0700);
  g_file_set_contents (md_environment_store_get_path (store), garbage, -1, &error);
  g_assert_no_error (error);

  md_environment_store_load_async (store, NULL, store_test_done_cb, &slot);
  result = store_test_wait (&slot);
  g_assert_false (md_environment_store_load_finish (store, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, ".damaged"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);

  /* Later saves do not touch what was kept. */
  add (store, fresh);
  g_assert_true (g_file_get_contents (damaged, &kept, NULL, NULL));
  g_assert_cmpstr (kept, ==, garbage);
}

/* Changes made while a save is running are all on disk when the last one
 * reports back, in the order they were made. */
static void
test_quick_changes_all_saved (void)
{
  g_autoptr(MdEnvironmentStore) store = md_environment_store_new ();
  g_autoptr(MdEnvironmentStore) reloaded = md_environment_store_new ();
  GAsyncResult *slots[20] = { NULL, };

  for (guint i = 0; i < G_N_ELEMENTS (slots); i++)
    {
      g_autofree char *id = g_strdup_printf ("env-%02u", i);
      g_autoptr(MdEnvironment) environment = make_environment (id, id);

      md_environment_store_add_async (store, environment, NULL, NULL, store_test_done_cb, &slots[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (slots); i++)
    expect_change (store, &slots[i]);

  load (reloaded);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reloaded)), ==, G_N_ELEMENTS (slots));
  g_assert_cmpstr (md_environment_get_id (item (reloaded, 19)), ==, "env-19");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/environment/properties", test_environment_properties);
  g_test_add_func ("/environment-store/round-trip", test_round_trip);
  g_test_add_func ("/environment-store/replace-and-remove", test_replace_and_remove);
  g_test_add_func ("/environment-store/damaged-file-kept", test_damaged_file_kept);
  g_test_add_func ("/environment-store/quick-changes-all-saved", test_quick_changes_all_saved);

  return g_test_run ();
}
