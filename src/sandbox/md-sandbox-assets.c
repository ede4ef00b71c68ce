/* md-sandbox-assets.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-sandbox-assets"

#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "md-sandbox-asset.h"
#include "md-sandbox-assets.h"

#define DEFAULT_LIMIT 25
#define MAX_LIMIT     100

typedef struct
{
  const char *upload_id;
  const char *live_stream_id;
} ListFilter;

static gboolean
parse_uint (const char *text,
            guint64    *out_value)
{
  char *end = NULL;
  guint64 value;

  if (text == NULL || !g_ascii_isdigit (text[0]))
    return FALSE;
  value = g_ascii_strtoull (text, &end, 10);
  if (*end != '\0')
    return FALSE;
  *out_value = value;
  return TRUE;
}

gboolean
md_sandbox_parse_paging (SoupServerMessage *msg,
                         guint             *out_limit,
                         guint             *out_page)
{
  const char *limit_text = md_sandbox_query_get (msg, "limit");
  const char *page_text = md_sandbox_query_get (msg, "page");
  guint64 limit = DEFAULT_LIMIT, page = 1;

  if (limit_text != NULL && (!parse_uint (limit_text, &limit) || limit < 1))
    {
      md_sandbox_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_parameters",
                              "limit must be an integer between 1 and 100");
      return FALSE;
    }
  if (page_text != NULL && (!parse_uint (page_text, &page) || page < 1 || page > G_MAXUINT / MAX_LIMIT))
    {
      md_sandbox_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_parameters",
                              "page must be a positive integer");
      return FALSE;
    }
  *out_limit = (guint) MIN (limit, MAX_LIMIT);
  *out_page = (guint) page;
  return TRUE;
}

JsonNode *
md_sandbox_records_to_array (GPtrArray *records)
{
  JsonArray *array = json_array_sized_new (records->len);
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; i < records->len; i++)
    json_array_add_element (array, md_sandbox_record_to_public (g_ptr_array_index (records, i)));
  json_node_take_array (node, array);
  return node;
}

static gboolean
filter_asset (JsonObject *asset,
              gpointer    user_data)
{
  ListFilter *filter = user_data;

  if (filter->upload_id != NULL &&
      g_strcmp0 (md_sandbox_record_get_string (asset, "upload_id"), filter->upload_id) != 0)
    return FALSE;
  if (filter->live_stream_id != NULL &&
      g_strcmp0 (md_sandbox_record_get_string (asset, "live_stream_id"), filter->live_stream_id) != 0)
    return FALSE;
  return TRUE;
}

/* Cursors are opaque to clients: the sequence number below which the next
 * page starts, so they survive deletions. */
static char *
encode_cursor (guint64 seq)
{
  g_autofree char *plain = g_strdup_printf ("before:%" G_GUINT64_FORMAT, seq);

  return g_base64_encode ((const guchar *) plain, strlen (plain));
}

static gboolean
decode_cursor (const char *cursor,
               guint64    *out_seq)
{
  g_autofree guchar *plain = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;

  plain = g_base64_decode (cursor, &length);
  if (plain == NULL || length == 0 || length > 64)
    return FALSE;
  text = g_strndup ((const char *) plain, length);
  return g_str_has_prefix (text, "before:") &&
         parse_uint (text + strlen ("before:"), out_seq) && *out_seq > 0;
}

