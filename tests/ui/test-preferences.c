/* test-preferences.c
 *
 * The preferences window in the real application (opened with Ctrl+,),
 * against the real sandbox and the real keyring: signing keys created,
 * made active, exported (through the save dialog), imported (pasted or from
 * a .pem file through the open dialog; an id Mux does not know refused),
 * deleted, and removed from this computer once Mux no longer has them; the
 * explanation without System permission; environments renamed, switched and
 * signed out; servers changed and reset to Mux's; every GSettings key
 * through its widget.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <sys/stat.h>

#include "md-application.h"
#include "md-jwt.h"
#include "md-keyring.h"
#include "md-preferences-signing-keys.h"
#include "md-preferences-window.h"
#include "md-test-app.h"
#include "md-test-sandbox.h"
#include "md-test-utils.h"
#include "md-test-widgets.h"
#include "md-window.h"

static char *scratch_dir;

static gboolean
message_dialog_shown (gpointer user_data)
{
  return md_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

static void
answer_message_dialog (const char *response)
{
  GtkWindow *dialog;
  g_autofree char *name = g_strdup_printf ("preferences-confirm-%s", response);

  g_assert_true (md_test_wait_until (message_dialog_shown, NULL, 10000));
  dialog = md_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  md_test_screenshot_settled (GTK_WIDGET (dialog), name);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  gtk_window_destroy (dialog);
}

static MdPreferencesWindow *
open_preferences (MdApplication *app,
                  const char    *page)
{
  MdPreferencesWindow *preferences;

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  preferences = MD_PREFERENCES_WINDOW (md_test_find_toplevel (MD_TYPE_PREFERENCES_WINDOW));
  g_assert_nonnull (preferences);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences), page);

  return preferences;
}

/* Ctrl+, as a key press meets it: the shortcut the main window's controller
 * for the application's accelerators holds for it, activated there. */
static MdPreferencesWindow *
open_preferences_with_shortcut (MdApplication *app,
                                MdWindow      *window,
                                const char    *page)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.preferences");
  g_autoptr(GtkShortcutTrigger) ctrl_comma = gtk_shortcut_trigger_parse_string ("<Control>comma");
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  g_autoptr(GtkShortcut) shortcut = NULL;
  MdPreferencesWindow *preferences;

  g_assert_true (g_strv_contains ((const char * const *) accels, "<Control>comma"));
  g_assert_null (md_test_find_toplevel (MD_TYPE_PREFERENCES_WINDOW));

  for (guint i = 0; shortcut == NULL && i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; shortcut == NULL && j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) candidate = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (candidate), ctrl_comma))
            shortcut = g_steal_pointer (&candidate);
        }
    }
  g_assert_nonnull (shortcut);
  g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), GTK_SHORTCUT_ACTION_EXCLUSIVE,
                                               GTK_WIDGET (window), gtk_shortcut_get_arguments (shortcut)));

  preferences = MD_PREFERENCES_WINDOW (md_test_find_toplevel (MD_TYPE_PREFERENCES_WINDOW));
  g_assert_nonnull (preferences);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (preferences)) == GTK_WINDOW (window));
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences), page);

  return preferences;
}

static void
click (GtkWidget  *root,
       const char *id)
{
  GtkWidget *button = md_test_find_child (root, id);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

/* Stores an environment for @sandbox with the token @token_id:@secret, as
 * a sign-in would, before the app starts: the app opens it from the store
 * and the keyring. */
static void
add_environment_for_token (MdEnvironmentStore *store,
                           MdTestSandbox      *sandbox,
                           const char         *id,
                           const char         *name,
                           const char         *token_id,
                           const char         *token_secret,
                           const char * const *permissions)
{
  g_autoptr(MdEnvironment) environment = md_environment_new (id, FALSE);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  md_environment_set_display_name (environment, name);
  md_environment_set_token_id (environment, token_id);
  md_environment_set_api_url (environment, md_test_sandbox_get_api_url (sandbox));
  md_environment_set_stream_url (environment, md_test_sandbox_get_stream_url (sandbox));
  md_environment_set_image_url (environment, md_test_sandbox_get_image_url (sandbox));
  md_environment_set_stats_url (environment, md_test_sandbox_get_stats_url (sandbox));
  md_environment_set_permissions (environment, permissions);

  md_environment_store_add_async (store, environment, token_secret,
                                  NULL, md_test_async_result_cb, &result);
  g_assert_true (md_test_wait_for_result (&result, 10000));
  g_assert_true (md_environment_store_change_finish (store, result, &error));
  g_assert_no_error (error);
}

static void
store_environment_for_token (MdTestSandbox      *sandbox,
                             const char         *id,
                             const char         *name,
                             const char         *token_id,
                             const char         *token_secret,
                             const char * const *permissions)
{
  g_autoptr(MdEnvironmentStore) store = md_environment_store_new ();
  g_autofree char *path = md_environment_store_dup_default_path ();

  g_remove (path);
  add_environment_for_token (store, sandbox, id, name, token_id, token_secret, permissions);
}

static const char * const all_permissions[] = {
  "video:read", "video:write", "data:read", "system:read", "system:write", NULL
};

/* With the sandbox's own token, which may do anything. */
static void
add_environment (MdEnvironmentStore *store,
                 MdTestSandbox      *sandbox,
                 const char         *id,
                 const char         *name)
{
  add_environment_for_token (store, sandbox, id, name, md_test_sandbox_get_token_id (sandbox),
                             md_test_sandbox_get_token_secret (sandbox), all_permissions);
}

static void
store_environment (MdTestSandbox      *sandbox,
                   const char         *id,
                   const char         *name,
                   const char * const *permissions)
{
  store_environment_for_token (sandbox, id, name, md_test_sandbox_get_token_id (sandbox),
                               md_test_sandbox_get_token_secret (sandbox), permissions);
}

static char *
lookup_signing_key (const char *environment_id,
                    const char *key_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *secret;

  md_keyring_lookup_signing_key_async (environment_id, key_id, NULL, md_test_async_result_cb, &result);
  g_assert_true (md_test_wait_for_result (&result, 10000));
  secret = md_keyring_lookup_signing_key_finish (result, &error);
  g_assert_no_error (error);

  return secret;
}

/* Asks the sandbox for live counts with a token signed by @key_id. */
static MdViewerCount *
get_counts (MdTestSandbox  *sandbox,
            const char     *key_id,
            const char     *private_key,
            GError        **error)
{
  g_autoptr(MdClient) client = md_client_new (md_test_sandbox_get_token_id (sandbox),
                                              md_test_sandbox_get_token_secret (sandbox));
  g_autoptr(MdJwtSigner) signer = md_jwt_signer_new (key_id, private_key, error);
  g_autoptr(GAsyncResult) result = NULL;

  g_assert_nonnull (signer);
  md_client_set_api_url (client, md_test_sandbox_get_api_url (sandbox));
  md_client_set_stats_url (client, md_test_sandbox_get_stats_url (sandbox));
  md_client_get_viewer_count_async (client, signer, MD_COUNTS_KIND_ASSET, "any-asset", NULL,
                                    md_test_async_result_cb, &result);
  g_assert_true (md_test_wait_for_result (&result, 10000));

  return md_client_get_viewer_count_finish (client, result, error);
}

/* Counts the requests made to @path (with @method, or any: NULL), by the
 * sandbox's log. */
static guint
count_requests (MdTestSandbox *sandbox,
                const char    *method,
                const char    *path)
{
  g_autoptr(JsonArray) entries = NULL;
  guint count = 0;

  entries = md_test_sandbox_request_log (sandbox);
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);

      if (g_strcmp0 (json_object_get_string_member (entry, "path"), path) == 0 &&
          (method == NULL || g_strcmp0 (json_object_get_string_member (entry, "method"), method) == 0))
        count++;
    }

  return count;
}

static void
clear_request_log (MdTestSandbox *sandbox)
{

  md_test_sandbox_clear_request_log (sandbox);
}

