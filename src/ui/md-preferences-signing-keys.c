/* md-preferences-signing-keys.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-preferences-signing-keys"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "md-keyring.h"
#include "md-preferences-signing-keys-private.h"
#include "md-window.h"

/**
 * MdPreferencesSigningKeys:
 *
 * The signing keys of the environment open in the main window: the keys
 * Mux lists, which of them this keyring can sign with ("usable here") and
 * which one is active (#MdEnvironment:signing-key-id). Create (the private
 * key goes straight from the answer into the keyring), use, export, import
 * (only a key id Mux knows) and delete. Keys this keyring holds that Mux no
 * longer has (deleted elsewhere) are listed too, to be removed from this
 * computer alone. Without System permission the page explains why instead
 * of showing a list that cannot work.
 *
 * When the active key changes, the window opens the environment again so
 * its #MdSession loads the new signer from the keyring.
 */

G_DEFINE_FINAL_TYPE (MdPreferencesSigningKeys, md_preferences_signing_keys, ADW_TYPE_PREFERENCES_PAGE)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Mux lists at most this many keys a page: the page asks for more until a
 * page comes back short, so that a key missing from the list is truly not
 * at Mux. */
#define KEYS_PER_PAGE 100
#define MAX_KEY_PAGES 100

typedef struct
{
  MdPreferencesSigningKeys *self;
  char                     *key_id;
  char                     *private_key;
  guint                     page;          /* the listing's page */
  gboolean                  keyring_only;  /* a deletion that skips Mux */
} KeyOp;

static KeyOp *
key_op_new (MdPreferencesSigningKeys *self,
            const char               *key_id)
{
  KeyOp *op = g_new0 (KeyOp, 1);

  op->self = g_object_ref (self);
  op->key_id = g_strdup (key_id);
  md_preferences_signing_keys_busy_changed (self, 1);

  return op;
}

static void
key_op_free (KeyOp *op)
{
  md_preferences_signing_keys_busy_changed (op->self, -1);
  g_clear_pointer (&op->private_key, md_keyring_secret_free);
  g_clear_object (&op->self);
  g_free (op->key_id);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KeyOp, key_op_free)

/* Whether Mux listed @key_id: keys only in this keyring are not. */
static gboolean
listed_at_mux (MdPreferencesSigningKeys *self,
               const char               *key_id)
{
  for (guint i = 0; self->keys != NULL && i < self->keys->len; i++)
    if (g_strcmp0 (md_signing_key_get_id (g_ptr_array_index (self->keys, i)), key_id) == 0)
      return TRUE;

  return FALSE;
}

static MdWindow *
md_preferences_signing_keys_get_main_window (MdPreferencesSigningKeys *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWindow *parent = GTK_IS_WINDOW (root) ? gtk_window_get_transient_for (GTK_WINDOW (root)) : NULL;

  return MD_IS_WINDOW (parent) ? MD_WINDOW (parent) : NULL;
}

/* Key rows are named after their key id. */
static const char *
button_key_id (GtkButton *button)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), ADW_TYPE_ACTION_ROW);

  g_assert (row != NULL);
  return gtk_widget_get_name (row);
}

static void
on_active_key_saved_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(KeyOp) op = user_data;
  g_autoptr(GError) error = NULL;
  MdEnvironment *environment;
  MdWindow *window;

  if (!md_environment_store_change_finish (MD_ENVIRONMENT_STORE (object), result, &error))
    {
      md_preferences_signing_keys_toast (op->self, error->message);
      return;
    }

  environment = md_preferences_signing_keys_get_environment (op->self);
  window = md_preferences_signing_keys_get_main_window (op->self);

  /* The session loads its signer when it opens: open it again. The demo's
   * token is not in the keyring, so the demo picks the key up next start. */
  if (environment != NULL && window != NULL && !md_environment_get_is_demo (environment))
    md_window_open_environment (window, environment);
  else
    md_preferences_signing_keys_refresh (op->self);
}

