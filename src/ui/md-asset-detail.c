/* md-asset-detail.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-asset-detail"

#include "config.h"

#include "md-asset-detail.h"

#include <glib/gi18n.h>

#include "md-asset-format.h"

/* Everything about one asset, with its editable fields. The pane does no
 * work itself: its buttons activate the page's `library.*` actions (edit,
 * copy, playback IDs, play, delete), so the keyboard, the menus and the
 * buttons share one path. */
struct _MdAssetDetail
{
  GtkWidget             parent_instance;

  AdwPreferencesPage   *page;
  AdwPreferencesGroup  *edit_group;
  AdwEntryRow          *title_row;
  AdwEntryRow          *passthrough_row;
  AdwEntryRow          *creator_row;
  AdwEntryRow          *external_row;
  AdwPreferencesGroup  *info_group;
  AdwPreferencesGroup  *playback_group;
  GtkMenuButton        *add_playback_button;
  AdwPreferencesGroup  *tracks_group;
  GtkButton            *play_button;
  GtkButton            *delete_button;

  MdAsset              *asset;
  MdClient             *client;
  GPtrArray            *info_rows;       /* rows this file added, removed on update */
  GPtrArray            *playback_rows;
  GPtrArray            *track_rows;
  guint                 update_idle;
};

G_DEFINE_FINAL_TYPE (MdAssetDetail, md_asset_detail, GTK_TYPE_WIDGET)

static void
clear_rows (AdwPreferencesGroup *group,
            GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

static GtkWidget *
copy_button_new (const char *text,
                 const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("edit-copy-symbolic");

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "library.copy");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", text);
  return button;
}

static GtkWidget *
add_row (AdwPreferencesGroup *group,
         GPtrArray           *rows,
         const char          *title,
         const char          *value,
         const char          *copy_tooltip)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value != NULL ? value : "–");
  gtk_widget_add_css_class (row, "property");
  if (copy_tooltip != NULL && value != NULL)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), copy_button_new (value, copy_tooltip));
  adw_preferences_group_add (group, row);
  g_ptr_array_add (rows, row);
  return row;
}

static void
update_info (MdAssetDetail *self)
{
  g_autofree char *status = md_asset_format_status (self->asset);
  g_autofree char *reason = md_asset_format_error (self->asset);
  g_autofree char *duration = md_asset_format_duration (md_asset_get_duration (self->asset));
  g_autofree char *resolution = md_asset_format_resolution (self->asset);
  g_autofree char *created = md_asset_format_absolute_date (md_asset_get_created_at (self->asset));
  MdVideoQuality quality = md_asset_get_video_quality (self->asset);
  const char *quality_text = quality == MD_VIDEO_QUALITY_BASIC ? _("Basic")
                           : quality == MD_VIDEO_QUALITY_PLUS ? _("Plus")
                           : quality == MD_VIDEO_QUALITY_PREMIUM ? _("Premium") : NULL;
  GtkWidget *row;

  clear_rows (self->info_group, self->info_rows);
  row = add_row (self->info_group, self->info_rows, _("Status"), status, NULL);
  if (reason != NULL)
    {
      row = add_row (self->info_group, self->info_rows, _("Error"), reason, _("Copy the Error"));
      gtk_widget_add_css_class (row, "error");
    }
  add_row (self->info_group, self->info_rows, _("Asset ID"), md_asset_get_id (self->asset), _("Copy the Asset ID"));
  add_row (self->info_group, self->info_rows, _("Duration"), duration, NULL);
  add_row (self->info_group, self->info_rows, _("Resolution"), resolution, NULL);
  add_row (self->info_group, self->info_rows, _("Aspect Ratio"), md_asset_get_aspect_ratio (self->asset), NULL);
  add_row (self->info_group, self->info_rows, _("Video Quality"), quality_text, NULL);
  add_row (self->info_group, self->info_rows, _("Created"), created, NULL);
  if (md_asset_get_upload_id (self->asset) != NULL)
    add_row (self->info_group, self->info_rows, _("Upload ID"), md_asset_get_upload_id (self->asset),
             _("Copy the Upload ID"));
  if (md_asset_get_live_stream_id (self->asset) != NULL)
    add_row (self->info_group, self->info_rows, _("Live Stream ID"), md_asset_get_live_stream_id (self->asset),
             _("Copy the Live Stream ID"));
}

