/* test-player-live.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "md-media.h"
#include "md-player-page-private.h"
#include "md-player-private.h"
#include "md-test-sandbox.h"
#include "md-test-utils.h"
#include "md-test-widgets.h"

/* A live stream of the sandbox (--seed starts one: a sliding-window HLS
 * playlist) in MdPlayerPage: the LIVE badge, a timeline that spans only
 * the DVR window GStreamer reports, and seeks kept inside it. */

#define WAIT_MS 60000

typedef struct
{
  MdTestSandbox *sandbox;
  GtkWindow     *window;
  MdPlayerPage  *page;
  MdPlayer      *player;
  char          *playback_id;
  char          *url;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  const char *args[] = { "--seed", "--no-rate-limit", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) list = NULL;
  JsonArray *streams;

  f->sandbox = md_test_sandbox_start (args, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (md_test_sandbox_api (f->sandbox, "GET", "/video/v1/live-streams?limit=10", NULL, &list, &error), ==, 200);
  streams = json_object_get_array_member (json_node_get_object (list), "data");
  for (guint i = 0; i < json_array_get_length (streams) && f->playback_id == NULL; i++)
    {
      JsonObject *stream = json_array_get_object_element (streams, i);
      JsonArray *ids = json_object_get_array_member (stream, "playback_ids");

      if (g_strcmp0 (json_object_get_string_member (stream, "status"), "active") == 0 && json_array_get_length (ids) > 0)
        f->playback_id = g_strdup (json_object_get_string_member (json_array_get_object_element (ids, 0), "id"));
    }
  g_assert_nonnull (f->playback_id);
  f->url = g_strdup_printf ("%s/%s.m3u8", md_test_sandbox_get_stream_url (f->sandbox), f->playback_id);

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 800, 500);
  f->page = MD_PLAYER_PAGE (md_player_page_new ());
  f->player = md_player_page_get_player (f->page);
  gtk_window_set_child (f->window, GTK_WIDGET (f->page));
  gtk_window_present (f->window);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (f->window);
  g_free (f->url);
  g_free (f->playback_id);
  g_clear_pointer (&f->sandbox, md_test_sandbox_stop);
}

/* A few segments are out: the DVR window has room to seek in. */
static gboolean
broadcast_started (gpointer user_data)
{
  Fixture *f = user_data;

  return md_test_sandbox_live_has_segments (f->sandbox, f->playback_id, 3);
}

static gboolean
window_known (gpointer user_data)
{
  Fixture *f = user_data;
  double start, end;

  return md_player_get_state (f->player) == MD_PLAYER_STATE_ERROR
         || (md_player_get_is_live (f->player)
             && md_player_get_seekable_range (f->player, &start, &end) && end > start
             && md_player_get_position (f->player) > start
             && md_paintable_get_n_frames (md_player_get_paintable (f->player)) > 0);
}

typedef struct
{
  Fixture *f;
  double   from;
} Advance;

static gboolean
has_advanced (gpointer user_data)
{
  Advance *advance = user_data;

  return md_player_get_state (advance->f->player) == MD_PLAYER_STATE_ERROR
         || (!md_player_get_seeking (advance->f->player)
             && md_player_get_position (advance->f->player) > advance->from + 1.0);
}

static void
test_seek_within_dvr_window (Fixture       *f,
                             gconstpointer  data)
{
  MdTimeline *timeline = md_player_page_get_timeline (f->page);
  Advance advance = { f, 0 };
  double start, end, position;

  g_assert_true (md_test_wait_until (broadcast_started, f, WAIT_MS));
  md_player_page_open_uri (f->page, f->url, "Live", NULL);
  md_player_play (f->player);
  g_assert_true (md_test_wait_until (window_known, f, WAIT_MS));
  g_assert_cmpint (md_player_get_state (f->player), !=, MD_PLAYER_STATE_ERROR);

  /* Live: no duration, the LIVE badge, a seekable window. */
  g_assert_cmpfloat (md_player_get_duration (f->player), ==, 0);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->page->live_label)));
  g_assert_true (md_player_get_seekable_range (f->player, &start, &end));
  position = md_player_get_position (f->player);
  g_test_message ("window %.2f..%.2f, position %.2f", start, end, position);

  /* The timeline spans the window up to the live edge, the playhead in it. */
  g_assert_cmpfloat (md_timeline_get_duration (timeline), >, 0);
  g_assert_cmpfloat (md_timeline_get_duration (timeline), <=, MAX (end, position) - start + 0.5);
  g_assert_cmpfloat (md_timeline_get_position (timeline), <=, md_timeline_get_duration (timeline));
  md_test_screenshot (GTK_WIDGET (f->window), "player-live.png");

  /* Before the window: to its start. The timeline's 0 is the window's start. */
  md_player_seek (f->player, 0);
  md_player_get_seekable_range (f->player, &start, &end);
  g_assert_cmpfloat (md_player_get_position (f->player), ==, start);
  g_signal_emit_by_name (timeline, "seek", 0.0);
  g_assert_cmpfloat (md_player_get_position (f->player), ==, start);
  advance.from = start;
  g_assert_true (md_test_wait_until (has_advanced, &advance, WAIT_MS));
  g_assert_cmpint (md_player_get_state (f->player), !=, MD_PLAYER_STATE_ERROR);

  /* Past the live edge: to the window's end. */
  md_player_seek (f->player, 1e9);
  md_player_get_seekable_range (f->player, &start, &end);
  g_assert_cmpfloat (md_player_get_position (f->player), ==, end);
  advance.from = end;
  g_assert_true (md_test_wait_until (has_advanced, &advance, WAIT_MS));
  g_assert_cmpint (md_player_get_state (f->player), !=, MD_PLAYER_STATE_ERROR);

  md_player_page_close (f->page);
}

