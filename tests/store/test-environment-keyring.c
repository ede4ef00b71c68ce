/* test-environment-keyring.c — sign-in and sign-out with the real gnome-keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE  /* memmem */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "md-engagement-choices.h"
#include "md-environment-store.h"
#include "md-keyring.h"
#include "md-library-cache.h"
#include "md-store-test.h"
#include "md-upload-journal.h"

static char *
random_secret (void)
{
  return g_strdup_printf ("secret-%08x%08x%08x", g_random_int (), g_random_int (), g_random_int ());
}

static MdEnvironment *
make_environment (const char *display_name)
{
  g_autofree char *id = g_strdup_printf ("env-%08x", g_random_int ());
  MdEnvironment *environment = md_environment_new (id, FALSE);

  md_environment_set_display_name (environment, display_name);
  md_environment_set_token_id (environment, "token-id-visible");
  return environment;
}

static void
add_with_token (MdEnvironmentStore *store,
                MdEnvironment      *environment,
                const char         *secret)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  md_environment_store_add_async (store, environment, secret, NULL, store_test_done_cb, &slot);
  result = store_test_wait (&slot);
  g_assert_true (md_environment_store_change_finish (store, result, &error));
  g_assert_no_error (error);
}

static char *
lookup_token (const char *environment_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  char *secret;

  md_keyring_lookup_token_async (environment_id, NULL, store_test_done_cb, &slot);
  result = store_test_wait (&slot);
  secret = md_keyring_lookup_token_finish (result, &error);
  g_assert_no_error (error);
  return secret;
}

static void
store_signing_key (const char *environment_id,
                   const char *key_id,
                   const char *secret)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  md_keyring_store_signing_key_async (environment_id, "Test", key_id, secret, NULL, store_test_done_cb, &slot);
  result = store_test_wait (&slot);
  g_assert_true (md_keyring_store_signing_key_finish (result, &error));
  g_assert_no_error (error);
}

static char **
list_signing_keys (const char *environment_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  char **ids;

  md_keyring_list_signing_keys_async (environment_id, NULL, store_test_done_cb, &slot);
  result = store_test_wait (&slot);
  ids = md_keyring_list_signing_keys_finish (result, &error);
  g_assert_no_error (error);
  return ids;
}

/* Fails the test if any file under @dir holds @needle. */
static void
assert_not_in_tree (const char *dir,
                    const char *needle,
                    guint      *n_files)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  if (handle == NULL)
    return;

  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          assert_not_in_tree (path, needle, n_files);
          continue;
        }
      if (!g_file_get_contents (path, &contents, &length, NULL))
        continue;
      (*n_files)++;
      if (memmem (contents, length, needle, strlen (needle)) != NULL)
        g_error ("A secret was written to %s", path);
    }
}

