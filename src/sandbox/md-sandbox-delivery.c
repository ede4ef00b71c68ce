/* md-sandbox-delivery.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The stream and image hosts: /stream/{PLAYBACK_ID}.m3u8 (a multivariant
 * playlist), its rendition and segments, and /image/{PLAYBACK_ID}/…
 * thumbnails and storyboards. Signed playback ids go through
 * md_sandbox_server_open_playback(); a request's ?token= is carried on to
 * the URLs the playlists and storyboards list.
 */

#define G_LOG_DOMAIN "md-sandbox-delivery"

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "md-sandbox-delivery.h"
#include "md-sandbox-transcoder.h"

#define MAX_IMAGE_EDGE 4000

typedef struct
{
  MdSandboxServer   *server;
  SoupServerMessage *msg;
  char              *source;
  char              *out_path;
  const char        *mime_type;
  double             time;
  guint              width;
  guint              height;
  GError            *error;
} ThumbnailJob;

static GThreadPool *thumbnail_pool;
static gint thumbnails_stopping;  /* atomic: jobs still queued are skipped */

static const char *
playlist_dir_member (JsonObject *record)
{
  return md_sandbox_record_get_string (md_sandbox_record_get_private (record), "media");
}

/* The record's media directory when it can be played, else answers. */
static char *
playable_media_dir (MdSandboxServer   *server,
                    SoupServerMessage *msg,
                    JsonObject        *record)
{
  const char *status = md_sandbox_record_get_string (record, "status");
  char *dir;

  if (g_strcmp0 (status, "ready") != 0 && g_strcmp0 (status, "active") != 0)
    {
      md_sandbox_reply_error (msg, SOUP_STATUS_PRECONDITION_FAILED, "not_ready",
                              "The asset is not ready for playback yet");
      return NULL;
    }
  dir = md_sandbox_state_get_media_dir (md_sandbox_server_get_state (server), record);
  if (dir == NULL || playlist_dir_member (record) == NULL)
    {
      g_free (dir);
      md_sandbox_reply_error (msg, SOUP_STATUS_PRECONDITION_FAILED, "not_ready",
                              "There is no media for this playback ID");
      return NULL;
    }
  return dir;
}

static char *
token_suffix (SoupServerMessage *msg)
{
  const char *token = md_sandbox_query_get (msg, "token");
  g_autofree char *escaped = NULL;

  if (token == NULL || token[0] == '\0')
    return g_strdup ("");
  escaped = g_uri_escape_string (token, NULL, FALSE);
  return g_strdup_printf ("?token=%s", escaped);
}

static void
reply_text (SoupServerMessage *msg,
            const char        *content_type,
            char              *text)
{
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_TAKE, text, strlen (text));
}

static void
handle_multivariant (MdSandboxServer   *server,
                     SoupServerMessage *msg,
                     GHashTable        *params,
                     gpointer           user_data)
{
  const char *playback_id = g_hash_table_lookup (params, "playback_id");
  JsonObject *record = md_sandbox_server_open_playback (server, msg, playback_id, "v");
  g_autofree char *dir = NULL;
  g_autofree char *suffix = NULL;
  g_autoptr(GString) text = g_string_new ("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n");
  JsonArray *tracks = NULL;
  guint width = 0, height = 0;
  double frame_rate = 0;
  gboolean has_audio = FALSE, has_video = FALSE;

  if (record == NULL || (dir = playable_media_dir (server, msg, record)) == NULL)
    return;

  if (json_object_has_member (record, "tracks"))
    tracks = json_object_get_array_member (record, "tracks");
  for (guint i = 0; tracks != NULL && i < json_array_get_length (tracks); i++)
    {
      JsonObject *track = json_array_get_object_element (tracks, i);
      const char *type = md_sandbox_record_get_string (track, "type");

      if (g_strcmp0 (type, "video") == 0)
        {
          has_video = TRUE;
          width = json_object_get_int_member_with_default (track, "max_width", 0);
          height = json_object_get_int_member_with_default (track, "max_height", 0);
          frame_rate = json_object_get_double_member_with_default (track, "max_frame_rate", 0);
        }
      else if (g_strcmp0 (type, "audio") == 0)
        has_audio = TRUE;
    }
  /* Live streams carry no tracks: they are video + audio. */
  if (tracks == NULL || json_array_get_length (tracks) == 0)
    has_video = has_audio = TRUE;

  g_string_append_printf (text, "#EXT-X-STREAM-INF:BANDWIDTH=%u,CODECS=\"%s%s%s\"",
                          MAX (200000u, width * height * 3),
                          has_video ? "avc1.42e01e" : "",
                          has_video && has_audio ? "," : "",
                          has_audio ? "mp4a.40.2" : "");
  if (width > 0 && height > 0)
    g_string_append_printf (text, ",RESOLUTION=%ux%u", width, height);
  if (frame_rate > 0)
    g_string_append_printf (text, ",FRAME-RATE=%.3f", frame_rate);
  suffix = token_suffix (msg);
  g_string_append_printf (text, "\n%s/rendition.m3u8%s\n", playback_id, suffix);

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-cache");
  reply_text (msg, "application/vnd.apple.mpegurl", g_string_free (g_steal_pointer (&text), FALSE));
}