/* The first segments come slowly: the pipeline reports buffering before
 * it prerolled, so before it is known to be live. It must not stay
 * paused for a buffering a live stream does not wait for. */
static void
test_resumes_after_early_buffering (Fixture       *f,
                                    gconstpointer  data)
{
  g_autofree char *path = g_strdup_printf ("/stream/%s/", f->playback_id);
  g_autofree char *slow = NULL;
  g_autoptr(GError) error = NULL;
  Advance advance = { f, 0 };
  double start, end;

  g_assert_true (md_test_wait_until (broadcast_started, f, WAIT_MS));
  slow = g_strdup_printf ("{\"match\":\"path-prefix\",\"path\":\"%s\",\"method\":\"GET\","
                          "\"action\":\"slow\",\"bytes_per_second\":8000,\"count\":2}", path);
  g_assert_true (md_test_sandbox_admin (f->sandbox, "POST", "/_sandbox/faults", slow, NULL, &error));
  g_assert_no_error (error);

  md_player_page_open_uri (f->page, f->url, "Live", NULL);
  md_player_play (f->player);
  g_assert_true (md_test_wait_until (window_known, f, WAIT_MS));
  g_assert_cmpint (md_player_get_state (f->player), !=, MD_PLAYER_STATE_ERROR);
  g_test_message ("buffering seen: %d%%", md_player_get_buffering_percent (f->player));

  md_player_get_seekable_range (f->player, &start, &end);
  advance.from = md_player_get_position (f->player);
  g_assert_true (md_test_wait_until (has_advanced, &advance, WAIT_MS));
  g_assert_cmpint (md_player_get_state (f->player), ==, MD_PLAYER_STATE_PLAYING);
  g_assert_false (md_player_get_buffering (f->player));

  md_player_page_close (f->page);
}

static gboolean
has_failed (gpointer user_data)
{
  return md_player_get_state (user_data) == MD_PLAYER_STATE_ERROR;
}

/* The broadcast goes quiet (the server takes every request and never
 * answers): after the watchdog's one restart, the player says that the
 * live stream sent nothing, not merely that the server did not answer. */
static void
test_broadcast_gone_silent (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *stall = g_strdup_printf ("{\"match\":\"path-prefix\",\"path\":\"/stream/%s/\","
                                            "\"action\":\"stall\",\"count\":0}", f->playback_id);
  g_autoptr(GError) error = NULL;
  const GError *failure;

  g_assert_true (md_test_wait_until (broadcast_started, f, WAIT_MS));
  _md_player_set_stall_timeout (f->player, 2000);
  md_player_page_open_uri (f->page, f->url, "Live", NULL);
  md_player_play (f->player);
  g_assert_true (md_test_wait_until (window_known, f, WAIT_MS));
  g_assert_cmpint (md_player_get_state (f->player), !=, MD_PLAYER_STATE_ERROR);

  g_assert_true (md_test_sandbox_admin (f->sandbox, "POST", "/_sandbox/faults", stall, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (md_test_wait_until (has_failed, f->player, WAIT_MS));
  failure = md_player_get_error (f->player);
  g_assert_error (failure, MD_PLAYER_ERROR, MD_PLAYER_ERROR_NETWORK);
  g_assert_nonnull (strstr (failure->message, "Nothing has arrived from the live stream for 2 seconds"));
  g_test_message ("error: %s", failure->message);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->page->error_page)));
  g_assert_cmpstr (adw_status_page_get_title (f->page->error_page), ==, "Cannot Play This Live Stream");
  md_test_screenshot (GTK_WIDGET (f->window), "player-live-silent.png");

  md_player_page_close (f->page);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_assert_true (md_media_init (NULL));
  md_test_load_app_style ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/player-live/seek-within-dvr-window", Fixture, NULL,
              fixture_set_up, test_seek_within_dvr_window, fixture_tear_down);

  g_test_add ("/player-live/resumes-after-early-buffering", Fixture, NULL,
              fixture_set_up, test_resumes_after_early_buffering, fixture_tear_down);

  g_test_add ("/player-live/broadcast-gone-silent", Fixture, NULL,
              fixture_set_up, test_broadcast_gone_silent, fixture_tear_down);

  return g_test_run ();
}
