/* test-sandbox-uploads.c — direct uploads, the resumable PUT protocol, the
 * GStreamer ingest and the stream/image hosts, over real HTTP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <gst/gst.h>
#include <string.h>
#include <unistd.h>

#include "md-test-sandbox.h"

/* These tests are about the endpoints, not about pacing. */
static const char *const no_rate_limit[] = { "--no-rate-limit", NULL };
#include "md-test-utils.h"

#define KIB 1024

typedef struct
{
  MdTestSandbox *sandbox;
  char          *path;
  const char    *until;  /* status to wait for */
} PollData;

static MdTestSandbox *sandbox;
static char *media_path;

static JsonObject *
data_of (JsonNode *reply)
{
  g_assert_nonnull (reply);
  return json_object_get_object_member (json_node_get_object (reply), "data");
}

/* A few seconds of test pattern and tone, muxed like a camera file. */
static char *
make_media_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "md-test-upload-XXXXXX.mkv", NULL);
  g_autofree char *description = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) message = NULL;
  int fd = g_mkstemp (path);

  g_assert_cmpint (fd, >=, 0);
  close (fd);
  description = g_strdup_printf (
    "videotestsrc pattern=snow num-buffers=100 ! video/x-raw,width=320,height=240,framerate=25/1 "
    "! videoconvert ! x264enc speed-preset=ultrafast bitrate=4000 key-int-max=25 ! h264parse ! queue ! mux. "
    "audiotestsrc num-buffers=188 samplesperbuffer=1024 ! audio/x-raw,rate=48000,channels=2 "
    "! audioconvert ! avenc_aac ! aacparse ! queue ! mux. "
    "matroskamux name=mux ! filesink location=%s", path);
  pipeline = gst_parse_launch (description, &error);
  g_assert_no_error (error);
  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  message = gst_bus_timed_pop_filtered (bus, 60 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_nonnull (message);
  g_assert_cmpint (GST_MESSAGE_TYPE (message), ==, GST_MESSAGE_EOS);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  return g_steal_pointer (&path);
}

static guint
put (const char  *url,
     const char  *content_range,
     const void  *data,
     gsize        length,
     char       **out_range)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new ("PUT", url);
  g_autoptr(GBytes) body = g_bytes_new (data, length);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;

  if (content_range != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Content-Range", content_range);
  soup_message_set_request_body_from_bytes (msg, "application/octet-stream", body);
  reply = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  if (out_range != NULL)
    *out_range = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg), "Range"));
  return soup_message_get_status (msg);
}

static GBytes *
get (const char  *url,
     guint       *out_status,
     char       **out_type)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GError) error = NULL;
  GBytes *body = soup_session_send_and_read (session, msg, NULL, &error);

  g_assert_no_error (error);
  *out_status = soup_message_get_status (msg);
  if (out_type != NULL)
    *out_type = g_strdup (soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL));
  return body;
}

static JsonObject *
create_upload (JsonNode **out_reply)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (md_test_sandbox_api (sandbox, "POST", "/video/v1/uploads",
                                         "{\"cors_origin\":\"*\",\"new_asset_settings\":"
                                         "{\"playback_policies\":[\"public\"],\"video_quality\":\"basic\","
                                         "\"meta\":{\"title\":\"From the test\"}}}",
                                         out_reply, &error), ==, 201);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (data_of (*out_reply), "status"), ==, "waiting");
  return data_of (*out_reply);
}

static gboolean
on_tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static gboolean
status_reached (gpointer user_data)
{
  PollData *poll = user_data;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (md_test_sandbox_api (poll->sandbox, "GET", poll->path, NULL, &reply, &error), ==, 200);
  return g_strcmp0 (json_object_get_string_member (data_of (reply), "status"), poll->until) == 0;
}

/* Waits (polling every 200 ms) until the record at @path has @status. */
static JsonNode *
wait_for_status (const char *path,
                 const char *status)
{
  PollData poll = { sandbox, (char *) path, status };
  guint tick = g_timeout_add (200, on_tick_cb, NULL);
  JsonNode *reply = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (md_test_wait_until (status_reached, &poll, 90000));
  g_source_remove (tick);
  g_assert_cmpuint (md_test_sandbox_api (sandbox, "GET", path, NULL, &reply, &error), ==, 200);
  return reply;
}

