/* md-asset-detail.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "md-client.h"

G_BEGIN_DECLS

#define MD_TYPE_ASSET_DETAIL (md_asset_detail_get_type ())

G_DECLARE_FINAL_TYPE (MdAssetDetail, md_asset_detail, MD, ASSET_DETAIL, GtkWidget)

GtkWidget *md_asset_detail_new       (void);
MdAsset   *md_asset_detail_get_asset (MdAssetDetail *self);
void       md_asset_detail_set_asset (MdAssetDetail *self,
                                      MdAsset       *asset,
                                      MdClient      *client);

G_END_DECLS
