/* md-timeline-track-layer.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "md-timeline-layer.h"

G_BEGIN_DECLS

#define MD_TYPE_TIMELINE_TRACK_LAYER (md_timeline_track_layer_get_type ())

G_DECLARE_FINAL_TYPE (MdTimelineTrackLayer, md_timeline_track_layer, MD, TIMELINE_TRACK_LAYER, MdTimelineLayer)

MdTimelineLayer *md_timeline_track_layer_new (void);

G_END_DECLS
