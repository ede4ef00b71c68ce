/* md-sign-in-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-sign-in-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "md-client.h"
#include "md-sign-in-dialog.h"

/**
 * MdSignInDialog:
 *
 * Asks for an access token, checks it with a cheap API call (whoami), and
 * only then stores it: the secret into the keyring, the rest into the
 * environment store. A wrong token stores nothing.
 */
struct _MdSignInDialog
{
  AdwWindow            parent_instance;

  GtkButton           *cancel_button;
  GtkButton           *sign_in_button;
  AdwPreferencesGroup *token_group;
  AdwEntryRow         *token_id_row;
  AdwPasswordEntryRow *token_secret_row;
  AdwEntryRow         *name_row;
  AdwExpanderRow      *servers_row;
  AdwEntryRow         *api_url_row;
  AdwEntryRow         *stream_url_row;
  AdwEntryRow         *image_url_row;
  AdwEntryRow         *stats_url_row;
  GtkWidget           *status_box;
  GtkSpinner          *spinner;
  GtkLabel            *status_label;

  MdEnvironmentStore  *store;
  GCancellable        *cancellable;
  MdEnvironment       *pending;
};

G_DEFINE_FINAL_TYPE (MdSignInDialog, md_sign_in_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNED_IN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
row_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static char *
row_text_stripped (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (row_text (row)));
}

static gboolean
is_http_url (const char *text)
{
  g_autoptr(GUri) uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  const char *scheme = uri ? g_uri_get_scheme (uri) : NULL;

  return uri != NULL && g_uri_get_host (uri) != NULL &&
         (g_strcmp0 (scheme, "https") == 0 || g_strcmp0 (scheme, "http") == 0);
}

static gboolean
md_sign_in_dialog_can_sign_in (MdSignInDialog *self)
{
  g_autofree char *token_id = row_text_stripped (self->token_id_row);
  AdwEntryRow *url_rows[] = { self->api_url_row, self->stream_url_row,
                              self->image_url_row, self->stats_url_row };

  if (token_id[0] == '\0' || row_text (ADW_ENTRY_ROW (self->token_secret_row))[0] == '\0')
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (url_rows); i++)
    {
      g_autofree char *url = row_text_stripped (url_rows[i]);

      if (!is_http_url (url))
        return FALSE;
    }

  return TRUE;
}

static void
md_sign_in_dialog_set_busy (MdSignInDialog *self,
                            gboolean        busy)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->token_group), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->servers_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_button),
                            !busy && md_sign_in_dialog_can_sign_in (self));
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
}

static void
md_sign_in_dialog_show_status (MdSignInDialog *self,
                               const char     *message,
                               gboolean        is_error)
{
  gtk_label_set_text (self->status_label, message);
  gtk_widget_set_visible (self->status_box, message != NULL);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
}

static void
md_sign_in_dialog_fail (MdSignInDialog *self,
                        const GError   *error)
{
  g_autofree char *message = NULL;

  g_clear_object (&self->cancellable);
  g_clear_object (&self->pending);
  md_sign_in_dialog_set_busy (self, FALSE);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      md_sign_in_dialog_show_status (self, NULL, FALSE);
      return;
    }

  if (g_error_matches (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_UNAUTHORIZED))
    message = g_strdup_printf (_("Mux did not accept this token: check the token ID and secret. (%s)"),
                               error->message);
  else
    message = g_strdup (error->message);

  md_sign_in_dialog_show_status (self, message, TRUE);
}

static void
on_environment_activated_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(MdSignInDialog) self = user_data;
  g_autoptr(MdEnvironment) environment = NULL;
  g_autoptr(GError) error = NULL;

  if (!md_environment_store_change_finish (MD_ENVIRONMENT_STORE (object), result, &error))
    {
      md_sign_in_dialog_fail (self, error);
      return;
    }

  environment = g_steal_pointer (&self->pending);
  g_clear_object (&self->cancellable);
  g_signal_emit (self, signals[SIGNED_IN], 0, environment);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_environment_added_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(MdSignInDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!md_environment_store_change_finish (MD_ENVIRONMENT_STORE (object), result, &error))
    {
      md_sign_in_dialog_fail (self, error);
      return;
    }

  /* The store makes only its first environment active by itself; the one
   * just signed in to is opened now, so it is also the one the next start
   * opens. */
  md_environment_store_set_active_async (self->store, self->pending, self->cancellable,
                                         on_environment_activated_cb,
                                         g_object_ref (self));
}

static void
on_whoami_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(MdSignInDialog) self = user_data;
  g_autoptr(MdWhoami) whoami = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  const char *environment_id;

  whoami = md_client_whoami_finish (MD_CLIENT (object), result, &error);

  if (whoami == NULL)
    {
      md_sign_in_dialog_fail (self, error);
      return;
    }

  /* Signed in twice to one environment: the new token replaces the old. */
  environment_id = md_whoami_get_environment_id (whoami);
  if (environment_id == NULL || environment_id[0] == '\0')
    environment_id = md_client_get_token_id (MD_CLIENT (object));

  /* The name typed wins; else what Mux calls the environment; else the
   * token id, which at least tells tokens apart. */
  name = row_text_stripped (self->name_row);
  if (name[0] == '\0')
    {
      g_free (name);
      name = g_strdup (md_whoami_get_environment_name (whoami));
    }
  if (name == NULL || name[0] == '\0')
    {
      g_free (name);
      name = g_strdup (md_client_get_token_id (MD_CLIENT (object)));
    }

  self->pending = md_environment_new (environment_id, FALSE);
  md_environment_set_display_name (self->pending, name);
  md_environment_set_environment_name (self->pending, md_whoami_get_environment_name (whoami));
  md_environment_set_token_id (self->pending, md_client_get_token_id (MD_CLIENT (object)));
  md_environment_set_api_url (self->pending, md_client_get_api_url (MD_CLIENT (object)));
  md_environment_set_stream_url (self->pending, md_client_get_stream_url (MD_CLIENT (object)));
  md_environment_set_image_url (self->pending, md_client_get_image_url (MD_CLIENT (object)));
  md_environment_set_stats_url (self->pending, md_client_get_stats_url (MD_CLIENT (object)));
  md_environment_set_permissions (self->pending, md_whoami_get_permissions (whoami));

  md_sign_in_dialog_show_status (self, _("Saving the token in your keyring…"), FALSE);
  md_environment_store_add_async (self->store, self->pending,
                                  row_text (ADW_ENTRY_ROW (self->token_secret_row)),
                                  self->cancellable,
                                  on_environment_added_cb,
                                  g_object_ref (self));
}

