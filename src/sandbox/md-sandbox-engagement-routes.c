/* md-sandbox-engagement-routes.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Engagement over HTTP. Views come from the stream host: a playlist request
 * opens a viewer session (the `msid` query parameter, carried into every URI
 * of the playlists it gets back, as Mux carries its signed URLs); each
 * segment request then adds the part of the content it covers to that
 * session's view. A client that fetches segments without `msid` is told
 * apart by its address and User-Agent instead. Served here:
 *   GET /data/v1/engagement/{assets|videos|playback-ids}/{id}/heatmap
 *   GET /data/v1/engagement/{assets|videos|playback-ids}/{id}/hotspots
 *   GET {stats}/counts?token=JWT
 * A video_id is an asset's meta.external_id, or its passthrough when it has
 * no external_id.
 */

#define G_LOG_DOMAIN "md-sandbox-engagement-routes"

#include "config.h"

#include "md-sandbox-engagement-routes.h"
#include "md-sandbox-hls.h"
#include "md-sandbox-jwt.h"

#include <string.h>

/* hlssink2's segments are 2 s: the fallback when no playlist names one */
#define FALLBACK_SEGMENT_MS 2000

struct _MdSandboxEngagementRoutes
{
  MdSandboxServer      *server;     /* unowned: owns us */
  MdSandboxEngagement  *engagement;
  MdSandboxSigningKeys *keys;
  GHashTable           *playlists;  /* playback id -> media playlist text */
};

typedef struct
{
  MdSandboxEngagementScope  scope;
  GPtrArray                *ids;
  double                    duration_s;
} Target;

static void
target_clear (Target *target)
{
  g_clear_pointer (&target->ids, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Target, target_clear)

static const char *
video_id_of (JsonObject *asset)
{
  JsonObject *meta = json_object_has_member (asset, "meta") && JSON_NODE_HOLDS_OBJECT (json_object_get_member (asset, "meta"))
    ? json_object_get_object_member (asset, "meta") : NULL;
  const char *external_id = meta ? md_sandbox_record_get_string (meta, "external_id") : NULL;

  if (external_id != NULL && *external_id != '\0')
    return external_id;
  return md_sandbox_record_get_string (asset, "passthrough");
}

/* Seconds of broadcast the simulated viewers of a live stream joined in. */
#define LIVE_AUDIENCE_WINDOW_S 600

/* Gives a ready asset, or an active live stream, its simulated audience
 * (--audience) before it is read. */
static void
ensure_audience (MdSandboxEngagementRoutes *self,
                 JsonObject                *asset)
{
  MdSandboxState *state = md_sandbox_server_get_state (self->server);
  const char *id = md_sandbox_record_get_string (asset, "id");
  const char *status = md_sandbox_record_get_string (asset, "status");
  gboolean live = g_strcmp0 (status, "active") == 0;
  g_autoptr(GPtrArray) playback_ids = g_ptr_array_new ();
  JsonArray *array;

  if (md_sandbox_server_get_audience (self->server) == 0
      || (g_strcmp0 (status, "ready") != 0 && !live)
      || !json_object_has_member (asset, "playback_ids"))
    return;

  array = json_object_get_array_member (asset, "playback_ids");
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      const char *pid = md_sandbox_record_get_string (json_array_get_object_element (array, i), "id");

      if (pid != NULL)
        g_ptr_array_add (playback_ids, (gpointer) pid);
    }
  g_ptr_array_add (playback_ids, NULL);

  md_sandbox_engagement_ensure_audience (self->engagement, id,
                                         (const char *const *) playback_ids->pdata,
                                         live ? LIVE_AUDIENCE_WINDOW_S : md_sandbox_state_get_asset_duration (state, id),
                                         g_get_real_time () / G_USEC_PER_SEC);
}

