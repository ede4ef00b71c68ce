/* md-asset-pager.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-asset-pager"

#include "config.h"

#include "md-asset-pager.h"

/* The library: a GListModel of MdAsset over /video/v1/assets, newest
 * first, with cursor pagination (the efficient kind, only this list has it). */
struct _MdAssetPager
{
  MdPager parent_instance;
};

G_DEFINE_FINAL_TYPE (MdAssetPager, md_asset_pager, MD_TYPE_PAGER)

static void
md_asset_pager_fetch_page (MdPager             *pager,
                           const char          *cursor,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  md_client_list_assets_async (md_pager_get_client (pager), cursor,
                               md_pager_get_page_size (pager),
                               cancellable, callback, user_data);
}

static GPtrArray *
md_asset_pager_fetch_page_finish (MdPager       *pager,
                                  GAsyncResult  *result,
                                  const char    *cursor,
                                  char         **out_next_cursor,
                                  GError       **error)
{
  return md_client_list_assets_finish (md_pager_get_client (pager), result, out_next_cursor, error);
}

static const char *
md_asset_pager_get_item_id (gpointer item)
{
  return md_asset_get_id (item);
}

static void
md_asset_pager_update_item (gpointer item,
                            gpointer newer)
{
  md_asset_update_from (item, newer);
}

static void
md_asset_pager_class_init (MdAssetPagerClass *klass)
{
  MdPagerClass *pager_class = MD_PAGER_CLASS (klass);

  pager_class->item_type = MD_TYPE_ASSET;
  pager_class->fetch_page = md_asset_pager_fetch_page;
  pager_class->fetch_page_finish = md_asset_pager_fetch_page_finish;
  pager_class->get_item_id = md_asset_pager_get_item_id;
  pager_class->update_item = md_asset_pager_update_item;
}

static void
md_asset_pager_init (MdAssetPager *self)
{
}

/**
 * md_asset_pager_new:
 *
 * The pager starts empty: call md_pager_load_more() (or set
 * #MdPager:autoload) to load the first page; a list view scrolling near
 * the end loads the next ones.
 *
 * Returns: (transfer full): a pager over @client's assets
 */
MdAssetPager *
md_asset_pager_new (MdClient *client)
{
  g_return_val_if_fail (MD_IS_CLIENT (client), NULL);

  return g_object_new (MD_TYPE_ASSET_PAGER, "client", client, NULL);
}
