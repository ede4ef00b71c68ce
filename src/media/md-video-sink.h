/* md-video-sink.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gst/gst.h>

#include "md-paintable.h"

G_BEGIN_DECLS

#define MD_TYPE_VIDEO_SINK (md_video_sink_get_type ())

G_DECLARE_FINAL_TYPE (MdVideoSink, md_video_sink, MD, VIDEO_SINK, GstBin)

GstElement  *md_video_sink_new           (MdPaintable *paintable);
MdPaintable *md_video_sink_get_paintable (MdVideoSink *self);

G_END_DECLS
