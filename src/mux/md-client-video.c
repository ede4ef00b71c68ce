/* md-client-video.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-client-video"

#include "config.h"

#include <glib/gi18n.h>

#include "md-client-private.h"

#include "md-json-private.h"

/* The Video API calls: assets, playback IDs, direct uploads, live streams.
 * Each is a thin _async/_finish pair over _md_client_call_api_async() with
 * the model's reader, or _md_client_call_async() with a parse function for
 * answers that are more than one object. */

typedef struct
{
  GPtrArray *items;
  char      *next_cursor;
} AssetPage;

static void
asset_page_free (AssetPage *page)
{
  g_clear_pointer (&page->items, g_ptr_array_unref);
  g_free (page->next_cursor);
  g_free (page);
}

static gpointer
parse_asset_page (JsonNode  *root,
                  GError   **error)
{
  AssetPage *page = g_new0 (AssetPage, 1);

  page->items = md_asset_list_new_from_json (root, &page->next_cursor, error);
  if (page->items == NULL)
    {
      asset_page_free (page);
      return NULL;
    }

  return page;
}

static gpointer
parse_data (JsonNode  *root,
            GError   **error)
{
  JsonNode *data = _md_json_get_data (root, error);

  return data != NULL ? json_node_copy (data) : NULL;
}

static char *
object_path (const char *collection,
             const char *id,
             const char *suffix)
{
  g_autofree char *escaped = _md_escape_segment (id);

  return g_strconcat (collection, "/", escaped, suffix, NULL);
}

static char *
limit_string (guint limit)
{
  return g_strdup_printf ("%u", CLAMP (limit, 1, 100));
}

/* ------------------------------------------------------------------------ */
/* Assets                                                                   */

/**
 * md_client_list_assets_async:
 * @cursor: (nullable): the `next_cursor` of the previous page, %NULL for the first
 * @limit: assets per page, 1..100
 *
 * Lists one page of assets, newest first (cursor pagination).
 */
void
md_client_list_assets_async (MdClient            *self,
                             const char          *cursor,
                             guint                limit,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autofree char *limit_text = limit_string (limit);
  const char *query[] = { "limit", limit_text, cursor != NULL ? "cursor" : NULL, cursor, NULL };
  g_autoptr(MdRequest) request = NULL;

  g_return_if_fail (MD_IS_CLIENT (self));

  request = _md_client_new_api_request (self, "GET", "/video/v1/assets", query, NULL);
  _md_client_call_async (self, request, parse_asset_page, (GDestroyNotify) asset_page_free,
                         md_client_list_assets_async, cancellable, callback, user_data);
}

/**
 * md_client_list_assets_finish:
 * @out_next_cursor: (out) (optional) (nullable): the next page's cursor,
 *   %NULL after the last page
 *
 * Returns: (transfer full) (element-type MdAsset) (nullable): the page's assets
 */
GPtrArray *
md_client_list_assets_finish (MdClient      *self,
                              GAsyncResult  *result,
                              char         **out_next_cursor,
                              GError       **error)
{
  AssetPage *page;
  GPtrArray *items;

  page = _md_client_call_finish (self, result, md_client_list_assets_async, error);
  if (page == NULL)
    return NULL;

  items = g_steal_pointer (&page->items);
  if (out_next_cursor != NULL)
    *out_next_cursor = g_steal_pointer (&page->next_cursor);
  asset_page_free (page);

  return items;
}

void
md_client_get_asset_async (MdClient            *self,
                           const char          *asset_id,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (MD_IS_CLIENT (self));
  g_return_if_fail (asset_id != NULL);

  path = object_path ("/video/v1/assets", asset_id, NULL);
  _md_client_call_api_async (self, "GET", path, NULL, NULL, MD_DATA_READER (md_asset_new_from_json),
                             md_client_get_asset_async, cancellable, callback, user_data);
}

/**
 * md_client_get_asset_finish:
 *
 * Returns: (transfer full) (nullable): the asset
 */
MdAsset *
md_client_get_asset_finish (MdClient      *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return _md_client_call_finish (self, result, md_client_get_asset_async, error);
}

/**
 * md_client_update_asset_async:
 * @title: (nullable): the new `meta.title`, %NULL to leave it
 * @creator_id: (nullable): the new `meta.creator_id`, %NULL to leave it
 * @external_id: (nullable): the new `meta.external_id`, %NULL to leave it
 * @passthrough: (nullable): the new `passthrough`, %NULL to leave it
 *
 * PATCHes the asset. Apply the returned asset to a listed one with
 * md_asset_update_from() so its rows update in place.
 */
