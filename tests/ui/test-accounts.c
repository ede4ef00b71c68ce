/* test-accounts.c
 *
 * Signing in, wrong tokens and the demo, through the real window, the real
 * sandbox and the real keyring.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>

#include "md-application.h"
#include "md-keyring.h"
#include "md-library-page-private.h"
#include "md-preferences-window.h"
#include "md-secret-schemas.h"
#include "md-sign-in-dialog.h"
#include "md-test-app.h"
#include "md-test-sandbox.h"
#include "md-test-utils.h"
#include "md-test-widgets.h"
#include "md-window.h"

static char *scratch_dir;

static MdSignInDialog *
find_sign_in_dialog (void)
{
  return (MdSignInDialog *) md_test_find_toplevel (MD_TYPE_SIGN_IN_DIALOG);
}

static gboolean
sign_in_dialog_shown (gpointer user_data)
{
  return find_sign_in_dialog () != NULL;
}

static void
type_into (MdSignInDialog *dialog,
           const char     *row_id,
           const char     *text)
{
  GtkWidget *row = md_test_find_child (GTK_WIDGET (dialog), row_id);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

typedef struct
{
  MdTestSandbox *sandbox;
  const char    *secret;
  gboolean       expect_success;
} SignIn;

static gboolean
sign_in_failed_visibly (gpointer user_data)
{
  MdSignInDialog *dialog = user_data;
  GtkWidget *label = md_test_find_child (GTK_WIDGET (dialog), "status_label");

  return gtk_widget_is_visible (label) && gtk_widget_has_css_class (label, "error");
}

/* Opens the sign-in dialog and types a token of @sandbox into it, and
 * @name unless it is %NULL. Returns the dialog, ready to sign in. */
static MdSignInDialog *
fill_sign_in_dialog (MdApplication *app,
                     MdTestSandbox *sandbox,
                     const char    *secret,
                     const char    *name)
{
  MdSignInDialog *dialog;
  GtkWidget *button;

  g_action_group_activate_action (G_ACTION_GROUP (app), "sign-in", NULL);
  g_assert_true (md_test_wait_until (sign_in_dialog_shown, NULL, 10000));
  dialog = find_sign_in_dialog ();

  button = md_test_find_child (GTK_WIDGET (dialog), "sign_in_button");
  g_assert_false (gtk_widget_get_sensitive (button));

  type_into (dialog, "token_id_row", md_test_sandbox_get_token_id (sandbox));
  type_into (dialog, "token_secret_row", secret);
  if (name != NULL)
    type_into (dialog, "name_row", name);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (md_test_find_child (GTK_WIDGET (dialog), "servers_row")), TRUE);
  type_into (dialog, "api_url_row", md_test_sandbox_get_api_url (sandbox));
  type_into (dialog, "stream_url_row", md_test_sandbox_get_stream_url (sandbox));
  type_into (dialog, "image_url_row", md_test_sandbox_get_image_url (sandbox));
  type_into (dialog, "stats_url_row", md_test_sandbox_get_stats_url (sandbox));
  g_assert_true (gtk_widget_get_sensitive (button));

  return dialog;
}

static void
sign_in_scenario (MdApplication *app,
                  MdWindow      *window,
                  gpointer       user_data)
{
  SignIn *sign_in = user_data;
  MdEnvironmentStore *store = md_application_get_environment_store (app);
  MdSignInDialog *dialog;
  GtkWidget *button;

  md_test_wait_for_page (window, "welcome", 10000);
  md_test_screenshot_settled (GTK_WIDGET (window), "welcome");

  dialog = fill_sign_in_dialog (app, sign_in->sandbox, sign_in->secret, "Staging");
  button = md_test_find_child (GTK_WIDGET (dialog), "sign_in_button");
  md_test_screenshot_settled (GTK_WIDGET (dialog), sign_in->expect_success ? "sign-in-dialog" : "sign-in-dialog-filled");

  g_signal_emit_by_name (button, "clicked");

  if (!sign_in->expect_success)
    {
      g_assert_true (md_test_wait_until (sign_in_failed_visibly, dialog, 20000));
      md_test_screenshot_settled (GTK_WIDGET (dialog), "sign-in-dialog-error");
      /* Nothing was stored: no environment, no file (and, as the test
       * checks once the app quit, no keyring item). */
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
      g_assert_false (g_file_test (md_environment_store_get_path (store), G_FILE_TEST_EXISTS));
      gtk_window_destroy (GTK_WINDOW (dialog));
      return;
    }

  g_assert_true (md_test_wait_until (md_test_window_has_session, window, 20000));
  md_test_wait_for_page (window, "library", 10000);
  g_assert_null (find_sign_in_dialog ());
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  g_assert_cmpstr (md_environment_get_display_name (md_environment_store_get_active (store)), ==, "Staging");
  md_test_screenshot_settled (GTK_WIDGET (window), "signed-in");
}

