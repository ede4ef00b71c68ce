/* md-asset.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "md-enums.h"
#include "md-playback-id.h"
#include "md-track.h"

G_BEGIN_DECLS

#define MD_TYPE_ASSET (md_asset_get_type ())

G_DECLARE_FINAL_TYPE (MdAsset, md_asset, MD, ASSET, GObject)

MdAsset        *md_asset_new_from_json           (JsonObject  *object,
                                                  GError     **error);
gboolean        md_asset_update_from_json        (MdAsset     *self,
                                                  JsonObject  *object,
                                                  GError     **error);
void            md_asset_update_from             (MdAsset     *self,
                                                  MdAsset     *other);

const char     *md_asset_get_id                  (MdAsset     *self);
gint64          md_asset_get_created_at          (MdAsset     *self);
GDateTime      *md_asset_dup_created_at_date_time (MdAsset    *self);
MdAssetStatus   md_asset_get_status              (MdAsset     *self);
double          md_asset_get_duration            (MdAsset     *self);
const char     *md_asset_get_aspect_ratio        (MdAsset     *self);
const char     *md_asset_get_resolution_tier     (MdAsset     *self);
const char     *md_asset_get_max_resolution_tier (MdAsset     *self);
const char     *md_asset_get_max_stored_resolution (MdAsset   *self);
MdVideoQuality  md_asset_get_video_quality       (MdAsset     *self);
const char     *md_asset_get_title               (MdAsset     *self);
const char     *md_asset_get_creator_id          (MdAsset     *self);
const char     *md_asset_get_external_id         (MdAsset     *self);
const char     *md_asset_get_passthrough         (MdAsset     *self);
const char     *md_asset_get_upload_id           (MdAsset     *self);
const char     *md_asset_get_live_stream_id      (MdAsset     *self);
const char     *md_asset_get_ingest_type         (MdAsset     *self);
gboolean        md_asset_get_is_live             (MdAsset     *self);
gboolean        md_asset_get_test                (MdAsset     *self);
const char     *md_asset_get_error_type          (MdAsset     *self);
const char *const *md_asset_get_error_messages   (MdAsset     *self);
const char     *md_asset_get_progress_state      (MdAsset     *self);
double          md_asset_get_progress            (MdAsset     *self);
GListModel     *md_asset_get_playback_ids        (MdAsset     *self);
MdPlaybackId   *md_asset_find_playback_id        (MdAsset     *self,
                                                  MdPlaybackPolicy policy);
GPtrArray      *md_asset_get_tracks              (MdAsset     *self);
const MdTrack  *md_asset_find_track              (MdAsset     *self,
                                                  const char  *type);

GPtrArray      *md_asset_list_new_from_json      (JsonNode    *root,
                                                  char       **out_next_cursor,
                                                  GError     **error);

G_END_DECLS
