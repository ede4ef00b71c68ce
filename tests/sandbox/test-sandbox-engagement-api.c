/* test-sandbox-engagement-api.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Signed playback on the stream and image hosts, and engagement (heatmap,
 * hotspots, counts) from real segment requests and real GStreamer playback.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <gst/gst.h>
#include <math.h>
#include <string.h>

#include "md-test-jwt-sign.h"
#include "md-test-sandbox.h"

static const MdTestKidPlace kid_both = MD_TEST_KID_IN_HEADER | MD_TEST_KID_IN_CLAIMS;

/* One sandbox per audience setting, shared by the tests: each test takes
 * an asset of its own, so generating the media happens once per sandbox. */
typedef struct
{
  const char    *audience;
  MdTestSandbox *sandbox;
  char          *state_dir;
  char          *key_id;
  char          *private_key;
  GHashTable    *used_assets;
} Environment;

static Environment environments[] = { { NULL }, { "200" } };

typedef struct
{
  Environment   *env;
  MdTestSandbox *sandbox;
  char          *asset_id;
  char          *playback_id;
  double         duration;
  char          *key_id;
  char          *private_key;
} Fixture;

static gint64
now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static JsonObject *
data_object (JsonNode *reply)
{
  return json_object_get_object_member (json_node_get_object (reply), "data");
}

static void
environment_start (Environment *env)
{
  const char *args[] = { "--no-rate-limit", "--state-dir", env->state_dir,
                         env->audience ? "--audience" : NULL, env->audience, NULL };
  g_autoptr(GError) error = NULL;

  env->sandbox = md_test_sandbox_start (args, &error);
  g_assert_no_error (error);
}

/* Stops and starts the fixture's sandbox on the same state. */
static void
restart_sandbox (Fixture *fixture)
{
  g_clear_pointer (&fixture->env->sandbox, md_test_sandbox_stop);
  environment_start (fixture->env);
  fixture->sandbox = fixture->env->sandbox;
}

static void
environment_ensure (Environment *env)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) key = NULL;

  if (env->sandbox != NULL)
    return;

  env->state_dir = g_dir_make_tmp ("md-sandbox-engagement-XXXXXX", &error);
  g_assert_no_error (error);
  env->used_assets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  environment_start (env);

  g_assert_cmpuint (md_test_sandbox_api (env->sandbox, "POST", "/system/v1/signing-keys", NULL, &key, &error), ==, 201);
  env->key_id = g_strdup (json_object_get_string_member (data_object (key), "id"));
  env->private_key = g_strdup (json_object_get_string_member (data_object (key), "private_key"));
}