/* Deletes @key_id at Mux behind the app's back, as another client would. */
static void
delete_key_elsewhere (MdTestSandbox *sandbox,
                      const char    *key_id)
{
  g_autofree char *path = g_strconcat ("/system/v1/signing-keys/", key_id, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (md_test_sandbox_api (sandbox, "DELETE", path, NULL, NULL, &error), ==, 204);
  g_assert_no_error (error);
}

/* ------------------------------------------------------------------ */

typedef struct
{
  MdTestSandbox *sandbox;
  char          *key_id;
  char          *private_key;
} Keys;

static gboolean
signing_keys_idle (gpointer user_data)
{
  return !md_preferences_signing_keys_get_busy (user_data);
}

/* The active key is saved and the reopened session signs with it. */
static gboolean
session_signs_with_active_key (gpointer user_data)
{
  MdWindow *window = user_data;
  MdSession *session = md_window_get_session (window);
  const char *key_id;

  if (session == NULL)
    return FALSE;
  key_id = md_environment_get_signing_key_id (md_session_get_environment (session));

  return key_id != NULL && md_session_get_signer (session) != NULL &&
         g_strcmp0 (md_jwt_signer_get_key_id (md_session_get_signer (session)), key_id) == 0;
}

typedef struct
{
  MdWindow   *window;
  const char *key_id;
} KeyWait;

/* The environment's active key is @key_id, and the session signs with it. */
static gboolean
session_signs_with (gpointer user_data)
{
  KeyWait *wait = user_data;
  MdSession *session = md_window_get_session (wait->window);

  return session != NULL &&
         g_strcmp0 (md_environment_get_signing_key_id (md_session_get_environment (session)), wait->key_id) == 0 &&
         md_session_get_signer (session) != NULL &&
         g_strcmp0 (md_jwt_signer_get_key_id (md_session_get_signer (session)), wait->key_id) == 0;
}

/* The id of a key at Mux other than @key_id (there are two). */
static char *
other_key_at_mux (MdTestSandbox *sandbox,
                  const char    *key_id)
{
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *keys;
  char *other = NULL;

  g_assert_cmpuint (md_test_sandbox_api (sandbox, "GET", "/system/v1/signing-keys", NULL, &reply, &error), ==, 200);
  g_assert_no_error (error);
  keys = json_object_get_array_member (json_node_get_object (reply), "data");
  g_assert_cmpuint (json_array_get_length (keys), ==, 2);
  for (guint i = 0; i < json_array_get_length (keys); i++)
    {
      const char *id = json_object_get_string_member (json_array_get_object_element (keys, i), "id");

      if (g_strcmp0 (id, key_id) != 0)
        other = g_strdup (id);
    }
  g_assert_nonnull (other);

  return other;
}

static gboolean
environment_has_no_active_key (gpointer user_data)
{
  MdWindow *window = user_data;
  MdSession *session = md_window_get_session (window);

  return session != NULL &&
         md_environment_get_signing_key_id (md_session_get_environment (session)) == NULL &&
         md_session_get_signer (session) == NULL;
}

typedef struct
{
  GtkWidget  *root;
  const char *id;
  gboolean    present;
} ChildWait;

static gboolean
child_presence_is (gpointer user_data)
{
  ChildWait *wait = user_data;

  return (md_test_find_child (wait->root, wait->id) != NULL) == wait->present;
}

static MdPreferencesSigningKeys *
signing_keys_page (MdPreferencesWindow *preferences)
{
  GtkWidget *page = md_test_find_child (GTK_WIDGET (preferences), "signing_keys_page");

  g_assert_true (MD_IS_PREFERENCES_SIGNING_KEYS (page));
  return MD_PREFERENCES_SIGNING_KEYS (page);
}

static gboolean
file_chooser_shown (gpointer user_data)
{
  return md_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG) != NULL;
}

/* GtkFileChooserNative shows GTK's own dialog where no portal answers (as
 * in the tests' session): the one a user picks the file in. */
static GtkFileChooser *
wait_for_file_chooser (void)
{
  g_assert_true (md_test_wait_until (file_chooser_shown, NULL, 10000));
  return GTK_FILE_CHOOSER (md_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG));
}

typedef struct
{
  GtkFileChooser *chooser;
  GFile          *file;
} ChooserWait;

static gboolean
chooser_has_file (gpointer user_data)
{
  ChooserWait *wait = user_data;
  g_autoptr(GFile) chosen = gtk_file_chooser_get_file (wait->chooser);

  return chosen != NULL && g_file_equal (chosen, wait->file);
}

static gboolean
file_exists (gpointer user_data)
{
  return g_file_test (user_data, G_FILE_TEST_EXISTS);
}

/* Export: the warning, then the save dialog with its proposed name, saved
 * in @folder. Returns the path written to. */
static char *
export_through_dialogs (MdPreferencesSigningKeys *page,
                        const char               *key_id,
                        const char               *folder)
{
  g_autofree char *name = g_strdup_printf ("mux-signing-key-%s.pem", key_id);
  g_autofree char *current_name = NULL;
  GtkWindow *warning;
  GtkFileChooser *chooser;
  ChooserWait wait;
  char *path = g_build_filename (folder, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  /* Cancelled at the warning: no dialog, no file. */
  click (md_test_find_child (GTK_WIDGET (page), key_id), "export");
  g_assert_true (md_test_wait_until (message_dialog_shown, NULL, 10000));
  warning = md_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (warning)),
                            "Anyone with this file can sign"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (warning), "cancel");
  gtk_window_destroy (warning);
  g_assert_true (md_test_wait_until (signing_keys_idle, page, 10000));
  g_assert_null (md_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG));

  /* Confirmed: the save dialog proposes a name; the user picks a folder. */
  click (md_test_find_child (GTK_WIDGET (page), key_id), "export");
  answer_message_dialog ("export");
  chooser = wait_for_file_chooser ();
  g_assert_cmpint (gtk_file_chooser_get_action (chooser), ==, GTK_FILE_CHOOSER_ACTION_SAVE);
  current_name = gtk_file_chooser_get_current_name (chooser);
  g_assert_cmpstr (current_name, ==, name);
  /* Typed as a whole path in the name entry, as a user may: set as a
   * folder it could lose a race with the chooser's own start-up load. */
  gtk_file_chooser_set_current_name (chooser, path);
  wait = (ChooserWait) { chooser, file };
  g_assert_true (md_test_wait_until (chooser_has_file, &wait, 10000));
  md_test_screenshot_settled (GTK_WIDGET (chooser), "preferences-signing-keys-export-dialog");
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  g_assert_true (md_test_wait_until (file_exists, path, 10000));
  g_assert_true (md_test_wait_until (signing_keys_idle, page, 10000));
  g_assert_null (md_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG));

  return path;
}

/* Import from a file: the open dialog, @path chosen; the page reads it into
 * the private key row. */
static void
choose_pem_file (MdPreferencesSigningKeys *page,
                 const char               *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GtkWidget *key_row = md_test_find_child (GTK_WIDGET (page), "import_key_row");
  ChooserWait wait;

  gtk_editable_set_text (GTK_EDITABLE (key_row), "");
  click (GTK_WIDGET (page), "choose_file_button");
  wait.chooser = wait_for_file_chooser ();
  wait.file = file;
  g_assert_cmpint (gtk_file_chooser_get_action (wait.chooser), ==, GTK_FILE_CHOOSER_ACTION_OPEN);
  g_assert_true (gtk_file_chooser_set_file (wait.chooser, file, &error));
  g_assert_no_error (error);
  /* Selected once the folder has loaded. */
  g_assert_true (md_test_wait_until (chooser_has_file, &wait, 10000));
  md_test_screenshot_settled (GTK_WIDGET (wait.chooser), "preferences-signing-keys-import-dialog");
  gtk_dialog_response (GTK_DIALOG (wait.chooser), GTK_RESPONSE_ACCEPT);
  g_assert_true (md_test_wait_until (signing_keys_idle, page, 10000));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (key_row)), !=, "");
}

/* A key made at Mux by someone else: its id and its PEM in a file, as the
 * user would have them. */
static char *
create_key_elsewhere (MdTestSandbox *sandbox,
                      const char    *file_name,
                      char         **out_pem_path)
{
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guchar *pem = NULL;
  JsonObject *data;
  gsize length;

  g_assert_cmpuint (md_test_sandbox_api (sandbox, "POST", "/system/v1/signing-keys", NULL, &reply, &error), ==, 201);
  g_assert_no_error (error);
  data = json_object_get_object_member (json_node_get_object (reply), "data");
  pem = g_base64_decode (json_object_get_string_member (data, "private_key"), &length);
  *out_pem_path = g_build_filename (scratch_dir, file_name, NULL);
  g_assert_true (g_file_set_contents (*out_pem_path, (const char *) pem, length, &error));
  g_assert_no_error (error);

  return g_strdup (json_object_get_string_member (data, "id"));
}

/* The exported file: the owner's only, a PEM GnuTLS itself reads, that
 * signs a counts token the sandbox accepts. */
static void
check_exported_key (MdTestSandbox *sandbox,
                    const char    *path,
                    const char    *key_id)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MdViewerCount) count = NULL;
  gnutls_x509_privkey_t key;
  gnutls_datum_t datum;
  struct stat info;
  gsize length;

  g_assert_cmpint (g_stat (path, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (contents, "-----BEGIN RSA PRIVATE KEY-----\n"));
  g_assert_true (g_str_has_suffix (contents, "-----END RSA PRIVATE KEY-----\n"));

  datum.data = (unsigned char *) contents;
  datum.size = length;
  g_assert_cmpint (gnutls_x509_privkey_init (&key), ==, 0);
  g_assert_cmpint (gnutls_x509_privkey_import (key, &datum, GNUTLS_X509_FMT_PEM), ==, 0);
  g_assert_cmpint (gnutls_x509_privkey_get_pk_algorithm (key), ==, GNUTLS_PK_RSA);
  gnutls_x509_privkey_deinit (key);

  count = get_counts (sandbox, key_id, contents, &error);
  g_assert_no_error (error);
  g_assert_nonnull (count);
}

