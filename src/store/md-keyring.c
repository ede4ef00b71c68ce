/* md-keyring.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-keyring"

#include "config.h"

#include "md-keyring.h"
#include "md-keyring-private.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "md-secret-schemas.h"

G_DEFINE_QUARK (md-keyring-error-quark, md_keyring_error)

static void
keyring_op_free (KeyringOp *op)
{
  g_clear_pointer (&op->attributes, g_hash_table_unref);
  g_clear_pointer (&op->label, g_free);
  if (op->secret != NULL)
    {
      secret_password_wipe (op->secret);
      g_free (op->secret);
    }
  g_free (op);
}

GHashTable *
md_keyring_attributes_new (const char *first_name,
                           ...)
{
  GHashTable *attributes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *name;
  va_list args;

  va_start (args, first_name);
  for (name = first_name; name != NULL; name = va_arg (args, const char *))
    {
      const char *value = va_arg (args, const char *);

      g_hash_table_insert (attributes, g_strdup (name), g_strdup (value));
    }
  va_end (args);

  return attributes;
}

static gboolean
is_unreachable_error (const GError *error)
{
  if (error->domain == G_DBUS_ERROR)
    {
      switch (error->code)
        {
        case G_DBUS_ERROR_SERVICE_UNKNOWN:
        case G_DBUS_ERROR_NAME_HAS_NO_OWNER:
        case G_DBUS_ERROR_NO_REPLY:
        case G_DBUS_ERROR_TIMEOUT:
        case G_DBUS_ERROR_TIMED_OUT:
        case G_DBUS_ERROR_NO_SERVER:
        case G_DBUS_ERROR_DISCONNECTED:
        case G_DBUS_ERROR_IO_ERROR:
        case G_DBUS_ERROR_BAD_ADDRESS:
        case G_DBUS_ERROR_NO_NETWORK:
        case G_DBUS_ERROR_SPAWN_EXEC_FAILED:
        case G_DBUS_ERROR_SPAWN_FORK_FAILED:
        case G_DBUS_ERROR_SPAWN_CHILD_EXITED:
        case G_DBUS_ERROR_SPAWN_CHILD_SIGNALED:
        case G_DBUS_ERROR_SPAWN_FAILED:
        case G_DBUS_ERROR_SPAWN_SETUP_FAILED:
        case G_DBUS_ERROR_SPAWN_CONFIG_INVALID:
        case G_DBUS_ERROR_SPAWN_SERVICE_INVALID:
        case G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND:
        case G_DBUS_ERROR_SPAWN_PERMISSIONS_INVALID:
        case G_DBUS_ERROR_SPAWN_FILE_INVALID:
        case G_DBUS_ERROR_SPAWN_NO_MEMORY:
          return TRUE;
        default:
          return FALSE;
        }
    }

  /* Failing to reach the session bus itself (no address, a dead socket,
   * "Cannot autolaunch D-Bus without X11 $DISPLAY") surfaces as GIOErrors;
   * a remote error the keyring raised is G_IO_ERROR_DBUS_ERROR instead. */
  if (error->domain == G_IO_ERROR)
    return error->code != G_IO_ERROR_DBUS_ERROR;

  return FALSE;
}

/**
 * md_keyring_error_map:
 * @error: an error from libsecret or D-Bus
 * @context: a sentence saying what failed, e.g. "Could not save the token"
 *
 * Maps @error to %MD_KEYRING_ERROR. Messages never quote a secret: they
 * are built from @context and libsecret's own message, which names none.
 *
 * Returns: (transfer full): the mapped error; cancellation is copied as is
 */