/* One attempt; FALSE with *demuxer_race set when GStreamer 1.22.0's
 * hlsdemux2 failed before exposing its pads (it fetched every segment of a
 * short stream first: "Couldn't download fragments"), a race at start that
 * MdPlayer also survives by starting again. */
static gboolean
play_to_end_once (const char *uri,
                  gboolean   *demuxer_race)
{
  g_autoptr(GstElement) playbin = gst_element_factory_make ("playbin3", NULL);
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) message = NULL;
  gboolean seen_async_done = FALSE;

  g_assert_nonnull (playbin);
  g_object_set (playbin, "uri", uri,
                "video-sink", gst_element_factory_make ("fakesink", NULL),
                "audio-sink", gst_element_factory_make ("fakesink", NULL),
                NULL);
  bus = gst_element_get_bus (playbin);
  gst_element_set_state (playbin, GST_STATE_PLAYING);
  *demuxer_race = FALSE;
  for (;;)
    {
      g_clear_pointer (&message, gst_message_unref);
      message = gst_bus_timed_pop_filtered (bus, 60 * GST_SECOND,
                                            GST_MESSAGE_EOS | GST_MESSAGE_ERROR | GST_MESSAGE_ASYNC_DONE);
      if (message == NULL || GST_MESSAGE_TYPE (message) != GST_MESSAGE_ASYNC_DONE)
        break;
      seen_async_done = TRUE;
    }
  gst_element_set_state (playbin, GST_STATE_NULL);
  if (message != NULL && GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      g_autoptr(GError) error = NULL;
      GstElementFactory *factory = NULL;

      if (GST_IS_ELEMENT (GST_MESSAGE_SRC (message)))
        factory = gst_element_get_factory (GST_ELEMENT (GST_MESSAGE_SRC (message)));
      *demuxer_race = !seen_async_done && factory != NULL
                      && g_strcmp0 (GST_OBJECT_NAME (factory), "hlsdemux2") == 0;
      gst_message_parse_error (message, &error, NULL);
      g_test_message ("playback failed: %s", error->message);
    }
  return message != NULL && GST_MESSAGE_TYPE (message) == GST_MESSAGE_EOS;
}

static gboolean
play_to_end (const char *uri)
{
  gboolean demuxer_race = FALSE;

  /* Like MdPlayer: two fresh starts at most, and only for that race. */
  for (guint attempt = 0; attempt < 3; attempt++)
    {
      if (play_to_end_once (uri, &demuxer_race))
        return TRUE;
      if (!demuxer_race)
        return FALSE;
    }
  return FALSE;
}

/* Width and height from a JPEG's SOF marker. */
static void
jpeg_size (GBytes *bytes,
           guint  *width,
           guint  *height)
{
  gsize length;
  const guint8 *p = g_bytes_get_data (bytes, &length);
  gsize i = 2;

  g_assert_cmpuint (length, >, 4);
  g_assert_cmpuint (p[0], ==, 0xFF);
  g_assert_cmpuint (p[1], ==, 0xD8);
  *width = *height = 0;
  while (i + 9 < length)
    {
      guint marker, segment;

      g_assert_cmpuint (p[i], ==, 0xFF);
      marker = p[i + 1];
      segment = (p[i + 2] << 8) | p[i + 3];
      if (marker >= 0xC0 && marker <= 0xC2)
        {
          *height = (p[i + 5] << 8) | p[i + 6];
          *width = (p[i + 7] << 8) | p[i + 8];
          return;
        }
      i += 2 + segment;
    }
  g_assert_not_reached ();
}