static void
environment_free (Environment *env)
{
  if (env->sandbox == NULL)
    return;
  g_clear_pointer (&env->sandbox, md_test_sandbox_stop);
  remove_tree (env->state_dir);
  g_clear_pointer (&env->state_dir, g_free);
  g_clear_pointer (&env->key_id, g_free);
  g_clear_pointer (&env->private_key, g_free);
  g_clear_pointer (&env->used_assets, g_hash_table_unref);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) list = NULL;
  JsonObject *asset = NULL;
  JsonArray *assets;
  JsonArray *playback_ids;

  fixture->env = &environments[user_data ? 1 : 0];
  environment_ensure (fixture->env);
  fixture->sandbox = fixture->env->sandbox;
  fixture->key_id = fixture->env->key_id;
  fixture->private_key = fixture->env->private_key;

  /* A fresh ready asset with real HLS media and a public playback id */
  g_assert_true (md_test_sandbox_admin (fixture->sandbox, "POST", "/_sandbox/records", "{\"assets\":1}", &created, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (md_test_sandbox_api (fixture->sandbox, "GET", "/video/v1/assets?limit=100", NULL, &list, &error), ==, 200);
  assets = json_object_get_array_member (json_node_get_object (list), "data");
  for (guint i = 0; i < json_array_get_length (assets) && asset == NULL; i++)
    if (!g_hash_table_contains (fixture->env->used_assets,
                                json_object_get_string_member (json_array_get_object_element (assets, i), "id")))
      asset = json_array_get_object_element (assets, i);
  g_assert_nonnull (asset);
  g_assert_cmpstr (json_object_get_string_member (asset, "status"), ==, "ready");
  fixture->asset_id = g_strdup (json_object_get_string_member (asset, "id"));
  g_hash_table_add (fixture->env->used_assets, g_strdup (fixture->asset_id));
  fixture->duration = json_object_get_double_member (asset, "duration");
  g_assert_cmpfloat (fixture->duration, >, 2.0);
  playback_ids = json_object_get_array_member (asset, "playback_ids");
  fixture->playback_id = g_strdup (json_object_get_string_member (json_array_get_object_element (playback_ids, 0), "id"));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_free (fixture->asset_id);
  g_free (fixture->playback_id);
}

/* GET @url as a client with User-Agent @agent; returns the status. */
static guint
fetch (const char  *url,
       const char  *agent,
       char       **out_body)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("user-agent", agent, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (msg);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  if (out_body != NULL)
    *out_body = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  return soup_message_get_status (msg);
}

/* The URIs a playlist lists, resolved against its own URL. */
static GPtrArray *
playlist_uris (const char *playlist_url,
               const char *playlist)
{
  g_auto(GStrv) lines = g_strsplit (playlist, "\n", -1);
  GPtrArray *uris = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (lines[i][0] != '\0' && lines[i][0] != '#')
        g_ptr_array_add (uris, g_uri_resolve_relative (playlist_url, lines[i], G_URI_FLAGS_ENCODED, NULL));
    }
  return uris;
}

/* Plays like a client: multivariant, rendition, then @n_segments segments. */
static guint
watch (Fixture    *fixture,
       const char *playback_id,
       const char *token,
       const char *agent,
       guint       n_segments)
{
  g_autofree char *url = NULL;
  g_autofree char *multivariant = NULL;
  g_autofree char *rendition = NULL;
  g_autoptr(GPtrArray) renditions = NULL;
  g_autoptr(GPtrArray) segments = NULL;

  url = token ? g_strdup_printf ("%s/%s.m3u8?token=%s", md_test_sandbox_get_stream_url (fixture->sandbox), playback_id, token)
              : g_strdup_printf ("%s/%s.m3u8", md_test_sandbox_get_stream_url (fixture->sandbox), playback_id);
  g_assert_cmpuint (fetch (url, agent, &multivariant), ==, 200);
  renditions = playlist_uris (url, multivariant);
  g_assert_cmpuint (renditions->len, >=, 1);
  /* Each URI carries the viewer session (and the token). */
  g_assert_nonnull (strstr (g_ptr_array_index (renditions, 0), "msid="));

  g_assert_cmpuint (fetch (g_ptr_array_index (renditions, 0), agent, &rendition), ==, 200);
  segments = playlist_uris (g_ptr_array_index (renditions, 0), rendition);
  g_assert_cmpuint (segments->len, >=, 2);
  for (guint i = 0; i < segments->len && i < n_segments; i++)
    {
      const char *segment = g_ptr_array_index (segments, i);

      g_assert_nonnull (strstr (segment, "msid="));
      if (token != NULL)
        g_assert_nonnull (strstr (segment, "token="));
      g_assert_cmpuint (fetch (segment, agent, NULL), ==, 200);
    }
  return segments->len;
}

static JsonNode *
api_get (Fixture    *fixture,
         const char *path,
         guint       expected_status)
{
  g_autoptr(GError) error = NULL;
  JsonNode *reply = NULL;

  g_assert_cmpuint (md_test_sandbox_api (fixture->sandbox, "GET", path, NULL, &reply, &error), ==, expected_status);
  g_assert_no_error (error);
  return reply;
}

