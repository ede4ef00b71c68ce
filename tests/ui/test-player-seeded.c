/* test-player-seeded.c
 *
 * The player on the seeded sandbox's library (muxdesk-sandbox --seed): in
 * the real application, the signed-only asset with no signing key in the
 * keyring says so and leads to Preferences.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "md-environment-store.h"
#include "md-player-page.h"
#include "md-preferences-window.h"
#include "md-test-app.h"
#include "md-test-sandbox.h"
#include "md-test-utils.h"
#include "md-test-widgets.h"

#define WAIT_MS 60000

static const char * const all_permissions[] = {
  "video:read", "video:write", "data:read", "system:read", "system:write", NULL
};

typedef struct
{
  MdTestSandbox *sandbox;
  MdAsset       *public_asset;   /* ready, with a public playback ID */
  MdAsset       *signed_asset;   /* ready, with signed playback IDs only */
} Seeded;

static void
seeded_start (Seeded *s)
{
  const char *args[] = { "--seed", "--no-rate-limit", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) list = NULL;
  JsonArray *assets;

  s->sandbox = md_test_sandbox_start (args, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (md_test_sandbox_api (s->sandbox, "GET", "/video/v1/assets?limit=100", NULL, &list, &error), ==, 200);
  assets = json_object_get_array_member (json_node_get_object (list), "data");
  for (guint i = 0; i < json_array_get_length (assets); i++)
    {
      g_autoptr(MdAsset) asset = md_asset_new_from_json (json_array_get_object_element (assets, i), &error);

      g_assert_no_error (error);
      if (md_asset_get_status (asset) != MD_ASSET_STATUS_READY)
        continue;
      if (md_asset_find_playback_id (asset, MD_PLAYBACK_POLICY_PUBLIC) != NULL)
        {
          if (s->public_asset == NULL)
            s->public_asset = g_steal_pointer (&asset);
        }
      else if (md_asset_find_playback_id (asset, MD_PLAYBACK_POLICY_SIGNED) != NULL && s->signed_asset == NULL)
        s->signed_asset = g_steal_pointer (&asset);
    }
  g_assert_nonnull (s->public_asset);
  g_assert_nonnull (s->signed_asset);
}

static void
seeded_stop (Seeded *s)
{
  g_clear_object (&s->public_asset);
  g_clear_object (&s->signed_asset);
  g_clear_pointer (&s->sandbox, md_test_sandbox_stop);
}

/* Stores an environment for the sandbox, as a sign-in would, with no
 * signing key: the app opens it from the store and the keyring. */
static void
store_environment (MdTestSandbox *sandbox,
                   const char    *id)
{
  g_autoptr(MdEnvironmentStore) store = md_environment_store_new ();
  g_autoptr(MdEnvironment) environment = md_environment_new (id, FALSE);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = md_environment_store_dup_default_path ();

  g_remove (path);
  md_environment_set_display_name (environment, "Seeded");
  md_environment_set_token_id (environment, md_test_sandbox_get_token_id (sandbox));
  md_environment_set_api_url (environment, md_test_sandbox_get_api_url (sandbox));
  md_environment_set_stream_url (environment, md_test_sandbox_get_stream_url (sandbox));
  md_environment_set_image_url (environment, md_test_sandbox_get_image_url (sandbox));
  md_environment_set_stats_url (environment, md_test_sandbox_get_stats_url (sandbox));
  md_environment_set_permissions (environment, all_permissions);

  md_environment_store_add_async (store, environment, md_test_sandbox_get_token_secret (sandbox),
                                  NULL, md_test_async_result_cb, &result);
  g_assert_true (md_test_wait_for_result (&result, 10000));
  g_assert_true (md_environment_store_change_finish (store, result, &error));
  g_assert_no_error (error);
}

static void
play_asset (MdWindow *window,
            MdAsset  *asset)
{
  GtkWidget *library_page = md_test_find_child (GTK_WIDGET (window), "library_page");
  MdPlaybackId *playback_id = md_asset_find_playback_id (asset, MD_PLAYBACK_POLICY_PUBLIC);

  if (playback_id == NULL)
    playback_id = md_asset_find_playback_id (asset, MD_PLAYBACK_POLICY_SIGNED);
  g_assert_nonnull (library_page);
  g_assert_nonnull (playback_id);

  /* What the library's Play does with the selected asset. */
  g_signal_emit_by_name (library_page, "play-asset", asset, playback_id);
  md_test_wait_for_page (window, "player", 10000);
}

static gboolean
has_played_a_second (gpointer user_data)
{
  MdPlayer *player = user_data;

  return md_player_get_state (player) == MD_PLAYER_STATE_ERROR
         || (md_player_get_position (player) >= 1.0
             && md_paintable_get_n_frames (md_player_get_paintable (player)) > 0);
}

static gboolean
preferences_shown (gpointer user_data)
{
  return md_test_find_toplevel (MD_TYPE_PREFERENCES_WINDOW) != NULL;
}

/* Signed playback without a signing key ---------------------------------- */

static void
signed_without_key_scenario (MdApplication *app,
                             MdWindow      *window,
                             gpointer       user_data)
{
  Seeded *s = user_data;
  MdPlayerPage *page;
  MdPlayer *player;
  GtkWidget *error_page, *preferences_button, *retry_button;
  GtkWindow *preferences;
  const char *description;

  g_assert_true (md_test_wait_until (md_test_window_has_session, window, 20000));
  g_assert_null (md_session_get_signer (md_window_get_session (window)));
  page = MD_PLAYER_PAGE (md_test_find_child (GTK_WIDGET (window), "player_page"));
  g_assert_nonnull (page);
  player = md_player_page_get_player (page);
  error_page = md_test_find_child (GTK_WIDGET (page), "error_page");
  preferences_button = md_test_find_child (GTK_WIDGET (page), "preferences_button");
  retry_button = md_test_find_child (GTK_WIDGET (page), "retry_button");

  /* A public video plays first... */
  play_asset (window, s->public_asset);
  g_assert_true (md_test_wait_until (has_played_a_second, player, WAIT_MS));
  g_assert_cmpint (md_player_get_state (player), ==, MD_PLAYER_STATE_PLAYING);

  /* ...then the signed one: no token can be minted. The page says why and
   * where to get a key; the previous video does not play on under it. */
  play_asset (window, s->signed_asset);
  g_assert_true (gtk_widget_get_visible (error_page));
  description = adw_status_page_get_description (ADW_STATUS_PAGE (error_page));
  g_test_message ("error: %s", description);
  g_assert_nonnull (strstr (description, "signing key"));
  g_assert_nonnull (strstr (description, "Preferences"));
  g_assert_null (md_player_get_uri (player));
  g_assert_cmpint (md_player_get_state (player), ==, MD_PLAYER_STATE_STOPPED);
  g_assert_true (gtk_widget_get_visible (preferences_button));
  g_assert_true (gtk_widget_is_sensitive (preferences_button));
  g_assert_false (gtk_widget_get_visible (retry_button));
  md_test_screenshot_settled (GTK_WIDGET (window), "player-signed-no-key");

  /* The button opens Preferences on the signing keys. */
  g_assert_null (md_test_find_toplevel (MD_TYPE_PREFERENCES_WINDOW));
  g_signal_emit_by_name (preferences_button, "clicked");
  g_assert_true (md_test_wait_until (preferences_shown, NULL, 10000));
  preferences = md_test_find_toplevel (MD_TYPE_PREFERENCES_WINDOW);
  g_assert_cmpstr (adw_preferences_window_get_visible_page_name (ADW_PREFERENCES_WINDOW (preferences)), ==,
                   "signing-keys");
  g_assert_true (gtk_window_get_transient_for (preferences) == GTK_WINDOW (window));
  md_test_screenshot_settled (GTK_WIDGET (preferences), "player-signed-no-key-preferences");
  gtk_window_destroy (preferences);

  md_player_page_close (page);
}

static void
test_signed_without_key (void)
{
  Seeded s = { 0 };

  seeded_start (&s);
  store_environment (s.sandbox, "seeded-env");
  md_test_run_app (NULL, signed_without_key_scenario, &s);
  seeded_stop (&s);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *scratch_dir = NULL;
  g_autofree char *config = NULL;
  g_autofree char *data = NULL;
  g_autofree char *cache = NULL;
  int status;

  /* Our own XDG dirs, set before GLib reads them: tests run in parallel. */
  scratch_dir = g_dir_make_tmp ("md-test-player-seeded-XXXXXX", NULL);
  config = g_build_filename (scratch_dir, "config", NULL);
  data = g_build_filename (scratch_dir, "data", NULL);
  cache = g_build_filename (scratch_dir, "cache", NULL);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add_func ("/player-seeded/signed-without-key", test_signed_without_key);

  status = g_test_run ();
  return status;
}
