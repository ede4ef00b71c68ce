/* md-timeline-played-layer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-timeline-played-layer"

#include "config.h"

#include "md-timeline.h"
#include "md-timeline-played-layer.h"

/* The played range in the accent colour, and the playhead knob on top. */
struct _MdTimelinePlayedLayer
{
  MdTimelineLayer parent_instance;

  GdkRGBA         played_color;
  GdkRGBA         knob_color;
  GdkRGBA         focus_color;
};

G_DEFINE_FINAL_TYPE (MdTimelinePlayedLayer, md_timeline_played_layer, MD_TYPE_TIMELINE_LAYER)

#define KNOB_RADIUS 7.0f

static void
md_timeline_played_layer_snapshot (MdTimelineLayer *layer,
                                   MdTimeline      *timeline,
                                   GtkSnapshot     *snapshot,
                                   int              width,
                                   int              height)
{
  MdTimelinePlayedLayer *self = MD_TIMELINE_PLAYED_LAYER (layer);
  graphene_rect_t track;
  graphene_rect_t played;
  graphene_rect_t knob;
  GskRoundedRect rounded;
  float x;
  float center_y;
  float radius = KNOB_RADIUS;

  if (md_timeline_get_duration (timeline) <= 0)
    return;

  md_timeline_get_track_rect (timeline, &track);
  x = md_timeline_time_to_x (timeline, md_timeline_get_display_position (timeline));
  center_y = track.origin.y + track.size.height / 2;

  graphene_rect_init (&played, track.origin.x, track.origin.y, x - track.origin.x, track.size.height);
  gsk_rounded_rect_init_from_rect (&rounded, &track, track.size.height / 2);
  gtk_snapshot_push_rounded_clip (snapshot, &rounded);
  gtk_snapshot_append_color (snapshot, &self->played_color, &played);
  gtk_snapshot_pop (snapshot);

  /* A focus halo around the knob tells keyboard users the arrows work here. */
  if (gtk_widget_has_visible_focus (GTK_WIDGET (timeline)))
    {
      graphene_rect_init (&knob, x - radius - 3, center_y - radius - 3, 2 * (radius + 3), 2 * (radius + 3));
      gsk_rounded_rect_init_from_rect (&rounded, &knob, radius + 3);
      gtk_snapshot_push_rounded_clip (snapshot, &rounded);
      gtk_snapshot_append_color (snapshot, &self->focus_color, &knob);
      gtk_snapshot_pop (snapshot);
    }

  if (!md_timeline_get_dragging (timeline) && md_timeline_get_hover_position (timeline) < 0)
    radius -= 1;

  graphene_rect_init (&knob, x - radius, center_y - radius, 2 * radius, 2 * radius);
  gsk_rounded_rect_init_from_rect (&rounded, &knob, radius);
  gtk_snapshot_push_rounded_clip (snapshot, &rounded);
  gtk_snapshot_append_color (snapshot, &self->knob_color, &knob);
  gtk_snapshot_pop (snapshot);
}

static void
md_timeline_played_layer_css_changed (MdTimelineLayer *layer,
                                      GtkWidget       *widget)
{
  MdTimelinePlayedLayer *self = MD_TIMELINE_PLAYED_LAYER (layer);
  static const GdkRGBA blue = { 0.21f, 0.52f, 0.89f, 1.0f };

  md_timeline_layer_lookup_color (widget, "accent_bg_color", &blue, &self->played_color);
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &self->knob_color);
  self->knob_color.alpha = 1.0f;
  self->focus_color = self->played_color;
  self->focus_color.alpha = 0.5f;
}

static void
md_timeline_played_layer_class_init (MdTimelinePlayedLayerClass *klass)
{
  MdTimelineLayerClass *layer_class = MD_TIMELINE_LAYER_CLASS (klass);

  layer_class->snapshot = md_timeline_played_layer_snapshot;
  layer_class->css_changed = md_timeline_played_layer_css_changed;
}

static void
md_timeline_played_layer_init (MdTimelinePlayedLayer *self)
{
  self->played_color = (GdkRGBA) { 0.21f, 0.52f, 0.89f, 1.0f };
  self->knob_color = (GdkRGBA) { 1.0f, 1.0f, 1.0f, 1.0f };
  self->focus_color = (GdkRGBA) { 0.21f, 0.52f, 0.89f, 0.5f };
}

MdTimelineLayer *
md_timeline_played_layer_new (void)
{
  return g_object_new (MD_TYPE_TIMELINE_PLAYED_LAYER, NULL);
}
