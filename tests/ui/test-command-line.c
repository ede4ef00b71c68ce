/* test-command-line.c
 *
 * The command line: `muxdesk --version` and `--help` from the real built
 * program, and `--environment NAME` through the real application, which
 * must open the environment named, not the active one, against the real
 * sandbox and keyring.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "md-application.h"
#include "md-library-page.h"
#include "md-test-app.h"
#include "md-test-sandbox.h"
#include "md-test-utils.h"
#include "md-test-widgets.h"
#include "md-window.h"

static char *scratch_dir;

/* Runs the built `muxdesk` with @args; returns its stdout. */
static char *
run_muxdesk (const char * const *args,
             int                *out_status)
{
  const char *binary = g_getenv ("MUXDESK_BINARY");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_nonnull (binary);
  g_ptr_array_add (argv, (char *) binary);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error));
  g_assert_no_error (error);
  g_test_message ("%s %s: %s%s", binary, args[0], out, err);
  g_assert_true (g_subprocess_get_if_exited (process));
  *out_status = g_subprocess_get_exit_status (process);

  return out;
}

static void
test_version (void)
{
  const char * const args[] = { "--version", NULL };
  g_autofree char *expected = g_strdup_printf ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
  g_autofree char *out = NULL;
  int status = -1;

  out = run_muxdesk (args, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (out, ==, expected);
}

static void
test_help (void)
{
  const char * const args[] = { "--help", NULL };
  g_autofree char *out = NULL;
  int status = -1;

  out = run_muxdesk (args, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_str_has_prefix (out, "Usage:"));
  g_assert_nonnull (strstr (out, "--demo"));
  g_assert_nonnull (strstr (out, "--environment=NAME"));
  g_assert_nonnull (strstr (out, "--version"));
  /* The screenshot option is for the demo script, not for users. */
  g_assert_null (strstr (out, "--screenshot-to"));
}

/* What build-aux/demo runs without a display: the PNG is written and its
 * path printed; when it cannot be, the process says why and fails. */
static void
test_screenshot (void)
{
  g_autofree char *dir = g_build_filename (scratch_dir, "shots", NULL);
  g_autofree char *png = g_build_filename (dir, "main-window.png", NULL);
  g_autofree char *blocker = g_build_filename (scratch_dir, "a-file", NULL);
  g_autofree char *under_file = g_build_filename (blocker, "shots", NULL);
  g_autofree char *expected = g_strconcat (png, "\n", NULL);
  g_autofree char *out = NULL;
  g_autofree char *failed_out = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;

  out = run_muxdesk ((const char * const []) { "--screenshot-to", dir, NULL }, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (out, ==, expected);
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));

  g_assert_true (g_file_set_contents (blocker, "not a folder", -1, &error));
  g_assert_no_error (error);
  failed_out = run_muxdesk ((const char * const []) { "--screenshot-to", under_file, NULL }, &status);
  g_assert_cmpint (status, !=, 0);
  g_assert_cmpstr (failed_out, ==, "");
}

/* ------------------------------------------------------------------ */

static void
add_environment (MdEnvironmentStore *store,
                 MdTestSandbox      *sandbox,
                 const char         *id,
                 const char         *name)
{
  g_autoptr(MdEnvironment) environment = md_environment_new (id, FALSE);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  md_environment_set_display_name (environment, name);
  md_environment_set_token_id (environment, md_test_sandbox_get_token_id (sandbox));
  md_environment_set_api_url (environment, md_test_sandbox_get_api_url (sandbox));
  md_environment_set_stream_url (environment, md_test_sandbox_get_stream_url (sandbox));
  md_environment_set_image_url (environment, md_test_sandbox_get_image_url (sandbox));
  md_environment_set_stats_url (environment, md_test_sandbox_get_stats_url (sandbox));

  md_environment_store_add_async (store, environment, md_test_sandbox_get_token_secret (sandbox),
                                  NULL, md_test_async_result_cb, &result);
  g_assert_true (md_test_wait_for_result (&result, 10000));
  g_assert_true (md_environment_store_change_finish (store, result, &error));
  g_assert_no_error (error);
}

