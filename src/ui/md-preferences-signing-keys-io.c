/* md-preferences-signing-keys-io.c
 *
 * The signing keys page's import (paste or pick a PEM, checked by signing,
 * its key id checked at Mux) and export (a 0600 PEM file, after a warning).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-preferences-signing-keys"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "md-jwt.h"
#include "md-keyring.h"
#include "md-preferences-signing-keys-private.h"

typedef struct
{
  MdPreferencesSigningKeys *self;
  char                     *key_id;
  char                     *secret;     /* PEM or base64 PEM, wiped on free */
  GtkFileChooserNative     *chooser;
  MdEnvironment            *environment; /* an import's */
} IoOp;

static IoOp *
io_op_new (MdPreferencesSigningKeys *self,
           const char               *key_id)
{
  IoOp *op = g_new0 (IoOp, 1);

  op->self = g_object_ref (self);
  op->key_id = g_strdup (key_id);
  md_preferences_signing_keys_busy_changed (self, 1);

  return op;
}

static void
io_op_free (IoOp *op)
{
  md_preferences_signing_keys_busy_changed (op->self, -1);
  g_clear_pointer (&op->secret, md_keyring_secret_free);
  g_clear_object (&op->chooser);
  g_clear_object (&op->environment);
  g_clear_object (&op->self);
  g_free (op->key_id);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IoOp, io_op_free)

static GtkWindow *
io_parent (MdPreferencesSigningKeys *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
wipe_string (char *text)
{
  if (text != NULL)
    explicit_bzero (text, strlen (text));
  g_free (text);
}

static gboolean
invalid_key (GError **error)
{
  g_set_error_literal (error, MD_JWT_ERROR, MD_JWT_ERROR_INVALID_KEY,
                       _("This is not a usable private key. Paste the private key Mux returned when the key "
                         "was created (base64), or the text of a .pem file."));
  return FALSE;
}

/**
 * md_preferences_normalize_private_key:
 * @text: what the user pasted or picked: a PEM, possibly with its line
 *   breaks lost, or the base64 of a PEM as Mux returns it
 *
 * Returns: (transfer full) (nullable): the key as Mux returns it (base64 of
 *   a PEM with 64-column lines), or %NULL with a message that never quotes
 *   the key; free with md_keyring_secret_free()
 */
char *
md_preferences_normalize_private_key (const char  *text,
                                      GError     **error)
{
  g_autoptr(GString) pem = NULL;
  g_autofree char *body = NULL;
  const char *begin, *label_end, *end;
  gsize label_length;
  guint j = 0;
  char *result;

  g_return_val_if_fail (text != NULL, NULL);

  begin = strstr (text, "-----BEGIN ");
  if (begin == NULL)
    {
      g_autofree char *compact = g_strdup (text);
      guchar *decoded;
      gsize length = 0;
      char *normalized;

      /* Base64 of a PEM: decode it, and normalize the PEM inside. */
      for (guint i = 0; compact[i] != '\0'; i++)
        if (!g_ascii_isspace (compact[i]))
          compact[j++] = compact[i];
      compact[j] = '\0';
      if (j == 0)
        return invalid_key (error), NULL;
      for (guint i = 0; i < j; i++)
        if (!g_ascii_isalnum (compact[i]) && strchr ("+/=", compact[i]) == NULL)
          return invalid_key (error), NULL;

      decoded = g_base64_decode (compact, &length);
      explicit_bzero (compact, j);
      if (decoded == NULL || length == 0 || memchr (decoded, '\0', length) != NULL ||
          strstr ((char *) decoded, "-----BEGIN ") == NULL)
        {
          if (decoded != NULL)
            explicit_bzero (decoded, length);
          g_free (decoded);
          return invalid_key (error), NULL;
        }
      {
        g_autofree char *decoded_text = g_strndup ((char *) decoded, length);

        explicit_bzero (decoded, length);
        g_free (decoded);
        normalized = md_preferences_normalize_private_key (decoded_text, error);
        explicit_bzero (decoded_text, length);
      }
      return normalized;
    }

  label_end = strstr (begin + strlen ("-----BEGIN "), "-----");
  if (label_end == NULL)
    return invalid_key (error), NULL;
  label_length = label_end - (begin + strlen ("-----BEGIN "));
  {
    g_autofree char *label = g_strndup (begin + strlen ("-----BEGIN "), label_length);
    g_autofree char *footer = g_strdup_printf ("-----END %s-----", label);

    if (!g_str_has_suffix (label, "PRIVATE KEY"))
      return invalid_key (error), NULL;
    end = strstr (label_end, footer);
    if (end == NULL)
      return invalid_key (error), NULL;

    body = g_strndup (label_end + 5, end - (label_end + 5));
    for (guint i = 0; body[i] != '\0'; i++)
      if (!g_ascii_isspace (body[i]))
        body[j++] = body[i];
    body[j] = '\0';
    if (j == 0)
      return invalid_key (error), NULL;

    pem = g_string_new (NULL);
    g_string_append_printf (pem, "-----BEGIN %s-----\n", label);
    for (guint i = 0; i < j; i += 64)
      {
        g_string_append_len (pem, body + i, MIN (64, j - i));
        g_string_append_c (pem, '\n');
      }
    g_string_append_printf (pem, "%s\n", footer);
  }

  explicit_bzero (body, j);
  result = g_base64_encode ((guchar *) pem->str, pem->len);
  explicit_bzero (pem->str, pem->len);

  return result;
}

/* Parses @key and signs a throw-away token with it: a key that imports but
 * cannot sign is no use either. */
static gboolean
test_sign (const char  *key_id,
           const char  *key,
           GError     **error)
{
  g_autoptr(MdJwtSigner) signer = md_jwt_signer_new (key_id, key, NULL);
  g_autofree char *token = NULL;

  if (signer == NULL)
    return invalid_key (error);

  token = md_jwt_signer_sign (signer, "muxdesk-import-check", "v",
                              g_get_real_time () / G_USEC_PER_SEC + 60, NULL, error);
  return token != NULL;
}

static void
show_import_status (MdPreferencesSigningKeys *self,
                    const char               *message)
{
  gtk_label_set_text (self->import_status_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->import_status_label), message != NULL);
}

