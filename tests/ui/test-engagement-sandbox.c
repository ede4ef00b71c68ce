/* test-engagement-sandbox.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <gst/gst.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "md-engagement-panel.h"
#include "md-media.h"
#include "md-player.h"
#include "md-test-sandbox.h"
#include "md-test-utils.h"
#include "md-test-widgets.h"
#include "md-test-wm.h"
#include "md-timeline-heatmap-layer.h"
#include "md-timeline-hotspot-layer.h"

/* Engagement on the timeline against the real sandbox: playing the asset
 * with MdPlayer (real HLS through GStreamer) changes its heatmap and live
 * counts; the simulated audience gives hotspots whose list seeks the
 * timeline, as many as chosen; the counts follow the identifier chosen (the token's `aud`
 * and `sub`); live counts without a signing key show the hint; one counts
 * token serves many polls and is replaced before it expires; the badge
 * says how long ago its counts were updated, as time passes; the choices
 * made for an asset are there again after a restart; no counts
 * are asked for while the window is minimized; a rejected counts token is
 * replaced on the next poll. */

typedef struct
{
  MdTestSandbox     *sandbox;
  MdClient          *client;
  MdAsset           *asset;
  MdPlaybackId      *playback_id;
  MdJwtSigner       *signer;
  GtkWindow         *window;
  MdTimeline        *timeline;
  MdEngagementPanel *panel;
  GArray            *seeks;
} Fixture;

static JsonObject *
data_object (JsonNode *reply)
{
  return json_object_get_object_member (json_node_get_object (reply), "data");
}

static void
clear_requests (Fixture *f)
{

  md_test_sandbox_clear_request_log (f->sandbox);
}

static void
on_seek_cb (MdTimeline *timeline,
            double      seconds,
            Fixture    *f)
{
  g_array_append_val (f->seeks, seconds);
}

