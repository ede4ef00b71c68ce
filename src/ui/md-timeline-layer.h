/* md-timeline-layer.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct _MdTimeline MdTimeline;

#define MD_TYPE_TIMELINE_LAYER (md_timeline_layer_get_type ())

G_DECLARE_DERIVABLE_TYPE (MdTimelineLayer, md_timeline_layer, MD, TIMELINE_LAYER, GObject)

/**
 * MdTimelineLayerClass:
 * @snapshot: draws the layer; reads only data prepared beforehand
 * @css_changed: re-reads the theme colours the layer uses from @widget
 * @query_tooltip: text for the tooltip at @seconds, or %NULL to let the
 *   layers below answer
 * @lookup_seek: for a click at @x, the time the layer's item there starts
 *   (e.g. a hotspot marker), or %FALSE to let the layers below answer
 *
 * One stratum of the timeline (track, buffered range, played range and
 * playhead, hover label, and later the engagement heatmap and hotspots).
 * Layers are drawn bottom to top; a layer calls
 * md_timeline_layer_changed() when its data changes.
 */
struct _MdTimelineLayerClass
{
  GObjectClass parent_class;

  void   (*snapshot)      (MdTimelineLayer *self,
                           MdTimeline      *timeline,
                           GtkSnapshot     *snapshot,
                           int              width,
                           int              height);
  void   (*css_changed)   (MdTimelineLayer *self,
                           GtkWidget       *widget);
  char * (*query_tooltip) (MdTimelineLayer *self,
                           MdTimeline      *timeline,
                           double           seconds);
  gboolean (*lookup_seek) (MdTimelineLayer *self,
                           MdTimeline      *timeline,
                           double           x,
                           double          *seconds);

  gpointer padding[7];
};

void        md_timeline_layer_snapshot       (MdTimelineLayer *self,
                                              MdTimeline      *timeline,
                                              GtkSnapshot     *snapshot,
                                              int              width,
                                              int              height);
void        md_timeline_layer_css_changed    (MdTimelineLayer *self,
                                              GtkWidget       *widget);
char       *md_timeline_layer_query_tooltip  (MdTimelineLayer *self,
                                              MdTimeline      *timeline,
                                              double           seconds);
gboolean    md_timeline_layer_lookup_seek    (MdTimelineLayer *self,
                                              MdTimeline      *timeline,
                                              double           x,
                                              double          *seconds);
void        md_timeline_layer_changed        (MdTimelineLayer *self);
gboolean    md_timeline_layer_get_visible    (MdTimelineLayer *self);
void        md_timeline_layer_set_visible    (MdTimelineLayer *self,
                                              gboolean         visible);
void        md_timeline_layer_lookup_color   (GtkWidget       *widget,
                                              const char      *name,
                                              const GdkRGBA   *fallback,
                                              GdkRGBA         *color);

G_END_DECLS
