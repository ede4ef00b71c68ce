/* test-keyring.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "md-keyring.h"
#include "md-keyring-private.h"
#include "md-secret-schemas.h"
#include "md-store-test.h"

/* argv[0], to run this program again in a child mode. */
static const char *program_path;

/* Every keyring call here answers within a second. One that hangs (seen
 * once in a loaded CI run, where meson then killed the program at 30 s and
 * nothing said where) aborts the program before that, so the crash report
 * shows every thread's stack. */
static void
on_hang_cb (int signum)
{
  abort ();
}

static void
report_hang_after (unsigned seconds)
{
  signal (SIGALRM, on_hang_cb);
  alarm (seconds);
}

/* A fresh value each run, so a leftover item can never make the test pass. */
static char *
random_secret (void)
{
  return g_strdup_printf ("test-secret-%08x%08x", g_random_int (), g_random_int ());
}

static void
test_token_roundtrip (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = random_secret ();
  g_autofree char *found = NULL;
  gboolean ok;

  ok = secret_password_store_sync (MD_TOKEN_SCHEMA, SECRET_COLLECTION_DEFAULT,
                                   "Muxdesk test token", secret, NULL, &error,
                                   MD_SECRET_ATTR_ENVIRONMENT, "env-test",
                                   MD_SECRET_ATTR_TOKEN_ID, "token-test",
                                   MD_SECRET_ATTR_API_URL, "http://127.0.0.1:1",
                                   NULL);
  g_assert_no_error (error);
  g_assert_true (ok);

  found = secret_password_lookup_sync (MD_TOKEN_SCHEMA, NULL, &error,
                                       MD_SECRET_ATTR_ENVIRONMENT, "env-test",
                                       MD_SECRET_ATTR_TOKEN_ID, "token-test",
                                       NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, secret);

  ok = secret_password_clear_sync (MD_TOKEN_SCHEMA, NULL, &error,
                                   MD_SECRET_ATTR_ENVIRONMENT, "env-test",
                                   NULL);
  g_assert_no_error (error);
  g_assert_true (ok);

  g_clear_pointer (&found, g_free);
  found = secret_password_lookup_sync (MD_TOKEN_SCHEMA, NULL, &error,
                                       MD_SECRET_ATTR_ENVIRONMENT, "env-test",
                                       NULL);
  g_assert_no_error (error);
  g_assert_null (found);
}

static void
test_schemas_are_distinct (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = random_secret ();
  g_autofree char *as_token = NULL;

  secret_password_store_sync (MD_SIGNING_KEY_SCHEMA, SECRET_COLLECTION_DEFAULT,
                              "Muxdesk test signing key", secret, NULL, &error,
                              MD_SECRET_ATTR_ENVIRONMENT, "env-test",
                              MD_SECRET_ATTR_KEY_ID, "key-test",
                              NULL);
  g_assert_no_error (error);

  /* A signing key must never be found when looking for a token. */
  as_token = secret_password_lookup_sync (MD_TOKEN_SCHEMA, NULL, &error,
                                          MD_SECRET_ATTR_ENVIRONMENT, "env-test",
                                          NULL);
  g_assert_no_error (error);
  g_assert_null (as_token);

  g_assert_true (secret_password_clear_sync (MD_SIGNING_KEY_SCHEMA, NULL, &error,
                                             MD_SECRET_ATTR_KEY_ID, "key-test",
                                             NULL));
  g_assert_no_error (error);
}


/* Synchronous wrappers over the async API, each running the main loop. */

static void
store_token (const char *env_id,
             const char *env_name,
             const char *token_id,
             const char *secret)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  md_keyring_store_token_async (env_id, env_name, token_id, "http://127.0.0.1:1", secret,
                                NULL, store_test_done_cb, &slot);
  result = store_test_wait (&slot);
  g_assert_true (md_keyring_store_token_finish (result, &error));
  g_assert_no_error (error);
}

static char *
lookup_token (const char *env_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;
  char *secret;

  md_keyring_lookup_token_async (env_id, NULL, store_test_done_cb, &slot);
  result = store_test_wait (&slot);
  secret = md_keyring_lookup_token_finish (result, &error);
  g_assert_no_error (error);
  return secret;
}

