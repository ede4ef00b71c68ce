/* md-live-stream-pager.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-live-stream-pager"

#include "config.h"

#include "md-live-stream-pager.h"

/* A GListModel of MdLiveStream over /video/v1/live-streams. That list has
 * page/limit pagination: the "cursor" here is the next page number, and
 * an empty page ends the list. */
struct _MdLiveStreamPager
{
  MdPager parent_instance;
};

G_DEFINE_FINAL_TYPE (MdLiveStreamPager, md_live_stream_pager, MD_TYPE_PAGER)

static guint
page_of (const char *cursor)
{
  guint64 page = 1;

  if (cursor != NULL)
    g_ascii_string_to_unsigned (cursor, 10, 1, G_MAXUINT, &page, NULL);

  return (guint) page;
}

static void
md_live_stream_pager_fetch_page (MdPager             *pager,
                                 const char          *cursor,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  md_client_list_live_streams_async (md_pager_get_client (pager), page_of (cursor),
                                     md_pager_get_page_size (pager),
                                     cancellable, callback, user_data);
}

static GPtrArray *
md_live_stream_pager_fetch_page_finish (MdPager       *pager,
                                        GAsyncResult  *result,
                                        const char    *cursor,
                                        char         **out_next_cursor,
                                        GError       **error)
{
  GPtrArray *page;

  page = md_client_list_live_streams_finish (md_pager_get_client (pager), result, error);
  if (page != NULL && page->len > 0)
    *out_next_cursor = g_strdup_printf ("%u", page_of (cursor) + 1);

  return page;
}

static const char *
md_live_stream_pager_get_item_id (gpointer item)
{
  return md_live_stream_get_id (item);
}

static void
md_live_stream_pager_update_item (gpointer item,
                                  gpointer newer)
{
  md_live_stream_update_from (item, newer);
}

static void
md_live_stream_pager_class_init (MdLiveStreamPagerClass *klass)
{
  MdPagerClass *pager_class = MD_PAGER_CLASS (klass);

  pager_class->item_type = MD_TYPE_LIVE_STREAM;
  pager_class->fetch_page = md_live_stream_pager_fetch_page;
  pager_class->fetch_page_finish = md_live_stream_pager_fetch_page_finish;
  pager_class->get_item_id = md_live_stream_pager_get_item_id;
  pager_class->update_item = md_live_stream_pager_update_item;
}

static void
md_live_stream_pager_init (MdLiveStreamPager *self)
{
}

/**
 * md_live_stream_pager_new:
 *
 * Returns: (transfer full): a pager over @client's live streams; call
 *   md_pager_load_more() or set #MdPager:autoload to start
 */
MdLiveStreamPager *
md_live_stream_pager_new (MdClient *client)
{
  g_return_val_if_fail (MD_IS_CLIENT (client), NULL);

  return g_object_new (MD_TYPE_LIVE_STREAM_PAGER, "client", client, NULL);
}
