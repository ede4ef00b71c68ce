/* md-timeline-heatmap-layer.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "md-timeline-layer.h"

G_BEGIN_DECLS

/**
 * MdHeatmapRamp:
 * @MD_HEATMAP_RAMP_ACCENT: from the background to the accent colour
 * @MD_HEATMAP_RAMP_HEAT: from blue to red
 * @MD_HEATMAP_RAMP_GRAYSCALE: shades of grey, away from the background
 */
typedef enum
{
  MD_HEATMAP_RAMP_ACCENT,
  MD_HEATMAP_RAMP_HEAT,
  MD_HEATMAP_RAMP_GRAYSCALE,
} MdHeatmapRamp;

#define MD_TYPE_TIMELINE_HEATMAP_LAYER (md_timeline_heatmap_layer_get_type ())

G_DECLARE_FINAL_TYPE (MdTimelineHeatmapLayer, md_timeline_heatmap_layer, MD, TIMELINE_HEATMAP_LAYER, MdTimelineLayer)

MdTimelineLayer *md_timeline_heatmap_layer_new          (void);
void             md_timeline_heatmap_layer_set_values   (MdTimelineHeatmapLayer *self,
                                                         const double           *values,
                                                         guint                   n_values,
                                                         gint64                  total_views);
void             md_timeline_heatmap_layer_set_color_ramp (MdTimelineHeatmapLayer *self,
                                                           MdHeatmapRamp           ramp);
MdHeatmapRamp    md_timeline_heatmap_layer_get_color_ramp (MdTimelineHeatmapLayer *self);
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
void             md_heatmap_ramp_color                  (MdHeatmapRamp           ramp,
                                                         double                  level,
                                                         const GdkRGBA          *accent,
                                                         const GdkRGBA          *background,
                                                         GdkRGBA                *color);
MdHeatmapRamp    md_heatmap_ramp_from_name              (const char             *name);

G_END_DECLS
