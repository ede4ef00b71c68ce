/* md-library-page-loading.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-library-page"

#include "config.h"

#include "md-asset-snapshot.h"
#include "md-library-page-private.h"

/* Where the library's list comes from: the cache's last listing at once,
 * then the pager's live one (which replaces it, and is written back to the
 * cache once complete); assets that are preparing are asked after until
 * they are ready. */

/* What the cache gives first, before the whole listing: a screenful. */
#define CACHE_FIRST_SCREEN 100

/* At most one request a second for assets that are preparing. */
#define POLL_INTERVAL_MS 1000

/* Cache ---------------------------------------------------------------- */

static void
on_cache_changed_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!md_library_cache_change_finish (MD_LIBRARY_CACHE (object), result, &error))
    g_warning ("The library cache could not be written: %s", error->message);
}

void
_md_library_page_cache_upsert (MdLibraryPage *self,
                               MdAsset       *asset)
{
  g_autoptr(JsonNode) node = NULL;

  if (self->cache == NULL)
    return;
  node = md_asset_snapshot_to_json (asset);
  md_library_cache_upsert_async (self->cache, node, NULL, on_cache_changed_cb, NULL);
}

void
_md_library_page_cache_delete (MdLibraryPage *self,
                               const char    *asset_id)
{
  if (self->cache == NULL)
    return;
  md_library_cache_delete_async (self->cache, asset_id, NULL, on_cache_changed_cb, NULL);
}

/* The whole listing, once the pager has it all: the next start shows it. */
static void
write_cache (MdLibraryPage *self)
{
  g_autoptr(GPtrArray) nodes = NULL;
  GListModel *model = G_LIST_MODEL (self->pager);
  guint n = g_list_model_get_n_items (model);

  if (self->cache == NULL || self->cache_written)
    return;
  /* While a refresh runs, or after it failed, the pager holds the old
   * listing: the cache has it already, and writing it again would date it
   * now. The refresh's success calls again. */
  if (md_pager_get_loading (MD_PAGER (self->pager)) || md_pager_get_error (MD_PAGER (self->pager)) != NULL)
    return;
  self->cache_written = TRUE;
  /* What the offline banner dates the list by, should a refresh fail. */
  g_clear_pointer (&self->last_sync, g_date_time_unref);
  self->last_sync = g_date_time_new_now_utc ();

  nodes = g_ptr_array_new_full (n, (GDestroyNotify) json_node_unref);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MdAsset) asset = g_list_model_get_item (model, i);
      g_ptr_array_add (nodes, md_asset_snapshot_to_json (asset));
    }
  md_library_cache_replace_all_async (self->cache, nodes, NULL, on_cache_changed_cb, NULL);
}

static gboolean
on_write_cache_idle_cb (gpointer user_data)
{
  MdLibraryPage *self = user_data;

  self->write_cache_idle = 0;
  if (self->pager != NULL && md_pager_get_complete (MD_PAGER (self->pager)))
    write_cache (self);
  return G_SOURCE_REMOVE;
}

void
_md_library_page_set_source (MdLibraryPage *self,
                             GListModel    *model)
{
  if (_md_library_page_current_source (self) == model)
    return;
  gtk_filter_list_model_set_model (self->filter_model, model);
  _md_library_page_update_state (self);
}