/* @kind: assets, videos, playback-ids or live-streams */
static gboolean
resolve_target (MdSandboxEngagementRoutes *self,
                const char                *kind,
                const char                *id,
                Target                    *target)
{
  MdSandboxState *state = md_sandbox_server_get_state (self->server);

  target->ids = g_ptr_array_new_with_free_func (g_free);
  target->duration_s = 0;
  target->scope = MD_SANDBOX_ENGAGEMENT_SCOPE_ASSET;

  if (g_str_equal (kind, "assets"))
    {
      JsonObject *asset = md_sandbox_state_lookup_asset (state, id);

      if (asset == NULL)
        return FALSE;
      ensure_audience (self, asset);
      g_ptr_array_add (target->ids, g_strdup (id));
      target->duration_s = md_sandbox_state_get_asset_duration (state, id);
    }
  else if (g_str_equal (kind, "playback-ids"))
    {
      const char *collection = NULL;
      JsonObject *owner = md_sandbox_state_lookup_playback_id (state, id, &collection, NULL);

      if (owner == NULL)
        return FALSE;
      target->scope = MD_SANDBOX_ENGAGEMENT_SCOPE_PLAYBACK_ID;
      g_ptr_array_add (target->ids, g_strdup (id));
      if (g_strcmp0 (collection, MD_SANDBOX_ASSETS) == 0)
        {
          ensure_audience (self, owner);
          target->duration_s = md_sandbox_state_get_asset_duration (state, md_sandbox_record_get_string (owner, "id"));
        }
    }
  else if (g_str_equal (kind, "videos"))
    {
      MdSandboxCollection *assets = md_sandbox_state_get_collection (state, MD_SANDBOX_ASSETS);

      for (guint i = 0; i < md_sandbox_collection_get_n_items (assets); i++)
        {
          JsonObject *asset = md_sandbox_collection_get_item (assets, i);
          const char *asset_id = md_sandbox_record_get_string (asset, "id");

          if (g_strcmp0 (video_id_of (asset), id) != 0)
            continue;
          ensure_audience (self, asset);
          g_ptr_array_add (target->ids, g_strdup (asset_id));
          target->duration_s = MAX (target->duration_s, md_sandbox_state_get_asset_duration (state, asset_id));
        }
      if (target->ids->len == 0)
        return FALSE;
    }
  else if (g_str_equal (kind, "live-streams"))
    {
      JsonObject *live_stream = md_sandbox_collection_lookup (md_sandbox_state_get_collection (state, MD_SANDBOX_LIVE_STREAMS), id);

      if (live_stream == NULL)
        return FALSE;
      ensure_audience (self, live_stream);
      g_ptr_array_add (target->ids, g_strdup (id));
    }
  else
    return FALSE;

  g_ptr_array_add (target->ids, NULL);
  return TRUE;
}

/* All values of a repeated query key such as `timeframe[]`. */
static GStrv
query_get_all (SoupServerMessage *msg,
               const char        *name)
{
  const char *query = g_uri_get_query (soup_server_message_get_uri (msg));
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) pairs = g_strsplit (query ? query : "", "&", -1);

  for (guint i = 0; pairs[i] != NULL; i++)
    {
      const char *eq = strchr (pairs[i], '=');
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;

      if (eq == NULL)
        continue;
      key = g_uri_unescape_segment (pairs[i], eq, NULL);
      value = g_uri_unescape_string (eq + 1, NULL);
      if (key != NULL && value != NULL && g_str_equal (key, name))
        g_strv_builder_add (builder, value);
    }
  return g_strv_builder_end (builder);
}