void
md_client_update_asset_async (MdClient            *self,
                              const char          *asset_id,
                              const char          *title,
                              const char          *creator_id,
                              const char          *external_id,
                              const char          *passthrough,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;
  g_autoptr(MdRequest) request = NULL;

  g_return_if_fail (MD_IS_CLIENT (self));
  g_return_if_fail (asset_id != NULL);

  json_builder_begin_object (builder);
  if (title != NULL || creator_id != NULL || external_id != NULL)
    {
      json_builder_set_member_name (builder, "meta");
      json_builder_begin_object (builder);
      if (title != NULL)
        {
          json_builder_set_member_name (builder, "title");
          json_builder_add_string_value (builder, title);
        }
      if (creator_id != NULL)
        {
          json_builder_set_member_name (builder, "creator_id");
          json_builder_add_string_value (builder, creator_id);
        }
      if (external_id != NULL)
        {
          json_builder_set_member_name (builder, "external_id");
          json_builder_add_string_value (builder, external_id);
        }
      json_builder_end_object (builder);
    }
  if (passthrough != NULL)
    {
      json_builder_set_member_name (builder, "passthrough");
      json_builder_add_string_value (builder, passthrough);
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  path = object_path ("/video/v1/assets", asset_id, NULL);
  /* Setting the same values twice is harmless: safe to retry. */
  {
    g_autoptr(GUri) uri = _md_client_build_uri (self, MD_HOST_API, path, NULL);

    request = _md_request_new ("PATCH", uri, MD_REQUEST_FLAGS_IDEMPOTENT);
  }
  _md_request_set_json_body (request, body);
  _md_client_call_data_async (self, request, MD_DATA_READER (md_asset_new_from_json),
                              md_client_update_asset_async, cancellable, callback, user_data);
}

/**
 * md_client_update_asset_finish:
 *
 * Returns: (transfer full) (nullable): the asset as it is now
 */
MdAsset *
md_client_update_asset_finish (MdClient      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return _md_client_call_finish (self, result, md_client_update_asset_async, error);
}

void
md_client_delete_asset_async (MdClient            *self,
                              const char          *asset_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (MD_IS_CLIENT (self));
  g_return_if_fail (asset_id != NULL);

  path = object_path ("/video/v1/assets", asset_id, NULL);
  _md_client_call_api_async (self, "DELETE", path, NULL, NULL, NULL,
                             md_client_delete_asset_async, cancellable, callback, user_data);
}

gboolean
md_client_delete_asset_finish (MdClient      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return _md_client_call_finish_boolean (self, result, md_client_delete_asset_async, error);
}

static const char *
policy_string (MdPlaybackPolicy policy)
{
  switch (policy)
    {
    case MD_PLAYBACK_POLICY_SIGNED: return "signed";
    case MD_PLAYBACK_POLICY_DRM: return "drm";
    case MD_PLAYBACK_POLICY_PUBLIC:
    case MD_PLAYBACK_POLICY_UNKNOWN:
    default:
      return "public";
    }
}

/**
 * md_client_add_playback_id_async:
 * @policy: %MD_PLAYBACK_POLICY_PUBLIC or %MD_PLAYBACK_POLICY_SIGNED
 *
 * Not retried after a lost answer: repeating it would add a second ID.
 */
void
md_client_add_playback_id_async (MdClient            *self,
                                 const char          *asset_id,
                                 MdPlaybackPolicy     policy,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonObject) object = json_object_new ();
  g_autofree char *path = NULL;

  g_return_if_fail (MD_IS_CLIENT (self));
  g_return_if_fail (asset_id != NULL);

  json_object_set_string_member (object, "policy", policy_string (policy));
  body = json_node_init_object (json_node_alloc (), object);

  path = object_path ("/video/v1/assets", asset_id, "/playback-ids");
  _md_client_call_api_async (self, "POST", path, NULL, body,
                             MD_DATA_READER (md_playback_id_new_from_json),
                             md_client_add_playback_id_async, cancellable, callback, user_data);
}

/**
 * md_client_add_playback_id_finish:
 *
 * Returns: (transfer full) (nullable): the new playback ID
 */
MdPlaybackId *
md_client_add_playback_id_finish (MdClient      *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return _md_client_call_finish (self, result, md_client_add_playback_id_async, error);
}