static void
test_chunked_upload_plays (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) upload_done = NULL;
  g_autoptr(JsonNode) asset_reply = NULL;
  g_autoptr(GMappedFile) file = g_mapped_file_new (media_path, FALSE, &error);
  g_autofree char *url = NULL;
  g_autofree char *upload_path = NULL;
  g_autofree char *asset_path = NULL;
  g_autofree char *stored_path = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *stream = NULL;
  g_autofree char *expected = NULL;
  const char *data, *asset_id, *playback_id = NULL;
  JsonObject *upload, *asset;
  JsonArray *tracks;
  gsize total, offset = 0, stored_length;
  const gsize chunk = 512 * KIB;
  guint n_chunks = 0;

  g_assert_no_error (error);
  data = g_mapped_file_get_contents (file);
  total = g_mapped_file_get_length (file);
  g_assert_cmpuint (total, >, 3 * chunk);

  upload = create_upload (&created);
  url = g_strdup (json_object_get_string_member (upload, "url"));
  upload_path = g_strdup_printf ("/video/v1/uploads/%s", json_object_get_string_member (upload, "id"));
  g_assert_true (g_str_has_prefix (url, md_test_sandbox_get_upload_url (sandbox)));
  /* Ingest waits until released, so the asset is sure to be seen preparing. */
  g_assert_true (md_test_sandbox_admin (sandbox, "POST", "/_sandbox/ingest", "{\"hold\":true}", NULL, &error));
  g_assert_no_error (error);

  /* Nothing stored yet: 308 without Range. */
  {
    g_autofree char *range = NULL;
    g_autofree char *query = g_strdup_printf ("bytes */%" G_GSIZE_FORMAT, total);

    g_assert_cmpuint (put (url, query, "", 0, &range), ==, 308);
    g_assert_null (range);
  }

  while (offset < total)
    {
      gsize length = MIN (chunk, total - offset);
      g_autofree char *content_range = g_strdup_printf ("bytes %" G_GSIZE_FORMAT "-%" G_GSIZE_FORMAT "/%" G_GSIZE_FORMAT,
                                                        offset, offset + length - 1, total);
      g_autofree char *range = NULL;
      guint status = put (url, content_range, data + offset, length, &range);

      offset += length;
      n_chunks++;
      if (offset < total)
        {
          g_autofree char *want = g_strdup_printf ("bytes=0-%" G_GSIZE_FORMAT, offset - 1);

          g_assert_cmpuint (status, ==, 308);
          g_assert_cmpstr (range, ==, want);
        }
      else
        g_assert_cmpuint (status, ==, 200);

      /* Mid-way, ask the server how much it holds, as a resuming client does. */
      if (n_chunks == 2)
        {
          g_autofree char *query = g_strdup_printf ("bytes */%" G_GSIZE_FORMAT, total);
          g_autofree char *held = NULL;
          g_autofree char *want = g_strdup_printf ("bytes=0-%" G_GSIZE_FORMAT, offset - 1);

          g_assert_cmpuint (put (url, query, "", 0, &held), ==, 308);
          g_assert_cmpstr (held, ==, want);
        }
    }
  g_assert_cmpuint (n_chunks, >=, 4);

  /* The sandbox's request log saw every chunk with its Content-Range. */
  {
    g_autoptr(JsonNode) log = NULL;
    g_autofree char *first = g_strdup_printf ("bytes 0-%" G_GSIZE_FORMAT "/%" G_GSIZE_FORMAT, chunk - 1, total);
    g_autofree char *upload_url_path = g_strdup (strstr (url + strlen ("http://"), "/"));
    JsonArray *entries;
    guint puts = 0;
    gboolean saw_first = FALSE;

    g_assert_true (md_test_sandbox_admin (sandbox, "GET", "/_sandbox/requests", NULL, &log, &error));
    entries = json_object_get_array_member (json_node_get_object (log), "data");
    for (guint i = 0; i < json_array_get_length (entries); i++)
      {
        JsonObject *entry = json_array_get_object_element (entries, i);

        if (g_strcmp0 (json_object_get_string_member (entry, "method"), "PUT") != 0 ||
            g_strcmp0 (json_object_get_string_member (entry, "path"), upload_url_path) != 0)
          continue;
        puts++;
        if (g_strcmp0 (json_object_get_string_member (entry, "content_range"), first) == 0)
          {
            saw_first = TRUE;
            g_assert_cmpint (json_object_get_int_member (entry, "status"), ==, 308);
          }
      }
    g_assert_true (saw_first);
    g_assert_cmpuint (puts, ==, n_chunks + 2);
  }

  /* Complete: a status query now answers 200. */
  {
    g_autofree char *query = g_strdup_printf ("bytes */%" G_GSIZE_FORMAT, total);

    g_assert_cmpuint (put (url, query, "", 0, NULL), ==, 200);
  }

  upload_done = wait_for_status (upload_path, "asset_created");
  asset_id = json_object_get_string_member (data_of (upload_done), "asset_id");
  g_assert_nonnull (asset_id);
  asset_path = g_strdup_printf ("/video/v1/assets/%s", asset_id);

  /* During ingest the asset is there, preparing, and nothing is known of
   * its media yet; it cannot be played. */
  {
    g_autoptr(JsonNode) preparing_reply = NULL;
    g_autofree char *early_stream = NULL;
    JsonObject *preparing;
    guint status;

    g_assert_cmpuint (md_test_sandbox_api (sandbox, "GET", asset_path, NULL, &preparing_reply, &error), ==, 200);
    preparing = data_of (preparing_reply);
    g_assert_cmpstr (json_object_get_string_member (preparing, "status"), ==, "preparing");
    g_assert_false (json_object_has_member (preparing, "duration"));
    g_assert_false (json_object_has_member (preparing, "resolution_tier"));
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (preparing, "tracks")), ==, 0);
    early_stream = g_strdup_printf ("%s/%s.m3u8", md_test_sandbox_get_stream_url (sandbox),
                                    json_object_get_string_member (json_array_get_object_element (
                                      json_object_get_array_member (preparing, "playback_ids"), 0), "id"));
    g_bytes_unref (get (early_stream, &status, NULL));
    g_assert_cmpuint (status, ==, 412);
  }
  g_assert_true (md_test_sandbox_admin (sandbox, "POST", "/_sandbox/ingest", "{\"hold\":false}", NULL, &error));
  g_assert_no_error (error);

  /* The bytes on disk are the bytes sent. */
  stored_path = g_build_filename (md_test_sandbox_get_state_dir (sandbox), "media", asset_id, "source", NULL);
  asset_reply = wait_for_status (asset_path, "ready");
  g_assert_true (g_file_get_contents (stored_path, &stored, &stored_length, &error));
  g_assert_cmpuint (stored_length, ==, total);
  g_assert_true (memcmp (stored, data, total) == 0);

  asset = data_of (asset_reply);
  g_assert_cmpstr (json_object_get_string_member (asset, "upload_id"), ==,
                   json_object_get_string_member (upload, "id"));
  g_assert_cmpfloat (json_object_get_double_member (asset, "duration"), >, 3.5);
  g_assert_cmpfloat (json_object_get_double_member (asset, "duration"), <, 4.5);
  g_assert_cmpstr (json_object_get_string_member (asset, "aspect_ratio"), ==, "4:3");
  g_assert_cmpstr (json_object_get_string_member (asset, "max_stored_resolution"), ==, "SD");
  /* 320×240 is in Mux's lowest tier, under the default cap of 1080p. */
  g_assert_cmpstr (json_object_get_string_member (asset, "resolution_tier"), ==, "720p");
  g_assert_cmpstr (json_object_get_string_member (asset, "max_resolution_tier"), ==, "1080p");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (asset, "meta"), "title"), ==,
                   "From the test");
  tracks = json_object_get_array_member (asset, "tracks");
  g_assert_cmpuint (json_array_get_length (tracks), ==, 2);
  for (guint i = 0; i < json_array_get_length (tracks); i++)
    {
      JsonObject *track = json_array_get_object_element (tracks, i);

      if (g_strcmp0 (json_object_get_string_member (track, "type"), "video") == 0)
        {
          g_assert_cmpint (json_object_get_int_member (track, "max_width"), ==, 320);
          g_assert_cmpint (json_object_get_int_member (track, "max_height"), ==, 240);
          g_assert_cmpfloat (json_object_get_double_member (track, "max_frame_rate"), ==, 25.0);
        }
      else
        g_assert_cmpstr (json_object_get_string_member (track, "type"), ==, "audio");
    }
  playback_id = json_object_get_string_member (json_array_get_object_element (
                  json_object_get_array_member (asset, "playback_ids"), 0), "id");

  /* The asset lists under its upload id. */
  {
    g_autoptr(JsonNode) listed = NULL;
    g_autofree char *path = g_strdup_printf ("/video/v1/assets?upload_id=%s", json_object_get_string_member (upload, "id"));

    g_assert_cmpuint (md_test_sandbox_api (sandbox, "GET", path, NULL, &listed, &error), ==, 200);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (listed), "data")), ==, 1);
  }

  /* Its HLS plays to the end through GStreamer. */
  stream = g_strdup_printf ("%s/%s.m3u8", md_test_sandbox_get_stream_url (sandbox), playback_id);
  g_assert_true (play_to_end (stream));

  /* The thumbnail is a JPEG of the width asked for. */
  {
    g_autofree char *thumb = g_strdup_printf ("%s/%s/thumbnail.jpg?time=1.5&width=160",
                                              md_test_sandbox_get_image_url (sandbox), playback_id);
    g_autofree char *type = NULL;
    g_autoptr(GBytes) jpeg = NULL;
    guint status, width, height;

    jpeg = get (thumb, &status, &type);
    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpstr (type, ==, "image/jpeg");
    jpeg_size (jpeg, &width, &height);
    g_assert_cmpuint (width, ==, 160);
    g_assert_cmpuint (height, ==, 120);
  }

  /* PNG too, its height following the aspect ratio. */
  {
    g_autofree char *thumb = g_strdup_printf ("%s/%s/thumbnail.png?width=100",
                                              md_test_sandbox_get_image_url (sandbox), playback_id);
    g_autofree char *type = NULL;
    g_autoptr(GBytes) png = NULL;
    const guint8 *p;
    guint status;

    png = get (thumb, &status, &type);
    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpstr (type, ==, "image/png");
    g_assert_cmpuint (g_bytes_get_size (png), >, 24);
    p = g_bytes_get_data (png, NULL);
    g_assert_true (memcmp (p, "\x89PNG", 4) == 0);
    g_assert_cmpuint ((p[16] << 24) | (p[17] << 16) | (p[18] << 8) | p[19], ==, 100);
    g_assert_cmpuint ((p[20] << 24) | (p[21] << 16) | (p[22] << 8) | p[23], ==, 75);
  }

  /* Storyboard: JSON and VTT reference the sprite, which is a JPEG. */
  {
    g_autofree char *json_url = g_strdup_printf ("%s/%s/storyboard.json", md_test_sandbox_get_image_url (sandbox), playback_id);
    g_autofree char *vtt_url = g_strdup_printf ("%s/%s/storyboard.vtt", md_test_sandbox_get_image_url (sandbox), playback_id);
    g_autoptr(GBytes) json = NULL;
    g_autoptr(GBytes) vtt = NULL;
    g_autoptr(GBytes) sprite = NULL;
    g_autoptr(JsonNode) root = NULL;
    g_autofree char *vtt_text = NULL;
    JsonObject *board;
    JsonArray *tiles;
    guint status, width, height, tile_width, tile_height;

    json = get (json_url, &status, NULL);
    g_assert_cmpuint (status, ==, 200);
    root = json_from_string (g_bytes_get_data (json, NULL), &error);
    g_assert_no_error (error);
    board = json_node_get_object (root);
    tile_width = json_object_get_int_member (board, "tile_width");
    tile_height = json_object_get_int_member (board, "tile_height");
    g_assert_cmpuint (tile_width, >, 0);
    g_assert_cmpuint (tile_height, >, 0);
    tiles = json_object_get_array_member (board, "tiles");
    g_assert_cmpuint (json_array_get_length (tiles), >=, 2);
    g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (tiles, 1), "start"), >, 0);

    sprite = get (json_object_get_string_member (board, "url"), &status, NULL);
    g_assert_cmpuint (status, ==, 200);
    jpeg_size (sprite, &width, &height);
    g_assert_cmpuint (width % tile_width, ==, 0);
    g_assert_cmpuint (height % tile_height, ==, 0);

    vtt = get (vtt_url, &status, NULL);
    g_assert_cmpuint (status, ==, 200);
    vtt_text = g_strndup (g_bytes_get_data (vtt, NULL), g_bytes_get_size (vtt));
    g_assert_true (g_str_has_prefix (vtt_text, "WEBVTT\n"));
    expected = g_strdup_printf ("%s#xywh=0,0,%u,%u", json_object_get_string_member (board, "url"), tile_width, tile_height);
    g_assert_nonnull (strstr (vtt_text, expected));
  }

  /* Deleting the asset deletes its media too. */
  g_assert_cmpuint (md_test_sandbox_api (sandbox, "DELETE", asset_path, NULL, NULL, &error), ==, 204);
  g_assert_false (g_file_test (stored_path, G_FILE_TEST_EXISTS));
  {
    guint status;

    g_bytes_unref (get (stream, &status, NULL));
    g_assert_cmpuint (status, ==, 404);
  }

  /* Once done, the upload cannot be cancelled. */
  {
    g_autofree char *cancel = g_strdup_printf ("%s/cancel", upload_path);
    g_autoptr(JsonNode) reply = NULL;

    g_assert_cmpuint (md_test_sandbox_api (sandbox, "PUT", cancel, NULL, &reply, &error), ==, 403);
  }
}

