/* md-asset-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "md-client.h"
#include "md-thumbnail-cache.h"

G_BEGIN_DECLS

#define MD_TYPE_ASSET_ROW (md_asset_row_get_type ())

G_DECLARE_FINAL_TYPE (MdAssetRow, md_asset_row, MD, ASSET_ROW, GtkWidget)

GtkWidget *md_asset_row_new                 (MdThumbnailCache *thumbnails);
MdAsset   *md_asset_row_get_asset           (MdAssetRow       *self);
void       md_asset_row_set_asset           (MdAssetRow       *self,
                                             MdAsset          *asset,
                                             MdClient         *client);
gboolean   md_asset_row_get_has_thumbnail   (MdAssetRow       *self);
const char *md_asset_row_get_title          (MdAssetRow       *self);

G_END_DECLS
