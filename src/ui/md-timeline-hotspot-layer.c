/* md-timeline-hotspot-layer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-timeline-hotspot-layer"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "md-hotspot.h"
#include "md-time.h"
#include "md-timeline.h"
#include "md-timeline-hotspot-layer.h"

/* Hotspot (or, toggled, cold spot) markers: a bar under the track over
 * each hotspot's [start, end) with a notch at its start. A click on a
 * marker seeks to its start. Ranges are copied out of the model when it
 * is set, so snapshot only reads an array. */
typedef struct
{
  double start;    /* seconds */
  double end;
  double score;
} Spot;

struct _MdTimelineHotspotLayer
{
  MdTimelineLayer  parent_instance;

  GListModel      *hotspots;
  GArray          *spots;
  gboolean         cold;
  GdkRGBA          hot_color;
  GdkRGBA          cold_color;
};

G_DEFINE_FINAL_TYPE (MdTimelineHotspotLayer, md_timeline_hotspot_layer, MD_TYPE_TIMELINE_LAYER)

#define MARKER_GAP 2.0f
#define MARKER_HEIGHT 5.0f
#define NOTCH_WIDTH 3.0f
#define HIT_SLOP 4.0

static void
md_timeline_hotspot_layer_snapshot (MdTimelineLayer *layer,
                                    MdTimeline      *timeline,
                                    GtkSnapshot     *snapshot,
                                    int              width,
                                    int              height)
{
  MdTimelineHotspotLayer *self = MD_TIMELINE_HOTSPOT_LAYER (layer);
  const GdkRGBA *base = self->cold ? &self->cold_color : &self->hot_color;
  graphene_rect_t track;
  float top;

  if (self->spots->len == 0 || md_timeline_get_duration (timeline) <= 0)
    return;

  md_timeline_get_track_rect (timeline, &track);
  top = track.origin.y + track.size.height + MARKER_GAP;

  for (guint i = 0; i < self->spots->len; i++)
    {
      const Spot *spot = &g_array_index (self->spots, Spot, i);
      float x0 = md_timeline_time_to_x (timeline, spot->start);
      float x1 = md_timeline_time_to_x (timeline, spot->end);
      GdkRGBA color = *base;
      GskRoundedRect rounded;

      /* The strongest spots are the most opaque. */
      color.alpha *= 0.45f + 0.55f * (float) (self->cold ? 1.0 - spot->score : spot->score);
      gsk_rounded_rect_init_from_rect (&rounded,
                                       &GRAPHENE_RECT_INIT (x0, top, MAX (x1 - x0, 2.0f), MARKER_HEIGHT),
                                       1.5f);
      gtk_snapshot_push_rounded_clip (snapshot, &rounded);
      gtk_snapshot_append_color (snapshot, &color, &rounded.bounds);
      gtk_snapshot_pop (snapshot);
      gtk_snapshot_append_color (snapshot, base,
                                 &GRAPHENE_RECT_INIT (x0, top - MARKER_GAP, NOTCH_WIDTH,
                                                      MARKER_HEIGHT + MARKER_GAP + 2));
    }
}

static void
md_timeline_hotspot_layer_css_changed (MdTimelineLayer *layer,
                                       GtkWidget       *widget)
{
  MdTimelineHotspotLayer *self = MD_TIMELINE_HOTSPOT_LAYER (layer);
  /* Okabe–Ito vermilion and blue: told apart with every common colour
   * vision deficiency; the theme's own orange and blue when it has them. */
  static const GdkRGBA hot = { 0.835f, 0.369f, 0.0f, 1.0f };
  static const GdkRGBA cold = { 0.0f, 0.447f, 0.698f, 1.0f };

  md_timeline_layer_lookup_color (widget, "orange_4", &hot, &self->hot_color);
  md_timeline_layer_lookup_color (widget, "blue_3", &cold, &self->cold_color);
}

static char *
md_timeline_hotspot_layer_query_tooltip (MdTimelineLayer *layer,
                                         MdTimeline      *timeline,
                                         double           seconds)
{
  MdTimelineHotspotLayer *self = MD_TIMELINE_HOTSPOT_LAYER (layer);
  double duration = md_timeline_get_duration (timeline);
  int index = md_timeline_hotspot_layer_lookup (self, timeline, md_timeline_time_to_x (timeline, seconds));
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  const Spot *spot;

  if (index < 0)
    return NULL;

  spot = &g_array_index (self->spots, Spot, index);
  from = md_time_format (spot->start, duration);
  to = md_time_format (spot->end, duration);

  if (self->cold)
    /* Translators: cold-spot tooltip, e.g. "Cold spot 0:10–0:15, score 0.12 — click to play" */
    return g_strdup_printf (_("Cold spot %s–%s, score %.2f — click to play"), from, to, spot->score);
  /* Translators: hotspot tooltip, e.g. "Hotspot 0:10–0:15, score 0.92 — click to play" */
  return g_strdup_printf (_("Hotspot %s–%s, score %.2f — click to play"), from, to, spot->score);
}

