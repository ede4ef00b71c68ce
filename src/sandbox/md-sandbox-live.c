/* md-sandbox-live.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-sandbox-live"

#include "config.h"

#include <gst/gst.h>

#include "md-sandbox-assets.h"
#include "md-sandbox-live.h"

struct _MdSandboxLive
{
  GObject          parent_instance;

  MdSandboxServer *server;
  GPtrArray       *pipelines;  /* GstElement */
};

G_DEFINE_FINAL_TYPE (MdSandboxLive, md_sandbox_live, G_TYPE_OBJECT)

static JsonObject *
lookup_or_404 (MdSandboxServer   *server,
               SoupServerMessage *msg,
               GHashTable        *params)
{
  MdSandboxState *state = md_sandbox_server_get_state (server);
  JsonObject *live = md_sandbox_collection_lookup (md_sandbox_state_get_collection (state, MD_SANDBOX_LIVE_STREAMS),
                                                   g_hash_table_lookup (params, "live_stream_id"));

  if (live == NULL)
    md_sandbox_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "Live stream not found");
  return live;
}

static void
handle_list (MdSandboxServer   *server,
             SoupServerMessage *msg,
             GHashTable        *params,
             gpointer           user_data)
{
  MdSandboxState *state = md_sandbox_server_get_state (server);
  g_autoptr(GPtrArray) records = NULL;
  guint limit, page;

  if (!md_sandbox_parse_paging (msg, &limit, &page))
    return;
  records = md_sandbox_collection_page (md_sandbox_state_get_collection (state, MD_SANDBOX_LIVE_STREAMS),
                                        0, (page - 1) * limit, limit, NULL, NULL, NULL);
  md_sandbox_reply_json (msg, SOUP_STATUS_OK, md_sandbox_records_to_array (records));
}

static void
handle_get (MdSandboxServer   *server,
            SoupServerMessage *msg,
            GHashTable        *params,
            gpointer           user_data)
{
  JsonObject *live = lookup_or_404 (server, msg, params);

  if (live != NULL)
    md_sandbox_reply_json (msg, SOUP_STATUS_OK, md_sandbox_record_to_public (live));
}

/* A live stream with one public playback ID; an active one broadcasts
 * (md_sandbox_live_start()), an idle one waits for an encoder that never
 * comes. */
static JsonObject *
create_live (MdSandboxLive *self,
             const char    *title,
             gboolean       active)
{
  MdSandboxState *state = md_sandbox_server_get_state (self->server);
  g_autoptr(JsonObject) live = json_object_new ();
  g_autofree char *id = md_sandbox_new_id (44);
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *now = md_sandbox_now_string ();
  g_autofree char *media = g_strdup_printf ("live-%s", id);
  JsonObject *settings = json_object_new ();
  JsonArray *policies = json_array_new ();
  JsonObject *meta = json_object_new ();

  json_array_add_string_element (policies, "public");
  json_object_set_array_member (settings, "playback_policies", policies);
  json_object_set_string_member (meta, "title", title);

  json_object_set_string_member (live, "id", id);
  json_object_set_string_member (live, "created_at", now);
  json_object_set_string_member (live, "status", active ? "active" : "idle");
  json_object_set_string_member (live, "stream_key", key);
  json_object_set_string_member (live, "latency_mode", "standard");
  json_object_set_int_member (live, "max_continuous_duration", 43200);
  json_object_set_int_member (live, "reconnect_window", 60);
  json_object_set_array_member (live, "recent_asset_ids", json_array_new ());
  json_object_set_object_member (live, "new_asset_settings", settings);
  json_object_set_object_member (live, "meta", meta);
  if (active)
    json_object_set_string_member (live, "active_ingest_protocol", "rtmp");
  json_object_set_boolean_member (live, "test", FALSE);
  json_object_set_string_member (md_sandbox_record_get_private (live), "media", media);
  json_object_set_boolean_member (md_sandbox_record_get_private (live), "simulate", active);

  md_sandbox_collection_insert (md_sandbox_state_get_collection (state, MD_SANDBOX_LIVE_STREAMS), live);
  md_sandbox_state_add_playback_id (state, MD_SANDBOX_LIVE_STREAMS, live, "public");
  md_sandbox_state_changed (state);
  return live;
}

/* POST /_sandbox/live-streams {"title":…}: an idle live stream, for tests
 * that need one without --seed's broadcast. */
static void
handle_admin_create (MdSandboxServer   *server,
                     SoupServerMessage *msg,
                     GHashTable        *params,
                     gpointer           user_data)
{
  MdSandboxLive *self = user_data;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *body;
  JsonNode *title;
  JsonObject *live;

  if ((body = md_sandbox_parse_body_object (msg, &root)) == NULL)
    return;
  title = json_object_get_member (body, "title");
  if (title != NULL && (!JSON_NODE_HOLDS_VALUE (title) || json_node_get_value_type (title) != G_TYPE_STRING))
    {
      md_sandbox_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_parameters",
                              "title, if given, must be a string");
      return;
    }
  live = create_live (self, title != NULL ? json_node_get_string (title) : "Sandbox live stream", FALSE);
  md_sandbox_reply_json (msg, SOUP_STATUS_CREATED, md_sandbox_record_to_public (live));
}