static JsonArray *
heatmap (Fixture    *fixture,
         const char *kind,
         const char *id,
         const char *query,
         gint64     *out_total_views,
         JsonNode  **out_reply)
{
  g_autofree char *path = g_strdup_printf ("/data/v1/engagement/%s/%s/heatmap%s", kind, id, query ? query : "");

  *out_reply = api_get (fixture, path, 200);
  *out_total_views = json_object_get_int_member (data_object (*out_reply), "total_views");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (*out_reply), "total_row_count"), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (*out_reply), "timeframe")), ==, 2);
  return json_object_get_array_member (data_object (*out_reply), "value");
}

static void
get_counts (Fixture    *fixture,
            const char *sub,
            const char *aud,
            gint64     *out_views,
            gint64     *out_viewers)
{
  g_autofree char *token = md_test_jwt_sign (fixture->private_key, fixture->key_id, MD_TEST_KID_IN_CLAIMS,
                                             sub, aud, now () + 600);
  g_autofree char *url = g_strdup_printf ("%s/counts?token=%s", md_test_sandbox_get_stats_url (fixture->sandbox), token);
  g_autofree char *body = NULL;
  g_autoptr(JsonNode) reply = NULL;
  JsonObject *counts;

  g_assert_cmpuint (fetch (url, "counts-client", &body), ==, 200);
  reply = json_from_string (body, NULL);
  counts = json_array_get_object_element (json_object_get_array_member (json_node_get_object (reply), "data"), 0);
  *out_views = json_object_get_int_member (counts, "views");
  *out_viewers = json_object_get_int_member (counts, "viewers");
}

