/* md-sandbox-signing-keys.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The System API's signing keys: real RSA-2048 keys made with GnuTLS. The
 * private key leaves the sandbox once, in the creation reply; only the public
 * key is kept, one JSON file a key under STATE_DIR/signing-keys/.
 */

#define G_LOG_DOMAIN "md-sandbox-signing-keys"

#include "config.h"

#include "md-sandbox-signing-keys.h"

#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>
#include <gnutls/gnutls.h>
#include <gnutls/abstract.h>
#include <gnutls/x509.h>
#include <gnutls/crypto.h>

typedef struct
{
  char   *id;
  gint64  created_at;
  GBytes *public_pem;
} SigningKey;

struct _MdSandboxSigningKeys
{
  GObject     parent_instance;

  char       *dir;
  GHashTable *keys;   /* id -> SigningKey */
};

G_DEFINE_FINAL_TYPE (MdSandboxSigningKeys, md_sandbox_signing_keys, G_TYPE_OBJECT)

static void
signing_key_free (SigningKey *key)
{
  g_free (key->id);
  g_clear_pointer (&key->public_pem, g_bytes_unref);
  g_free (key);
}

static char *
make_key_id (void)
{
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  guint8 random_bytes[32];
  char id[33];

  if (gnutls_rnd (GNUTLS_RND_NONCE, random_bytes, sizeof random_bytes) < 0)
    for (guint i = 0; i < sizeof random_bytes; i++)
      random_bytes[i] = g_random_int_range (0, 256);
  for (guint i = 0; i < 32; i++)
    id[i] = alphabet[random_bytes[i] % (sizeof alphabet - 1)];
  id[32] = '\0';
  return g_strdup (id);
}

static JsonNode *
signing_key_to_json (SigningKey *key,
                     const char *private_key_b64)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *created_at = g_strdup_printf ("%" G_GINT64_FORMAT, key->created_at);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, key->id);
  json_builder_set_member_name (builder, "created_at");
  json_builder_add_string_value (builder, created_at);
  if (private_key_b64 != NULL)
    {
      json_builder_set_member_name (builder, "private_key");
      json_builder_add_string_value (builder, private_key_b64);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static char *
key_path (MdSandboxSigningKeys *self,
          const char           *id)
{
  g_autofree char *name = g_strconcat (id, ".json", NULL);

  return g_build_filename (self->dir, name, NULL);
}

static gboolean
is_valid_id (const char *id)
{
  if (id == NULL || *id == '\0' || strlen (id) > 64)
    return FALSE;
  for (const char *p = id; *p; p++)
    if (!g_ascii_isalnum (*p))
      return FALSE;
  return TRUE;
}

static void
load_key_file (MdSandboxSigningKeys *self,
               const char           *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  SigningKey *key;
  const char *id, *pem;

  if (!json_parser_load_from_file (parser, path, &error))
    {
      g_warning ("Ignoring unreadable signing key %s: %s", path, error->message);
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return;
  object = json_node_get_object (json_parser_get_root (parser));
  id = json_object_get_string_member_with_default (object, "id", NULL);
  pem = json_object_get_string_member_with_default (object, "public_key", NULL);
  if (!is_valid_id (id) || pem == NULL)
    {
      g_warning ("Ignoring signing key file %s: no id or public key", path);
      return;
    }

  key = g_new0 (SigningKey, 1);
  key->id = g_strdup (id);
  key->created_at = json_object_get_int_member_with_default (object, "created_at", 0);
  key->public_pem = g_bytes_new (pem, strlen (pem));
  g_hash_table_replace (self->keys, key->id, key);
}

static gint
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const SigningKey *ka = *(SigningKey **) a;
  const SigningKey *kb = *(SigningKey **) b;

  if (ka->created_at != kb->created_at)
    return ka->created_at > kb->created_at ? -1 : 1;
  return strcmp (ka->id, kb->id);
}

static void
generate_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  char *private_key_b64 = NULL;
  char *public_pem = NULL;
  GError *error = NULL;

  if (!md_sandbox_rsa_generate (&private_key_b64, &public_pem, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_set_task_data (task, private_key_b64, g_free);
  g_task_return_pointer (task, public_pem, g_free);
}

static void
md_sandbox_signing_keys_finalize (GObject *object)
{
  MdSandboxSigningKeys *self = (MdSandboxSigningKeys *) object;

  g_clear_pointer (&self->keys, g_hash_table_unref);
  g_free (self->dir);

  G_OBJECT_CLASS (md_sandbox_signing_keys_parent_class)->finalize (object);
}

static void
md_sandbox_signing_keys_class_init (MdSandboxSigningKeysClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = md_sandbox_signing_keys_finalize;
}

static void
md_sandbox_signing_keys_init (MdSandboxSigningKeys *self)
{
  self->keys = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                      (GDestroyNotify) signing_key_free);
}

/**
 * md_sandbox_rsa_generate:
 * @out_private_key_b64: (out): the private key as Mux returns it: base64 of
 *   the PKCS#1 PEM (`-----BEGIN RSA PRIVATE KEY-----`)
 * @out_public_pem: (out): the public key, SubjectPublicKeyInfo PEM
 *
 * Makes a fresh RSA-2048 key pair. Slow (tenths of a second): call it from
 * a worker thread. Thread-safe.
 */
gboolean
md_sandbox_rsa_generate (char   **out_private_key_b64,
                         char   **out_public_pem,
                         GError **error)
{
  gnutls_x509_privkey_t x509 = NULL;
  gnutls_privkey_t privkey = NULL;
  gnutls_pubkey_t pubkey = NULL;
  gnutls_datum_t private_pem = { NULL, 0 };
  gnutls_datum_t public_pem = { NULL, 0 };
  gboolean ok = FALSE;
  int rc;

  if ((rc = gnutls_x509_privkey_init (&x509)) < 0
      || (rc = gnutls_x509_privkey_generate (x509, GNUTLS_PK_RSA, 2048, 0)) < 0
      || (rc = gnutls_x509_privkey_export2 (x509, GNUTLS_X509_FMT_PEM, &private_pem)) < 0
      || (rc = gnutls_privkey_init (&privkey)) < 0
      || (rc = gnutls_privkey_import_x509 (privkey, x509, 0)) < 0
      || (rc = gnutls_pubkey_init (&pubkey)) < 0
      || (rc = gnutls_pubkey_import_privkey (pubkey, privkey, 0, 0)) < 0
      || (rc = gnutls_pubkey_export2 (pubkey, GNUTLS_X509_FMT_PEM, &public_pem)) < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "Could not generate an RSA key: %s", gnutls_strerror (rc));
      goto out;
    }

  *out_private_key_b64 = g_base64_encode (private_pem.data, private_pem.size);
  *out_public_pem = g_strndup ((const char *) public_pem.data, public_pem.size);
  ok = TRUE;

out:
  if (private_pem.data != NULL)
    {
      /* The private key must not linger in freed memory. */
      memset (private_pem.data, 0, private_pem.size);
      gnutls_free (private_pem.data);
    }
  if (public_pem.data != NULL)
    gnutls_free (public_pem.data);
  if (pubkey != NULL)
    gnutls_pubkey_deinit (pubkey);
  if (privkey != NULL)
    gnutls_privkey_deinit (privkey);
  if (x509 != NULL)
    gnutls_x509_privkey_deinit (x509);
  return ok;
}

