/* md-keyring-signing-keys.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-keyring"

#include "config.h"

#include "md-keyring.h"
#include "md-keyring-private.h"

#include <glib/gi18n.h>

#include "md-secret-schemas.h"

/* Signing keys in the keyring (one item per environment and key id), and
 * the sign-out that removes everything of an environment. */

/**
 * md_keyring_store_signing_key_async:
 * @private_key_base64: Mux's `private_key`, a base64-encoded PEM, stored as is
 *
 * Stores a signing key's private key, replacing an item with the same
 * environment and key id.
 */
void
md_keyring_store_signing_key_async (const char          *environment_id,
                                    const char          *environment_name,
                                    const char          *key_id,
                                    const char          *private_key_base64,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) replace = NULL;
  KeyringOp *op;

  g_return_if_fail (environment_id != NULL && *environment_id != '\0');
  g_return_if_fail (environment_name != NULL);
  g_return_if_fail (key_id != NULL && *key_id != '\0');
  g_return_if_fail (private_key_base64 != NULL && *private_key_base64 != '\0');
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = md_keyring_task_new (md_keyring_store_signing_key_async, MD_SIGNING_KEY_SCHEMA,
                           md_keyring_attributes_new (MD_SECRET_ATTR_ENVIRONMENT, environment_id,
                                           MD_SECRET_ATTR_KEY_ID, key_id,
                                           NULL),
                           _("Could not save the signing key in the keyring"),
                           cancellable, callback, user_data);
  op = g_task_get_task_data (task);
  /* Translators: the label of the keyring item: key id, then environment name */
  op->label = g_strdup_printf (_("Muxdesk signing key %s for %s"), key_id, environment_name);
  op->secret = g_strdup (private_key_base64);

  replace = md_keyring_attributes_new (MD_SECRET_ATTR_ENVIRONMENT, environment_id,
                            MD_SECRET_ATTR_KEY_ID, key_id,
                            NULL);
  md_keyring_start_store (task, replace);
}

gboolean
md_keyring_store_signing_key_finish (GAsyncResult  *result,
                                     GError       **error)
{
  return md_keyring_finish_boolean (result, md_keyring_store_signing_key_async, error);
}

void
md_keyring_lookup_signing_key_async (const char          *environment_id,
                                     const char          *key_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (environment_id != NULL && *environment_id != '\0');
  g_return_if_fail (key_id != NULL && *key_id != '\0');
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = md_keyring_task_new (md_keyring_lookup_signing_key_async, MD_SIGNING_KEY_SCHEMA,
                           md_keyring_attributes_new (MD_SECRET_ATTR_ENVIRONMENT, environment_id,
                                           MD_SECRET_ATTR_KEY_ID, key_id,
                                           NULL),
                           _("Could not read the signing key from the keyring"),
                           cancellable, callback, user_data);
  md_keyring_start_lookup (task);
}

/**
 * md_keyring_lookup_signing_key_finish:
 *
 * Returns: (transfer full) (nullable): the base64 PEM, to free with
 *   md_keyring_secret_free(); %NULL without an error when none is stored
 */
char *
md_keyring_lookup_signing_key_finish (GAsyncResult  *result,
                                      GError       **error)
{
  return md_keyring_finish_secret (result, md_keyring_lookup_signing_key_async, error);
}

void
md_keyring_delete_signing_key_async (const char          *environment_id,
                                     const char          *key_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (environment_id != NULL && *environment_id != '\0');
  g_return_if_fail (key_id != NULL && *key_id != '\0');
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = md_keyring_task_new (md_keyring_delete_signing_key_async, MD_SIGNING_KEY_SCHEMA,
                           md_keyring_attributes_new (MD_SECRET_ATTR_ENVIRONMENT, environment_id,
                                           MD_SECRET_ATTR_KEY_ID, key_id,
                                           NULL),
                           _("Could not remove the signing key from the keyring"),
                           cancellable, callback, user_data);
  md_keyring_start_delete (task);
}