static void
signing_keys_scenario (MdApplication *app,
                       MdWindow      *window,
                       gpointer       user_data)
{
  Keys *keys = user_data;
  g_autofree char *pasted_id = NULL;
  g_autofree char *picked_id = NULL;
  MdPreferencesWindow *preferences;
  MdPreferencesSigningKeys *page;
  GtkWidget *status;
  MdEnvironment *environment;
  ChildWait wait;

  g_assert_true (md_test_wait_until (md_test_window_has_session, window, 20000));
  preferences = open_preferences (app, "signing-keys");
  page = signing_keys_page (preferences);
  g_assert_true (md_test_wait_until (signing_keys_idle, page, 20000));
  g_assert_true (gtk_widget_get_visible (md_test_find_child (GTK_WIDGET (page), "keys_group")));
  g_assert_false (gtk_widget_get_visible (md_test_find_child (GTK_WIDGET (page), "explanation_group")));

  /* Create: the first key becomes the active one and the session is
   * opened again with it. */
  click (GTK_WIDGET (page), "create_button");
  g_assert_true (md_test_wait_until (session_signs_with_active_key, window, 20000));
  environment = md_session_get_environment (md_window_get_session (window));
  keys->key_id = g_strdup (md_environment_get_signing_key_id (environment));
  g_assert_true (md_test_wait_until (signing_keys_idle, page, 20000));
  wait = (ChildWait) { GTK_WIDGET (page), keys->key_id, TRUE };
  g_assert_true (md_test_wait_until (child_presence_is, &wait, 20000));
  g_assert_true (md_test_wait_until (signing_keys_idle, page, 20000));
  md_test_screenshot_settled (GTK_WIDGET (preferences), "preferences-signing-keys");

  keys->private_key = lookup_signing_key (md_environment_get_id (environment), keys->key_id);
  g_assert_nonnull (keys->private_key);

  /* A second key is not made the active one; its Use makes it sign, and
   * the first one's Use brings that one back. */
  {
    g_autofree char *second_id = NULL;
    GtkWidget *row;

    click (GTK_WIDGET (page), "create_button");
    g_assert_true (md_test_wait_until (signing_keys_idle, page, 20000));
    second_id = other_key_at_mux (keys->sandbox, keys->key_id);
    wait = (ChildWait) { GTK_WIDGET (page), second_id, TRUE };
    g_assert_true (md_test_wait_until (child_presence_is, &wait, 20000));
    g_assert_true (md_test_wait_until (signing_keys_idle, page, 20000));
    g_assert_null (md_test_find_child (md_test_find_child (GTK_WIDGET (page), keys->key_id), "use"));
    click (md_test_find_child (GTK_WIDGET (page), second_id), "use");
    g_assert_true (md_test_wait_until (session_signs_with, &(KeyWait) { window, second_id }, 20000));
    g_assert_true (md_test_wait_until (signing_keys_idle, page, 20000));
    wait = (ChildWait) { GTK_WIDGET (page), second_id, TRUE };
    g_assert_true (md_test_wait_until (child_presence_is, &wait, 20000));
    g_assert_true (md_test_wait_until (signing_keys_idle, page, 20000));
    row = md_test_find_child (GTK_WIDGET (page), second_id);
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Signs playback and counts"));
    g_assert_null (md_test_find_child (row, "use"));
    row = md_test_find_child (GTK_WIDGET (page), keys->key_id);
    g_assert_null (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Signs playback and counts"));
    md_test_screenshot_settled (GTK_WIDGET (preferences), "preferences-signing-keys-second-active");

    click (row, "use");
    g_assert_true (md_test_wait_until (session_signs_with, &(KeyWait) { window, keys->key_id }, 20000));
    wait = (ChildWait) { GTK_WIDGET (page), keys->key_id, TRUE };
    g_assert_true (md_test_wait_until (child_presence_is, &wait, 20000));
    g_assert_true (md_test_wait_until (signing_keys_idle, page, 20000));
    g_assert_nonnull (md_test_find_child (md_test_find_child (GTK_WIDGET (page), second_id), "use"));
  }

  /* The key signs a counts token the sandbox accepts. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(MdViewerCount) count = get_counts (keys->sandbox, keys->key_id, keys->private_key, &error);

    g_assert_no_error (error);
    g_assert_nonnull (count);
  }

  /* Export: after the warning, a 0600 PEM file where the user chose. */
  {
    g_autofree char *folder = g_build_filename (scratch_dir, "exported", NULL);
    g_autofree char *path = NULL;

    g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
    path = export_through_dialogs (page, keys->key_id, folder);
    check_exported_key (keys->sandbox, path, keys->key_id);
    g_assert_cmpint (g_remove (path), ==, 0);
  }

  /* A malformed key is refused with a message, and nothing is stored. */
  gtk_editable_set_text (GTK_EDITABLE (md_test_find_child (GTK_WIDGET (page), "import_key_id_row")), "importedkey1");
  gtk_editable_set_text (GTK_EDITABLE (md_test_find_child (GTK_WIDGET (page), "import_key_row")),
                         "-----BEGIN RSA PRIVATE KEY-----\nbm90IGEga2V5\n-----END RSA PRIVATE KEY-----\n");
  click (GTK_WIDGET (page), "import_button");
  status = md_test_find_child (GTK_WIDGET (page), "import_status_label");
  g_assert_true (gtk_widget_get_visible (status));
  g_assert_true (strstr (gtk_label_get_text (GTK_LABEL (status)), "not a usable private key") != NULL);
  gtk_editable_set_text (GTK_EDITABLE (md_test_find_child (GTK_WIDGET (page), "import_key_row")), "garbage!");
  click (GTK_WIDGET (page), "import_button");
  g_assert_true (gtk_widget_get_visible (status));
  md_test_screenshot_settled (GTK_WIDGET (preferences), "preferences-signing-keys-import-refused");
  g_assert_null (lookup_signing_key (md_environment_get_id (environment), "importedkey1"));

  /* A well-formed key under an id Mux does not know is refused too: Mux
   * would refuse every token it signs. Mux was asked; nothing is kept. */
  {
    gsize length;
    g_autofree guchar *pem = g_base64_decode (keys->private_key, &length);
    g_autofree char *text = g_strndup ((char *) pem, length);

    clear_request_log (keys->sandbox);
    gtk_editable_set_text (GTK_EDITABLE (md_test_find_child (GTK_WIDGET (page), "import_key_row")), text);
    click (GTK_WIDGET (page), "import_button");
    g_assert_true (md_test_wait_until (signing_keys_idle, page, 20000));
    g_assert_true (gtk_widget_get_visible (status));
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (status)), "Mux has no signing key importedkey1"));
    g_assert_cmpuint (count_requests (keys->sandbox, "GET", "/system/v1/signing-keys/importedkey1"), ==, 1);
    g_assert_null (lookup_signing_key (md_environment_get_id (environment), "importedkey1"));
    md_test_screenshot_settled (GTK_WIDGET (preferences), "preferences-signing-keys-import-unknown-id");
    g_assert_null (md_test_find_child (GTK_WIDGET (page), "importedkey1"));
  }

  /* A key made elsewhere imports under its id once it is well formed, even
   * with its line breaks lost in a single-line entry. */
  {
    g_autofree char *pem_path = NULL;
    g_autofree char *flat = NULL;
    g_autoptr(MdKeyringSecret) stored = NULL;
    g_autoptr(MdJwtSigner) signer = NULL;
    g_autoptr(GError) error = NULL;

    pasted_id = create_key_elsewhere (keys->sandbox, "pasted.pem", &pem_path);
    g_assert_true (g_file_get_contents (pem_path, &flat, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (g_remove (pem_path), ==, 0);
    g_strdelimit (flat, "\n", ' ');
    gtk_editable_set_text (GTK_EDITABLE (md_test_find_child (GTK_WIDGET (page), "import_key_id_row")), pasted_id);
    gtk_editable_set_text (GTK_EDITABLE (md_test_find_child (GTK_WIDGET (page), "import_key_row")), flat);
    click (GTK_WIDGET (page), "import_button");
    g_assert_true (md_test_wait_until (signing_keys_idle, page, 20000));
    g_assert_false (gtk_widget_get_visible (status));
    stored = lookup_signing_key (md_environment_get_id (environment), pasted_id);
    g_assert_nonnull (stored);
    signer = md_jwt_signer_new (pasted_id, stored, &error);
    g_assert_no_error (error);
    g_assert_nonnull (signer);
  }

  /* A key made elsewhere imports from its .pem file, picked in the open
   * dialog: kept in the keyring, and usable here. */
  {
    g_autofree char *pem_path = NULL;
    g_autoptr(MdKeyringSecret) stored = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(MdViewerCount) count = NULL;
    GtkWidget *row;

    picked_id = create_key_elsewhere (keys->sandbox, "picked.pem", &pem_path);
    choose_pem_file (page, pem_path);
    gtk_editable_set_text (GTK_EDITABLE (md_test_find_child (GTK_WIDGET (page), "import_key_id_row")), picked_id);
    click (GTK_WIDGET (page), "import_button");
    g_assert_true (md_test_wait_until (signing_keys_idle, page, 20000));
    g_assert_false (gtk_widget_get_visible (status));
    stored = lookup_signing_key (md_environment_get_id (environment), picked_id);
    g_assert_nonnull (stored);
    count = get_counts (keys->sandbox, picked_id, stored, &error);
    g_assert_no_error (error);
    wait = (ChildWait) { GTK_WIDGET (page), picked_id, TRUE };
    g_assert_true (md_test_wait_until (child_presence_is, &wait, 20000));
    row = md_test_find_child (GTK_WIDGET (page), picked_id);
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Usable here"));
    g_assert_nonnull (md_test_find_child (row, "export"));
    g_assert_cmpint (g_remove (pem_path), ==, 0);
  }

  /* Both imported keys are deleted at Mux by someone else. The pasted one
   * while the page still lists it: Delete finds it gone at Mux and still
   * removes its private key here. */
  delete_key_elsewhere (keys->sandbox, picked_id);
  delete_key_elsewhere (keys->sandbox, pasted_id);
  clear_request_log (keys->sandbox);
  click (md_test_find_child (GTK_WIDGET (page), pasted_id), "delete");
  answer_message_dialog ("delete");
  wait = (ChildWait) { GTK_WIDGET (page), pasted_id, FALSE };
  g_assert_true (md_test_wait_until (child_presence_is, &wait, 20000));
  g_assert_true (md_test_wait_until (signing_keys_idle, page, 20000));
  g_assert_null (lookup_signing_key (md_environment_get_id (environment), pasted_id));
  {
    g_autofree char *path = g_strconcat ("/system/v1/signing-keys/", pasted_id, NULL);

    g_assert_cmpuint (count_requests (keys->sandbox, "DELETE", path), ==, 1);
  }

  /* The picked one, listed again, shows as only on this computer: no Use,
   * no Export, and removing it does not ask Mux. */
  {
    g_autofree char *path = g_strconcat ("/system/v1/signing-keys/", picked_id, NULL);
    GtkWidget *row = md_test_find_child (GTK_WIDGET (page), picked_id);
    GtkWindow *dialog;

    g_assert_nonnull (row);
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Not at Mux any more"));
    g_assert_null (md_test_find_child (row, "use"));
    g_assert_null (md_test_find_child (row, "export"));
    md_test_screenshot_settled (GTK_WIDGET (preferences), "preferences-signing-keys-keyring-only");
    click (row, "delete");
    g_assert_true (md_test_wait_until (message_dialog_shown, NULL, 10000));
    dialog = md_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
    g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Remove the Private Key?");
    answer_message_dialog ("remove");
    wait = (ChildWait) { GTK_WIDGET (page), picked_id, FALSE };
    g_assert_true (md_test_wait_until (child_presence_is, &wait, 20000));
    g_assert_true (md_test_wait_until (signing_keys_idle, page, 20000));
    g_assert_null (lookup_signing_key (md_environment_get_id (environment), picked_id));
    g_assert_cmpuint (count_requests (keys->sandbox, "DELETE", path), ==, 0);
  }

  /* Delete: confirmed, then gone from the list. */
  click (md_test_find_child (GTK_WIDGET (page), keys->key_id), "delete");
  answer_message_dialog ("delete");
  wait = (ChildWait) { GTK_WIDGET (page), keys->key_id, FALSE };
  g_assert_true (md_test_wait_until (child_presence_is, &wait, 20000));
  g_assert_true (md_test_wait_until (signing_keys_idle, page, 20000));
  g_assert_null (lookup_signing_key (md_environment_get_id (environment), keys->key_id));
  g_assert_true (md_test_wait_until (environment_has_no_active_key, window, 20000));

  gtk_window_destroy (GTK_WINDOW (preferences));
}

static void
test_signing_keys (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdTestSandbox) sandbox = md_test_sandbox_start (NULL, &error);
  g_autoptr(MdClient) client = NULL;
  g_autoptr(MdViewerCount) count = NULL;
  g_autoptr(MdSigningKey) gone = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  Keys keys = { 0 };

  g_assert_no_error (error);
  keys.sandbox = sandbox;
  store_environment (sandbox, "keys-env", "Keys", all_permissions);
  md_test_run_app (NULL, signing_keys_scenario, &keys);
  g_assert_nonnull (keys.private_key);

  /* The private key is in the keyring only, never on disk. */
  g_assert_false (md_test_tree_contains (g_get_home_dir (), keys.private_key));
  g_assert_false (md_test_tree_contains (g_get_user_config_dir (), keys.private_key));
  g_assert_false (md_test_tree_contains (g_get_user_data_dir (), keys.private_key));
  g_assert_false (md_test_tree_contains (g_get_user_cache_dir (), keys.private_key));

  /* After the deletion the sandbox refuses its tokens and no longer
   * knows the key. */
  count = get_counts (sandbox, keys.key_id, keys.private_key, &error);
  g_assert_null (count);
  g_assert_nonnull (error);
  g_clear_error (&error);

  client = md_client_new (md_test_sandbox_get_token_id (sandbox), md_test_sandbox_get_token_secret (sandbox));
  md_client_set_api_url (client, md_test_sandbox_get_api_url (sandbox));
  md_client_get_signing_key_async (client, keys.key_id, NULL, md_test_async_result_cb, &result);
  g_assert_true (md_test_wait_for_result (&result, 10000));
  gone = md_client_get_signing_key_finish (client, result, &error);
  g_assert_null (gone);
  g_assert_nonnull (error);

  md_keyring_secret_free (keys.private_key);
  g_free (keys.key_id);
}