static GtkWidget *
url_button_new (const char *url,
                const char *icon_name,
                const char *tooltip,
                const char *missing_tooltip)
{
  GtkWidget *button;

  button = url != NULL ? copy_button_new (url, tooltip) : gtk_button_new_from_icon_name (icon_name);
  gtk_button_set_icon_name (GTK_BUTTON (button), icon_name);
  if (url == NULL)
    {
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_sensitive (button, FALSE);
      gtk_widget_set_tooltip_text (button, missing_tooltip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
    }
  return button;
}

static void
update_playback_ids (MdAssetDetail *self)
{
  GListModel *playback_ids = md_asset_get_playback_ids (self->asset);
  guint n = playback_ids != NULL ? g_list_model_get_n_items (playback_ids) : 0;

  clear_rows (self->playback_group, self->playback_rows);
  if (n == 0)
    add_row (self->playback_group, self->playback_rows, _("None"),
             _("Add one to play or share this video."), NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MdPlaybackId) playback_id = g_list_model_get_item (playback_ids, i);
      const char *id = md_playback_id_get_id (playback_id);
      g_autofree char *stream_url = NULL;
      g_autofree char *thumbnail_url = NULL;
      GtkWidget *row;
      GtkWidget *remove;
      gboolean ready = md_asset_get_status (self->asset) == MD_ASSET_STATUS_READY;

      /* Signed IDs need a token minted with a signing key: not here. */
      if (self->client != NULL && ready)
        {
          stream_url = md_client_build_stream_url (self->client, playback_id, NULL, 0, NULL);
          thumbnail_url = md_client_build_thumbnail_url (self->client, playback_id, NULL, 0, -1, 0, NULL);
        }

      row = add_row (self->playback_group, self->playback_rows, id,
                     md_asset_format_policy (md_playback_id_get_policy (playback_id)), NULL);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), copy_button_new (id, _("Copy the Playback ID")));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 url_button_new (stream_url, "video-x-generic-symbolic", _("Copy the Stream URL"),
                                                 _("Stream URLs need a ready video, and a signing key for signed IDs")));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 url_button_new (thumbnail_url, "image-x-generic-symbolic", _("Copy the Thumbnail URL"),
                                                 _("Thumbnail URLs need a ready video, and a signing key for signed IDs")));

      remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, _("Remove this Playback ID"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Remove this Playback ID"), -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "library.remove-playback-id");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "s", id);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
    }
}

static void
update_tracks (MdAssetDetail *self)
{
  GPtrArray *tracks = md_asset_get_tracks (self->asset);

  clear_rows (self->tracks_group, self->track_rows);
  gtk_widget_set_visible (GTK_WIDGET (self->tracks_group), tracks != NULL && tracks->len > 0);
  for (guint i = 0; tracks != NULL && i < tracks->len; i++)
    {
      const MdTrack *track = g_ptr_array_index (tracks, i);
      g_autoptr(GString) text = g_string_new (NULL);
      g_autofree char *duration = md_asset_format_duration (track->duration);

      if (track->max_width > 0 && track->max_height > 0)
        g_string_append_printf (text, "%" G_GINT64_FORMAT "×%" G_GINT64_FORMAT " · ",
                                track->max_width, track->max_height);
      if (track->max_frame_rate > 0)
        g_string_append_printf (text, _("%.3g fps · "), track->max_frame_rate);
      if (track->max_channels > 0)
        g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%d channel · ", "%d channels · ",
                                                   track->max_channels), (int) track->max_channels);
      if (track->language_code != NULL)
        g_string_append_printf (text, "%s · ", track->language_code);
      g_string_append (text, duration);

      add_row (self->tracks_group, self->track_rows,
               track->name != NULL ? track->name : track->type != NULL ? track->type : _("Track"),
               text->str, NULL);
    }
}

static void
set_entry (AdwEntryRow *row,
           const char  *value)
{
  /* Leave a field the user is typing in alone. */
  if (gtk_widget_has_focus (GTK_WIDGET (row)) || gtk_widget_get_focus_child (GTK_WIDGET (row)) != NULL)
    return;
  gtk_editable_set_text (GTK_EDITABLE (row), value != NULL ? value : "");
}

static void
update (MdAssetDetail *self)
{
  g_autofree char *title = NULL;

  if (self->asset == NULL)
    return;

  title = md_asset_format_title (self->asset);
  adw_preferences_group_set_title (self->edit_group, title);
  set_entry (self->title_row, md_asset_get_title (self->asset));
  set_entry (self->passthrough_row, md_asset_get_passthrough (self->asset));
  set_entry (self->creator_row, md_asset_get_creator_id (self->asset));
  set_entry (self->external_row, md_asset_get_external_id (self->asset));
  update_info (self);
  update_playback_ids (self);
  update_tracks (self);
}

static gboolean
on_update_idle_cb (gpointer user_data)
{
  MdAssetDetail *self = user_data;

  self->update_idle = 0;
  update (self);
  return G_SOURCE_REMOVE;
}

/* An update from the server changes many properties at once: rebuild the
 * rows once for all of them. */
static void
on_asset_notify_cb (MdAssetDetail *self,
                    GParamSpec    *pspec,
                    MdAsset       *asset)
{
  g_assert (MD_IS_ASSET_DETAIL (self));

  if (self->update_idle == 0)
    self->update_idle = g_idle_add (on_update_idle_cb, self);
}

/* Playback IDs added or removed change the store, not a property. */
static void
on_playback_ids_changed_cb (MdAssetDetail *self,
                            guint          position,
                            guint          removed,
                            guint          added,
                            GListModel    *playback_ids)
{
  g_assert (MD_IS_ASSET_DETAIL (self));
  g_assert (G_IS_LIST_MODEL (playback_ids));

  if (self->update_idle == 0)
    self->update_idle = g_idle_add (on_update_idle_cb, self);
}

