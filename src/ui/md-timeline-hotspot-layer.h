/* md-timeline-hotspot-layer.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "md-timeline-layer.h"

G_BEGIN_DECLS

#define MD_TYPE_TIMELINE_HOTSPOT_LAYER (md_timeline_hotspot_layer_get_type ())

G_DECLARE_FINAL_TYPE (MdTimelineHotspotLayer, md_timeline_hotspot_layer, MD, TIMELINE_HOTSPOT_LAYER, MdTimelineLayer)

MdTimelineLayer *md_timeline_hotspot_layer_new          (void);
void             md_timeline_hotspot_layer_set_hotspots (MdTimelineHotspotLayer *self,
                                                         GListModel             *hotspots,
                                                         gboolean                cold);
GListModel      *md_timeline_hotspot_layer_get_hotspots (MdTimelineHotspotLayer *self);
int              md_timeline_hotspot_layer_lookup       (MdTimelineHotspotLayer *self,
                                                         MdTimeline             *timeline,
                                                         double                  x);

G_END_DECLS
