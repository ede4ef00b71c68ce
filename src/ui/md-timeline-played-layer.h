/* md-timeline-played-layer.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "md-timeline-layer.h"

G_BEGIN_DECLS

#define MD_TYPE_TIMELINE_PLAYED_LAYER (md_timeline_played_layer_get_type ())

G_DECLARE_FINAL_TYPE (MdTimelinePlayedLayer, md_timeline_played_layer, MD, TIMELINE_PLAYED_LAYER, MdTimelineLayer)

MdTimelineLayer *md_timeline_played_layer_new (void);

G_END_DECLS
