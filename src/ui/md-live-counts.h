/* md-live-counts.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "md-client.h"
#include "md-jwt.h"

G_BEGIN_DECLS

#define MD_TYPE_LIVE_COUNTS (md_live_counts_get_type ())

/* An hour: many polls, and the length of most videos. */
#define MD_LIVE_COUNTS_DEFAULT_TOKEN_LIFETIME 3600

G_DECLARE_FINAL_TYPE (MdLiveCounts, md_live_counts, MD, LIVE_COUNTS, GObject)

MdLiveCounts *md_live_counts_new                (MdClient     *client,
                                                 MdJwtSigner  *signer,
                                                 MdCountsKind  kind,
                                                 const char   *id);
gboolean      md_live_counts_get_available      (MdLiveCounts *self);
gboolean      md_live_counts_get_active         (MdLiveCounts *self);
void          md_live_counts_set_active         (MdLiveCounts *self,
                                                 gboolean      active);
void          md_live_counts_follow_widget      (MdLiveCounts *self,
                                                 GtkWidget    *widget);
void          md_live_counts_poll_now           (MdLiveCounts *self);
guint         md_live_counts_get_interval       (MdLiveCounts *self);
void          md_live_counts_set_interval       (MdLiveCounts *self,
                                                 guint         seconds);
guint         md_live_counts_get_token_lifetime (MdLiveCounts *self);
void          md_live_counts_set_token_lifetime (MdLiveCounts *self,
                                                 guint         seconds);
gboolean      md_live_counts_get_has_counts     (MdLiveCounts *self);
gint64        md_live_counts_get_views          (MdLiveCounts *self);
gint64        md_live_counts_get_viewers        (MdLiveCounts *self);
gint64        md_live_counts_get_updated_at     (MdLiveCounts *self);
const char   *md_live_counts_get_error          (MdLiveCounts *self);
guint         md_live_counts_get_n_polls        (MdLiveCounts *self);
char         *md_live_counts_format             (MdLiveCounts *self);
char         *md_live_counts_format_tooltip     (MdLiveCounts *self);
char         *md_live_counts_format_updated     (MdLiveCounts *self,
                                                 gint64        now);

G_END_DECLS