void
md_client_delete_playback_id_async (MdClient            *self,
                                    const char          *asset_id,
                                    const char          *playback_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autofree char *escaped = NULL;
  g_autofree char *suffix = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (MD_IS_CLIENT (self));
  g_return_if_fail (asset_id != NULL);
  g_return_if_fail (playback_id != NULL);

  escaped = _md_escape_segment (playback_id);
  suffix = g_strconcat ("/playback-ids/", escaped, NULL);
  path = object_path ("/video/v1/assets", asset_id, suffix);
  _md_client_call_api_async (self, "DELETE", path, NULL, NULL, NULL,
                             md_client_delete_playback_id_async, cancellable, callback, user_data);
}

gboolean
md_client_delete_playback_id_finish (MdClient      *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return _md_client_call_finish_boolean (self, result, md_client_delete_playback_id_async, error);
}

/**
 * md_client_get_input_info_async:
 *
 * Fetches `/video/v1/assets/{id}/input-info`: what Mux found in the
 * source file (container, tracks, codecs).
 */
void
md_client_get_input_info_async (MdClient            *self,
                                const char          *asset_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autofree char *path = NULL;
  g_autoptr(MdRequest) request = NULL;

  g_return_if_fail (MD_IS_CLIENT (self));
  g_return_if_fail (asset_id != NULL);

  path = object_path ("/video/v1/assets", asset_id, "/input-info");
  request = _md_client_new_api_request (self, "GET", path, NULL, NULL);
  _md_client_call_async (self, request, parse_data, (GDestroyNotify) json_node_unref,
                         md_client_get_input_info_async, cancellable, callback, user_data);
}

/**
 * md_client_get_input_info_finish:
 *
 * Returns: (transfer full) (nullable): the answer's `data` (a list of
 *   `{"settings","file":{"container_format","tracks"}}`)
 */
JsonNode *
md_client_get_input_info_finish (MdClient      *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return _md_client_call_finish (self, result, md_client_get_input_info_async, error);
}

/* ------------------------------------------------------------------------ */
/* Direct uploads                                                           */

static const char *
quality_string (MdVideoQuality quality)
{
  switch (quality)
    {
    case MD_VIDEO_QUALITY_PLUS: return "plus";
    case MD_VIDEO_QUALITY_PREMIUM: return "premium";
    case MD_VIDEO_QUALITY_BASIC:
    case MD_VIDEO_QUALITY_UNKNOWN:
    default:
      return "basic";
    }
}

/**
 * md_client_create_upload_async:
 * @title: (nullable): the new asset's `meta.title`
 * @timeout_seconds: how long the upload URL stays valid (60..604800), 0
 *   for Mux's default (3600)
 *
 * Creates a direct upload whose asset gets @policy and @video_quality.
 * Not retried after a lost answer (it would create a second upload).
 */
void
md_client_create_upload_async (MdClient            *self,
                               MdPlaybackPolicy     policy,
                               MdVideoQuality       video_quality,
                               const char          *title,
                               guint                timeout_seconds,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  md_client_create_upload_full_async (self, policy, video_quality, NULL, title, timeout_seconds,
                                      cancellable, callback, user_data);
}

/**
 * md_client_create_upload_full_async:
 * @max_resolution_tier: (nullable): `1080p`, `1440p` or `2160p`, the
 *   highest resolution Mux stores and streams; %NULL for Mux's default
 *   (1080p)
 *
 * Like md_client_create_upload_async(), with the asset's
 * `max_resolution_tier`. Finish with md_client_create_upload_finish().
 */
void
md_client_create_upload_full_async (MdClient            *self,
                                    MdPlaybackPolicy     policy,
                                    MdVideoQuality       video_quality,
                                    const char          *max_resolution_tier,
                                    const char          *title,
                                    guint                timeout_seconds,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (MD_IS_CLIENT (self));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "cors_origin");
  json_builder_add_string_value (builder, "*");
  if (timeout_seconds > 0)
    {
      json_builder_set_member_name (builder, "timeout");
      json_builder_add_int_value (builder, CLAMP (timeout_seconds, 60, 604800));
    }
  json_builder_set_member_name (builder, "new_asset_settings");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "playback_policies");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, policy_string (policy));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "video_quality");
  json_builder_add_string_value (builder, quality_string (video_quality));
  if (max_resolution_tier != NULL)
    {
      json_builder_set_member_name (builder, "max_resolution_tier");
      json_builder_add_string_value (builder, max_resolution_tier);
    }
  if (title != NULL)
    {
      json_builder_set_member_name (builder, "meta");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, title);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  _md_client_call_api_async (self, "POST", "/video/v1/uploads", NULL, body,
                             MD_DATA_READER (md_upload_new_from_json),
                             md_client_create_upload_async, cancellable, callback, user_data);
}

