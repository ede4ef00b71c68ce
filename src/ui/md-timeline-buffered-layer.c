/* md-timeline-buffered-layer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-timeline-buffered-layer"

#include "config.h"

#include "md-timeline.h"
#include "md-timeline-buffered-layer.h"

/* What is downloaded ahead of the playhead, a shade above the track. */
struct _MdTimelineBufferedLayer
{
  MdTimelineLayer parent_instance;

  GdkRGBA         color;
};

G_DEFINE_FINAL_TYPE (MdTimelineBufferedLayer, md_timeline_buffered_layer, MD_TYPE_TIMELINE_LAYER)

static void
md_timeline_buffered_layer_snapshot (MdTimelineLayer *layer,
                                     MdTimeline      *timeline,
                                     GtkSnapshot     *snapshot,
                                     int              width,
                                     int              height)
{
  MdTimelineBufferedLayer *self = MD_TIMELINE_BUFFERED_LAYER (layer);
  graphene_rect_t track;
  graphene_rect_t buffered;
  GskRoundedRect rounded;
  double end_x;

  if (md_timeline_get_duration (timeline) <= 0)
    return;

  md_timeline_get_track_rect (timeline, &track);
  end_x = md_timeline_time_to_x (timeline, md_timeline_get_buffered_position (timeline));
  if (end_x <= track.origin.x)
    return;

  graphene_rect_init (&buffered, track.origin.x, track.origin.y,
                      end_x - track.origin.x, track.size.height);
  gsk_rounded_rect_init_from_rect (&rounded, &track, track.size.height / 2);
  gtk_snapshot_push_rounded_clip (snapshot, &rounded);
  gtk_snapshot_append_color (snapshot, &self->color, &buffered);
  gtk_snapshot_pop (snapshot);
}

static void
md_timeline_buffered_layer_css_changed (MdTimelineLayer *layer,
                                        GtkWidget       *widget)
{
  MdTimelineBufferedLayer *self = MD_TIMELINE_BUFFERED_LAYER (layer);

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &self->color);
  self->color.alpha *= 0.28f;
}

static void
md_timeline_buffered_layer_class_init (MdTimelineBufferedLayerClass *klass)
{
  MdTimelineLayerClass *layer_class = MD_TIMELINE_LAYER_CLASS (klass);

  layer_class->snapshot = md_timeline_buffered_layer_snapshot;
  layer_class->css_changed = md_timeline_buffered_layer_css_changed;
}

static void
md_timeline_buffered_layer_init (MdTimelineBufferedLayer *self)
{
  self->color = (GdkRGBA) { 0.5f, 0.5f, 0.5f, 0.3f };
}

MdTimelineLayer *
md_timeline_buffered_layer_new (void)
{
  return g_object_new (MD_TYPE_TIMELINE_BUFFERED_LAYER, NULL);
}
