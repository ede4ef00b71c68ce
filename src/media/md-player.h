/* md-player.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gst/gst.h>

#include "md-paintable.h"

G_BEGIN_DECLS

/* How far before its end a seek in a video lands at most (see md_player_seek()). */
#define MD_PLAYER_END_MARGIN 0.25

/**
 * MdPlayerState:
 * @MD_PLAYER_STATE_STOPPED: nothing loaded, or loaded and not started
 * @MD_PLAYER_STATE_PAUSED: paused on a frame
 * @MD_PLAYER_STATE_PLAYING: playing (possibly waiting on the network, see #MdPlayer:buffering)
 * @MD_PLAYER_STATE_ENDED: reached the end of the stream
 * @MD_PLAYER_STATE_ERROR: failed; #MdPlayer:error says why
 */
typedef enum
{
  MD_PLAYER_STATE_STOPPED,
  MD_PLAYER_STATE_PAUSED,
  MD_PLAYER_STATE_PLAYING,
  MD_PLAYER_STATE_ENDED,
  MD_PLAYER_STATE_ERROR,
} MdPlayerState;

/**
 * MdPlayerError:
 * @MD_PLAYER_ERROR_FORBIDDEN: the server refused the stream (HTTP 401/403: signed playback ID without a valid token)
 * @MD_PLAYER_ERROR_NOT_FOUND: no such stream (HTTP 404)
 * @MD_PLAYER_ERROR_NETWORK: the server could not be reached or the connection dropped
 * @MD_PLAYER_ERROR_UNPLAYABLE: the stream is not a playable video
 * @MD_PLAYER_ERROR_MISSING_PLUGIN: a GStreamer element this stream needs is not installed
 * @MD_PLAYER_ERROR_FAILED: anything else
 */
typedef enum
{
  MD_PLAYER_ERROR_FORBIDDEN,
  MD_PLAYER_ERROR_NOT_FOUND,
  MD_PLAYER_ERROR_NETWORK,
  MD_PLAYER_ERROR_UNPLAYABLE,
  MD_PLAYER_ERROR_MISSING_PLUGIN,
  MD_PLAYER_ERROR_FAILED,
} MdPlayerError;

#define MD_PLAYER_ERROR (md_player_error_quark ())

#define MD_TYPE_PLAYER (md_player_get_type ())

G_DECLARE_FINAL_TYPE (MdPlayer, md_player, MD, PLAYER, GObject)

GQuark         md_player_error_quark            (void);

MdPlayer      *md_player_new                    (void);
void           md_player_set_uri                (MdPlayer    *self,
                                                 const char  *uri);
const char    *md_player_get_uri                (MdPlayer    *self);
void           md_player_play                   (MdPlayer    *self);
void           md_player_pause                  (MdPlayer    *self);
void           md_player_toggle_play            (MdPlayer    *self);
void           md_player_stop                   (MdPlayer    *self);
void           md_player_seek                   (MdPlayer    *self,
                                                 double       seconds);
MdPlayerState  md_player_get_state              (MdPlayer    *self);
double         md_player_get_position           (MdPlayer    *self);
double         md_player_get_duration           (MdPlayer    *self);
double         md_player_get_buffered_position  (MdPlayer    *self);
gboolean       md_player_get_buffering          (MdPlayer    *self);
int            md_player_get_buffering_percent  (MdPlayer    *self);
gboolean       md_player_get_seeking            (MdPlayer    *self);
gboolean       md_player_get_seekable           (MdPlayer    *self);
gboolean       md_player_get_is_live            (MdPlayer    *self);
gboolean       md_player_get_seekable_range     (MdPlayer    *self,
                                                 double      *start,
                                                 double      *end);
double         md_player_get_volume             (MdPlayer    *self);
void           md_player_set_volume             (MdPlayer    *self,
                                                 double       volume);
gboolean       md_player_get_muted              (MdPlayer    *self);
void           md_player_set_muted              (MdPlayer    *self,
                                                 gboolean     muted);
double         md_player_get_rate               (MdPlayer    *self);
void           md_player_set_rate               (MdPlayer    *self,
                                                 double       rate);
int            md_player_get_video_width        (MdPlayer    *self);
int            md_player_get_video_height       (MdPlayer    *self);
guint          md_player_get_bitrate            (MdPlayer    *self);
const GError  *md_player_get_error              (MdPlayer    *self);
MdPaintable   *md_player_get_paintable          (MdPlayer    *self);
char          *md_player_redact_uri             (const char  *text);

G_END_DECLS