static void
reopen_scenario (MdApplication *app,
                 MdWindow      *window,
                 gpointer       user_data)
{
  md_test_wait_for_page (window, "library", 20000);
  g_assert_cmpstr (md_environment_get_display_name (md_session_get_environment (md_window_get_session (window))),
                   ==, "Staging");
}

static char *
lookup_token (const char *environment_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *secret;

  md_keyring_lookup_token_async (environment_id, NULL, md_test_async_result_cb, &result);
  g_assert_true (md_test_wait_for_result (&result, 10000));
  secret = md_keyring_lookup_token_finish (result, &error);
  g_assert_no_error (error);

  return secret;
}

/* Searches the real keyring for access tokens (schema
 * io.github.muxdesk.Muxdesk.Token) with the token id @token_id, whatever
 * environment they were stored for. */
static guint
count_keyring_tokens (const char *token_id)
{
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GList *found;
  guint n;

  g_hash_table_insert (attributes, (char *) MD_SECRET_ATTR_TOKEN_ID, (char *) token_id);
  secret_password_searchv (MD_TOKEN_SCHEMA, attributes, SECRET_SEARCH_ALL, NULL,
                           md_test_async_result_cb, &result);
  g_assert_true (md_test_wait_for_result (&result, 10000));
  found = secret_password_search_finish (result, &error);
  g_assert_no_error (error);
  n = g_list_length (found);
  g_list_free_full (found, g_object_unref);

  return n;
}

static void
load_store (MdEnvironmentStore *store)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  md_environment_store_load_async (store, NULL, md_test_async_result_cb, &result);
  g_assert_true (md_test_wait_for_result (&result, 10000));
  g_assert_true (md_environment_store_load_finish (store, result, &error));
  g_assert_no_error (error);
}

static void
test_sign_in (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdTestSandbox) sandbox = md_test_sandbox_start (NULL, &error);
  g_autoptr(MdEnvironmentStore) store = NULL;
  g_autoptr(MdKeyringSecret) secret = NULL;
  g_autofree char *library_db = NULL;
  SignIn sign_in = { 0 };
  MdEnvironment *environment;

  g_assert_no_error (error);
  sign_in.sandbox = sandbox;
  sign_in.secret = md_test_sandbox_get_token_secret (sandbox);
  sign_in.expect_success = TRUE;
  md_test_run_app (NULL, sign_in_scenario, &sign_in);

  /* What the app saved: one environment, the secret in the keyring only. */
  store = md_environment_store_new ();
  load_store (store);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  environment = md_environment_store_get_active (store);
  g_assert_nonnull (environment);
  g_assert_cmpstr (md_environment_get_token_id (environment), ==, md_test_sandbox_get_token_id (sandbox));
  secret = lookup_token (md_environment_get_id (environment));
  g_assert_cmpstr (secret, ==, md_test_sandbox_get_token_secret (sandbox));
  /* Found by its token id too, as the wrong-secret test searches. */
  g_assert_cmpuint (count_keyring_tokens (md_test_sandbox_get_token_id (sandbox)), ==, 1);

  /* Searched whole, the library cache's SQLite file too (the library page
   * wrote it), for the secret. */
  library_db = md_library_cache_dup_default_path (md_environment_get_id (environment));
  g_assert_true (g_file_test (library_db, G_FILE_TEST_IS_REGULAR));
  g_assert_false (md_test_tree_contains (g_get_user_config_dir (), sign_in.secret));
  g_assert_false (md_test_tree_contains (g_get_user_data_dir (), sign_in.secret));
  g_assert_false (md_test_tree_contains (g_get_user_cache_dir (), sign_in.secret));

  /* A restart opens the same environment straight from the keyring. */
  md_test_run_app (NULL, reopen_scenario, NULL);
}

static void
test_wrong_secret (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdTestSandbox) sandbox = md_test_sandbox_start (NULL, &error);
  SignIn sign_in = { 0 };

  g_assert_no_error (error);
  sign_in.sandbox = sandbox;
  sign_in.secret = "not-the-secret";
  sign_in.expect_success = FALSE;
  md_test_run_app (NULL, sign_in_scenario, &sign_in);

  /* The keyring holds no token with that id, for any environment. */
  g_assert_cmpuint (count_keyring_tokens (md_test_sandbox_get_token_id (sandbox)), ==, 0);
}

