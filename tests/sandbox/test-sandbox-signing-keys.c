/* test-sandbox-signing-keys.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The signing-key store: real keys, private half returned once, public half
 * kept across restarts and used to verify tokens.
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "md-sandbox-jwt.h"
#include "md-sandbox-signing-keys.h"
#include "md-test-jwt-sign.h"
#include "md-test-utils.h"

typedef struct
{
  JsonNode *result;
  GError   *error;
  gboolean  done;
} CreateData;

static void
on_create_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  CreateData *data = user_data;

  data->result = md_sandbox_signing_keys_create_finish (MD_SANDBOX_SIGNING_KEYS (source), result, &data->error);
  data->done = TRUE;
}

static gboolean
create_done (gpointer user_data)
{
  return ((CreateData *) user_data)->done;
}

static char *
read_dir_contents (const char *dir_path)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  GString *all = g_string_new (NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_autofree char *contents = NULL;

      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      g_string_append (all, contents);
    }
  return g_string_free (all, FALSE);
}

static void
test_create_list_get_delete (void)
{
  g_autofree char *state_dir = g_dir_make_tmp ("md-signing-keys-XXXXXX", NULL);
  g_autofree char *keys_dir = g_build_filename (state_dir, "signing-keys", NULL);
  g_autoptr(MdSandboxSigningKeys) keys = NULL;
  g_autoptr(MdSandboxSigningKeys) reloaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(JsonNode) got = NULL;
  g_autoptr(JsonNode) reloaded_key = NULL;
  g_autoptr(MdSandboxJwtClaims) claims = NULL;
  g_autofree guint8 *pem = NULL;
  g_autofree char *token = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *id = NULL;
  g_autofree char *private_key = NULL;
  const char *const audiences[] = { "asset_id", NULL };
  CreateData data = { 0 };
  JsonObject *object;
  gsize pem_len = 0;

  keys = md_sandbox_signing_keys_new (state_dir, &error);
  g_assert_no_error (error);

  md_sandbox_signing_keys_create_async (keys, NULL, on_create_cb, &data);
  g_assert_true (md_test_wait_until (create_done, &data, 60000));
  g_assert_no_error (data.error);
  object = json_node_get_object (data.result);
  id = g_strdup (json_object_get_string_member (object, "id"));
  private_key = g_strdup (json_object_get_string_member (object, "private_key"));
  g_assert_cmpuint (strlen (id), >=, 20);
  g_assert_true (g_ascii_isdigit (json_object_get_string_member (object, "created_at")[0]));
  g_clear_pointer (&data.result, json_node_unref);

  /* base64 of a PKCS#1 PEM, as Mux returns it */
  pem = g_base64_decode (private_key, &pem_len);
  g_assert_true (g_str_has_prefix ((const char *) pem, "-----BEGIN RSA PRIVATE KEY-----"));

  /* Only the public key is on disk. */
  stored = read_dir_contents (keys_dir);
  g_assert_nonnull (strstr (stored, "BEGIN PUBLIC KEY"));
  g_assert_null (strstr (stored, "PRIVATE"));
  g_assert_null (strstr (stored, private_key));

  /* A token signed with the returned private key verifies with the kept public key. */
  token = md_test_jwt_sign (private_key, id, MD_TEST_KID_IN_CLAIMS, "a1", "asset_id",
                            g_get_real_time () / G_USEC_PER_SEC + 60);
  claims = md_sandbox_jwt_verify (token, md_sandbox_signing_keys_lookup_cb, keys, audiences, "a1",
                                  g_get_real_time () / G_USEC_PER_SEC, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (claims->kid, ==, id);

  list = md_sandbox_signing_keys_list (keys, 1, 10);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 1);
  object = json_array_get_object_element (json_node_get_array (list), 0);
  g_assert_cmpstr (json_object_get_string_member (object, "id"), ==, id);
  g_assert_false (json_object_has_member (object, "private_key"));
  g_clear_pointer (&list, json_node_unref);
  list = md_sandbox_signing_keys_list (keys, 2, 10);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 0);

  got = md_sandbox_signing_keys_get (keys, id);
  g_assert_nonnull (got);
  g_assert_false (json_object_has_member (json_node_get_object (got), "private_key"));
  g_assert_null (md_sandbox_signing_keys_get (keys, "nope"));

  /* Kept across restarts. */
  reloaded = md_sandbox_signing_keys_new (state_dir, &error);
  g_assert_no_error (error);
  reloaded_key = md_sandbox_signing_keys_get (reloaded, id);
  g_assert_nonnull (reloaded_key);

  g_assert_true (md_sandbox_signing_keys_delete (keys, id, &error));
  g_assert_no_error (error);
  g_assert_null (md_sandbox_signing_keys_lookup_public (keys, id));
  g_assert_false (md_sandbox_signing_keys_delete (keys, id, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

  g_assert_cmpint (g_rmdir (keys_dir), ==, 0);
  g_assert_cmpint (g_rmdir (state_dir), ==, 0);
}

static void
test_pagination_newest_first (void)
{
  g_autofree char *state_dir = g_dir_make_tmp ("md-signing-keys-XXXXXX", NULL);
  g_autoptr(MdSandboxSigningKeys) keys = md_sandbox_signing_keys_new (state_dir, NULL);
  g_autofree char *public_pem = NULL;
  g_autofree char *private_key = md_test_rsa_generate (&public_pem);
  g_autoptr(JsonNode) page1 = NULL;
  g_autoptr(JsonNode) page2 = NULL;
  g_autoptr(JsonNode) page3 = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(JsonNode) node = md_sandbox_signing_keys_add (keys, public_pem, NULL);
      g_assert_nonnull (node);
    }

  page1 = md_sandbox_signing_keys_list (keys, 1, 2);
  page2 = md_sandbox_signing_keys_list (keys, 2, 2);
  page3 = md_sandbox_signing_keys_list (keys, 3, 2);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (page1)), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (page2)), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (page3)), ==, 1);

  for (guint p = 0; p < 3; p++)
    {
      JsonArray *array = json_node_get_array (p == 0 ? page1 : p == 1 ? page2 : page3);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *id = json_object_get_string_member (json_array_get_object_element (array, i), "id");

          g_assert_false (g_hash_table_contains (seen, id));
          g_hash_table_add (seen, g_strdup (id));
          g_assert_true (md_sandbox_signing_keys_delete (keys, id, NULL));
        }
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, 5);

  {
    g_autofree char *keys_dir = g_build_filename (state_dir, "signing-keys", NULL);

    g_assert_cmpint (g_rmdir (keys_dir), ==, 0);
    g_assert_cmpint (g_rmdir (state_dir), ==, 0);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox/signing-keys/create-list-get-delete", test_create_list_get_delete);
  g_test_add_func ("/sandbox/signing-keys/pagination", test_pagination_newest_first);

  return g_test_run ();
}
