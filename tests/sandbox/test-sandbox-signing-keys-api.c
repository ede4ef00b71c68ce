/* test-sandbox-signing-keys-api.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Signing keys over HTTP, and the counts endpoint verifying JWTs signed
 * here (with GnuTLS, apart from the sandbox's verifier) by a key the
 * sandbox created.
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <gnutls/x509.h>

#include "md-test-jwt-sign.h"
#include "md-test-sandbox.h"

static const char *const no_rate_limit[] = { "--no-rate-limit", NULL };

static gint64
now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static guint
get_counts (MdTestSandbox  *sandbox,
            const char     *token,
            JsonNode      **out_reply)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *escaped = g_uri_escape_string (token, NULL, FALSE);
  g_autofree char *url = g_strdup_printf ("%s/counts?token=%s", md_test_sandbox_get_stats_url (sandbox), escaped);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  *out_reply = json_from_string (g_bytes_get_data (body, NULL), NULL);
  return soup_message_get_status (msg);
}

static void
assert_counts_accepted (MdTestSandbox *sandbox,
                        const char    *token)
{
  g_autoptr(JsonNode) reply = NULL;
  JsonObject *counts;

  g_assert_cmpuint (get_counts (sandbox, token, &reply), ==, 200);
  counts = json_array_get_object_element (json_object_get_array_member (json_node_get_object (reply), "data"), 0);
  g_assert_true (json_object_has_member (counts, "views"));
  g_assert_true (json_object_has_member (counts, "viewers"));
  g_assert_true (g_str_has_suffix (json_object_get_string_member (counts, "updated_at"), "Z"));
}

static void
assert_counts_refused (MdTestSandbox *sandbox,
                       const char    *token)
{
  g_autoptr(JsonNode) reply = NULL;
  JsonObject *error;

  g_assert_cmpuint (get_counts (sandbox, token, &reply), ==, 403);
  error = json_object_get_object_member (json_node_get_object (reply), "error");
  g_assert_cmpstr (json_object_get_string_member (error, "type"), ==, "forbidden");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (error, "messages")), ==, 1);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static char *
create_key (MdTestSandbox  *sandbox,
            char          **out_private_key)
{
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *key;

  g_assert_cmpuint (md_test_sandbox_api (sandbox, "POST", "/system/v1/signing-keys", NULL, &reply, &error), ==, 201);
  g_assert_no_error (error);
  key = json_object_get_object_member (json_node_get_object (reply), "data");
  *out_private_key = g_strdup (json_object_get_string_member (key, "private_key"));
  g_assert_nonnull (*out_private_key);
  return g_strdup (json_object_get_string_member (key, "id"));
}

/* Issue 3: a real RSA-2048 key, as GnuTLS reads the PEM handed out. */
static void
assert_rsa_2048 (const char *pem,
                 gsize       pem_len)
{
  gnutls_x509_privkey_t key = NULL;
  gnutls_datum_t datum = { (unsigned char *) pem, (unsigned int) pem_len };
  unsigned int bits = 0;

  g_assert_cmpint (gnutls_x509_privkey_init (&key), ==, 0);
  g_assert_cmpint (gnutls_x509_privkey_import (key, &datum, GNUTLS_X509_FMT_PEM), ==, 0);
  g_assert_cmpint (gnutls_x509_privkey_get_pk_algorithm2 (key, &bits), ==, GNUTLS_PK_RSA);
  g_assert_cmpuint (bits, ==, 2048);
  g_assert_cmpint (gnutls_x509_privkey_verify_params (key), ==, 0);
  gnutls_x509_privkey_deinit (key);
}

static void
test_create_list_get_delete (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdTestSandbox) sandbox = md_test_sandbox_start (no_rate_limit, &error);
  g_autofree char *private_key = NULL;
  g_autofree char *other_private_key = NULL;
  g_autofree char *id = NULL;
  g_autofree char *other_id = NULL;
  g_autofree char *path = NULL;
  g_autofree char *pem = NULL;
  g_autoptr(JsonNode) reply = NULL;
  JsonArray *list;
  JsonObject *key;
  gsize pem_len = 0;

  g_assert_no_error (error);
  id = create_key (sandbox, &private_key);
  other_id = create_key (sandbox, &other_private_key);
  g_assert_cmpstr (id, !=, other_id);
  pem = (char *) g_base64_decode (private_key, &pem_len);
  g_assert_true (g_str_has_prefix (pem, "-----BEGIN RSA PRIVATE KEY-----"));
  assert_rsa_2048 (pem, pem_len);
  explicit_bzero (pem, pem_len);

  g_assert_cmpuint (md_test_sandbox_api (sandbox, "GET", "/system/v1/signing-keys?limit=1&page=1", NULL, &reply, &error), ==, 200);
  list = json_object_get_array_member (json_node_get_object (reply), "data");
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  g_clear_pointer (&reply, json_node_unref);
  g_assert_cmpuint (md_test_sandbox_api (sandbox, "GET", "/system/v1/signing-keys?limit=100", NULL, &reply, &error), ==, 200);
  list = json_object_get_array_member (json_node_get_object (reply), "data");
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  for (guint i = 0; i < 2; i++)
    g_assert_false (json_object_has_member (json_array_get_object_element (list, i), "private_key"));
  g_clear_pointer (&reply, json_node_unref);
  g_assert_cmpuint (md_test_sandbox_api (sandbox, "GET", "/system/v1/signing-keys?limit=0", NULL, &reply, &error), ==, 400);
  g_clear_pointer (&reply, json_node_unref);

  path = g_strconcat ("/system/v1/signing-keys/", id, NULL);
  g_assert_cmpuint (md_test_sandbox_api (sandbox, "GET", path, NULL, &reply, &error), ==, 200);
  key = json_object_get_object_member (json_node_get_object (reply), "data");
  g_assert_cmpstr (json_object_get_string_member (key, "id"), ==, id);
  g_assert_false (json_object_has_member (key, "private_key"));
  g_clear_pointer (&reply, json_node_unref);

  g_assert_cmpuint (md_test_sandbox_api (sandbox, "DELETE", path, NULL, &reply, &error), ==, 204);
  g_clear_pointer (&reply, json_node_unref);
  g_assert_cmpuint (md_test_sandbox_api (sandbox, "GET", path, NULL, &reply, &error), ==, 404);
  g_clear_pointer (&reply, json_node_unref);
  g_assert_cmpuint (md_test_sandbox_api (sandbox, "DELETE", path, NULL, &reply, &error), ==, 404);
  g_clear_pointer (&reply, json_node_unref);
  g_assert_cmpuint (md_test_sandbox_api (sandbox, "GET", "/system/v1/signing-keys/nosuchkey", NULL, &reply, &error), ==, 404);
  g_assert_no_error (error);
}