static void
on_async_done_cb (GObject      *source,
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

static gboolean
is_laid_out (gpointer user_data)
{
  Fixture *f = user_data;

  return gtk_widget_get_mapped (GTK_WIDGET (f->timeline)) && gtk_widget_get_width (GTK_WIDGET (f->timeline)) > 300;
}

static gboolean
engagement_loaded (gpointer user_data)
{
  Fixture *f = user_data;
  MdEngagementController *controller = md_engagement_panel_get_controller (f->panel);

  return !md_engagement_controller_get_loading (controller)
         && md_engagement_controller_get_heatmap (controller) != NULL
         && md_engagement_controller_get_hotspots (controller) != NULL;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  const char *audience = data;
  const char *args[] = { "--no-rate-limit", audience ? "--audience" : NULL, audience, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(JsonNode) key = NULL;
  JsonObject *asset;
  GtkWidget *overlay;

  f->sandbox = md_test_sandbox_start (args, &error);
  g_assert_no_error (error);
  g_assert_true (md_test_sandbox_admin (f->sandbox, "POST", "/_sandbox/records", "{\"assets\":1}", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (md_test_sandbox_api (f->sandbox, "GET", "/video/v1/assets?limit=10", NULL, &list, &error), ==, 200);
  asset = json_array_get_object_element (json_object_get_array_member (json_node_get_object (list), "data"), 0);
  f->asset = md_asset_new_from_json (asset, &error);
  g_assert_no_error (error);
  g_assert_cmpint (md_asset_get_status (f->asset), ==, MD_ASSET_STATUS_READY);
  f->playback_id = g_list_model_get_item (md_asset_get_playback_ids (f->asset), 0);
  g_assert_nonnull (f->playback_id);

  g_assert_cmpuint (md_test_sandbox_api (f->sandbox, "POST", "/system/v1/signing-keys", NULL, &key, &error), ==, 201);
  f->signer = md_jwt_signer_new (json_object_get_string_member (data_object (key), "id"),
                                 json_object_get_string_member (data_object (key), "private_key"), &error);
  g_assert_no_error (error);

  f->client = md_client_new (md_test_sandbox_get_token_id (f->sandbox), md_test_sandbox_get_token_secret (f->sandbox));
  md_client_set_api_url (f->client, md_test_sandbox_get_api_url (f->sandbox));
  md_client_set_stream_url (f->client, md_test_sandbox_get_stream_url (f->sandbox));
  md_client_set_image_url (f->client, md_test_sandbox_get_image_url (f->sandbox));
  md_client_set_stats_url (f->client, md_test_sandbox_get_stats_url (f->sandbox));

  /* The player page's arrangement: the timeline under the video, the
   * panel over it. */
  f->seeks = g_array_new (FALSE, FALSE, sizeof (double));
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 720, 460);
  overlay = gtk_overlay_new ();
  f->timeline = MD_TIMELINE (md_timeline_new ());
  gtk_widget_set_valign (GTK_WIDGET (f->timeline), GTK_ALIGN_END);
  gtk_widget_set_margin_start (GTK_WIDGET (f->timeline), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (f->timeline), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (f->timeline), 12);
  gtk_overlay_set_child (GTK_OVERLAY (overlay), GTK_WIDGET (f->timeline));
  f->panel = g_object_new (MD_TYPE_ENGAGEMENT_PANEL, NULL);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), GTK_WIDGET (f->panel));
  gtk_window_set_child (f->window, overlay);
  g_signal_connect (f->timeline, "seek", G_CALLBACK (on_seek_cb), f);
  md_timeline_set_duration (f->timeline, md_asset_get_duration (f->asset));
  gtk_window_present (f->window);
  g_assert_true (md_test_wait_until (is_laid_out, f, 10000));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_destroy (f->window);
  g_array_unref (f->seeks);
  g_clear_object (&f->signer);
  g_clear_object (&f->playback_id);
  g_clear_object (&f->asset);
  g_clear_object (&f->client);
  g_clear_pointer (&f->sandbox, md_test_sandbox_stop);
}

typedef struct
{
  MdPlayer *player;
  guint     n_errors;
} Playback;

static void
on_player_error_cb (MdPlayer *player,
                    GError   *error,
                    Playback *playback)
{
  g_test_message ("player error: %s", error ? error->message : "?");
  playback->n_errors++;
}

static gboolean
has_played_a_second (gpointer user_data)
{
  Playback *playback = user_data;

  return playback->n_errors > 0 || md_player_get_position (playback->player) >= 1.0;
}

/* Watches the asset for a second in the app's player: one view. */
static void
play_a_second (Fixture *f)
{
  g_autofree char *url = g_strdup_printf ("%s/%s.m3u8", md_test_sandbox_get_stream_url (f->sandbox),
                                          md_playback_id_get_id (f->playback_id));
  Playback playback = { md_player_new (), 0 };

  g_signal_connect (playback.player, "error", G_CALLBACK (on_player_error_cb), &playback);
  md_player_set_uri (playback.player, url);
  md_player_play (playback.player);
  g_assert_true (md_test_wait_until (has_played_a_second, &playback, 30000));
  g_assert_cmpuint (playback.n_errors, ==, 0);
  md_player_stop (playback.player);
  g_object_unref (playback.player);
}

typedef struct
{
  MdLiveCounts *counts;
  guint         n_polls;
} PollWait;

static gboolean
poll_done (gpointer user_data)
{
  PollWait *wait = user_data;

  return md_live_counts_get_n_polls (wait->counts) > wait->n_polls;
}

static void
poll_counts (MdLiveCounts *counts)
{
  PollWait wait = { counts, md_live_counts_get_n_polls (counts) };

  md_live_counts_poll_now (counts);
  g_assert_true (md_test_wait_until (poll_done, &wait, 10000));
}

static void
test_playing_changes_heatmap_and_counts (Fixture       *f,
                                         gconstpointer  data)
{
  MdEngagementController *controller;
  MdLiveCounts *counts;
  MdHeatmap *heatmap;
  const double *values;
  guint n = 0;

  md_engagement_panel_set_source (f->panel, f->timeline, f->client, f->signer, f->asset, f->playback_id);
  controller = md_engagement_panel_get_controller (f->panel);
  counts = md_engagement_panel_get_live_counts (f->panel);
  g_assert_true (md_live_counts_get_active (counts));   /* the panel is on screen */
  g_assert_true (md_test_wait_until (engagement_loaded, f, 10000));

  /* Nobody watched yet. */
  heatmap = md_engagement_controller_get_heatmap (controller);
  g_assert_cmpint (md_heatmap_get_total_views (heatmap), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (md_engagement_controller_get_hotspots (controller)), ==, 0);
  g_assert_cmpstr (md_engagement_panel_get_empty_text (f->panel), ==, "Not enough views yet for hotspots");
  poll_counts (counts);
  g_assert_null (md_live_counts_get_error (counts));
  g_assert_cmpint (md_live_counts_get_views (counts), ==, 0);

  play_a_second (f);

  /* Cached: a plain refresh still shows the old answer... */
  md_engagement_controller_refresh (controller, FALSE);
  g_assert_false (md_engagement_controller_get_loading (controller));
  g_assert_cmpint (md_heatmap_get_total_views (md_engagement_controller_get_heatmap (controller)), ==, 0);

  /* ...a forced one sees the view, at the start of the content. */
  md_engagement_controller_refresh (controller, TRUE);
  g_assert_true (md_engagement_controller_get_loading (controller));
  g_assert_true (md_test_wait_until (engagement_loaded, f, 10000));
  heatmap = md_engagement_controller_get_heatmap (controller);
  g_assert_cmpint (md_heatmap_get_total_views (heatmap), >=, 1);
  values = md_heatmap_get_values (heatmap, &n);
  g_assert_cmpuint (n, >=, 10);
  g_assert_cmpfloat (values[0], >, 0.0);
  g_assert_cmpuint (md_timeline_heatmap_layer_get_n_values (
                      MD_TIMELINE_HEATMAP_LAYER (md_engagement_controller_get_heatmap_layer (controller))), ==, n);

  /* The live counts see the session that just fetched segments. */
  poll_counts (counts);
  g_assert_null (md_live_counts_get_error (counts));
  g_assert_cmpint (md_live_counts_get_views (counts), >=, 1);
  g_assert_cmpint (md_live_counts_get_viewers (counts), >=, 1);
  g_assert_nonnull (md_engagement_panel_get_badge_text (f->panel));
  g_assert_nonnull (strstr (md_engagement_panel_get_badge_text (f->panel), "watching"));
  md_engagement_panel_set_expanded (f->panel, TRUE);
  md_test_screenshot (GTK_WIDGET (f->window), "engagement-after-playback.png");
}

static gboolean
list_has_rows (gpointer user_data)
{
  Fixture *f = user_data;

  return engagement_loaded (f)
         && gtk_widget_get_first_child (GTK_WIDGET (md_engagement_panel_get_hotspot_list (f->panel))) != NULL;
}

static void
test_audience_hotspots_list_seeks (Fixture       *f,
                                   gconstpointer  data)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  MdEngagementController *controller;
  g_autoptr(MdHotspot) first = NULL;
  g_autoptr(MdHotspot) last = NULL;
  GListModel *hotspots;
  GtkListBoxRow *row;
  guint n;

  md_engagement_panel_set_source (f->panel, f->timeline, f->client, f->signer, f->asset, f->playback_id);
  md_engagement_panel_set_expanded (f->panel, TRUE);
  controller = md_engagement_panel_get_controller (f->panel);
  g_assert_true (md_test_wait_until (list_has_rows, f, 10000));

  hotspots = md_engagement_controller_get_hotspots (controller);
  n = g_list_model_get_n_items (hotspots);
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (n, <=, 5);
  g_assert_null (md_engagement_panel_get_empty_text (f->panel));
  g_assert_cmpint (md_heatmap_get_total_views (md_engagement_controller_get_heatmap (controller)), >=, 3);

  /* The list's first entry seeks to the hottest spot's start_ms. */
  first = g_list_model_get_item (hotspots, 0);
  row = gtk_list_box_get_row_at_index (md_engagement_panel_get_hotspot_list (f->panel), 0);
  g_signal_emit_by_name (md_engagement_panel_get_hotspot_list (f->panel), "row-activated", row);
  g_assert_cmpuint (f->seeks->len, ==, 1);
  g_assert_cmpfloat (g_array_index (f->seeks, double, 0), ==, md_hotspot_get_start_ms (first) / 1000.0);

  /* And so does a click on its marker on the timeline. */
  {
    MdTimelineHotspotLayer *layer = MD_TIMELINE_HOTSPOT_LAYER (md_engagement_controller_get_hotspot_layer (controller));
    double x = md_timeline_time_to_x (f->timeline, md_hotspot_get_start_ms (first) / 1000.0 + 0.5);

    g_assert_cmpint (md_timeline_hotspot_layer_lookup (layer, f->timeline, x), ==, 0);
  }

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  md_test_screenshot (GTK_WIDGET (f->window), "engagement-panel-light.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  md_test_screenshot (GTK_WIDGET (f->window), "engagement-panel-dark.png");

  /* Cold spots: ascending scores. */
  md_engagement_controller_set_cold (controller, TRUE);
  g_assert_true (md_test_wait_until (list_has_rows, f, 10000));
  hotspots = md_engagement_controller_get_hotspots (controller);
  n = g_list_model_get_n_items (hotspots);
  g_assert_cmpuint (n, >, 1);
  g_clear_object (&first);
  first = g_list_model_get_item (hotspots, 0);
  last = g_list_model_get_item (hotspots, n - 1);
  g_assert_cmpfloat (md_hotspot_get_score (first), <=, md_hotspot_get_score (last));
  md_test_screenshot (GTK_WIDGET (f->window), "engagement-panel-cold-dark.png");
}

typedef struct
{
  Fixture *f;
  guint    limit;
} LimitWait;

static gboolean
limit_loaded (gpointer user_data)
{
  LimitWait *wait = user_data;
  MdEngagementController *controller = md_engagement_panel_get_controller (wait->f->panel);

  return md_engagement_controller_get_limit (controller) == wait->limit && list_has_rows (wait->f);
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list)); row; row = gtk_widget_get_next_sibling (row))
    n++;
  return n;
}

