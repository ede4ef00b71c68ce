/* md-library-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-library-page"

#include "config.h"

#include "md-library-page.h"

#include <glib/gi18n.h>

#include "md-asset-format.h"
#include "md-asset-row.h"
#include "md-live-stream-row.h"
#include "md-library-page-private.h"

/* The library: every asset of one environment in a virtualised list (only
 * visible rows exist), searched, filtered and sorted by models wrapped
 * around the API core's pager, never copied; a detail pane beside it (or
 * above it, when narrow). At start the last listing from the cache shows
 * at once; the pager then loads the live list and replaces it. When Mux
 * cannot be reached the cached list stays, marked stale. */

G_DEFINE_FINAL_TYPE (MdLibraryPage, md_library_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_CACHE,
  PROP_OFFLINE,
  PROP_SORT_ORDER,
  PROP_STATUS_FILTER,
  PROP_POLICY_FILTER,
  PROP_SECTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  PLAY_ASSET,
  PLAY_LIVE_STREAM,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
set_str (char       **slot,
         const char  *value)
{
  if (g_strcmp0 (*slot, value) == 0)
    return FALSE;
  g_free (*slot);
  *slot = g_strdup (value);
  return TRUE;
}

/* Search and filters --------------------------------------------------- */

static gboolean
contains_casefolded (const char *haystack,
                     const char *needle)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL)
    return FALSE;
  folded = g_utf8_casefold (haystack, -1);
  return strstr (folded, needle) != NULL;
}

static gboolean
asset_matches (gpointer item,
               gpointer user_data)
{
  MdLibraryPage *self = user_data;
  MdAsset *asset = item;
  MdAssetStatus status = md_asset_get_status (asset);

  if (g_hash_table_contains (self->deleting, md_asset_get_id (asset)))
    return FALSE;

  if (g_str_equal (self->status_filter, "ready") && status != MD_ASSET_STATUS_READY)
    return FALSE;
  if (g_str_equal (self->status_filter, "preparing") && status != MD_ASSET_STATUS_PREPARING)
    return FALSE;
  if (g_str_equal (self->status_filter, "errored") && status != MD_ASSET_STATUS_ERRORED)
    return FALSE;
  if (g_str_equal (self->status_filter, "live") &&
      !md_asset_get_is_live (asset) && md_asset_get_live_stream_id (asset) == NULL)
    return FALSE;

  if (g_str_equal (self->policy_filter, "public") &&
      md_asset_find_playback_id (asset, MD_PLAYBACK_POLICY_PUBLIC) == NULL)
    return FALSE;
  if (g_str_equal (self->policy_filter, "signed") &&
      md_asset_find_playback_id (asset, MD_PLAYBACK_POLICY_SIGNED) == NULL)
    return FALSE;
  if (g_str_equal (self->policy_filter, "none") &&
      g_list_model_get_n_items (md_asset_get_playback_ids (asset)) > 0)
    return FALSE;

  if (self->search_text != NULL && self->search_text[0] != '\0' &&
      !contains_casefolded (md_asset_get_title (asset), self->search_text) &&
      !contains_casefolded (md_asset_get_id (asset), self->search_text) &&
      !contains_casefolded (md_asset_get_passthrough (asset), self->search_text) &&
      !contains_casefolded (md_asset_get_external_id (asset), self->search_text))
    return FALSE;

  return TRUE;
}

static gboolean
filter_is_active (MdLibraryPage *self)
{
  return g_hash_table_size (self->deleting) > 0 ||
         !g_str_equal (self->status_filter, "all") ||
         !g_str_equal (self->policy_filter, "all") ||
         (self->search_text != NULL && self->search_text[0] != '\0');
}

/* A new order, filter or search shows its first videos: the list would
 * otherwise keep the row that was at the top in view, wherever it went
 * (the newest video at the bottom after "Oldest First"). Not for rows
 * hidden while they are deleted: the list stays where the user is. */
static void
scroll_to_top (MdLibraryPage *self)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->selection)) > 0)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", 0);
}

/* No filter at all when nothing filters: the list then asks the pager
 * only for the rows it shows. */
