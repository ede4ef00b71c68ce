/* md-sandbox-asset.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Asset records in Mux's shape (Node SDK 15.3.0 `Asset`), and the facts
 * the ingest learns about a media file.
 */

#pragma once

#include "md-sandbox-state.h"

G_BEGIN_DECLS

typedef struct
{
  double  duration;         /* seconds */
  guint   width;
  guint   height;
  double  frame_rate;
  gboolean has_video;
  gboolean has_audio;
  guint   channels;
  guint   sample_rate;
  char   *container_format; /* "mp4", "mkv", "mpegts", … */
  char   *video_encoding;   /* "h264", … */
  char   *audio_encoding;   /* "aac", … */
} MdSandboxMediaInfo;

void        md_sandbox_media_info_clear     (MdSandboxMediaInfo *info);
JsonNode   *md_sandbox_media_info_to_node   (const MdSandboxMediaInfo *info);
gboolean    md_sandbox_media_info_from_node (MdSandboxMediaInfo *info,
                                             JsonNode           *node);

/* A new `preparing` asset, added to the state; @settings is an upload's
 * new_asset_settings or a create-asset body (may be NULL). */
JsonObject *md_sandbox_asset_create         (MdSandboxState     *state,
                                             JsonObject         *settings,
                                             const char         *ingest_type);
void        md_sandbox_asset_set_ready      (JsonObject         *asset,
                                             const MdSandboxMediaInfo *info,
                                             const char         *media_name);
/* Mux's `progress`: @state ingesting, transcoding, completed or errored;
 * @progress 0..100 (-1 when errored). */
void        md_sandbox_asset_set_progress   (JsonObject         *asset,
                                             const char         *state,
                                             double              progress);
void        md_sandbox_asset_set_errored    (JsonObject         *asset,
                                             const char         *type,
                                             const char         *message);
/* Checks an update body (meta, passthrough); on error returns FALSE and
 * sets @out_message. */
gboolean    md_sandbox_asset_validate_update (JsonObject        *body,
                                             char              **out_message);
void        md_sandbox_asset_apply_update   (JsonObject         *asset,
                                             JsonObject         *body);
gboolean    md_sandbox_playback_policy_is_valid (const char     *policy);

G_END_DECLS