static void
handle_list (MdSandboxServer   *server,
             SoupServerMessage *msg,
             GHashTable        *params,
             gpointer           user_data)
{
  MdSandboxState *state = md_sandbox_server_get_state (server);
  MdSandboxCollection *assets = md_sandbox_state_get_collection (state, MD_SANDBOX_ASSETS);
  const char *cursor = md_sandbox_query_get (msg, "cursor");
  ListFilter filter = {
    md_sandbox_query_get (msg, "upload_id"),
    md_sandbox_query_get (msg, "live_stream_id"),
  };
  g_autoptr(GPtrArray) page_records = NULL;
  JsonObject *envelope;
  JsonNode *root;
  guint64 before = 0;
  guint limit, page;
  gboolean more;

  if (!md_sandbox_parse_paging (msg, &limit, &page))
    return;
  if (cursor != NULL && cursor[0] != '\0' && !decode_cursor (cursor, &before))
    {
      md_sandbox_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_parameters",
                              "cursor is not valid");
      return;
    }

  page_records = md_sandbox_collection_page (assets, before,
                                             before != 0 ? 0 : (page - 1) * limit,
                                             limit, filter_asset, &filter, &more);

  envelope = json_object_new ();
  json_object_set_member (envelope, "data", md_sandbox_records_to_array (page_records));
  if (more && page_records->len > 0)
    {
      JsonObject *last = g_ptr_array_index (page_records, page_records->len - 1);
      g_autofree char *next = encode_cursor (md_sandbox_record_get_seq (last));

      json_object_set_string_member (envelope, "next_cursor", next);
    }
  else
    json_object_set_null_member (envelope, "next_cursor");

  root = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (root, envelope);
  md_sandbox_reply_node (msg, SOUP_STATUS_OK, root);
}

static JsonObject *
lookup_or_404 (MdSandboxServer   *server,
               SoupServerMessage *msg,
               GHashTable        *params)
{
  JsonObject *asset = md_sandbox_state_lookup_asset (md_sandbox_server_get_state (server),
                                                     g_hash_table_lookup (params, "asset_id"));

  if (asset == NULL)
    md_sandbox_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "Asset not found");
  return asset;
}

static void
handle_get (MdSandboxServer   *server,
            SoupServerMessage *msg,
            GHashTable        *params,
            gpointer           user_data)
{
  JsonObject *asset = lookup_or_404 (server, msg, params);

  if (asset != NULL)
    md_sandbox_reply_json (msg, SOUP_STATUS_OK, md_sandbox_record_to_public (asset));
}

static void
handle_update (MdSandboxServer   *server,
               SoupServerMessage *msg,
               GHashTable        *params,
               gpointer           user_data)
{
  JsonObject *asset = lookup_or_404 (server, msg, params);
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *message = NULL;
  JsonObject *body;

  if (asset == NULL || (body = md_sandbox_parse_body_object (msg, &root)) == NULL)
    return;
  if (!md_sandbox_asset_validate_update (body, &message))
    {
      md_sandbox_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_parameters", message);
      return;
    }
  md_sandbox_asset_apply_update (asset, body);
  md_sandbox_state_changed (md_sandbox_server_get_state (server));
  md_sandbox_reply_json (msg, SOUP_STATUS_OK, md_sandbox_record_to_public (asset));
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

static void
handle_delete (MdSandboxServer   *server,
               SoupServerMessage *msg,
               GHashTable        *params,
               gpointer           user_data)
{
  MdSandboxState *state = md_sandbox_server_get_state (server);
  JsonObject *asset = lookup_or_404 (server, msg, params);

  if (asset == NULL)
    return;
  /* An uploaded asset's media is its own (named after it); shared clips stay. */
  if (g_strcmp0 (md_sandbox_record_get_string (md_sandbox_record_get_private (asset), "media"),
                 md_sandbox_record_get_string (asset, "id")) == 0)
    {
      g_autofree char *dir = md_sandbox_state_get_media_dir (state, asset);

      remove_tree (dir);
    }
  md_sandbox_state_unindex_playback_ids (state, asset);
  md_sandbox_collection_remove (md_sandbox_state_get_collection (state, MD_SANDBOX_ASSETS),
                                g_hash_table_lookup (params, "asset_id"));
  md_sandbox_state_changed (state);
  md_sandbox_reply_empty (msg, SOUP_STATUS_NO_CONTENT);
}

static void
handle_playback_id_create (MdSandboxServer   *server,
                           SoupServerMessage *msg,
                           GHashTable        *params,
                           gpointer           user_data)
{
  MdSandboxState *state = md_sandbox_server_get_state (server);
  JsonObject *asset = lookup_or_404 (server, msg, params);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *body, *pid;
  const char *policy;

  if (asset == NULL || (body = md_sandbox_parse_body_object (msg, &root)) == NULL)
    return;
  policy = md_sandbox_record_get_string (body, "policy");
  if (policy == NULL)
    policy = "public";
  if (!md_sandbox_playback_policy_is_valid (policy))
    {
      md_sandbox_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_parameters",
                              "policy must be one of public, signed");
      return;
    }
  pid = md_sandbox_state_add_playback_id (state, MD_SANDBOX_ASSETS, asset, policy);
  md_sandbox_state_changed (state);
  md_sandbox_reply_json (msg, SOUP_STATUS_CREATED, md_sandbox_record_to_public (pid));
}

