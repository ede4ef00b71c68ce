/* md-timeline-track-layer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-timeline-track-layer"

#include "config.h"

#include "md-timeline.h"
#include "md-timeline-track-layer.h"

/* The bottom layer: the whole length of the video as a rounded bar. */
struct _MdTimelineTrackLayer
{
  MdTimelineLayer parent_instance;

  GdkRGBA         color;
};

G_DEFINE_FINAL_TYPE (MdTimelineTrackLayer, md_timeline_track_layer, MD_TYPE_TIMELINE_LAYER)

static void
md_timeline_track_layer_snapshot (MdTimelineLayer *layer,
                                  MdTimeline      *timeline,
                                  GtkSnapshot     *snapshot,
                                  int              width,
                                  int              height)
{
  MdTimelineTrackLayer *self = MD_TIMELINE_TRACK_LAYER (layer);
  graphene_rect_t track;
  GskRoundedRect rounded;

  md_timeline_get_track_rect (timeline, &track);
  gsk_rounded_rect_init_from_rect (&rounded, &track, track.size.height / 2);
  gtk_snapshot_push_rounded_clip (snapshot, &rounded);
  gtk_snapshot_append_color (snapshot, &self->color, &track);
  gtk_snapshot_pop (snapshot);
}

static void
md_timeline_track_layer_css_changed (MdTimelineLayer *layer,
                                     GtkWidget       *widget)
{
  MdTimelineTrackLayer *self = MD_TIMELINE_TRACK_LAYER (layer);

  /* The widget's own foreground, faint: right on the dark OSD and in the
   * light and dark styles alike. */
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &self->color);
  self->color.alpha *= 0.22f;
}

static void
md_timeline_track_layer_class_init (MdTimelineTrackLayerClass *klass)
{
  MdTimelineLayerClass *layer_class = MD_TIMELINE_LAYER_CLASS (klass);

  layer_class->snapshot = md_timeline_track_layer_snapshot;
  layer_class->css_changed = md_timeline_track_layer_css_changed;
}

static void
md_timeline_track_layer_init (MdTimelineTrackLayer *self)
{
  self->color = (GdkRGBA) { 0.5f, 0.5f, 0.5f, 0.3f };
}

MdTimelineLayer *
md_timeline_track_layer_new (void)
{
  return g_object_new (MD_TYPE_TIMELINE_TRACK_LAYER, NULL);
}