static gboolean
read_timeframe (SoupServerMessage *msg,
                gint64            *out_from,
                gint64            *out_to)
{
  g_auto(GStrv) values = query_get_all (msg, "timeframe[]");
  g_autoptr(GError) error = NULL;

  if (values[0] == NULL)
    {
      g_strfreev (values);
      values = query_get_all (msg, "timeframe");
    }
  if (!md_sandbox_engagement_parse_timeframe ((const char *const *) values, g_get_real_time () / G_USEC_PER_SEC,
                                              out_from, out_to, &error))
    {
      md_sandbox_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_parameters", error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
open_target (MdSandboxEngagementRoutes *self,
             SoupServerMessage         *msg,
             GHashTable                *params,
             Target                    *target)
{
  const char *kind = g_hash_table_lookup (params, "kind");

  if (g_str_equal (kind, "live-streams") || !resolve_target (self, kind, g_hash_table_lookup (params, "id"), target))
    {
      md_sandbox_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "The requested resource was not found");
      return FALSE;
    }
  return TRUE;
}

static void
handle_heatmap (MdSandboxServer   *server,
                SoupServerMessage *msg,
                GHashTable        *params,
                gpointer           user_data)
{
  MdSandboxEngagementRoutes *self = user_data;
  g_auto(Target) target = { 0 };
  gint64 from, to;

  if (!read_timeframe (msg, &from, &to) || !open_target (self, msg, params, &target))
    return;

  md_sandbox_reply_node (msg, SOUP_STATUS_OK,
                         md_sandbox_engagement_heatmap (self->engagement, target.scope,
                                                        (const char *const *) target.ids->pdata,
                                                        target.duration_s, from, to));
}

static void
handle_hotspots (MdSandboxServer   *server,
                 SoupServerMessage *msg,
                 GHashTable        *params,
                 gpointer           user_data)
{
  MdSandboxEngagementRoutes *self = user_data;
  const char *direction = md_sandbox_query_get (msg, "order_direction");
  const char *limit_text = md_sandbox_query_get (msg, "limit");
  g_auto(Target) target = { 0 };
  guint64 limit = 0;
  gint64 from, to;

  if (direction != NULL && !g_str_equal (direction, "asc") && !g_str_equal (direction, "desc"))
    {
      md_sandbox_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_parameters",
                              "order_direction must be asc or desc");
      return;
    }
  if (limit_text != NULL && !g_ascii_string_to_unsigned (limit_text, 10, 1, 1000, &limit, NULL))
    {
      md_sandbox_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_parameters",
                              "limit must be a number between 1 and 1000");
      return;
    }
  if (!read_timeframe (msg, &from, &to) || !open_target (self, msg, params, &target))
    return;

  md_sandbox_reply_node (msg, SOUP_STATUS_OK,
                         md_sandbox_engagement_hotspots (self->engagement, target.scope,
                                                         (const char *const *) target.ids->pdata,
                                                         target.duration_s, from, to,
                                                         g_strcmp0 (direction, "asc") == 0, limit));
}

static void
handle_counts (MdSandboxServer   *server,
               SoupServerMessage *msg,
               GHashTable        *params,
               gpointer           user_data)
{
  static const char *const audiences[] = { "asset_id", "playback_id", "live_stream_id", "video_id", NULL };
  static const char *const kinds[] = { "assets", "playback-ids", "live-streams", "videos", NULL };
  MdSandboxEngagementRoutes *self = user_data;
  g_autoptr(MdSandboxJwtClaims) claims = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now_time = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *updated_at = NULL;
  g_auto(Target) target = { 0 };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint views = 0, viewers = 0;

  claims = md_sandbox_jwt_verify (md_sandbox_query_get (msg, "token"), md_sandbox_signing_keys_lookup_cb, self->keys,
                                  audiences, NULL, now, &error);
  if (claims == NULL)
    {
      md_sandbox_reply_error (msg, SOUP_STATUS_FORBIDDEN, "forbidden", error->message);
      return;
    }

  for (guint i = 0; audiences[i] != NULL; i++)
    if (g_str_equal (claims->aud, audiences[i]))
      {
        /* Unknown ids have nobody watching. */
        if (resolve_target (self, kinds[i], claims->sub, &target))
          md_sandbox_engagement_counts (self->engagement, target.scope,
                                        (const char *const *) target.ids->pdata, now, &views, &viewers);
        break;
      }

  now_time = g_date_time_new_from_unix_utc (now);
  updated_at = g_date_time_format (now_time, "%Y-%m-%dT%H:%M:%SZ");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "views");
  json_builder_add_int_value (builder, views);
  json_builder_set_member_name (builder, "viewers");
  json_builder_add_int_value (builder, viewers);
  json_builder_set_member_name (builder, "updated_at");
  json_builder_add_string_value (builder, updated_at);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  md_sandbox_reply_json (msg, SOUP_STATUS_OK, json_builder_get_root (builder));
}