/* What Mux (here the sandbox) calls the environment of its token. */
static char *
whoami_environment_name (MdTestSandbox *sandbox)
{
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (md_test_sandbox_api (sandbox, "GET", "/system/v1/whoami", NULL, &reply, &error), ==, 200);
  g_assert_no_error (error);

  return g_strdup (json_object_get_string_member (json_object_get_object_member (json_node_get_object (reply),
                                                                                   "data"),
                                                  "environment_name"));
}

static void
unnamed_sign_in_scenario (MdApplication *app,
                          MdWindow      *window,
                          gpointer       user_data)
{
  MdTestSandbox *sandbox = user_data;
  MdEnvironmentStore *store = md_application_get_environment_store (app);
  g_autofree char *mux_name = whoami_environment_name (sandbox);
  MdSignInDialog *dialog;
  MdEnvironment *environment;

  md_test_wait_for_page (window, "welcome", 10000);
  dialog = fill_sign_in_dialog (app, sandbox, md_test_sandbox_get_token_secret (sandbox), NULL);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (md_test_find_child (GTK_WIDGET (dialog), "name_row"))), ==, "");
  g_signal_emit_by_name (md_test_find_child (GTK_WIDGET (dialog), "sign_in_button"), "clicked");
  g_assert_true (md_test_wait_until (md_test_window_has_session, window, 20000));
  md_test_wait_for_page (window, "library", 10000);

  /* No name typed: the environment is called what Mux calls it, not by
   * its token id. */
  g_assert_nonnull (mux_name);
  g_assert_cmpstr (mux_name, !=, "");
  environment = md_environment_store_get_active (store);
  g_assert_cmpstr (md_environment_get_display_name (environment), ==, mux_name);
  g_assert_cmpstr (md_environment_get_environment_name (environment), ==, mux_name);
  g_assert_cmpstr (md_environment_get_display_name (md_session_get_environment (md_window_get_session (window))),
                   ==, mux_name);
}

static void
test_sign_in_named_by_mux (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdTestSandbox) sandbox = md_test_sandbox_start (NULL, &error);
  g_autofree char *path = md_environment_store_dup_default_path ();

  g_assert_no_error (error);
  /* A first start: no environment from the tests before. */
  g_remove (path);
  md_test_run_app (NULL, unnamed_sign_in_scenario, sandbox);
}

static gboolean
queue_has_item (gpointer user_data)
{
  return g_list_model_get_n_items (G_LIST_MODEL (user_data)) > 0;
}

static void
demo_scenario (MdApplication *app,
               MdWindow      *window,
               gpointer       user_data)
{
  char **pid = user_data;
  MdSandboxLauncher *launcher;
  GtkWidget *title;

  md_test_wait_for_page (window, "library", 120000);
  launcher = md_application_get_demo_launcher (app);
  g_assert_true (md_sandbox_launcher_get_running (launcher));
  *pid = g_strdup (md_sandbox_launcher_get_process_id (launcher));

  title = md_test_find_child (GTK_WIDGET (window), "window_title");
  g_assert_cmpstr (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (title)), ==, "Demo (local sandbox)");
  md_test_screenshot_settled (GTK_WIDGET (window), "demo");

  /* The file given on the command line was queued for upload to the demo. */
  g_assert_true (md_test_wait_until (queue_has_item,
                                     md_session_get_upload_queue (md_window_get_session (window)),
                                     20000));
}

static void
test_demo_leaves_nothing_behind (void)
{
  g_autofree char *file = g_build_filename (scratch_dir, "clip.mp4", NULL);
  const char * const args[] = { "--demo", file, NULL };
  g_autofree char *pid = NULL;

  g_assert_true (g_file_set_contents (file, "not really a video, but a file to queue", -1, NULL));
  md_test_run_app (args, demo_scenario, &pid);

  g_assert_nonnull (pid);
  /* The sandbox was stopped and reaped when the app quit. */
  g_assert_cmpint (kill ((pid_t) g_ascii_strtoll (pid, NULL, 10), 0), ==, -1);
  g_assert_cmpint (errno, ==, ESRCH);
}

/* ------------------------------------------------------------------ */