static void
test_signed_playback (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) created = NULL;
  g_autofree char *path = g_strdup_printf ("/video/v1/assets/%s/playback-ids", fixture->asset_id);
  const char *stream = md_test_sandbox_get_stream_url (fixture->sandbox);
  const char *image = md_test_sandbox_get_image_url (fixture->sandbox);
  g_autofree char *signed_id = NULL;
  g_autofree char *video_token = NULL;
  g_autofree char *thumb_token = NULL;
  g_autofree char *story_token = NULL;
  g_autofree char *expired_token = NULL;
  g_autofree char *other_sub_token = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *playlist = NULL;
  g_autofree char *rendition = NULL;
  g_autoptr(GPtrArray) renditions = NULL;
  g_autoptr(GPtrArray) segments = NULL;

  g_assert_cmpuint (md_test_sandbox_api (fixture->sandbox, "POST", path, "{\"policy\":\"signed\"}", &created, &error), ==, 201);
  g_assert_no_error (error);
  signed_id = g_strdup (json_object_get_string_member (data_object (created), "id"));
  g_assert_cmpstr (json_object_get_string_member (data_object (created), "policy"), ==, "signed");

  video_token = md_test_jwt_sign (fixture->private_key, fixture->key_id, MD_TEST_KID_IN_CLAIMS, signed_id, "v", now () + 600);
  thumb_token = md_test_jwt_sign (fixture->private_key, fixture->key_id, MD_TEST_KID_IN_HEADER, signed_id, "t", now () + 600);
  story_token = md_test_jwt_sign (fixture->private_key, fixture->key_id, kid_both, signed_id, "s", now () + 600);
  expired_token = md_test_jwt_sign (fixture->private_key, fixture->key_id, kid_both, signed_id, "v", now () - 5);
  other_sub_token = md_test_jwt_sign (fixture->private_key, fixture->key_id, kid_both, fixture->playback_id, "v", now () + 600);

  /* The playlist: 403 without a token or with a wrong one, 200 with a good one. */
  plain = g_strdup_printf ("%s/%s.m3u8", stream, signed_id);
  g_assert_cmpuint (fetch (plain, "t", NULL), ==, 403);
  {
    g_autofree char *expired = g_strdup_printf ("%s?token=%s", plain, expired_token);
    g_autofree char *thumb_aud = g_strdup_printf ("%s?token=%s", plain, thumb_token);
    g_autofree char *other_sub = g_strdup_printf ("%s?token=%s", plain, other_sub_token);
    g_autofree char *good = g_strdup_printf ("%s?token=%s", plain, video_token);

    g_assert_cmpuint (fetch (expired, "t", NULL), ==, 403);
    g_assert_cmpuint (fetch (thumb_aud, "t", NULL), ==, 403);
    g_assert_cmpuint (fetch (other_sub, "t", NULL), ==, 403);
    g_assert_cmpuint (fetch (good, "t", &playlist), ==, 200);

    /* The token rides along to the rendition and the segments. */
    renditions = playlist_uris (good, playlist);
    g_assert_nonnull (strstr (g_ptr_array_index (renditions, 0), "token="));
    g_assert_cmpuint (fetch (g_ptr_array_index (renditions, 0), "t", &rendition), ==, 200);
    segments = playlist_uris (g_ptr_array_index (renditions, 0), rendition);
    g_assert_nonnull (strstr (g_ptr_array_index (segments, 0), "token="));
    g_assert_cmpuint (fetch (g_ptr_array_index (segments, 0), "t", NULL), ==, 200);
  }
  /* A segment asked for without the token is refused. */
  {
    g_autofree char *bare = g_strdup (g_ptr_array_index (segments, 0));

    *strchr (bare, '?') = '\0';
    g_assert_cmpuint (fetch (bare, "t", NULL), ==, 403);
  }

  /* Images want their own audiences: t for thumbnails, s for storyboards. */
  {
    g_autofree char *thumb = g_strdup_printf ("%s/%s/thumbnail.jpg", image, signed_id);
    g_autofree char *thumb_v = g_strdup_printf ("%s?token=%s", thumb, video_token);
    g_autofree char *thumb_t = g_strdup_printf ("%s?token=%s", thumb, thumb_token);
    g_autofree char *story = g_strdup_printf ("%s/%s/storyboard.vtt", image, signed_id);
    g_autofree char *story_t = g_strdup_printf ("%s?token=%s", story, thumb_token);
    g_autofree char *story_s = g_strdup_printf ("%s?token=%s", story, story_token);

    g_assert_cmpuint (fetch (thumb, "t", NULL), ==, 403);
    g_assert_cmpuint (fetch (thumb_v, "t", NULL), ==, 403);
    g_assert_cmpuint (fetch (thumb_t, "t", NULL), ==, 200);
    g_assert_cmpuint (fetch (story, "t", NULL), ==, 403);
    g_assert_cmpuint (fetch (story_t, "t", NULL), ==, 403);
    g_assert_cmpuint (fetch (story_s, "t", NULL), ==, 200);
  }

  /* The public playback id still needs nothing. */
  {
    g_autofree char *url = g_strdup_printf ("%s/%s.m3u8", stream, fixture->playback_id);

    g_assert_cmpuint (fetch (url, "t", NULL), ==, 200);
  }
}

static void
assert_hotspots_sorted (JsonArray *hotspots,
                        gboolean   ascending)
{
  for (guint i = 0; i < json_array_get_length (hotspots); i++)
    {
      JsonObject *spot = json_array_get_object_element (hotspots, i);
      double score = json_object_get_double_member (spot, "score");

      g_assert_cmpfloat (score, >=, 0.0);
      g_assert_cmpfloat (score, <=, 1.0);
      g_assert_cmpint (json_object_get_int_member (spot, "start_ms"), <, json_object_get_int_member (spot, "end_ms"));
      if (i > 0)
        {
          double previous = json_object_get_double_member (json_array_get_object_element (hotspots, i - 1), "score");

          g_assert_true (ascending ? previous <= score : previous >= score);
        }
    }
}