static void
on_imported_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(IoOp) op = user_data;
  g_autoptr(GError) error = NULL;

  if (!md_keyring_store_signing_key_finish (result, &error))
    {
      show_import_status (op->self, error->message);
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (op->self->import_key_id_row), "");
  gtk_editable_set_text (GTK_EDITABLE (op->self->import_key_row), "");
  md_preferences_signing_keys_toast (op->self, _("Signing key imported into the keyring"));
  md_preferences_signing_keys_refresh (op->self);
}

/* Takes @op: the checked key goes into the keyring, nowhere else. */
static void
store_imported_key (IoOp *op)
{
  md_keyring_store_signing_key_async (md_environment_get_id (op->environment),
                                      md_environment_get_display_name (op->environment),
                                      op->key_id, op->secret, NULL,
                                      on_imported_cb, op);
  g_clear_pointer (&op->secret, md_keyring_secret_free);
}

static void
on_import_key_found_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(IoOp) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MdSigningKey) key = md_client_get_signing_key_finish (MD_CLIENT (object), result, &error);
  g_autofree char *message = NULL;

  if (key != NULL)
    {
      store_imported_key (g_steal_pointer (&op));
      return;
    }

  if (g_error_matches (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_NOT_FOUND))
    message = g_strdup_printf (_("Mux has no signing key %s in this environment. Check the key's id "
                                 "in the Mux dashboard (Settings → Signing Keys)."), op->key_id);
  else
    message = g_strdup_printf (_("The key could not be checked at Mux: %s"), error->message);
  show_import_status (op->self, message);
}

void
md_preferences_signing_keys_import (MdPreferencesSigningKeys *self)
{
  MdEnvironment *environment = md_preferences_signing_keys_get_environment (self);
  g_autofree char *key_id = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->import_key_id_row))));
  g_autoptr(GError) error = NULL;
  g_autoptr(IoOp) op = NULL;
  char *key;

  if (environment == NULL)
    return;

  if (key_id[0] == '\0' || strspn (key_id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") != strlen (key_id))
    {
      show_import_status (self, _("Enter the key's id as Mux shows it (letters and digits)."));
      return;
    }

  key = md_preferences_normalize_private_key (gtk_editable_get_text (GTK_EDITABLE (self->import_key_row)), &error);
  if (key == NULL || !test_sign (key_id, key, &error))
    {
      if (key != NULL)
        md_keyring_secret_free (key);
      show_import_status (self, error->message);
      return;
    }

  show_import_status (self, NULL);
  op = io_op_new (self, key_id);
  op->secret = key;
  op->environment = g_object_ref (environment);

  /* A key Mux does not know signs tokens Mux refuses: ask Mux first, when
   * the token may read signing keys. */
  if (self->session != NULL &&
      (md_environment_has_permission (environment, "system:read") ||
       md_environment_has_permission (environment, "system:write")))
    md_client_get_signing_key_async (md_session_get_client (self->session), key_id, NULL,
                                     on_import_key_found_cb, g_steal_pointer (&op));
  else
    store_imported_key (g_steal_pointer (&op));
}

static void
on_pem_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(IoOp) op = user_data;
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  if (!g_file_load_contents_finish (G_FILE (object), result, &contents, &length, NULL, &error))
    {
      show_import_status (op->self, error->message);
      return;
    }

  if (length > 64 * 1024 || memchr (contents, '\0', length) != NULL)
    show_import_status (op->self, _("This file is not a PEM private key."));
  else
    gtk_editable_set_text (GTK_EDITABLE (op->self->import_key_row), contents);

  explicit_bzero (contents, length);
  g_free (contents);
}