typedef struct
{
  MdWindow   *window;
  const char *environment_id;
  guint       n_assets;   /* 0: any number but none */
} LibraryWait;

/* Whether @window shows the library of the environment @environment_id
 * through its session's client, listing its assets. */
static gboolean
library_shown (gpointer user_data)
{
  LibraryWait *wait = user_data;
  MdSession *session = md_window_get_session (wait->window);
  MdLibraryPage *page = MD_LIBRARY_PAGE (md_test_find_child (GTK_WIDGET (wait->window), "library_page"));
  guint n_items = g_list_model_get_n_items (md_library_page_get_model (page));

  /* The server's whole listing: the cache's, shown until it comes, can be
   * older (the demo's, written before an upload of the test before ended
   * as a new asset, counted one less). */
  return session != NULL &&
         g_strcmp0 (md_environment_get_id (md_session_get_environment (session)), wait->environment_id) == 0 &&
         g_strcmp0 (md_window_get_visible_page (wait->window), "library") == 0 &&
         md_library_page_get_client (page) == md_session_get_client (session) &&
         page->pager != NULL && _md_library_page_current_source (page) == G_LIST_MODEL (page->pager) &&
         md_pager_get_complete (MD_PAGER (page->pager)) &&
         g_strcmp0 (md_library_page_get_visible_state (page), "list") == 0 &&
         (wait->n_assets == 0 ? n_items > 0 : n_items == wait->n_assets);
}

static guint
wait_for_library (MdWindow   *window,
                  const char *environment_id,
                  guint       n_assets,
                  guint       timeout_ms)
{
  LibraryWait wait = { window, environment_id, n_assets };
  MdLibraryPage *page = MD_LIBRARY_PAGE (md_test_find_child (GTK_WIDGET (window), "library_page"));

  if (!md_test_wait_until (library_shown, &wait, timeout_ms))
    {
      MdSession *session = md_window_get_session (window);

      g_error ("waited for the library of “%s”; the window shows “%s” (%s, %u assets from %s), session of “%s”",
               environment_id, md_window_get_visible_page (window),
               md_library_page_get_visible_state (page),
               g_list_model_get_n_items (md_library_page_get_model (page)),
               _md_library_page_current_source (page) == G_LIST_MODEL (page->cached_store) ? "the cache" : "the server",
               session ? md_environment_get_id (md_session_get_environment (session)) : "none");
    }

  return g_list_model_get_n_items (md_library_page_get_model (page));
}

/* Chooses @name in the environment menu of the header bar shown (the
 * library's, or the one above the welcome and problem pages), with the
 * action and target of its item, as clicking it would. */
static void
choose_environment (MdWindow   *window,
                    const char *name)
{
  GtkWidget *button = md_test_find_child (GTK_WIDGET (window), "library_environment_button");
  g_autoptr(GMenuModel) section = NULL;
  GMenuModel *menu;

  g_assert_nonnull (button);
  if (!gtk_widget_get_mapped (button))
    button = md_test_find_child (GTK_WIDGET (window), "environment_button");
  g_assert_true (gtk_widget_get_mapped (button));
  menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button));
  section = g_menu_model_get_item_link (menu, 0, G_MENU_LINK_SECTION);
  g_assert_nonnull (section);

  for (int i = 0; i < g_menu_model_get_n_items (section); i++)
    {
      g_autofree char *label = NULL;
      g_autofree char *action = NULL;
      g_autoptr(GVariant) target = NULL;

      if (!g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_LABEL, "s", &label) ||
          g_strcmp0 (label, name) != 0)
        continue;

      g_assert_true (g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_ACTION, "s", &action));
      target = g_menu_model_get_item_attribute_value (section, i, G_MENU_ATTRIBUTE_TARGET, NULL);
      g_assert_true (gtk_widget_activate_action_variant (button, action, target));
      return;
    }

  g_error ("the environment menu lists no “%s”", name);
}

static gboolean
message_dialog_shown (gpointer user_data)
{
  return md_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

/* Signs out of @environment_id in Preferences, confirmed, as a user would. */
static void
sign_out_in_preferences (MdApplication *app,
                         const char    *environment_id)
{
  GtkWindow *preferences;
  GtkWindow *confirm;
  GtkWidget *row;
  GtkWidget *button;

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  preferences = md_test_find_toplevel (MD_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (preferences);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences), "environments");
  row = md_test_find_child (GTK_WIDGET (preferences), environment_id);
  g_assert_nonnull (row);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  button = md_test_find_child (row, "sign-out");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");

  g_assert_true (md_test_wait_until (message_dialog_shown, NULL, 10000));
  confirm = md_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (confirm), "sign-out");
  gtk_window_destroy (confirm);
  gtk_window_destroy (preferences);
}

