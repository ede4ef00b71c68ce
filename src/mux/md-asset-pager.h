/* md-asset-pager.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "md-pager.h"

G_BEGIN_DECLS

#define MD_TYPE_ASSET_PAGER (md_asset_pager_get_type ())

G_DECLARE_FINAL_TYPE (MdAssetPager, md_asset_pager, MD, ASSET_PAGER, MdPager)

MdAssetPager *md_asset_pager_new (MdClient *client);

G_END_DECLS