static void
update_filter (MdLibraryPage *self)
{
  if (filter_is_active (self))
    {
      gtk_filter_list_model_set_filter (self->filter_model, GTK_FILTER (self->filter));
      gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
    }
  else
    gtk_filter_list_model_set_filter (self->filter_model, NULL);
  _md_library_page_update_state (self);
}

/* An asset changed in place (its status polled, a refresh, a playback ID
 * added or removed): GTK 4.8's filter model does not watch its items, so
 * the status and policy filters look at every asset again, keeping the
 * rows that still match where they are. The order is left alone: a
 * re-sort would move the row being edited from under the user. */
void
_md_library_page_refilter (MdLibraryPage *self)
{
  if (filter_is_active (self))
    {
      gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
      _md_library_page_update_state (self);
    }
}

static int
compare_assets (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  MdLibraryPage *self = user_data;
  MdAsset *asset_a = (MdAsset *) a;
  MdAsset *asset_b = (MdAsset *) b;

  if (g_str_equal (self->sort_order, "oldest"))
    {
      gint64 ca = md_asset_get_created_at (asset_a), cb = md_asset_get_created_at (asset_b);
      return (ca > cb) - (ca < cb);
    }
  if (g_str_equal (self->sort_order, "duration"))
    {
      double da = md_asset_get_duration (asset_a), db = md_asset_get_duration (asset_b);
      return (da < db) - (da > db);
    }
  {
    g_autofree char *ta = md_asset_format_title (asset_a);
    g_autofree char *tb = md_asset_format_title (asset_b);
    return g_utf8_collate (ta, tb);
  }
}

/* "Newest first" is the API's own order: no sorter, no extra work. */
static void
update_sorter (MdLibraryPage *self)
{
  g_autoptr(GtkSorter) sorter = NULL;

  if (!g_str_equal (self->sort_order, "newest"))
    sorter = GTK_SORTER (gtk_custom_sorter_new (compare_assets, self, NULL));
  gtk_sort_list_model_set_sorter (self->sort_model, sorter);
  scroll_to_top (self);
}

static void
on_search_entry_search_changed_cb (MdLibraryPage  *self,
                                   GtkSearchEntry *entry)
{
  g_assert (MD_IS_LIBRARY_PAGE (self));

  g_clear_pointer (&self->search_text, g_free);
  self->search_text = g_utf8_casefold (gtk_editable_get_text (GTK_EDITABLE (entry)), -1);
  update_filter (self);
  scroll_to_top (self);
}

static void
on_search_entry_stop_search_cb (MdLibraryPage  *self,
                                GtkSearchEntry *entry)
{
  g_assert (MD_IS_LIBRARY_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

/* Rows ----------------------------------------------------------------- */

static void
on_factory_setup_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     MdLibraryPage            *self)
{
  gtk_list_item_set_child (item, md_asset_row_new (self->thumbnails));
}

static void
on_factory_bind_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    MdLibraryPage            *self)
{
  md_asset_row_set_asset (MD_ASSET_ROW (gtk_list_item_get_child (item)),
                          gtk_list_item_get_item (item), self->client);
}

static void
on_factory_unbind_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      MdLibraryPage            *self)
{
  md_asset_row_set_asset (MD_ASSET_ROW (gtk_list_item_get_child (item)), NULL, NULL);
}

static void
on_live_factory_setup_cb (GtkSignalListItemFactory *factory,
                          GtkListItem              *item,
                          MdLibraryPage            *self)
{
  gtk_list_item_set_child (item, md_live_stream_row_new ());
}

static void
on_live_factory_bind_cb (GtkSignalListItemFactory *factory,
                         GtkListItem              *item,
                         MdLibraryPage            *self)
{
  MdLiveStreamRow *row = MD_LIVE_STREAM_ROW (gtk_list_item_get_child (item));

  md_live_stream_row_set_counts_source (row, self->client, self->signer);
  md_live_stream_row_set_live_stream (row, gtk_list_item_get_item (item));
}