static void
disconnect_asset (MdAssetDetail *self)
{
  if (self->asset == NULL)
    return;
  g_signal_handlers_disconnect_by_func (self->asset, on_asset_notify_cb, self);
  g_signal_handlers_disconnect_by_func (md_asset_get_playback_ids (self->asset), on_playback_ids_changed_cb, self);
}

static void
on_field_apply_cb (MdAssetDetail *self,
                   AdwEntryRow   *row)
{
  const char *field;

  g_assert (MD_IS_ASSET_DETAIL (self));
  g_assert (ADW_IS_ENTRY_ROW (row));

  if (row == self->title_row)
    field = "title";
  else if (row == self->passthrough_row)
    field = "passthrough";
  else if (row == self->creator_row)
    field = "creator_id";
  else
    field = "external_id";

  gtk_widget_activate_action (GTK_WIDGET (self), "library.update-field", "(ss)",
                              field, gtk_editable_get_text (GTK_EDITABLE (row)));
}

static void
md_asset_detail_dispose (GObject *object)
{
  MdAssetDetail *self = (MdAssetDetail *) object;

  g_clear_handle_id (&self->update_idle, g_source_remove);
  disconnect_asset (self);
  g_clear_object (&self->asset);
  g_clear_object (&self->client);
  gtk_widget_dispose_template (GTK_WIDGET (self), MD_TYPE_ASSET_DETAIL);

  G_OBJECT_CLASS (md_asset_detail_parent_class)->dispose (object);
}

static void
md_asset_detail_finalize (GObject *object)
{
  MdAssetDetail *self = (MdAssetDetail *) object;

  g_clear_pointer (&self->info_rows, g_ptr_array_unref);
  g_clear_pointer (&self->playback_rows, g_ptr_array_unref);
  g_clear_pointer (&self->track_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (md_asset_detail_parent_class)->finalize (object);
}

static void
md_asset_detail_class_init (MdAssetDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = md_asset_detail_dispose;
  object_class->finalize = md_asset_detail_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/muxdesk/Muxdesk/ui/md-asset-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, MdAssetDetail, page);
  gtk_widget_class_bind_template_child (widget_class, MdAssetDetail, edit_group);
  gtk_widget_class_bind_template_child (widget_class, MdAssetDetail, title_row);
  gtk_widget_class_bind_template_child (widget_class, MdAssetDetail, passthrough_row);
  gtk_widget_class_bind_template_child (widget_class, MdAssetDetail, creator_row);
  gtk_widget_class_bind_template_child (widget_class, MdAssetDetail, external_row);
  gtk_widget_class_bind_template_child (widget_class, MdAssetDetail, info_group);
  gtk_widget_class_bind_template_child (widget_class, MdAssetDetail, playback_group);
  gtk_widget_class_bind_template_child (widget_class, MdAssetDetail, add_playback_button);
  gtk_widget_class_bind_template_child (widget_class, MdAssetDetail, tracks_group);
  gtk_widget_class_bind_template_child (widget_class, MdAssetDetail, play_button);
  gtk_widget_class_bind_template_child (widget_class, MdAssetDetail, delete_button);
  gtk_widget_class_bind_template_callback (widget_class, on_field_apply_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
md_asset_detail_init (MdAssetDetail *self)
{
  self->info_rows = g_ptr_array_new ();
  self->playback_rows = g_ptr_array_new ();
  self->track_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
md_asset_detail_new (void)
{
  return g_object_new (MD_TYPE_ASSET_DETAIL, NULL);
}

MdAsset *
md_asset_detail_get_asset (MdAssetDetail *self)
{
  g_return_val_if_fail (MD_IS_ASSET_DETAIL (self), NULL);

  return self->asset;
}

/**
 * md_asset_detail_set_asset:
 * @asset: (nullable): what to show
 * @client: (nullable): builds the stream and thumbnail URLs
 */
void
md_asset_detail_set_asset (MdAssetDetail *self,
                           MdAsset       *asset,
                           MdClient      *client)
{
  g_return_if_fail (MD_IS_ASSET_DETAIL (self));
  g_return_if_fail (!asset || MD_IS_ASSET (asset));

  g_set_object (&self->client, client);
  if (self->asset != asset)
    {
      disconnect_asset (self);
      g_set_object (&self->asset, asset);
      if (asset != NULL)
        {
          g_signal_connect_object (asset, "notify", G_CALLBACK (on_asset_notify_cb), self, G_CONNECT_SWAPPED);
          g_signal_connect_object (md_asset_get_playback_ids (asset), "items-changed",
                                   G_CALLBACK (on_playback_ids_changed_cb), self, G_CONNECT_SWAPPED);
        }
      /* A new asset replaces whatever was typed for the previous one. */
      if (asset != NULL)
        {
          gtk_editable_set_text (GTK_EDITABLE (self->title_row), "");
          gtk_editable_set_text (GTK_EDITABLE (self->passthrough_row), "");
          gtk_editable_set_text (GTK_EDITABLE (self->creator_row), "");
          gtk_editable_set_text (GTK_EDITABLE (self->external_row), "");
        }
    }
  update (self);
}