static gboolean
md_timeline_hotspot_layer_lookup_seek (MdTimelineLayer *layer,
                                       MdTimeline      *timeline,
                                       double           x,
                                       double          *seconds)
{
  MdTimelineHotspotLayer *self = MD_TIMELINE_HOTSPOT_LAYER (layer);
  int index = md_timeline_hotspot_layer_lookup (self, timeline, x);

  if (index < 0)
    return FALSE;

  *seconds = g_array_index (self->spots, Spot, index).start;
  return TRUE;
}

static void
md_timeline_hotspot_layer_dispose (GObject *object)
{
  MdTimelineHotspotLayer *self = MD_TIMELINE_HOTSPOT_LAYER (object);

  g_clear_object (&self->hotspots);

  G_OBJECT_CLASS (md_timeline_hotspot_layer_parent_class)->dispose (object);
}

static void
md_timeline_hotspot_layer_finalize (GObject *object)
{
  MdTimelineHotspotLayer *self = MD_TIMELINE_HOTSPOT_LAYER (object);

  g_clear_pointer (&self->spots, g_array_unref);

  G_OBJECT_CLASS (md_timeline_hotspot_layer_parent_class)->finalize (object);
}

static void
md_timeline_hotspot_layer_class_init (MdTimelineHotspotLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  MdTimelineLayerClass *layer_class = MD_TIMELINE_LAYER_CLASS (klass);

  object_class->dispose = md_timeline_hotspot_layer_dispose;
  object_class->finalize = md_timeline_hotspot_layer_finalize;

  layer_class->snapshot = md_timeline_hotspot_layer_snapshot;
  layer_class->css_changed = md_timeline_hotspot_layer_css_changed;
  layer_class->query_tooltip = md_timeline_hotspot_layer_query_tooltip;
  layer_class->lookup_seek = md_timeline_hotspot_layer_lookup_seek;
}

static void
md_timeline_hotspot_layer_init (MdTimelineHotspotLayer *self)
{
  self->spots = g_array_new (FALSE, FALSE, sizeof (Spot));
  self->hot_color = (GdkRGBA) { 0.835f, 0.369f, 0.0f, 1.0f };
  self->cold_color = (GdkRGBA) { 0.0f, 0.447f, 0.698f, 1.0f };
}

MdTimelineLayer *
md_timeline_hotspot_layer_new (void)
{
  return g_object_new (MD_TYPE_TIMELINE_HOTSPOT_LAYER, NULL);
}

/**
 * md_timeline_hotspot_layer_set_hotspots:
 * @hotspots: (nullable): a #GListModel of #MdHotspot, ranked
 * @cold: whether they are cold spots (drawn in the cold colour)
 */
void
md_timeline_hotspot_layer_set_hotspots (MdTimelineHotspotLayer *self,
                                        GListModel             *hotspots,
                                        gboolean                cold)
{
  guint n;

  g_return_if_fail (MD_IS_TIMELINE_HOTSPOT_LAYER (self));
  g_return_if_fail (hotspots == NULL || G_IS_LIST_MODEL (hotspots));

  g_set_object (&self->hotspots, hotspots);
  self->cold = !!cold;
  g_array_set_size (self->spots, 0);

  n = hotspots != NULL ? g_list_model_get_n_items (hotspots) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MdHotspot) hotspot = g_list_model_get_item (hotspots, i);
      Spot spot = {
        .start = md_hotspot_get_start_ms (hotspot) / 1000.0,
        .end = md_hotspot_get_end_ms (hotspot) / 1000.0,
        .score = CLAMP (md_hotspot_get_score (hotspot), 0.0, 1.0),
      };

      if (spot.end < spot.start)
        spot.end = spot.start;
      g_array_append_val (self->spots, spot);
    }

  md_timeline_layer_changed (MD_TIMELINE_LAYER (self));
}

/**
 * md_timeline_hotspot_layer_get_hotspots:
 *
 * Returns: (transfer none) (nullable): the hotspots shown
 */
GListModel *
md_timeline_hotspot_layer_get_hotspots (MdTimelineHotspotLayer *self)
{
  g_return_val_if_fail (MD_IS_TIMELINE_HOTSPOT_LAYER (self), NULL);

  return self->hotspots;
}

/**
 * md_timeline_hotspot_layer_lookup:
 * @x: a position in @timeline's coordinates
 *
 * Returns: the index of the marker under @x (a few pixels of slop for
 * short spots), the best ranked first when they overlap, or -1
 */
int
md_timeline_hotspot_layer_lookup (MdTimelineHotspotLayer *self,
                                  MdTimeline             *timeline,
                                  double                  x)
{
  g_return_val_if_fail (MD_IS_TIMELINE_HOTSPOT_LAYER (self), -1);

  if (!md_timeline_layer_get_visible (MD_TIMELINE_LAYER (self)) || md_timeline_get_duration (timeline) <= 0)
    return -1;

  for (guint i = 0; i < self->spots->len; i++)
    {
      const Spot *spot = &g_array_index (self->spots, Spot, i);
      double x0 = md_timeline_time_to_x (timeline, spot->start);
      double x1 = md_timeline_time_to_x (timeline, spot->end);

      if (x >= x0 - HIT_SLOP && x < MAX (x1, x0 + HIT_SLOP))
        return (int) i;
    }

  return -1;
}
