/* md-library-page-actions.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-library-page-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "md-asset-format.h"
#include "md-asset-snapshot.h"
#include "md-library-page-private.h"

/* The library's `library.*` actions: refresh, search, play, edits and
 * deletion. Edits show at once (the listed asset is changed in place) and
 * are reconciled with the server's answer; a failure puts the asset back
 * as it was and shows the API's message. */

typedef struct
{
  MdLibraryPage *self;
  MdAsset       *asset;
  MdAsset       *rollback;   /* the asset before an optimistic change */
  char          *title;      /* for messages */
} EditData;

static EditData *
edit_data_new (MdLibraryPage *self,
               MdAsset       *asset)
{
  EditData *data = g_new0 (EditData, 1);

  data->self = g_object_ref (self);
  data->asset = g_object_ref (asset);
  data->rollback = md_asset_snapshot_copy (asset);
  data->title = md_asset_format_title (asset);
  return data;
}

static void
edit_data_free (EditData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->asset);
  g_clear_object (&data->rollback);
  g_free (data->title);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EditData, edit_data_free)

static MdAsset *
single_selected (MdLibraryPage *self)
{
  g_autoptr(GPtrArray) selected = _md_library_page_dup_selected (self);

  if (selected->len != 1)
    return NULL;
  return g_object_ref (g_ptr_array_index (selected, 0));
}

static void
fail_edit (EditData     *data,
           const char   *what,
           const GError *error)
{
  g_autofree char *message = NULL;

  md_asset_update_from (data->asset, data->rollback);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  message = g_strdup_printf ("%s: %s", what, error->message);
  _md_library_page_toast (data->self, message);
}

/* Refresh and search ------------------------------------------------- */

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  md_library_page_refresh (MD_LIBRARY_PAGE (widget));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MdLibraryPage *self = MD_LIBRARY_PAGE (widget);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* Play ------------------------------------------------------------------ */

static void
play_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  MdLibraryPage *self = MD_LIBRARY_PAGE (widget);
  g_autoptr(MdAsset) asset = single_selected (self);
  MdPlaybackId *playback_id;

  if (asset == NULL)
    return;
  if (md_asset_get_status (asset) != MD_ASSET_STATUS_READY)
    {
      _md_library_page_toast (self, _("This video cannot play until it is ready."));
      return;
    }
  playback_id = md_asset_find_playback_id (asset, MD_PLAYBACK_POLICY_PUBLIC);
  if (playback_id == NULL)
    playback_id = md_asset_find_playback_id (asset, MD_PLAYBACK_POLICY_SIGNED);
  if (playback_id == NULL)
    {
      _md_library_page_toast (self, _("This video has no playback ID: add one to play it."));
      return;
    }
  g_signal_emit_by_name (self, "play-asset", asset, playback_id);
}

/* Copy -------------------------------------------------------------------- */

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  MdLibraryPage *self = MD_LIBRARY_PAGE (widget);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), g_variant_get_string (parameter, NULL));
  _md_library_page_toast (self, _("Copied to the clipboard"));
}

/* Edit fields ---------------------------------------------------------- */

static void
on_update_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(EditData) data = user_data;
  g_autoptr(MdAsset) answer = NULL;
  g_autoptr(GError) error = NULL;

  answer = md_client_update_asset_finish (MD_CLIENT (object), result, &error);
  if (answer == NULL)
    {
      fail_edit (data, _("The change was not saved"), error);
      return;
    }
  /* The server's answer is the truth, whatever was shown meanwhile. */
  md_asset_update_from (data->asset, answer);
  _md_library_page_cache_upsert (data->self, data->asset);
}

