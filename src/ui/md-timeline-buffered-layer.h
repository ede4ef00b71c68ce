/* md-timeline-buffered-layer.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "md-timeline-layer.h"

G_BEGIN_DECLS

#define MD_TYPE_TIMELINE_BUFFERED_LAYER (md_timeline_buffered_layer_get_type ())

G_DECLARE_FINAL_TYPE (MdTimelineBufferedLayer, md_timeline_buffered_layer, MD, TIMELINE_BUFFERED_LAYER, MdTimelineLayer)

MdTimelineLayer *md_timeline_buffered_layer_new (void);

G_END_DECLS
