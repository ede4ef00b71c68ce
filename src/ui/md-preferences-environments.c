/* md-preferences-environments.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-preferences-environments"

#include "config.h"

#include <glib/gi18n.h>

#include "md-application.h"
#include "md-permissions.h"
#include "md-preferences-environments.h"
#include "md-sign-in-dialog.h"

/**
 * MdPreferencesEnvironments:
 *
 * The environments page: one expander row per stored environment with its
 * token id, detected permissions and API server; rename, switch to it,
 * sign out (confirmed; the store removes its keyring items and cache) and
 * add another through the sign-in dialog. The demo is marked as such and
 * can only be stopped.
 */
struct _MdPreferencesEnvironments
{
  AdwPreferencesPage   parent_instance;

  AdwPreferencesGroup *environments_group;

  MdEnvironmentStore  *store;
  MdWindow            *window;   /* weak */
  GPtrArray           *rows;
};

G_DEFINE_FINAL_TYPE (MdPreferencesEnvironments, md_preferences_environments, ADW_TYPE_PREFERENCES_PAGE)

static void md_preferences_environments_rebuild (MdPreferencesEnvironments *self);

static void
md_preferences_environments_toast (MdPreferencesEnvironments *self,
                                   const char                *text)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (text));
  else
    g_message ("%s", text);
}

static void
on_store_changed_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(MdPreferencesEnvironments) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!md_environment_store_change_finish (MD_ENVIRONMENT_STORE (object), result, &error))
    md_preferences_environments_toast (self, error->message);
  md_preferences_environments_rebuild (self);
}

static void
on_name_row_apply_cb (AdwEntryRow               *row,
                      MdPreferencesEnvironments *self)
{
  MdEnvironment *environment = g_object_get_data (G_OBJECT (row), "environment");
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  g_assert (ADW_IS_ENTRY_ROW (row));
  g_assert (MD_IS_PREFERENCES_ENVIRONMENTS (self));

  if (name[0] == '\0')
    {
      md_preferences_environments_toast (self, _("An environment needs a name"));
      return;
    }

  md_environment_store_rename_async (self->store, environment, name, NULL,
                                     on_store_changed_cb, g_object_ref (self));
}

static void
on_activated_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(MdPreferencesEnvironments) self = user_data;
  g_autoptr(GError) error = NULL;
  MdEnvironment *environment;

  if (!md_environment_store_change_finish (MD_ENVIRONMENT_STORE (object), result, &error))
    {
      md_preferences_environments_toast (self, error->message);
      return;
    }

  environment = md_environment_store_get_active (self->store);
  if (environment != NULL && self->window != NULL)
    md_window_open_environment (self->window, environment);
  md_preferences_environments_rebuild (self);
}

static void
on_use_button_clicked_cb (GtkButton                 *button,
                          MdPreferencesEnvironments *self)
{
  MdEnvironment *environment = g_object_get_data (G_OBJECT (button), "environment");

  g_assert (MD_IS_PREFERENCES_ENVIRONMENTS (self));

  md_environment_store_set_active_async (self->store, environment, NULL,
                                         on_activated_cb, g_object_ref (self));
}

static void
on_removed_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(MdPreferencesEnvironments) self = user_data;
  g_autoptr(GError) error = NULL;
  MdEnvironment *active;

  if (!md_environment_store_change_finish (MD_ENVIRONMENT_STORE (object), result, &error))
    {
      md_preferences_environments_toast (self, error->message);
      md_preferences_environments_rebuild (self);
      return;
    }

  /* The window showed what is gone: open what is active now, or welcome. */
  active = md_environment_store_get_active (self->store);
  if (self->window != NULL)
    {
      MdSession *session = md_window_get_session (self->window);

      if (active == NULL)
        md_window_show_welcome (self->window);
      else if (session == NULL || md_session_get_environment (session) != active)
        md_window_open_environment (self->window, active);
    }
  md_preferences_environments_rebuild (self);
}

