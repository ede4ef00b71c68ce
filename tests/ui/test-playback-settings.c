/* test-playback-settings.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "md-engagement-panel.h"
#include "md-media.h"
#include "md-player-page.h"
#include "md-stream-source.h"
#include "md-test-sandbox.h"
#include "md-test-utils.h"
#include "md-test-widgets.h"

/* The Playback & engagement preferences change what the player and the
 * engagement panel do, seen from the real sandbox's request log: the exp
 * of the token in the stream URL the player asks for, the timeframe of the
 * heatmap requests, and how many counts requests come. */

#define WAIT_MS 30000

typedef struct
{
  MdTestSandbox *sandbox;
  MdClient      *client;
  MdAsset       *assets[2];
  MdJwtSigner   *signer;
  GSettings     *settings;
  GtkWindow     *window;
} Fixture;

static JsonObject *
data_object (JsonNode *reply)
{
  return json_object_get_object_member (json_node_get_object (reply), "data");
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  const char *args[] = { "--no-rate-limit", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(JsonNode) key = NULL;
  JsonArray *assets;

  f->sandbox = md_test_sandbox_start (args, &error);
  g_assert_no_error (error);
  g_assert_true (md_test_sandbox_admin (f->sandbox, "POST", "/_sandbox/records", "{\"assets\":2}", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (md_test_sandbox_api (f->sandbox, "GET", "/video/v1/assets?limit=10", NULL, &list, &error), ==, 200);
  assets = json_object_get_array_member (json_node_get_object (list), "data");
  g_assert_cmpuint (json_array_get_length (assets), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      f->assets[i] = md_asset_new_from_json (json_array_get_object_element (assets, i), &error);
      g_assert_no_error (error);
    }

  g_assert_cmpuint (md_test_sandbox_api (f->sandbox, "POST", "/system/v1/signing-keys", NULL, &key, &error), ==, 201);
  f->signer = md_jwt_signer_new (json_object_get_string_member (data_object (key), "id"),
                                 json_object_get_string_member (data_object (key), "private_key"), &error);
  g_assert_no_error (error);

  f->client = md_client_new (md_test_sandbox_get_token_id (f->sandbox), md_test_sandbox_get_token_secret (f->sandbox));
  md_client_set_api_url (f->client, md_test_sandbox_get_api_url (f->sandbox));
  md_client_set_stream_url (f->client, md_test_sandbox_get_stream_url (f->sandbox));
  md_client_set_image_url (f->client, md_test_sandbox_get_image_url (f->sandbox));
  md_client_set_stats_url (f->client, md_test_sandbox_get_stats_url (f->sandbox));

  f->settings = g_settings_new (APP_ID);
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 720, 460);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (f->window);
  g_settings_reset (f->settings, "signed-token-lifetime-minutes");
  g_settings_reset (f->settings, "counts-poll-interval");
  g_settings_reset (f->settings, "engagement-timeframe");
  g_clear_object (&f->settings);
  g_clear_object (&f->signer);
  g_clear_object (&f->assets[0]);
  g_clear_object (&f->assets[1]);
  g_clear_object (&f->client);
  g_clear_pointer (&f->sandbox, md_test_sandbox_stop);
}

/* The queries (unescaped) of the requests whose path ends with @suffix. */
static GPtrArray *
queries_of (Fixture    *f,
            const char *suffix)
{
  g_autoptr(JsonArray) log = md_test_sandbox_request_log (f->sandbox);
  GPtrArray *queries = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < json_array_get_length (log); i++)
    {
      JsonObject *entry = json_array_get_object_element (log, i);
      const char *query = json_object_get_string_member_with_default (entry, "query", NULL);

      if (g_str_has_suffix (json_object_get_string_member (entry, "path"), suffix))
        g_ptr_array_add (queries, query != NULL ? g_uri_unescape_string (query, NULL) : g_strdup (""));
    }
  return queries;
}

/* The exp claim of the JWT in `token=` of @query. */
static gint64
token_expiry (const char *query)
{
  const char *token = strstr (query, "token=");
  g_autofree char *value = NULL;
  g_autoptr(JsonObject) claims = NULL;

  g_assert_nonnull (token);
  value = g_strndup (token + strlen ("token="), strcspn (token + strlen ("token="), "&"));
  claims = md_test_jwt_get_claims (value);
  return json_object_get_int_member (claims, "exp");
}

/* Signed playback */

typedef struct
{
  Fixture    *f;
  MdPlayer   *player;
  const char *path;
} PlaylistWait;

static gboolean
playlist_requested (gpointer user_data)
{
  PlaylistWait *wait = user_data;
  g_autoptr(GPtrArray) queries = queries_of (wait->f, wait->path);

  /* Played a little too: closing a pipeline half-way through its start
   * is another matter. */
  return md_player_get_state (wait->player) == MD_PLAYER_STATE_ERROR
         || (queries->len > 0 && md_player_get_position (wait->player) >= 0.5);
}

static char *
signed_playback_id (Fixture *f,
                    MdAsset *asset)
{
  g_autofree char *path = g_strdup_printf ("/video/v1/assets/%s/playback-ids", md_asset_get_id (asset));
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (md_test_sandbox_api (f->sandbox, "POST", path, "{\"policy\":\"signed\"}", &reply, &error), ==, 201);
  return g_strdup (json_object_get_string_member (data_object (reply), "id"));
}

static char *
build_uri_cb (gpointer   user_data,
              GError   **error)
{
  return md_stream_source_build_uri (MD_STREAM_SOURCE (user_data), error);
}

/* Opens @source in a new player page (a fresh pipeline each time) and
 * returns the lifetime of the token the player sent, checked against the
 * wall clock around the mint. */
static gint64
play_and_get_lifetime (Fixture        *f,
                       MdStreamSource *source,
                       const char     *playback_id)
{
  g_autofree char *path = g_strdup_printf ("/%s.m3u8", playback_id);
  MdPlayerPage *page = MD_PLAYER_PAGE (md_player_page_new ());
  PlaylistWait wait = { f, md_player_page_get_player (page), path };
  g_autoptr(GPtrArray) queries = NULL;
  gint64 before, after, exp;

  /* Only the multivariant playlist of this opening counts. */
  gtk_window_set_child (f->window, GTK_WIDGET (page));
  gtk_window_present (f->window);
  md_test_sandbox_clear_request_log (f->sandbox);
  before = g_get_real_time () / G_USEC_PER_SEC;
  md_player_page_open (page, build_uri_cb, g_object_ref (source), g_object_unref, "Signed", NULL);
  after = g_get_real_time () / G_USEC_PER_SEC;
  md_player_play (wait.player);
  g_assert_true (md_test_wait_until (playlist_requested, &wait, WAIT_MS));
  g_assert_cmpint (md_player_get_state (wait.player), !=, MD_PLAYER_STATE_ERROR);
  md_player_page_close (page);

  queries = queries_of (f, path);
  exp = token_expiry (g_ptr_array_index (queries, 0));
  g_test_message ("token lifetime: %" G_GINT64_FORMAT " s", exp - before);
  /* Minted between `before` and `after`: its lifetime is exp - mint time. */
  g_assert_cmpint (exp, >=, before);
  return exp - before - (after - before) / 2;
}

static void
test_token_lifetime_follows_preferences (Fixture       *f,
                                         gconstpointer  data)
{
  g_autofree char *id = signed_playback_id (f, f->assets[0]);
  g_autoptr(MdPlaybackId) playback_id = md_playback_id_new (id, MD_PLAYBACK_POLICY_SIGNED);
  g_autoptr(MdStreamSource) source = md_stream_source_new (f->client, playback_id, f->signer,
                                                           md_asset_get_duration (f->assets[0]));
  g_autoptr(MdStreamSource) long_video = md_stream_source_new (f->client, playback_id, f->signer, 3 * 3600);
  gint64 lifetime;

  g_settings_set_uint (f->settings, "signed-token-lifetime-minutes", 5);
  lifetime = play_and_get_lifetime (f, source, id);
  g_assert_cmpint (lifetime, >=, 5 * 60 - 1);
  g_assert_cmpint (lifetime, <=, 5 * 60 + 1);

  /* A change applies to the next token. */
  g_settings_set_uint (f->settings, "signed-token-lifetime-minutes", 90);
  lifetime = play_and_get_lifetime (f, source, id);
  g_assert_cmpint (lifetime, >=, 90 * 60 - 1);
  g_assert_cmpint (lifetime, <=, 90 * 60 + 1);

  /* A video longer than the lifetime gets a token that outlasts it. */
  lifetime = play_and_get_lifetime (f, long_video, id);
  g_assert_cmpint (lifetime, >=, 3 * 3600);
  g_assert_cmpint (lifetime, <=, 3 * 3600 + 120);
}

/* Engagement */

static MdEngagementPanel *
show_panel (Fixture *f)
{
  GtkWidget *overlay = gtk_overlay_new ();
  MdTimeline *timeline = MD_TIMELINE (md_timeline_new ());
  MdEngagementPanel *panel = g_object_new (MD_TYPE_ENGAGEMENT_PANEL, NULL);

  gtk_widget_set_valign (GTK_WIDGET (timeline), GTK_ALIGN_END);
  gtk_overlay_set_child (GTK_OVERLAY (overlay), GTK_WIDGET (timeline));
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), GTK_WIDGET (panel));
  gtk_window_set_child (f->window, overlay);
  g_object_set_data (G_OBJECT (panel), "timeline", timeline);
  gtk_window_present (f->window);
  return panel;
}