static void
on_open_chooser_response_cb (GtkNativeDialog *chooser,
                             int              response,
                             gpointer         user_data)
{
  IoOp *op = user_data;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL)
    {
      g_file_load_contents_async (file, NULL, on_pem_loaded_cb, op);
      return;
    }

  io_op_free (op);
}

void
md_preferences_signing_keys_choose_file (MdPreferencesSigningKeys *self)
{
  IoOp *op = io_op_new (self, NULL);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("PEM Private Keys"));
  gtk_file_filter_add_pattern (filter, "*.pem");
  gtk_file_filter_add_pattern (filter, "*.key");
  op->chooser = gtk_file_chooser_native_new (_("Choose a Private Key"), io_parent (self),
                                             GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (op->chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (op->chooser), TRUE);
  g_signal_connect (op->chooser, "response", G_CALLBACK (on_open_chooser_response_cb), op);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (op->chooser));
}

static void
on_mode_set_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(IoOp) op = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_set_attributes_finish (G_FILE (object), result, NULL, &error))
    {
      md_preferences_signing_keys_toast (op->self, error->message);
      return;
    }

  md_preferences_signing_keys_toast (op->self, _("Private key exported; only you can read the file"));
}

static void
on_pem_written_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(IoOp) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInfo) info = NULL;

  g_clear_pointer (&op->secret, wipe_string);
  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    {
      md_preferences_signing_keys_toast (op->self, error->message);
      return;
    }

  /* Also when an existing file was replaced: 0600, the owner only. */
  info = g_file_info_new ();
  g_file_info_set_attribute_uint32 (info, G_FILE_ATTRIBUTE_UNIX_MODE, 0600);
  g_file_set_attributes_async (G_FILE (object), info, G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT,
                               NULL, on_mode_set_cb, g_steal_pointer (&op));
}

static void
on_export_key_looked_up_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(IoOp) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MdKeyringSecret) key = md_keyring_lookup_signing_key_finish (result, &error);
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (op->chooser));
  guchar *decoded;
  gsize length = 0;

  if (key == NULL)
    {
      md_preferences_signing_keys_toast (op->self, error ? error->message
                                                         : _("This keyring does not hold that private key"));
      return;
    }

  decoded = g_base64_decode (key, &length);
  op->secret = g_strndup ((char *) decoded, length);
  explicit_bzero (decoded, length);
  g_free (decoded);

  g_file_replace_contents_async (file, op->secret, strlen (op->secret), NULL, FALSE,
                                 G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                                 NULL, on_pem_written_cb, op);
  op = NULL;
}

static void
on_save_chooser_response_cb (GtkNativeDialog *chooser,
                             int              response,
                             gpointer         user_data)
{
  IoOp *op = user_data;
  MdEnvironment *environment = md_preferences_signing_keys_get_environment (op->self);

  if (response != GTK_RESPONSE_ACCEPT || environment == NULL)
    {
      io_op_free (op);
      return;
    }

  md_keyring_lookup_signing_key_async (md_environment_get_id (environment), op->key_id, NULL,
                                       on_export_key_looked_up_cb, op);
}

static void
on_export_warning_response_cb (AdwMessageDialog *dialog,
                               const char       *response,
                               gpointer          user_data)
{
  IoOp *op = user_data;
  g_autofree char *name = NULL;

  if (!g_str_equal (response, "export"))
    {
      io_op_free (op);
      return;
    }

  name = g_strdup_printf ("mux-signing-key-%s.pem", op->key_id);
  op->chooser = gtk_file_chooser_native_new (_("Export Private Key"), io_parent (op->self),
                                             GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (op->chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (op->chooser), TRUE);
  g_signal_connect (op->chooser, "response", G_CALLBACK (on_save_chooser_response_cb), op);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (op->chooser));
}

void
md_preferences_signing_keys_export (MdPreferencesSigningKeys *self,
                                    const char               *key_id)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (io_parent (self), _("Export the Private Key?"), NULL);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                               _("Anyone with this file can sign playback and counts tokens for this "
                                 "environment until the key is deleted. Keep it somewhere safe and "
                                 "delete it when it is no longer needed."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "export", _("_Export…"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "export", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_export_warning_response_cb), io_op_new (self, key_id));
  gtk_window_present (GTK_WINDOW (dialog));
}
