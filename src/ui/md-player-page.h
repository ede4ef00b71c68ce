/* md-player-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "md-player.h"
#include "md-timeline.h"

G_BEGIN_DECLS

/**
 * MdPlayerPageUriFunc:
 * @user_data: the data given with the function
 * @error: return location for a #GError shown on the page
 *
 * Mints the stream URL, e.g. `{stream}/{PLAYBACK_ID}.m3u8?token=JWT` with
 * a fresh token for a signed playback ID. Called when the page opens and
 * on every Retry, so an expired token is replaced. Signing happens in the
 * caller (src/mux's JWT code), never in the page or the player.
 *
 * Returns: (transfer full) (nullable): the URL, or %NULL with @error set
 */
typedef char *(*MdPlayerPageUriFunc) (gpointer   user_data,
                                      GError   **error);

#define MD_TYPE_PLAYER_PAGE (md_player_page_get_type ())

G_DECLARE_FINAL_TYPE (MdPlayerPage, md_player_page, MD, PLAYER_PAGE, GtkWidget)

GtkWidget  *md_player_page_new                (void);
void        md_player_page_open_uri           (MdPlayerPage        *self,
                                               const char          *uri,
                                               const char          *title,
                                               const char          *storyboard_uri);
void        md_player_page_open               (MdPlayerPage        *self,
                                               MdPlayerPageUriFunc  uri_func,
                                               gpointer             user_data,
                                               GDestroyNotify       destroy,
                                               const char          *title,
                                               const char          *storyboard_uri);
void        md_player_page_close              (MdPlayerPage        *self);
const char *md_player_page_get_title          (MdPlayerPage        *self);
const char *md_player_page_get_storyboard_uri (MdPlayerPage        *self);
MdPlayer   *md_player_page_get_player         (MdPlayerPage        *self);
MdTimeline *md_player_page_get_timeline       (MdPlayerPage        *self);
GtkWidget  *md_player_page_get_video_area     (MdPlayerPage        *self);
gboolean    md_player_page_get_controls_visible (MdPlayerPage      *self);
GtkWidget  *md_player_page_get_storyboard_preview (MdPlayerPage    *self);

G_END_DECLS
