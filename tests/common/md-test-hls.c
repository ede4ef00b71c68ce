/* md-test-hls.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <gst/gst.h>
#include <libsoup/soup.h>

#include "md-test-hls.h"

/* A real HLS VOD made by GStreamer (H.264 High 4:2:0 + AAC in 2 s MPEG-TS
 * segments, SMPTE bars) served over HTTP on 127.0.0.1 from a thread of its
 * own, so it answers while a test blocks its main loop. Paths:
 *   /hls/playlist.m3u8, /hls/segmentNNNNN.ts  the stream
 *   /forbidden.m3u8                           403, as a signed ID without a token
 *   /missing.m3u8                             404
 *   /garbage.m3u8                             200 with a body that is no playlist
 *   /hls/storyboard.json, /hls/storyboard.jpg a storyboard as the image host
 *                                             serves it: 10 tiles of 256×160,
 *                                             5 a row, the sprite from GStreamer
 */
struct _MdTestHls
{
  char         *dir;
  char         *base_url;
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  GMutex        lock;
  GCond         cond;
  gboolean      ready;
};

static gboolean
make_fixture (const char  *dir,
              guint        seconds,
              guint        width,
              guint        height,
              GError     **error)
{
  g_autofree char *pipeline_text = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) message = NULL;

  pipeline_text = g_strdup_printf (
    "videotestsrc num-buffers=%u pattern=smpte ! video/x-raw,width=%u,height=%u,framerate=30/1 "
    "! videoconvert ! video/x-raw,format=I420 "
    "! x264enc speed-preset=%s bitrate=%u key-int-max=60 ! video/x-h264,profile=high "
    "! h264parse ! queue ! mux. "
    "audiotestsrc num-buffers=%u samplesperbuffer=1024 ! audio/x-raw,rate=48000,channels=2 "
    "! audioconvert ! avenc_aac bitrate=128000 ! aacparse ! queue ! mux.audio "
    "hlssink2 name=mux target-duration=2 max-files=0 playlist-length=0 "
    "location=\"%s/segment%%05d.ts\" playlist-location=\"%s/playlist.m3u8\"",
    seconds * 30, width, height,
    width * height > 640 * 360 ? "ultrafast" : "veryfast",
    MAX (800u, width * height / 640 * 800 / 360),
    (seconds * 48000 + 1023) / 1024, dir, dir);

  pipeline = gst_parse_launch (pipeline_text, error);
  if (pipeline == NULL)
    return FALSE;

  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  bus = gst_element_get_bus (pipeline);
  message = gst_bus_timed_pop_filtered (bus, 60 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  gst_element_set_state (pipeline, GST_STATE_NULL);

  if (message == NULL || GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      g_autoptr(GError) gst_error = NULL;

      if (message != NULL)
        gst_message_parse_error (message, &gst_error, NULL);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Could not make the HLS fixture: %s",
                   gst_error != NULL ? gst_error->message : "timed out");
      return FALSE;
    }

  return TRUE;
}

/* The sprite is a real JPEG (SMPTE bars); the tiles split it 5 × 2. */
static gboolean
make_storyboard (const char  *dir,
                 guint        seconds,
                 GError     **error)
{
  g_autofree char *pipeline_text = NULL;
  g_autofree char *json_path = NULL;
  g_autoptr(GString) json = g_string_new (NULL);
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) message = NULL;
  const guint n_tiles = 10;
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  pipeline_text = g_strdup_printf ("videotestsrc num-buffers=1 pattern=smpte "
                                   "! video/x-raw,width=1280,height=320 ! jpegenc "
                                   "! filesink location=\"%s/storyboard.jpg\"", dir);
  pipeline = gst_parse_launch (pipeline_text, error);
  if (pipeline == NULL)
    return FALSE;
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  bus = gst_element_get_bus (pipeline);
  message = gst_bus_timed_pop_filtered (bus, 30 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  if (message == NULL || GST_MESSAGE_TYPE (message) != GST_MESSAGE_EOS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Could not make the storyboard sprite");
      return FALSE;
    }

  g_string_append (json, "{\"url\":\"storyboard.jpg\",\"tile_width\":256,\"tile_height\":160,"
                         "\"duration\":");
  g_string_append (json, g_ascii_dtostr (number, sizeof number, seconds));
  g_string_append (json, ",\"tiles\":[");
  for (guint i = 0; i < n_tiles; i++)
    {
      g_string_append_printf (json, "%s{\"start\":", i > 0 ? "," : "");
      g_string_append (json, g_ascii_dtostr (number, sizeof number, (double) seconds * i / n_tiles));
      g_string_append_printf (json, ",\"x\":%u,\"y\":%u}", (i % 5) * 256, (i / 5) * 160);
    }
  g_string_append (json, "]}");

  json_path = g_build_filename (dir, "storyboard.json", NULL);
  return g_file_set_contents (json_path, json->str, json->len, error);
}