/* "/stream/PID.m3u8", "/stream/PID/x" -> PID */
static char *
playback_id_from_path (const char  *path,
                       const char **out_rest)
{
  const char *start = path + strlen ("/stream/");
  const char *end = strchr (start, '/');

  *out_rest = end ? end + 1 : NULL;
  if (end == NULL)
    {
      if (!g_str_has_suffix (start, ".m3u8"))
        return NULL;
      end = start + strlen (start) - strlen (".m3u8");
    }
  return end > start ? g_strndup (start, end - start) : NULL;
}

static char *
viewer_of (SoupServerMessage *msg)
{
  const char *agent = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "User-Agent");
  g_autofree char *who = g_strdup_printf ("%s\n%s", soup_server_message_get_remote_host (msg), agent ? agent : "");
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, who, -1);

  return g_strndup (digest, 16);
}

/* Reply hook: sessions and tokens into the URIs of every playlist served. */
static gboolean
on_playlist_reply_cb (MdSandboxServer   *server,
                      SoupServerMessage *msg,
                      gpointer           user_data)
{
  MdSandboxEngagementRoutes *self = user_data;
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));
  const char *session = md_sandbox_query_get (msg, "msid");
  const char *token = md_sandbox_query_get (msg, "token");
  g_autofree char *content_type = NULL;
  g_autofree char *playback_id = NULL;
  g_autofree char *new_session = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GString) query = NULL;
  g_autoptr(GBytes) body = NULL;
  const char *rest;
  char *rewritten;

  if (!g_str_has_prefix (path, "/stream/") || !g_str_has_suffix (path, ".m3u8")
      || soup_server_message_get_status (msg) != SOUP_STATUS_OK
      || !(playback_id = playback_id_from_path (path, &rest)))
    return FALSE;

  body = soup_message_body_flatten (soup_server_message_get_response_body (msg));
  if (g_bytes_get_size (body) == 0)
    return FALSE;
  text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  if (!g_str_has_prefix (text, "#EXTM3U"))
    return FALSE;

  if (strstr (text, "#EXTINF") != NULL)
    g_hash_table_replace (self->playlists, g_strdup (playback_id), g_strdup (text));

  if (session == NULL || *session == '\0')
    session = new_session = md_sandbox_new_id (24);
  query = g_string_new ("msid=");
  g_string_append_uri_escaped (query, session, NULL, FALSE);
  if (token != NULL && strstr (text, "token=") == NULL)
    {
      g_string_append (query, "&token=");
      g_string_append_uri_escaped (query, token, NULL, FALSE);
    }

  rewritten = md_sandbox_hls_add_query (text, query->str);
  /* a copy: set_response replaces the header it points into */
  content_type = g_strdup (soup_message_headers_get_one (soup_server_message_get_response_headers (msg), "Content-Type"));
  /* set_response appends to a body already there */
  soup_message_body_truncate (soup_server_message_get_response_body (msg));
  soup_server_message_set_response (msg, content_type ? content_type : "application/vnd.apple.mpegurl",
                                    SOUP_MEMORY_TAKE, rewritten, strlen (rewritten));
  return FALSE;
}

/* Finds a segment's place in the content: from the playlist last served for
 * this playback id, else from the playlists in the media folder, else from
 * the number in its name. */
static gboolean
segment_range (MdSandboxEngagementRoutes *self,
               const char                *playback_id,
               JsonObject                *owner,
               const char                *segment,
               gint64                    *out_start_ms,
               gint64                    *out_end_ms)
{
  MdSandboxState *state = md_sandbox_server_get_state (self->server);
  const char *cached = g_hash_table_lookup (self->playlists, playback_id);
  g_autofree char *media_dir = NULL;
  const char *digits;
  guint64 number;

  if (cached != NULL && md_sandbox_hls_segment_range (cached, segment, out_start_ms, out_end_ms))
    return TRUE;

  media_dir = md_sandbox_state_get_media_dir (state, owner);
  if (media_dir != NULL)
    {
      g_autoptr(GDir) dir = g_dir_open (media_dir, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = NULL;
          g_autofree char *text = NULL;

          if (!g_str_has_suffix (name, ".m3u8"))
            continue;
          path = g_build_filename (media_dir, name, NULL);
          if (g_file_get_contents (path, &text, NULL, NULL)
              && md_sandbox_hls_segment_range (text, segment, out_start_ms, out_end_ms))
            {
              g_hash_table_replace (self->playlists, g_strdup (playback_id), g_steal_pointer (&text));
              return TRUE;
            }
        }
    }

  for (digits = segment; *digits != '\0' && !g_ascii_isdigit (*digits); digits++)
    ;
  if (*digits == '\0')
    return FALSE;
  number = g_ascii_strtoull (digits, NULL, 10);
  if (number > 10000000)
    return FALSE;
  *out_start_ms = number * FALLBACK_SEGMENT_MS;
  *out_end_ms = *out_start_ms + FALLBACK_SEGMENT_MS;
  return TRUE;
}