GError *
md_keyring_error_map (const GError *error,
                      const char   *context)
{
  g_return_val_if_fail (error != NULL, NULL);
  g_return_val_if_fail (context != NULL, NULL);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  if (g_error_matches (error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
    return g_error_new (MD_KEYRING_ERROR, MD_KEYRING_ERROR_LOCKED,
                        _("%s: the keyring is locked. Unlock it, then try again."),
                        context);

  if (is_unreachable_error (error))
    {
      g_debug ("Secret Service unreachable: %s", error->message);
      return g_error_new (MD_KEYRING_ERROR, MD_KEYRING_ERROR_NO_SERVICE,
                          _("%s: no keyring service is running. Muxdesk keeps secrets only in "
                            "the system keyring (such as GNOME Keyring): start it, then try again."),
                          context);
    }

  return g_error_new (MD_KEYRING_ERROR, MD_KEYRING_ERROR_FAILED,
                      "%s: %s", context, error->message);
}

void
md_keyring_return_mapped_error (GTask  *task,
                                GError *error)
{
  KeyringOp *op = g_task_get_task_data (task);

  g_task_return_error (task, md_keyring_error_map (error, op->context));
  g_error_free (error);
}

GTask *
md_keyring_task_new (gpointer             source_tag,
                     const SecretSchema  *schema,
                     GHashTable          *attributes,
                     const char          *context,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  KeyringOp *op = g_new0 (KeyringOp, 1);

  op->schema = schema;
  op->attributes = attributes;
  op->context = context;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, op, (GDestroyNotify) keyring_op_free);

  return task;
}

/* Store: clear whatever the same key held before (a new token id for the
 * same environment must replace the old item, not sit beside it), then store. */

static void
on_store_stored_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  g_assert (G_IS_TASK (task));

  if (!secret_password_store_finish (result, &error))
    md_keyring_return_mapped_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_store_cleared_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KeyringOp *op = g_task_get_task_data (task);
  GError *error = NULL;

  g_assert (G_IS_TASK (task));

  secret_password_clear_finish (result, &error);
  if (error != NULL)
    {
      md_keyring_return_mapped_error (task, error);
      return;
    }

  secret_password_storev (op->schema, op->attributes, SECRET_COLLECTION_DEFAULT,
                          op->label, op->secret,
                          g_task_get_cancellable (task),
                          on_store_stored_cb, g_object_ref (task));
}

void
md_keyring_start_store (GTask      *task,
                        GHashTable *replace_attributes)
{
  KeyringOp *op = g_task_get_task_data (task);

  secret_password_clearv (op->schema, replace_attributes,
                          g_task_get_cancellable (task),
                          on_store_cleared_cb, g_object_ref (task));
}

/* Lookup: search (unlocking if need be), then load the secret. */

/* libsecret reports "nothing found" (and clears nothing) both when nothing
 * matches and when the match sits in a collection that stayed locked (hashed attributes, prompt
 * dismissed or impossible). Searching the service without unlocking, and
 * looking at what is locked, tells the two apart; if it cannot be asked (no D-Bus service, as in a sandbox
 * on the file backend), nothing found it is. */
static void
return_nothing_found (GTask *task)
{
  KeyringOp *op = g_task_get_task_data (task);

  switch (op->result_kind)
    {
    case MD_KEYRING_RESULT_BOOLEAN:
      g_task_return_boolean (task, TRUE);
      break;

    case MD_KEYRING_RESULT_KEY_IDS:
      g_task_return_pointer (task, g_new0 (char *, 1), (GDestroyNotify) g_strfreev);
      break;

    case MD_KEYRING_RESULT_SECRET:
    default:
      g_task_return_pointer (task, NULL, NULL);
      break;
    }
}

static void
on_locked_search_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  gboolean locked = FALSE;
  GList *items;

  g_assert (G_IS_TASK (task));

  items = secret_service_search_finish (SECRET_SERVICE (source), result, NULL);
  for (const GList *l = items; l != NULL; l = l->next)
    locked |= secret_item_get_locked (l->data);
  g_list_free_full (items, g_object_unref);

  if (locked)
    md_keyring_return_mapped_error (task, g_error_new_literal (SECRET_ERROR, SECRET_ERROR_IS_LOCKED,
                                                               "locked"));
  else
    return_nothing_found (task);
}

