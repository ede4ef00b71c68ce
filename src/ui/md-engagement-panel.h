/* md-engagement-panel.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "md-asset.h"
#include "md-client.h"
#include "md-engagement-choices.h"
#include "md-engagement-controller.h"
#include "md-jwt.h"
#include "md-live-counts.h"
#include "md-live-stream.h"
#include "md-player-page.h"

G_BEGIN_DECLS

#define MD_TYPE_ENGAGEMENT_PANEL (md_engagement_panel_get_type ())

G_DECLARE_FINAL_TYPE (MdEngagementPanel, md_engagement_panel, MD, ENGAGEMENT_PANEL, GtkWidget)

MdEngagementPanel      *md_engagement_panel_attach          (MdPlayerPage      *page,
                                                             MdClient          *client,
                                                             MdJwtSigner       *signer,
                                                             MdEngagementChoices *choices,
                                                             MdAsset           *asset,
                                                             MdPlaybackId      *playback_id);
MdEngagementPanel      *md_engagement_panel_attach_live_stream (MdPlayerPage   *page,
                                                             MdClient          *client,
                                                             MdJwtSigner       *signer,
                                                             MdLiveStream      *live_stream);
void                    md_engagement_panel_set_choices     (MdEngagementPanel *self,
                                                             MdEngagementChoices *choices);
void                    md_engagement_panel_set_source      (MdEngagementPanel *self,
                                                             MdTimeline        *timeline,
                                                             MdClient          *client,
                                                             MdJwtSigner       *signer,
                                                             MdAsset           *asset,
                                                             MdPlaybackId      *playback_id);
void                    md_engagement_panel_set_live_stream (MdEngagementPanel *self,
                                                             MdClient          *client,
                                                             MdJwtSigner       *signer,
                                                             MdLiveStream      *live_stream);
MdEngagementController *md_engagement_panel_get_controller  (MdEngagementPanel *self);
MdLiveCounts           *md_engagement_panel_get_live_counts (MdEngagementPanel *self);
GtkListBox             *md_engagement_panel_get_hotspot_list (MdEngagementPanel *self);
void                    md_engagement_panel_set_expanded    (MdEngagementPanel *self,
                                                             gboolean           expanded);
void                    md_engagement_panel_select_timeframe (MdEngagementPanel *self,
                                                             const char        *timeframe);
GtkDropDown            *md_engagement_panel_get_source_dropdown (MdEngagementPanel *self);
GtkDropDown            *md_engagement_panel_get_timeframe_dropdown (MdEngagementPanel *self);
GtkDropDown            *md_engagement_panel_get_limit_dropdown (MdEngagementPanel *self);
const char             *md_engagement_panel_get_badge_text  (MdEngagementPanel *self);
const char             *md_engagement_panel_get_updated_text (MdEngagementPanel *self);
gboolean                md_engagement_panel_get_hint_visible (MdEngagementPanel *self);
const char             *md_engagement_panel_get_empty_text  (MdEngagementPanel *self);

G_END_DECLS