/* ------------------------------------------------------------------ */

static gboolean
environment_row_named (gpointer user_data)
{
  ChildWait *wait = user_data;
  GtkWidget *row = md_test_find_child (wait->root, "restricted-env");

  return row != NULL &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "Renamed") == 0;
}

static gboolean
store_is_empty (gpointer user_data)
{
  return g_list_model_get_n_items (G_LIST_MODEL (user_data)) == 0;
}

static void
restricted_scenario (MdApplication *app,
                     MdWindow      *window,
                     gpointer       user_data)
{
  MdEnvironmentStore *store = md_application_get_environment_store (app);
  MdPreferencesWindow *preferences;
  MdPreferencesSigningKeys *page;
  GtkWidget *environment_row;
  GtkWidget *name_row;
  ChildWait wait;

  g_assert_true (md_test_wait_until (md_test_window_has_session, window, 20000));
  preferences = open_preferences (app, "signing-keys");
  page = signing_keys_page (preferences);

  /* Without System permission: the explanation, no list, no buttons. */
  g_assert_true (gtk_widget_get_visible (md_test_find_child (GTK_WIDGET (page), "explanation_group")));
  g_assert_false (gtk_widget_get_visible (md_test_find_child (GTK_WIDGET (page), "keys_group")));
  g_assert_false (gtk_widget_get_visible (md_test_find_child (GTK_WIDGET (page), "import_group")));
  g_assert_true (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (md_test_find_child (GTK_WIDGET (page), "explanation_row"))),
                         "System") != NULL);
  md_test_screenshot_settled (GTK_WIDGET (preferences), "preferences-signing-keys-no-permission");

  /* Environments: shown with their token, renamed through the entry row. */
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences), "environments");
  environment_row = md_test_find_child (GTK_WIDGET (preferences), "restricted-env");
  g_assert_nonnull (environment_row);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (environment_row), TRUE);
  md_test_screenshot_settled (GTK_WIDGET (preferences), "preferences-environments");

  name_row = md_test_find_child (environment_row, "name");
  g_assert_nonnull (name_row);
  gtk_editable_set_text (GTK_EDITABLE (name_row), "Renamed");
  g_signal_emit_by_name (name_row, "apply");
  wait = (ChildWait) { GTK_WIDGET (preferences), "restricted-env", TRUE };
  g_assert_true (md_test_wait_until (environment_row_named, &wait, 10000));
  g_assert_cmpstr (md_environment_get_display_name (md_environment_store_lookup (store, "restricted-env")),
                   ==, "Renamed");

  /* Sign out, confirmed: the store is empty and the window welcomes. */
  environment_row = md_test_find_child (GTK_WIDGET (preferences), "restricted-env");
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (environment_row), TRUE);
  click (environment_row, "sign-out");
  answer_message_dialog ("sign-out");
  g_assert_true (md_test_wait_until (store_is_empty, store, 20000));
  md_test_screenshot_settled (GTK_WIDGET (preferences), "preferences-environments-empty");

  gtk_window_destroy (GTK_WINDOW (preferences));
}

/* Asks the sandbox, as a sign-in does, what @token_id may do. */
static GStrv
whoami_permissions (MdTestSandbox *sandbox,
                    const char    *token_id,
                    const char    *token_secret)
{
  g_autoptr(MdClient) client = md_client_new (token_id, token_secret);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(MdWhoami) whoami = NULL;
  g_autoptr(GError) error = NULL;

  md_client_set_api_url (client, md_test_sandbox_get_api_url (sandbox));
  md_client_whoami_async (client, NULL, md_test_async_result_cb, &result);
  g_assert_true (md_test_wait_for_result (&result, 10000));
  whoami = md_client_whoami_finish (client, result, &error);
  g_assert_no_error (error);

  return g_strdupv ((char **) md_whoami_get_permissions (whoami));
}

