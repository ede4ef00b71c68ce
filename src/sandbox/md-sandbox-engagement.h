/* md-sandbox-engagement.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "md-sandbox-view.h"

G_BEGIN_DECLS

typedef enum
{
  MD_SANDBOX_ENGAGEMENT_SCOPE_ASSET,
  MD_SANDBOX_ENGAGEMENT_SCOPE_PLAYBACK_ID,
} MdSandboxEngagementScope;

/* Views in progress: a view counts as current this long after its last request. */
#define MD_SANDBOX_ENGAGEMENT_ACTIVE_SECONDS 60
/* A session's requests belong to one view while they come this close together. */
#define MD_SANDBOX_ENGAGEMENT_SESSION_GAP_SECONDS (30 * 60)
/* Below this many views there are no hotspots. */
#define MD_SANDBOX_ENGAGEMENT_MIN_VIEWS_FOR_HOTSPOTS 3

typedef struct _MdSandboxEngagement MdSandboxEngagement;

MdSandboxEngagement *md_sandbox_engagement_new           (const char                *state_dir,
                                                          GError                   **error);
void                 md_sandbox_engagement_free          (MdSandboxEngagement       *self);
void                 md_sandbox_engagement_set_audience  (MdSandboxEngagement       *self,
                                                          guint                      n_viewers);
void                 md_sandbox_engagement_record        (MdSandboxEngagement       *self,
                                                          const char                *session_id,
                                                          const char                *viewer_id,
                                                          const char                *playback_id,
                                                          const char                *asset_id,
                                                          gint64                     start_ms,
                                                          gint64                     end_ms,
                                                          gint64                     now);
void                 md_sandbox_engagement_ensure_audience (MdSandboxEngagement     *self,
                                                          const char                *asset_id,
                                                          const char *const         *playback_ids,
                                                          double                     duration_s,
                                                          gint64                     now);
gboolean             md_sandbox_engagement_flush         (MdSandboxEngagement       *self,
                                                          GError                   **error);
guint                md_sandbox_engagement_n_buckets     (double                     duration_s);
JsonNode            *md_sandbox_engagement_heatmap       (MdSandboxEngagement       *self,
                                                          MdSandboxEngagementScope   scope,
                                                          const char *const         *ids,
                                                          double                     duration_s,
                                                          gint64                     from,
                                                          gint64                     to);
JsonNode            *md_sandbox_engagement_hotspots      (MdSandboxEngagement       *self,
                                                          MdSandboxEngagementScope   scope,
                                                          const char *const         *ids,
                                                          double                     duration_s,
                                                          gint64                     from,
                                                          gint64                     to,
                                                          gboolean                   ascending,
                                                          guint                      limit);
void                 md_sandbox_engagement_counts        (MdSandboxEngagement       *self,
                                                          MdSandboxEngagementScope   scope,
                                                          const char *const         *ids,
                                                          gint64                     now,
                                                          guint                     *out_views,
                                                          guint                     *out_viewers);
gboolean             md_sandbox_engagement_parse_timeframe (const char *const       *values,
                                                          gint64                     now,
                                                          gint64                    *out_from,
                                                          gint64                    *out_to,
                                                          GError                   **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdSandboxEngagement, md_sandbox_engagement_free)

G_END_DECLS
