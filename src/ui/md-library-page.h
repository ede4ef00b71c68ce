/* md-library-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "md-client.h"
#include "md-jwt.h"
#include "md-library-cache.h"
#include "md-thumbnail-cache.h"

G_BEGIN_DECLS

/*
 * MdLibraryPage: the library screen, self-contained, for the window to embed.
 *
 *   GtkWidget *page = md_library_page_new ();
 *   md_library_page_set_cache (MD_LIBRARY_PAGE (page), cache);    // first: instant list
 *   md_library_page_set_signer (MD_LIBRARY_PAGE (page), signer);  // live counts on live rows
 *   md_library_page_set_client (MD_LIBRARY_PAGE (page), client);  // then the live one
 *   g_signal_connect (page, "play-asset", G_CALLBACK (open_player), win);
 *   g_signal_connect (page, "play-live-stream", G_CALLBACK (open_live), win);
 *   adw_header_bar_pack_end (md_library_page_get_header_bar (MD_LIBRARY_PAGE (page)), menu_button);
 *
 * The page brings its own header bars (list side and detail side, the GNOME
 * split-header pattern inside an AdwLeaflet): put it directly in the window
 * without another header bar, and pack the window's own pieces (environment
 * switcher, upload button, primary menu) into md_library_page_get_header_bar().
 * On an environment switch call set_cache() then set_client() again; with
 * %NULL the page shows its signed-out state. Its actions are `library.*`
 * (refresh, search, play, delete, copy, update-field, add-playback-id,
 * remove-playback-id, sort, status-filter, policy-filter, section); the
 * page binds Ctrl+R/F5, Ctrl+F, Ctrl+P and Delete while focus is inside it.
 * "play-asset" hands the asset and the playback ID to play (public
 * preferred, else signed: the window mints the token).
 */

#define MD_TYPE_LIBRARY_PAGE (md_library_page_get_type ())

G_DECLARE_FINAL_TYPE (MdLibraryPage, md_library_page, MD, LIBRARY_PAGE, GtkWidget)

GtkWidget      *md_library_page_new            (void);
MdClient       *md_library_page_get_client     (MdLibraryPage    *self);
void            md_library_page_set_client     (MdLibraryPage    *self,
                                                MdClient         *client);
MdJwtSigner    *md_library_page_get_signer     (MdLibraryPage    *self);
void            md_library_page_set_signer     (MdLibraryPage    *self,
                                                MdJwtSigner      *signer);
MdLibraryCache *md_library_page_get_cache      (MdLibraryPage    *self);
void            md_library_page_set_cache      (MdLibraryPage    *self,
                                                MdLibraryCache   *cache);
void            md_library_page_set_thumbnail_cache (MdLibraryPage *self,
                                                MdThumbnailCache *thumbnails);
void            md_library_page_refresh        (MdLibraryPage    *self);
AdwHeaderBar   *md_library_page_get_header_bar (MdLibraryPage    *self);
gboolean        md_library_page_get_offline    (MdLibraryPage    *self);
GListModel     *md_library_page_get_model      (MdLibraryPage    *self);
GtkGridView    *md_library_page_get_list_view  (MdLibraryPage    *self);
void            md_library_page_select         (MdLibraryPage    *self,
                                                guint             position);
void            md_library_page_set_search_text (MdLibraryPage   *self,
                                                const char       *text);
const char     *md_library_page_get_visible_state (MdLibraryPage *self);

G_END_DECLS