static void
on_service_for_locked_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(SecretService) service = NULL;
  KeyringOp *op = g_task_get_task_data (task);

  g_assert (G_IS_TASK (task));

  service = secret_service_get_finish (result, NULL);
  if (service == NULL)
    {
      return_nothing_found (task);
      return;
    }

  /* No schema: gnome-keyring does not match xdg:schema on locked items. */
  secret_service_search (service, NULL, op->attributes, SECRET_SEARCH_ALL,
                         g_task_get_cancellable (task), on_locked_search_cb, g_object_ref (task));
}

void
md_keyring_finish_unless_locked (GTask *task)
{
  secret_service_get (SECRET_SERVICE_NONE, g_task_get_cancellable (task),
                      on_service_for_locked_cb, g_object_ref (task));
}

static void
on_lookup_retrieved_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  SecretValue *value;
  char *secret;

  g_assert (G_IS_TASK (task));

  value = secret_retrievable_retrieve_secret_finish (SECRET_RETRIEVABLE (source), result, &error);
  if (value == NULL)
    {
      if (error != NULL)
        md_keyring_return_mapped_error (task, error);
      else
        md_keyring_finish_unless_locked (task);
      return;
    }

  secret = secret_value_unref_to_password (value, NULL);
  g_task_return_pointer (task, secret, (GDestroyNotify) md_keyring_secret_free);
}

static void
on_lookup_searched_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GList *found;
  SecretRetrievable *first;

  g_assert (G_IS_TASK (task));

  found = secret_password_search_finish (result, &error);
  if (error != NULL)
    {
      md_keyring_return_mapped_error (task, error);
      return;
    }
  if (found == NULL)
    {
      md_keyring_finish_unless_locked (task);
      return;
    }

  first = found->data;
  /* A dismissed unlock prompt is no error for libsecret: the item just stays locked. */
  if (SECRET_IS_ITEM (first) && secret_item_get_locked (SECRET_ITEM (first)))
    {
      md_keyring_return_mapped_error (task, g_error_new_literal (SECRET_ERROR, SECRET_ERROR_IS_LOCKED,
                                                                 "locked"));
    }
  else
    {
      secret_retrievable_retrieve_secret (first, g_task_get_cancellable (task),
                                          on_lookup_retrieved_cb, g_object_ref (task));
    }

  g_list_free_full (found, g_object_unref);
}

void
md_keyring_start_lookup (GTask *task)
{
  KeyringOp *op = g_task_get_task_data (task);

  secret_password_searchv (op->schema, op->attributes, SECRET_SEARCH_UNLOCK,
                           g_task_get_cancellable (task),
                           on_lookup_searched_cb, g_object_ref (task));
}

/* Delete: every item matching the attributes. */

void
md_keyring_on_cleared_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KeyringOp *op = g_task_get_task_data (task);
  GError *error = NULL;

  g_assert (G_IS_TASK (task));

  secret_password_clear_finish (result, &error);
  if (error != NULL)
    {
      md_keyring_return_mapped_error (task, error);
      return;
    }

  /* Sign-out must not report success while the secret sits in a locked keyring. */
  op->result_kind = MD_KEYRING_RESULT_BOOLEAN;
  md_keyring_finish_unless_locked (task);
}

void
md_keyring_start_delete (GTask *task)
{
  KeyringOp *op = g_task_get_task_data (task);

  secret_password_clearv (op->schema, op->attributes, g_task_get_cancellable (task),
                          md_keyring_on_cleared_cb, g_object_ref (task));
}

