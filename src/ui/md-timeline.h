/* md-timeline.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "md-timeline-layer.h"

G_BEGIN_DECLS

#define MD_TYPE_TIMELINE (md_timeline_get_type ())

G_DECLARE_FINAL_TYPE (MdTimeline, md_timeline, MD, TIMELINE, GtkWidget)

GtkWidget  *md_timeline_new                   (void);
double      md_timeline_get_duration          (MdTimeline       *self);
void        md_timeline_set_duration          (MdTimeline       *self,
                                               double            duration);
double      md_timeline_get_position          (MdTimeline       *self);
void        md_timeline_set_position          (MdTimeline       *self,
                                               double            position);
double      md_timeline_get_buffered_position (MdTimeline       *self);
void        md_timeline_set_buffered_position (MdTimeline       *self,
                                               double            position);
double      md_timeline_get_display_position  (MdTimeline       *self);
double      md_timeline_get_hover_position    (MdTimeline       *self);
gboolean    md_timeline_get_dragging          (MdTimeline       *self);
double      md_timeline_get_step              (MdTimeline       *self);
void        md_timeline_set_step              (MdTimeline       *self,
                                               double            step);
void        md_timeline_get_track_rect        (MdTimeline       *self,
                                               graphene_rect_t  *rect);
double      md_timeline_time_to_x             (MdTimeline       *self,
                                               double            seconds);
double      md_timeline_x_to_time             (MdTimeline       *self,
                                               double            x);
void        md_timeline_add_layer             (MdTimeline       *self,
                                               MdTimelineLayer  *layer);
void        md_timeline_add_overlay           (MdTimeline       *self,
                                               MdTimelineLayer  *layer);
void        md_timeline_remove_layer          (MdTimeline       *self,
                                               MdTimelineLayer  *layer);
GListModel *md_timeline_get_layers            (MdTimeline       *self);

G_END_DECLS