static void
set_source (Fixture           *f,
            MdEngagementPanel *panel,
            MdAsset           *asset,
            MdJwtSigner       *signer)
{
  md_engagement_panel_set_source (panel, g_object_get_data (G_OBJECT (panel), "timeline"), f->client, signer,
                                  asset, NULL);
}

typedef struct
{
  Fixture *f;
  guint    n;
} CountWait;

static gboolean
counts_requested (gpointer user_data)
{
  CountWait *wait = user_data;
  g_autoptr(GPtrArray) queries = queries_of (wait->f, "/counts");

  return queries->len >= wait->n;
}

static void
test_counts_poll_interval_follows_preferences (Fixture       *f,
                                               gconstpointer  data)
{
  MdEngagementPanel *panel = show_panel (f);
  MdLiveCounts *counts;
  CountWait wait = { f, 4 };

  g_settings_set_uint (f->settings, "counts-poll-interval", 5);
  md_test_sandbox_clear_request_log (f->sandbox);
  set_source (f, panel, f->assets[0], f->signer);
  counts = md_engagement_panel_get_live_counts (panel);
  g_assert_cmpuint (md_live_counts_get_interval (counts), ==, 5);

  /* One poll at once, then one every 5 s: four in well under the wait,
   * where the former fixed 20 s would take a minute. */
  g_assert_true (md_test_wait_until (counts_requested, &wait, WAIT_MS));

  /* A change applies to the running poller. */
  g_settings_set_uint (f->settings, "counts-poll-interval", 120);
  g_assert_cmpuint (md_live_counts_get_interval (counts), ==, 120);
}

