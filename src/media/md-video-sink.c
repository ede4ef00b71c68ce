/* md-video-sink.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-video-sink"

#include "config.h"

#include <gst/app/gstappsink.h>
#include <gst/video/video.h>

#include "md-video-sink.h"

/* A video sink for playbin3: `videoconvert ! appsink` as one bin. Each
 * decoded frame is wrapped, without a copy, in a GdkMemoryTexture on the
 * streaming thread and handed to the MdPaintable, which shows the newest
 * one from the main loop. */
struct _MdVideoSink
{
  GstBin       parent_instance;

  GstElement  *convert;
  GstElement  *appsink;
  MdPaintable *paintable;
};

G_DEFINE_FINAL_TYPE (MdVideoSink, md_video_sink, GST_TYPE_BIN)

/* Formats GdkMemoryTexture takes as they are; videoconvert gives the
 * alpha byte 255 for opaque video. */
#define SINK_CAPS "video/x-raw, format=(string){ RGBA, BGRA }"

static void
video_frame_free (gpointer data)
{
  GstVideoFrame *frame = data;

  gst_video_frame_unmap (frame);
  g_free (frame);
}

static GdkTexture *
texture_from_sample (GstSample *sample,
                     double    *pixel_aspect_ratio)
{
  GstVideoInfo info;
  GstVideoFrame *frame;
  GstBuffer *buffer;
  GdkMemoryFormat format;
  g_autoptr(GBytes) bytes = NULL;
  gsize stride;

  buffer = gst_sample_get_buffer (sample);
  if (buffer == NULL || !gst_video_info_from_caps (&info, gst_sample_get_caps (sample)))
    return NULL;

  switch (GST_VIDEO_INFO_FORMAT (&info))
    {
    case GST_VIDEO_FORMAT_RGBA:
      format = GDK_MEMORY_R8G8B8A8;
      break;
    case GST_VIDEO_FORMAT_BGRA:
      format = GDK_MEMORY_B8G8R8A8;
      break;
    default:
      return NULL;
    }

  frame = g_new0 (GstVideoFrame, 1);
  if (!gst_video_frame_map (frame, &info, buffer, GST_MAP_READ))
    {
      g_free (frame);
      return NULL;
    }

  /* The frame keeps the buffer mapped (and referenced) for as long as the
   * texture lives. */
  stride = GST_VIDEO_FRAME_PLANE_STRIDE (frame, 0);
  bytes = g_bytes_new_with_free_func (GST_VIDEO_FRAME_PLANE_DATA (frame, 0),
                                      stride * GST_VIDEO_FRAME_HEIGHT (frame),
                                      video_frame_free, frame);

  *pixel_aspect_ratio = (double) GST_VIDEO_INFO_PAR_N (&info) / MAX (1, GST_VIDEO_INFO_PAR_D (&info));

  return gdk_memory_texture_new (GST_VIDEO_INFO_WIDTH (&info),
                                 GST_VIDEO_INFO_HEIGHT (&info),
                                 format, bytes, stride);
}

/* Where the frame is in the stream (what a position query answers), in
 * seconds; -1 when it has no timestamp. */
static double
sample_stream_time (GstSample *sample)
{
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  const GstSegment *segment = gst_sample_get_segment (sample);
  guint64 stream_time;

  if (buffer == NULL || segment == NULL || segment->format != GST_FORMAT_TIME
      || !GST_BUFFER_PTS_IS_VALID (buffer))
    return -1;

  stream_time = gst_segment_to_stream_time (segment, GST_FORMAT_TIME, GST_BUFFER_PTS (buffer));
  if (!GST_CLOCK_TIME_IS_VALID (stream_time))
    return -1;

  return (double) stream_time / GST_SECOND;
}

static GstFlowReturn
show_sample (MdVideoSink *self,
             GstAppSink  *appsink,
             gboolean     preroll)
{
  g_autoptr(GstSample) sample = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  double par = 1.0;

  sample = preroll ? gst_app_sink_pull_preroll (appsink) : gst_app_sink_pull_sample (appsink);
  if (sample == NULL)
    return GST_FLOW_OK;

  texture = texture_from_sample (sample, &par);
  if (texture != NULL)
    md_paintable_queue_texture (self->paintable, texture, par, sample_stream_time (sample));

  return GST_FLOW_OK;
}

/* Streaming thread. */
static GstFlowReturn
on_appsink_new_sample_cb (GstAppSink *appsink,
                          gpointer    user_data)
{
  return show_sample (user_data, appsink, FALSE);
}

/* Streaming thread: the first frame after a seek while paused. */
static GstFlowReturn
on_appsink_new_preroll_cb (GstAppSink *appsink,
                           gpointer    user_data)
{
  return show_sample (user_data, appsink, TRUE);
}

static void
md_video_sink_dispose (GObject *object)
{
  MdVideoSink *self = MD_VIDEO_SINK (object);

  g_clear_object (&self->paintable);

  G_OBJECT_CLASS (md_video_sink_parent_class)->dispose (object);
}

static void
md_video_sink_class_init (MdVideoSinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = md_video_sink_dispose;
}

static void
md_video_sink_init (MdVideoSink *self)
{
  g_autoptr(GstCaps) caps = gst_caps_from_string (SINK_CAPS);
  GstAppSinkCallbacks callbacks = {
    .new_preroll = on_appsink_new_preroll_cb,
    .new_sample = on_appsink_new_sample_cb,
  };
  g_autoptr(GstPad) target = NULL;
  GstPad *ghost;

  self->convert = gst_element_factory_make ("videoconvert", NULL);
  self->appsink = gst_element_factory_make ("appsink", NULL);
  g_assert (self->convert != NULL && self->appsink != NULL);

  /* Synchronised to the clock, one frame queued at most: the sink never
   * holds a backlog of stale frames. */
  g_object_set (self->appsink,
                "caps", caps,
                "sync", TRUE,
                "max-buffers", 1,
                "drop", FALSE,
                "qos", TRUE,
                "enable-last-sample", FALSE,
                NULL);
  gst_app_sink_set_callbacks (GST_APP_SINK (self->appsink), &callbacks, self, NULL);

  gst_bin_add_many (GST_BIN (self), self->convert, self->appsink, NULL);
  gst_element_link (self->convert, self->appsink);

  target = gst_element_get_static_pad (self->convert, "sink");
  ghost = gst_ghost_pad_new ("sink", target);
  gst_element_add_pad (GST_ELEMENT (self), ghost);
}

/**
 * md_video_sink_new:
 * @paintable: where the frames go
 *
 * Returns: (transfer floating): a video sink element for playbin3's
 *   `video-sink` property
 */
GstElement *
md_video_sink_new (MdPaintable *paintable)
{
  MdVideoSink *self;

  g_return_val_if_fail (MD_IS_PAINTABLE (paintable), NULL);

  self = g_object_new (MD_TYPE_VIDEO_SINK, NULL);
  self->paintable = g_object_ref (paintable);

  return GST_ELEMENT (self);
}

/**
 * md_video_sink_get_paintable:
 *
 * Returns: (transfer none): the paintable the frames go to
 */
MdPaintable *
md_video_sink_get_paintable (MdVideoSink *self)
{
  g_return_val_if_fail (MD_IS_VIDEO_SINK (self), NULL);

  return self->paintable;
}
