/* md-timeline-hover-layer.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "md-timeline-layer.h"

G_BEGIN_DECLS

#define MD_TYPE_TIMELINE_HOVER_LAYER (md_timeline_hover_layer_get_type ())

G_DECLARE_FINAL_TYPE (MdTimelineHoverLayer, md_timeline_hover_layer, MD, TIMELINE_HOVER_LAYER, MdTimelineLayer)

MdTimelineLayer *md_timeline_hover_layer_new (void);
void             md_timeline_hover_layer_set_hover (MdTimelineHoverLayer *self,
                                                    GtkWidget            *widget,
                                                    double                seconds,
                                                    double                duration);

G_END_DECLS
