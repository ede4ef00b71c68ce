/* md-library-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "md-client.h"
#include "md-library-cache.h"
#include "md-thumbnail-cache.h"

G_BEGIN_DECLS

#define MD_TYPE_LIBRARY_PAGE (md_library_page_get_type ())

G_DECLARE_FINAL_TYPE (MdLibraryPage, md_library_page, MD, LIBRARY_PAGE, GtkWidget)

GtkWidget      *md_library_page_new            (void);
MdClient       *md_library_page_get_client     (MdLibraryPage    *self);
void            md_library_page_set_client     (MdLibraryPage    *self,
                                                MdClient         *client);
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