static void
test_restricted_token_and_environments (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdTestSandbox) sandbox = md_test_sandbox_start (NULL, &error);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_auto(GStrv) permissions = NULL;
  JsonObject *token;
  char *secret;

  g_assert_no_error (error);

  /* A real token without System permission, made at the sandbox; the
   * environment gets the permissions whoami reports for it. */
  g_assert_true (md_test_sandbox_admin (sandbox, "POST", "/_sandbox/tokens",
                                        "{\"name\":\"Editor\",\"permissions\":[\"video:read\",\"video:write\",\"data:read\"]}",
                                        &reply, &error));
  g_assert_no_error (error);
  token = json_object_get_object_member (json_node_get_object (reply), "data");
  permissions = whoami_permissions (sandbox, json_object_get_string_member (token, "token_id"),
                                    json_object_get_string_member (token, "token_secret"));
  g_assert_false (g_strv_contains ((const char * const *) permissions, "system:write"));
  g_assert_true (g_strv_contains ((const char * const *) permissions, "video:write"));
  store_environment_for_token (sandbox, "restricted-env", "Restricted",
                               json_object_get_string_member (token, "token_id"),
                               json_object_get_string_member (token, "token_secret"),
                               (const char * const *) permissions);
  md_test_run_app (NULL, restricted_scenario, NULL);

  /* The page explained instead of asking for keys it would be refused. */
  g_assert_cmpuint (count_requests (sandbox, NULL, "/system/v1/signing-keys"), ==, 0);
  g_assert_cmpuint (count_requests (sandbox, NULL, "/video/v1/assets"), >, 0);

  /* Signed out: the token left the keyring. */
  md_keyring_lookup_token_async ("restricted-env", NULL, md_test_async_result_cb, &result);
  g_assert_true (md_test_wait_for_result (&result, 10000));
  secret = md_keyring_lookup_token_finish (result, &error);
  g_assert_no_error (error);
  g_assert_null (secret);
}

/* ------------------------------------------------------------------ */

typedef struct
{
  MdWindow   *window;
  const char *id;
} EnvironmentWait;

static gboolean
window_shows_environment (gpointer user_data)
{
  EnvironmentWait *wait = user_data;
  MdSession *session = md_window_get_session (wait->window);

  return session != NULL &&
         g_strcmp0 (md_environment_get_id (md_session_get_environment (session)), wait->id) == 0;
}

static gboolean
environment_row_active (gpointer user_data)
{
  ChildWait *wait = user_data;
  GtkWidget *row = md_test_find_child (wait->root, wait->id);

  return row != NULL &&
         g_str_has_prefix (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)), "Active") &&
         md_test_find_child (row, "use") == NULL;
}

static char *
saved_active_id (void)
{
  g_autoptr(MdEnvironmentStore) store = md_environment_store_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  md_environment_store_load_async (store, NULL, md_test_async_result_cb, &result);
  g_assert_true (md_test_wait_for_result (&result, 10000));
  g_assert_true (md_environment_store_load_finish (store, result, &error));
  g_assert_no_error (error);

  return g_strdup (md_environment_get_id (md_environment_store_get_active (store)));
}

static void
use_environment_scenario (MdApplication *app,
                          MdWindow      *window,
                          gpointer       user_data)
{
  MdEnvironmentStore *store = md_application_get_environment_store (app);
  MdPreferencesWindow *preferences;
  GtkWidget *row;
  g_autofree char *saved = NULL;
  ChildWait wait;

  g_assert_true (md_test_wait_until (window_shows_environment, &(EnvironmentWait) { window, "first-env" }, 20000));
  preferences = open_preferences (app, "environments");

  /* The active one has no Use; the other one has. */
  row = md_test_find_child (GTK_WIDGET (preferences), "first-env");
  g_assert_nonnull (row);
  g_assert_null (md_test_find_child (row, "use"));
  row = md_test_find_child (GTK_WIDGET (preferences), "second-env");
  g_assert_nonnull (row);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  md_test_screenshot_settled (GTK_WIDGET (preferences), "preferences-environments-two");

  /* Use: the window opens it, the store keeps it as the active one. */
  click (row, "use");
  g_assert_true (md_test_wait_until (window_shows_environment, &(EnvironmentWait) { window, "second-env" }, 20000));
  g_assert_cmpstr (md_environment_get_id (md_environment_store_get_active (store)), ==, "second-env");
  wait = (ChildWait) { GTK_WIDGET (preferences), "second-env", TRUE };
  g_assert_true (md_test_wait_until (environment_row_active, &wait, 10000));
  g_assert_nonnull (md_test_find_child (md_test_find_child (GTK_WIDGET (preferences), "first-env"), "use"));
  saved = saved_active_id ();
  g_assert_cmpstr (saved, ==, "second-env");
  md_test_screenshot_settled (GTK_WIDGET (preferences), "preferences-environments-switched");

  gtk_window_destroy (GTK_WINDOW (preferences));
}

static void
test_use_environment (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdTestSandbox) sandbox = md_test_sandbox_start (NULL, &error);
  g_autoptr(MdEnvironmentStore) store = md_environment_store_new ();
  g_autofree char *path = md_environment_store_dup_default_path ();

  g_assert_no_error (error);
  g_remove (path);
  /* Two environments on the same sandbox; the first one added is active. */
  add_environment (store, sandbox, "first-env", "First");
  add_environment (store, sandbox, "second-env", "Second");
  md_test_run_app (NULL, use_environment_scenario, NULL);
}

/* ------------------------------------------------------------------ */

static void
check_spin (GtkWidget  *root,
            GSettings  *settings,
            const char *id,
            const char *key,
            guint       value)
{
  GtkSpinButton *spin = GTK_SPIN_BUTTON (md_test_find_child (root, id));

  gtk_spin_button_set_value (spin, value);
  g_assert_cmpuint (g_settings_get_uint (settings, key), ==, value);
  g_settings_set_uint (settings, key, value + 1);
  g_assert_cmpuint ((guint) gtk_spin_button_get_value (spin), ==, value + 1);
}

static void
check_choice (GtkWidget          *root,
              GSettings          *settings,
              const char         *id,
              const char         *key,
              const char * const *choices)
{
  AdwComboRow *row = ADW_COMBO_ROW (md_test_find_child (root, id));
  guint n = g_strv_length ((char **) choices);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *value = NULL;

      adw_combo_row_set_selected (row, i);
      value = g_settings_get_string (settings, key);
      g_assert_cmpstr (value, ==, choices[i]);
    }
  for (guint i = 0; i < n; i++)
    {
      g_settings_set_string (settings, key, choices[i]);
      g_assert_cmpuint (adw_combo_row_get_selected (row), ==, i);
    }
}