/* The `limit` of the last hotspots request the sandbox logged. */
static guint
last_hotspots_limit (Fixture *f)
{
  g_autoptr(JsonArray) entries = NULL;
  guint limit = 0;

  entries = md_test_sandbox_request_log (f->sandbox);
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);
      const char *query = json_object_get_string_member_with_default (entry, "query", NULL);
      g_autoptr(GHashTable) params = NULL;

      if (query == NULL || !g_str_has_suffix (json_object_get_string_member (entry, "path"), "/hotspots"))
        continue;
      params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL);
      g_assert_nonnull (params);
      g_assert_nonnull (g_hash_table_lookup (params, "limit"));
      limit = (guint) g_ascii_strtoull (g_hash_table_lookup (params, "limit"), NULL, 10);
    }
  return limit;
}

/* Chooses the @index-th limit in the popover: the request asks for it and
 * the list shows that many (or all there are). */
static void
check_limit (Fixture *f,
             guint    index,
             guint    limit,
             guint    n_available)
{
  GtkDropDown *dropdown = md_engagement_panel_get_limit_dropdown (f->panel);
  LimitWait wait = { f, limit };

  clear_requests (f);
  gtk_drop_down_set_selected (dropdown, index);
  g_assert_true (md_test_wait_until (limit_loaded, &wait, 10000));
  g_assert_cmpuint (last_hotspots_limit (f), ==, limit);
  g_assert_cmpuint (g_list_model_get_n_items (md_engagement_controller_get_hotspots (
                      md_engagement_panel_get_controller (f->panel))), ==, MIN (limit, n_available));
  g_assert_cmpuint (count_rows (md_engagement_panel_get_hotspot_list (f->panel)), ==, MIN (limit, n_available));
}