static void
test_engagement_from_segments (Fixture       *fixture,
                               gconstpointer  user_data)
{
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(JsonNode) by_playback = NULL;
  g_autoptr(JsonNode) by_video = NULL;
  g_autoptr(JsonNode) past = NULL;
  g_autoptr(JsonNode) day = NULL;
  g_autoptr(JsonNode) patched = NULL;
  g_autoptr(JsonNode) desc = NULL;
  g_autoptr(JsonNode) asc = NULL;
  g_autoptr(JsonNode) limited = NULL;
  g_autoptr(JsonNode) refused = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *patch_path = NULL;
  g_autofree char *path = NULL;
  JsonArray *values;
  gint64 total = -1, views = -1, viewers = -1;
  guint n_segments, n;

  values = heatmap (fixture, "assets", fixture->asset_id, NULL, &total, &before);
  g_assert_cmpint (total, ==, 0);
  n = json_array_get_length (values);
  g_assert_cmpuint (n, >=, 10);
  g_assert_cmpuint (n, ==, (guint) CLAMP (round (fixture->duration), 10, 1000));
  get_counts (fixture, fixture->asset_id, "asset_id", &views, &viewers);
  g_assert_cmpint (views, ==, 0);

  /* Three viewers: one watches it all, one the first segment, one two. */
  n_segments = watch (fixture, fixture->playback_id, NULL, "viewer-a", G_MAXUINT);
  watch (fixture, fixture->playback_id, NULL, "viewer-b", 1);
  watch (fixture, fixture->playback_id, NULL, "viewer-c", 2);
  g_assert_cmpuint (n_segments, >=, 3);

  values = heatmap (fixture, "assets", fixture->asset_id, NULL, &total, &after);
  g_assert_cmpint (total, ==, 3);
  g_assert_cmpfloat (json_array_get_double_element (values, 0), ==, 1.0);
  /* Only the first viewer reached the end (the segments may stop a little
   * short of the asset's duration, so the last bucket can be part-covered). */
  g_assert_cmpfloat (json_array_get_double_element (values, n - 1), >, 0.0);
  g_assert_cmpfloat (json_array_get_double_element (values, n - 1), <=, 1.0 / 3 + 1e-3);
  g_assert_cmpfloat (json_array_get_double_element (values, 0), >, json_array_get_double_element (values, n - 1));

  values = heatmap (fixture, "playback-ids", fixture->playback_id, NULL, &total, &by_playback);
  g_assert_cmpint (total, ==, 3);

  /* A video_id is the asset's meta.external_id. */
  patch_path = g_strdup_printf ("/video/v1/assets/%s", fixture->asset_id);
  g_assert_cmpuint (md_test_sandbox_api (fixture->sandbox, "PATCH", patch_path,
                                         "{\"meta\":{\"external_id\":\"ext-video-1\"}}", &patched, &error), ==, 200);
  g_assert_no_error (error);
  heatmap (fixture, "videos", "ext-video-1", NULL, &total, &by_video);
  g_assert_cmpint (total, ==, 3);
  refused = api_get (fixture, "/data/v1/engagement/videos/no-such-video/heatmap", 404);
  g_clear_pointer (&refused, json_node_unref);
  refused = api_get (fixture, "/data/v1/engagement/assets/no-such-asset/heatmap", 404);
  g_clear_pointer (&refused, json_node_unref);

  /* Timeframes */
  heatmap (fixture, "assets", fixture->asset_id, "?timeframe[]=24:hours", &total, &day);
  g_assert_cmpint (total, ==, 3);
  {
    g_autofree char *query = g_strdup_printf ("?timeframe[]=%" G_GINT64_FORMAT "&timeframe[]=%" G_GINT64_FORMAT,
                                              now () - 7200, now () - 3600);

    heatmap (fixture, "assets", fixture->asset_id, query, &total, &past);
    g_assert_cmpint (total, ==, 0);
  }
  path = g_strdup_printf ("/data/v1/engagement/assets/%s/heatmap?timeframe[]=soon", fixture->asset_id);
  refused = api_get (fixture, path, 400);
  g_clear_pointer (&path, g_free);

  /* Counts: three current views by three viewers, whichever id is asked. */
  get_counts (fixture, fixture->asset_id, "asset_id", &views, &viewers);
  g_assert_cmpint (views, ==, 3);
  g_assert_cmpint (viewers, ==, 3);
  get_counts (fixture, fixture->playback_id, "playback_id", &views, &viewers);
  g_assert_cmpint (views, ==, 3);
  get_counts (fixture, "ext-video-1", "video_id", &views, &viewers);
  g_assert_cmpint (views, ==, 3);

  /* Hotspots: hot first, cold first, limited. */
  path = g_strdup_printf ("/data/v1/engagement/assets/%s/hotspots?order_direction=desc", fixture->asset_id);
  desc = api_get (fixture, path, 200);
  g_clear_pointer (&path, g_free);
  g_assert_cmpint (json_object_get_int_member (data_object (desc), "total_views"), ==, 3);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (data_object (desc), "hotspots")), >=, 2);
  assert_hotspots_sorted (json_object_get_array_member (data_object (desc), "hotspots"), FALSE);

  path = g_strdup_printf ("/data/v1/engagement/assets/%s/hotspots?order_direction=asc&timeframe[]=7:days", fixture->asset_id);
  asc = api_get (fixture, path, 200);
  g_clear_pointer (&path, g_free);
  assert_hotspots_sorted (json_object_get_array_member (data_object (asc), "hotspots"), TRUE);
  g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (json_object_get_array_member (data_object (asc), "hotspots"), 0), "score"),
                     ==, 0.0);

  path = g_strdup_printf ("/data/v1/engagement/playback-ids/%s/hotspots?limit=1", fixture->playback_id);
  limited = api_get (fixture, path, 200);
  g_clear_pointer (&path, g_free);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (data_object (limited), "hotspots")), ==, 1);
  g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (json_object_get_array_member (data_object (limited), "hotspots"), 0), "score"),
                     ==, 1.0);

  g_clear_pointer (&refused, json_node_unref);
  path = g_strdup_printf ("/data/v1/engagement/assets/%s/hotspots?order_direction=sideways", fixture->asset_id);
  refused = api_get (fixture, path, 400);

  /* Views survive a restart. */
  restart_sandbox (fixture);
  g_clear_pointer (&after, json_node_unref);
  heatmap (fixture, "assets", fixture->asset_id, NULL, &total, &after);
  g_assert_cmpint (total, ==, 3);
}

