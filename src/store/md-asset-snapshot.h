/* md-asset-snapshot.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "md-asset.h"

G_BEGIN_DECLS

JsonNode *md_asset_snapshot_to_json (MdAsset *asset);
MdAsset  *md_asset_snapshot_copy    (MdAsset *asset);

G_END_DECLS