static const char *
heatmap_timeframe (Fixture *f)
{
  g_autoptr(GPtrArray) queries = queries_of (f, "/heatmap");
  static char timeframe[64];
  const char *found;

  if (queries->len == 0)
    return NULL;
  found = strstr (g_ptr_array_index (queries, queries->len - 1), "timeframe[]=");
  g_assert_nonnull (found);
  g_strlcpy (timeframe, found + strlen ("timeframe[]="), sizeof timeframe);
  timeframe[strcspn (timeframe, "&")] = '\0';
  return timeframe;
}

typedef struct
{
  Fixture    *f;
  const char *timeframe;
} TimeframeWait;

static gboolean
heatmap_requested (gpointer user_data)
{
  TimeframeWait *wait = user_data;

  return g_strcmp0 (heatmap_timeframe (wait->f), wait->timeframe) == 0;
}

static void
wait_for_heatmap (Fixture    *f,
                  const char *timeframe)
{
  TimeframeWait wait = { f, timeframe };

  g_assert_true (md_test_wait_until (heatmap_requested, &wait, WAIT_MS));
}

static void
test_default_timeframe_follows_preferences (Fixture       *f,
                                            gconstpointer  data)
{
  MdEngagementPanel *panel = show_panel (f);
  MdEngagementController *controller;

  /* An asset with no choice of its own takes the default... */
  g_settings_set_string (f->settings, "engagement-timeframe", "30:days");
  set_source (f, panel, f->assets[0], NULL);
  controller = md_engagement_panel_get_controller (panel);
  g_assert_cmpstr (md_engagement_controller_get_timeframe (controller), ==, "30:days");
  wait_for_heatmap (f, "30:days");

  /* ...and follows it when it changes. */
  g_settings_set_string (f->settings, "engagement-timeframe", "24:hours");
  g_assert_cmpstr (md_engagement_controller_get_timeframe (controller), ==, "24:hours");
  wait_for_heatmap (f, "24:hours");

  /* A choice made for an asset is kept over the default. */
  md_engagement_panel_select_timeframe (panel, "7:days");
  g_assert_cmpstr (md_engagement_controller_get_timeframe (controller), ==, "7:days");
  set_source (f, panel, f->assets[1], NULL);
  g_assert_cmpstr (md_engagement_controller_get_timeframe (md_engagement_panel_get_controller (panel)), ==, "24:hours");
  g_settings_set_string (f->settings, "engagement-timeframe", "30:days");
  g_assert_cmpstr (md_engagement_controller_get_timeframe (md_engagement_panel_get_controller (panel)), ==, "30:days");
  set_source (f, panel, f->assets[0], NULL);
  g_assert_cmpstr (md_engagement_controller_get_timeframe (md_engagement_panel_get_controller (panel)), ==, "7:days");
  wait_for_heatmap (f, "7:days");
}