static void
delete_token (const char *env_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  md_keyring_delete_token_async (env_id, NULL, store_test_done_cb, &slot);
  result = store_test_wait (&slot);
  g_assert_true (md_keyring_delete_token_finish (result, &error));
  g_assert_no_error (error);
}

static void
store_key (const char *env_id,
           const char *key_id,
           const char *secret)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  md_keyring_store_signing_key_async (env_id, "Test environment", key_id, secret,
                                      NULL, store_test_done_cb, &slot);
  result = store_test_wait (&slot);
  g_assert_true (md_keyring_store_signing_key_finish (result, &error));
  g_assert_no_error (error);
}

static char *
lookup_key (const char *env_id,
            const char *key_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;
  char *secret;

  md_keyring_lookup_signing_key_async (env_id, key_id, NULL, store_test_done_cb, &slot);
  result = store_test_wait (&slot);
  secret = md_keyring_lookup_signing_key_finish (result, &error);
  g_assert_no_error (error);
  return secret;
}

static char **
list_keys (const char *env_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;
  char **ids;

  md_keyring_list_signing_keys_async (env_id, NULL, store_test_done_cb, &slot);
  result = store_test_wait (&slot);
  ids = md_keyring_list_signing_keys_finish (result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ids);
  return ids;
}

static guint
count_items (const SecretSchema *schema,
             const char         *env_id,
             char              **out_label)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  GList *found;
  guint n;

  g_hash_table_insert (attributes, (char *) MD_SECRET_ATTR_ENVIRONMENT, (char *) env_id);
  found = secret_password_searchv_sync (schema, attributes, SECRET_SEARCH_ALL, NULL, &error);
  g_assert_no_error (error);
  n = g_list_length (found);
  if (out_label != NULL && found != NULL)
    *out_label = secret_retrievable_get_label (found->data);
  g_list_free_full (found, g_object_unref);
  return n;
}

static char *
random_env_id (void)
{
  return g_strdup_printf ("env-%08x", g_random_int ());
}

static void
test_tokens_several_environments (void)
{
  g_autofree char *env_a = random_env_id ();
  g_autofree char *env_b = random_env_id ();
  g_autofree char *secret_a = random_secret ();
  g_autofree char *secret_a2 = random_secret ();
  g_autofree char *secret_b = random_secret ();
  g_autofree char *label = NULL;
  g_autoptr(MdKeyringSecret) found = NULL;

  store_token (env_a, "Production", "token-a", secret_a);
  store_token (env_b, "Staging", "token-b", secret_b);

  found = lookup_token (env_a);
  g_assert_cmpstr (found, ==, secret_a);
  g_clear_pointer (&found, md_keyring_secret_free);
  found = lookup_token (env_b);
  g_assert_cmpstr (found, ==, secret_b);
  g_clear_pointer (&found, md_keyring_secret_free);

  g_assert_cmpuint (count_items (MD_TOKEN_SCHEMA, env_a, &label), ==, 1);
  g_assert_cmpstr (label, ==, "Muxdesk access token for Production");

  /* Signing in again with another token replaces the item instead of adding one. */
  store_token (env_a, "Production", "token-a2", secret_a2);
  g_assert_cmpuint (count_items (MD_TOKEN_SCHEMA, env_a, NULL), ==, 1);
  found = lookup_token (env_a);
  g_assert_cmpstr (found, ==, secret_a2);
  g_clear_pointer (&found, md_keyring_secret_free);

  /* Sign-out of one environment leaves the other alone. */
  delete_token (env_a);
  found = lookup_token (env_a);
  g_assert_null (found);
  found = lookup_token (env_b);
  g_assert_cmpstr (found, ==, secret_b);
  g_clear_pointer (&found, md_keyring_secret_free);

  /* Deleting what is not there is no error. */
  delete_token (env_a);
  delete_token (env_b);
  g_assert_cmpuint (count_items (MD_TOKEN_SCHEMA, env_b, NULL), ==, 0);
}