/**
 * md_sandbox_signing_keys_new:
 * @state_dir: the sandbox's state folder
 *
 * Loads the signing keys kept under @state_dir/signing-keys.
 */
MdSandboxSigningKeys *
md_sandbox_signing_keys_new (const char  *state_dir,
                             GError     **error)
{
  g_autoptr(MdSandboxSigningKeys) self = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_return_val_if_fail (state_dir != NULL, NULL);

  self = g_object_new (MD_TYPE_SANDBOX_SIGNING_KEYS, NULL);
  self->dir = g_build_filename (state_dir, "signing-keys", NULL);

  /* The folder appears with the first key. */
  if (!g_file_test (self->dir, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&self);
  if (!(dir = g_dir_open (self->dir, 0, error)))
    return NULL;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;

      if (!g_str_has_suffix (name, ".json"))
        continue;
      path = g_build_filename (self->dir, name, NULL);
      load_key_file (self, path);
    }

  return g_steal_pointer (&self);
}

/**
 * md_sandbox_signing_keys_add:
 * @public_pem: a public key in PEM
 *
 * Stores a new signing key with @public_pem and a fresh id.
 *
 * Returns: (transfer full): the SigningKey object (`id`, `created_at`)
 */
JsonNode *
md_sandbox_signing_keys_add (MdSandboxSigningKeys  *self,
                             const char            *public_pem,
                             GError               **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  SigningKey *key;

  g_return_val_if_fail (MD_IS_SANDBOX_SIGNING_KEYS (self), NULL);
  g_return_val_if_fail (public_pem != NULL, NULL);

  key = g_new0 (SigningKey, 1);
  key->id = make_key_id ();
  key->created_at = g_get_real_time () / G_USEC_PER_SEC;
  key->public_pem = g_bytes_new (public_pem, strlen (public_pem));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, key->id);
  json_builder_set_member_name (builder, "created_at");
  json_builder_add_int_value (builder, key->created_at);
  json_builder_set_member_name (builder, "public_key");
  json_builder_add_string_value (builder, public_pem);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  contents = json_generator_to_data (generator, NULL);

  if (g_mkdir_with_parents (self->dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not create %s: %s", self->dir, g_strerror (saved_errno));
      signing_key_free (key);
      return NULL;
    }

  path = key_path (self, key->id);
  if (!g_file_set_contents_full (path, contents, -1, G_FILE_SET_CONTENTS_CONSISTENT,
                                 0600, error))
    {
      signing_key_free (key);
      return NULL;
    }

  g_hash_table_replace (self->keys, key->id, key);
  return signing_key_to_json (key, NULL);
}

