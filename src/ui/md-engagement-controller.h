/* md-engagement-controller.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "md-client.h"
#include "md-timeline.h"

G_BEGIN_DECLS

#define MD_TYPE_ENGAGEMENT_CONTROLLER (md_engagement_controller_get_type ())

G_DECLARE_FINAL_TYPE (MdEngagementController, md_engagement_controller, MD, ENGAGEMENT_CONTROLLER, GObject)

/* The timeframes offered; the value is the `timeframe[]` query value. A
 * custom range is "FROM,TO" in Unix seconds: two `timeframe[]` values. */
#define MD_ENGAGEMENT_TIMEFRAME_DAY "24:hours"
#define MD_ENGAGEMENT_TIMEFRAME_WEEK "7:days"
#define MD_ENGAGEMENT_TIMEFRAME_MONTH "30:days"

MdEngagementController *md_engagement_controller_new             (MdClient               *client,
                                                                  MdTimeline             *timeline);
void                    md_engagement_controller_set_source      (MdEngagementController *self,
                                                                  MdEngagementKind        kind,
                                                                  const char             *id);
MdEngagementKind        md_engagement_controller_get_kind        (MdEngagementController *self);
const char             *md_engagement_controller_get_id          (MdEngagementController *self);
void                    md_engagement_controller_set_timeframe   (MdEngagementController *self,
                                                                  const char             *timeframe);
const char             *md_engagement_controller_get_timeframe   (MdEngagementController *self);
void                    md_engagement_controller_set_cold        (MdEngagementController *self,
                                                                  gboolean                cold);
gboolean                md_engagement_controller_get_cold        (MdEngagementController *self);
guint                   md_engagement_controller_get_limit       (MdEngagementController *self);
void                    md_engagement_controller_set_limit       (MdEngagementController *self,
                                                                  guint                   limit);
void                    md_engagement_controller_refresh         (MdEngagementController *self,
                                                                  gboolean                bypass_cache);
gboolean                md_engagement_controller_get_loading     (MdEngagementController *self);
const char             *md_engagement_controller_get_error       (MdEngagementController *self);
MdHeatmap              *md_engagement_controller_get_heatmap     (MdEngagementController *self);
GListModel             *md_engagement_controller_get_hotspots    (MdEngagementController *self);
gint64                  md_engagement_controller_get_total_views (MdEngagementController *self);
MdTimelineLayer        *md_engagement_controller_get_heatmap_layer (MdEngagementController *self);
MdTimelineLayer        *md_engagement_controller_get_hotspot_layer (MdEngagementController *self);
void                    md_engagement_controller_detach          (MdEngagementController *self);

G_END_DECLS
