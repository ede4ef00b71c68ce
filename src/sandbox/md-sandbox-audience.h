/* md-sandbox-audience.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

GPtrArray *md_sandbox_audience_generate (const char        *asset_id,
                                         const char *const *playback_ids,
                                         double             duration_s,
                                         guint              n_viewers,
                                         gint64             now);

G_END_DECLS