/**
 * md_sandbox_signing_keys_create_async:
 *
 * Generates an RSA-2048 key in a worker thread and stores its public half.
 */
void
md_sandbox_signing_keys_create_async (MdSandboxSigningKeys *self,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MD_IS_SANDBOX_SIGNING_KEYS (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, md_sandbox_signing_keys_create_async);
  g_task_run_in_thread (task, generate_thread);
}

/**
 * md_sandbox_signing_keys_create_finish:
 *
 * Returns: (transfer full): the SigningKey object with its `private_key`
 *   (base64 PEM), which nothing else will ever return again
 */
JsonNode *
md_sandbox_signing_keys_create_finish (MdSandboxSigningKeys  *self,
                                       GAsyncResult          *result,
                                       GError               **error)
{
  g_autofree char *public_pem = NULL;
  JsonNode *node;
  char *private_key_b64;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == md_sandbox_signing_keys_create_async, NULL);

  public_pem = g_task_propagate_pointer (G_TASK (result), error);
  if (public_pem == NULL)
    return NULL;

  node = md_sandbox_signing_keys_add (self, public_pem, error);
  if (node == NULL)
    return NULL;

  private_key_b64 = g_task_get_task_data (G_TASK (result));
  json_object_set_string_member (json_node_get_object (node), "private_key", private_key_b64);
  /* Our copy of the secret is wiped; the reply owns the only one left. */
  memset (private_key_b64, 0, strlen (private_key_b64));
  return node;
}

/**
 * md_sandbox_signing_keys_list:
 * @page: 1-based page
 * @limit: keys a page
 *
 * Returns: (transfer full): a JSON array of SigningKey objects, newest first
 */
JsonNode *
md_sandbox_signing_keys_list (MdSandboxSigningKeys *self,
                              guint                 page,
                              guint                 limit)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);
  GHashTableIter iter;
  gpointer value;
  guint64 first;

  g_return_val_if_fail (MD_IS_SANDBOX_SIGNING_KEYS (self), NULL);

  g_hash_table_iter_init (&iter, self->keys);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (sorted, value);
  g_ptr_array_sort (sorted, compare_newest_first);

  page = MAX (page, 1);
  first = (guint64) (page - 1) * limit;
  for (guint64 i = first; i < sorted->len && i < first + limit; i++)
    json_array_add_element (array, signing_key_to_json (g_ptr_array_index (sorted, i), NULL));

  json_node_take_array (node, array);
  return node;
}

/**
 * md_sandbox_signing_keys_get:
 *
 * Returns: (transfer full) (nullable): the SigningKey object, or %NULL if
 *   there is no key @id
 */
JsonNode *
md_sandbox_signing_keys_get (MdSandboxSigningKeys *self,
                             const char           *id)
{
  SigningKey *key;

  g_return_val_if_fail (MD_IS_SANDBOX_SIGNING_KEYS (self), NULL);

  key = id ? g_hash_table_lookup (self->keys, id) : NULL;
  return key ? signing_key_to_json (key, NULL) : NULL;
}

/**
 * md_sandbox_signing_keys_delete:
 *
 * Returns: %TRUE if key @id existed and is gone (G_IO_ERROR_NOT_FOUND if it
 *   did not exist)
 */
gboolean
md_sandbox_signing_keys_delete (MdSandboxSigningKeys  *self,
                                const char            *id,
                                GError               **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (MD_IS_SANDBOX_SIGNING_KEYS (self), FALSE);

  if (id == NULL || !g_hash_table_contains (self->keys, id))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "Signing key not found");
      return FALSE;
    }

  path = key_path (self, id);
  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not delete %s: %s", path, g_strerror (saved_errno));
      return FALSE;
    }

  g_hash_table_remove (self->keys, id);
  return TRUE;
}

/**
 * md_sandbox_signing_keys_lookup_public:
 *
 * Returns: (transfer full) (nullable): the public key PEM of key @id
 */
GBytes *
md_sandbox_signing_keys_lookup_public (MdSandboxSigningKeys *self,
                                       const char           *id)
{
  SigningKey *key;

  g_return_val_if_fail (MD_IS_SANDBOX_SIGNING_KEYS (self), NULL);

  key = id ? g_hash_table_lookup (self->keys, id) : NULL;
  return key ? g_bytes_ref (key->public_pem) : NULL;
}

/* An MdSandboxJwtKeyLookup over @self, for md_sandbox_jwt_verify(). */
GBytes *
md_sandbox_signing_keys_lookup_cb (const char *kid,
                                   gpointer    self)
{
  return md_sandbox_signing_keys_lookup_public (self, kid);
}