static void
test_signing_keys (void)
{
  g_autofree char *env_a = random_env_id ();
  g_autofree char *env_b = random_env_id ();
  g_autofree char *pem1 = g_base64_encode ((const guchar *) "-----BEGIN RSA PRIVATE KEY-----\nAAA\n", 37);
  g_autofree char *pem2 = random_secret ();
  g_autofree char *pem3 = random_secret ();
  g_autofree char *token = random_secret ();
  g_autofree char *label = NULL;
  g_auto(GStrv) ids = NULL;
  g_autoptr(MdKeyringSecret) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  ids = list_keys (env_a);
  g_assert_cmpuint (g_strv_length (ids), ==, 0);
  g_clear_pointer (&ids, g_strfreev);

  store_key (env_a, "key-2", pem2);
  store_key (env_a, "key-1", pem1);
  store_key (env_b, "key-3", pem3);
  store_token (env_a, "Production", "token-a", token);

  ids = list_keys (env_a);
  g_assert_cmpstrv (ids, ((const char * const[]) { "key-1", "key-2", NULL }));
  g_clear_pointer (&ids, g_strfreev);

  found = lookup_key (env_a, "key-1");
  g_assert_cmpstr (found, ==, pem1);
  g_clear_pointer (&found, md_keyring_secret_free);
  found = lookup_key (env_b, "key-1");
  g_assert_null (found);
  found = lookup_key (env_b, "key-3");
  g_assert_cmpstr (found, ==, pem3);
  g_clear_pointer (&found, md_keyring_secret_free);

  count_items (MD_SIGNING_KEY_SCHEMA, env_b, &label);
  g_assert_cmpstr (label, ==, "Muxdesk signing key key-3 for Test environment");

  md_keyring_delete_signing_key_async (env_a, "key-2", NULL, store_test_done_cb, &slot);
  result = store_test_wait (&slot);
  g_assert_true (md_keyring_delete_signing_key_finish (result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  ids = list_keys (env_a);
  g_assert_cmpstrv (ids, ((const char * const[]) { "key-1", NULL }));
  g_clear_pointer (&ids, g_strfreev);

  /* Sign-out removes the token and every key of that environment only. */
  md_keyring_delete_environment_async (env_a, NULL, store_test_done_cb, &slot);
  result = store_test_wait (&slot);
  g_assert_true (md_keyring_delete_environment_finish (result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_cmpuint (count_items (MD_SIGNING_KEY_SCHEMA, env_a, NULL), ==, 0);
  g_assert_cmpuint (count_items (MD_TOKEN_SCHEMA, env_a, NULL), ==, 0);
  g_assert_cmpuint (count_items (MD_SIGNING_KEY_SCHEMA, env_b, NULL), ==, 1);

  md_keyring_delete_environment_async (env_b, NULL, store_test_done_cb, &slot);
  result = store_test_wait (&slot);
  g_assert_true (md_keyring_delete_environment_finish (result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_items (MD_SIGNING_KEY_SCHEMA, env_b, NULL), ==, 0);
}

static void
test_cancelled (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *env = random_env_id ();
  GAsyncResult *slot = NULL;

  g_cancellable_cancel (cancellable);
  md_keyring_store_token_async (env, "Cancelled", "token", "http://127.0.0.1:1", "s3cret",
                                cancellable, store_test_done_cb, &slot);
  result = store_test_wait (&slot);
  g_assert_false (md_keyring_store_token_finish (result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (count_items (MD_TOKEN_SCHEMA, env, NULL), ==, 0);
}

/* A session bus that is not there: the real failure path, in a child
 * process so the parent's connection is untouched. */
static void
test_no_service (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GAsyncResult) result = NULL;
      g_autofree char *dir = g_dir_make_tmp ("md-keyring-XXXXXX", NULL);
      g_autofree char *address = g_strdup_printf ("unix:path=%s/no-bus", dir);
      g_autofree char *secret = random_secret ();
      GAsyncResult *slot = NULL;

      g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);
      g_unsetenv ("DISPLAY");
      g_unsetenv ("SECRET_BACKEND");

      md_keyring_store_token_async ("env-none", "Nowhere", "token", "http://127.0.0.1:1", secret,
                                    NULL, store_test_done_cb, &slot);
      result = store_test_wait (&slot);
      g_assert_false (md_keyring_store_token_finish (result, &error));
      g_assert_error (error, MD_KEYRING_ERROR, MD_KEYRING_ERROR_NO_SERVICE);
      g_assert_null (strstr (error->message, secret));
      g_clear_error (&error);
      g_clear_object (&result);

      md_keyring_lookup_token_async ("env-none", NULL, store_test_done_cb, &slot);
      result = store_test_wait (&slot);
      g_assert_null (md_keyring_lookup_token_finish (result, &error));
      g_assert_error (error, MD_KEYRING_ERROR, MD_KEYRING_ERROR_NO_SERVICE);
      g_rmdir (dir);
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_error_mapping (void)
{
  struct {
    GQuark domain;
    int code;
    int expected;
  } cases[] = {
    { 0, SECRET_ERROR_IS_LOCKED, MD_KEYRING_ERROR_LOCKED },
    { 0, SECRET_ERROR_PROTOCOL, MD_KEYRING_ERROR_FAILED },
    { 0, SECRET_ERROR_NO_SUCH_OBJECT, MD_KEYRING_ERROR_FAILED },
    { 1, G_DBUS_ERROR_SERVICE_UNKNOWN, MD_KEYRING_ERROR_NO_SERVICE },
    { 1, G_DBUS_ERROR_NAME_HAS_NO_OWNER, MD_KEYRING_ERROR_NO_SERVICE },
    { 1, G_DBUS_ERROR_SPAWN_CHILD_EXITED, MD_KEYRING_ERROR_NO_SERVICE },
    { 1, G_DBUS_ERROR_ACCESS_DENIED, MD_KEYRING_ERROR_FAILED },
    { 2, G_IO_ERROR_CONNECTION_REFUSED, MD_KEYRING_ERROR_NO_SERVICE },
    { 2, G_IO_ERROR_DBUS_ERROR, MD_KEYRING_ERROR_FAILED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GQuark domain = cases[i].domain == 0 ? SECRET_ERROR : cases[i].domain == 1 ? G_DBUS_ERROR : G_IO_ERROR;
      g_autoptr(GError) source = g_error_new_literal (domain, cases[i].code, "underlying");
      g_autoptr(GError) mapped = md_keyring_error_map (source, "Could not do it");

      g_assert_error (mapped, MD_KEYRING_ERROR, cases[i].expected);
      g_assert_true (g_str_has_prefix (mapped->message, "Could not do it"));
    }

  {
    g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "x");
    g_autoptr(GError) mapped = md_keyring_error_map (cancelled, "Could not do it");

    g_assert_error (mapped, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  }
}


/* The locked keyring, for real: a private D-Bus session (no display) whose
 * gnome-keyring holds a login keyring it was not given the password of,
 * so the unlock prompt cannot be shown. The test program runs itself
 * inside it in a child mode (MD_TEST_KEYRING_CHILD) and reports back. */

#define LOCKED_ENV "env-locked"

static int
run_child (const char *mode)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(MdKeyringSecret) found = NULL;
  GAsyncResult *slot = NULL;

  if (g_str_equal (mode, "prepare"))
    {
      /* Unlocked session: leave a token behind in the new login keyring. */
      md_keyring_store_token_async (LOCKED_ENV, "Locked", "token", "http://127.0.0.1:1", "s3cret-locked",
                                    NULL, store_test_done_cb, &slot);
      result = store_test_wait (&slot);
      if (!md_keyring_store_token_finish (result, &error))
        {
          g_printerr ("prepare: %s\n", error->message);
          return 1;
        }
      return 0;
    }

  md_keyring_store_token_async ("env-other", "Other", "token", "http://127.0.0.1:1", "s3cret-other",
                                NULL, store_test_done_cb, &slot);
  result = store_test_wait (&slot);
  md_keyring_store_token_finish (result, &error);
  g_print ("store=%s:%d\n", error ? g_quark_to_string (error->domain) : "none", error ? error->code : -1);
  if (error != NULL && strstr (error->message, "s3cret") != NULL)
    g_print ("secret-in-message\n");
  g_clear_error (&error);
  g_clear_object (&result);

  md_keyring_lookup_token_async (LOCKED_ENV, NULL, store_test_done_cb, &slot);
  result = store_test_wait (&slot);
  found = md_keyring_lookup_token_finish (result, &error);
  g_print ("lookup=%s:%d found=%s\n", error ? g_quark_to_string (error->domain) : "none",
           error ? error->code : -1, found ? "yes" : "no");
  g_clear_error (&error);
  g_clear_object (&result);

  md_keyring_list_signing_keys_async (LOCKED_ENV, NULL, store_test_done_cb, &slot);
  result = store_test_wait (&slot);
  g_strfreev (md_keyring_list_signing_keys_finish (result, &error));
  g_print ("list=%s:%d\n", error ? g_quark_to_string (error->domain) : "none", error ? error->code : -1);
  g_clear_error (&error);
  g_clear_object (&result);

  /* Sign-out cannot claim success while the token stays behind. */
  md_keyring_delete_environment_async (LOCKED_ENV, NULL, store_test_done_cb, &slot);
  result = store_test_wait (&slot);
  md_keyring_delete_environment_finish (result, &error);
  g_print ("delete=%s:%d\n", error ? g_quark_to_string (error->domain) : "none", error ? error->code : -1);
  return 0;
}

static char *
run_in_private_session (const char  *home,
                        const char  *keyring_command,
                        const char  *mode,
                        int         *out_status)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = g_build_filename (home, "data", NULL);
  g_autofree char *config = g_build_filename (home, "config", NULL);
  g_autofree char *runtime = g_build_filename (home, "run", NULL);
  g_autofree char *script = g_strdup_printf ("eval \"$(%s)\"; export GNOME_KEYRING_CONTROL; exec \"$0\"",
                                             keyring_command);
  char *output = NULL;

  g_mkdir_with_parents (runtime, 0700);
  /* Everything the daemons see is ours; no display, so no prompt can appear. */
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "DBUS_SESSION_BUS_ADDRESS");
  g_subprocess_launcher_unsetenv (launcher, "GNOME_KEYRING_CONTROL");
  g_subprocess_launcher_setenv (launcher, "HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", runtime, TRUE);
  g_subprocess_launcher_setenv (launcher, "MD_TEST_KEYRING_CHILD", mode, TRUE);

  process = g_subprocess_launcher_spawn (launcher, &error,
                                         "dbus-run-session", "--", "sh", "-c", script, program_path, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &output, NULL, &error);
  g_assert_no_error (error);
  *out_status = g_subprocess_get_exit_status (process);
  return output;
}

static void
test_locked (void)
{
  g_autofree char *home = g_dir_make_tmp ("md-keyring-locked-XXXXXX", NULL);
  const char *rm_argv[] = { "rm", "-rf", home, NULL };
  g_autofree char *prepared = NULL;
  g_autofree char *output = NULL;
  g_autofree char *expected = NULL;
  int prepare_status;
  int status;

  prepared = run_in_private_session (home, "printf %s md-test-pw | gnome-keyring-daemon --unlock --components=secrets",
                                     "prepare", &prepare_status);
  output = run_in_private_session (home, "gnome-keyring-daemon --start --components=secrets", "locked", &status);
  /* Both sessions are over (their daemons went with their buses): clean up first. */
  g_spawn_sync (NULL, (char **) rm_argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);

  g_test_message ("child reported: %s", output);
  g_assert_cmpint (prepare_status, ==, 0);
  g_assert_cmpint (status, ==, 0);
  expected = g_strdup_printf ("store=%1$s:%2$d\nlookup=%1$s:%2$d found=no\nlist=%1$s:%2$d\ndelete=%1$s:%2$d\n",
                              g_quark_to_string (MD_KEYRING_ERROR), MD_KEYRING_ERROR_LOCKED);
  g_assert_cmpstr (output, ==, expected);
}

int
main (int   argc,
      char *argv[])
{
  const char *child_mode = g_getenv ("MD_TEST_KEYRING_CHILD");

  program_path = argv[0];
  if (child_mode != NULL)
    {
      report_hang_after (10);
      return run_child (child_mode);
    }
  report_hang_after (25);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/keyring/token-roundtrip", test_token_roundtrip);
  g_test_add_func ("/keyring/schemas-are-distinct", test_schemas_are_distinct);
  g_test_add_func ("/keyring/tokens-several-environments", test_tokens_several_environments);
  g_test_add_func ("/keyring/signing-keys", test_signing_keys);
  g_test_add_func ("/keyring/cancelled", test_cancelled);
  g_test_add_func ("/keyring/no-service", test_no_service);
  g_test_add_func ("/keyring/error-mapping", test_error_mapping);
  g_test_add_func ("/keyring/locked", test_locked);

  return g_test_run ();
}
