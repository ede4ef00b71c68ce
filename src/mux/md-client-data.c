/* md-client-data.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-client-data"

#include "config.h"

#include "md-client-private.h"

#include "md-json-private.h"

/* Engagement (Data API, beta) and the live counts on the stats host. */

#define COUNTS_TOKEN_LIFETIME (10 * 60)

typedef struct
{
  GListModel *hotspots;
  gint64      total_views;
} HotspotsResult;

static void
hotspots_result_free (HotspotsResult *result)
{
  g_clear_object (&result->hotspots);
  g_free (result);
}

static gpointer
parse_hotspots (JsonNode  *root,
                GError   **error)
{
  HotspotsResult *result = g_new0 (HotspotsResult, 1);

  result->hotspots = md_hotspot_list_new_from_json (root, &result->total_views, error);
  if (result->hotspots == NULL)
    {
      hotspots_result_free (result);
      return NULL;
    }

  return result;
}

static const char *
kind_segment (MdEngagementKind kind)
{
  switch (kind)
    {
    case MD_ENGAGEMENT_KIND_VIDEO: return "videos";
    case MD_ENGAGEMENT_KIND_PLAYBACK_ID: return "playback-ids";
    case MD_ENGAGEMENT_KIND_ASSET:
    default:
      return "assets";
    }
}

static char *
engagement_path (MdEngagementKind  kind,
                 const char       *id,
                 const char       *what)
{
  g_autofree char *escaped = _md_escape_segment (id);

  return g_strdup_printf ("/data/v1/engagement/%s/%s/%s", kind_segment (kind), escaped, what);
}

static void
add_timeframe (GPtrArray         *query,
               const char *const *timeframe)
{
  for (guint i = 0; timeframe != NULL && timeframe[i] != NULL; i++)
    {
      g_ptr_array_add (query, (gpointer) "timeframe[]");
      g_ptr_array_add (query, (gpointer) timeframe[i]);
    }
}

/**
 * md_client_get_heatmap_async:
 * @kind: what @id names
 * @timeframe: (nullable) (array zero-terminated=1): `timeframe[]` values,
 *   e.g. { "7:days", NULL } or two epoch seconds; %NULL for Mux's default
 *   (the last 7 days)
 */
void
md_client_get_heatmap_async (MdClient            *self,
                             MdEngagementKind     kind,
                             const char          *id,
                             const char *const   *timeframe,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GPtrArray) query = g_ptr_array_new ();
  g_autofree char *path = NULL;
  g_autoptr(MdRequest) request = NULL;

  g_return_if_fail (MD_IS_CLIENT (self));
  g_return_if_fail (id != NULL);

  add_timeframe (query, timeframe);
  g_ptr_array_add (query, NULL);

  path = engagement_path (kind, id, "heatmap");
  request = _md_client_new_api_request (self, "GET", path,
                                        (const char *const *) query->pdata, NULL);
  _md_client_call_async (self, request, (MdParseFunc) md_heatmap_new_from_json, g_object_unref,
                         md_client_get_heatmap_async, cancellable, callback, user_data);
}

/**
 * md_client_get_heatmap_finish:
 *
 * Returns: (transfer full) (nullable): the heatmap
 */
MdHeatmap *
md_client_get_heatmap_finish (MdClient      *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return _md_client_call_finish (self, result, md_client_get_heatmap_async, error);
}

/**
 * md_client_get_hotspots_async:
 * @order: %MD_HOTSPOT_ORDER_DESC for the hottest first, ASC for the coldest
 * @limit: how many, 0 for Mux's default
 */
void
md_client_get_hotspots_async (MdClient            *self,
                              MdEngagementKind     kind,
                              const char          *id,
                              const char *const   *timeframe,
                              MdHotspotOrder       order,
                              guint                limit,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GPtrArray) query = g_ptr_array_new ();
  g_autofree char *limit_text = g_strdup_printf ("%u", limit);
  g_autofree char *path = NULL;
  g_autoptr(MdRequest) request = NULL;

  g_return_if_fail (MD_IS_CLIENT (self));
  g_return_if_fail (id != NULL);

  add_timeframe (query, timeframe);
  g_ptr_array_add (query, (gpointer) "order_direction");
  g_ptr_array_add (query, (gpointer) (order == MD_HOTSPOT_ORDER_ASC ? "asc" : "desc"));
  if (limit > 0)
    {
      g_ptr_array_add (query, (gpointer) "limit");
      g_ptr_array_add (query, limit_text);
    }
  g_ptr_array_add (query, NULL);

  path = engagement_path (kind, id, "hotspots");
  request = _md_client_new_api_request (self, "GET", path,
                                        (const char *const *) query->pdata, NULL);
  _md_client_call_async (self, request, parse_hotspots, (GDestroyNotify) hotspots_result_free,
                         md_client_get_hotspots_async, cancellable, callback, user_data);
}