#define SANDBOX_ASSETS 3

static gboolean
problem_says_demo_not_running (gpointer user_data)
{
  AdwStatusPage *page = ADW_STATUS_PAGE (md_test_find_child (GTK_WIDGET (user_data), "problem_page"));
  const char *description = adw_status_page_get_description (page);

  return g_strcmp0 (md_window_get_visible_page (user_data), "problem") == 0 &&
         description != NULL && strstr (description, "not running") != NULL;
}

static gboolean
staging_stored (gpointer user_data)
{
  return md_environment_store_lookup (user_data, "Staging") != NULL;
}

static void
switch_scenario (MdApplication *app,
                 MdWindow      *window,
                 gpointer       user_data)
{
  MdTestSandbox *sandbox = user_data;
  MdEnvironmentStore *store = md_application_get_environment_store (app);
  MdSignInDialog *dialog;
  MdSandboxLauncher *launcher;
  GtkWidget *retry;
  g_autofree char *signed_in_id = NULL;
  guint n_demo_assets;

  /* The demo first, then a real token of another sandbox beside it. */
  n_demo_assets = wait_for_library (window, "demo", 0, 120000);
  g_assert_cmpuint (n_demo_assets, !=, SANDBOX_ASSETS);

  dialog = fill_sign_in_dialog (app, sandbox, md_test_sandbox_get_token_secret (sandbox), "Staging");
  g_signal_emit_by_name (md_test_find_child (GTK_WIDGET (dialog), "sign_in_button"), "clicked");
  g_assert_true (md_test_wait_until (staging_stored, store, 20000));
  signed_in_id = g_strdup (md_environment_get_id (md_environment_store_lookup (store, "Staging")));
  wait_for_library (window, signed_in_id, SANDBOX_ASSETS, 20000);
  md_test_screenshot_settled (GTK_WIDGET (window), "switch-signed-in");

  /* Back to the demo and again to Staging, from the header bar's menu: the
   * demo's token comes from its sandbox, Staging's from the keyring. */
  choose_environment (window, "Demo (local sandbox)");
  wait_for_library (window, "demo", n_demo_assets, 20000);
  md_test_screenshot_settled (GTK_WIDGET (window), "switch-to-demo");

  choose_environment (window, "Staging");
  wait_for_library (window, signed_in_id, SANDBOX_ASSETS, 20000);

  /* Signing out of Staging leaves the demo active: it opens too. */
  sign_out_in_preferences (app, signed_in_id);
  wait_for_library (window, "demo", n_demo_assets, 20000);
  g_assert_true (md_environment_get_is_demo (md_environment_store_get_active (store)));
  md_test_screenshot_settled (GTK_WIDGET (window), "switch-signed-out-to-demo");

  /* The demo's sandbox dies: chosen again, the demo says it is not
   * running and offers to start it, which brings its library back. */
  launcher = md_application_get_demo_launcher (app);
  g_assert_cmpint (kill ((pid_t) g_ascii_strtoll (md_sandbox_launcher_get_process_id (launcher), NULL, 10),
                         SIGKILL), ==, 0);
  md_test_wait_for_page (window, "problem", 20000);
  choose_environment (window, "Demo (local sandbox)");
  g_assert_true (md_test_wait_until (problem_says_demo_not_running, window, 20000));
  retry = md_test_find_child (GTK_WIDGET (window), "retry_button");
  g_assert_true (gtk_widget_get_visible (retry));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (retry)), ==, "app.demo");
  md_test_screenshot_settled (GTK_WIDGET (window), "switch-demo-not-running");
  g_signal_emit_by_name (retry, "clicked");
  wait_for_library (window, "demo", n_demo_assets, 60000);
}

static void
test_demo_switch (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdTestSandbox) sandbox = md_test_sandbox_start (NULL, &error);
  const char * const args[] = { "--demo", NULL };
  g_autofree char *path = md_environment_store_dup_default_path ();

  g_assert_no_error (error);
  /* Only the demo and Staging: signing out of Staging leaves the demo. */
  g_remove (path);
  g_assert_true (md_test_sandbox_admin (sandbox, "POST", "/_sandbox/records",
                                        "{\"assets\":" G_STRINGIFY (SANDBOX_ASSETS) "}", NULL, &error));
  g_assert_no_error (error);

  md_test_run_app (args, switch_scenario, sandbox);
}