/* Makes @key_id (or no key) the one that signs, saved through the store. */
static void
md_preferences_signing_keys_set_active (MdPreferencesSigningKeys *self,
                                        const char               *key_id)
{
  MdEnvironment *environment = md_preferences_signing_keys_get_environment (self);

  if (environment == NULL || self->store == NULL)
    return;

  md_environment_set_signing_key_id (environment, key_id);
  md_environment_store_save_async (self->store, NULL, on_active_key_saved_cb,
                                   key_op_new (self, key_id));
}

static void
on_key_stored_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(KeyOp) op = user_data;
  g_autoptr(GError) error = NULL;
  MdEnvironment *environment = md_preferences_signing_keys_get_environment (op->self);
  const char *active;

  if (!md_keyring_store_signing_key_finish (result, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Key %s was created at Mux but could not be kept: %s"),
                                                  op->key_id, error->message);
      md_preferences_signing_keys_toast (op->self, message);
      md_preferences_signing_keys_refresh (op->self);
      return;
    }

  md_preferences_signing_keys_toast (op->self, _("Signing key created and kept in the keyring"));

  /* The first key is the one to use. */
  active = environment ? md_environment_get_signing_key_id (environment) : NULL;
  if (environment != NULL && (active == NULL || active[0] == '\0'))
    md_preferences_signing_keys_set_active (op->self, op->key_id);
  else
    md_preferences_signing_keys_refresh (op->self);
}

static void
on_key_created_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(KeyOp) op = user_data;
  g_autoptr(MdSigningKey) key = NULL;
  g_autoptr(GError) error = NULL;
  MdEnvironment *environment;

  key = md_client_create_signing_key_finish (MD_CLIENT (object), result, &op->private_key, &error);
  environment = md_preferences_signing_keys_get_environment (op->self);

  if (key == NULL || environment == NULL)
    {
      md_preferences_signing_keys_toast (op->self, error ? error->message : _("The environment was closed"));
      return;
    }

  g_free (op->key_id);
  op->key_id = g_strdup (md_signing_key_get_id (key));
  md_keyring_store_signing_key_async (md_environment_get_id (environment),
                                      md_environment_get_display_name (environment),
                                      op->key_id, op->private_key, NULL,
                                      on_key_stored_cb, op);
  /* The keyring copied it; nothing else keeps the private key. */
  g_clear_pointer (&op->private_key, md_keyring_secret_free);
  op = NULL;
}

static void
on_create_button_clicked_cb (MdPreferencesSigningKeys *self)
{
  g_assert (MD_IS_PREFERENCES_SIGNING_KEYS (self));

  if (self->session == NULL)
    return;

  md_client_create_signing_key_async (md_session_get_client (self->session), self->cancellable,
                                      on_key_created_cb, key_op_new (self, NULL));
}

static void
on_keyring_key_deleted_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(KeyOp) op = user_data;
  g_autoptr(GError) error = NULL;
  MdEnvironment *environment = md_preferences_signing_keys_get_environment (op->self);

  if (!md_keyring_delete_signing_key_finish (result, &error) && error != NULL)
    md_preferences_signing_keys_toast (op->self, error->message);
  else if (op->keyring_only)
    md_preferences_signing_keys_toast (op->self, _("Private key removed from this computer"));
  else
    md_preferences_signing_keys_toast (op->self, _("Signing key deleted"));

  if (environment != NULL &&
      g_strcmp0 (md_environment_get_signing_key_id (environment), op->key_id) == 0)
    md_preferences_signing_keys_set_active (op->self, NULL);
  else
    md_preferences_signing_keys_refresh (op->self);
}