static void
on_sign_in_button_clicked_cb (MdSignInDialog *self)
{
  g_autoptr(MdClient) client = NULL;
  g_autofree char *token_id = NULL;
  g_autofree char *api_url = NULL;
  g_autofree char *stream_url = NULL;
  g_autofree char *image_url = NULL;
  g_autofree char *stats_url = NULL;

  g_assert (MD_IS_SIGN_IN_DIALOG (self));

  if (self->cancellable != NULL || !md_sign_in_dialog_can_sign_in (self))
    return;

  token_id = row_text_stripped (self->token_id_row);
  api_url = row_text_stripped (self->api_url_row);
  stream_url = row_text_stripped (self->stream_url_row);
  image_url = row_text_stripped (self->image_url_row);
  stats_url = row_text_stripped (self->stats_url_row);

  client = md_client_new (token_id, row_text (ADW_ENTRY_ROW (self->token_secret_row)));
  md_client_set_api_url (client, api_url);
  md_client_set_stream_url (client, stream_url);
  md_client_set_image_url (client, image_url);
  md_client_set_stats_url (client, stats_url);

  self->cancellable = g_cancellable_new ();
  md_sign_in_dialog_set_busy (self, TRUE);
  md_sign_in_dialog_show_status (self, _("Checking the token with Mux…"), FALSE);
  md_client_whoami_async (client, self->cancellable, on_whoami_cb, g_object_ref (self));
}

static void
on_cancel_button_clicked_cb (MdSignInDialog *self)
{
  g_assert (MD_IS_SIGN_IN_DIALOG (self));

  /* While checking, Cancel stops the check and keeps what was typed. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
on_entry_changed_cb (MdSignInDialog *self)
{
  g_assert (MD_IS_SIGN_IN_DIALOG (self));

  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_button),
                            self->cancellable == NULL && md_sign_in_dialog_can_sign_in (self));
}

static void
on_entry_activated_cb (MdSignInDialog *self)
{
  g_assert (MD_IS_SIGN_IN_DIALOG (self));

  on_sign_in_button_clicked_cb (self);
}

static gboolean
md_sign_in_dialog_close_request (GtkWindow *window)
{
  MdSignInDialog *self = MD_SIGN_IN_DIALOG (window);

  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (md_sign_in_dialog_parent_class)->close_request (window);
}

static void
md_sign_in_dialog_dispose (GObject *object)
{
  MdSignInDialog *self = MD_SIGN_IN_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->pending);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (md_sign_in_dialog_parent_class)->dispose (object);
}

static void
md_sign_in_dialog_class_init (MdSignInDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = md_sign_in_dialog_dispose;
  window_class->close_request = md_sign_in_dialog_close_request;

  /**
   * MdSignInDialog::signed-in:
   * @environment: the environment now stored and active
   */
  signals[SIGNED_IN] =
    g_signal_new ("signed-in",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, MD_TYPE_ENVIRONMENT);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/muxdesk/Muxdesk/ui/md-sign-in-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MdSignInDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, MdSignInDialog, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, MdSignInDialog, token_group);
  gtk_widget_class_bind_template_child (widget_class, MdSignInDialog, token_id_row);
  gtk_widget_class_bind_template_child (widget_class, MdSignInDialog, token_secret_row);
  gtk_widget_class_bind_template_child (widget_class, MdSignInDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, MdSignInDialog, servers_row);
  gtk_widget_class_bind_template_child (widget_class, MdSignInDialog, api_url_row);
  gtk_widget_class_bind_template_child (widget_class, MdSignInDialog, stream_url_row);
  gtk_widget_class_bind_template_child (widget_class, MdSignInDialog, image_url_row);
  gtk_widget_class_bind_template_child (widget_class, MdSignInDialog, stats_url_row);
  gtk_widget_class_bind_template_child (widget_class, MdSignInDialog, status_box);
  gtk_widget_class_bind_template_child (widget_class, MdSignInDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, MdSignInDialog, status_label);
  gtk_widget_class_bind_template_callback (widget_class, on_sign_in_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated_cb);
}

static void
md_sign_in_dialog_init (MdSignInDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

MdSignInDialog *
md_sign_in_dialog_new (GtkWindow          *parent,
                       MdEnvironmentStore *store)
{
  MdSignInDialog *self;

  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (MD_IS_ENVIRONMENT_STORE (store), NULL);

  self = g_object_new (MD_TYPE_SIGN_IN_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->store = g_object_ref (store);

  return self;
}