static void
update_field_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  MdLibraryPage *self = MD_LIBRARY_PAGE (widget);
  MdAsset *asset = md_asset_detail_get_asset (self->detail);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  const char *field;
  const char *value;
  const char *current;
  JsonObject *object;
  JsonObject *meta;
  EditData *data;

  if (asset == NULL)
    return;
  g_variant_get (parameter, "(&s&s)", &field, &value);

  if (g_str_equal (field, "title"))
    current = md_asset_get_title (asset);
  else if (g_str_equal (field, "passthrough"))
    current = md_asset_get_passthrough (asset);
  else if (g_str_equal (field, "creator_id"))
    current = md_asset_get_creator_id (asset);
  else if (g_str_equal (field, "external_id"))
    current = md_asset_get_external_id (asset);
  else
    g_return_if_reached ();

  if (g_strcmp0 (current != NULL ? current : "", value) == 0 || _md_library_page_refuse_offline (self))
    return;

  data = edit_data_new (self, asset);

  /* Show it now. */
  node = md_asset_snapshot_to_json (asset);
  object = json_node_get_object (node);
  meta = json_object_get_object_member (object, "meta");
  if (g_str_equal (field, "passthrough"))
    json_object_set_string_member (object, "passthrough", value);
  else
    json_object_set_string_member (meta, field, value);
  if (!md_asset_update_from_json (asset, object, &error))
    g_warning ("An edit could not be shown: %s", error->message);

  md_client_update_asset_async (self->client, md_asset_get_id (asset),
                                g_str_equal (field, "title") ? value : NULL,
                                g_str_equal (field, "creator_id") ? value : NULL,
                                g_str_equal (field, "external_id") ? value : NULL,
                                g_str_equal (field, "passthrough") ? value : NULL,
                                self->cancellable, on_update_done_cb, data);
}

/* Playback IDs --------------------------------------------------------- */

static void
on_asset_refetched_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(EditData) data = user_data;
  g_autoptr(MdAsset) answer = NULL;
  g_autoptr(GError) error = NULL;

  answer = md_client_get_asset_finish (MD_CLIENT (object), result, &error);
  if (answer == NULL)
    {
      g_debug ("Could not re-read %s: %s", data->title, error->message);
      return;
    }
  md_asset_update_from (data->asset, answer);
  _md_library_page_cache_upsert (data->self, data->asset);
  _md_library_page_refilter (data->self);
}

static void
refetch (EditData *data)
{
  if (data->self->client == NULL)
    {
      edit_data_free (data);
      return;
    }
  md_client_get_asset_async (data->self->client, md_asset_get_id (data->asset), data->self->cancellable,
                             on_asset_refetched_cb, data);
}

static void
on_playback_id_added_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  EditData *data = user_data;
  g_autoptr(MdPlaybackId) playback_id = NULL;
  g_autoptr(GError) error = NULL;

  playback_id = md_client_add_playback_id_finish (MD_CLIENT (object), result, &error);
  if (playback_id == NULL)
    {
      fail_edit (data, _("The playback ID was not added"), error);
      edit_data_free (data);
      return;
    }
  _md_library_page_toast (data->self, _("Playback ID added"));
  refetch (data);
}

static void
add_playback_id_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  MdLibraryPage *self = MD_LIBRARY_PAGE (widget);
  MdAsset *asset = md_asset_detail_get_asset (self->detail);
  const char *policy = g_variant_get_string (parameter, NULL);

  if (asset == NULL || _md_library_page_refuse_offline (self))
    return;

  md_client_add_playback_id_async (self->client, md_asset_get_id (asset),
                                   g_str_equal (policy, "signed") ? MD_PLAYBACK_POLICY_SIGNED
                                                                  : MD_PLAYBACK_POLICY_PUBLIC,
                                   self->cancellable, on_playback_id_added_cb, edit_data_new (self, asset));
}

static void
on_playback_id_removed_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  EditData *data = user_data;
  g_autoptr(GError) error = NULL;

  if (!md_client_delete_playback_id_finish (MD_CLIENT (object), result, &error))
    {
      fail_edit (data, _("The playback ID was not removed"), error);
      edit_data_free (data);
      return;
    }
  refetch (data);
}

static void
remove_playback_id_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  MdLibraryPage *self = MD_LIBRARY_PAGE (widget);
  MdAsset *asset = md_asset_detail_get_asset (self->detail);
  const char *playback_id = g_variant_get_string (parameter, NULL);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *old_ids;
  JsonArray *new_ids;
  EditData *data;

  if (asset == NULL || _md_library_page_refuse_offline (self))
    return;

  data = edit_data_new (self, asset);

  /* Show it gone now. */
  node = md_asset_snapshot_to_json (asset);
  old_ids = json_object_get_array_member (json_node_get_object (node), "playback_ids");
  new_ids = json_array_new ();
  for (guint i = 0; i < json_array_get_length (old_ids); i++)
    {
      JsonObject *entry = json_array_get_object_element (old_ids, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (entry, "id", NULL), playback_id) != 0)
        json_array_add_object_element (new_ids, json_object_ref (entry));
    }
  json_object_set_array_member (json_node_get_object (node), "playback_ids", new_ids);
  if (!md_asset_update_from_json (asset, json_node_get_object (node), &error))
    g_warning ("An edit could not be shown: %s", error->message);

  md_client_delete_playback_id_async (self->client, md_asset_get_id (asset), playback_id,
                                      self->cancellable, on_playback_id_removed_cb, data);
}