static void
test_whole_file_non_media_errors (void)
{
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) upload_reply = NULL;
  g_autoptr(JsonNode) asset_reply = NULL;
  g_autofree char *url = NULL;
  g_autofree char *upload_path = NULL;
  g_autofree char *asset_path = NULL;
  g_autofree guint8 *junk = g_malloc (300 * KIB);
  JsonObject *upload, *errors, *upload_error;
  g_autofree char *stream = NULL;
  guint status;

  for (gsize i = 0; i < 300 * KIB; i++)
    junk[i] = (guint8) g_random_int ();
  upload = create_upload (&created);
  url = g_strdup (json_object_get_string_member (upload, "url"));
  upload_path = g_strdup_printf ("/video/v1/uploads/%s", json_object_get_string_member (upload, "id"));

  /* The official CLI sends the whole file in one PUT without Content-Range. */
  g_assert_cmpuint (put (url, NULL, junk, 300 * KIB, NULL), ==, 200);

  upload_reply = wait_for_status (upload_path, "errored");
  upload_error = json_object_get_object_member (data_of (upload_reply), "error");
  g_assert_nonnull (json_object_get_string_member (upload_error, "type"));
  g_assert_nonnull (json_object_get_string_member (upload_error, "message"));

  asset_path = g_strdup_printf ("/video/v1/assets/%s", json_object_get_string_member (data_of (upload_reply), "asset_id"));
  asset_reply = wait_for_status (asset_path, "errored");
  errors = json_object_get_object_member (data_of (asset_reply), "errors");
  g_assert_nonnull (json_object_get_string_member (errors, "type"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (errors, "messages")), ==, 1);

  /* Nothing to play. */
  stream = g_strdup_printf ("%s/%s.m3u8", md_test_sandbox_get_stream_url (sandbox),
                            json_object_get_string_member (json_array_get_object_element (
                              json_object_get_array_member (data_of (asset_reply), "playback_ids"), 0), "id"));
  g_bytes_unref (get (stream, &status, NULL));
  g_assert_cmpuint (status, ==, 412);
}