/* Gives the environment a cache and a journal on disk, as using it would. */
static void
use_environment (MdEnvironment *environment)
{
  g_autoptr(MdLibraryCache) cache = md_library_cache_new (md_environment_get_id (environment));
  g_autoptr(MdUploadJournal) journal = md_upload_journal_new (md_environment_get_id (environment));
  g_autoptr(GPtrArray) assets = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autoptr(MdUploadRecord) record = md_upload_record_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(MdUploadRecord) added = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  g_ptr_array_add (assets, json_from_string ("{\"id\":\"asset-1\",\"meta\":{\"title\":\"Clip\"}}", NULL));
  md_library_cache_replace_all_async (cache, assets, NULL, store_test_done_cb, &slot);
  result = store_test_wait (&slot);
  g_assert_true (md_library_cache_change_finish (cache, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  record->file_path = g_strdup ("/videos/clip.mp4");
  record->file_size = 10;
  record->fingerprint = g_strdup ("sha256:0");
  md_upload_journal_add_async (journal, record, NULL, store_test_done_cb, &slot);
  result = store_test_wait (&slot);
  added = md_upload_journal_add_finish (journal, result, &error);
  g_assert_no_error (error);
}

static void
test_secret_only_in_keyring (void)
{
  g_autoptr(MdEnvironmentStore) store = md_environment_store_new ();
  g_autoptr(MdEnvironment) environment = make_environment ("Production");
  g_autofree char *secret = random_secret ();
  g_autoptr(MdKeyringSecret) found = NULL;
  g_autofree char *contents = NULL;
  guint n_files = 0;

  add_with_token (store, environment, secret);
  use_environment (environment);

  found = lookup_token (md_environment_get_id (environment));
  g_assert_cmpstr (found, ==, secret);

  /* The list names the environment and token id, never the secret. */
  g_assert_true (g_file_get_contents (md_environment_store_get_path (store), &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, md_environment_get_id (environment)));
  g_assert_nonnull (strstr (contents, "token-id-visible"));
  g_assert_null (strstr (contents, secret));

  /* Nor any other file this process wrote. */
  assert_not_in_tree (g_get_user_config_dir (), secret, &n_files);
  assert_not_in_tree (g_get_user_cache_dir (), secret, &n_files);
  assert_not_in_tree (g_get_user_data_dir (), secret, &n_files);
  g_assert_cmpuint (n_files, >=, 3);

  /* Clean the shared keyring. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    GAsyncResult *slot = NULL;

    md_environment_store_remove_async (store, environment, NULL, store_test_done_cb, &slot);
    result = store_test_wait (&slot);
    g_assert_true (md_environment_store_change_finish (store, result, &error));
    g_assert_no_error (error);
  }
}

static void
test_sign_out_removes_everything (void)
{
  g_autoptr(MdEnvironmentStore) store = md_environment_store_new ();
  g_autoptr(MdEnvironment) leaving = make_environment ("Leaving");
  g_autoptr(MdEnvironment) staying = make_environment ("Staying");
  g_autofree char *leaving_secret = random_secret ();
  g_autofree char *staying_secret = random_secret ();
  g_autofree char *key_secret = random_secret ();
  g_autofree char *cache_path = md_library_cache_dup_default_path (md_environment_get_id (leaving));
  g_autofree char *journal_path = md_upload_journal_dup_default_path (md_environment_get_id (leaving));
  g_autofree char *cache_dir = g_path_get_dirname (cache_path);
  g_autofree char *journal_dir = g_path_get_dirname (journal_path);
  g_autofree char *choices_path = md_engagement_choices_dup_default_path (md_environment_get_id (leaving));
  g_autofree char *choices_dir = g_path_get_dirname (choices_path);
  g_autofree char *staying_cache = md_library_cache_dup_default_path (md_environment_get_id (staying));
  g_autoptr(MdKeyringSecret) found = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(MdEnvironmentStore) reloaded = md_environment_store_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) keys = NULL;
  GAsyncResult *slot = NULL;

  add_with_token (store, leaving, leaving_secret);
  add_with_token (store, staying, staying_secret);
  store_signing_key (md_environment_get_id (leaving), "key-1", key_secret);
  use_environment (leaving);
  use_environment (staying);
  g_assert_true (g_file_test (cache_path, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (journal_path, G_FILE_TEST_EXISTS));
  g_assert_cmpint (g_mkdir_with_parents (choices_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (choices_path, "{\"version\":1,\"choices\":[]}", -1, NULL));
  g_assert_true (md_environment_store_get_active (store) == leaving);

  md_environment_store_remove_async (store, leaving, NULL, store_test_done_cb, &slot);
  result = store_test_wait (&slot);
  g_assert_true (md_environment_store_change_finish (store, result, &error));
  g_assert_no_error (error);

  /* Gone from the keyring, the list and the disk; the other one untouched. */
  found = lookup_token (md_environment_get_id (leaving));
  g_assert_null (found);
  keys = list_signing_keys (md_environment_get_id (leaving));
  g_assert_cmpuint (g_strv_length (keys), ==, 0);
  g_assert_false (g_file_test (cache_dir, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (journal_dir, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (choices_dir, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  g_assert_true (md_environment_store_get_active (store) == staying);

  found = lookup_token (md_environment_get_id (staying));
  g_assert_cmpstr (found, ==, staying_secret);
  g_assert_true (g_file_test (staying_cache, G_FILE_TEST_EXISTS));

  g_clear_object (&result);
  md_environment_store_load_async (reloaded, NULL, store_test_done_cb, &slot);
  result = store_test_wait (&slot);
  g_assert_true (md_environment_store_load_finish (reloaded, result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reloaded)), ==, 1);
  g_assert_nonnull (md_environment_store_lookup (reloaded, md_environment_get_id (staying)));

  /* Clean the shared keyring. */
  g_clear_object (&result);
  md_environment_store_remove_async (store, staying, NULL, store_test_done_cb, &slot);
  result = store_test_wait (&slot);
  g_assert_true (md_environment_store_change_finish (store, result, &error));
  g_assert_no_error (error);
  g_clear_pointer (&found, md_keyring_secret_free);
  found = lookup_token (md_environment_get_id (staying));
  g_assert_null (found);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/environment-keyring/secret-only-in-keyring", test_secret_only_in_keyring);
  g_test_add_func ("/environment-keyring/sign-out-removes-everything", test_sign_out_removes_everything);

  return g_test_run ();
}