static void
on_sign_out_response_cb (AdwMessageDialog          *dialog,
                         const char                *response,
                         MdPreferencesEnvironments *self)
{
  MdEnvironment *environment = g_object_get_data (G_OBJECT (dialog), "environment");

  g_assert (MD_IS_PREFERENCES_ENVIRONMENTS (self));

  if (!g_str_equal (response, "sign-out"))
    return;

  md_environment_store_remove_async (self->store, environment, NULL,
                                     on_removed_cb, g_object_ref (self));
}

static void
on_sign_out_button_clicked_cb (GtkButton                 *button,
                               MdPreferencesEnvironments *self)
{
  MdEnvironment *environment = g_object_get_data (G_OBJECT (button), "environment");
  GtkWidget *dialog;

  g_assert (MD_IS_PREFERENCES_ENVIRONMENTS (self));

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), NULL, NULL);
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Sign Out of “%s”?"),
                                     md_environment_get_display_name (environment));
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                               _("Its access token and signing keys are removed from this computer's keyring "
                                 "and its cached library is deleted. Nothing changes at Mux."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "sign-out", _("_Sign Out"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "sign-out",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "environment", g_object_ref (environment), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_sign_out_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_stop_demo_button_clicked_cb (GtkButton                 *button,
                                MdPreferencesEnvironments *self)
{
  MdEnvironment *environment = g_object_get_data (G_OBJECT (button), "environment");
  GtkApplication *app = self->window ? gtk_window_get_application (GTK_WINDOW (self->window)) : NULL;

  g_assert (MD_IS_PREFERENCES_ENVIRONMENTS (self));

  /* The demo keeps nothing in the keyring: stopping is all there is. */
  if (MD_IS_APPLICATION (app) && md_application_get_demo_launcher (MD_APPLICATION (app)) != NULL)
    md_sandbox_launcher_stop (md_application_get_demo_launcher (MD_APPLICATION (app)));
  md_environment_store_remove_async (self->store, environment, NULL,
                                     on_removed_cb, g_object_ref (self));
}

static GtkWidget *
md_preferences_environments_button (MdPreferencesEnvironments *self,
                                    MdEnvironment             *environment,
                                    const char                *name,
                                    const char                *label,
                                    const char                *style,
                                    GCallback                  callback)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_name (button, name);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  if (style != NULL)
    gtk_widget_add_css_class (button, style);
  g_object_set_data_full (G_OBJECT (button), "environment", g_object_ref (environment), g_object_unref);
  g_signal_connect_object (button, "clicked", callback, self, 0);

  return button;
}

static GtkWidget *
md_preferences_environments_info_row (const char *title,
                                      const char *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  gtk_widget_add_css_class (row, "property");

  return row;
}

static GtkWidget *
md_preferences_environments_row (MdPreferencesEnvironments *self,
                                 MdEnvironment             *environment,
                                 gboolean                   active)
{
  gboolean is_demo = md_environment_get_is_demo (environment);
  g_autofree char *permissions = md_permissions_describe (md_environment_get_permissions (environment));
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *name_row;
  GtkWidget *actions_row;
  GtkWidget *box;

  if (is_demo)
    subtitle = g_strdup (active ? _("Demo (local sandbox) · Active") : _("Demo (local sandbox)"));
  else if (active)
    subtitle = g_strdup_printf (_("Active · Token %s"), md_environment_get_token_id (environment));
  else
    subtitle = g_strdup_printf (_("Token %s"), md_environment_get_token_id (environment));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), md_environment_get_display_name (environment));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  gtk_widget_set_name (row, md_environment_get_id (environment));
  if (active)
    adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row),
                                 gtk_image_new_from_icon_name ("object-select-symbolic"));

  name_row = adw_entry_row_new ();
  gtk_widget_set_name (name_row, "name");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (name_row), _("Name"));
  gtk_editable_set_text (GTK_EDITABLE (name_row), md_environment_get_display_name (environment));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (name_row), TRUE);
  gtk_widget_set_sensitive (name_row, !is_demo);
  g_object_set_data_full (G_OBJECT (name_row), "environment", g_object_ref (environment), g_object_unref);
  g_signal_connect_object (name_row, "apply", G_CALLBACK (on_name_row_apply_cb), self, 0);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), name_row);

  if (!is_demo)
    adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                              md_preferences_environments_info_row (_("Access Token"),
                                                                    md_environment_get_token_id (environment)));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                            md_preferences_environments_info_row (_("Permissions"), permissions));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                            md_preferences_environments_info_row (_("API Server"),
                                                                  md_environment_get_api_url (environment)));

  actions_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (actions_row),
                                 is_demo ? _("The demo keeps nothing on this computer") : "");
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  if (!active && !is_demo)
    gtk_box_append (GTK_BOX (box),
                    md_preferences_environments_button (self, environment, "use", _("_Use"), NULL,
                                                        G_CALLBACK (on_use_button_clicked_cb)));
  if (is_demo)
    gtk_box_append (GTK_BOX (box),
                    md_preferences_environments_button (self, environment, "stop-demo", _("_Stop Demo"), NULL,
                                                        G_CALLBACK (on_stop_demo_button_clicked_cb)));
  else
    gtk_box_append (GTK_BOX (box),
                    md_preferences_environments_button (self, environment, "sign-out", _("_Sign Out…"),
                                                        "destructive-action",
                                                        G_CALLBACK (on_sign_out_button_clicked_cb)));
  adw_action_row_add_suffix (ADW_ACTION_ROW (actions_row), box);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), actions_row);

  return row;
}