/* Plays @uri to the end with playbin3 and fake sinks. */
static void
play_to_end (const char *uri)
{
  g_autofree char *description = g_strdup_printf ("playbin3 uri=\"%s\" video-sink=\"fakesink sync=false\" "
                                                  "audio-sink=\"fakesink sync=false\"", uri);
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) message = NULL;
  g_autoptr(GError) error = NULL;

  pipeline = gst_parse_launch (description, &error);
  g_assert_no_error (error);
  bus = gst_element_get_bus (pipeline);
  g_assert_cmpint (gst_element_set_state (pipeline, GST_STATE_PLAYING), !=, GST_STATE_CHANGE_FAILURE);
  message = gst_bus_timed_pop_filtered (bus, 90 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_nonnull (message);
  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      g_autoptr(GError) gst_error = NULL;

      gst_message_parse_error (message, &gst_error, NULL);
      g_error ("Playback of %s failed: %s", uri, gst_error->message);
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);
}

static void
test_gstreamer_playback (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autofree char *uri = g_strdup_printf ("%s/%s.m3u8", md_test_sandbox_get_stream_url (fixture->sandbox),
                                          fixture->playback_id);
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) signed_reply = NULL;
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strdup_printf ("/video/v1/assets/%s/playback-ids", fixture->asset_id);
  g_autofree char *token = NULL;
  g_autofree char *signed_uri = NULL;
  const char *signed_id;
  JsonArray *values;
  gint64 total = -1, views = -1, viewers = -1;
  guint n;

  play_to_end (uri);

  /* One view, watched to the end, and it is current. */
  values = heatmap (fixture, "assets", fixture->asset_id, NULL, &total, &reply);
  n = json_array_get_length (values);
  g_assert_cmpint (total, ==, 1);
  g_assert_cmpfloat (json_array_get_double_element (values, 0), ==, 1.0);
  g_assert_cmpfloat (json_array_get_double_element (values, n / 2), ==, 1.0);
  g_assert_cmpfloat (json_array_get_double_element (values, n - 1), >, 0.0);
  get_counts (fixture, fixture->playback_id, "playback_id", &views, &viewers);
  g_assert_cmpint (views, ==, 1);
  g_assert_cmpint (viewers, ==, 1);

  /* A signed playback id plays too: the token on the playlist is enough. */
  g_assert_cmpuint (md_test_sandbox_api (fixture->sandbox, "POST", path, "{\"policy\":\"signed\"}", &created, &error), ==, 201);
  g_assert_no_error (error);
  signed_id = json_object_get_string_member (data_object (created), "id");
  token = md_test_jwt_sign (fixture->private_key, fixture->key_id, MD_TEST_KID_IN_CLAIMS, signed_id, "v", now () + 600);
  signed_uri = g_strdup_printf ("%s/%s.m3u8?token=%s", md_test_sandbox_get_stream_url (fixture->sandbox), signed_id, token);
  play_to_end (signed_uri);

  values = heatmap (fixture, "playback-ids", signed_id, NULL, &total, &signed_reply);
  g_assert_cmpint (total, ==, 1);
  g_assert_cmpfloat (json_array_get_double_element (values, n / 2), ==, 1.0);
  get_counts (fixture, fixture->asset_id, "asset_id", &views, &viewers);
  g_assert_cmpint (views, ==, 2);
}

