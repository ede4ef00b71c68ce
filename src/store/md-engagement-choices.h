/* md-engagement-choices.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* How many assets' choices are kept: the most recently chosen. */
#define MD_ENGAGEMENT_CHOICES_MAX_ASSETS 500

#define MD_TYPE_ENGAGEMENT_CHOICES (md_engagement_choices_get_type ())

G_DECLARE_FINAL_TYPE (MdEngagementChoices, md_engagement_choices, MD, ENGAGEMENT_CHOICES, GObject)

char                *md_engagement_choices_dup_default_path (const char           *environment_id);
MdEngagementChoices *md_engagement_choices_new              (const char           *path);
const char          *md_engagement_choices_get_path         (MdEngagementChoices  *self);
void                 md_engagement_choices_load_async       (MdEngagementChoices  *self,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
gboolean             md_engagement_choices_load_finish      (MdEngagementChoices  *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);
JsonObject          *md_engagement_choices_lookup           (MdEngagementChoices  *self,
                                                             const char           *asset_id);
void                 md_engagement_choices_remember         (MdEngagementChoices  *self,
                                                             const char           *asset_id,
                                                             JsonObject           *choice);
guint                md_engagement_choices_get_n_assets     (MdEngagementChoices  *self);
gboolean             md_engagement_choices_get_saving       (MdEngagementChoices  *self);

G_END_DECLS