static void
test_hotspot_limit (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = g_strdup_printf ("/data/v1/engagement/assets/%s/hotspots?limit=100",
                                           md_asset_get_id (f->asset));
  GtkDropDown *dropdown;
  g_autoptr(JsonNode) all = NULL;
  g_autoptr(GError) error = NULL;
  AdwStyleManager *style = adw_style_manager_get_default ();
  guint n_available;

  /* All the moments the audience gives (the records' short clip has a
   * few: more than 3), to know what each limit shows. */
  g_assert_cmpuint (md_test_sandbox_api (f->sandbox, "GET", path, NULL, &all, &error), ==, 200);
  n_available = json_array_get_length (json_object_get_array_member (data_object (all), "hotspots"));
  g_test_message ("%u hotspots in all", n_available);
  g_assert_cmpuint (n_available, >, 3);

  md_engagement_panel_set_source (f->panel, f->timeline, f->client, f->signer, f->asset, f->playback_id);
  md_engagement_panel_set_expanded (f->panel, TRUE);
  dropdown = md_engagement_panel_get_limit_dropdown (f->panel);
  /* Five at first, as before there was a choice. */
  g_assert_cmpuint (gtk_drop_down_get_selected (dropdown), ==, 1);
  g_assert_true (md_test_wait_until (list_has_rows, f, 10000));
  g_assert_cmpuint (count_rows (md_engagement_panel_get_hotspot_list (f->panel)), ==, MIN (5, n_available));
  g_assert_cmpuint (last_hotspots_limit (f), ==, 5);

  check_limit (f, 0, 3, n_available);
  check_limit (f, 2, 10, n_available);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  md_test_screenshot (GTK_WIDGET (f->window), "engagement-hotspots-10-light.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  md_test_screenshot (GTK_WIDGET (f->window), "engagement-hotspots-10-dark.png");

  /* Remembered for the asset like its other choices, cold spots too. */
  md_engagement_panel_set_source (f->panel, f->timeline, f->client, f->signer, f->asset, f->playback_id);
  g_assert_cmpuint (gtk_drop_down_get_selected (dropdown), ==, 2);
  g_assert_cmpuint (md_engagement_controller_get_limit (md_engagement_panel_get_controller (f->panel)), ==, 10);
  clear_requests (f);
  md_engagement_controller_set_cold (md_engagement_panel_get_controller (f->panel), TRUE);
  {
    LimitWait wait = { f, 10 };

    g_assert_true (md_test_wait_until (limit_loaded, &wait, 10000));
    g_assert_cmpuint (last_hotspots_limit (f), ==, 10);
    g_assert_cmpuint (count_rows (md_engagement_panel_get_hotspot_list (f->panel)), ==, MIN (10, n_available));
  }
}

static void
test_missing_signing_key_shows_hint (Fixture       *f,
                                     gconstpointer  data)
{
  MdLiveCounts *counts;

  md_engagement_panel_set_source (f->panel, f->timeline, f->client, NULL, f->asset, f->playback_id);
  counts = md_engagement_panel_get_live_counts (f->panel);
  g_assert_false (md_live_counts_get_available (counts));
  g_assert_true (md_engagement_panel_get_hint_visible (f->panel));
  g_assert_null (md_engagement_panel_get_badge_text (f->panel));

  /* Nothing is asked of the stats host without a key. */
  md_live_counts_poll_now (counts);
  g_assert_cmpuint (md_live_counts_get_n_polls (counts), ==, 0);

  /* The heatmap does not need a key. */
  g_assert_true (md_test_wait_until (engagement_loaded, f, 10000));
  md_test_screenshot (GTK_WIDGET (f->window), "engagement-hint.png");

  /* With a key the badge replaces the hint. */
  md_engagement_panel_set_source (f->panel, f->timeline, f->client, f->signer, f->asset, f->playback_id);
  g_assert_false (md_engagement_panel_get_hint_visible (f->panel));
}

typedef struct
{
  Fixture      *f;
  MdLiveCounts *counts;
} CountsWait;

/* The panel's current counts came, after a request the sandbox logged. */
static gboolean
counts_answered (gpointer user_data)
{
  CountsWait *wait = user_data;
  g_autoptr(GPtrArray) tokens = md_test_sandbox_request_tokens (wait->f->sandbox, "/counts");

  return tokens->len > 0 && md_live_counts_get_n_polls (wait->counts) > 0;
}

/* Chooses identifier @index in the panel's popover and checks that every
 * counts token sent since names it (`aud` and `sub`), and that the sandbox
 * counted the view just made through it. */
static void
check_counts_identifier (Fixture    *f,
                         guint       index,
                         const char *aud,
                         const char *sub)
{
  GtkDropDown *dropdown = md_engagement_panel_get_source_dropdown (f->panel);
  g_autoptr(GPtrArray) tokens = NULL;
  CountsWait wait = { f, NULL };

  md_test_sandbox_clear_request_log (f->sandbox);
  if (gtk_drop_down_get_selected (dropdown) != index)
    gtk_drop_down_set_selected (dropdown, index);
  else
    md_live_counts_poll_now (md_engagement_panel_get_live_counts (f->panel));
  wait.counts = md_engagement_panel_get_live_counts (f->panel);
  g_assert_true (md_test_wait_until (counts_answered, &wait, 10000));
  g_assert_null (md_live_counts_get_error (wait.counts));

  tokens = md_test_sandbox_request_tokens (f->sandbox, "/counts");
  for (guint i = 0; i < tokens->len; i++)
    {
      g_autoptr(JsonObject) claims = md_test_jwt_get_claims (g_ptr_array_index (tokens, i));

      g_assert_cmpstr (json_object_get_string_member (claims, "aud"), ==, aud);
      g_assert_cmpstr (json_object_get_string_member (claims, "sub"), ==, sub);
    }
  g_test_message ("%s %s: %" G_GINT64_FORMAT " watching", aud, sub, md_live_counts_get_views (wait.counts));
  g_assert_cmpint (md_live_counts_get_views (wait.counts), >=, 1);
}

static void
test_counts_follow_identifier (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *path = g_strdup_printf ("/video/v1/assets/%s", md_asset_get_id (f->asset));
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *choices;

  /* The asset gets a video ID; someone is watching it now. */
  g_assert_cmpuint (md_test_sandbox_api (f->sandbox, "PATCH", path, "{\"meta\":{\"external_id\":\"video-42\"}}",
                                         &reply, &error), ==, 200);
  g_clear_object (&f->asset);
  f->asset = md_asset_new_from_json (data_object (reply), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (md_asset_get_external_id (f->asset), ==, "video-42");
  play_a_second (f);

  md_engagement_panel_set_source (f->panel, f->timeline, f->client, f->signer, f->asset, f->playback_id);
  choices = gtk_drop_down_get_model (md_engagement_panel_get_source_dropdown (f->panel));
  g_assert_cmpuint (g_list_model_get_n_items (choices), ==, 3);

  check_counts_identifier (f, 0, "asset_id", md_asset_get_id (f->asset));
  check_counts_identifier (f, 1, "video_id", "video-42");
  check_counts_identifier (f, 2, "playback_id", md_playback_id_get_id (f->playback_id));
  check_counts_identifier (f, 0, "asset_id", md_asset_get_id (f->asset));

  /* The choice is remembered for the asset, the counts with it. */
  gtk_drop_down_set_selected (md_engagement_panel_get_source_dropdown (f->panel), 2);
  md_engagement_panel_set_source (f->panel, f->timeline, f->client, f->signer, f->asset, f->playback_id);
  g_assert_cmpuint (gtk_drop_down_get_selected (md_engagement_panel_get_source_dropdown (f->panel)), ==, 2);
  check_counts_identifier (f, 2, "playback_id", md_playback_id_get_id (f->playback_id));
}

/* The counts requests the sandbox logged: their token and status. */
static GPtrArray *
counts_requests (Fixture *f,
                 GArray  *statuses)
{
  GPtrArray *tokens = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonArray) entries = NULL;

  entries = md_test_sandbox_request_log (f->sandbox);
  g_array_set_size (statuses, 0);
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);
      const char *query = json_object_get_string_member_with_default (entry, "query", NULL);
      g_autoptr(GHashTable) params = NULL;
      guint status = json_object_get_int_member (entry, "status");

      if (query == NULL || !g_str_has_suffix (json_object_get_string_member (entry, "path"), "/counts"))
        continue;
      params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL);
      g_assert_nonnull (params);
      g_ptr_array_add (tokens, g_strdup (g_hash_table_lookup (params, "token")));
      g_array_append_val (statuses, status);
    }
  return tokens;
}

