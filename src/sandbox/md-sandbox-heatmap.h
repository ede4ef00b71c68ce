/* md-sandbox-heatmap.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gint64  md_sandbox_heatmap_bucket_start (guint      i,
                                         double     duration_ms,
                                         guint      n);
double *md_sandbox_heatmap_shares       (GPtrArray *views,
                                         double     duration_ms,
                                         guint      n);

G_END_DECLS
