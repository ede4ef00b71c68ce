/* md-library-page-private.h — shared by md-library-page.c and its actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "md-asset-detail.h"
#include "md-asset-pager.h"
#include "md-live-stream-pager.h"
#include "md-library-page.h"

G_BEGIN_DECLS

struct _MdLibraryPage
{
  GtkWidget           parent_instance;

  AdwToastOverlay    *toast_overlay;
  AdwLeaflet         *leaflet;
  GtkWidget          *list_side;
  GtkWidget          *detail_side;
  AdwHeaderBar       *header_bar;
  GtkWidget          *section_switch;
  GtkListView        *live_list_view;
  GtkSpinner         *loading_spinner;
  GtkSearchBar       *search_bar;
  GtkSearchEntry     *search_entry;
  GtkRevealer        *offline_revealer;
  GtkLabel           *offline_label;
  GtkStack           *stack;
  GtkGridView        *list_view;
  GtkSpinner         *status_spinner;
  AdwStatusPage      *error_page;
  GtkActionBar       *selection_bar;
  GtkLabel           *selection_label;
  AdwWindowTitle     *detail_title;
  GtkStack           *detail_stack;
  AdwStatusPage      *many_page;
  MdAssetDetail      *detail;

  MdClient           *client;
  MdJwtSigner        *signer;             /* for the live counts of live stream rows */
  MdLibraryCache     *cache;
  MdThumbnailCache   *thumbnails;
  MdAssetPager       *pager;
  MdLiveStreamPager  *live_pager;
  GtkSingleSelection *live_selection;
  GListStore         *cached_store;     /* the cache's listing, until the pager has caught up */
  GtkFilterListModel *filter_model;
  GtkSortListModel   *sort_model;
  GtkMultiSelection  *selection;
  GtkCustomFilter    *filter;
  GHashTable         *deleting;         /* asset id -> TRUE: hidden while its DELETE runs */
  GCancellable       *cancellable;      /* everything tied to the current client */
  GDateTime          *last_sync;
  char               *search_text;      /* casefolded */
  char               *sort_order;
  char               *section;          /* "videos" or "live" */
  char               *status_filter;
  char               *policy_filter;
  guint               poll_source;
  guint               write_cache_idle;
  guint               poll_cursor;
  guint               poll_in_flight : 1;
  guint               offline : 1;
  guint               cache_written : 1;
  guint               cache_first_screen_shown : 1;
};

/* md-library-page-actions.c */
void      _md_library_page_class_init_actions (GtkWidgetClass *widget_class);
void      _md_library_page_update_actions     (MdLibraryPage  *self);

/* md-library-page.c */
void      _md_library_page_toast              (MdLibraryPage  *self,
                                               const char     *message);
gboolean  _md_library_page_refuse_offline     (MdLibraryPage  *self);
GPtrArray *_md_library_page_dup_selected      (MdLibraryPage  *self);
void      _md_library_page_hide_deleted       (MdLibraryPage  *self,
                                               const char     *asset_id,
                                               gboolean        hide);
void      _md_library_page_update_state       (MdLibraryPage  *self);
void      _md_library_page_refilter           (MdLibraryPage  *self);
void      _md_library_page_set_offline        (MdLibraryPage  *self,
                                               gboolean        offline);
void      _md_library_page_update_offline_banner (MdLibraryPage *self);
GListModel *_md_library_page_current_source   (MdLibraryPage  *self);

/* md-library-page-loading.c */
void      _md_library_page_start_loading      (MdLibraryPage  *self);
void      _md_library_page_stop_loading       (MdLibraryPage  *self);
void      _md_library_page_set_source         (MdLibraryPage  *self,
                                               GListModel     *model);
void      _md_library_page_cache_upsert       (MdLibraryPage  *self,
                                               MdAsset        *asset);
void      _md_library_page_cache_delete       (MdLibraryPage  *self,
                                               const char     *asset_id);
gboolean  _md_library_page_error_is_offline   (const GError   *error);

G_END_DECLS
