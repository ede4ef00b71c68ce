/* md-track.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define MD_TYPE_TRACK (md_track_get_type ())

/**
 * MdTrack:
 * @type: "video", "audio" or "text"
 * @max_width: pixels (video), 0 if unknown
 * @max_height: pixels (video), 0 if unknown
 * @max_frame_rate: frames per second (video), 0 if unknown
 * @max_channels: audio channels, 0 if unknown
 * @duration: seconds, 0 if unknown
 *
 * One track of an asset, as the API describes it. Immutable once parsed.
 */
typedef struct
{
  char    *id;
  char    *type;
  char    *status;
  char    *name;
  char    *language_code;
  char    *text_type;
  double   duration;
  double   max_frame_rate;
  gint64   max_width;
  gint64   max_height;
  gint64   max_channels;
  gboolean primary;
} MdTrack;

GType    md_track_get_type      (void) G_GNUC_CONST;
MdTrack *md_track_new_from_json (JsonObject *object,
                                 GError    **error);
MdTrack *md_track_copy          (const MdTrack *self);
void     md_track_free          (MdTrack    *self);
gboolean md_track_equal         (const MdTrack *a,
                                 const MdTrack *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdTrack, md_track_free)

G_END_DECLS