/**
 * md_client_create_upload_finish:
 *
 * Returns: (transfer full) (nullable): the upload, `waiting`, with its URL
 */
MdUpload *
md_client_create_upload_finish (MdClient      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return _md_client_call_finish (self, result, md_client_create_upload_async, error);
}

void
md_client_get_upload_async (MdClient            *self,
                            const char          *upload_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (MD_IS_CLIENT (self));
  g_return_if_fail (upload_id != NULL);

  path = object_path ("/video/v1/uploads", upload_id, NULL);
  _md_client_call_api_async (self, "GET", path, NULL, NULL,
                             MD_DATA_READER (md_upload_new_from_json),
                             md_client_get_upload_async, cancellable, callback, user_data);
}

/**
 * md_client_get_upload_finish:
 *
 * Returns: (transfer full) (nullable): the upload
 */
MdUpload *
md_client_get_upload_finish (MdClient      *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return _md_client_call_finish (self, result, md_client_get_upload_async, error);
}

/**
 * md_client_cancel_upload_async:
 *
 * Cancels a waiting upload; fails with %MD_CLIENT_ERROR_FORBIDDEN once it
 * has left `waiting`.
 */
void
md_client_cancel_upload_async (MdClient            *self,
                               const char          *upload_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (MD_IS_CLIENT (self));
  g_return_if_fail (upload_id != NULL);

  path = object_path ("/video/v1/uploads", upload_id, "/cancel");
  _md_client_call_api_async (self, "PUT", path, NULL, NULL,
                             MD_DATA_READER (md_upload_new_from_json),
                             md_client_cancel_upload_async, cancellable, callback, user_data);
}

/**
 * md_client_cancel_upload_finish:
 *
 * Returns: (transfer full) (nullable): the upload, now `cancelled`
 */
MdUpload *
md_client_cancel_upload_finish (MdClient      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return _md_client_call_finish (self, result, md_client_cancel_upload_async, error);
}

/* ------------------------------------------------------------------------ */
/* Live streams                                                             */

/**
 * md_client_list_live_streams_async:
 * @page: the page, from 1
 * @limit: streams per page, 1..100
 *
 * Lists one page (page/limit pagination: an empty page is the end).
 */
void
md_client_list_live_streams_async (MdClient            *self,
                                   guint                page,
                                   guint                limit,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autofree char *limit_text = limit_string (limit);
  g_autofree char *page_text = g_strdup_printf ("%u", MAX (page, 1));
  const char *query[] = { "limit", limit_text, "page", page_text, NULL };
  g_autoptr(MdRequest) request = NULL;

  g_return_if_fail (MD_IS_CLIENT (self));

  request = _md_client_new_api_request (self, "GET", "/video/v1/live-streams", query, NULL);
  _md_client_call_async (self, request, (MdParseFunc) md_live_stream_list_new_from_json,
                         (GDestroyNotify) g_ptr_array_unref,
                         md_client_list_live_streams_async, cancellable, callback, user_data);
}

/**
 * md_client_list_live_streams_finish:
 *
 * Returns: (transfer full) (element-type MdLiveStream) (nullable): the page
 */
GPtrArray *
md_client_list_live_streams_finish (MdClient      *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return _md_client_call_finish (self, result, md_client_list_live_streams_async, error);
}

void
md_client_get_live_stream_async (MdClient            *self,
                                 const char          *live_stream_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (MD_IS_CLIENT (self));
  g_return_if_fail (live_stream_id != NULL);

  path = object_path ("/video/v1/live-streams", live_stream_id, NULL);
  _md_client_call_api_async (self, "GET", path, NULL, NULL,
                             MD_DATA_READER (md_live_stream_new_from_json),
                             md_client_get_live_stream_async, cancellable, callback, user_data);
}

/**
 * md_client_get_live_stream_finish:
 *
 * Returns: (transfer full) (nullable): the live stream
 */
MdLiveStream *
md_client_get_live_stream_finish (MdClient      *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return _md_client_call_finish (self, result, md_client_get_live_stream_async, error);
}