static int
find_playback_id (JsonObject *asset,
                  const char *playback_id)
{
  JsonArray *ids = json_object_get_array_member (asset, "playback_ids");

  for (guint i = 0; ids != NULL && i < json_array_get_length (ids); i++)
    if (g_strcmp0 (md_sandbox_record_get_string (json_array_get_object_element (ids, i), "id"),
                   playback_id) == 0)
      return (int) i;
  return -1;
}

static void
handle_playback_id_get (MdSandboxServer   *server,
                        SoupServerMessage *msg,
                        GHashTable        *params,
                        gpointer           user_data)
{
  JsonObject *asset = lookup_or_404 (server, msg, params);
  int index;

  if (asset == NULL)
    return;
  index = find_playback_id (asset, g_hash_table_lookup (params, "playback_id"));
  if (index < 0)
    {
      md_sandbox_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "Playback ID not found");
      return;
    }
  md_sandbox_reply_json (msg, SOUP_STATUS_OK,
                         md_sandbox_record_to_public (json_array_get_object_element (
                           json_object_get_array_member (asset, "playback_ids"), index)));
}

static void
handle_playback_id_delete (MdSandboxServer   *server,
                           SoupServerMessage *msg,
                           GHashTable        *params,
                           gpointer           user_data)
{
  MdSandboxState *state = md_sandbox_server_get_state (server);
  JsonObject *asset = lookup_or_404 (server, msg, params);
  const char *playback_id = g_hash_table_lookup (params, "playback_id");
  int index;

  if (asset == NULL)
    return;
  index = find_playback_id (asset, playback_id);
  if (index < 0)
    {
      md_sandbox_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "Playback ID not found");
      return;
    }
  md_sandbox_state_unindex_playback_ids (state, asset);
  json_array_remove_element (json_object_get_array_member (asset, "playback_ids"), index);
  md_sandbox_state_index_playback_ids (state, MD_SANDBOX_ASSETS, asset);
  md_sandbox_state_changed (state);
  md_sandbox_reply_empty (msg, SOUP_STATUS_NO_CONTENT);
}

