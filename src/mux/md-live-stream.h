/* md-live-stream.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "md-enums.h"
#include "md-playback-id.h"

G_BEGIN_DECLS

#define MD_TYPE_LIVE_STREAM (md_live_stream_get_type ())

G_DECLARE_FINAL_TYPE (MdLiveStream, md_live_stream, MD, LIVE_STREAM, GObject)

MdLiveStream       *md_live_stream_new_from_json         (JsonObject    *object,
                                                          GError       **error);
gboolean            md_live_stream_update_from_json      (MdLiveStream  *self,
                                                          JsonObject    *object,
                                                          GError       **error);
void                md_live_stream_update_from           (MdLiveStream  *self,
                                                          MdLiveStream  *other);
const char         *md_live_stream_get_id                (MdLiveStream  *self);
gint64              md_live_stream_get_created_at        (MdLiveStream  *self);
MdLiveStreamStatus  md_live_stream_get_status            (MdLiveStream  *self);
const char         *md_live_stream_get_title             (MdLiveStream  *self);
const char         *md_live_stream_get_passthrough       (MdLiveStream  *self);
const char         *md_live_stream_get_latency_mode      (MdLiveStream  *self);
const char         *md_live_stream_get_active_asset_id   (MdLiveStream  *self);
const char *const  *md_live_stream_get_recent_asset_ids  (MdLiveStream  *self);
gboolean            md_live_stream_get_test              (MdLiveStream  *self);
GListModel         *md_live_stream_get_playback_ids      (MdLiveStream  *self);
const char         *md_live_stream_get_stream_key        (MdLiveStream  *self);

GPtrArray          *md_live_stream_list_new_from_json    (JsonNode      *root,
                                                          GError       **error);

G_END_DECLS