static void
md_preferences_environments_rebuild (MdPreferencesEnvironments *self)
{
  MdEnvironment *active;
  guint n_items;

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->environments_group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);

  if (self->store == NULL)
    return;

  active = md_environment_store_get_active (self->store);
  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->store));

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(MdEnvironment) environment = g_list_model_get_item (G_LIST_MODEL (self->store), i);
      GtkWidget *row = md_preferences_environments_row (self, environment, environment == active);

      g_ptr_array_add (self->rows, row);
      adw_preferences_group_add (self->environments_group, row);
    }

  if (n_items == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No environments yet"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Add one with an access token from the Mux dashboard."));
      g_ptr_array_add (self->rows, row);
      adw_preferences_group_add (self->environments_group, row);
    }
}

static void
on_signed_in_cb (MdPreferencesEnvironments *self,
                 MdEnvironment             *environment)
{
  g_assert (MD_IS_PREFERENCES_ENVIRONMENTS (self));
  g_assert (MD_IS_ENVIRONMENT (environment));

  if (self->window != NULL)
    md_window_open_environment (self->window, environment);
  md_preferences_environments_rebuild (self);
}

static void
on_add_button_clicked_cb (MdPreferencesEnvironments *self)
{
  MdSignInDialog *dialog;

  g_assert (MD_IS_PREFERENCES_ENVIRONMENTS (self));

  if (self->store == NULL)
    return;

  dialog = md_sign_in_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), self->store);
  g_signal_connect_object (dialog, "signed-in", G_CALLBACK (on_signed_in_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
md_preferences_environments_dispose (GObject *object)
{
  MdPreferencesEnvironments *self = MD_PREFERENCES_ENVIRONMENTS (object);

  g_clear_weak_pointer (&self->window);
  g_clear_object (&self->store);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (md_preferences_environments_parent_class)->dispose (object);
}

static void
md_preferences_environments_class_init (MdPreferencesEnvironmentsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = md_preferences_environments_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/muxdesk/Muxdesk/ui/md-preferences-environments.ui");
  gtk_widget_class_bind_template_child (widget_class, MdPreferencesEnvironments, environments_group);
  gtk_widget_class_bind_template_callback (widget_class, on_add_button_clicked_cb);
}

static void
md_preferences_environments_init (MdPreferencesEnvironments *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
}

void
md_preferences_environments_set_store (MdPreferencesEnvironments *self,
                                       MdEnvironmentStore        *store,
                                       MdWindow                  *window)
{
  g_return_if_fail (MD_IS_PREFERENCES_ENVIRONMENTS (self));
  g_return_if_fail (MD_IS_ENVIRONMENT_STORE (store));
  g_return_if_fail (MD_IS_WINDOW (window));

  g_set_object (&self->store, store);
  g_set_weak_pointer (&self->window, window);
  g_signal_connect_object (store, "items-changed",
                           G_CALLBACK (md_preferences_environments_rebuild), self,
                           G_CONNECT_SWAPPED);
  md_preferences_environments_rebuild (self);
}