static MdTestSandbox *
start_sandbox_with_assets (guint n_assets)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *body = g_strdup_printf ("{\"assets\":%u}", n_assets);
  MdTestSandbox *sandbox = md_test_sandbox_start (NULL, &error);

  g_assert_no_error (error);
  g_assert_true (md_test_sandbox_admin (sandbox, "POST", "/_sandbox/records", body, NULL, &error));
  g_assert_no_error (error);

  return sandbox;
}

#define FIRST_ASSETS 2
#define SECOND_ASSETS 3

/* Whether the window lists the 3 assets of the second sandbox, through
 * the session of the environment “cli-second”. */
static gboolean
second_library_shown (gpointer user_data)
{
  MdWindow *window = user_data;
  MdSession *session = md_window_get_session (window);
  MdLibraryPage *page = MD_LIBRARY_PAGE (md_test_find_child (GTK_WIDGET (window), "library_page"));

  return session != NULL &&
         g_strcmp0 (md_environment_get_id (md_session_get_environment (session)), "cli-second") == 0 &&
         g_strcmp0 (md_window_get_visible_page (window), "library") == 0 &&
         g_strcmp0 (md_library_page_get_visible_state (page), "list") == 0 &&
         g_list_model_get_n_items (md_library_page_get_model (page)) == SECOND_ASSETS;
}

static void
named_scenario (MdApplication *app,
                MdWindow      *window,
                gpointer       user_data)
{
  MdEnvironmentStore *store = md_application_get_environment_store (app);

  if (!md_test_wait_until (second_library_shown, window, 20000))
    g_error ("--environment Second: the window shows “%s”, the session of “%s”",
             md_window_get_visible_page (window),
             md_window_get_session (window)
               ? md_environment_get_id (md_session_get_environment (md_window_get_session (window)))
               : "none");
  md_test_screenshot_settled (GTK_WIDGET (window), "command-line-environment");

  /* Asked for, not made the default: the next plain start opens First. */
  g_assert_cmpstr (md_environment_get_id (md_environment_store_get_active (store)), ==, "cli-first");
}

static void
unknown_scenario (MdApplication *app,
                  MdWindow      *window,
                  gpointer       user_data)
{
  /* Not the active environment instead: the welcome page (and a toast). */
  md_test_wait_for_page (window, "welcome", 20000);
  g_assert_null (md_window_get_session (window));
}

static void
test_environment (void)
{
  g_autoptr(MdTestSandbox) first = start_sandbox_with_assets (FIRST_ASSETS);
  g_autoptr(MdTestSandbox) second = start_sandbox_with_assets (SECOND_ASSETS);
  g_autoptr(MdEnvironmentStore) store = md_environment_store_new ();
  const char * const named[] = { "--environment", "Second", NULL };
  const char * const unknown[] = { "--environment", "Nowhere", NULL };

  /* Two environments, each on its own sandbox; the first is active. */
  add_environment (store, first, "cli-first", "First");
  add_environment (store, second, "cli-second", "Second");
  g_assert_cmpstr (md_environment_get_id (md_environment_store_get_active (store)), ==, "cli-first");

  md_test_run_app (named, named_scenario, NULL);
  md_test_run_app (unknown, unknown_scenario, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *config = NULL;
  g_autofree char *data = NULL;
  g_autofree char *cache = NULL;

  /* Our own XDG dirs, set before GLib reads them: tests run in parallel. */
  scratch_dir = g_dir_make_tmp ("md-test-command-line-XXXXXX", NULL);
  config = g_build_filename (scratch_dir, "config", NULL);
  data = g_build_filename (scratch_dir, "data", NULL);
  cache = g_build_filename (scratch_dir, "cache", NULL);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);

  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/command-line/version", test_version);
  g_test_add_func ("/command-line/help", test_help);
  /* Before the application runs in this process: it would own the app id. */
  g_test_add_func ("/command-line/screenshot", test_screenshot);
  g_test_add_func ("/command-line/environment", test_environment);

  return g_test_run ();
}