/**
 * md_client_get_hotspots_finish:
 * @out_total_views: (out) (optional): the views behind the hotspots
 *
 * Returns: (transfer full) (nullable): a #GListModel of #MdHotspot (may be
 *   empty when views are few)
 */
GListModel *
md_client_get_hotspots_finish (MdClient      *self,
                               GAsyncResult  *result,
                               gint64        *out_total_views,
                               GError       **error)
{
  HotspotsResult *hotspots;
  GListModel *model;

  hotspots = _md_client_call_finish (self, result, md_client_get_hotspots_async, error);
  if (hotspots == NULL)
    return NULL;

  model = g_steal_pointer (&hotspots->hotspots);
  if (out_total_views != NULL)
    *out_total_views = hotspots->total_views;
  hotspots_result_free (hotspots);

  return model;
}

static const char *
counts_audience (MdCountsKind kind)
{
  switch (kind)
    {
    case MD_COUNTS_KIND_ASSET: return "asset_id";
    case MD_COUNTS_KIND_PLAYBACK_ID: return "playback_id";
    case MD_COUNTS_KIND_LIVE_STREAM: return "live_stream_id";
    case MD_COUNTS_KIND_VIDEO:
    default:
      return "video_id";
    }
}

/**
 * md_client_mint_counts_token:
 * @signer: the environment's active signing key
 * @kind: what @id names (the token's `aud`)
 * @expires_at: the token's `exp`, Unix seconds
 *
 * Mints the JWT `{stats}/counts` wants for @id (`sub`). A caller that
 * polls keeps it and sends it again until shortly before @expires_at
 * (md_client_get_viewer_count_for_token_async()).
 *
 * Returns: (transfer full) (nullable): the token, or %NULL with an
 *   %MD_JWT_ERROR when the key cannot sign
 */
char *
md_client_mint_counts_token (MdClient      *self,
                             MdJwtSigner   *signer,
                             MdCountsKind   kind,
                             const char    *id,
                             gint64         expires_at,
                             GError       **error)
{
  g_return_val_if_fail (MD_IS_CLIENT (self), NULL);
  g_return_val_if_fail (MD_IS_JWT_SIGNER (signer), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return md_jwt_signer_sign (signer, id, counts_audience (kind), expires_at, NULL, error);
}

/**
 * md_client_get_viewer_count_async:
 * @signer: signs the short-lived token the stats host wants
 * @kind: what @id names (the token's `aud`)
 *
 * Asks `{stats}/counts?token=JWT` for the current views and viewers, with
 * a token (10 minutes) minted for this one call; the token travels, the
 * key never does. A key that cannot sign fails with %MD_JWT_ERROR. To poll,
 * mint once with md_client_mint_counts_token() and use
 * md_client_get_viewer_count_for_token_async().
 */
void
md_client_get_viewer_count_async (MdClient            *self,
                                  MdJwtSigner         *signer,
                                  MdCountsKind         kind,
                                  const char          *id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autofree char *token = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (MD_IS_CLIENT (self));
  g_return_if_fail (MD_IS_JWT_SIGNER (signer));
  g_return_if_fail (id != NULL);

  token = md_client_mint_counts_token (self, signer, kind, id,
                                       g_get_real_time () / G_USEC_PER_SEC + COUNTS_TOKEN_LIFETIME, &error);
  if (token == NULL)
    {
      g_task_report_error (self, callback, user_data, md_client_get_viewer_count_async,
                           g_steal_pointer (&error));
      return;
    }

  md_client_get_viewer_count_for_token_async (self, token, cancellable, callback, user_data);
}

/**
 * md_client_get_viewer_count_for_token_async:
 * @token: a counts JWT from md_client_mint_counts_token()
 *
 * Asks `{stats}/counts?token=@token` for the current views and viewers of
 * what the token names. Finish with md_client_get_viewer_count_finish().
 * An expired or refused token fails with %MD_CLIENT_ERROR_FORBIDDEN (or
 * %MD_CLIENT_ERROR_UNAUTHORIZED).
 */
void
md_client_get_viewer_count_for_token_async (MdClient            *self,
                                            const char          *token,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  const char *query[] = { "token", token, NULL };
  g_autoptr(GUri) uri = NULL;
  g_autoptr(MdRequest) request = NULL;

  g_return_if_fail (MD_IS_CLIENT (self));
  g_return_if_fail (token != NULL);

  uri = _md_client_build_uri (self, MD_HOST_STATS, "/counts", query);
  request = _md_request_new ("GET", uri, MD_REQUEST_FLAGS_NO_AUTH);
  _md_client_call_async (self, request, (MdParseFunc) md_viewer_count_new_from_json, g_object_unref,
                         md_client_get_viewer_count_async, cancellable, callback, user_data);
}

/**
 * md_client_get_viewer_count_finish:
 *
 * Returns: (transfer full) (nullable): the current counts
 */
MdViewerCount *
md_client_get_viewer_count_finish (MdClient      *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return _md_client_call_finish (self, result, md_client_get_viewer_count_async, error);
}