/* Every segment served becomes part of a view. */
static void
on_request_finished_cb (SoupServer        *soup,
                        SoupServerMessage *msg,
                        gpointer           user_data)
{
  MdSandboxEngagementRoutes *self = user_data;
  MdSandboxState *state = md_sandbox_server_get_state (self->server);
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));
  guint status = soup_server_message_get_status (msg);
  const char *session = md_sandbox_query_get (msg, "msid");
  g_autofree char *playback_id = NULL;
  g_autofree char *viewer = NULL;
  g_autofree char *anonymous_session = NULL;
  const char *rest = NULL;
  JsonObject *owner;
  gint64 start_ms, end_ms;

  if (!g_str_has_prefix (path, "/stream/") || g_str_has_suffix (path, ".m3u8")
      || (status != SOUP_STATUS_OK && status != SOUP_STATUS_PARTIAL_CONTENT)
      || g_strcmp0 (soup_server_message_get_method (msg), "GET") != 0
      || !(playback_id = playback_id_from_path (path, &rest)) || rest == NULL || *rest == '\0')
    return;

  owner = md_sandbox_state_lookup_playback_id (state, playback_id, NULL, NULL);
  if (owner == NULL || !segment_range (self, playback_id, owner, rest, &start_ms, &end_ms))
    return;

  viewer = viewer_of (msg);
  if (session == NULL || *session == '\0')
    session = anonymous_session = g_strconcat ("anon-", viewer, NULL);

  md_sandbox_engagement_record (self->engagement, session, viewer, playback_id,
                                md_sandbox_record_get_string (owner, "id"),
                                start_ms, end_ms, g_get_real_time () / G_USEC_PER_SEC);
}

/**
 * md_sandbox_engagement_routes_register:
 *
 * Adds the engagement endpoints, the playlist session hook and the view
 * recorder to @server.
 *
 * Returns: (transfer full): the routes' state, to free after the server
 */
MdSandboxEngagementRoutes *
md_sandbox_engagement_routes_register (MdSandboxServer      *server,
                                       MdSandboxEngagement  *engagement,
                                       MdSandboxSigningKeys *keys)
{
  MdSandboxEngagementRoutes *self = g_new0 (MdSandboxEngagementRoutes, 1);

  self->server = server;
  self->engagement = engagement;
  self->keys = g_object_ref (keys);
  self->playlists = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  md_sandbox_engagement_set_audience (engagement, md_sandbox_server_get_audience (server));

  md_sandbox_server_add_route (server, "GET", "/data/v1/engagement/{kind}/{id}/heatmap",
                               MD_SANDBOX_ROUTE_AUTH, handle_heatmap, self);
  md_sandbox_server_add_route (server, "GET", "/data/v1/engagement/{kind}/{id}/hotspots",
                               MD_SANDBOX_ROUTE_AUTH, handle_hotspots, self);
  md_sandbox_server_add_route (server, "GET", "/stats/counts",
                               MD_SANDBOX_ROUTE_PUBLIC, handle_counts, self);
  md_sandbox_server_add_reply_hook (server, on_playlist_reply_cb, self);
  g_signal_connect (md_sandbox_server_get_soup_server (server), "request-finished",
                    G_CALLBACK (on_request_finished_cb), self);
  return self;
}

void
md_sandbox_engagement_routes_free (MdSandboxEngagementRoutes *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->playlists);
  g_clear_object (&self->keys);
  g_free (self);
}