static void
test_audience (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(JsonNode) hotspots = NULL;
  g_autofree char *path = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  JsonArray *values;
  gint64 total = -1, views = -1, viewers = -1;
  guint n;

  values = heatmap (fixture, "assets", fixture->asset_id, NULL, &total, &reply);
  n = json_array_get_length (values);
  g_assert_cmpint (total, >=, 200);
  g_assert_cmpfloat (json_array_get_double_element (values, 0), >, json_array_get_double_element (values, n - 1));

  path = g_strdup_printf ("/data/v1/engagement/assets/%s/hotspots", fixture->asset_id);
  hotspots = api_get (fixture, path, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (data_object (hotspots), "hotspots")), >=, 4);

  get_counts (fixture, fixture->asset_id, "asset_id", &views, &viewers);
  g_assert_cmpint (views, >, 0);
  g_assert_cmpint (viewers, >, 0);

  /* The same audience after a restart. */
  first = json_to_string (json_object_get_member (data_object (reply), "value"), FALSE);
  restart_sandbox (fixture);
  heatmap (fixture, "assets", fixture->asset_id, NULL, &total, &again);
  second = json_to_string (json_object_get_member (data_object (again), "value"), FALSE);
  g_assert_cmpstr (first, ==, second);
}

int
main (int    argc,
      char **argv)
{
  int status;

  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sandbox/engagement-api/signed-playback", Fixture, NULL,
              fixture_set_up, test_signed_playback, fixture_tear_down);
  g_test_add ("/sandbox/engagement-api/from-segments", Fixture, NULL,
              fixture_set_up, test_engagement_from_segments, fixture_tear_down);
  g_test_add ("/sandbox/engagement-api/gstreamer-playback", Fixture, NULL,
              fixture_set_up, test_gstreamer_playback, fixture_tear_down);
  g_test_add ("/sandbox/engagement-api/audience", Fixture, "200",
              fixture_set_up, test_audience, fixture_tear_down);

  status = g_test_run ();

  for (guint i = 0; i < G_N_ELEMENTS (environments); i++)
    environment_free (&environments[i]);
  return status;
}
