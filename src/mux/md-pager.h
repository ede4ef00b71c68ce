/* md-pager.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "md-client.h"

G_BEGIN_DECLS

#define MD_TYPE_PAGER (md_pager_get_type ())

G_DECLARE_DERIVABLE_TYPE (MdPager, md_pager, MD, PAGER, GObject)

/**
 * MdPagerClass:
 * @item_type: the #GType of the items (set in class_init)
 * @fetch_page: starts fetching the page after @cursor (%NULL: the first)
 * @fetch_page_finish: returns its items and the cursor of the next page,
 *   %NULL when it was the last
 * @get_item_id: the API id of an item
 * @update_item: copies a newer copy of an item into the listed one
 *
 * A #GListModel over a paginated API list, loading pages as they are
 * needed. Subclasses say how to fetch a page; the base does the rest.
 */
struct _MdPagerClass
{
  GObjectClass parent_class;

  GType        item_type;

  void         (*fetch_page)        (MdPager             *self,
                                     const char          *cursor,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
  GPtrArray   *(*fetch_page_finish) (MdPager             *self,
                                     GAsyncResult        *result,
                                     const char          *cursor,
                                     char               **out_next_cursor,
                                     GError             **error);
  const char  *(*get_item_id)       (gpointer             item);
  void         (*update_item)       (gpointer             item,
                                     gpointer             newer);
};

MdClient     *md_pager_get_client    (MdPager             *self);
guint         md_pager_get_page_size (MdPager             *self);
void          md_pager_set_page_size (MdPager             *self,
                                      guint                page_size);
gboolean      md_pager_get_loading   (MdPager             *self);
gboolean      md_pager_get_complete  (MdPager             *self);
gboolean      md_pager_get_autoload  (MdPager             *self);
void          md_pager_set_autoload  (MdPager             *self,
                                      gboolean             autoload);
const GError *md_pager_get_error     (MdPager             *self);
gpointer      md_pager_find          (MdPager             *self,
                                      const char          *id,
                                      guint               *out_position);
void          md_pager_load_more     (MdPager             *self);
void          md_pager_refresh_async (MdPager             *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
gboolean      md_pager_refresh_finish (MdPager            *self,
                                      GAsyncResult        *result,
                                      GError             **error);

G_END_DECLS