typedef struct
{
  MdPlayer *player;
  gboolean  failed;
} Playback;

static void
on_player_error_cb (MdPlayer *player,
                    GError   *error,
                    Playback *playback)
{
  g_test_message ("player error: %s", error ? error->message : "?");
  playback->failed = TRUE;
}

static gboolean
has_played_a_second (gpointer user_data)
{
  Playback *playback = user_data;

  return playback->failed || md_player_get_position (playback->player) >= 1.0;
}

/* Watches @asset for a second: one view, now. */
static void
play_a_second (Fixture *f,
               MdAsset *asset)
{
  g_autoptr(MdPlaybackId) playback_id = g_list_model_get_item (md_asset_get_playback_ids (asset), 0);
  g_autofree char *url = g_strdup_printf ("%s/%s.m3u8", md_test_sandbox_get_stream_url (f->sandbox),
                                          md_playback_id_get_id (playback_id));
  Playback playback = { md_player_new (), FALSE };

  g_signal_connect (playback.player, "error", G_CALLBACK (on_player_error_cb), &playback);
  md_player_set_uri (playback.player, url);
  md_player_play (playback.player);
  g_assert_true (md_test_wait_until (has_played_a_second, &playback, WAIT_MS));
  g_assert_false (playback.failed);
  md_player_stop (playback.player);
  g_object_unref (playback.player);
}

typedef struct
{
  MdEngagementController *controller;
  const char             *timeframe;
} LoadWait;

static gboolean
range_loaded (gpointer user_data)
{
  LoadWait *wait = user_data;

  return g_strcmp0 (md_engagement_controller_get_timeframe (wait->controller), wait->timeframe) == 0
         && !md_engagement_controller_get_loading (wait->controller)
         && md_engagement_controller_get_heatmap (wait->controller) != NULL;
}

/* Selects the days of @first_day_offset .. @last_day_offset (days from
 * today) and returns the total views the sandbox counted in them. */
static gint64
views_in_days (Fixture           *f,
               MdEngagementPanel *panel,
               int                first_day_offset,
               int                last_day_offset)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) today = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                                      g_date_time_get_day_of_month (now), 0, 0, 0);
  g_autoptr(GDateTime) first = g_date_time_add_days (today, first_day_offset);
  g_autoptr(GDateTime) last = g_date_time_add_days (today, last_day_offset);
  g_autoptr(GDateTime) end = g_date_time_add_days (last, 1);
  g_autofree char *choice = g_strdup_printf ("%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT,
                                             g_date_time_to_unix (first) + 3600, g_date_time_to_unix (last) + 3600);
  g_autofree char *expected = NULL;
  g_autofree char *sent = NULL;
  g_autoptr(GPtrArray) queries = NULL;
  MdEngagementController *controller = md_engagement_panel_get_controller (panel);
  LoadWait wait = { controller, NULL };
  gint64 from = g_date_time_to_unix (first);
  gint64 to = MIN (g_date_time_to_unix (end), g_get_real_time () / G_USEC_PER_SEC);

  md_test_sandbox_clear_request_log (f->sandbox);
  md_engagement_panel_select_timeframe (panel, choice);

  /* From the first day's midnight to the end of the last (or now). */
  wait.timeframe = md_engagement_controller_get_timeframe (controller);
  g_assert_true (md_test_wait_until (range_loaded, &wait, WAIT_MS));
  expected = g_strdup_printf ("%" G_GINT64_FORMAT ",", from);
  g_assert_true (g_str_has_prefix (wait.timeframe, expected));
  g_assert_cmpint (g_ascii_strtoll (strchr (wait.timeframe, ',') + 1, NULL, 10), >=, to - 5);
  g_assert_cmpint (g_ascii_strtoll (strchr (wait.timeframe, ',') + 1, NULL, 10), <=, to);

  /* Sent as Mux takes it: two timeframe[] values, start then end. */
  queries = queries_of (f, "/heatmap");
  g_assert_cmpuint (queries->len, >=, 1);
  sent = g_strdup_printf ("timeframe[]=%" G_GINT64_FORMAT "&timeframe[]=%s", from, strchr (wait.timeframe, ',') + 1);
  g_assert_nonnull (strstr (g_ptr_array_index (queries, queries->len - 1), sent));

  return md_heatmap_get_total_views (md_engagement_controller_get_heatmap (controller));
}