static gint64
token_expiry (const char *token)
{
  g_autoptr(JsonObject) claims = md_test_jwt_get_claims (token);

  return json_object_get_int_member (claims, "exp");
}

static gboolean
clock_passed (gpointer user_data)
{
  return g_get_real_time () / G_USEC_PER_SEC > *(gint64 *) user_data;
}

static gboolean
on_tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Waits for the wall clock to leave second @second (a tick wakes the
 * main loop to look: nothing else happens meanwhile). */
static void
wait_for_clock_past (gint64 second)
{
  guint tick = g_timeout_add (50, on_tick_cb, NULL);
  gint64 wait_s = MAX (0, second - g_get_real_time () / G_USEC_PER_SEC) + 5;

  g_assert_true (md_test_wait_until (clock_passed, &second, wait_s * 1000));
  g_source_remove (tick);
}

/* Polls @n times, each in a second of its own (a token minted per poll
 * would differ each time), and returns the tokens the sandbox saw, all
 * accepted. */
static GPtrArray *
poll_in_seconds (Fixture      *f,
                 MdLiveCounts *counts,
                 guint         n)
{
  g_autoptr(GArray) statuses = g_array_new (FALSE, FALSE, sizeof (guint));
  GPtrArray *tokens;

  clear_requests (f);
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        wait_for_clock_past (g_get_real_time () / G_USEC_PER_SEC);
      poll_counts (counts);
      g_assert_null (md_live_counts_get_error (counts));
    }
  tokens = counts_requests (f, statuses);
  g_assert_cmpuint (tokens->len, >=, n);
  for (guint i = 0; i < statuses->len; i++)
    g_assert_cmpuint (g_array_index (statuses, guint, i), ==, 200);
  return tokens;
}

static void
test_counts_token_reused (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GPtrArray) renewed = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(MdAsset) long_asset = NULL;
  g_autoptr(GError) error = NULL;
  MdLiveCounts *counts;
  const char *first;
  gint64 before, expiry;

  before = g_get_real_time () / G_USEC_PER_SEC;
  md_engagement_panel_set_source (f->panel, f->timeline, f->client, f->signer, f->asset, f->playback_id);
  counts = md_engagement_panel_get_live_counts (f->panel);

  /* Three polls, three seconds, one token: minted for an hour, longer
   * than the video and many poll intervals. */
  tokens = poll_in_seconds (f, counts, 3);
  first = g_ptr_array_index (tokens, 0);
  for (guint i = 1; i < tokens->len; i++)
    g_assert_cmpstr (g_ptr_array_index (tokens, i), ==, first);
  expiry = token_expiry (first);
  g_test_message ("counts token lives %" G_GINT64_FORMAT " s", expiry - before);
  g_assert_cmpint (expiry - before, >=, MD_LIVE_COUNTS_DEFAULT_TOKEN_LIFETIME);
  g_assert_cmpint (expiry - before, >=, md_asset_get_duration (f->asset));
  g_assert_cmpint (expiry - before, >=, 10 * (gint64) md_live_counts_get_interval (counts));
  g_clear_pointer (&tokens, g_ptr_array_unref);

  /* A short-lived token is sent until it is close to its exp, then
   * another one takes over before it expires: the sandbox refuses
   * none. */
  md_live_counts_set_token_lifetime (counts, 12);
  tokens = poll_in_seconds (f, counts, 2);
  first = g_ptr_array_index (tokens, 0);
  g_assert_cmpstr (g_ptr_array_index (tokens, tokens->len - 1), ==, first);
  expiry = token_expiry (first);
  /* A third of its life left (4 s): due. */
  wait_for_clock_past (expiry - 5);
  renewed = poll_in_seconds (f, counts, 1);
  g_assert_cmpstr (g_ptr_array_index (renewed, 0), !=, first);
  /* Minted (exp - 12) while the first one was still valid. */
  g_assert_cmpint (token_expiry (g_ptr_array_index (renewed, 0)) - 12, <, expiry);
  g_clear_pointer (&renewed, g_ptr_array_unref);

  /* A three-hour video gets a token that outlasts a viewing of it. */
  path = g_strdup_printf ("/video/v1/assets/%s", md_asset_get_id (f->asset));
  g_assert_cmpuint (md_test_sandbox_api (f->sandbox, "GET", path, NULL, &reply, &error), ==, 200);
  json_object_set_double_member (data_object (reply), "duration", 3 * 3600);
  long_asset = md_asset_new_from_json (data_object (reply), &error);
  g_assert_no_error (error);
  before = g_get_real_time () / G_USEC_PER_SEC;
  md_engagement_panel_set_source (f->panel, f->timeline, f->client, f->signer, long_asset, f->playback_id);
  tokens = poll_in_seconds (f, md_engagement_panel_get_live_counts (f->panel), 1);
  g_assert_cmpint (token_expiry (g_ptr_array_index (tokens, 0)) - before, >, 3 * 3600);
}

