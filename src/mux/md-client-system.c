/* md-client-system.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-client-system"

#include "config.h"

#include <string.h>

#include "md-client-private.h"

#include "md-json-private.h"

/* The System API calls: signing keys and whoami. */

typedef struct
{
  MdSigningKey *key;
  char         *private_key;
} CreatedKey;

static void
created_key_free (CreatedKey *created)
{
  if (created->private_key != NULL)
    explicit_bzero (created->private_key, strlen (created->private_key));
  g_free (created->private_key);
  g_clear_object (&created->key);
  g_free (created);
}

static gpointer
parse_created_key (JsonNode  *root,
                   GError   **error)
{
  JsonObject *data = _md_json_get_data_object (root, error);
  CreatedKey *created;

  if (data == NULL)
    return NULL;

  created = g_new0 (CreatedKey, 1);
  created->key = md_signing_key_new_from_created_json (data, &created->private_key, error);
  if (created->key == NULL)
    {
      created_key_free (created);
      return NULL;
    }

  return created;
}

static char *
key_path (const char *key_id)
{
  g_autofree char *escaped = _md_escape_segment (key_id);

  return g_strconcat ("/system/v1/signing-keys/", escaped, NULL);
}

/**
 * md_client_create_signing_key_async:
 *
 * Creates a signing key. Its private key comes only in this answer: the
 * finish function hands it out once; put it in the keyring at once.
 */
void
md_client_create_signing_key_async (MdClient            *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(MdRequest) request = NULL;

  g_return_if_fail (MD_IS_CLIENT (self));

  request = _md_client_new_api_request (self, "POST", "/system/v1/signing-keys", NULL, NULL);
  _md_client_call_async (self, request, parse_created_key, (GDestroyNotify) created_key_free,
                         md_client_create_signing_key_async, cancellable, callback, user_data);
}

/**
 * md_client_create_signing_key_finish:
 * @out_private_key: (out): the base64 PEM private key; the caller owns it,
 *   should wipe it after storing it, and must never log it
 *
 * Returns: (transfer full) (nullable): the new key
 */
MdSigningKey *
md_client_create_signing_key_finish (MdClient      *self,
                                     GAsyncResult  *result,
                                     char         **out_private_key,
                                     GError       **error)
{
  CreatedKey *created;
  MdSigningKey *key;

  g_return_val_if_fail (out_private_key != NULL, NULL);

  created = _md_client_call_finish (self, result, md_client_create_signing_key_async, error);
  if (created == NULL)
    return NULL;

  key = g_steal_pointer (&created->key);
  *out_private_key = g_steal_pointer (&created->private_key);
  created_key_free (created);

  return key;
}

void
md_client_list_signing_keys_async (MdClient            *self,
                                   guint                page,
                                   guint                limit,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autofree char *limit_text = g_strdup_printf ("%u", CLAMP (limit, 1, 100));
  g_autofree char *page_text = g_strdup_printf ("%u", MAX (page, 1));
  const char *query[] = { "limit", limit_text, "page", page_text, NULL };
  g_autoptr(MdRequest) request = NULL;

  g_return_if_fail (MD_IS_CLIENT (self));

  request = _md_client_new_api_request (self, "GET", "/system/v1/signing-keys", query, NULL);
  _md_client_call_async (self, request, (MdParseFunc) md_signing_key_list_new_from_json,
                         (GDestroyNotify) g_ptr_array_unref,
                         md_client_list_signing_keys_async, cancellable, callback, user_data);
}

/**
 * md_client_list_signing_keys_finish:
 *
 * Returns: (transfer full) (element-type MdSigningKey) (nullable): the page
 */
GPtrArray *
md_client_list_signing_keys_finish (MdClient      *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return _md_client_call_finish (self, result, md_client_list_signing_keys_async, error);
}

void
md_client_get_signing_key_async (MdClient            *self,
                                 const char          *key_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (MD_IS_CLIENT (self));
  g_return_if_fail (key_id != NULL);

  path = key_path (key_id);
  _md_client_call_api_async (self, "GET", path, NULL, NULL,
                             MD_DATA_READER (md_signing_key_new_from_json),
                             md_client_get_signing_key_async, cancellable, callback, user_data);
}

/**
 * md_client_get_signing_key_finish:
 *
 * Returns: (transfer full) (nullable): the key (without its private part)
 */
MdSigningKey *
md_client_get_signing_key_finish (MdClient      *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return _md_client_call_finish (self, result, md_client_get_signing_key_async, error);
}

void
md_client_delete_signing_key_async (MdClient            *self,
                                    const char          *key_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (MD_IS_CLIENT (self));
  g_return_if_fail (key_id != NULL);

  path = key_path (key_id);
  _md_client_call_api_async (self, "DELETE", path, NULL, NULL, NULL,
                             md_client_delete_signing_key_async, cancellable, callback, user_data);
}

gboolean
md_client_delete_signing_key_finish (MdClient      *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return _md_client_call_finish_boolean (self, result, md_client_delete_signing_key_async, error);
}

/**
 * md_client_whoami_async:
 *
 * Checks the token and names its environment (sign-in).
 */
void
md_client_whoami_async (MdClient            *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{

  g_return_if_fail (MD_IS_CLIENT (self));

  _md_client_call_api_async (self, "GET", "/system/v1/whoami", NULL, NULL,
                             MD_DATA_READER (md_whoami_new_from_json),
                             md_client_whoami_async, cancellable, callback, user_data);
}

/**
 * md_client_whoami_finish:
 *
 * Returns: (transfer full) (nullable): what the token is and may do
 */
MdWhoami *
md_client_whoami_finish (MdClient      *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  return _md_client_call_finish (self, result, md_client_whoami_async, error);
}
