/* md-asset-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-asset-row"

#include "config.h"

#include "md-asset-row.h"

#include <glib/gi18n.h>

#include "md-asset-format.h"

/* One asset in the library list. Rows are recycled by the list view: each
 * bind hands a new asset, and the thumbnail still loading for the previous
 * one is cancelled so a slow picture never lands on the wrong row. */
struct _MdAssetRow
{
  GtkWidget         parent_instance;

  GtkWidget        *box;
  GtkImage         *placeholder;
  GtkPicture       *picture;
  GtkLabel         *live_badge;
  GtkLabel         *title_label;
  GtkLabel         *details_label;
  GtkBox           *badges;
  GtkLabel         *status_label;
  GtkProgressBar   *progress_bar;

  MdAsset          *asset;
  MdClient         *client;
  MdThumbnailCache *thumbnails;
  GCancellable     *thumbnail_cancellable;
  char             *thumbnail_url;
};

G_DEFINE_FINAL_TYPE (MdAssetRow, md_asset_row, GTK_TYPE_WIDGET)

static void
clear_badges (MdAssetRow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->badges))) != NULL)
    gtk_box_remove (self->badges, child);
}

static void
add_badge (MdAssetRow *self,
           const char *text,
           const char *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "md-badge");
  gtk_widget_add_css_class (label, "caption");
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  gtk_box_append (self->badges, label);
}

static void
on_thumbnail_loaded_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(MdAssetRow) self = user_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  g_assert (MD_IS_ASSET_ROW (self));

  bytes = md_thumbnail_cache_load_finish (MD_THUMBNAIL_CACHE (object), result, NULL, &error);
  if (bytes == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No thumbnail: %s", error->message);
      return;
    }

  texture = gdk_texture_new_from_bytes (bytes, &error);
  if (texture == NULL)
    {
      g_debug ("Unreadable thumbnail: %s", error->message);
      return;
    }
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
  gtk_widget_set_visible (GTK_WIDGET (self->picture), TRUE);
}

static void
cancel_thumbnail (MdAssetRow *self)
{
  g_cancellable_cancel (self->thumbnail_cancellable);
  g_clear_object (&self->thumbnail_cancellable);
  g_clear_pointer (&self->thumbnail_url, g_free);
  gtk_picture_set_paintable (self->picture, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->picture), FALSE);
}

/* Only a ready asset has pictures, and only its public playback IDs may be
 * fetched without a token. */
static void
update_thumbnail (MdAssetRow *self)
{
  g_autofree char *url = NULL;
  MdPlaybackId *playback_id;

  if (self->asset != NULL && self->client != NULL &&
      md_asset_get_status (self->asset) == MD_ASSET_STATUS_READY &&
      (playback_id = md_asset_find_playback_id (self->asset, MD_PLAYBACK_POLICY_PUBLIC)) != NULL)
    url = md_client_build_thumbnail_url (self->client, playback_id, NULL, 0, -1, 224, NULL);

  if (g_strcmp0 (url, self->thumbnail_url) == 0)
    return;

  cancel_thumbnail (self);
  if (url == NULL)
    return;

  self->thumbnail_url = g_steal_pointer (&url);
  self->thumbnail_cancellable = g_cancellable_new ();
  md_thumbnail_cache_load_async (self->thumbnails, self->thumbnail_url, self->thumbnail_cancellable,
                                 on_thumbnail_loaded_cb, g_object_ref (self));
}

static void
update (MdAssetRow *self)
{
  g_autofree char *title = NULL;
  g_autofree char *duration = NULL;
  g_autofree char *resolution = NULL;
  g_autofree char *created = NULL;
  g_autofree char *details = NULL;
  g_autofree char *status = NULL;
  g_autofree char *reason = NULL;
  GListModel *playback_ids;
  MdAssetStatus asset_status;

  clear_badges (self);
  if (self->asset == NULL)
    {
      cancel_thumbnail (self);
      return;
    }

  title = md_asset_format_title (self->asset);
  duration = md_asset_format_duration (md_asset_get_duration (self->asset));
  resolution = md_asset_format_resolution (self->asset);
  created = md_asset_format_relative_date (md_asset_get_created_at (self->asset),
                                           g_get_real_time () / G_USEC_PER_SEC);
  details = g_strdup_printf ("%s · %s · %s", duration, resolution, created);
  status = md_asset_format_status (self->asset);
  asset_status = md_asset_get_status (self->asset);

  gtk_label_set_label (self->title_label, title);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->title_label), title);
  gtk_label_set_label (self->details_label, details);
  gtk_label_set_label (self->status_label, status);

  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "warning");
  if (asset_status == MD_ASSET_STATUS_ERRORED)
    {
      reason = md_asset_format_error (self->asset);
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
    }
  else if (asset_status == MD_ASSET_STATUS_READY)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "success");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "warning");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_label), reason);

  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), asset_status == MD_ASSET_STATUS_PREPARING);
  gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (md_asset_get_progress (self->asset) / 100.0, 0, 1));

  playback_ids = md_asset_get_playback_ids (self->asset);
  for (guint i = 0; playback_ids != NULL && i < g_list_model_get_n_items (playback_ids); i++)
    {
      g_autoptr(MdPlaybackId) playback_id = g_list_model_get_item (playback_ids, i);
      MdPlaybackPolicy policy = md_playback_id_get_policy (playback_id);

      add_badge (self, md_asset_format_policy (policy),
                 policy == MD_PLAYBACK_POLICY_PUBLIC ? "md-badge-public" : "md-badge-signed");
    }
  if (md_asset_get_test (self->asset))
    add_badge (self, _("Test"), NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->live_badge),
                          md_asset_get_is_live (self->asset) || md_asset_get_live_stream_id (self->asset) != NULL);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, status,
                                  -1);
  update_thumbnail (self);
}

