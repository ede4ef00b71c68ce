/* test-player-sandbox.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "md-jwt.h"
#include "md-media.h"
#include "md-player.h"
#include "md-player-private.h"
#include "md-storyboard.h"
#include "md-test-sandbox.h"
#include "md-test-utils.h"

/* MdPlayer on a real muxdesk-sandbox asset, over real HTTP on 127.0.0.1:
 * its `{stream}/{PLAYBACK_ID}.m3u8` played to the end, a seek, a signed
 * playback ID with a token minted by MdJwtSigner and without one, the
 * asset's real storyboard, a connection lost and a server gone silent. */

#define WAIT_MS 60000
#define SEGMENT_SECONDS 2.0   /* the sandbox's segments (hlssink2 target-duration) */

typedef struct
{
  MdTestSandbox *sandbox;
  char          *playback_id;
  double         duration;
  char          *key_id;
  char          *private_key;

  MdPlayer      *player;
  guint          n_eos;
  guint          n_errors;
  guint          n_seeks_done;
  guint          n_position_increases;
  double         last_position;
  GError        *error;
} Fixture;

static JsonObject *
data_object (JsonNode *reply)
{
  return json_object_get_object_member (json_node_get_object (reply), "data");
}

static void
on_position_cb (MdPlayer   *player,
                GParamSpec *pspec,
                Fixture    *f)
{
  if (md_player_get_position (player) > f->last_position)
    f->n_position_increases++;
  f->last_position = md_player_get_position (player);
}

static void
on_eos_cb (MdPlayer *player,
           Fixture  *f)
{
  f->n_eos++;
}

static void
on_error_cb (MdPlayer     *player,
             const GError *error,
             Fixture      *f)
{
  f->n_errors++;
  g_clear_error (&f->error);
  f->error = g_error_copy (error);
}