static void
on_mux_key_deleted_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(KeyOp) op = user_data;
  g_autoptr(GError) error = NULL;
  MdEnvironment *environment = md_preferences_signing_keys_get_environment (op->self);

  /* Already gone at Mux (deleted elsewhere since the list was shown): what
   * is left to do is to forget its private key here. */
  if ((!md_client_delete_signing_key_finish (MD_CLIENT (object), result, &error) &&
       !g_error_matches (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_NOT_FOUND)) ||
      environment == NULL)
    {
      md_preferences_signing_keys_toast (op->self, error ? error->message : _("The environment was closed"));
      md_preferences_signing_keys_refresh (op->self);
      return;
    }

  md_keyring_delete_signing_key_async (md_environment_get_id (environment), op->key_id, NULL,
                                       on_keyring_key_deleted_cb, op);
  op = NULL;
}

static void
on_delete_response_cb (AdwMessageDialog         *dialog,
                       const char               *response,
                       MdPreferencesSigningKeys *self)
{
  const char *key_id = g_object_get_data (G_OBJECT (dialog), "key-id");

  g_assert (MD_IS_PREFERENCES_SIGNING_KEYS (self));

  if (!g_str_equal (response, "delete") || self->session == NULL)
    return;

  md_client_delete_signing_key_async (md_session_get_client (self->session), key_id, self->cancellable,
                                      on_mux_key_deleted_cb, key_op_new (self, key_id));
}

static void
on_remove_response_cb (AdwMessageDialog         *dialog,
                       const char               *response,
                       MdPreferencesSigningKeys *self)
{
  const char *key_id = g_object_get_data (G_OBJECT (dialog), "key-id");
  MdEnvironment *environment = md_preferences_signing_keys_get_environment (self);
  KeyOp *op;

  g_assert (MD_IS_PREFERENCES_SIGNING_KEYS (self));

  if (!g_str_equal (response, "remove") || environment == NULL)
    return;

  op = key_op_new (self, key_id);
  op->keyring_only = TRUE;
  md_keyring_delete_signing_key_async (md_environment_get_id (environment), key_id, NULL,
                                       on_keyring_key_deleted_cb, op);
}

static void
on_delete_button_clicked_cb (GtkButton                *button,
                             MdPreferencesSigningKeys *self)
{
  const char *key_id = button_key_id (button);
  gboolean at_mux = listed_at_mux (self, key_id);
  GtkWidget *dialog;

  g_assert (MD_IS_PREFERENCES_SIGNING_KEYS (self));

  /* A key Mux no longer has only needs forgetting here: asking Mux to
   * delete it would fail, and leave its private key behind. */
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   at_mux ? _("Delete Signing Key?") : _("Remove the Private Key?"), NULL);
  if (at_mux)
    adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                    _("Key %s is deleted at Mux and from this keyring. Signed URLs and "
                                      "tokens it made stop working at once."), key_id);
  else
    adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                    _("Mux no longer has key %s, so nothing it signs is accepted. Its "
                                      "private key is removed from this computer's keyring."), key_id);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    at_mux ? "delete" : "remove", at_mux ? _("_Delete") : _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), at_mux ? "delete" : "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "key-id", g_strdup (key_id), g_free);
  g_signal_connect_object (dialog, "response",
                           at_mux ? G_CALLBACK (on_delete_response_cb) : G_CALLBACK (on_remove_response_cb),
                           self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_use_button_clicked_cb (GtkButton                *button,
                          MdPreferencesSigningKeys *self)
{
  const char *key_id = button_key_id (button);

  g_assert (MD_IS_PREFERENCES_SIGNING_KEYS (self));

  md_preferences_signing_keys_set_active (self, key_id);
}

static void
on_export_button_clicked_cb (GtkButton                *button,
                             MdPreferencesSigningKeys *self)
{
  const char *key_id = button_key_id (button);

  g_assert (MD_IS_PREFERENCES_SIGNING_KEYS (self));

  md_preferences_signing_keys_export (self, key_id);
}

static void
on_import_button_clicked_cb (MdPreferencesSigningKeys *self)
{
  g_assert (MD_IS_PREFERENCES_SIGNING_KEYS (self));
  md_preferences_signing_keys_import (self);
}

static void
on_choose_file_button_clicked_cb (MdPreferencesSigningKeys *self)
{
  g_assert (MD_IS_PREFERENCES_SIGNING_KEYS (self));
  md_preferences_signing_keys_choose_file (self);
}

static GtkWidget *
key_button (MdPreferencesSigningKeys *self,
            const char               *name,
            const char               *icon_name,
            const char               *tooltip,
            GCallback                 callback)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_name (button, name);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_add_css_class (button, "flat");
  g_signal_connect_object (button, "clicked", callback, self, 0);

  return button;
}