static void
on_last_sync_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(MdLibraryPage) self = user_data;
  g_autoptr(GError) error = NULL;
  GDateTime *when;

  when = md_library_cache_get_last_sync_finish (MD_LIBRARY_CACHE (object), result, &error);
  /* A listing written since is newer than what the cache said then. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->last_sync != NULL)
    {
      g_clear_pointer (&when, g_date_time_unref);
      return;
    }
  self->last_sync = when;
  _md_library_page_update_offline_banner (self);
}

static void
on_cache_loaded_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(MdLibraryPage) self = user_data;
  g_autoptr(GPtrArray) nodes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) assets = NULL;

  nodes = md_library_cache_load_finish (MD_LIBRARY_CACHE (object), result, &error);
  if (nodes == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("The library cache could not be read: %s", error->message);
      return;
    }

  /* The live list is shown already: it wins. */
  if (self->pager != NULL && _md_library_page_current_source (self) == G_LIST_MODEL (self->pager) &&
      g_list_model_get_n_items (G_LIST_MODEL (self->pager)) > 0)
    return;

  assets = g_ptr_array_new_full (nodes->len, g_object_unref);
  for (guint i = 0; i < nodes->len; i++)
    {
      JsonNode *node = g_ptr_array_index (nodes, i);
      g_autoptr(GError) parse_error = NULL;
      MdAsset *asset = JSON_NODE_HOLDS_OBJECT (node)
                       ? md_asset_new_from_json (json_node_get_object (node), &parse_error) : NULL;

      if (asset != NULL)
        g_ptr_array_add (assets, asset);
    }

  if (!self->cache_first_screen_shown)
    {
      /* The first screen: shown at once, the rest follows. */
      g_list_store_splice (self->cached_store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->cached_store)),
                           assets->pdata, assets->len);
      self->cache_first_screen_shown = TRUE;
      if (assets->len >= CACHE_FIRST_SCREEN)
        md_library_cache_load_all_async (self->cache, self->cancellable, on_cache_loaded_cb, g_object_ref (self));
    }
  else
    {
      guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->cached_store));
      gboolean same_start = assets->len >= n_shown;

      for (guint i = 0; same_start && i < n_shown; i++)
        {
          g_autoptr(MdAsset) shown = g_list_model_get_item (G_LIST_MODEL (self->cached_store), i);
          same_start = g_str_equal (md_asset_get_id (shown), md_asset_get_id (g_ptr_array_index (assets, i)));
        }
      /* Append the rest, so the rows already shown stay as they are. */
      if (same_start)
        g_list_store_splice (self->cached_store, n_shown, 0, assets->pdata + n_shown, assets->len - n_shown);
      else
        g_list_store_splice (self->cached_store, 0, n_shown, assets->pdata, assets->len);
    }

  if (assets->len > 0 && (self->pager == NULL || g_list_model_get_n_items (G_LIST_MODEL (self->pager)) == 0))
    _md_library_page_set_source (self, G_LIST_MODEL (self->cached_store));
  if (self->last_sync == NULL)
    md_library_cache_get_last_sync_async (self->cache, self->cancellable, on_last_sync_cb, g_object_ref (self));
}

static void
load_cache (MdLibraryPage *self)
{
  self->cache_first_screen_shown = FALSE;
  md_library_cache_load_range_async (self->cache, 0, CACHE_FIRST_SCREEN, self->cancellable,
                                     on_cache_loaded_cb, g_object_ref (self));
}

/* Pager ---------------------------------------------------------------- */

gboolean
_md_library_page_error_is_offline (const GError *error)
{
  return error != NULL &&
         (g_error_matches (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_NETWORK) ||
          error->domain == G_IO_ERROR || error->domain == G_RESOLVER_ERROR);
}

static void
on_pager_changed_cb (MdLibraryPage *self)
{
  MdPager *pager = MD_PAGER (self->pager);
  guint n_live = g_list_model_get_n_items (G_LIST_MODEL (pager));
  guint n_cached = g_list_model_get_n_items (G_LIST_MODEL (self->cached_store));
  const GError *error = md_pager_get_error (pager);

  g_assert (MD_IS_LIBRARY_PAGE (self));

  /* Swap from the cached list once the live one is as long or complete. */
  if (_md_library_page_current_source (self) != G_LIST_MODEL (pager) &&
      (md_pager_get_complete (pager) || n_live >= n_cached || n_cached == 0))
    {
      _md_library_page_set_source (self, G_LIST_MODEL (pager));
      /* The live list replaces it: no need to hold both. */
      g_list_store_remove_all (self->cached_store);
    }

  /* Offline whenever a list is on screen that the server could not confirm:
   * the cached one at start, or the live one when a refresh found no
   * network. With nothing to show, the error page says what happened. */
  if (error == NULL && (n_live > 0 || md_pager_get_complete (pager)))
    _md_library_page_set_offline (self, FALSE);
  else if (_md_library_page_error_is_offline (error) &&
           (_md_library_page_current_source (self) == G_LIST_MODEL (self->cached_store) || n_live > 0))
    _md_library_page_set_offline (self, TRUE);

  /* Written from an idle: the pager says it is complete before it has
   * emitted the last page's items-changed. */
  if (md_pager_get_complete (pager) && !self->cache_written && self->write_cache_idle == 0)
    self->write_cache_idle = g_idle_add (on_write_cache_idle_cb, self);

  _md_library_page_update_state (self);
}

/* Preparing assets --------------------------------------------------- */