static const char *
content_type_for (const char *path)
{
  if (g_str_has_suffix (path, ".m3u8"))
    return "application/vnd.apple.mpegurl";
  if (g_str_has_suffix (path, ".json"))
    return "application/json";
  if (g_str_has_suffix (path, ".jpg"))
    return "image/jpeg";
  return "video/mp2t";
}

static void
on_request_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  MdTestHls *self = user_data;
  g_autofree char *file = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (g_str_has_prefix (path, "/forbidden"))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_FORBIDDEN, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, "Forbidden", 9);
      return;
    }
  if (g_str_equal (path, "/garbage.m3u8"))
    {
      static const char garbage[] = "this is not a playlist\n";

      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/vnd.apple.mpegurl", SOUP_MEMORY_STATIC,
                                        garbage, sizeof garbage - 1);
      return;
    }

  if (!g_str_has_prefix (path, "/hls/") || strstr (path, "..") != NULL)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  file = g_build_filename (self->dir, path + strlen ("/hls/"), NULL);
  if (!g_file_get_contents (file, &contents, &length, NULL))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, content_type_for (path),
                                    SOUP_MEMORY_TAKE, g_steal_pointer (&contents), length);
}

static gboolean
quit_loop_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static gpointer
server_thread (gpointer user_data)
{
  MdTestHls *self = user_data;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (self->context);

  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, NULL, on_request_cb, self, NULL);
  if (!soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    g_error ("Test HLS server cannot listen: %s", error->message);

  uris = soup_server_get_uris (server);
  g_mutex_lock (&self->lock);
  self->base_url = g_uri_to_string (uris->data);
  self->ready = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_main_loop_run (self->loop);

  soup_server_disconnect (server);
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

/**
 * md_test_hls_new:
 * @seconds: length of the stream (a whole number of 2 s segments is best)
 *
 * Makes the fixture in a fresh temp dir and starts serving it.
 */
MdTestHls *
md_test_hls_new (guint    seconds,
                 GError **error)
{
  return md_test_hls_new_full (seconds, 640, 360, error);
}

/**
 * md_test_hls_new_full:
 * @width: @height: the video's size (1920×1080 for the benchmarks)
 */
MdTestHls *
md_test_hls_new_full (guint    seconds,
                      guint    width,
                      guint    height,
                      GError **error)
{
  g_autoptr(MdTestHls) self = g_new0 (MdTestHls, 1);

  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);

  self->dir = g_dir_make_tmp ("muxdesk-hls-XXXXXX", error);
  if (self->dir == NULL
      || !make_fixture (self->dir, seconds, width, height, error)
      || !make_storyboard (self->dir, seconds, error))
    return NULL;

  self->thread = g_thread_new ("test-hls-server", server_thread, self);
  g_mutex_lock (&self->lock);
  while (!self->ready)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);

  return g_steal_pointer (&self);
}

/**
 * md_test_hls_get_url:
 * @path: e.g. "/hls/playlist.m3u8"
 *
 * Returns: (transfer full): the URL of @path on the server
 */
char *
md_test_hls_get_url (MdTestHls  *self,
                     const char *path)
{
  g_autofree char *base = g_strdup (self->base_url);

  /* soup gives "http://127.0.0.1:P/" */
  if (g_str_has_suffix (base, "/"))
    base[strlen (base) - 1] = '\0';

  return g_strconcat (base, path, NULL);
}

const char *
md_test_hls_get_dir (MdTestHls *self)
{
  return self->dir;
}

void
md_test_hls_free (MdTestHls *self)
{
  if (self->thread != NULL)
    {
      /* Queued on the server's context, so it also works before the loop runs. */
      g_main_context_invoke (self->context, quit_loop_cb, self->loop);
      g_thread_join (self->thread);
    }

  if (self->dir != NULL)
    {
      g_autoptr(GDir) dir = g_dir_open (self->dir, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (self->dir, name, NULL);
          g_unlink (path);
        }
      g_rmdir (self->dir);
    }

  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self->base_url);
  g_free (self->dir);
  g_free (self);
}