/* A key's row: @created_at is 0 for a key Mux did not list (@at_mux
 * FALSE), which only this keyring holds. */
static GtkWidget *
key_row (MdPreferencesSigningKeys *self,
         const char               *key_id,
         gint64                    created_at,
         gboolean                  at_mux,
         gboolean                  usable,
         gboolean                  active)
{
  g_autoptr(GString) subtitle = g_string_new (NULL);
  GtkWidget *row = adw_action_row_new ();

  if (at_mux)
    {
      g_autoptr(GDateTime) created = g_date_time_new_from_unix_local (created_at);
      g_autofree char *date = created ? g_date_time_format (created, "%x %X") : g_strdup ("—");

      g_string_append_printf (subtitle, _("Created %s"), date);
      g_string_append (subtitle, " · ");
      g_string_append (subtitle, usable ? _("Usable here") : _("Private key not on this computer"));
    }
  else
    g_string_append (subtitle, _("Not at Mux any more · Only this computer's keyring holds it"));
  if (active)
    {
      g_string_append (subtitle, " · ");
      g_string_append (subtitle, at_mux ? _("Signs playback and counts") : _("Still set to sign: use another key"));
    }

  gtk_widget_set_name (row, key_id);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), key_id);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 1);

  if (!at_mux)
    adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
  else if (active)
    adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("object-select-symbolic"));
  else if (usable)
    {
      GtkWidget *use = gtk_button_new_with_mnemonic (_("_Use"));

      gtk_widget_set_name (use, "use");
      gtk_widget_set_valign (use, GTK_ALIGN_CENTER);
      g_signal_connect_object (use, "clicked", G_CALLBACK (on_use_button_clicked_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), use);
    }

  if (usable && at_mux)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                               key_button (self, "export", "document-save-as-symbolic", _("Export Private Key…"),
                                           G_CALLBACK (on_export_button_clicked_cb)));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             key_button (self, "delete", "user-trash-symbolic",
                                         at_mux ? _("Delete…") : _("Remove from This Computer…"),
                                         G_CALLBACK (on_delete_button_clicked_cb)));

  return row;
}

static void
md_preferences_signing_keys_clear_rows (MdPreferencesSigningKeys *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->keys_group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
}

static void
md_preferences_signing_keys_add_note (MdPreferencesSigningKeys *self,
                                      const char               *title,
                                      const char               *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  g_ptr_array_add (self->rows, row);
  adw_preferences_group_add (self->keys_group, row);
}

static void
md_preferences_signing_keys_show_keys (MdPreferencesSigningKeys *self)
{
  MdEnvironment *environment = md_preferences_signing_keys_get_environment (self);
  const char *active = environment ? md_environment_get_signing_key_id (environment) : NULL;

  md_preferences_signing_keys_clear_rows (self);

  if (self->keys == NULL)
    return;

  for (guint i = 0; i < self->keys->len; i++)
    {
      MdSigningKey *key = g_ptr_array_index (self->keys, i);
      const char *id = md_signing_key_get_id (key);
      gboolean usable = self->usable_ids && g_strv_contains ((const char * const *) self->usable_ids, id);
      GtkWidget *row = key_row (self, id, md_signing_key_get_created_at (key), TRUE, usable,
                                g_strcmp0 (active, id) == 0);

      g_ptr_array_add (self->rows, row);
      adw_preferences_group_add (self->keys_group, row);
    }

  /* Keys deleted at Mux (elsewhere) whose private keys are still here. */
  for (guint i = 0; self->usable_ids != NULL && self->usable_ids[i] != NULL; i++)
    {
      const char *id = self->usable_ids[i];
      GtkWidget *row;

      if (listed_at_mux (self, id))
        continue;
      row = key_row (self, id, 0, FALSE, TRUE, g_strcmp0 (active, id) == 0);
      g_ptr_array_add (self->rows, row);
      adw_preferences_group_add (self->keys_group, row);
    }

  if (self->rows->len == 0)
    md_preferences_signing_keys_add_note (self, _("No signing keys yet"),
                                          _("Create one to play signed videos and see live counts."));
}

