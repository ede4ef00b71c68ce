/* md-timeline-heatmap-layer.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "md-timeline-layer.h"

G_BEGIN_DECLS

#define MD_TYPE_TIMELINE_HEATMAP_LAYER (md_timeline_heatmap_layer_get_type ())

G_DECLARE_FINAL_TYPE (MdTimelineHeatmapLayer, md_timeline_heatmap_layer, MD, TIMELINE_HEATMAP_LAYER, MdTimelineLayer)

MdTimelineLayer *md_timeline_heatmap_layer_new          (void);
void             md_timeline_heatmap_layer_set_values   (MdTimelineHeatmapLayer *self,
                                                         const double           *values,
                                                         guint                   n_values,
                                                         gint64                  total_views);
guint            md_timeline_heatmap_layer_get_n_values (MdTimelineHeatmapLayer *self);
const float     *md_timeline_heatmap_layer_get_levels   (MdTimelineHeatmapLayer *self,
                                                         guint                  *n_levels);

gboolean         md_heatmap_bucket_range                (guint                   index,
                                                         guint                   n_buckets,
                                                         double                  duration,
                                                         double                 *start,
                                                         double                 *end);
int              md_heatmap_bucket_at                   (double                  seconds,
                                                         guint                   n_buckets,
                                                         double                  duration);
void             md_heatmap_ramp_color                  (double                  level,
                                                         GdkRGBA                *color);

G_END_DECLS