static void
test_bad_chunks (void)
{
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *chunk = g_malloc0 (512 * KIB);
  g_autofree char *url = NULL;
  g_autofree char *upload_path = NULL;
  g_autofree char *range = NULL;
  JsonObject *upload = create_upload (&created);

  url = g_strdup (json_object_get_string_member (upload, "url"));
  upload_path = g_strdup_printf ("/video/v1/uploads/%s", json_object_get_string_member (upload, "id"));

  /* Not a multiple of 256 KiB and not the last chunk. */
  g_assert_cmpuint (put (url, "bytes 0-99999/1000000", chunk, 100000, NULL), ==, 400);
  /* A gap after what the server holds. */
  g_assert_cmpuint (put (url, "bytes 262144-524287/1000000", chunk, 256 * KIB, NULL), ==, 400);
  /* Malformed header. */
  g_assert_cmpuint (put (url, "bytes=0-10", chunk, 11, NULL), ==, 400);
  /* A good chunk still works after the refusals. */
  g_assert_cmpuint (put (url, "bytes 0-262143/1000000", chunk, 256 * KIB, &range), ==, 308);
  g_assert_cmpstr (range, ==, "bytes=0-262143");
  /* A total that changed. */
  g_assert_cmpuint (put (url, "bytes 262144-524287/2000000", chunk, 256 * KIB, NULL), ==, 400);

  g_assert_cmpuint (md_test_sandbox_api (sandbox, "GET", upload_path, NULL, &after, &error), ==, 200);
  g_assert_cmpstr (json_object_get_string_member (data_of (after), "status"), ==, "waiting");
}