static void
settings_scenario (MdApplication *app,
                   MdWindow      *window,
                   gpointer       user_data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  MdPreferencesWindow *preferences = open_preferences_with_shortcut (app, window, "uploads");
  GtkWidget *root = GTK_WIDGET (preferences);
  GtkSwitch *keep_running = GTK_SWITCH (md_test_find_child (root, "keep_running_switch"));

  check_choice (root, settings, "playback_policy_row", "upload-playback-policy",
                (const char * const[]) { "public", "signed", NULL });
  check_choice (root, settings, "video_quality_row", "upload-video-quality",
                (const char * const[]) { "basic", "plus", "premium", NULL });
  check_choice (root, settings, "max_resolution_row", "upload-max-resolution",
                (const char * const[]) { "1080p", "1440p", "2160p", NULL });
  check_spin (root, settings, "chunk_size_spin", "upload-chunk-size-mib", 8);
  check_spin (root, settings, "parallel_spin", "upload-parallel", 3);
  /* Off by default: closing the window while uploading asks. */
  g_assert_false (gtk_switch_get_active (keep_running));
  gtk_switch_set_active (keep_running, TRUE);
  g_assert_true (g_settings_get_boolean (settings, "upload-keep-running"));
  g_settings_set_boolean (settings, "upload-keep-running", FALSE);
  g_assert_false (gtk_switch_get_active (keep_running));

  check_choice (root, settings, "timeframe_row", "engagement-timeframe",
                (const char * const[]) { "24:hours", "7:days", "30:days", NULL });
  check_choice (root, settings, "heatmap_ramp_row", "heatmap-color-ramp",
                (const char * const[]) { "accent", "heat", "grayscale", NULL });
  check_spin (root, settings, "counts_interval_spin", "counts-poll-interval", 30);
  check_spin (root, settings, "token_lifetime_spin", "signed-token-lifetime-minutes", 90);

  /* Out-of-range values never reach GSettings: the widgets clamp them. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (md_test_find_child (root, "parallel_spin")), 100);
  g_assert_cmpuint (g_settings_get_uint (settings, "upload-parallel"), ==, 8);

  g_settings_reset (settings, "upload-parallel");
  g_settings_reset (settings, "upload-chunk-size-mib");
  md_test_screenshot_settled (root, "preferences-uploads");
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences), "playback");
  md_test_screenshot_settled (root, "preferences-playback");
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences), "connection");
  g_assert_false (gtk_widget_get_sensitive (md_test_find_child (root, "servers_group")));
  md_test_screenshot_settled (root, "preferences-connection-no-environment");
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences), "signing-keys");
  g_assert_true (gtk_widget_get_visible (md_test_find_child (root, "explanation_group")));
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences), "environments");
  md_test_screenshot_settled (root, "preferences-no-environment");

  gtk_window_destroy (GTK_WINDOW (preferences));
}

static void
test_settings (void)
{
  g_autofree char *path = NULL;
  g_autoptr(MdEnvironmentStore) store = md_environment_store_new ();

  path = g_strdup (md_environment_store_get_path (store));
  g_remove (path);
  md_test_run_app (NULL, settings_scenario, NULL);
}

/* ------------------------------------------------------------------ */

static gboolean
urls_saved (gpointer user_data)
{
  g_autoptr(MdEnvironmentStore) store = md_environment_store_new ();
  g_autoptr(GAsyncResult) result = NULL;
  MdEnvironment *environment;
  const char *expected = user_data;

  md_environment_store_load_async (store, NULL, md_test_async_result_cb, &result);
  if (!md_test_wait_for_result (&result, 10000) || !md_environment_store_load_finish (store, result, NULL))
    return FALSE;
  environment = md_environment_store_lookup (store, "connection-env");

  return environment != NULL && g_strcmp0 (md_environment_get_image_url (environment), expected) == 0;
}

static gboolean
urls_are_mux_defaults (gpointer user_data)
{
  g_autoptr(MdEnvironmentStore) store = md_environment_store_new ();
  g_autoptr(GAsyncResult) result = NULL;
  MdEnvironment *environment;

  md_environment_store_load_async (store, NULL, md_test_async_result_cb, &result);
  if (!md_test_wait_for_result (&result, 10000) || !md_environment_store_load_finish (store, result, NULL))
    return FALSE;
  environment = md_environment_store_lookup (store, "connection-env");

  return environment != NULL &&
         g_strcmp0 (md_environment_get_api_url (environment), MD_DEFAULT_API_URL) == 0 &&
         g_strcmp0 (md_environment_get_stream_url (environment), MD_DEFAULT_STREAM_URL) == 0 &&
         g_strcmp0 (md_environment_get_image_url (environment), MD_DEFAULT_IMAGE_URL) == 0 &&
         g_strcmp0 (md_environment_get_stats_url (environment), MD_DEFAULT_STATS_URL) == 0;
}

static void
connection_scenario (MdApplication *app,
                     MdWindow      *window,
                     gpointer       user_data)
{
  MdTestSandbox *sandbox = user_data;
  MdPreferencesWindow *preferences;
  GtkWidget *row;
  g_autofree char *image_url = g_strdup_printf ("%s/", md_test_sandbox_get_image_url (sandbox));

  g_assert_true (md_test_wait_until (md_test_window_has_session, window, 20000));
  preferences = open_preferences (app, "connection");
  row = md_test_find_child (GTK_WIDGET (preferences), "api_url_row");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, md_test_sandbox_get_api_url (sandbox));
  g_assert_true (gtk_widget_get_sensitive (md_test_find_child (GTK_WIDGET (preferences), "servers_group")));
  md_test_screenshot_settled (GTK_WIDGET (preferences), "preferences-connection");

  /* A malformed address is refused and nothing is saved. */
  row = md_test_find_child (GTK_WIDGET (preferences), "image_url_row");
  gtk_editable_set_text (GTK_EDITABLE (row), "not a url");
  g_signal_emit_by_name (row, "apply");
  g_assert_true (urls_saved ((gpointer) md_test_sandbox_get_image_url (sandbox)));

  /* A good one is saved through the store and the session reopened. */
  gtk_editable_set_text (GTK_EDITABLE (row), image_url);
  g_signal_emit_by_name (row, "apply");
  g_assert_true (md_test_wait_until (urls_saved, image_url, 10000));
  g_assert_true (md_test_wait_until (md_test_window_has_session, window, 20000));

  /* Reset to Mux Defaults: every server Mux's again, shown and saved (the
   * reopened session then talks to Mux; the test ends before it matters). */
  click (GTK_WIDGET (preferences), "reset_urls_button");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (md_test_find_child (GTK_WIDGET (preferences), "api_url_row"))),
                   ==, MD_DEFAULT_API_URL);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (md_test_find_child (GTK_WIDGET (preferences), "stream_url_row"))),
                   ==, MD_DEFAULT_STREAM_URL);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (md_test_find_child (GTK_WIDGET (preferences), "image_url_row"))),
                   ==, MD_DEFAULT_IMAGE_URL);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (md_test_find_child (GTK_WIDGET (preferences), "stats_url_row"))),
                   ==, MD_DEFAULT_STATS_URL);
  g_assert_true (md_test_wait_until (urls_are_mux_defaults, NULL, 10000));
  g_assert_true (md_test_wait_until (md_test_window_has_session, window, 20000));
  g_assert_cmpstr (md_environment_get_api_url (md_session_get_environment (md_window_get_session (window))),
                   ==, MD_DEFAULT_API_URL);
  md_test_screenshot_settled (GTK_WIDGET (preferences), "preferences-connection-reset");

  gtk_window_destroy (GTK_WINDOW (preferences));
}

static void
test_connection (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdTestSandbox) sandbox = md_test_sandbox_start (NULL, &error);

  g_assert_no_error (error);
  store_environment (sandbox, "connection-env", "Connection", all_permissions);
  md_test_run_app (NULL, connection_scenario, sandbox);
}

/* ------------------------------------------------------------------ */

#define MIB (1024 * 1024)

/* A file of @size bytes in the scratch dir; not a video, which is fine:
 * the tests look at how it is sent, not at what Mux makes of it. */
static GFile *
make_upload_file (const char *name,
                  gsize       size)
{
  g_autofree char *path = g_build_filename (scratch_dir, name, NULL);
  g_autofree guint8 *bytes = g_malloc (size);
  g_autoptr(GError) error = NULL;

  for (gsize i = 0; i < size; i++)
    bytes[i] = (guint8) g_random_int ();
  g_assert_true (g_file_set_contents (path, (const char *) bytes, size, &error));
  g_assert_no_error (error);

  return g_file_new_for_path (path);
}

static MdUploadQueue *
upload_queue (MdWindow *window)
{
  return md_session_get_upload_queue (md_window_get_session (window));
}

typedef struct
{
  MdWindow *window;
  guint     index;
} UploadWait;

static MdUploadTaskState
upload_state (UploadWait *wait)
{
  g_autoptr(MdUploadTask) task = g_list_model_get_item (G_LIST_MODEL (upload_queue (wait->window)), wait->index);

  return task != NULL ? md_upload_task_get_state (task) : MD_UPLOAD_TASK_STATE_QUEUED;
}

/* Every byte is at Mux (or the upload failed: then the test says so). */
static gboolean
upload_sent (gpointer user_data)
{
  MdUploadTaskState state = upload_state (user_data);

  return state == MD_UPLOAD_TASK_STATE_PROCESSING || state == MD_UPLOAD_TASK_STATE_READY ||
         state == MD_UPLOAD_TASK_STATE_FAILED || state == MD_UPLOAD_TASK_STATE_CANCELLED;
}

static gboolean
upload_sending (gpointer user_data)
{
  UploadWait *wait = user_data;

  return upload_state (wait) == MD_UPLOAD_TASK_STATE_UPLOADING &&
         md_upload_queue_get_n_active (upload_queue (wait->window)) > 0;
}

static void
upload_through_window (MdWindow   *window,
                       const char *name,
                       gsize       size)
{
  g_autoptr(GFile) file = make_upload_file (name, size);
  UploadWait wait = { window, g_list_model_get_n_items (G_LIST_MODEL (upload_queue (window))) };

  md_window_upload_files (window, &file, 1);
  g_assert_true (md_test_wait_until (upload_sent, &wait, 60000));
  g_assert_cmpint (upload_state (&wait), !=, MD_UPLOAD_TASK_STATE_FAILED);
}

static void
upload_settings_scenario (MdApplication *app,
                          MdWindow      *window,
                          gpointer       user_data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_assert_true (md_test_wait_until (md_test_window_has_session, window, 20000));

  /* Set before the first upload (as the test did before the app started),
   * then changed while the app runs: each upload follows the settings. */
  upload_through_window (window, "first.bin", 5 * MIB / 2);
  g_settings_set_uint (settings, "upload-chunk-size-mib", 2);
  g_settings_set_string (settings, "upload-max-resolution", "2160p");
  g_settings_set_string (settings, "upload-playback-policy", "signed");
  g_settings_set_string (settings, "upload-video-quality", "plus");
  upload_through_window (window, "second.bin", 5 * MIB / 2);
}

typedef struct
{
  guint64 first_end;
  guint64 total;
  guint   chunks;
} Chunks;

/* The PUTs of @upload_url's path that carried bytes, by the sandbox's log. */
static Chunks
chunks_of (MdTestSandbox *sandbox,
           const char    *upload_url)
{
  g_autoptr(GUri) uri = g_uri_parse (upload_url, G_URI_FLAGS_NONE, NULL);
  g_autoptr(JsonArray) entries = NULL;
  Chunks chunks = { 0 };

  g_assert_nonnull (uri);
  entries = md_test_sandbox_request_log (sandbox);
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);
      const char *range = json_object_get_string_member_with_default (entry, "content_range", NULL);
      guint64 start, end, total;

      if (g_strcmp0 (json_object_get_string_member (entry, "method"), "PUT") != 0 ||
          g_strcmp0 (json_object_get_string_member (entry, "path"), g_uri_get_path (uri)) != 0 ||
          range == NULL ||
          sscanf (range, "bytes %" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT,
                  &start, &end, &total) != 3)
        continue;
      if (start == 0)
        chunks.first_end = end;
      chunks.total = total;
      chunks.chunks++;
    }

  return chunks;
}

static JsonObject *
get_data (MdTestSandbox  *sandbox,
          const char     *path,
          JsonNode      **out_reply)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (md_test_sandbox_api (sandbox, "GET", path, NULL, out_reply, &error), ==, 200);
  g_assert_no_error (error);
  return json_object_get_object_member (json_node_get_object (*out_reply), "data");
}