gboolean
md_keyring_delete_signing_key_finish (GAsyncResult  *result,
                                      GError       **error)
{
  return md_keyring_finish_boolean (result, md_keyring_delete_signing_key_async, error);
}

/* g_ptr_array_sort() passes pointers to the elements. */
static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
on_list_searched_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  GError *error = NULL;
  GList *found;

  g_assert (G_IS_TASK (task));

  found = secret_password_search_finish (result, &error);
  if (error != NULL)
    {
      md_keyring_return_mapped_error (task, error);
      return;
    }

  for (const GList *l = found; l != NULL; l = l->next)
    {
      g_autoptr(GHashTable) attributes = secret_retrievable_get_attributes (l->data);
      const char *key_id = g_hash_table_lookup (attributes, MD_SECRET_ATTR_KEY_ID);

      if (key_id != NULL && !g_ptr_array_find_with_equal_func (ids, key_id, g_str_equal, NULL))
        g_ptr_array_add (ids, g_strdup (key_id));
    }
  g_list_free_full (found, g_object_unref);

  if (ids->len == 0)
    {
      /* None, or all in a locked collection: tell which. */
      ((KeyringOp *) g_task_get_task_data (task))->result_kind = MD_KEYRING_RESULT_KEY_IDS;
      md_keyring_finish_unless_locked (task);
      return;
    }

  g_ptr_array_sort (ids, compare_strings);
  g_ptr_array_add (ids, NULL);
  g_task_return_pointer (task, g_ptr_array_steal (ids, NULL), (GDestroyNotify) g_strfreev);
}

/**
 * md_keyring_list_signing_keys_async:
 *
 * Lists the ids of the signing keys stored for an environment, without
 * loading or unlocking any secret.
 */
void
md_keyring_list_signing_keys_async (const char          *environment_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  KeyringOp *op;

  g_return_if_fail (environment_id != NULL && *environment_id != '\0');
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = md_keyring_task_new (md_keyring_list_signing_keys_async, MD_SIGNING_KEY_SCHEMA,
                           md_keyring_attributes_new (MD_SECRET_ATTR_ENVIRONMENT, environment_id, NULL),
                           _("Could not list the signing keys in the keyring"),
                           cancellable, callback, user_data);
  op = g_task_get_task_data (task);
  secret_password_searchv (op->schema, op->attributes, SECRET_SEARCH_ALL,
                           cancellable, on_list_searched_cb, g_object_ref (task));
}

/**
 * md_keyring_list_signing_keys_finish:
 *
 * Returns: (transfer full): the key ids, sorted; empty when there are none
 */
char **
md_keyring_list_signing_keys_finish (GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == md_keyring_list_signing_keys_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_environment_token_cleared_cb (GObject      *source,
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

  secret_password_clearv (MD_SIGNING_KEY_SCHEMA, op->attributes, g_task_get_cancellable (task),
                          md_keyring_on_cleared_cb, g_object_ref (task));
}

/**
 * md_keyring_delete_environment_async:
 *
 * Deletes the token and every signing key of an environment (sign-out).
 */
void
md_keyring_delete_environment_async (const char          *environment_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  KeyringOp *op;

  g_return_if_fail (environment_id != NULL && *environment_id != '\0');
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = md_keyring_task_new (md_keyring_delete_environment_async, MD_TOKEN_SCHEMA,
                           md_keyring_attributes_new (MD_SECRET_ATTR_ENVIRONMENT, environment_id, NULL),
                           _("Could not remove the environment's secrets from the keyring"),
                           cancellable, callback, user_data);
  op = g_task_get_task_data (task);
  secret_password_clearv (MD_TOKEN_SCHEMA, op->attributes, cancellable,
                          on_environment_token_cleared_cb, g_object_ref (task));
}

gboolean
md_keyring_delete_environment_finish (GAsyncResult  *result,
                                      GError       **error)
{
  return md_keyring_finish_boolean (result, md_keyring_delete_environment_async, error);
}