gboolean
md_keyring_finish_boolean (GAsyncResult  *result,
                           gpointer       source_tag,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

char *
md_keyring_finish_secret (GAsyncResult  *result,
                          gpointer       source_tag,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * md_keyring_secret_free:
 * @secret: (nullable): a secret returned by a lookup
 *
 * Wipes and frees @secret.
 */
void
md_keyring_secret_free (char *secret)
{
  if (secret != NULL)
    secret_password_free (secret);
}

/**
 * md_keyring_store_token_async:
 * @environment_id: the environment the token belongs to
 * @environment_name: shown in the item's label (Seahorse)
 * @token_id: the access token id (not secret; kept as an attribute)
 * @api_url: the API base URL the token is for
 * @token_secret: the secret; copied, and wiped when done
 *
 * Stores the token of an environment in the default collection, replacing
 * the one stored before for the same environment.
 */
void
md_keyring_store_token_async (const char          *environment_id,
                              const char          *environment_name,
                              const char          *token_id,
                              const char          *api_url,
                              const char          *token_secret,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) replace = NULL;
  KeyringOp *op;

  g_return_if_fail (environment_id != NULL && *environment_id != '\0');
  g_return_if_fail (environment_name != NULL);
  g_return_if_fail (token_id != NULL && *token_id != '\0');
  g_return_if_fail (api_url != NULL);
  g_return_if_fail (token_secret != NULL && *token_secret != '\0');
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = md_keyring_task_new (md_keyring_store_token_async, MD_TOKEN_SCHEMA,
                           md_keyring_attributes_new (MD_SECRET_ATTR_ENVIRONMENT, environment_id,
                                           MD_SECRET_ATTR_TOKEN_ID, token_id,
                                           MD_SECRET_ATTR_API_URL, api_url,
                                           NULL),
                           _("Could not save the access token in the keyring"),
                           cancellable, callback, user_data);
  op = g_task_get_task_data (task);
  /* Translators: the label of the keyring item, as Seahorse shows it */
  op->label = g_strdup_printf (_("Muxdesk access token for %s"), environment_name);
  op->secret = g_strdup (token_secret);

  replace = md_keyring_attributes_new (MD_SECRET_ATTR_ENVIRONMENT, environment_id, NULL);
  md_keyring_start_store (task, replace);
}

gboolean
md_keyring_store_token_finish (GAsyncResult  *result,
                               GError       **error)
{
  return md_keyring_finish_boolean (result, md_keyring_store_token_async, error);
}

/**
 * md_keyring_lookup_token_async:
 *
 * Looks up the token secret of an environment, unlocking the collection
 * if needed (which may show a prompt).
 */
void
md_keyring_lookup_token_async (const char          *environment_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (environment_id != NULL && *environment_id != '\0');
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = md_keyring_task_new (md_keyring_lookup_token_async, MD_TOKEN_SCHEMA,
                           md_keyring_attributes_new (MD_SECRET_ATTR_ENVIRONMENT, environment_id, NULL),
                           _("Could not read the access token from the keyring"),
                           cancellable, callback, user_data);
  md_keyring_start_lookup (task);
}

/**
 * md_keyring_lookup_token_finish:
 *
 * Returns: (transfer full) (nullable): the secret, to free with
 *   md_keyring_secret_free(); %NULL without an error when none is stored
 */
char *
md_keyring_lookup_token_finish (GAsyncResult  *result,
                                GError       **error)
{
  return md_keyring_finish_secret (result, md_keyring_lookup_token_async, error);
}

/**
 * md_keyring_delete_token_async:
 *
 * Deletes the token of an environment; succeeds when there was none.
 */
void
md_keyring_delete_token_async (const char          *environment_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (environment_id != NULL && *environment_id != '\0');
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = md_keyring_task_new (md_keyring_delete_token_async, MD_TOKEN_SCHEMA,
                           md_keyring_attributes_new (MD_SECRET_ATTR_ENVIRONMENT, environment_id, NULL),
                           _("Could not remove the access token from the keyring"),
                           cancellable, callback, user_data);
  md_keyring_start_delete (task);
}

gboolean
md_keyring_delete_token_finish (GAsyncResult  *result,
                                GError       **error)
{
  return md_keyring_finish_boolean (result, md_keyring_delete_token_async, error);
}

