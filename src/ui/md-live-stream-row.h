/* md-live-stream-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "md-client.h"
#include "md-jwt.h"
#include "md-live-counts.h"
#include "md-live-stream.h"

G_BEGIN_DECLS

#define MD_TYPE_LIVE_STREAM_ROW (md_live_stream_row_get_type ())

G_DECLARE_FINAL_TYPE (MdLiveStreamRow, md_live_stream_row, MD, LIVE_STREAM_ROW, GtkWidget)

GtkWidget    *md_live_stream_row_new             (void);
MdLiveStream *md_live_stream_row_get_live_stream (MdLiveStreamRow *self);
void          md_live_stream_row_set_live_stream (MdLiveStreamRow *self,
                                                  MdLiveStream    *live_stream);
void          md_live_stream_row_set_counts_source (MdLiveStreamRow *self,
                                                  MdClient        *client,
                                                  MdJwtSigner     *signer);
MdLiveCounts *md_live_stream_row_get_live_counts (MdLiveStreamRow *self);
const char   *md_live_stream_row_get_counts_text (MdLiveStreamRow *self);

G_END_DECLS
