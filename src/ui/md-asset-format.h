/* md-asset-format.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "md-asset.h"
#include "md-live-stream.h"

G_BEGIN_DECLS

char       *md_asset_format_title          (MdAsset            *asset);
char       *md_asset_format_duration       (double              seconds);
char       *md_asset_format_resolution     (MdAsset            *asset);
char       *md_asset_format_relative_date  (gint64              unix_seconds,
                                            gint64              now);
char       *md_asset_format_absolute_date  (gint64              unix_seconds);
char       *md_asset_format_status         (MdAsset            *asset);
char       *md_asset_format_error          (MdAsset            *asset);
const char *md_asset_format_policy         (MdPlaybackPolicy    policy);
const char *md_asset_format_live_status    (MdLiveStreamStatus  status);

G_END_DECLS