static void
handle_rendition (MdSandboxServer   *server,
                  SoupServerMessage *msg,
                  GHashTable        *params,
                  gpointer           user_data)
{
  JsonObject *record = md_sandbox_server_open_playback (server, msg,
                                                        g_hash_table_lookup (params, "playback_id"), "v");
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *suffix = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  if (record == NULL || (dir = playable_media_dir (server, msg, record)) == NULL)
    return;
  path = g_build_filename (dir, "rendition.m3u8", NULL);
  /* hlssink2 creates a live playlist with its first write in place (later
   * ones replace the file whole): read in between, it is empty. Until it
   * lists a segment it is as good as absent, as on Mux before a stream
   * goes out. */
  if (!g_file_get_contents (path, &contents, NULL, NULL) || strstr (contents, "#EXTINF") == NULL)
    {
      md_sandbox_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "Playlist not found");
      return;
    }

  /* Segment URIs are the file names hlssink2 wrote, relative to here. */
  suffix = token_suffix (msg);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (lines[i][0] != '\0' && lines[i][0] != '#')
        {
          g_autofree char *name = g_path_get_basename (lines[i]);

          g_string_append_printf (text, "%s%s\n", name, suffix);
        }
      else if (lines[i][0] != '\0' || lines[i + 1] != NULL)
        g_string_append_printf (text, "%s\n", lines[i]);
    }

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-cache");
  reply_text (msg, "application/vnd.apple.mpegurl", g_string_free (g_steal_pointer (&text), FALSE));
}

static gboolean
is_segment_name (const char *name)
{
  if (!g_str_has_prefix (name, "segment") || !g_str_has_suffix (name, ".ts"))
    return FALSE;
  for (const char *p = name + strlen ("segment"); *p != '.'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return strlen (name) > strlen ("segment.ts");
}

static void
handle_segment (MdSandboxServer   *server,
                SoupServerMessage *msg,
                GHashTable        *params,
                gpointer           user_data)
{
  const char *name = g_hash_table_lookup (params, "segment");
  JsonObject *record;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;

  if (!is_segment_name (name))
    {
      md_sandbox_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "Segment not found");
      return;
    }
  record = md_sandbox_server_open_playback (server, msg, g_hash_table_lookup (params, "playback_id"), "v");
  if (record == NULL || (dir = playable_media_dir (server, msg, record)) == NULL)
    return;
  path = g_build_filename (dir, name, NULL);
  md_sandbox_reply_file (msg, path, "video/MP2T");
}

static gboolean
parse_number (const char *text,
              double      max,
              double     *out_value)
{
  char *end = NULL;
  double value;

  if (text == NULL)
    return TRUE;
  value = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (value) || value < 0 || value > max)
    return FALSE;
  *out_value = value;
  return TRUE;
}

static void
thumbnail_job_free (ThumbnailJob *job)
{
  g_clear_object (&job->server);
  g_clear_object (&job->msg);
  g_free (job->source);
  g_free (job->out_path);
  g_clear_error (&job->error);
  g_free (job);
}

