/* test-player.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "md-media.h"
#include "md-player.h"
#include "md-test-hls.h"
#include "md-test-utils.h"

/* MdPlayer's failures and controls on real HLS (made by GStreamer, served
 * over HTTP on 127.0.0.1 with a 403, a 404 and a broken playlist next to
 * it). Playing to the end, seeking and signed playback run on a sandbox
 * asset in test-player-sandbox.c. */

#define STREAM_SECONDS 6
#define WAIT_MS 30000

static MdTestHls *hls;

typedef struct
{
  MdPlayer *player;
  GPtrArray *positions;
  guint     n_eos;
  guint     n_errors;
  guint     n_seeks_done;
  GError   *error;
} Fixture;

static void
on_position_cb (MdPlayer   *player,
                GParamSpec *pspec,
                Fixture    *f)
{
  double *value = g_new (double, 1);

  *value = md_player_get_position (player);
  g_ptr_array_add (f->positions, value);
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
  f->player = md_player_new ();
  f->positions = g_ptr_array_new_with_free_func (g_free);
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
  g_ptr_array_unref (f->positions);
  g_clear_error (&f->error);
}

static void
load (Fixture    *f,
      const char *path)
{
  g_autofree char *url = md_test_hls_get_url (hls, path);

  md_player_set_uri (f->player, url);
}

static gboolean
has_failed (gpointer user_data)
{
  Fixture *f = user_data;

  return f->n_errors > 0 || f->n_eos > 0;
}

static gboolean
has_frame_and_duration (gpointer user_data)
{
  Fixture *f = user_data;

  return f->n_errors > 0
         || (md_paintable_get_n_frames (md_player_get_paintable (f->player)) > 0
             && md_player_get_duration (f->player) > 0
             && !md_player_get_seeking (f->player));
}

static void
test_forbidden_fails_cleanly (Fixture       *f,
                              gconstpointer  data)
{
  /* A signed playback URL whose token the server refuses. */
  load (f, "/forbidden.m3u8?token=eyJhbGciOiJSUzI1NiJ9.secret-claims.signature");
  md_player_play (f->player);

  g_assert_true (md_test_wait_until (has_failed, f, WAIT_MS));
  g_assert_cmpuint (f->n_eos, ==, 0);
  g_assert_cmpuint (f->n_errors, ==, 1);
  g_assert_error (f->error, MD_PLAYER_ERROR, MD_PLAYER_ERROR_FORBIDDEN);
  g_assert_nonnull (strstr (f->error->message, "403"));
  g_assert_null (strstr (f->error->message, "secret-claims"));
  g_assert_cmpint (md_player_get_state (f->player), ==, MD_PLAYER_STATE_ERROR);
  g_assert_error (md_player_get_error (f->player), MD_PLAYER_ERROR, MD_PLAYER_ERROR_FORBIDDEN);
  g_assert_cmpuint (md_paintable_get_n_frames (md_player_get_paintable (f->player)), ==, 0);
}

static void
test_missing_stream_fails_cleanly (Fixture       *f,
                                   gconstpointer  data)
{
  load (f, "/missing.m3u8");
  md_player_play (f->player);

  g_assert_true (md_test_wait_until (has_failed, f, WAIT_MS));
  g_assert_error (f->error, MD_PLAYER_ERROR, MD_PLAYER_ERROR_NOT_FOUND);
  g_assert_cmpint (md_player_get_state (f->player), ==, MD_PLAYER_STATE_ERROR);
}

static void
test_garbage_fails_cleanly (Fixture       *f,
                            gconstpointer  data)
{
  load (f, "/garbage.m3u8");
  md_player_play (f->player);

  g_assert_true (md_test_wait_until (has_failed, f, WAIT_MS));
  g_assert_cmpuint (f->n_eos, ==, 0);
  g_assert_error (f->error, MD_PLAYER_ERROR, MD_PLAYER_ERROR_UNPLAYABLE);
  g_assert_cmpint (md_player_get_state (f->player), ==, MD_PLAYER_STATE_ERROR);
}

static void
test_retry_after_error_plays (Fixture       *f,
                              gconstpointer  data)
{
  load (f, "/forbidden.m3u8");
  md_player_play (f->player);
  g_assert_true (md_test_wait_until (has_failed, f, WAIT_MS));
  g_assert_error (f->error, MD_PLAYER_ERROR, MD_PLAYER_ERROR_FORBIDDEN);

  /* A fresh URL (as with a newly minted token) clears the error and plays. */
  g_clear_error (&f->error);
  f->n_errors = 0;
  load (f, "/hls/playlist.m3u8");
  g_assert_null (md_player_get_error (f->player));
  md_player_pause (f->player);
  g_assert_true (md_test_wait_until (has_frame_and_duration, f, WAIT_MS));
  g_assert_no_error (f->error);
  g_assert_cmpint (md_player_get_state (f->player), ==, MD_PLAYER_STATE_PAUSED);
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_volume_and_mute (Fixture       *f,
                      gconstpointer  data)
{
  guint volume_notifies = 0;
  guint muted_notifies = 0;

  g_signal_connect (f->player, "notify::volume", G_CALLBACK (count_notify_cb), &volume_notifies);
  g_signal_connect (f->player, "notify::muted", G_CALLBACK (count_notify_cb), &muted_notifies);

  md_player_set_volume (f->player, 0.5);
  g_assert_cmpfloat_with_epsilon (md_player_get_volume (f->player), 0.5, 0.001);
  md_player_set_volume (f->player, 0.5);
  g_assert_cmpuint (volume_notifies, ==, 1);
  md_player_set_volume (f->player, 3.0);
  g_assert_cmpfloat_with_epsilon (md_player_get_volume (f->player), 1.0, 0.001);
  g_assert_cmpuint (volume_notifies, ==, 2);

  g_assert_false (md_player_get_muted (f->player));
  md_player_set_muted (f->player, TRUE);
  md_player_set_muted (f->player, TRUE);
  g_assert_true (md_player_get_muted (f->player));
  g_assert_cmpuint (muted_notifies, ==, 1);

  md_player_set_rate (f->player, 2.0);
  g_assert_cmpfloat (md_player_get_rate (f->player), ==, 2.0);
  md_player_set_rate (f->player, 100.0);
  g_assert_cmpfloat (md_player_get_rate (f->player), ==, 4.0);
}

static void
test_redact_uri (void)
{
  g_autofree char *redacted = md_player_redact_uri ("GET http://h/x.m3u8?token=abc.def failed");

  g_assert_cmpstr (redacted, ==, "GET http://h/x.m3u8?… failed");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  if (!md_media_init (&error))
    g_error ("%s", error->message);

  hls = md_test_hls_new (STREAM_SECONDS, &error);
  g_assert_no_error (error);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/player/forbidden-fails-cleanly", test_forbidden_fails_cleanly);
  ADD ("/player/missing-stream-fails-cleanly", test_missing_stream_fails_cleanly);
  ADD ("/player/garbage-fails-cleanly", test_garbage_fails_cleanly);
  ADD ("/player/retry-after-error-plays", test_retry_after_error_plays);
  ADD ("/player/volume-and-mute", test_volume_and_mute);
  g_test_add_func ("/player/redact-uri", test_redact_uri);

#undef ADD

  status = g_test_run ();
  g_clear_pointer (&hls, md_test_hls_free);
  return status;
}