static void
test_custom_range (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *reversed = g_strdup_printf ("/data/v1/engagement/assets/%s/heatmap?timeframe[]=200&timeframe[]=100",
                                               md_asset_get_id (f->assets[0]));
  g_autofree char *timeframe = NULL;
  g_autoptr(GError) error = NULL;
  MdEngagementPanel *panel = show_panel (f);
  GtkWidget *date_range;

  play_a_second (f, f->assets[0]);
  set_source (f, panel, f->assets[0], NULL);
  md_engagement_panel_set_expanded (panel, TRUE);

  /* Ten to nine days ago nobody watched; today someone did. */
  g_assert_cmpint (views_in_days (f, panel, -10, -9), ==, 0);
  g_assert_cmpint (views_in_days (f, panel, -2, 0), >=, 1);
  date_range = gtk_widget_get_next_sibling (GTK_WIDGET (md_engagement_panel_get_timeframe_dropdown (panel)));
  g_assert_true (gtk_widget_get_visible (date_range));
  md_test_screenshot (GTK_WIDGET (f->window), "engagement-custom-range.png");

  /* Remembered for the asset, like the other choices. */
  timeframe = g_strdup (md_engagement_controller_get_timeframe (md_engagement_panel_get_controller (panel)));
  set_source (f, panel, f->assets[1], NULL);
  g_assert_cmpstr (md_engagement_controller_get_timeframe (md_engagement_panel_get_controller (panel)), ==, "7:days");
  g_assert_false (gtk_widget_get_visible (date_range));
  set_source (f, panel, f->assets[0], NULL);
  g_assert_cmpuint (gtk_drop_down_get_selected (md_engagement_panel_get_timeframe_dropdown (panel)), ==, 3);
  g_assert_true (gtk_widget_get_visible (date_range));
  /* The same days (the end may have moved on with the clock, up to the
   * end of today). */
  g_assert_cmpint (g_ascii_strtoll (md_engagement_controller_get_timeframe (md_engagement_panel_get_controller (panel)),
                                    NULL, 10), ==, g_ascii_strtoll (timeframe, NULL, 10));

  /* Picking a first day on its calendar, as the user does. */
  {
    GtkWidget *first_button = gtk_widget_get_first_child (gtk_widget_get_first_child (date_range));
    GtkWidget *calendar = gtk_popover_get_child (gtk_menu_button_get_popover (GTK_MENU_BUTTON (first_button)));
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autoptr(GDateTime) day = g_date_time_add_days (now, -20);
    g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (day), g_date_time_get_month (day),
                                                           g_date_time_get_day_of_month (day), 0, 0, 0);

    gtk_calendar_select_day (GTK_CALENDAR (calendar), day);
    g_assert_cmpint (g_ascii_strtoll (md_engagement_controller_get_timeframe (md_engagement_panel_get_controller (panel)),
                                      NULL, 10), ==, g_date_time_to_unix (midnight));
  }

  /* The sandbox, like Mux, refuses a range that ends before it starts. */
  g_assert_cmpuint (md_test_sandbox_api (f->sandbox, "GET", reversed, NULL, NULL, &error), ==, 400);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_assert_true (md_media_init (NULL));
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/playback-settings/token-lifetime-follows-preferences", test_token_lifetime_follows_preferences);
  ADD ("/playback-settings/counts-poll-interval-follows-preferences", test_counts_poll_interval_follows_preferences);
  ADD ("/playback-settings/default-timeframe-follows-preferences", test_default_timeframe_follows_preferences);
  ADD ("/playback-settings/custom-range", test_custom_range);
#undef ADD

  return g_test_run ();
}