static void
on_poll_asset_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(MdLibraryPage) self = user_data;
  g_autoptr(MdAsset) fresh = NULL;
  g_autoptr(GError) error = NULL;
  MdAsset *listed;

  self->poll_in_flight = FALSE;
  fresh = md_client_get_asset_finish (MD_CLIENT (object), result, &error);
  if (fresh == NULL || self->pager == NULL)
    return;

  listed = md_pager_find (MD_PAGER (self->pager), md_asset_get_id (fresh), NULL);
  if (listed != NULL)
    {
      md_asset_update_from (listed, fresh);
      if (md_asset_get_status (listed) != MD_ASSET_STATUS_PREPARING)
        {
          _md_library_page_cache_upsert (self, listed);
          _md_library_page_refilter (self);
        }
    }
}

/* One request per tick, taking the preparing assets in turn, so a library
 * with many of them never asks more than once a second. */
static gboolean
on_poll_tick_cb (gpointer user_data)
{
  MdLibraryPage *self = user_data;
  GListModel *model;
  guint n;

  if (self->pager == NULL || self->client == NULL || self->poll_in_flight || self->offline)
    return G_SOURCE_CONTINUE;

  model = G_LIST_MODEL (self->pager);
  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n; i++)
    {
      guint position = (self->poll_cursor + i) % n;
      g_autoptr(MdAsset) asset = g_list_model_get_item (model, position);

      if (md_asset_get_status (asset) == MD_ASSET_STATUS_PREPARING)
        {
          self->poll_cursor = position + 1;
          self->poll_in_flight = TRUE;
          md_client_get_asset_async (self->client, md_asset_get_id (asset), self->cancellable,
                                     on_poll_asset_cb, g_object_ref (self));
          break;
        }
    }
  return G_SOURCE_CONTINUE;
}

void
_md_library_page_stop_loading (MdLibraryPage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->poll_source, g_source_remove);
  /* A listing that completed is kept even when the page goes right away. */
  if (self->write_cache_idle != 0)
    {
      g_clear_handle_id (&self->write_cache_idle, g_source_remove);
      if (self->pager != NULL && md_pager_get_complete (MD_PAGER (self->pager)))
        write_cache (self);
    }
  if (self->pager != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->pager, self);
      _md_library_page_set_source (self, NULL);
      g_clear_object (&self->pager);
    }
  if (self->live_pager != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->live_pager, self);
      gtk_single_selection_set_model (self->live_selection, NULL);
      g_clear_object (&self->live_pager);
    }
  self->poll_in_flight = FALSE;
  self->cache_written = FALSE;
}

void
_md_library_page_start_loading (MdLibraryPage *self)
{
  _md_library_page_stop_loading (self);
  self->cancellable = g_cancellable_new ();

  if (self->cache != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->cached_store)) == 0)
    load_cache (self);
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->cached_store)) > 0)
    _md_library_page_set_source (self, G_LIST_MODEL (self->cached_store));

  if (self->client == NULL)
    {
      _md_library_page_update_state (self);
      return;
    }

  self->pager = md_asset_pager_new (self->client);
  g_signal_connect_object (self->pager, "items-changed", G_CALLBACK (on_pager_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->pager, "notify::error", G_CALLBACK (on_pager_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->pager, "notify::complete", G_CALLBACK (on_pager_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->pager, "notify::loading", G_CALLBACK (on_pager_changed_cb), self, G_CONNECT_SWAPPED);
  /* The whole listing loads in the background (paced by the client), so
   * search, filters and sort cover everything and the cache can be written. */
  md_pager_set_autoload (MD_PAGER (self->pager), TRUE);

  self->live_pager = md_live_stream_pager_new (self->client);
  g_signal_connect_object (self->live_pager, "items-changed", G_CALLBACK (_md_library_page_update_state),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->live_pager, "notify::error", G_CALLBACK (_md_library_page_update_state),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->live_pager, "notify::complete", G_CALLBACK (_md_library_page_update_state),
                           self, G_CONNECT_SWAPPED);
  gtk_single_selection_set_model (self->live_selection, G_LIST_MODEL (self->live_pager));
  md_pager_set_autoload (MD_PAGER (self->live_pager), TRUE);

  self->poll_source = g_timeout_add (POLL_INTERVAL_MS, on_poll_tick_cb, self);
  _md_library_page_update_state (self);
}