/* The upload settings, set in GSettings, change what reaches Mux: the
 * first chunk's size (upload-chunk-size-mib) and the new asset's
 * max_resolution_tier, playback policy and video quality, as the sandbox
 * saw them. */
static void
test_upload_settings_reach_mux (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdTestSandbox) sandbox = md_test_sandbox_start ((const char *[]) { "--no-rate-limit", NULL }, &error);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(JsonNode) uploads_reply = NULL;
  JsonArray *uploads;
  const struct { const char *file_title; guint64 chunk; const char *tier; const char *policy; const char *quality; } expected[] = {
    { "first", 1 * MIB, "1440p", "public", "basic" },
    { "second", 2 * MIB, "2160p", "signed", "plus" },
  };

  g_assert_no_error (error);
  g_settings_set_uint (settings, "upload-chunk-size-mib", 1);
  g_settings_set_string (settings, "upload-max-resolution", "1440p");
  g_settings_set_string (settings, "upload-playback-policy", "public");
  g_settings_set_string (settings, "upload-video-quality", "basic");
  store_environment (sandbox, "uploads-env", "Uploads", all_permissions);
  md_test_run_app (NULL, upload_settings_scenario, NULL);
  g_settings_reset (settings, "upload-chunk-size-mib");
  g_settings_reset (settings, "upload-max-resolution");
  g_settings_reset (settings, "upload-playback-policy");
  g_settings_reset (settings, "upload-video-quality");

  g_assert_cmpuint (md_test_sandbox_api (sandbox, "GET", "/video/v1/uploads?limit=10", NULL, &uploads_reply, &error),
                    ==, 200);
  uploads = json_object_get_array_member (json_node_get_object (uploads_reply), "data");
  g_assert_cmpuint (json_array_get_length (uploads), ==, G_N_ELEMENTS (expected));

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      JsonObject *upload = NULL;
      JsonObject *asset;
      JsonObject *new_asset;
      g_autoptr(JsonNode) asset_reply = NULL;
      g_autofree char *asset_path = NULL;
      Chunks chunks;

      for (guint j = 0; j < json_array_get_length (uploads); j++)
        {
          JsonObject *candidate = json_array_get_object_element (uploads, j);
          JsonObject *meta = json_object_get_object_member (json_object_get_object_member (candidate, "new_asset_settings"),
                                                            "meta");

          if (meta != NULL && g_strcmp0 (json_object_get_string_member (meta, "title"), expected[i].file_title) == 0)
            upload = candidate;
        }
      g_assert_nonnull (upload);
      new_asset = json_object_get_object_member (upload, "new_asset_settings");
      g_assert_cmpstr (json_object_get_string_member (new_asset, "max_resolution_tier"), ==, expected[i].tier);
      g_assert_cmpstr (json_object_get_string_member (new_asset, "video_quality"), ==, expected[i].quality);
      g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (new_asset, "playback_policies"), 0),
                       ==, expected[i].policy);

      /* The first chunk has the configured size; later ones may grow with
       * the link's speed, so the file takes more than one. */
      chunks = chunks_of (sandbox, json_object_get_string_member (upload, "url"));
      g_test_message ("%s: %u chunks, the first one %" G_GUINT64_FORMAT " bytes",
                      expected[i].file_title, chunks.chunks, chunks.first_end + 1);
      g_assert_cmpuint (chunks.first_end + 1, ==, expected[i].chunk);
      g_assert_cmpuint (chunks.total, ==, 5 * MIB / 2);
      g_assert_cmpuint (chunks.chunks, >=, 2);

      /* Not a video: the asset is made, then errors in ingest. */
      g_assert_nonnull (json_object_get_string_member_with_default (upload, "asset_id", NULL));
      asset_path = g_strconcat ("/video/v1/assets/", json_object_get_string_member (upload, "asset_id"), NULL);
      asset = get_data (sandbox, asset_path, &asset_reply);
      g_assert_cmpstr (json_object_get_string_member (asset, "max_resolution_tier"), ==, expected[i].tier);
    }
}

/* ------------------------------------------------------------------ */

static gboolean
queue_holds_three (gpointer user_data)
{
  MdUploadQueue *queue = upload_queue (user_data);

  return g_list_model_get_n_items (G_LIST_MODEL (queue)) == 3 && md_upload_queue_get_n_active (queue) > 0;
}

static gboolean
queue_sends_three (gpointer user_data)
{
  return md_upload_queue_get_n_active (upload_queue (user_data)) == 3;
}

typedef struct
{
  MdTestSandbox *sandbox;
  guint          n_paths;
} PutWait;

/* The sandbox saw chunks sent to @n_paths upload URLs (each logged once its
 * headers arrived, while the slow link still holds it). */
static gboolean
puts_reached_paths (gpointer user_data)
{
  PutWait *wait = user_data;
  g_autoptr(GHashTable) paths = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(JsonArray) entries = NULL;

  entries = md_test_sandbox_request_log (wait->sandbox);
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);

      if (g_strcmp0 (json_object_get_string_member (entry, "method"), "PUT") == 0 &&
          json_object_get_string_member_with_default (entry, "content_range", NULL) != NULL)
        g_hash_table_add (paths, (gpointer) json_object_get_string_member (entry, "path"));
    }

  return g_hash_table_size (paths) >= wait->n_paths;
}

static void
parallel_scenario (MdApplication *app,
                   MdWindow      *window,
                   gpointer       user_data)
{
  MdTestSandbox *sandbox = user_data;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;
  GFile *files[3];
  MdUploadQueue *queue;

  g_assert_true (md_test_wait_until (md_test_window_has_session, window, 20000));
  queue = upload_queue (window);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (queue)), ==, 0);

  /* A slow link keeps every upload sending while the test looks. */
  g_assert_true (md_test_sandbox_admin (sandbox, "POST", "/_sandbox/faults",
                                        "{\"match\":\"upload-chunk\",\"action\":\"slow\","
                                        "\"bytes_per_second\":262144,\"count\":0}",
                                        NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *name = g_strdup_printf ("parallel-%u.bin", i);

      files[i] = make_upload_file (name, 2 * MIB);
    }

  /* upload-parallel = 1 (set before the start): one sends, two wait. */
  md_window_upload_files (window, files, G_N_ELEMENTS (files));
  g_assert_true (md_test_wait_until (queue_holds_three, window, 20000));
  g_assert_cmpuint (md_upload_queue_get_n_active (queue), ==, 1);
  for (guint i = 1; i < 3; i++)
    g_assert_cmpint (upload_state (&(UploadWait) { window, i }), ==, MD_UPLOAD_TASK_STATE_QUEUED);

  /* Raised to 3 while they run: all three send at once, as the sandbox
   * sees it too. */
  g_settings_set_uint (settings, "upload-parallel", 3);
  g_assert_true (md_test_wait_until (queue_sends_three, window, 20000));
  g_assert_true (md_test_wait_until (puts_reached_paths, &(PutWait) { sandbox, 3 }, 20000));
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (upload_state (&(UploadWait) { window, i }), ==, MD_UPLOAD_TASK_STATE_UPLOADING);

  /* Cancelled, all three (a finished non-video would fail at Mux and ask
   * for a desktop notification the test session cannot show). */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(MdUploadTask) task = g_list_model_get_item (G_LIST_MODEL (queue), i);
      g_autoptr(GAsyncResult) result = NULL;

      md_upload_task_cancel_async (task, NULL, md_test_async_result_cb, &result);
      g_assert_true (md_test_wait_for_result (&result, 10000));
      g_assert_true (md_upload_task_cancel_finish (task, result, &error));
      g_assert_no_error (error);
      g_object_unref (files[i]);
    }
  g_assert_cmpuint (md_upload_queue_get_n_active (queue), ==, 0);
}

/* upload-parallel, set in GSettings, is how many uploads send at once. */
static void
test_upload_parallel (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdTestSandbox) sandbox = md_test_sandbox_start ((const char *[]) { "--no-rate-limit", NULL }, &error);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_assert_no_error (error);
  g_settings_set_uint (settings, "upload-parallel", 1);
  g_settings_set_uint (settings, "upload-chunk-size-mib", 1);
  store_environment (sandbox, "parallel-env", "Parallel", all_permissions);
  md_test_run_app (NULL, parallel_scenario, sandbox);
  g_settings_reset (settings, "upload-parallel");
  g_settings_reset (settings, "upload-chunk-size-mib");
}

/* ------------------------------------------------------------------ */

typedef struct
{
  MdApplication *app;
  MdWindow      *window;
} WindowWait;

static gboolean
window_gone (gpointer user_data)
{
  WindowWait *wait = user_data;

  return g_list_find (gtk_application_get_windows (GTK_APPLICATION (wait->app)), wait->window) == NULL;
}

/* Starts a slow upload through the window and returns it, still sending. */
static MdUploadTask *
start_slow_upload (MdTestSandbox *sandbox,
                   MdWindow      *window,
                   const char    *name)
{
  g_autoptr(GFile) file = make_upload_file (name, 3 * MIB);
  g_autoptr(GError) error = NULL;
  UploadWait wait;

  g_assert_true (md_test_wait_until (md_test_window_has_session, window, 20000));

  /* A slow link: the upload is still sending when the window closes. */
  g_assert_true (md_test_sandbox_admin (sandbox, "POST", "/_sandbox/faults",
                                        "{\"match\":\"upload-chunk\",\"action\":\"slow\","
                                        "\"bytes_per_second\":262144,\"count\":0}",
                                        NULL, &error));
  g_assert_no_error (error);
  wait = (UploadWait) { window, g_list_model_get_n_items (G_LIST_MODEL (upload_queue (window))) };
  md_window_upload_files (window, &file, 1);
  g_assert_true (md_test_wait_until (upload_sending, &wait, 20000));
  return g_list_model_get_item (G_LIST_MODEL (upload_queue (window)), wait.index);
}