static gboolean
finish_thumbnail_cb (gpointer user_data)
{
  ThumbnailJob *job = user_data;

  if (g_error_matches (job->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    md_sandbox_reply_error (job->msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable",
                            job->error->message);
  else if (job->error != NULL)
    md_sandbox_reply_error (job->msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error",
                            job->error->message);
  else
    md_sandbox_reply_file (job->msg, job->out_path, job->mime_type);
  soup_server_message_unpause (job->msg);
  thumbnail_job_free (job);
  return G_SOURCE_REMOVE;
}

static void
run_thumbnail_job (gpointer data,
                   gpointer user_data)
{
  ThumbnailJob *job = data;
  g_autofree char *partial = g_strdup_printf ("%s.%p.part", job->out_path, (void *) job);

  if (g_atomic_int_get (&thumbnails_stopping))
    {
      g_set_error (&job->error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The sandbox is shutting down");
      g_main_context_invoke (NULL, finish_thumbnail_cb, job);
      return;
    }
  if (md_sandbox_transcoder_thumbnail (job->source, job->mime_type, job->time, job->width, job->height,
                                       partial, &job->error) &&
      g_rename (partial, job->out_path) != 0)
    g_set_error (&job->error, G_IO_ERROR, G_IO_ERROR_FAILED, "Could not store the thumbnail");
  g_unlink (partial);
  g_main_context_invoke (NULL, finish_thumbnail_cb, job);
}

static void
handle_thumbnail (MdSandboxServer   *server,
                  SoupServerMessage *msg,
                  GHashTable        *params,
                  gpointer           user_data)
{
  const char *extension = user_data;
  const char *mime_type = g_str_equal (extension, "png") ? "image/png" : "image/jpeg";
  JsonObject *record = md_sandbox_server_open_playback (server, msg,
                                                        g_hash_table_lookup (params, "playback_id"), "t");
  g_autofree char *dir = NULL;
  g_autofree char *thumbs = NULL;
  g_autofree char *name = NULL;
  g_autofree char *source = NULL;
  ThumbnailJob *job;
  double duration, time, width = 0, height = 0;

  if (record == NULL || (dir = playable_media_dir (server, msg, record)) == NULL)
    return;

  duration = json_object_get_double_member_with_default (record, "duration", 0);
  time = json_object_get_double_member_with_default (record, "thumbnail_time", duration / 2);
  if (!parse_number (md_sandbox_query_get (msg, "time"), G_MAXINT, &time) ||
      !parse_number (md_sandbox_query_get (msg, "width"), MAX_IMAGE_EDGE, &width) ||
      !parse_number (md_sandbox_query_get (msg, "height"), MAX_IMAGE_EDGE, &height))
    {
      md_sandbox_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_parameters",
                              "time, width and height must be non-negative numbers");
      return;
    }
  /* Past the end, Mux shows the last frame. */
  if (duration > 0)
    time = MIN (time, MAX (0.0, duration - 0.1));

  source = g_build_filename (dir, "source", NULL);
  if (!g_file_test (source, G_FILE_TEST_EXISTS))
    {
      md_sandbox_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "No images for this playback ID");
      return;
    }
  thumbs = g_build_filename (dir, "thumbnails", NULL);
  g_mkdir_with_parents (thumbs, 0700);
  name = g_strdup_printf ("t%" G_GINT64_FORMAT "-%ux%u.%s", (gint64) llround (time * 1000),
                          (guint) width, (guint) height, extension);

  job = g_new0 (ThumbnailJob, 1);
  job->out_path = g_build_filename (thumbs, name, NULL);
  if (g_file_test (job->out_path, G_FILE_TEST_EXISTS))
    {
      md_sandbox_reply_file (msg, job->out_path, mime_type);
      thumbnail_job_free (job);
      return;
    }
  job->server = g_object_ref (server);
  job->msg = g_object_ref (msg);
  job->source = g_steal_pointer (&source);
  job->mime_type = mime_type;
  job->time = time;
  job->width = (guint) width;
  job->height = (guint) height;

  if (thumbnail_pool == NULL)
    thumbnail_pool = g_thread_pool_new (run_thumbnail_job, NULL, 2, FALSE, NULL);
  soup_server_message_pause (msg);
  g_thread_pool_push (thumbnail_pool, job, NULL);
}

static gboolean
load_grid (const char  *dir,
           guint       *tile_width,
           guint       *tile_height,
           guint       *columns,
           guint       *tiles,
           double      *duration)
{
  g_autofree char *path = g_build_filename (dir, "storyboard-grid.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *grid;

  if (!json_parser_load_from_file (parser, path, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return FALSE;
  grid = json_node_get_object (json_parser_get_root (parser));
  *tile_width = json_object_get_int_member_with_default (grid, "tile_width", 0);
  *tile_height = json_object_get_int_member_with_default (grid, "tile_height", 0);
  *columns = json_object_get_int_member_with_default (grid, "columns", 1);
  *tiles = json_object_get_int_member_with_default (grid, "tiles", 0);
  *duration = json_object_get_double_member_with_default (grid, "duration", 0);
  return *tile_width > 0 && *tile_height > 0 && *columns > 0 && *tiles > 0;
}

static char *
vtt_time (double seconds)
{
  gint64 ms = llround (seconds * 1000);

  return g_strdup_printf ("%02" G_GINT64_FORMAT ":%02" G_GINT64_FORMAT ":%02" G_GINT64_FORMAT ".%03" G_GINT64_FORMAT,
                          ms / 3600000, (ms / 60000) % 60, (ms / 1000) % 60, ms % 1000);
}

static void
handle_storyboard (MdSandboxServer   *server,
                   SoupServerMessage *msg,
                   GHashTable        *params,
                   gpointer           user_data)
{
  const char *format = user_data;
  const char *playback_id = g_hash_table_lookup (params, "playback_id");
  JsonObject *record = md_sandbox_server_open_playback (server, msg, playback_id, "s");
  g_autofree char *dir = NULL;
  g_autofree char *suffix = NULL;
  g_autofree char *sprite_url = NULL;
  guint tile_width, tile_height, columns, tiles;
  double duration, interval;

  if (record == NULL || (dir = playable_media_dir (server, msg, record)) == NULL)
    return;
  if (!load_grid (dir, &tile_width, &tile_height, &columns, &tiles, &duration))
    {
      md_sandbox_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "No storyboard for this playback ID");
      return;
    }
  if (strcmp (format, "jpg") == 0)
    {
      g_autofree char *path = g_build_filename (dir, "storyboard.jpg", NULL);

      md_sandbox_reply_file (msg, path, "image/jpeg");
      return;
    }

  suffix = token_suffix (msg);
  sprite_url = md_sandbox_server_build_url (server, "/image/%s/storyboard.jpg%s", playback_id, suffix);
  interval = duration / tiles;

  if (strcmp (format, "json") == 0)
    {
      JsonObject *root = json_object_new ();
      JsonArray *array = json_array_new ();
      JsonNode *node = json_node_new (JSON_NODE_OBJECT);

      json_object_set_string_member (root, "url", sprite_url);
      json_object_set_int_member (root, "tile_width", tile_width);
      json_object_set_int_member (root, "tile_height", tile_height);
      json_object_set_double_member (root, "duration", duration);
      for (guint i = 0; i < tiles; i++)
        {
          JsonObject *tile = json_object_new ();

          json_object_set_double_member (tile, "start", i * interval);
          json_object_set_int_member (tile, "x", (i % columns) * tile_width);
          json_object_set_int_member (tile, "y", (i / columns) * tile_height);
          json_array_add_object_element (array, tile);
        }
      json_object_set_array_member (root, "tiles", array);
      json_node_take_object (node, root);
      md_sandbox_reply_node (msg, SOUP_STATUS_OK, node);
    }
  else
    {
      g_autoptr(GString) text = g_string_new ("WEBVTT\n");

      for (guint i = 0; i < tiles; i++)
        {
          g_autofree char *from = vtt_time (i * interval);
          g_autofree char *to = vtt_time ((i + 1) * interval);

          g_string_append_printf (text, "\n%s --> %s\n%s#xywh=%u,%u,%u,%u\n", from, to, sprite_url,
                                  (i % columns) * tile_width, (i / columns) * tile_height,
                                  tile_width, tile_height);
        }
      reply_text (msg, "text/vtt", g_string_free (g_steal_pointer (&text), FALSE));
    }
}

/**
 * md_sandbox_delivery_shutdown:
 *
 * On the way out (SIGTERM): the thumbnails being made are finished, those
 * still queued are skipped, and their requests answered (503) and freed
 * on the main context, so no GStreamer pipeline is left running in a
 * worker thread when main() returns.
 */
void
md_sandbox_delivery_shutdown (void)
{
  if (thumbnail_pool == NULL)
    return;
  g_atomic_int_set (&thumbnails_stopping, TRUE);
  g_thread_pool_free (g_steal_pointer (&thumbnail_pool), FALSE, TRUE);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

void
md_sandbox_delivery_register (MdSandboxServer *server)
{
  const MdSandboxRouteFlags open = MD_SANDBOX_ROUTE_PUBLIC;

  md_sandbox_server_add_route (server, "GET", "/stream/{playback_id}.m3u8", open, handle_multivariant, NULL);
  md_sandbox_server_add_route (server, "GET", "/stream/{playback_id}/rendition.m3u8", open, handle_rendition, NULL);
  md_sandbox_server_add_route (server, "GET", "/stream/{playback_id}/{segment}", open, handle_segment, NULL);
  md_sandbox_server_add_route (server, "GET", "/image/{playback_id}/thumbnail.jpg", open,
                               handle_thumbnail, (gpointer) "jpg");
  md_sandbox_server_add_route (server, "GET", "/image/{playback_id}/thumbnail.png", open,
                               handle_thumbnail, (gpointer) "png");
  md_sandbox_server_add_route (server, "GET", "/image/{playback_id}/storyboard.jpg", open,
                               handle_storyboard, (gpointer) "jpg");
  md_sandbox_server_add_route (server, "GET", "/image/{playback_id}/storyboard.json", open,
                               handle_storyboard, (gpointer) "json");
  md_sandbox_server_add_route (server, "GET", "/image/{playback_id}/storyboard.vtt", open,
                               handle_storyboard, (gpointer) "vtt");
}
