/* md-enums.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Each enum starts with UNKNOWN: the API adds values over time, and an
 * unknown one must not fail a whole page. The nicks are the API's strings. */

typedef enum
{
  MD_ASSET_STATUS_UNKNOWN,
  MD_ASSET_STATUS_PREPARING,
  MD_ASSET_STATUS_READY,
  MD_ASSET_STATUS_ERRORED,
} MdAssetStatus;

typedef enum
{
  MD_VIDEO_QUALITY_UNKNOWN,
  MD_VIDEO_QUALITY_BASIC,
  MD_VIDEO_QUALITY_PLUS,
  MD_VIDEO_QUALITY_PREMIUM,
} MdVideoQuality;

typedef enum
{
  MD_PLAYBACK_POLICY_UNKNOWN,
  MD_PLAYBACK_POLICY_PUBLIC,
  MD_PLAYBACK_POLICY_SIGNED,
  MD_PLAYBACK_POLICY_DRM,
} MdPlaybackPolicy;

typedef enum
{
  MD_UPLOAD_STATUS_UNKNOWN,
  MD_UPLOAD_STATUS_WAITING,
  MD_UPLOAD_STATUS_ASSET_CREATED, /*< nick=asset_created >*/
  MD_UPLOAD_STATUS_ERRORED,
  MD_UPLOAD_STATUS_CANCELLED,
  MD_UPLOAD_STATUS_TIMED_OUT, /*< nick=timed_out >*/
} MdUploadStatus;

typedef enum
{
  MD_LIVE_STREAM_STATUS_UNKNOWN,
  MD_LIVE_STREAM_STATUS_IDLE,
  MD_LIVE_STREAM_STATUS_ACTIVE,
  MD_LIVE_STREAM_STATUS_DISABLED,
} MdLiveStreamStatus;

/* The path segment of the engagement endpoints. */
typedef enum
{
  MD_ENGAGEMENT_KIND_ASSET,
  MD_ENGAGEMENT_KIND_VIDEO,
  MD_ENGAGEMENT_KIND_PLAYBACK_ID,
} MdEngagementKind;

typedef enum
{
  MD_HOTSPOT_ORDER_DESC,
  MD_HOTSPOT_ORDER_ASC,
} MdHotspotOrder;

/* What an engagement-counts token names (its `aud` claim). */
typedef enum
{
  MD_COUNTS_KIND_VIDEO,
  MD_COUNTS_KIND_ASSET,
  MD_COUNTS_KIND_PLAYBACK_ID,
  MD_COUNTS_KIND_LIVE_STREAM,
} MdCountsKind;

G_END_DECLS