static void
on_asset_notify_cb (MdAssetRow *self,
                    GParamSpec *pspec,
                    MdAsset    *asset)
{
  g_assert (MD_IS_ASSET_ROW (self));
  g_assert (MD_IS_ASSET (asset));

  update (self);
}

/* Playback IDs added or removed change the store, not a property. */
static void
on_playback_ids_changed_cb (MdAssetRow *self,
                            guint       position,
                            guint       removed,
                            guint       added,
                            GListModel *playback_ids)
{
  g_assert (MD_IS_ASSET_ROW (self));
  g_assert (G_IS_LIST_MODEL (playback_ids));

  update (self);
}

static void
disconnect_asset (MdAssetRow *self)
{
  if (self->asset == NULL)
    return;
  g_signal_handlers_disconnect_by_func (self->asset, on_asset_notify_cb, self);
  g_signal_handlers_disconnect_by_func (md_asset_get_playback_ids (self->asset), on_playback_ids_changed_cb, self);
}

static void
md_asset_row_dispose (GObject *object)
{
  MdAssetRow *self = (MdAssetRow *) object;

  cancel_thumbnail (self);
  disconnect_asset (self);
  g_clear_object (&self->asset);
  g_clear_object (&self->client);
  g_clear_object (&self->thumbnails);
  gtk_widget_dispose_template (GTK_WIDGET (self), MD_TYPE_ASSET_ROW);

  G_OBJECT_CLASS (md_asset_row_parent_class)->dispose (object);
}

static void
md_asset_row_class_init (MdAssetRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = md_asset_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/muxdesk/Muxdesk/ui/md-asset-row.ui");
  gtk_widget_class_bind_template_child (widget_class, MdAssetRow, box);
  gtk_widget_class_bind_template_child (widget_class, MdAssetRow, placeholder);
  gtk_widget_class_bind_template_child (widget_class, MdAssetRow, picture);
  gtk_widget_class_bind_template_child (widget_class, MdAssetRow, live_badge);
  gtk_widget_class_bind_template_child (widget_class, MdAssetRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, MdAssetRow, details_label);
  gtk_widget_class_bind_template_child (widget_class, MdAssetRow, badges);
  gtk_widget_class_bind_template_child (widget_class, MdAssetRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, MdAssetRow, progress_bar);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "mdassetrow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
md_asset_row_init (MdAssetRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
md_asset_row_new (MdThumbnailCache *thumbnails)
{
  MdAssetRow *self;

  g_return_val_if_fail (MD_IS_THUMBNAIL_CACHE (thumbnails), NULL);

  self = g_object_new (MD_TYPE_ASSET_ROW, NULL);
  self->thumbnails = g_object_ref (thumbnails);
  return GTK_WIDGET (self);
}

MdAsset *
md_asset_row_get_asset (MdAssetRow *self)
{
  g_return_val_if_fail (MD_IS_ASSET_ROW (self), NULL);

  return self->asset;
}

/**
 * md_asset_row_set_asset:
 * @asset: (nullable): the asset to show, %NULL when the row is unbound
 * @client: (nullable): builds the thumbnail address
 */
void
md_asset_row_set_asset (MdAssetRow *self,
                        MdAsset    *asset,
                        MdClient   *client)
{
  g_return_if_fail (MD_IS_ASSET_ROW (self));
  g_return_if_fail (!asset || MD_IS_ASSET (asset));

  g_set_object (&self->client, client);
  if (self->asset == asset)
    return;

  disconnect_asset (self);
  g_set_object (&self->asset, asset);
  if (asset != NULL)
    {
      g_signal_connect_object (asset, "notify", G_CALLBACK (on_asset_notify_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (md_asset_get_playback_ids (asset), "items-changed",
                               G_CALLBACK (on_playback_ids_changed_cb), self, G_CONNECT_SWAPPED);
    }
  update (self);
}

gboolean
md_asset_row_get_has_thumbnail (MdAssetRow *self)
{
  g_return_val_if_fail (MD_IS_ASSET_ROW (self), FALSE);

  return gtk_picture_get_paintable (self->picture) != NULL;
}

const char *
md_asset_row_get_title (MdAssetRow *self)
{
  g_return_val_if_fail (MD_IS_ASSET_ROW (self), NULL);

  return gtk_label_get_label (self->title_label);
}