static void
on_live_factory_unbind_cb (GtkSignalListItemFactory *factory,
                           GtkListItem              *item,
                           MdLibraryPage            *self)
{
  md_live_stream_row_set_live_stream (MD_LIVE_STREAM_ROW (gtk_list_item_get_child (item)), NULL);
}

/* The live stream rows there are ask for their counts with the page's
 * client and signing key. */
static void
update_live_rows_counts (MdLibraryPage *self,
                         GtkWidget     *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (MD_IS_LIVE_STREAM_ROW (child))
        md_live_stream_row_set_counts_source (MD_LIVE_STREAM_ROW (child), self->client, self->signer);
      else
        update_live_rows_counts (self, child);
    }
}

/* An active stream plays live; an idle one has nothing to show yet. */
static void
on_live_list_view_activate_cb (MdLibraryPage *self,
                               guint          position,
                               GtkListView   *list_view)
{
  g_autoptr(MdLiveStream) live_stream = NULL;
  g_autoptr(MdPlaybackId) playback_id = NULL;
  GListModel *playback_ids;

  g_assert (MD_IS_LIBRARY_PAGE (self));

  live_stream = g_list_model_get_item (G_LIST_MODEL (self->live_selection), position);
  if (live_stream == NULL)
    return;
  if (md_live_stream_get_status (live_stream) != MD_LIVE_STREAM_STATUS_ACTIVE)
    {
      _md_library_page_toast (self, _("This live stream is not broadcasting right now."));
      return;
    }
  playback_ids = md_live_stream_get_playback_ids (live_stream);
  for (guint i = 0; playback_ids != NULL && i < g_list_model_get_n_items (playback_ids) && playback_id == NULL; i++)
    {
      g_autoptr(MdPlaybackId) candidate = g_list_model_get_item (playback_ids, i);

      if (md_playback_id_get_policy (candidate) == MD_PLAYBACK_POLICY_PUBLIC)
        playback_id = g_steal_pointer (&candidate);
    }
  if (playback_id == NULL && playback_ids != NULL && g_list_model_get_n_items (playback_ids) > 0)
    playback_id = g_list_model_get_item (playback_ids, 0);
  if (playback_id == NULL)
    {
      _md_library_page_toast (self, _("This live stream has no playback ID."));
      return;
    }
  g_signal_emit (self, signals[PLAY_LIVE_STREAM], 0, live_stream, playback_id);
}

/* State ---------------------------------------------------------------- */

static const char *
live_state (MdLibraryPage *self)
{
  MdPager *pager = self->live_pager != NULL ? MD_PAGER (self->live_pager) : NULL;

  if (pager == NULL)
    return self->client == NULL ? "signed-out" : "live-empty";
  if (g_list_model_get_n_items (G_LIST_MODEL (pager)) > 0)
    return "live";
  if (md_pager_get_error (pager) != NULL)
    {
      adw_status_page_set_description (self->error_page, md_pager_get_error (pager)->message);
      return "error";
    }
  if (!md_pager_get_complete (pager))
    return "loading";
  return "live-empty";
}

GListModel *
_md_library_page_current_source (MdLibraryPage *self)
{
  return gtk_filter_list_model_get_model (self->filter_model);
}

void
_md_library_page_update_offline_banner (MdLibraryPage *self)
{
  g_autofree char *label = NULL;

  if (self->offline && self->last_sync != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (self->last_sync);
      /* Translators: a date and time, see g_date_time_format() */
      g_autofree char *when = g_date_time_format (local, _("%e %b %Y at %H:%M"));

      label = g_strdup_printf (_("Offline — showing the library as of %s"), g_strstrip (when));
    }
  else
    label = g_strdup (_("Offline — showing the last library this computer saw"));

  gtk_label_set_label (self->offline_label, label);
  gtk_revealer_set_reveal_child (self->offline_revealer, self->offline);
}

void
_md_library_page_set_offline (MdLibraryPage *self,
                              gboolean       offline)
{
  if (self->offline == !!offline)
    return;
  self->offline = !!offline;
  _md_library_page_update_offline_banner (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFLINE]);
}