static void
on_seek_done_cb (MdPlayer *player,
                 Fixture  *f)
{
  f->n_seeks_done++;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  const char *args[] = { "--no-rate-limit", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(JsonNode) key = NULL;
  JsonObject *asset;
  JsonArray *playback_ids;

  f->sandbox = md_test_sandbox_start (args, &error);
  g_assert_no_error (error);

  /* A ready asset sharing the sandbox's real synthetic media. */
  g_assert_true (md_test_sandbox_admin (f->sandbox, "POST", "/_sandbox/records", "{\"assets\":1}", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (md_test_sandbox_api (f->sandbox, "GET", "/video/v1/assets?limit=10", NULL, &list, &error), ==, 200);
  asset = json_array_get_object_element (json_object_get_array_member (json_node_get_object (list), "data"), 0);
  g_assert_cmpstr (json_object_get_string_member (asset, "status"), ==, "ready");
  f->duration = json_object_get_double_member (asset, "duration");
  playback_ids = json_object_get_array_member (asset, "playback_ids");
  f->playback_id = g_strdup (json_object_get_string_member (json_array_get_object_element (playback_ids, 0), "id"));

  g_assert_cmpuint (md_test_sandbox_api (f->sandbox, "POST", "/system/v1/signing-keys", NULL, &key, &error), ==, 201);
  f->key_id = g_strdup (json_object_get_string_member (data_object (key), "id"));
  f->private_key = g_strdup (json_object_get_string_member (data_object (key), "private_key"));

  f->player = md_player_new ();
  f->last_position = -1;
  g_signal_connect (f->player, "notify::position", G_CALLBACK (on_position_cb), f);
  g_signal_connect (f->player, "eos", G_CALLBACK (on_eos_cb), f);
  g_signal_connect (f->player, "error", G_CALLBACK (on_error_cb), f);
  g_signal_connect (f->player, "seek-done", G_CALLBACK (on_seek_done_cb), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->player);
  g_clear_pointer (&f->sandbox, md_test_sandbox_stop);
  g_clear_error (&f->error);
  g_free (f->playback_id);
  g_free (f->key_id);
  g_free (f->private_key);
}

static char *
stream_url (Fixture    *f,
            const char *playback_id,
            const char *token)
{
  if (token != NULL)
    return g_strdup_printf ("%s/%s.m3u8?token=%s", md_test_sandbox_get_stream_url (f->sandbox), playback_id, token);
  return g_strdup_printf ("%s/%s.m3u8", md_test_sandbox_get_stream_url (f->sandbox), playback_id);
}

static gboolean
has_ended (gpointer user_data)
{
  Fixture *f = user_data;

  return f->n_eos > 0 || f->n_errors > 0;
}

static gboolean
has_played_a_second (gpointer user_data)
{
  Fixture *f = user_data;

  return f->n_errors > 0
         || (md_player_get_position (f->player) >= 1.0
             && md_paintable_get_n_frames (md_player_get_paintable (f->player)) > 0);
}

static gboolean
is_paused_with_frame (gpointer user_data)
{
  Fixture *f = user_data;

  return f->n_errors > 0
         || (md_paintable_get_n_frames (md_player_get_paintable (f->player)) > 0
             && md_player_get_duration (f->player) > 0
             && !md_player_get_seeking (f->player));
}

static void
test_plays_asset_to_eos (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *url = stream_url (f, f->playback_id, NULL);
  MdPaintable *paintable = md_player_get_paintable (f->player);

  md_player_set_uri (f->player, url);
  md_player_play (f->player);
  g_assert_true (md_test_wait_until (has_ended, f, WAIT_MS));
  g_assert_no_error (f->error);
  g_assert_cmpuint (f->n_eos, ==, 1);
  g_assert_cmpint (md_player_get_state (f->player), ==, MD_PLAYER_STATE_ENDED);

  /* The player's duration is the API's, the position walked there. */
  g_assert_cmpfloat_with_epsilon (md_player_get_duration (f->player), f->duration, 0.5);
  g_assert_cmpuint (f->n_position_increases, >=, 10);

  /* Frames at the asset's size reached the paintable. */
  g_assert_cmpuint (md_paintable_get_n_frames (paintable), >=, 10);
  g_assert_cmpint (gdk_texture_get_width (md_paintable_get_texture (paintable)), ==,
                   md_player_get_video_width (f->player));
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (GDK_PAINTABLE (paintable)), >, 0);
  g_assert_cmpfloat_with_epsilon (gdk_paintable_get_intrinsic_aspect_ratio (GDK_PAINTABLE (paintable)),
                                  (double) md_player_get_video_width (f->player)
                                  / md_player_get_video_height (f->player), 0.01);
}

typedef struct
{
  Fixture *f;
  guint64  n_frames;   /* before the seek */
} SeekWait;

/* The seek is done and the pipeline has delivered a frame since. */
static gboolean
frame_after_seek (gpointer user_data)
{
  SeekWait *wait = user_data;
  MdPaintable *paintable = md_player_get_paintable (wait->f->player);

  return wait->f->n_errors > 0
         || (wait->f->n_seeks_done > 0
             && md_paintable_get_n_frames (paintable) > wait->n_frames
             && md_paintable_get_frame_time (paintable) >= 0);
}

static void
test_seek_lands_near_target (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *url = stream_url (f, f->playback_id, NULL);
  MdPaintable *paintable = md_player_get_paintable (f->player);
  double target = f->duration * 0.6;
  SeekWait wait = { f, 0 };
  double frame_time;

  md_player_set_uri (f->player, url);
  md_player_pause (f->player);
  g_assert_true (md_test_wait_until (is_paused_with_frame, f, WAIT_MS));
  g_assert_no_error (f->error);
  g_assert_cmpfloat (md_paintable_get_frame_time (paintable), <, SEGMENT_SECONDS);
  g_assert_cmpfloat (target, >, 2 * SEGMENT_SECONDS);

  /* MdPlayer:position says the target at once; where the stream really
   * is shows in the first frame the pipeline delivers after the seek. */
  wait.n_frames = md_paintable_get_n_frames (paintable);
  md_player_seek (f->player, target);
  g_assert_true (md_test_wait_until (frame_after_seek, &wait, WAIT_MS));
  g_assert_no_error (f->error);
  frame_time = md_paintable_get_frame_time (paintable);
  g_test_message ("seek to %.3f s: frame at %.3f s, position %.3f s", target, frame_time,
                  md_player_get_position (f->player));
  g_assert_cmpfloat (ABS (frame_time - target), <=, SEGMENT_SECONDS);
  g_assert_cmpfloat (ABS (md_player_get_position (f->player) - frame_time), <=, SEGMENT_SECONDS);
}

static void
test_signed_playback (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(MdJwtSigner) signer = NULL;
  g_autofree char *path = NULL;
  g_autofree char *signed_id = NULL;
  g_autofree char *token = NULL;
  g_autofree char *url = NULL;
  g_autofree char *bare_url = NULL;
  g_autoptr(JsonNode) list = NULL;
  const char *asset_id;

  /* Add a signed playback ID to the asset. */
  g_assert_cmpuint (md_test_sandbox_api (f->sandbox, "GET", "/video/v1/assets?limit=1", NULL, &list, &error), ==, 200);
  asset_id = json_object_get_string_member (
    json_array_get_object_element (json_object_get_array_member (json_node_get_object (list), "data"), 0), "id");
  path = g_strdup_printf ("/video/v1/assets/%s/playback-ids", asset_id);
  g_assert_cmpuint (md_test_sandbox_api (f->sandbox, "POST", path, "{\"policy\":\"signed\"}", &created, &error), ==, 201);
  signed_id = g_strdup (json_object_get_string_member (data_object (created), "id"));

  /* Without a token: a clean 403 error, no frame. */
  bare_url = stream_url (f, signed_id, NULL);
  md_player_set_uri (f->player, bare_url);
  md_player_play (f->player);
  g_assert_true (md_test_wait_until (has_ended, f, WAIT_MS));
  g_assert_error (f->error, MD_PLAYER_ERROR, MD_PLAYER_ERROR_FORBIDDEN);
  g_assert_cmpuint (md_paintable_get_n_frames (md_player_get_paintable (f->player)), ==, 0);

  /* With a token minted by the app's signer (aud "v", exp past the end). */
  signer = md_jwt_signer_new (f->key_id, f->private_key, &error);
  g_assert_no_error (error);
  token = md_jwt_signer_sign (signer, signed_id, "v",
                              g_get_real_time () / G_USEC_PER_SEC + (gint64) f->duration + 600,
                              NULL, &error);
  g_assert_no_error (error);
  url = stream_url (f, signed_id, token);

  g_clear_error (&f->error);
  f->n_errors = 0;
  md_player_set_uri (f->player, url);
  md_player_play (f->player);
  g_assert_true (md_test_wait_until (has_played_a_second, f, WAIT_MS));
  g_assert_no_error (f->error);
  g_assert_cmpint (md_player_get_state (f->player), ==, MD_PLAYER_STATE_PLAYING);
}

static gboolean
has_failed (gpointer user_data)
{
  Fixture *f = user_data;

  return f->n_errors > 0 || f->n_eos > 0;
}

/* Plays the asset over a link just fast enough to play, so the demuxer
 * cannot fetch the whole video ahead; a second in, every request under the
 * playback ID meets @action ("reset": the connection drops; "stall": the
 * server takes the request and never answers) for good. */
static void
play_a_second_then (Fixture    *f,
                    const char *action)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = stream_url (f, f->playback_id, NULL);
  g_autofree char *slow = NULL;
  g_autofree char *fault = NULL;

  slow = g_strdup_printf ("{\"match\":\"path-prefix\",\"path\":\"/stream/%s/\","
                          "\"action\":\"slow\",\"bytes_per_second\":80000,\"count\":0}",
                          f->playback_id);
  g_assert_true (md_test_sandbox_admin (f->sandbox, "POST", "/_sandbox/faults", slow, NULL, &error));
  g_assert_no_error (error);

  md_player_set_uri (f->player, url);
  md_player_play (f->player);
  g_assert_true (md_test_wait_until (has_played_a_second, f, WAIT_MS));
  g_assert_no_error (f->error);

  g_assert_true (md_test_sandbox_admin (f->sandbox, "DELETE", "/_sandbox/faults", NULL, NULL, &error));
  fault = g_strdup_printf ("{\"match\":\"path-prefix\",\"path\":\"/stream/%s/\","
                           "\"action\":\"%s\",\"count\":0}", f->playback_id, action);
  g_assert_true (md_test_sandbox_admin (f->sandbox, "POST", "/_sandbox/faults", fault, NULL, &error));
  g_assert_no_error (error);
}

static void
test_network_loss_mid_play (Fixture       *f,
                            gconstpointer  data)
{
  play_a_second_then (f, "reset");

  /* Playback stops with an error that says what happened; no EOS. */
  g_assert_true (md_test_wait_until (has_failed, f, WAIT_MS));
  g_assert_cmpuint (f->n_eos, ==, 0);
  g_assert_error (f->error, MD_PLAYER_ERROR, MD_PLAYER_ERROR_NETWORK);
  g_assert_cmpint (md_player_get_state (f->player), ==, MD_PLAYER_STATE_ERROR);
  g_assert_cmpfloat (md_player_get_position (f->player), >=, 1.0);
  g_test_message ("error: %s", f->error->message);
}

typedef struct
{
  Fixture *f;
  double   from;
  guint    n_replayed;   /* positions seen between the start and @from */
} Resume;

static void
on_resume_position_cb (MdPlayer   *player,
                       GParamSpec *pspec,
                       Resume     *resume)
{
  double position = md_player_get_position (player);

  if (position > 0.5 && position < resume->from)
    resume->n_replayed++;
}

static gboolean
has_resumed (gpointer user_data)
{
  Resume *resume = user_data;
  MdPlayer *player = resume->f->player;

  return resume->f->n_errors > 1
         || (md_player_get_state (player) == MD_PLAYER_STATE_PLAYING
             && !md_player_get_seeking (player)
             && md_player_get_position (player) > resume->from);
}

static gboolean
has_ended_after_retry (gpointer user_data)
{
  Fixture *f = user_data;

  return f->n_eos > 0 || f->n_errors > 1;
}

static void
test_server_gone_silent (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *master = g_strdup_printf ("/stream/%s.m3u8", f->playback_id);
  Resume resume = { f, 0, 0 };
  double stalled_at;
  gulong handler;

  _md_player_set_stall_timeout (f->player, 2000);
  play_a_second_then (f, "stall");
  g_assert_cmpuint (md_test_sandbox_count_requests (f->sandbox, master), ==, 1);

  /* Without a watchdog the player would wait for ever, buffering. It
   * starts once more on its own (the master playlist is asked for again),
   * then says what happened, where it was. */
  g_assert_true (md_test_wait_until (has_failed, f, WAIT_MS));
  g_assert_cmpuint (f->n_eos, ==, 0);
  g_assert_error (f->error, MD_PLAYER_ERROR, MD_PLAYER_ERROR_NETWORK);
  g_assert_nonnull (strstr (f->error->message, "Nothing has arrived from the server for 2 seconds"));
  g_assert_cmpint (md_player_get_state (f->player), ==, MD_PLAYER_STATE_ERROR);
  g_assert_cmpuint (md_test_sandbox_count_requests (f->sandbox, master), ==, 2);
  stalled_at = md_player_get_position (f->player);
  g_assert_cmpfloat (stalled_at, >=, 1.0);
  g_test_message ("error at %.3f s: %s", stalled_at, f->error->message);

  /* The server answers again: Retry goes on from there, to the end. */
  g_assert_true (md_test_sandbox_admin (f->sandbox, "DELETE", "/_sandbox/faults", NULL, NULL, &error));
  g_assert_no_error (error);
  resume.from = stalled_at - 0.5;
  handler = g_signal_connect (f->player, "notify::position", G_CALLBACK (on_resume_position_cb), &resume);
  md_player_play (f->player);
  g_assert_true (md_test_wait_until (has_resumed, &resume, WAIT_MS));
  g_signal_handler_disconnect (f->player, handler);
  g_assert_cmpuint (f->n_errors, ==, 1);
  g_assert_cmpuint (resume.n_replayed, ==, 0);
  g_assert_true (md_test_wait_until (has_ended_after_retry, f, WAIT_MS));
  g_assert_cmpuint (f->n_errors, ==, 1);
  g_assert_cmpuint (f->n_eos, ==, 1);
}

typedef struct
{
  MdStoryboard *storyboard;
  GError       *error;
  gboolean      done;
} LoadResult;

static void
on_storyboard_loaded_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  LoadResult *load = user_data;

  load->storyboard = md_storyboard_load_finish (result, &load->error);
  load->done = TRUE;
}