static void
handle_input_info (MdSandboxServer   *server,
                   SoupServerMessage *msg,
                   GHashTable        *params,
                   gpointer           user_data)
{
  JsonObject *asset = lookup_or_404 (server, msg, params);
  JsonObject *priv, *entry, *file, *settings;
  JsonArray *data, *tracks;
  JsonNode *node;
  MdSandboxMediaInfo info = { 0 };

  if (asset == NULL)
    return;
  priv = md_sandbox_record_get_private (asset);
  md_sandbox_media_info_from_node (&info, json_object_get_member (priv, "input"));

  tracks = json_array_new ();
  if (info.has_video)
    {
      JsonObject *track = json_object_new ();

      json_object_set_string_member (track, "type", "video");
      json_object_set_int_member (track, "width", info.width);
      json_object_set_int_member (track, "height", info.height);
      json_object_set_double_member (track, "frame_rate", info.frame_rate);
      json_object_set_double_member (track, "duration", info.duration);
      json_object_set_string_member (track, "encoding", info.video_encoding);
      json_array_add_object_element (tracks, track);
    }
  if (info.has_audio)
    {
      JsonObject *track = json_object_new ();

      json_object_set_string_member (track, "type", "audio");
      json_object_set_int_member (track, "channels", info.channels);
      json_object_set_int_member (track, "sample_rate", info.sample_rate);
      json_object_set_double_member (track, "duration", info.duration);
      json_object_set_string_member (track, "encoding", info.audio_encoding);
      json_array_add_object_element (tracks, track);
    }

  file = json_object_new ();
  json_object_set_string_member (file, "container_format", info.container_format);
  json_object_set_array_member (file, "tracks", tracks);
  settings = json_object_new ();
  if (json_object_has_member (priv, "input_url"))
    json_object_set_string_member (settings, "url", md_sandbox_record_get_string (priv, "input_url"));
  entry = json_object_new ();
  json_object_set_object_member (entry, "settings", settings);
  json_object_set_object_member (entry, "file", file);
  data = json_array_new ();
  json_array_add_object_element (data, entry);
  node = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (node, data);
  md_sandbox_media_info_clear (&info);
  md_sandbox_reply_json (msg, SOUP_STATUS_OK, node);
}

/* GET /video/v1/playback-ids/{id}: which asset or live stream it plays. */
static void
handle_playback_id_lookup (MdSandboxServer   *server,
                           SoupServerMessage *msg,
                           GHashTable        *params,
                           gpointer           user_data)
{
  const char *playback_id = g_hash_table_lookup (params, "playback_id");
  const char *collection = NULL;
  const char *policy = NULL;
  JsonObject *owner = md_sandbox_state_lookup_playback_id (md_sandbox_server_get_state (server),
                                                           playback_id, &collection, &policy);
  JsonObject *data, *object;
  JsonNode *node;

  if (owner == NULL)
    {
      md_sandbox_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "Playback ID not found");
      return;
    }
  object = json_object_new ();
  json_object_set_string_member (object, "id", md_sandbox_record_get_string (owner, "id"));
  json_object_set_string_member (object, "type",
                                 g_strcmp0 (collection, MD_SANDBOX_ASSETS) == 0 ? "asset" : "live_stream");
  data = json_object_new ();
  json_object_set_string_member (data, "id", playback_id);
  json_object_set_string_member (data, "policy", policy);
  json_object_set_object_member (data, "object", object);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, data);
  md_sandbox_reply_json (msg, SOUP_STATUS_OK, node);
}

void
md_sandbox_assets_register (MdSandboxServer *server)
{
  const MdSandboxRouteFlags auth = MD_SANDBOX_ROUTE_AUTH;

  md_sandbox_server_add_route (server, "GET", "/video/v1/assets", auth, handle_list, NULL);
  md_sandbox_server_add_route (server, "GET", "/video/v1/assets/{asset_id}", auth, handle_get, NULL);
  md_sandbox_server_add_route (server, "PATCH", "/video/v1/assets/{asset_id}", auth, handle_update, NULL);
  md_sandbox_server_add_route (server, "DELETE", "/video/v1/assets/{asset_id}", auth, handle_delete, NULL);
  md_sandbox_server_add_route (server, "POST", "/video/v1/assets/{asset_id}/playback-ids", auth,
                               handle_playback_id_create, NULL);
  md_sandbox_server_add_route (server, "GET", "/video/v1/assets/{asset_id}/playback-ids/{playback_id}", auth,
                               handle_playback_id_get, NULL);
  md_sandbox_server_add_route (server, "DELETE", "/video/v1/assets/{asset_id}/playback-ids/{playback_id}", auth,
                               handle_playback_id_delete, NULL);
  md_sandbox_server_add_route (server, "GET", "/video/v1/assets/{asset_id}/input-info", auth,
                               handle_input_info, NULL);
  md_sandbox_server_add_route (server, "GET", "/video/v1/playback-ids/{playback_id}", auth,
                               handle_playback_id_lookup, NULL);
}
