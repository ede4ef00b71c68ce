/* md-sandbox-assets.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * /video/v1/assets: list (page, cursor), get, update, delete,
 * playback-ids, input-info.
 */

#pragma once

#include "md-sandbox-server.h"

G_BEGIN_DECLS

void      md_sandbox_assets_register   (MdSandboxServer   *server);

/* Shared by the list endpoints: parses limit (1..100) and page (>= 1);
 * answers 400 and returns FALSE on a bad value. */
gboolean  md_sandbox_parse_paging      (SoupServerMessage *msg,
                                        guint             *out_limit,
                                        guint             *out_page);
JsonNode *md_sandbox_records_to_array  (GPtrArray         *records);

G_END_DECLS