static void
test_counts_jwt (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdTestSandbox) sandbox = md_test_sandbox_start (no_rate_limit, &error);
  g_autofree char *private_key = NULL;
  g_autofree char *outsider_public = NULL;
  g_autofree char *outsider_private = NULL;
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) reply = NULL;
  const MdTestKidPlace both = MD_TEST_KID_IN_HEADER | MD_TEST_KID_IN_CLAIMS;

  g_assert_no_error (error);
  id = create_key (sandbox, &private_key);
  outsider_private = md_test_rsa_generate (&outsider_public);

  /* Accepted: kid in the header only, the claims only, or both; every aud. */
  {
    g_autofree char *header_only = md_test_jwt_sign (private_key, id, MD_TEST_KID_IN_HEADER, "asset1", "asset_id", now () + 600);
    g_autofree char *claims_only = md_test_jwt_sign (private_key, id, MD_TEST_KID_IN_CLAIMS, "pid1", "playback_id", now () + 600);
    g_autofree char *video = md_test_jwt_sign (private_key, id, both, "video1", "video_id", now () + 600);
    g_autofree char *live = md_test_jwt_sign (private_key, id, both, "live1", "live_stream_id", now () + 600);

    assert_counts_accepted (sandbox, header_only);
    assert_counts_accepted (sandbox, claims_only);
    assert_counts_accepted (sandbox, video);
    assert_counts_accepted (sandbox, live);
  }

  /* Refused: tampered, expired, unknown kid, wrong key, wrong aud, none. */
  {
    g_autofree char *good = md_test_jwt_sign (private_key, id, both, "asset1", "asset_id", now () + 600);
    g_autofree char *other = md_test_jwt_sign (private_key, id, both, "asset2", "asset_id", now () + 600);
    g_auto(GStrv) good_parts = g_strsplit (good, ".", -1);
    g_auto(GStrv) other_parts = g_strsplit (other, ".", -1);
    g_autofree char *tampered = g_strjoin (".", good_parts[0], other_parts[1], good_parts[2], NULL);
    g_autofree char *expired = md_test_jwt_sign (private_key, id, both, "asset1", "asset_id", now () - 10);
    g_autofree char *unknown_kid = md_test_jwt_sign (private_key, "NoSuchKey123", both, "asset1", "asset_id", now () + 600);
    g_autofree char *outsider = md_test_jwt_sign (outsider_private, id, both, "asset1", "asset_id", now () + 600);
    g_autofree char *playback_aud = md_test_jwt_sign (private_key, id, both, "asset1", "v", now () + 600);

    assert_counts_refused (sandbox, tampered);
    assert_counts_refused (sandbox, expired);
    assert_counts_refused (sandbox, unknown_kid);
    assert_counts_refused (sandbox, outsider);
    assert_counts_refused (sandbox, playback_aud);
    assert_counts_refused (sandbox, "");
    assert_counts_refused (sandbox, "not.a.jwt");
  }

  /* A deleted key signs nothing any more. */
  {
    g_autofree char *token = md_test_jwt_sign (private_key, id, both, "asset1", "asset_id", now () + 600);

    path = g_strconcat ("/system/v1/signing-keys/", id, NULL);
    g_assert_cmpuint (md_test_sandbox_api (sandbox, "DELETE", path, NULL, &reply, &error), ==, 204);
    g_assert_no_error (error);
    assert_counts_refused (sandbox, token);
  }
}

static void
test_keys_survive_restart (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *state_dir = g_dir_make_tmp ("md-sandbox-keys-XXXXXX", NULL);
  const char *args[] = { "--no-rate-limit", "--state-dir", state_dir, NULL };
  g_autofree char *private_key = NULL;
  g_autofree char *id = NULL;
  g_autofree char *token = NULL;

  {
    g_autoptr(MdTestSandbox) first = md_test_sandbox_start (args, &error);

    g_assert_no_error (error);
    id = create_key (first, &private_key);
  }
  {
    g_autoptr(MdTestSandbox) second = md_test_sandbox_start (args, &error);

    g_assert_no_error (error);
    token = md_test_jwt_sign (private_key, id, MD_TEST_KID_IN_CLAIMS, "asset1", "asset_id", now () + 600);
    assert_counts_accepted (second, token);
  }
  remove_tree (state_dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox/signing-keys-api/create-list-get-delete", test_create_list_get_delete);
  g_test_add_func ("/sandbox/signing-keys-api/counts-jwt", test_counts_jwt);
  g_test_add_func ("/sandbox/signing-keys-api/survive-restart", test_keys_survive_restart);

  return g_test_run ();
}