void
_md_library_page_update_state (MdLibraryPage *self)
{
  GListModel *source = _md_library_page_current_source (self);
  guint n_source = source != NULL ? g_list_model_get_n_items (source) : 0;
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  gboolean loading = self->pager != NULL && md_pager_get_loading (MD_PAGER (self->pager));
  const GError *error = self->pager != NULL ? md_pager_get_error (MD_PAGER (self->pager)) : NULL;
  const char *state;

  if (g_str_equal (self->section, "live"))
    state = live_state (self);
  else if (self->client == NULL && n_source == 0)
    state = "signed-out";
  else if (n_shown > 0)
    state = "list";
  else if (n_source > 0)
    state = "no-results";
  else if (error != NULL && !self->offline)
    state = "error";
  else if (loading || (self->pager != NULL && !md_pager_get_complete (MD_PAGER (self->pager)) && error == NULL))
    state = "loading";
  else if (filter_is_active (self) && g_hash_table_size (self->deleting) == 0)
    state = "no-results";
  else
    state = "empty";

  if (error != NULL && !g_str_equal (self->section, "live"))
    adw_status_page_set_description (self->error_page, error->message);

  gtk_stack_set_visible_child_name (self->stack, state);
  gtk_spinner_set_spinning (self->status_spinner, g_str_equal (state, "loading"));
  gtk_spinner_set_spinning (self->loading_spinner, loading && n_source > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->loading_spinner), loading && n_source > 0);
  _md_library_page_update_actions (self);
}

static void
update_detail (MdLibraryPage *self)
{
  g_autoptr(GPtrArray) selected = _md_library_page_dup_selected (self);

  if (selected->len == 1)
    {
      MdAsset *asset = g_ptr_array_index (selected, 0);
      g_autofree char *title = md_asset_format_title (asset);

      md_asset_detail_set_asset (self->detail, asset, self->client);
      adw_window_title_set_title (self->detail_title, title);
      gtk_stack_set_visible_child_name (self->detail_stack, "asset");
    }
  else if (selected->len > 1)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Video Selected",
                                                            "%u Videos Selected", selected->len),
                                               selected->len);

      adw_status_page_set_title (self->many_page, text);
      adw_window_title_set_title (self->detail_title, text);
      gtk_stack_set_visible_child_name (self->detail_stack, "many");
    }
  else
    {
      md_asset_detail_set_asset (self->detail, NULL, self->client);
      adw_window_title_set_title (self->detail_title, "");
      gtk_stack_set_visible_child_name (self->detail_stack, "none");
    }

  gtk_action_bar_set_revealed (self->selection_bar, selected->len > 1);
  if (selected->len > 1)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u selected", "%u selected",
                                                            selected->len), selected->len);
      gtk_label_set_label (self->selection_label, text);
    }
  _md_library_page_update_actions (self);
}

static void
on_selection_changed_cb (MdLibraryPage *self)
{
  g_assert (MD_IS_LIBRARY_PAGE (self));

  update_detail (self);
}

static void
on_model_items_changed_cb (MdLibraryPage *self,
                           guint          position,
                           guint          removed,
                           guint          added)
{
  g_assert (MD_IS_LIBRARY_PAGE (self));

  _md_library_page_update_state (self);
  /* A selected row that goes (deleted, filtered out, gone at a refresh)
   * leaves the selection without a selection-changed: the detail pane
   * must not keep showing, and acting on, a video no longer listed. */
  if (removed > 0)
    update_detail (self);
}

static void
on_list_view_activate_cb (MdLibraryPage *self,
                          guint          position,
                          GtkGridView   *list_view)
{
  g_assert (MD_IS_LIBRARY_PAGE (self));

  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
  adw_leaflet_set_visible_child (self->leaflet, self->detail_side);
}