static void
test_cancel (void)
{
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) cancelled = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(JsonNode) missing = NULL;
  g_autoptr(JsonNode) listed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cancel = NULL;
  g_autofree char *url = NULL;
  JsonObject *upload = create_upload (&created);

  url = g_strdup (json_object_get_string_member (upload, "url"));
  cancel = g_strdup_printf ("/video/v1/uploads/%s/cancel", json_object_get_string_member (upload, "id"));
  g_assert_cmpuint (md_test_sandbox_api (sandbox, "PUT", cancel, NULL, &cancelled, &error), ==, 200);
  g_assert_cmpstr (json_object_get_string_member (data_of (cancelled), "status"), ==, "cancelled");
  g_assert_cmpuint (md_test_sandbox_api (sandbox, "PUT", cancel, NULL, &again, &error), ==, 403);
  g_assert_cmpuint (put (url, "bytes 0-9/10", "0123456789", 10, NULL), ==, 403);

  g_assert_cmpuint (md_test_sandbox_api (sandbox, "PUT", "/video/v1/uploads/nope/cancel", NULL, &missing, &error), ==, 404);
  g_assert_cmpuint (md_test_sandbox_api (sandbox, "GET", "/video/v1/uploads?limit=100", NULL, &listed, &error), ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (listed), "data")), >=, 1);
}