static void list_keys_page (MdPreferencesSigningKeys *self,
                            guint                     page);

static void
on_keys_listed_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(KeyOp) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) keys = md_client_list_signing_keys_finish (MD_CLIENT (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error != NULL)
    {
      g_clear_pointer (&op->self->keys, g_ptr_array_unref);
      md_preferences_signing_keys_clear_rows (op->self);
      md_preferences_signing_keys_add_note (op->self, _("Could not list the signing keys"), error->message);
      op->self->pending = 0;
      return;
    }

  if (op->self->keys == NULL)
    op->self->keys = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < keys->len; i++)
    g_ptr_array_add (op->self->keys, g_object_ref (g_ptr_array_index (keys, i)));

  /* A full page: there may be more. */
  if (keys->len == KEYS_PER_PAGE && op->page < MAX_KEY_PAGES)
    {
      list_keys_page (op->self, op->page + 1);
      return;
    }

  if (--op->self->pending == 0)
    md_preferences_signing_keys_show_keys (op->self);
}

static void
list_keys_page (MdPreferencesSigningKeys *self,
                guint                     page)
{
  KeyOp *op = key_op_new (self, NULL);

  op->page = page;
  md_client_list_signing_keys_async (md_session_get_client (self->session), page, KEYS_PER_PAGE,
                                     self->cancellable, on_keys_listed_cb, op);
}

static void
on_usable_listed_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(KeyOp) op = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = md_keyring_list_signing_keys_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error != NULL)
    md_preferences_signing_keys_toast (op->self, error->message);
  g_strfreev (op->self->usable_ids);
  op->self->usable_ids = g_steal_pointer (&ids);
  if (op->self->pending > 0 && --op->self->pending == 0)
    md_preferences_signing_keys_show_keys (op->self);
}

static void
md_preferences_signing_keys_dispose (GObject *object)
{
  MdPreferencesSigningKeys *self = MD_PREFERENCES_SIGNING_KEYS (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_object (&self->store);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->keys, g_ptr_array_unref);
  g_clear_pointer (&self->usable_ids, g_strfreev);

  G_OBJECT_CLASS (md_preferences_signing_keys_parent_class)->dispose (object);
}