static void
on_back_button_clicked_cb (MdLibraryPage *self)
{
  g_assert (MD_IS_LIBRARY_PAGE (self));

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* GObject -------------------------------------------------------------- */

/* The listing stays on screen when a refresh fails: without a network the
 * offline banner says so (on_pager_changed_cb), any other failure here. */
static void
on_refresh_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(MdLibraryPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (md_pager_refresh_finish (MD_PAGER (object), result, &error))
    {
      _md_library_page_refilter (self);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      _md_library_page_error_is_offline (error))
    return;

  message = g_strdup_printf (_("The library could not be refreshed: %s"), error->message);
  _md_library_page_toast (self, message);
}

static void
md_library_page_dispose (GObject *object)
{
  MdLibraryPage *self = (MdLibraryPage *) object;

  _md_library_page_stop_loading (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), MD_TYPE_LIBRARY_PAGE);
  g_clear_object (&self->selection);
  g_clear_object (&self->live_selection);
  g_clear_object (&self->sort_model);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);
  g_clear_object (&self->cached_store);
  g_clear_object (&self->client);
  g_clear_object (&self->signer);
  g_clear_object (&self->cache);
  g_clear_object (&self->thumbnails);

  G_OBJECT_CLASS (md_library_page_parent_class)->dispose (object);
}

static void
md_library_page_finalize (GObject *object)
{
  MdLibraryPage *self = (MdLibraryPage *) object;

  g_clear_pointer (&self->deleting, g_hash_table_unref);
  g_clear_pointer (&self->last_sync, g_date_time_unref);
  g_free (self->search_text);
  g_free (self->sort_order);
  g_free (self->status_filter);
  g_free (self->policy_filter);
  g_free (self->section);

  G_OBJECT_CLASS (md_library_page_parent_class)->finalize (object);
}