/* Past its timeout a waiting upload is timed_out and takes no more data. */
static void
test_timeout (void)
{
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) clock = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *url = NULL;
  JsonObject *upload;

  g_assert_cmpuint (md_test_sandbox_api (sandbox, "POST", "/video/v1/uploads",
                                         "{\"timeout\":60,\"new_asset_settings\":{}}", &created, &error), ==, 201);
  upload = data_of (created);
  g_assert_cmpint (json_object_get_int_member (upload, "timeout"), ==, 60);
  path = g_strdup_printf ("/video/v1/uploads/%s", json_object_get_string_member (upload, "id"));
  url = g_strdup (json_object_get_string_member (upload, "url"));

  g_assert_true (md_test_sandbox_admin (sandbox, "POST", "/_sandbox/clock", "{\"advance_seconds\":61}", &clock, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (md_test_sandbox_api (sandbox, "GET", path, NULL, &after, &error), ==, 200);
  g_assert_cmpstr (json_object_get_string_member (data_of (after), "status"), ==, "timed_out");
  g_assert_cmpuint (put (url, "bytes 0-9/10", "0123456789", 10, NULL), ==, 403);
}

static void
test_bad_create_bodies (void)
{
  const char *bodies[] = {
    "{\"timeout\":5}", "{\"timeout\":\"long\"}", "{\"new_asset_settings\":[]}",
    "{\"new_asset_settings\":{\"playback_policies\":[\"everyone\"]}}", "{oops",
    /* Regression: a video_quality that is not a string was a GLib critical
     * (fatal under the tests' G_DEBUG) instead of a 400. */
    "{\"new_asset_settings\":{\"video_quality\":5}}", "{\"new_asset_settings\":{\"video_quality\":[]}}",
    "{\"new_asset_settings\":{\"max_resolution_tier\":\"4k\"}}",
    "{\"new_asset_settings\":{\"max_resolution_tier\":1080}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(JsonNode) reply = NULL;
      g_autoptr(GError) error = NULL;
      JsonObject *mux_error;

      g_assert_cmpuint (md_test_sandbox_api (sandbox, "POST", "/video/v1/uploads", bodies[i], &reply, &error), ==, 400);
      mux_error = json_object_get_object_member (json_node_get_object (reply), "error");
      g_assert_cmpstr (json_object_get_string_member (mux_error, "type"), ==, "invalid_parameters");
    }
}

static void
ingest_admin (const char *body,
              guint       expected_status)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strdup_printf ("%s/_sandbox/ingest", md_test_sandbox_get_admin_url (sandbox));
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  reply = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, expected_status);
}

typedef struct
{
  const char *path;
  GPtrArray  *seen;    /* "state progress" as the asset said, each change */
} ProgressPoll;