static gboolean
load_is_done (gpointer user_data)
{
  return ((LoadResult *) user_data)->done;
}

static void
test_sandbox_storyboard (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *url = g_strdup_printf ("%s/%s/storyboard.json",
                                          md_test_sandbox_get_image_url (f->sandbox), f->playback_id);
  LoadResult load = { 0 };
  MdStoryboardTile first, middle, last;
  guint n;

  md_storyboard_load_async (url, NULL, on_storyboard_loaded_cb, &load);
  g_assert_true (md_test_wait_until (load_is_done, &load, WAIT_MS));
  g_assert_no_error (load.error);

  n = md_storyboard_get_n_tiles (load.storyboard);
  g_assert_cmpuint (n, >=, 2);
  g_assert_cmpint (md_storyboard_get_tile_width (load.storyboard), >, 0);
  g_assert_cmpuint (g_bytes_get_size (md_storyboard_get_image_bytes (load.storyboard)), >, 0);

  /* The tiles cover the video in order: start, middle and end differ, and
   * each lookup lands in its tile's span. */
  md_storyboard_lookup (load.storyboard, 0, &first);
  md_storyboard_lookup (load.storyboard, f->duration / 2, &middle);
  md_storyboard_lookup (load.storyboard, f->duration - 0.01, &last);
  g_assert_cmpfloat (first.start, ==, 0);
  g_assert_cmpfloat (middle.start, <=, f->duration / 2);
  g_assert_cmpfloat (middle.end, >, f->duration / 2);
  g_assert_cmpfloat (last.start, >, middle.start);
  g_assert_true (first.x != middle.x || first.y != middle.y);

  g_clear_object (&load.storyboard);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  g_test_init (&argc, &argv, NULL);
  if (!md_media_init (&error))
    g_error ("%s", error->message);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/player-sandbox/plays-asset-to-eos", test_plays_asset_to_eos);
  ADD ("/player-sandbox/seek-lands-near-target", test_seek_lands_near_target);
  ADD ("/player-sandbox/signed-playback", test_signed_playback);
  ADD ("/player-sandbox/storyboard", test_sandbox_storyboard);
  ADD ("/player-sandbox/network-loss-mid-play", test_network_loss_mid_play);
  ADD ("/player-sandbox/server-gone-silent", test_server_gone_silent);

#undef ADD

  return g_test_run ();
}