static gboolean
on_bus_message_cb (GstBus     *bus,
                   GstMessage *message,
                   gpointer    user_data)
{
  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      g_autoptr(GError) error = NULL;

      gst_message_parse_error (message, &error, NULL);
      g_warning ("A simulated live stream stopped: %s", error->message);
    }
  return G_SOURCE_CONTINUE;
}

static void
md_sandbox_live_dispose (GObject *object)
{
  MdSandboxLive *self = MD_SANDBOX_LIVE (object);

  md_sandbox_live_stop (self);
  g_clear_object (&self->server);
  G_OBJECT_CLASS (md_sandbox_live_parent_class)->dispose (object);
}

static void
md_sandbox_live_finalize (GObject *object)
{
  MdSandboxLive *self = MD_SANDBOX_LIVE (object);

  g_ptr_array_unref (self->pipelines);
  G_OBJECT_CLASS (md_sandbox_live_parent_class)->finalize (object);
}

static void
md_sandbox_live_class_init (MdSandboxLiveClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = md_sandbox_live_dispose;
  object_class->finalize = md_sandbox_live_finalize;
}

static void
md_sandbox_live_init (MdSandboxLive *self)
{
  self->pipelines = g_ptr_array_new_with_free_func (gst_object_unref);
}

MdSandboxLive *
md_sandbox_live_new (MdSandboxServer *server)
{
  MdSandboxLive *self = g_object_new (MD_TYPE_SANDBOX_LIVE, NULL);

  self->server = g_object_ref (server);
  md_sandbox_server_add_route (server, "GET", "/video/v1/live-streams", MD_SANDBOX_ROUTE_AUTH, handle_list, NULL);
  md_sandbox_server_add_route (server, "GET", "/video/v1/live-streams/{live_stream_id}", MD_SANDBOX_ROUTE_AUTH,
                               handle_get, NULL);
  /* @self unreferenced (it holds the server): requests come only while the
   * main loop runs, and main() drops @self after it. */
  md_sandbox_server_add_route (server, "POST", "/_sandbox/live-streams", MD_SANDBOX_ROUTE_LOOPBACK,
                               handle_admin_create, self);
  return self;
}

/* An active live stream whose broadcast the sandbox simulates. */
JsonObject *
md_sandbox_live_create (MdSandboxLive *self,
                        const char    *title)
{
  return create_live (self, title, TRUE);
}

static GstElement *
start_broadcast (const char  *dir,
                 GError     **error)
{
  g_autofree char *segments = g_build_filename (dir, "segment%05d.ts", NULL);
  g_autofree char *playlist = g_build_filename (dir, "rendition.m3u8", NULL);
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstBus) bus = NULL;
  GstElement *sink;

  g_mkdir_with_parents (dir, 0700);
  pipeline = gst_parse_launch (
    "videotestsrc is-live=true pattern=ball ! video/x-raw,width=320,height=180,framerate=25/1 "
    "! videoconvert ! video/x-raw,format=I420 "
    "! x264enc speed-preset=ultrafast tune=zerolatency bitrate=300 key-int-max=50 threads=1 "
    "! h264parse ! queue ! hls.video "
    "audiotestsrc is-live=true wave=sine freq=330 volume=0.1 ! audioconvert ! audioresample "
    "! avenc_aac bitrate=64000 ! aacparse ! queue ! hls.audio "
    "hlssink2 name=hls target-duration=2 playlist-length=5 max-files=8", error);
  if (pipeline == NULL)
    return NULL;
  gst_object_ref_sink (pipeline);
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "hls");
  g_object_set (sink, "location", segments, "playlist-location", playlist, NULL);
  gst_object_unref (sink);

  bus = gst_element_get_bus (pipeline);
  gst_bus_add_watch (bus, on_bus_message_cb, NULL);
  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      gst_bus_remove_watch (bus);
      gst_element_set_state (pipeline, GST_STATE_NULL);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The live pipeline could not start");
      return NULL;
    }
  return g_steal_pointer (&pipeline);
}

gboolean
md_sandbox_live_start (MdSandboxLive  *self,
                               GError               **error)
{
  MdSandboxState *state = md_sandbox_server_get_state (self->server);
  MdSandboxCollection *lives = md_sandbox_state_get_collection (state, MD_SANDBOX_LIVE_STREAMS);

  for (guint i = 0; i < md_sandbox_collection_get_n_items (lives); i++)
    {
      JsonObject *live = md_sandbox_collection_get_item (lives, i);
      JsonObject *priv = md_sandbox_record_get_private (live);
      g_autofree char *dir = NULL;
      GstElement *pipeline;

      if (!json_object_get_boolean_member_with_default (priv, "simulate", FALSE) ||
          g_strcmp0 (md_sandbox_record_get_string (live, "status"), "active") != 0)
        continue;
      dir = md_sandbox_state_get_media_dir (state, live);
      pipeline = start_broadcast (dir, error);
      if (pipeline == NULL)
        return FALSE;
      g_ptr_array_add (self->pipelines, pipeline);
    }
  return TRUE;
}

void
md_sandbox_live_stop (MdSandboxLive *self)
{
  for (guint i = 0; i < self->pipelines->len; i++)
    {
      GstElement *pipeline = g_ptr_array_index (self->pipelines, i);
      g_autoptr(GstBus) bus = gst_element_get_bus (pipeline);

      gst_bus_remove_watch (bus);
      gst_element_set_state (pipeline, GST_STATE_NULL);
    }
  g_ptr_array_set_size (self->pipelines, 0);
}