/* How many counts requests the sandbox logged with a token for @aud. */
static guint
count_requests_for (Fixture    *f,
                    const char *aud)
{
  g_autoptr(GPtrArray) tokens = md_test_sandbox_request_tokens (f->sandbox, "/counts");
  guint n = 0;

  for (guint i = 0; i < tokens->len; i++)
    {
      g_autoptr(JsonObject) claims = md_test_jwt_get_claims (g_ptr_array_index (tokens, i));

      if (g_strcmp0 (json_object_get_string_member (claims, "aud"), aud) == 0)
        n++;
    }
  return n;
}

typedef struct
{
  Fixture      *f;
  MdLiveCounts *counts;
  gboolean      active;
  guint         n_requests;   /* for the asset, at least */
} ActiveWait;

static gboolean
counts_active_is (gpointer user_data)
{
  ActiveWait *wait = user_data;

  return md_live_counts_get_active (wait->counts) == wait->active
         && count_requests_for (wait->f, "asset_id") >= wait->n_requests;
}

static gboolean
polled_times (gpointer user_data)
{
  ActiveWait *wait = user_data;

  return md_live_counts_get_n_polls (wait->counts) >= wait->n_requests;
}

/* While @f's window is minimized, another poller of the same pace (the
 * playback ID's counts, not in any window) polls three more times, and
 * the panel's counts not once. (A request the minimizing cancelled may
 * still reach the sandbox: counted from the other's first answer on.) */
static void
check_no_polls_while_minimized (Fixture      *f,
                                MdLiveCounts *counts)
{
  g_autoptr(MdLiveCounts) control = md_live_counts_new (f->client, f->signer, MD_COUNTS_KIND_PLAYBACK_ID,
                                                        md_playback_id_get_id (f->playback_id));
  ActiveWait wait = { f, counts, FALSE, 0 };
  guint n_asset, n_control;

  g_assert_true (md_test_wait_until (counts_active_is, &wait, 10000));
  /* GTK keeps the widgets of a minimized window mapped. */
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (f->panel)));

  md_live_counts_set_interval (control, 1);
  md_live_counts_set_active (control, TRUE);
  wait.counts = control;
  wait.n_requests = 1;
  g_assert_true (md_test_wait_until (polled_times, &wait, 10000));
  n_asset = count_requests_for (f, "asset_id");
  n_control = count_requests_for (f, "playback_id");

  wait.n_requests = md_live_counts_get_n_polls (control) + 3;
  g_assert_true (md_test_wait_until (polled_times, &wait, 20000));
  md_live_counts_set_active (control, FALSE);

  g_assert_cmpuint (count_requests_for (f, "playback_id"), >=, n_control + 3);
  g_assert_cmpuint (count_requests_for (f, "asset_id"), ==, n_asset);
  g_assert_false (md_live_counts_get_active (counts));
  clear_requests (f);
}

static void
test_counts_pause_while_minimized (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(MdTestWm) wm = md_test_wm_new (f->window);
  ActiveWait wait = { f, NULL, TRUE, 2 };
  MdLiveCounts *counts;

  if (wm == NULL)
    {
      g_test_skip ("minimizing is tried on X11 only");
      return;
    }

  md_engagement_panel_set_source (f->panel, f->timeline, f->client, f->signer, f->asset, f->playback_id);
  counts = md_engagement_panel_get_live_counts (f->panel);
  md_live_counts_set_interval (counts, 1);
  clear_requests (f);
  wait.counts = counts;
  g_assert_true (md_test_wait_until (counts_active_is, &wait, 10000));

  /* The app minimizes its window (the window manager obliges). */
  gtk_window_minimize (f->window);
  check_no_polls_while_minimized (f, counts);

  /* Brought back from the task bar: polling resumes. */
  md_test_wm_set_minimized (wm, FALSE);
  wait.n_requests = 1;
  g_assert_true (md_test_wait_until (counts_active_is, &wait, 10000));
  g_assert_null (md_live_counts_get_error (counts));

  /* Minimized by the user through the window manager, and back. */
  md_test_wm_set_minimized (wm, TRUE);
  check_no_polls_while_minimized (f, counts);
  md_test_wm_set_minimized (wm, FALSE);
  g_assert_true (md_test_wait_until (counts_active_is, &wait, 10000));
}

/* The badge's age has moved past "just now" to seconds. */
static gboolean
updated_seconds_ago (gpointer user_data)
{
  Fixture *f = user_data;
  const char *text = md_engagement_panel_get_updated_text (f->panel);
  guint seconds = 0;

  return text != NULL && sscanf (text, "updated %u s ago", &seconds) == 1 && seconds >= 2;
}

static void
test_badge_shows_when_updated (Fixture       *f,
                               gconstpointer  data)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *text = NULL;
  MdLiveCounts *counts;
  gint64 updated_at;

  md_engagement_panel_set_source (f->panel, f->timeline, f->client, f->signer, f->asset, f->playback_id);
  counts = md_engagement_panel_get_live_counts (f->panel);
  g_assert_null (md_engagement_panel_get_updated_text (f->panel));
  poll_counts (counts);
  g_assert_null (md_live_counts_get_error (counts));

  /* Beside the counts, from the answer just in. */
  updated_at = md_live_counts_get_updated_at (counts);
  g_assert_cmpint (updated_at, >, 0);
  g_assert_nonnull (md_engagement_panel_get_updated_text (f->panel));
  g_assert_true (g_str_has_prefix (md_engagement_panel_get_updated_text (f->panel), "updated "));
  g_assert_nonnull (md_engagement_panel_get_badge_text (f->panel));

  /* It grows with the clock, without a new poll. */
  md_live_counts_set_interval (counts, 3600);
  g_assert_true (md_test_wait_until (updated_seconds_ago, f, 10000));
  g_test_message ("badge: %s  %s", md_engagement_panel_get_badge_text (f->panel),
                  md_engagement_panel_get_updated_text (f->panel));
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  md_test_screenshot (GTK_WIDGET (f->window), "engagement-badge-updated-light.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  md_test_screenshot (GTK_WIDGET (f->window), "engagement-badge-updated-dark.png");

  /* Seconds, minutes, then the time of day; a clock behind Mux's gives
   * no negative age. */
  text = md_live_counts_format_updated (counts, updated_at - 30);
  g_assert_cmpstr (text, ==, "updated just now");
  g_clear_pointer (&text, g_free);
  text = md_live_counts_format_updated (counts, updated_at + 30);
  g_assert_cmpstr (text, ==, "updated 30 s ago");
  g_clear_pointer (&text, g_free);
  text = md_live_counts_format_updated (counts, updated_at + 150);
  g_assert_cmpstr (text, ==, "updated 2 min ago");
  g_clear_pointer (&text, g_free);
  text = md_live_counts_format_updated (counts, updated_at + 3 * 3600);
  g_assert_true (g_str_has_prefix (text, "updated at "));
}

