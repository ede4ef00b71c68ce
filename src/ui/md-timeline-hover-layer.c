/* md-timeline-hover-layer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-timeline-hover-layer"

#include "config.h"

#include "md-time.h"
#include "md-timeline.h"
#include "md-timeline-hover-layer.h"

/* The time under the pointer: a thin line across the track and a label
 * above it. The label's text is laid out when the hover moves, never in
 * snapshot. */
struct _MdTimelineHoverLayer
{
  MdTimelineLayer  parent_instance;

  PangoLayout     *layout;
  double           seconds;
  GdkRGBA          line_color;
  GdkRGBA          label_bg_color;
  GdkRGBA          label_fg_color;
};

G_DEFINE_FINAL_TYPE (MdTimelineHoverLayer, md_timeline_hover_layer, MD_TYPE_TIMELINE_LAYER)

#define LABEL_PADDING_X 6.0f
#define LABEL_PADDING_Y 2.0f
#define LABEL_GAP 4.0f

static void
md_timeline_hover_layer_snapshot (MdTimelineLayer *layer,
                                  MdTimeline      *timeline,
                                  GtkSnapshot     *snapshot,
                                  int              width,
                                  int              height)
{
  MdTimelineHoverLayer *self = MD_TIMELINE_HOVER_LAYER (layer);
  graphene_rect_t track;
  graphene_rect_t line;
  graphene_rect_t label;
  GskRoundedRect rounded;
  int text_width, text_height;
  float x;

  if (self->seconds < 0 || self->layout == NULL)
    return;

  md_timeline_get_track_rect (timeline, &track);
  x = md_timeline_time_to_x (timeline, self->seconds);

  graphene_rect_init (&line, x - 1, track.origin.y - 3, 2, track.size.height + 6);
  gtk_snapshot_append_color (snapshot, &self->line_color, &line);

  pango_layout_get_pixel_size (self->layout, &text_width, &text_height);
  graphene_rect_init (&label, 0, 0, text_width + 2 * LABEL_PADDING_X, text_height + 2 * LABEL_PADDING_Y);
  label.origin.x = CLAMP (x - label.size.width / 2, 0, MAX (0, width - label.size.width));
  label.origin.y = MAX (0, track.origin.y - LABEL_GAP - 4 - label.size.height);

  gsk_rounded_rect_init_from_rect (&rounded, &label, 4);
  gtk_snapshot_push_rounded_clip (snapshot, &rounded);
  gtk_snapshot_append_color (snapshot, &self->label_bg_color, &label);
  gtk_snapshot_pop (snapshot);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (label.origin.x + LABEL_PADDING_X,
                                                          label.origin.y + LABEL_PADDING_Y));
  gtk_snapshot_append_layout (snapshot, self->layout, &self->label_fg_color);
  gtk_snapshot_restore (snapshot);
}

static void
md_timeline_hover_layer_css_changed (MdTimelineLayer *layer,
                                     GtkWidget       *widget)
{
  MdTimelineHoverLayer *self = MD_TIMELINE_HOVER_LAYER (layer);
  static const GdkRGBA black = { 0, 0, 0, 0.8f };
  static const GdkRGBA white = { 1, 1, 1, 1 };

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &self->line_color);
  self->line_color.alpha *= 0.8f;
  md_timeline_layer_lookup_color (widget, "view_fg_color", &black, &self->label_bg_color);
  self->label_bg_color.alpha = 0.85f;
  md_timeline_layer_lookup_color (widget, "view_bg_color", &white, &self->label_fg_color);
  /* The font may have changed too. */
  if (self->layout != NULL)
    pango_layout_context_changed (self->layout);
}

static void
md_timeline_hover_layer_finalize (GObject *object)
{
  MdTimelineHoverLayer *self = MD_TIMELINE_HOVER_LAYER (object);

  g_clear_object (&self->layout);

  G_OBJECT_CLASS (md_timeline_hover_layer_parent_class)->finalize (object);
}

static void
md_timeline_hover_layer_class_init (MdTimelineHoverLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  MdTimelineLayerClass *layer_class = MD_TIMELINE_LAYER_CLASS (klass);

  object_class->finalize = md_timeline_hover_layer_finalize;
  layer_class->snapshot = md_timeline_hover_layer_snapshot;
  layer_class->css_changed = md_timeline_hover_layer_css_changed;
}

static void
md_timeline_hover_layer_init (MdTimelineHoverLayer *self)
{
  self->seconds = -1;
  self->line_color = (GdkRGBA) { 1, 1, 1, 0.8f };
  self->label_bg_color = (GdkRGBA) { 0, 0, 0, 0.85f };
  self->label_fg_color = (GdkRGBA) { 1, 1, 1, 1 };
}

MdTimelineLayer *
md_timeline_hover_layer_new (void)
{
  return g_object_new (MD_TYPE_TIMELINE_HOVER_LAYER, NULL);
}

/**
 * md_timeline_hover_layer_set_hover:
 * @widget: the timeline, for its Pango context
 * @seconds: the time under the pointer, or -1 to hide the label
 * @duration: the video's duration (for the label's format)
 */
void
md_timeline_hover_layer_set_hover (MdTimelineHoverLayer *self,
                                   GtkWidget            *widget,
                                   double                seconds,
                                   double                duration)
{
  g_autofree char *text = NULL;

  g_return_if_fail (MD_IS_TIMELINE_HOVER_LAYER (self));

  self->seconds = seconds;

  if (seconds >= 0)
    {
      text = md_time_format (seconds, duration);
      if (self->layout == NULL)
        self->layout = gtk_widget_create_pango_layout (widget, text);
      else
        pango_layout_set_text (self->layout, text, -1);
    }

  md_timeline_layer_changed (MD_TIMELINE_LAYER (self));
}