/* ------------------------------------------------------------------ */

#define FIRST_ASSETS 2
#define SECOND_ASSETS 3

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

typedef struct
{
  MdTestSandbox *second;
  char          *second_id;
} SecondSignIn;

static gboolean
second_stored (gpointer user_data)
{
  return md_environment_store_lookup (user_data, "Second") != NULL;
}

static void
second_sign_in_scenario (MdApplication *app,
                         MdWindow      *window,
                         gpointer       user_data)
{
  SecondSignIn *second = user_data;
  MdEnvironmentStore *store = md_application_get_environment_store (app);
  MdSignInDialog *dialog;

  /* First is open, and active. */
  wait_for_library (window, "accounts-first", FIRST_ASSETS, 20000);
  g_assert_cmpstr (md_environment_get_id (md_environment_store_get_active (store)), ==, "accounts-first");

  /* Signed in to another environment beside it: the window opens it, and
   * it is the active one now, in the store and in its file. */
  dialog = fill_sign_in_dialog (app, second->second, md_test_sandbox_get_token_secret (second->second), "Second");
  g_signal_emit_by_name (md_test_find_child (GTK_WIDGET (dialog), "sign_in_button"), "clicked");
  g_assert_true (md_test_wait_until (second_stored, store, 20000));
  second->second_id = g_strdup (md_environment_get_id (md_environment_store_lookup (store, "Second")));
  g_assert_cmpstr (second->second_id, !=, "accounts-first");
  wait_for_library (window, second->second_id, SECOND_ASSETS, 20000);
  g_assert_null (find_sign_in_dialog ());
  g_assert_cmpstr (md_environment_get_id (md_environment_store_get_active (store)), ==, second->second_id);
}

static void
second_reopen_scenario (MdApplication *app,
                        MdWindow      *window,
                        gpointer       user_data)
{
  SecondSignIn *second = user_data;

  wait_for_library (window, second->second_id, SECOND_ASSETS, 20000);
  g_assert_cmpstr (md_environment_get_display_name (md_session_get_environment (md_window_get_session (window))),
                   ==, "Second");
}

static void
test_sign_in_second (void)
{
  g_autoptr(MdTestSandbox) first = start_sandbox_with_assets (FIRST_ASSETS);
  g_autoptr(MdTestSandbox) second_sandbox = start_sandbox_with_assets (SECOND_ASSETS);
  g_autoptr(MdEnvironmentStore) store = NULL;
  g_autoptr(MdEnvironmentStore) saved = NULL;
  g_autofree char *path = md_environment_store_dup_default_path ();
  SecondSignIn second = { second_sandbox, NULL };

  /* One environment stored before, and active. */
  g_remove (path);
  store = md_environment_store_new ();
  add_environment (store, first, "accounts-first", "First");
  g_assert_cmpstr (md_environment_get_id (md_environment_store_get_active (store)), ==, "accounts-first");

  md_test_run_app (NULL, second_sign_in_scenario, &second);
  g_assert_nonnull (second.second_id);

  /* Saved as the active one: the file says so… */
  saved = md_environment_store_new ();
  load_store (saved);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (saved)), ==, 2);
  g_assert_cmpstr (md_environment_get_id (md_environment_store_get_active (saved)), ==, second.second_id);

  /* …and the next start opens it, not First. */
  md_test_run_app (NULL, second_reopen_scenario, &second);
  g_free (second.second_id);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *config = NULL;
  g_autofree char *data = NULL;
  g_autofree char *cache = NULL;

  /* Our own XDG dirs, set before GLib reads them: tests run in parallel. */
  scratch_dir = g_dir_make_tmp ("md-test-accounts-XXXXXX", NULL);
  config = g_build_filename (scratch_dir, "config", NULL);
  data = g_build_filename (scratch_dir, "data", NULL);
  cache = g_build_filename (scratch_dir, "cache", NULL);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);

  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/accounts/wrong-secret", test_wrong_secret);
  g_test_add_func ("/accounts/sign-in", test_sign_in);
  g_test_add_func ("/accounts/sign-in-named-by-mux", test_sign_in_named_by_mux);
  g_test_add_func ("/accounts/sign-in-second", test_sign_in_second);
  g_test_add_func ("/accounts/demo-leaves-nothing-behind", test_demo_leaves_nothing_behind);
  g_test_add_func ("/accounts/demo-switch", test_demo_switch);

  return g_test_run ();
}