static gboolean
choices_saved (gpointer user_data)
{
  return !md_engagement_choices_get_saving (MD_ENGAGEMENT_CHOICES (user_data));
}

static MdEngagementChoices *
load_choices (const char *path)
{
  MdEngagementChoices *choices = md_engagement_choices_new (path);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  md_engagement_choices_load_async (choices, NULL, on_async_done_cb, &result);
  g_assert_true (md_test_wait_until (result_arrived, &result, 10000));
  g_assert_true (md_engagement_choices_load_finish (choices, result, &error));
  g_assert_no_error (error);
  return choices;
}

static MdClient *
new_client (Fixture *f)
{
  MdClient *client = md_client_new (md_test_sandbox_get_token_id (f->sandbox),
                                    md_test_sandbox_get_token_secret (f->sandbox));

  md_client_set_api_url (client, md_test_sandbox_get_api_url (f->sandbox));
  md_client_set_stream_url (client, md_test_sandbox_get_stream_url (f->sandbox));
  md_client_set_image_url (client, md_test_sandbox_get_image_url (f->sandbox));
  md_client_set_stats_url (client, md_test_sandbox_get_stats_url (f->sandbox));
  return client;
}

static void
test_choices_survive_restart (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *dir = g_dir_make_tmp ("md-test-engagement-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "env-1", "engagement-choices.json", NULL);
  g_autofree char *other_path = g_build_filename (dir, "env-2", "engagement-choices.json", NULL);
  g_autofree char *env_dir = g_path_get_dirname (path);
  g_autoptr(MdEngagementChoices) choices = load_choices (path);
  g_autoptr(MdEngagementChoices) reread = NULL;
  g_autoptr(MdEngagementChoices) other = NULL;
  g_autoptr(MdClient) client = NULL;
  MdEngagementController *controller;
  CountsWait wait = { f, NULL };

  /* This run: the playback ID, 30 days, three hotspots. */
  md_engagement_panel_set_choices (f->panel, choices);
  md_engagement_panel_set_source (f->panel, f->timeline, f->client, f->signer, f->asset, f->playback_id);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (
                      md_engagement_panel_get_source_dropdown (f->panel))), ==, 2);
  gtk_drop_down_set_selected (md_engagement_panel_get_source_dropdown (f->panel), 1);
  md_engagement_panel_select_timeframe (f->panel, "30:days");
  gtk_drop_down_set_selected (md_engagement_panel_get_limit_dropdown (f->panel), 0);
  g_assert_true (md_test_wait_until (choices_saved, choices, 10000));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  /* The next run: another client, the choices read from the file. */
  md_engagement_panel_set_choices (f->panel, NULL);
  md_engagement_panel_set_source (f->panel, f->timeline, f->client, f->signer, f->asset, f->playback_id);
  g_clear_object (&choices);
  reread = load_choices (path);
  client = new_client (f);
  clear_requests (f);
  md_engagement_panel_set_choices (f->panel, reread);
  md_engagement_panel_set_source (f->panel, f->timeline, client, f->signer, f->asset, f->playback_id);
  controller = md_engagement_panel_get_controller (f->panel);
  g_assert_cmpuint (gtk_drop_down_get_selected (md_engagement_panel_get_source_dropdown (f->panel)), ==, 1);
  g_assert_cmpuint (gtk_drop_down_get_selected (md_engagement_panel_get_timeframe_dropdown (f->panel)), ==, 2);
  g_assert_cmpuint (gtk_drop_down_get_selected (md_engagement_panel_get_limit_dropdown (f->panel)), ==, 0);
  g_assert_cmpint (md_engagement_controller_get_kind (controller), ==, MD_ENGAGEMENT_KIND_PLAYBACK_ID);
  g_assert_cmpstr (md_engagement_controller_get_timeframe (controller), ==, "30:days");
  g_assert_cmpuint (md_engagement_controller_get_limit (controller), ==, 3);
  g_assert_true (md_test_wait_until (engagement_loaded, f, 10000));
  g_assert_cmpuint (last_hotspots_limit (f), ==, 3);
  /* The counts too: their token names the playback ID. */
  wait.counts = md_engagement_panel_get_live_counts (f->panel);
  md_live_counts_poll_now (wait.counts);
  g_assert_true (md_test_wait_until (counts_answered, &wait, 10000));
  g_assert_cmpuint (count_requests_for (f, "playback_id"), >=, 1);
  g_assert_cmpuint (count_requests_for (f, "asset_id"), ==, 0);

  /* Another environment has choices of its own: none for this asset. */
  other = load_choices (other_path);
  md_engagement_panel_set_choices (f->panel, other);
  md_engagement_panel_set_source (f->panel, f->timeline, client, f->signer, f->asset, f->playback_id);
  g_assert_cmpuint (gtk_drop_down_get_selected (md_engagement_panel_get_source_dropdown (f->panel)), ==, 0);
  g_assert_cmpuint (gtk_drop_down_get_selected (md_engagement_panel_get_timeframe_dropdown (f->panel)), ==, 1);
  g_assert_cmpuint (gtk_drop_down_get_selected (md_engagement_panel_get_limit_dropdown (f->panel)), ==, 1);

  /* A choice of another version or damaged: what is unknown is left at
   * its default. */
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autoptr(GError) error = NULL;

    g_assert_true (json_parser_load_from_data (parser, "{\"identifier\":{},\"timeframe\":5,\"first_day\":\"x\","
                                                       "\"limit\":[3],\"future\":true}", -1, &error));
    md_engagement_choices_remember (other, md_asset_get_id (f->asset), json_node_get_object (json_parser_get_root (parser)));
    md_engagement_panel_set_source (f->panel, f->timeline, client, f->signer, f->asset, f->playback_id);
    g_assert_cmpuint (gtk_drop_down_get_selected (md_engagement_panel_get_source_dropdown (f->panel)), ==, 0);
    g_assert_cmpuint (gtk_drop_down_get_selected (md_engagement_panel_get_timeframe_dropdown (f->panel)), ==, 1);
    g_assert_cmpuint (gtk_drop_down_get_selected (md_engagement_panel_get_limit_dropdown (f->panel)), ==, 1);
    g_assert_true (md_test_wait_until (choices_saved, other, 10000));
  }
  md_engagement_panel_set_choices (f->panel, NULL);
  md_engagement_panel_set_source (f->panel, f->timeline, f->client, f->signer, f->asset, f->playback_id);

  {
    g_autofree char *other_dir = g_path_get_dirname (other_path);

    g_assert_cmpint (g_remove (other_path), ==, 0);
    g_assert_cmpint (g_rmdir (other_dir), ==, 0);
  }
  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (env_dir), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_rejected_token_recovers (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GUri) stats = g_uri_parse (md_test_sandbox_get_stats_url (f->sandbox), G_URI_FLAGS_NONE, NULL);
  g_autoptr(GArray) statuses = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GPtrArray) tokens = NULL;
  g_autofree char *rule = NULL;
  g_autofree char *rejected = NULL;
  g_autoptr(GError) error = NULL;
  MdLiveCounts *counts;
  gint64 minted;

  md_engagement_panel_set_source (f->panel, f->timeline, f->client, f->signer, f->asset, f->playback_id);
  counts = md_engagement_panel_get_live_counts (f->panel);
  poll_counts (counts);
  g_assert_null (md_live_counts_get_error (counts));
  g_assert_true (md_live_counts_get_has_counts (counts));

  /* The stats host refuses the next token, as it does an expired one. */
  rule = g_strdup_printf ("{\"match\":\"path\",\"path\":\"%s/counts\",\"action\":\"status\",\"status\":401}",
                          g_strcmp0 (g_uri_get_path (stats), "/") == 0 ? "" : g_uri_get_path (stats));
  g_assert_true (md_test_sandbox_admin (f->sandbox, "POST", "/_sandbox/faults", rule, NULL, &error));
  g_assert_no_error (error);
  md_test_sandbox_clear_request_log (f->sandbox);
  poll_counts (counts);
  /* Minted when the poll was asked for (the token is made before the
   * request goes). */
  minted = g_get_real_time () / G_USEC_PER_SEC;
  g_assert_nonnull (md_live_counts_get_error (counts));
  /* The last counts stay, marked as not updated. */
  g_assert_true (md_live_counts_get_has_counts (counts));
  g_assert_nonnull (md_engagement_panel_get_badge_text (f->panel));
  tokens = counts_requests (f, statuses);
  g_assert_cmpuint (tokens->len, ==, 1);
  g_assert_cmpuint (g_array_index (statuses, guint, 0), ==, 401);
  rejected = g_strdup (g_ptr_array_index (tokens, 0));
  g_clear_pointer (&tokens, g_ptr_array_unref);

  /* Once the clock moved on, a token minted anew has a later exp (and
   * so another signature): the next poll must send such a one, not the
   * rejected one again, and the counts recover with it. */
  wait_for_clock_past (minted);
  poll_counts (counts);
  g_assert_null (md_live_counts_get_error (counts));
  tokens = counts_requests (f, statuses);
  g_assert_cmpuint (tokens->len, ==, 2);
  g_assert_cmpuint (g_array_index (statuses, guint, 1), ==, 200);
  g_assert_cmpstr (g_ptr_array_index (tokens, 1), !=, rejected);
  g_assert_cmpint (token_expiry (g_ptr_array_index (tokens, 1)), >, token_expiry (rejected));
  md_test_screenshot (GTK_WIDGET (f->window), "engagement-live-badge.png");
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_assert_true (md_media_init (NULL));
  /* As the app shows it: its style sheet, and no half-way animations in
   * the screenshots. */
  md_test_load_app_style ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

#define ADD(path, data, func) \
  g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)
  ADD ("/engagement-sandbox/playing-changes-heatmap-and-counts", NULL, test_playing_changes_heatmap_and_counts);
  ADD ("/engagement-sandbox/audience-hotspots-list-seeks", "40", test_audience_hotspots_list_seeks);
  ADD ("/engagement-sandbox/hotspot-limit", "40", test_hotspot_limit);
  ADD ("/engagement-sandbox/choices-survive-restart", NULL, test_choices_survive_restart);
  ADD ("/engagement-sandbox/missing-signing-key-shows-hint", NULL, test_missing_signing_key_shows_hint);
  ADD ("/engagement-sandbox/counts-follow-identifier", NULL, test_counts_follow_identifier);
  ADD ("/engagement-sandbox/counts-token-reused", NULL, test_counts_token_reused);
  ADD ("/engagement-sandbox/counts-pause-while-minimized", NULL, test_counts_pause_while_minimized);
  ADD ("/engagement-sandbox/badge-shows-when-updated", NULL, test_badge_shows_when_updated);
  ADD ("/engagement-sandbox/rejected-token-recovers", NULL, test_rejected_token_recovers);
#undef ADD

  return g_test_run ();
}
