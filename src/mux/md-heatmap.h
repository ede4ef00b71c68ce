/* md-heatmap.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define MD_TYPE_HEATMAP (md_heatmap_get_type ())

G_DECLARE_FINAL_TYPE (MdHeatmap, md_heatmap, MD, HEATMAP, GObject)

MdHeatmap    *md_heatmap_new_from_json       (JsonNode   *root,
                                              GError    **error);
gint64        md_heatmap_get_total_views     (MdHeatmap  *self);
guint         md_heatmap_get_n_buckets       (MdHeatmap  *self);
const double *md_heatmap_get_values          (MdHeatmap  *self,
                                              guint      *n_values);
double        md_heatmap_get_max_value       (MdHeatmap  *self);
gint64        md_heatmap_get_timeframe_start (MdHeatmap  *self);
gint64        md_heatmap_get_timeframe_end   (MdHeatmap  *self);

G_END_DECLS