static void
md_preferences_signing_keys_get_property (GObject    *object,
                                          guint       prop_id,
                                          GValue     *value,
                                          GParamSpec *pspec)
{
  MdPreferencesSigningKeys *self = MD_PREFERENCES_SIGNING_KEYS (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, md_preferences_signing_keys_get_busy (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_preferences_signing_keys_class_init (MdPreferencesSigningKeysClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = md_preferences_signing_keys_dispose;
  object_class->get_property = md_preferences_signing_keys_get_property;

  /**
   * MdPreferencesSigningKeys:busy:
   *
   * Whether a listing or a change is still under way.
   */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/muxdesk/Muxdesk/ui/md-preferences-signing-keys.ui");
  gtk_widget_class_bind_template_child (widget_class, MdPreferencesSigningKeys, explanation_group);
  gtk_widget_class_bind_template_child (widget_class, MdPreferencesSigningKeys, explanation_row);
  gtk_widget_class_bind_template_child (widget_class, MdPreferencesSigningKeys, keys_group);
  gtk_widget_class_bind_template_child (widget_class, MdPreferencesSigningKeys, create_button);
  gtk_widget_class_bind_template_child (widget_class, MdPreferencesSigningKeys, import_group);
  gtk_widget_class_bind_template_child (widget_class, MdPreferencesSigningKeys, import_key_id_row);
  gtk_widget_class_bind_template_child (widget_class, MdPreferencesSigningKeys, import_key_row);
  gtk_widget_class_bind_template_child (widget_class, MdPreferencesSigningKeys, import_status_label);
  gtk_widget_class_bind_template_child (widget_class, MdPreferencesSigningKeys, rotation_group);
  gtk_widget_class_bind_template_callback (widget_class, on_create_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_import_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_file_button_clicked_cb);
}

static void
md_preferences_signing_keys_init (MdPreferencesSigningKeys *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
  md_preferences_signing_keys_refresh (self);
}

MdEnvironment *
md_preferences_signing_keys_get_environment (MdPreferencesSigningKeys *self)
{
  return self->session ? md_session_get_environment (self->session) : NULL;
}

void
md_preferences_signing_keys_toast (MdPreferencesSigningKeys *self,
                                   const char               *text)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (text));
  else
    g_message ("%s", text);
}

void
md_preferences_signing_keys_busy_changed (MdPreferencesSigningKeys *self,
                                          int                       delta)
{
  gboolean was_busy = md_preferences_signing_keys_get_busy (self);

  self->busy += delta;
  gtk_widget_set_sensitive (self->create_button, self->busy == 0);
  if (was_busy != md_preferences_signing_keys_get_busy (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* Lists the keys at Mux and in the keyring again, or explains why not. */
void
md_preferences_signing_keys_refresh (MdPreferencesSigningKeys *self)
{
  MdEnvironment *environment = md_preferences_signing_keys_get_environment (self);
  gboolean allowed = environment && md_environment_has_permission (environment, "system:write");

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->pending = 0;
  g_clear_pointer (&self->keys, g_ptr_array_unref);
  md_preferences_signing_keys_clear_rows (self);

  gtk_widget_set_visible (GTK_WIDGET (self->explanation_group), !allowed);
  gtk_widget_set_visible (GTK_WIDGET (self->keys_group), allowed);
  gtk_widget_set_visible (GTK_WIDGET (self->import_group), allowed);
  gtk_widget_set_visible (GTK_WIDGET (self->rotation_group), allowed);

  if (environment == NULL)
    {
      adw_action_row_set_subtitle (self->explanation_row,
                                   _("Open an environment to manage its signing keys."));
      return;
    }

  if (!allowed)
    {
      const char *text = _("Signing keys need an access token with System read and write permission, "
                            "and this environment's token has none. Create such a token in the Mux "
                            "dashboard (Settings → Access Tokens) and add it as an environment.");

      adw_action_row_set_subtitle (self->explanation_row, text);
      return;
    }

  self->pending = 2;
  list_keys_page (self, 1);
  md_keyring_list_signing_keys_async (md_environment_get_id (environment), self->cancellable,
                                      on_usable_listed_cb, key_op_new (self, NULL));
}

/**
 * md_preferences_signing_keys_set_session:
 * @session: (nullable): the main window's session
 * @store: the store the active key is saved through
 *
 * Shows the signing keys of @session's environment.
 */
void
md_preferences_signing_keys_set_session (MdPreferencesSigningKeys *self,
                                         MdSession                *session,
                                         MdEnvironmentStore       *store)
{
  g_return_if_fail (MD_IS_PREFERENCES_SIGNING_KEYS (self));
  g_return_if_fail (!session || MD_IS_SESSION (session));
  g_return_if_fail (MD_IS_ENVIRONMENT_STORE (store));

  g_set_object (&self->store, store);
  g_set_object (&self->session, session);
  md_preferences_signing_keys_refresh (self);
}

gboolean
md_preferences_signing_keys_get_busy (MdPreferencesSigningKeys *self)
{
  g_return_val_if_fail (MD_IS_PREFERENCES_SIGNING_KEYS (self), FALSE);
  return self->busy > 0 || self->pending > 0;
}