/* Delete ----------------------------------------------------------------- */

static void
on_asset_deleted_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(EditData) data = user_data;
  g_autoptr(GError) error = NULL;
  const char *id = md_asset_get_id (data->asset);

  /* Gone already is what was asked for. */
  if (!md_client_delete_asset_finish (MD_CLIENT (object), result, &error) &&
      !g_error_matches (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_NOT_FOUND))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” was not deleted: %s"), data->title, error->message);

      if (data->self->filter_model == NULL)
        return;
      _md_library_page_hide_deleted (data->self, id, FALSE);
      _md_library_page_toast (data->self, message);
      return;
    }
  _md_library_page_cache_delete (data->self, id);
}

static void
on_delete_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       gpointer          user_data)
{
  MdLibraryPage *self = MD_LIBRARY_PAGE (user_data);
  GPtrArray *assets = g_object_get_data (G_OBJECT (dialog), "assets");

  if (!g_str_equal (response, "delete") || _md_library_page_refuse_offline (self))
    return;

  for (guint i = 0; i < assets->len; i++)
    {
      MdAsset *asset = g_ptr_array_index (assets, i);

      /* The row goes at once; it comes back if Mux refuses. */
      _md_library_page_hide_deleted (self, md_asset_get_id (asset), TRUE);
      md_client_delete_asset_async (self->client, md_asset_get_id (asset), self->cancellable,
                                    on_asset_deleted_cb, edit_data_new (self, asset));
    }
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MdLibraryPage *self = MD_LIBRARY_PAGE (widget);
  g_autoptr(GPtrArray) selected = _md_library_page_dup_selected (self);
  g_autofree char *heading = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  if (selected->len == 0 || _md_library_page_refuse_offline (self))
    return;

  if (selected->len == 1)
    {
      g_autofree char *title = md_asset_format_title (g_ptr_array_index (selected, 0));

      heading = g_strdup_printf (_("Delete “%s”?"), title);
      g_string_append (body, _("The video and its playback IDs are deleted at Mux. "
                               "This cannot be undone."));
    }
  else
    {
      heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Delete %u Video?", "Delete %u Videos?",
                                              selected->len), selected->len);
      for (guint i = 0; i < MIN (selected->len, 5); i++)
        {
          g_autofree char *title = md_asset_format_title (g_ptr_array_index (selected, i));
          g_string_append_printf (body, "• %s\n", title);
        }
      if (selected->len > 5)
        g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE, "…and %u more\n", "…and %u more\n",
                                                   selected->len - 5), selected->len - 5);
      g_string_append (body, _("\nThese videos and their playback IDs are deleted at Mux. "
                               "This cannot be undone."));
    }

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body->str);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "assets", g_ptr_array_ref (selected),
                          (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ------------------------------------------------------------------------ */

void
_md_library_page_class_init_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "library.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "library.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "library.play", NULL, play_action);
  gtk_widget_class_install_action (widget_class, "library.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "library.copy", "s", copy_action);
  gtk_widget_class_install_action (widget_class, "library.update-field", "(ss)", update_field_action);
  gtk_widget_class_install_action (widget_class, "library.add-playback-id", "s", add_playback_id_action);
  gtk_widget_class_install_action (widget_class, "library.remove-playback-id", "s", remove_playback_id_action);
  gtk_widget_class_install_property_action (widget_class, "library.sort", "sort-order");
  gtk_widget_class_install_property_action (widget_class, "library.status-filter", "status-filter");
  gtk_widget_class_install_property_action (widget_class, "library.policy-filter", "policy-filter");
  gtk_widget_class_install_property_action (widget_class, "library.section", "section");

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "library.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "library.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "library.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "library.play", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "library.delete", NULL);
}

void
_md_library_page_update_actions (MdLibraryPage *self)
{
  g_autoptr(GPtrArray) selected = _md_library_page_dup_selected (self);
  gboolean can_write = self->client != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "library.refresh", self->client != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "library.play", selected->len == 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "library.delete", selected->len > 0 && can_write);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "library.update-field", can_write);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "library.add-playback-id", can_write);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "library.remove-playback-id", can_write);
}
