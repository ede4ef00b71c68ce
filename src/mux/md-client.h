/* md-client.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "md-asset.h"
#include "md-client-error.h"
#include "md-enums.h"
#include "md-heatmap.h"
#include "md-hotspot.h"
#include "md-jwt.h"
#include "md-live-stream.h"
#include "md-playback-id.h"
#include "md-signing-key.h"
#include "md-upload.h"
#include "md-viewer-count.h"
#include "md-whoami.h"

G_BEGIN_DECLS

#define MD_DEFAULT_API_URL    "https://api.mux.com"
#define MD_DEFAULT_STREAM_URL "https://stream.mux.com"
#define MD_DEFAULT_IMAGE_URL  "https://image.mux.com"
#define MD_DEFAULT_STATS_URL  "https://stats.mux.com"

#define MD_TYPE_CLIENT (md_client_get_type ())

G_DECLARE_FINAL_TYPE (MdClient, md_client, MD, CLIENT, GObject)

MdClient      *md_client_new                     (const char           *token_id,
                                                  const char           *token_secret);
const char    *md_client_get_token_id            (MdClient             *self);
const char    *md_client_get_api_url             (MdClient             *self);
void           md_client_set_api_url             (MdClient             *self,
                                                  const char           *url);
const char    *md_client_get_stream_url          (MdClient             *self);
void           md_client_set_stream_url          (MdClient             *self,
                                                  const char           *url);
const char    *md_client_get_image_url           (MdClient             *self);
void           md_client_set_image_url           (MdClient             *self,
                                                  const char           *url);
const char    *md_client_get_stats_url           (MdClient             *self);
void           md_client_set_stats_url           (MdClient             *self,
                                                  const char           *url);
gint64         md_client_reserve_status_poll     (MdClient             *self);

/* Assets */
void           md_client_list_assets_async       (MdClient             *self,
                                                  const char           *cursor,
                                                  guint                 limit,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
GPtrArray     *md_client_list_assets_finish      (MdClient             *self,
                                                  GAsyncResult         *result,
                                                  char                **out_next_cursor,
                                                  GError              **error);
void           md_client_get_asset_async         (MdClient             *self,
                                                  const char           *asset_id,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
MdAsset       *md_client_get_asset_finish        (MdClient             *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void           md_client_update_asset_async      (MdClient             *self,
                                                  const char           *asset_id,
                                                  const char           *title,
                                                  const char           *creator_id,
                                                  const char           *external_id,
                                                  const char           *passthrough,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
MdAsset       *md_client_update_asset_finish     (MdClient             *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void           md_client_delete_asset_async      (MdClient             *self,
                                                  const char           *asset_id,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean       md_client_delete_asset_finish     (MdClient             *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void           md_client_add_playback_id_async   (MdClient             *self,
                                                  const char           *asset_id,
                                                  MdPlaybackPolicy      policy,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
MdPlaybackId  *md_client_add_playback_id_finish  (MdClient             *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void           md_client_delete_playback_id_async (MdClient            *self,
                                                  const char           *asset_id,
                                                  const char           *playback_id,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean       md_client_delete_playback_id_finish (MdClient           *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void           md_client_get_input_info_async    (MdClient             *self,
                                                  const char           *asset_id,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
JsonNode      *md_client_get_input_info_finish   (MdClient             *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

/* Direct uploads */
void           md_client_create_upload_async     (MdClient             *self,
                                                  MdPlaybackPolicy      policy,
                                                  MdVideoQuality        video_quality,
                                                  const char           *title,
                                                  guint                 timeout_seconds,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
void           md_client_create_upload_full_async (MdClient            *self,
                                                  MdPlaybackPolicy      policy,
                                                  MdVideoQuality        video_quality,
                                                  const char           *max_resolution_tier,
                                                  const char           *title,
                                                  guint                 timeout_seconds,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
MdUpload      *md_client_create_upload_finish    (MdClient             *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void           md_client_get_upload_async        (MdClient             *self,
                                                  const char           *upload_id,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
MdUpload      *md_client_get_upload_finish       (MdClient             *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void           md_client_cancel_upload_async     (MdClient             *self,
                                                  const char           *upload_id,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
MdUpload      *md_client_cancel_upload_finish    (MdClient             *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

/* Live streams */
void           md_client_list_live_streams_async (MdClient             *self,
                                                  guint                 page,
                                                  guint                 limit,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
GPtrArray     *md_client_list_live_streams_finish (MdClient            *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void           md_client_get_live_stream_async   (MdClient             *self,
                                                  const char           *live_stream_id,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
MdLiveStream  *md_client_get_live_stream_finish  (MdClient             *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

/* Signing keys and the token itself */
void           md_client_create_signing_key_async (MdClient            *self,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
MdSigningKey  *md_client_create_signing_key_finish (MdClient           *self,
                                                  GAsyncResult         *result,
                                                  char                **out_private_key,
                                                  GError              **error);
void           md_client_list_signing_keys_async (MdClient             *self,
                                                  guint                 page,
                                                  guint                 limit,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
GPtrArray     *md_client_list_signing_keys_finish (MdClient            *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void           md_client_get_signing_key_async   (MdClient             *self,
                                                  const char           *key_id,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
MdSigningKey  *md_client_get_signing_key_finish  (MdClient             *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void           md_client_delete_signing_key_async (MdClient            *self,
                                                  const char           *key_id,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean       md_client_delete_signing_key_finish (MdClient           *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void           md_client_whoami_async            (MdClient             *self,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
MdWhoami      *md_client_whoami_finish           (MdClient             *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

/* Engagement (Data API) and live counts (stats host) */
void           md_client_get_heatmap_async       (MdClient             *self,
                                                  MdEngagementKind      kind,
                                                  const char           *id,
                                                  const char *const    *timeframe,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
MdHeatmap     *md_client_get_heatmap_finish      (MdClient             *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void           md_client_get_hotspots_async      (MdClient             *self,
                                                  MdEngagementKind      kind,
                                                  const char           *id,
                                                  const char *const    *timeframe,
                                                  MdHotspotOrder        order,
                                                  guint                 limit,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
GListModel    *md_client_get_hotspots_finish     (MdClient             *self,
                                                  GAsyncResult         *result,
                                                  gint64               *out_total_views,
                                                  GError              **error);
char          *md_client_mint_counts_token       (MdClient             *self,
                                                  MdJwtSigner          *signer,
                                                  MdCountsKind          kind,
                                                  const char           *id,
                                                  gint64                expires_at,
                                                  GError              **error);
void           md_client_get_viewer_count_async  (MdClient             *self,
                                                  MdJwtSigner          *signer,
                                                  MdCountsKind          kind,
                                                  const char           *id,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
void           md_client_get_viewer_count_for_token_async (MdClient             *self,
                                                           const char           *token,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
MdViewerCount *md_client_get_viewer_count_finish (MdClient             *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

/* URLs for a playback ID, signed with @signer when its policy is signed */
char          *md_client_build_stream_url        (MdClient             *self,
                                                  MdPlaybackId         *playback_id,
                                                  MdJwtSigner          *signer,
                                                  gint64                expires_at,
                                                  GError              **error);
char          *md_client_build_thumbnail_url     (MdClient             *self,
                                                  MdPlaybackId         *playback_id,
                                                  MdJwtSigner          *signer,
                                                  gint64                expires_at,
                                                  double                time,
                                                  guint                 width,
                                                  GError              **error);
char          *md_client_build_storyboard_url    (MdClient             *self,
                                                  MdPlaybackId         *playback_id,
                                                  MdJwtSigner          *signer,
                                                  gint64                expires_at,
                                                  const char           *format,
                                                  GError              **error);

G_END_DECLS