static void
md_library_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  MdLibraryPage *self = MD_LIBRARY_PAGE (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_CACHE:
      g_value_set_object (value, self->cache);
      break;
    case PROP_OFFLINE:
      g_value_set_boolean (value, self->offline);
      break;
    case PROP_SORT_ORDER:
      g_value_set_string (value, self->sort_order);
      break;
    case PROP_STATUS_FILTER:
      g_value_set_string (value, self->status_filter);
      break;
    case PROP_POLICY_FILTER:
      g_value_set_string (value, self->policy_filter);
      break;
    case PROP_SECTION:
      g_value_set_string (value, self->section);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_library_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  MdLibraryPage *self = MD_LIBRARY_PAGE (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      md_library_page_set_client (self, g_value_get_object (value));
      break;
    case PROP_CACHE:
      md_library_page_set_cache (self, g_value_get_object (value));
      break;
    case PROP_SORT_ORDER:
      if (set_str (&self->sort_order, g_value_get_string (value)))
        {
          update_sorter (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_STATUS_FILTER:
      if (set_str (&self->status_filter, g_value_get_string (value)))
        {
          update_filter (self);
          scroll_to_top (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_POLICY_FILTER:
      if (set_str (&self->policy_filter, g_value_get_string (value)))
        {
          update_filter (self);
          scroll_to_top (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_SECTION:
      if (set_str (&self->section, g_value_get_string (value)))
        {
          _md_library_page_update_state (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_library_page_class_init (MdLibraryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = md_library_page_dispose;
  object_class->finalize = md_library_page_finalize;
  object_class->get_property = md_library_page_get_property;
  object_class->set_property = md_library_page_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, MD_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CACHE] =
    g_param_spec_object ("cache", NULL, NULL, MD_TYPE_LIBRARY_CACHE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OFFLINE] =
    g_param_spec_boolean ("offline", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SORT_ORDER] =
    g_param_spec_string ("sort-order", NULL, NULL, "newest",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS_FILTER] =
    g_param_spec_string ("status-filter", NULL, NULL, "all",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_POLICY_FILTER] =
    g_param_spec_string ("policy-filter", NULL, NULL, "all",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SECTION] =
    g_param_spec_string ("section", NULL, NULL, "videos",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MdLibraryPage::play-asset:
   * @asset: the asset to play
   * @playback_id: which of its playback IDs (public preferred)
   *
   * The user asked to play @asset; the window opens the player.
   */
  signals[PLAY_ASSET] =
    g_signal_new ("play-asset", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, MD_TYPE_ASSET, MD_TYPE_PLAYBACK_ID);

  /**
   * MdLibraryPage::play-live-stream:
   * @live_stream: the active live stream to watch
   * @playback_id: which of its playback IDs (public preferred)
   */
  signals[PLAY_LIVE_STREAM] =
    g_signal_new ("play-live-stream", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, MD_TYPE_LIVE_STREAM, MD_TYPE_PLAYBACK_ID);

  g_type_ensure (MD_TYPE_ASSET_DETAIL);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/muxdesk/Muxdesk/ui/md-library-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MdLibraryPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MdLibraryPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, MdLibraryPage, list_side);
  gtk_widget_class_bind_template_child (widget_class, MdLibraryPage, detail_side);
  gtk_widget_class_bind_template_child (widget_class, MdLibraryPage, header_bar);
  gtk_widget_class_bind_template_child (widget_class, MdLibraryPage, section_switch);
  gtk_widget_class_bind_template_child (widget_class, MdLibraryPage, live_list_view);
  gtk_widget_class_bind_template_child (widget_class, MdLibraryPage, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, MdLibraryPage, search_bar);
  gtk_widget_class_bind_template_child (widget_class, MdLibraryPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, MdLibraryPage, offline_revealer);
  gtk_widget_class_bind_template_child (widget_class, MdLibraryPage, offline_label);
  gtk_widget_class_bind_template_child (widget_class, MdLibraryPage, stack);
  gtk_widget_class_bind_template_child (widget_class, MdLibraryPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, MdLibraryPage, status_spinner);
  gtk_widget_class_bind_template_child (widget_class, MdLibraryPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, MdLibraryPage, selection_bar);
  gtk_widget_class_bind_template_child (widget_class, MdLibraryPage, selection_label);
  gtk_widget_class_bind_template_child (widget_class, MdLibraryPage, detail_title);
  gtk_widget_class_bind_template_child (widget_class, MdLibraryPage, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, MdLibraryPage, many_page);
  gtk_widget_class_bind_template_child (widget_class, MdLibraryPage, detail);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_list_view_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_back_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_live_list_view_activate_cb);

  _md_library_page_class_init_actions (widget_class);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
md_library_page_init (MdLibraryPage *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;

  self->sort_order = g_strdup ("newest");
  self->status_filter = g_strdup ("all");
  self->policy_filter = g_strdup ("all");
  self->section = g_strdup ("videos");
  self->deleting = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cached_store = g_list_store_new (MD_TYPE_ASSET);
  self->thumbnails = g_object_ref (md_thumbnail_cache_get_default ());

  gtk_widget_init_template (GTK_WIDGET (self));

  self->filter = gtk_custom_filter_new (asset_matches, self, NULL);
  self->filter_model = gtk_filter_list_model_new (NULL, NULL);
  self->sort_model = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filter_model)), NULL);
  self->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->sort_model)));
  g_signal_connect_object (self->selection, "selection-changed", G_CALLBACK (on_selection_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "items-changed", G_CALLBACK (on_model_items_changed_cb),
                           self, G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (on_factory_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (on_factory_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_factory_unbind_cb), self);
  gtk_grid_view_set_factory (self->list_view, factory);
  gtk_grid_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  g_clear_object (&factory);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (on_live_factory_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (on_live_factory_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_live_factory_unbind_cb), self);
  self->live_selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->live_selection, FALSE);
  gtk_list_view_set_factory (self->live_list_view, factory);
  gtk_list_view_set_model (self->live_list_view, GTK_SELECTION_MODEL (self->live_selection));

  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));

  _md_library_page_update_offline_banner (self);
  _md_library_page_update_state (self);
  update_detail (self);
}

/* API ------------------------------------------------------------------ */

GtkWidget *
md_library_page_new (void)
{
  return g_object_new (MD_TYPE_LIBRARY_PAGE, NULL);
}

MdClient *
md_library_page_get_client (MdLibraryPage *self)
{
  g_return_val_if_fail (MD_IS_LIBRARY_PAGE (self), NULL);

  return self->client;
}

/**
 * md_library_page_set_client:
 * @client: (nullable): the signed-in environment, %NULL when signed out
 *
 * Shows that environment's library: the cache's listing at once (set the
 * cache first), then the live one.
 */
void
md_library_page_set_client (MdLibraryPage *self,
                            MdClient      *client)
{
  g_return_if_fail (MD_IS_LIBRARY_PAGE (self));
  g_return_if_fail (!client || MD_IS_CLIENT (client));

  if (!g_set_object (&self->client, client))
    return;
  if (self->live_list_view != NULL)
    update_live_rows_counts (self, GTK_WIDGET (self->live_list_view));
  _md_library_page_set_offline (self, FALSE);
  _md_library_page_start_loading (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
}

MdJwtSigner *
md_library_page_get_signer (MdLibraryPage *self)
{
  g_return_val_if_fail (MD_IS_LIBRARY_PAGE (self), NULL);

  return self->signer;
}

/**
 * md_library_page_set_signer:
 * @signer: (nullable): the environment's active signing key
 *
 * With a key, the rows of broadcasting live streams show their current
 * views and viewers; without, nothing of them (set it before the client,
 * with the environment switch).
 */
void
md_library_page_set_signer (MdLibraryPage *self,
                            MdJwtSigner   *signer)
{
  g_return_if_fail (MD_IS_LIBRARY_PAGE (self));
  g_return_if_fail (!signer || MD_IS_JWT_SIGNER (signer));

  if (!g_set_object (&self->signer, signer))
    return;
  if (self->live_list_view != NULL)
    update_live_rows_counts (self, GTK_WIDGET (self->live_list_view));
}

MdLibraryCache *
md_library_page_get_cache (MdLibraryPage *self)
{
  g_return_val_if_fail (MD_IS_LIBRARY_PAGE (self), NULL);

  return self->cache;
}

/**
 * md_library_page_set_cache:
 * @cache: (nullable): the environment's library cache
 *
 * Set it before the client, with the environment switch.
 */
void
md_library_page_set_cache (MdLibraryPage  *self,
                           MdLibraryCache *cache)
{
  g_return_if_fail (MD_IS_LIBRARY_PAGE (self));
  g_return_if_fail (!cache || MD_IS_LIBRARY_CACHE (cache));

  if (!g_set_object (&self->cache, cache))
    return;
  if (_md_library_page_current_source (self) == G_LIST_MODEL (self->cached_store))
    _md_library_page_set_source (self, NULL);
  g_list_store_remove_all (self->cached_store);
  g_clear_pointer (&self->last_sync, g_date_time_unref);
  _md_library_page_start_loading (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CACHE]);
}

/**
 * md_library_page_set_thumbnail_cache:
 *
 * Where thumbnails are kept; the default is under the XDG cache folder.
 */
void
md_library_page_set_thumbnail_cache (MdLibraryPage    *self,
                                     MdThumbnailCache *thumbnails)
{
  g_return_if_fail (MD_IS_LIBRARY_PAGE (self));
  g_return_if_fail (MD_IS_THUMBNAIL_CACHE (thumbnails));

  /* Rows made from now on use it. */
  g_set_object (&self->thumbnails, thumbnails);
}

/**
 * md_library_page_refresh:
 *
 * Fetches the listing again: in place when it is on screen, from the
 * start when it never loaded.
 */
void
md_library_page_refresh (MdLibraryPage *self)
{
  g_return_if_fail (MD_IS_LIBRARY_PAGE (self));

  /* A list on screen stays there while it is fetched again, even after a
   * failed refresh; only a listing that never loaded starts over. */
  if (self->pager == NULL || _md_library_page_current_source (self) != G_LIST_MODEL (self->pager) ||
      (md_pager_get_error (MD_PAGER (self->pager)) != NULL &&
       g_list_model_get_n_items (G_LIST_MODEL (self->pager)) == 0))
    {
      _md_library_page_start_loading (self);
      return;
    }
  self->cache_written = FALSE;
  md_pager_refresh_async (MD_PAGER (self->pager), self->cancellable, on_refresh_cb, g_object_ref (self));
}

/**
 * md_library_page_get_header_bar:
 *
 * The list side's header bar. The window may pack its own widgets into it
 * (environment switcher, upload button, primary menu) with
 * adw_header_bar_pack_start() and adw_header_bar_pack_end().
 *
 * Returns: (transfer none): the header bar
 */
AdwHeaderBar *
md_library_page_get_header_bar (MdLibraryPage *self)
{
  g_return_val_if_fail (MD_IS_LIBRARY_PAGE (self), NULL);

  return self->header_bar;
}

gboolean
md_library_page_get_offline (MdLibraryPage *self)
{
  g_return_val_if_fail (MD_IS_LIBRARY_PAGE (self), FALSE);

  return self->offline;
}

/**
 * md_library_page_get_model:
 *
 * Returns: (transfer none): what the list shows (searched, filtered, sorted)
 */
GListModel *
md_library_page_get_model (MdLibraryPage *self)
{
  g_return_val_if_fail (MD_IS_LIBRARY_PAGE (self), NULL);

  return G_LIST_MODEL (self->selection);
}

/**
 * md_library_page_get_list_view:
 *
 * A one-column #GtkGridView: GTK 4.8's grid keeps about 30 rows of widgets
 * alive where its list view keeps 200, whatever the library's size.
 *
 * Returns: (transfer none): the asset list
 */
GtkGridView *
md_library_page_get_list_view (MdLibraryPage *self)
{
  g_return_val_if_fail (MD_IS_LIBRARY_PAGE (self), NULL);

  return self->list_view;
}

void
md_library_page_select (MdLibraryPage *self,
                        guint          position)
{
  g_return_if_fail (MD_IS_LIBRARY_PAGE (self));

  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
}

void
md_library_page_set_search_text (MdLibraryPage *self,
                                 const char    *text)
{
  g_return_if_fail (MD_IS_LIBRARY_PAGE (self));

  gtk_search_bar_set_search_mode (self->search_bar, text != NULL && text[0] != '\0');
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
  /* Apply now rather than after the entry's typing delay. */
  on_search_entry_search_changed_cb (self, self->search_entry);
}

/**
 * md_library_page_get_visible_state:
 *
 * Returns: which view shows: "list", "loading", "empty", "no-results",
 *   "error" or "signed-out"
 */
const char *
md_library_page_get_visible_state (MdLibraryPage *self)
{
  g_return_val_if_fail (MD_IS_LIBRARY_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

/* Shared with the actions ------------------------------------------------ */

void
_md_library_page_toast (MdLibraryPage *self,
                        const char    *message)
{
  AdwToast *toast;

  /* An answer that arrives after the page went has no one to tell. */
  if (self->toast_overlay == NULL)
    return;
  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Writes need Mux: say so rather than fail later. */
gboolean
_md_library_page_refuse_offline (MdLibraryPage *self)
{
  if (self->client == NULL)
    {
      _md_library_page_toast (self, _("Sign in to an environment to change its videos."));
      return TRUE;
    }
  if (self->offline)
    {
      _md_library_page_toast (self, _("You are offline: changes can be made once Mux can be reached again."));
      return TRUE;
    }
  return FALSE;
}

/**
 * _md_library_page_dup_selected:
 *
 * Returns: (transfer container) (element-type MdAsset): the selected assets
 */
GPtrArray *
_md_library_page_dup_selected (MdLibraryPage *self)
{
  g_autoptr(GtkBitset) bitset = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  GPtrArray *selected = g_ptr_array_new_with_free_func (g_object_unref);
  GtkBitsetIter iter;
  guint position;

  if (gtk_bitset_iter_init_first (&iter, bitset, &position))
    do
      g_ptr_array_add (selected, g_list_model_get_item (G_LIST_MODEL (self->selection), position));
    while (gtk_bitset_iter_next (&iter, &position));

  return selected;
}

void
_md_library_page_hide_deleted (MdLibraryPage *self,
                               const char    *asset_id,
                               gboolean       hide)
{
  if (hide)
    g_hash_table_add (self->deleting, g_strdup (asset_id));
  else
    g_hash_table_remove (self->deleting, asset_id);
  update_filter (self);
}