typedef struct
{
  MdUploadTask *task;
  guint64       bytes;
} ProgressWait;

static gboolean
upload_went_on (gpointer user_data)
{
  ProgressWait *wait = user_data;

  return md_upload_task_get_confirmed_bytes (wait->task) > wait->bytes;
}

static gboolean
window_hidden (gpointer user_data)
{
  return !gtk_widget_get_visible (GTK_WIDGET (user_data));
}

static void
keep_running_scenario (MdApplication *app,
                       MdWindow      *window,
                       gpointer       user_data)
{
  MdTestSandbox *sandbox = user_data;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(MdUploadTask) task = NULL;
  g_autoptr(GError) error = NULL;
  MdUploadQueue *queue;
  MdUploadTaskState state;
  ProgressWait progress;

  task = start_slow_upload (sandbox, window, "background.bin");
  queue = upload_queue (window);

  /* By default closing asks, and "Stay" keeps the window. */
  g_assert_false (g_settings_get_boolean (settings, "upload-keep-running"));
  gtk_window_close (GTK_WINDOW (window));
  answer_message_dialog ("cancel");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));

  /* "Keep Uploading": the window goes, the application stays for the
   * upload, which goes on sending. */
  gtk_window_close (GTK_WINDOW (window));
  answer_message_dialog ("keep");
  g_assert_true (md_test_wait_until (window_hidden, window, 10000));
  g_assert_false (window_gone (&(WindowWait) { app, window }));
  g_assert_cmpuint (md_upload_queue_get_n_active (queue), >, 0);
  progress = (ProgressWait) { task, md_upload_task_get_confirmed_bytes (task) };
  g_assert_true (md_test_wait_until (upload_went_on, &progress, 30000));
  g_assert_cmpint (md_upload_task_get_state (task), ==, MD_UPLOAD_TASK_STATE_UPLOADING);

  /* Started again meanwhile: the same window comes back and stays. */
  g_application_activate (G_APPLICATION (app));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));

  /* With the preference on, the window goes at once, without a question,
   * and the upload goes on in the still running application. */
  g_settings_set_boolean (settings, "upload-keep-running", TRUE);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_null (md_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_false (window_gone (&(WindowWait) { app, window }));
  g_assert_cmpuint (md_upload_queue_get_n_active (queue), >, 0);

  /* Brought back, then closed again: it goes back to the background. */
  g_application_activate (G_APPLICATION (app));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  gtk_window_close (GTK_WINDOW (window));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_null (md_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));

  /* The link recovers: once every byte is sent the window is destroyed
   * and releases the application. */
  g_assert_true (md_test_sandbox_admin (sandbox, "DELETE", "/_sandbox/faults", NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (md_test_wait_until (window_gone, &(WindowWait) { app, window }, 60000));
  state = md_upload_task_get_state (task);
  g_assert_true (state == MD_UPLOAD_TASK_STATE_PROCESSING || state == MD_UPLOAD_TASK_STATE_READY);
  g_assert_cmpuint (md_upload_task_get_bytes_sent (task), ==, 3 * MIB);
}

static void
test_keep_running (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdTestSandbox) sandbox = md_test_sandbox_start ((const char *[]) { "--no-rate-limit", NULL }, &error);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_assert_no_error (error);
  g_settings_set_uint (settings, "upload-chunk-size-mib", 1);
  store_environment (sandbox, "background-env", "Background", all_permissions);
  md_test_run_app (NULL, keep_running_scenario, sandbox);
  g_settings_reset (settings, "upload-chunk-size-mib");
  g_settings_reset (settings, "upload-keep-running");
}

typedef struct
{
  MdTestSandbox *sandbox;
  guint64        paused_at;
} PauseRun;

/* Requests to upload URLs in the sandbox's log: chunks and status queries. */
static guint
upload_url_requests (MdTestSandbox *sandbox)
{
  g_autoptr(JsonArray) array = NULL;
  guint n = 0;

  array = md_test_sandbox_request_log (sandbox);
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (g_str_has_prefix (json_object_get_string_member (json_array_get_object_element (array, i), "path"),
                          "/upload/"))
      n++;
  return n;
}

static gboolean
upload_paused (gpointer user_data)
{
  return md_upload_task_get_state (user_data) == MD_UPLOAD_TASK_STATE_PAUSED;
}

/* "Pause Uploads": the upload stops, the window closes and the app quits. */
static void
close_pause_scenario (MdApplication *app,
                      MdWindow      *window,
                      gpointer       user_data)
{
  PauseRun *run = user_data;
  g_autoptr(MdUploadTask) task = start_slow_upload (run->sandbox, window, "later.bin");
  g_autoptr(MdUploadQueue) queue = g_object_ref (upload_queue (window));

  gtk_window_close (GTK_WINDOW (window));
  answer_message_dialog ("pause");
  g_assert_true (md_test_wait_until (upload_paused, task, 30000));
  g_assert_cmpuint (md_upload_queue_get_n_active (queue), ==, 0);
  g_assert_true (md_test_wait_until (window_gone, &(WindowWait) { app, window }, 10000));
  run->paused_at = md_upload_task_get_confirmed_bytes (task);
  g_assert_cmpuint (run->paused_at, <, 3 * MIB);
}

typedef struct
{
  MdWindow *window;
  guint     n;
} CountWait;

static gboolean
queue_has_n (gpointer user_data)
{
  CountWait *wait = user_data;

  return md_window_get_session (wait->window) != NULL &&
         g_list_model_get_n_items (G_LIST_MODEL (upload_queue (wait->window))) >= wait->n;
}

/* The next start: the journal brought the upload back, still paused, from
 * where it stopped; nothing was sent meanwhile. */
static void
paused_comes_back_scenario (MdApplication *app,
                            MdWindow      *window,
                            gpointer       user_data)
{
  PauseRun *run = user_data;
  g_autoptr(MdUploadTask) task = NULL;

  g_assert_true (md_test_wait_until (queue_has_n, &(CountWait) { window, 1 }, 20000));
  task = g_list_model_get_item (G_LIST_MODEL (upload_queue (window)), 0);
  g_assert_cmpstr (md_upload_task_get_title (task), ==, "later");
  g_assert_cmpint (md_upload_task_get_state (task), ==, MD_UPLOAD_TASK_STATE_PAUSED);
  g_assert_cmpuint (md_upload_task_get_confirmed_bytes (task), ==, run->paused_at);
  g_assert_cmpuint (upload_url_requests (run->sandbox), ==, 0);
  md_upload_queue_remove (upload_queue (window), task);
}

static void
test_close_pause (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdTestSandbox) sandbox = md_test_sandbox_start ((const char *[]) { "--no-rate-limit", NULL }, &error);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  PauseRun run = { sandbox, 0 };

  g_assert_no_error (error);
  g_settings_set_uint (settings, "upload-chunk-size-mib", 1);
  store_environment (sandbox, "pause-env", "Pause", all_permissions);
  md_test_run_app (NULL, close_pause_scenario, &run);

  g_assert_true (md_test_sandbox_admin (sandbox, "DELETE", "/_sandbox/faults", NULL, NULL, &error));
  g_assert_no_error (error);
  md_test_sandbox_clear_request_log (sandbox);
  md_test_run_app (NULL, paused_comes_back_scenario, &run);
  g_settings_reset (settings, "upload-chunk-size-mib");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *config = NULL;
  g_autofree char *data = NULL;
  g_autofree char *cache = NULL;

  /* Our own XDG dirs, set before GLib reads them: tests run in parallel. */
  scratch_dir = g_dir_make_tmp ("md-test-preferences-XXXXXX", NULL);
  config = g_build_filename (scratch_dir, "config", NULL);
  data = g_build_filename (scratch_dir, "data", NULL);
  cache = g_build_filename (scratch_dir, "cache", NULL);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  /* File choosers start in the current folder: ours, so that nothing they
   * save ever lands in the build tree. */
  g_assert_cmpint (g_chdir (scratch_dir), ==, 0);

  gtk_test_init (&argc, &argv, NULL);
  /* Screenshots show settled widgets, never an entry row's title half-way
   * through its animation. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add_func ("/preferences/settings", test_settings);
  g_test_add_func ("/preferences/connection", test_connection);
  g_test_add_func ("/preferences/signing-keys", test_signing_keys);
  g_test_add_func ("/preferences/restricted-token-and-environments", test_restricted_token_and_environments);
  g_test_add_func ("/preferences/use-environment", test_use_environment);
  g_test_add_func ("/preferences/upload-settings-reach-mux", test_upload_settings_reach_mux);
  g_test_add_func ("/preferences/upload-parallel", test_upload_parallel);
  g_test_add_func ("/preferences/keep-running", test_keep_running);
  g_test_add_func ("/preferences/close-pause", test_close_pause);

  return g_test_run ();
}
