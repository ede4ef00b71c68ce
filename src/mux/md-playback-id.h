/* md-playback-id.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "md-enums.h"

G_BEGIN_DECLS

#define MD_TYPE_PLAYBACK_ID (md_playback_id_get_type ())

G_DECLARE_FINAL_TYPE (MdPlaybackId, md_playback_id, MD, PLAYBACK_ID, GObject)

MdPlaybackId     *md_playback_id_new           (const char    *id,
                                                MdPlaybackPolicy policy);
MdPlaybackId     *md_playback_id_new_from_json (JsonObject    *object,
                                                GError       **error);
const char       *md_playback_id_get_id        (MdPlaybackId  *self);
MdPlaybackPolicy  md_playback_id_get_policy    (MdPlaybackId  *self);
gboolean          md_playback_id_equal         (MdPlaybackId  *a,
                                                MdPlaybackId  *b);

G_END_DECLS