static gboolean
progress_done (gpointer user_data)
{
  ProgressPoll *poll = user_data;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *entry = NULL;
  JsonObject *asset, *progress;

  g_assert_cmpuint (md_test_sandbox_api (sandbox, "GET", poll->path, NULL, &reply, &error), ==, 200);
  asset = data_of (reply);
  progress = json_object_get_object_member (asset, "progress");
  g_assert_nonnull (progress);
  entry = g_strdup_printf ("%s %s %.0f", json_object_get_string_member (asset, "status"),
                           json_object_get_string_member (progress, "state"),
                           json_object_get_double_member (progress, "progress"));
  if (poll->seen->len == 0 || !g_str_equal (g_ptr_array_index (poll->seen, poll->seen->len - 1), entry))
    g_ptr_array_add (poll->seen, g_steal_pointer (&entry));
  return g_strcmp0 (json_object_get_string_member (asset, "status"), "preparing") != 0;
}

/* An asset says how far its ingest is, as Mux's `progress` does: ingesting
 * at 0 while it waits, transcoding with a percentage that climbs, then
 * completed at 100 once ready. With "realtime" (asked together with the
 * release) the 4 s file takes 4 s, so the climb is seen. */
static void
test_progress (void)
{
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) upload_reply = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *contents = NULL;
  g_autofree char *asset_path = NULL;
  g_autofree char *upload_path = NULL;
  g_autoptr(GError) error = NULL;
  ProgressPoll poll = { NULL, seen };
  JsonObject *upload;
  guint tick;
  guint climbing = 0;
  double last = -1;
  gsize length;

  ingest_admin ("{\"realtime\":\"yes\"}", 400);
  ingest_admin ("{}", 400);

  ingest_admin ("{\"hold\":true}", 200);
  upload = create_upload (&created);
  upload_path = g_strdup_printf ("/video/v1/uploads/%s", json_object_get_string_member (upload, "id"));
  g_assert_true (g_file_get_contents (media_path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (put (json_object_get_string_member (upload, "url"), NULL, contents, length, NULL), ==, 200);
  upload_reply = wait_for_status (upload_path, "asset_created");
  asset_path = g_strdup_printf ("/video/v1/assets/%s", json_object_get_string_member (data_of (upload_reply), "asset_id"));
  poll.path = asset_path;

  /* Held: waiting to be ingested. */
  g_assert_false (progress_done (&poll));
  g_assert_cmpstr (g_ptr_array_index (seen, 0), ==, "preparing ingesting 0");

  ingest_admin ("{\"hold\":false,\"realtime\":true}", 200);
  tick = g_timeout_add (100, on_tick_cb, NULL);
  g_assert_true (md_test_wait_until (progress_done, &poll, 90000));
  g_source_remove (tick);
  ingest_admin ("{\"realtime\":false}", 200);

  for (guint i = 0; i < seen->len; i++)
    {
      const char *entry = g_ptr_array_index (seen, i);

      g_test_message ("%s", entry);
      if (g_str_has_prefix (entry, "preparing transcoding "))
        {
          double percent = g_ascii_strtod (entry + strlen ("preparing transcoding "), NULL);

          g_assert_cmpfloat (percent, >=, last);
          g_assert_cmpfloat (percent, <, 100);
          climbing += percent > 0;
          last = percent;
        }
    }
  /* Several steps between 0 and 100 on the way, then done. */
  g_assert_cmpuint (climbing, >=, 2);
  g_assert_cmpstr (g_ptr_array_index (seen, seen->len - 1), ==, "ready completed 100");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

  media_path = make_media_file ();
  sandbox = md_test_sandbox_start (no_rate_limit, &error);
  g_assert_no_error (error);

  g_test_add_func ("/sandbox/uploads/chunked-upload-plays", test_chunked_upload_plays);
  g_test_add_func ("/sandbox/uploads/non-media-errors", test_whole_file_non_media_errors);
  g_test_add_func ("/sandbox/uploads/bad-chunks", test_bad_chunks);
  g_test_add_func ("/sandbox/uploads/cancel", test_cancel);
  g_test_add_func ("/sandbox/uploads/bad-create-bodies", test_bad_create_bodies);
  g_test_add_func ("/sandbox/uploads/progress", test_progress);
  /* Last: it moves the sandbox's clock forward. */
  g_test_add_func ("/sandbox/uploads/timeout", test_timeout);

  status = g_test_run ();

  md_test_sandbox_stop (sandbox);
  g_unlink (media_path);
  g_free (media_path);
  gst_deinit ();
  return status;
}
