/* test-jwt.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "md-jwt.h"

/* Tokens are checked by independent verifiers: GnuTLS on the public key,
 * and the openssl command line tool. */

static gnutls_x509_privkey_t rsa_key;

static char *
export_key (gboolean pkcs8)
{
  gnutls_datum_t out = { NULL, 0 };
  char *pem;
  int ret;

  if (pkcs8)
    ret = gnutls_x509_privkey_export2_pkcs8 (rsa_key, GNUTLS_X509_FMT_PEM, NULL, GNUTLS_PKCS_PLAIN, &out);
  else
    ret = gnutls_x509_privkey_export2 (rsa_key, GNUTLS_X509_FMT_PEM, &out);
  g_assert_cmpint (ret, ==, GNUTLS_E_SUCCESS);

  pem = g_strndup ((const char *) out.data, out.size);
  gnutls_free (out.data);
  return pem;
}

/* Mux returns the PEM text base64-encoded. */
static char *
mux_shaped_key (gboolean pkcs8)
{
  g_autofree char *pem = export_key (pkcs8);

  return g_base64_encode ((const guchar *) pem, strlen (pem));
}

static char *
export_public_pem (void)
{
  gnutls_privkey_t privkey;
  gnutls_pubkey_t pubkey;
  gnutls_datum_t out = { NULL, 0 };
  char *pem;

  g_assert_cmpint (gnutls_privkey_init (&privkey), ==, 0);
  g_assert_cmpint (gnutls_privkey_import_x509 (privkey, rsa_key, 0), ==, 0);
  g_assert_cmpint (gnutls_pubkey_init (&pubkey), ==, 0);
  g_assert_cmpint (gnutls_pubkey_import_privkey (pubkey, privkey, 0, 0), ==, 0);
  g_assert_cmpint (gnutls_pubkey_export2 (pubkey, GNUTLS_X509_FMT_PEM, &out), ==, 0);

  pem = g_strndup ((const char *) out.data, out.size);
  gnutls_free (out.data);
  gnutls_pubkey_deinit (pubkey);
  gnutls_privkey_deinit (privkey);
  return pem;
}

static GBytes *
base64url_decode (const char *text)
{
  g_autoptr(GString) standard = g_string_new (text);
  guchar *data;
  gsize length = 0;

  g_string_replace (standard, "-", "+", 0);
  g_string_replace (standard, "_", "/", 0);
  while (standard->len % 4 != 0)
    g_string_append_c (standard, '=');

  data = g_base64_decode (standard->str, &length);
  return g_bytes_new_take (data, length);
}

static JsonObject *
decode_json_part (const char *part)
{
  g_autoptr(GBytes) bytes = base64url_decode (part);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static gboolean
gnutls_verifies (const char *input,
                 GBytes     *signature)
{
  gnutls_privkey_t privkey;
  gnutls_pubkey_t pubkey;
  gnutls_datum_t data = { (unsigned char *) input, strlen (input) };
  gnutls_datum_t sig = { (unsigned char *) g_bytes_get_data (signature, NULL), g_bytes_get_size (signature) };
  int ret;

  g_assert_cmpint (gnutls_privkey_init (&privkey), ==, 0);
  g_assert_cmpint (gnutls_privkey_import_x509 (privkey, rsa_key, 0), ==, 0);
  g_assert_cmpint (gnutls_pubkey_init (&pubkey), ==, 0);
  g_assert_cmpint (gnutls_pubkey_import_privkey (pubkey, privkey, 0, 0), ==, 0);
  ret = gnutls_pubkey_verify_data2 (pubkey, GNUTLS_SIGN_RSA_SHA256, 0, &data, &sig);
  gnutls_pubkey_deinit (pubkey);
  gnutls_privkey_deinit (privkey);

  return ret >= 0;
}

static gboolean
openssl_verifies (const char *input,
                  GBytes     *signature)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("md-jwt-XXXXXX", &error);
  g_autofree char *pub_path = g_build_filename (dir, "pub.pem", NULL);
  g_autofree char *sig_path = g_build_filename (dir, "sig.bin", NULL);
  g_autofree char *input_path = g_build_filename (dir, "input.txt", NULL);
  g_autofree char *pub = export_public_pem ();
  g_autofree char *out = NULL;
  const char *argv[] = { "openssl", "dgst", "-sha256", "-verify", pub_path,
                         "-signature", sig_path, input_path, NULL };
  int status = -1;

  g_assert_no_error (error);
  g_file_set_contents (pub_path, pub, -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (sig_path, g_bytes_get_data (signature, NULL), g_bytes_get_size (signature), &error);
  g_assert_no_error (error);
  g_file_set_contents (input_path, input, -1, &error);
  g_assert_no_error (error);

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);

  g_unlink (pub_path);
  g_unlink (sig_path);
  g_unlink (input_path);
  g_rmdir (dir);

  return g_spawn_check_wait_status (status, NULL) && strstr (out, "Verified OK") != NULL;
}

static void
check_token (const char *token,
             const char *key_id)
{
  g_auto(GStrv) parts = g_strsplit (token, ".", -1);
  g_autoptr(JsonObject) header = NULL;
  g_autoptr(JsonObject) claims = NULL;
  g_autoptr(GBytes) signature = NULL;
  g_autofree char *input = NULL;
  g_autofree char *tampered = NULL;

  g_assert_cmpuint (g_strv_length (parts), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      /* base64url without padding */
      g_assert_null (strpbrk (parts[i], "+/="));
      g_assert_cmpuint (strlen (parts[i]), >, 0);
    }

  header = decode_json_part (parts[0]);
  g_assert_cmpstr (json_object_get_string_member (header, "alg"), ==, "RS256");
  g_assert_cmpstr (json_object_get_string_member (header, "typ"), ==, "JWT");
  g_assert_cmpstr (json_object_get_string_member (header, "kid"), ==, key_id);

  claims = decode_json_part (parts[1]);
  g_assert_cmpstr (json_object_get_string_member (claims, "sub"), ==, "PLAYBACKid123");
  g_assert_cmpstr (json_object_get_string_member (claims, "aud"), ==, "t");
  g_assert_cmpint (json_object_get_int_member (claims, "exp"), ==, 1999999999);
  g_assert_cmpstr (json_object_get_string_member (claims, "kid"), ==, key_id);
  g_assert_cmpstr (json_object_get_string_member (claims, "time"), ==, "12.5");
  g_assert_cmpstr (json_object_get_string_member (claims, "width"), ==, "640");

  input = g_strconcat (parts[0], ".", parts[1], NULL);
  signature = base64url_decode (parts[2]);
  g_assert_cmpuint (g_bytes_get_size (signature), ==, 256);
  g_assert_true (gnutls_verifies (input, signature));
  g_assert_true (openssl_verifies (input, signature));

  /* The verifiers can fail: a changed claim does not verify. */
  tampered = g_strconcat (parts[0], ".", parts[1], "x", NULL);
  g_assert_false (gnutls_verifies (tampered, signature));
  g_assert_false (openssl_verifies (tampered, signature));
}

static void
sign_and_check (const char *private_key)
{
  static const char *claims[] = { "time", "12.5", "width", "640", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(MdJwtSigner) signer = md_jwt_signer_new ("KEYid42", private_key, &error);
  g_autofree char *token = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (md_jwt_signer_get_key_id (signer), ==, "KEYid42");

  token = md_jwt_signer_sign (signer, "PLAYBACKid123", "t", 1999999999, claims, &error);
  g_assert_no_error (error);
  check_token (token, "KEYid42");
}

static void
test_pkcs1 (void)
{
  g_autofree char *key = mux_shaped_key (FALSE);
  g_autofree char *pem = export_key (FALSE);

  g_assert_true (g_str_has_prefix (pem, "-----BEGIN RSA PRIVATE KEY-----"));
  sign_and_check (key);
  /* The PEM text itself is accepted too. */
  sign_and_check (pem);
}

static void
test_pkcs8 (void)
{
  g_autofree char *key = mux_shaped_key (TRUE);
  g_autofree char *pem = export_key (TRUE);

  g_assert_true (g_str_has_prefix (pem, "-----BEGIN PRIVATE KEY-----"));
  sign_and_check (key);
}

static void
test_bad_keys (void)
{
  g_autofree char *pem = export_key (FALSE);
  g_autofree char *truncated = g_strndup (pem, strlen (pem) / 2);
  g_autofree char *truncated_b64 = g_base64_encode ((const guchar *) truncated, strlen (truncated));
  g_autofree char *not_pem = g_base64_encode ((const guchar *) "hello world", 11);
  g_autofree char *ec_b64 = NULL;
  gnutls_x509_privkey_t ec_key;
  gnutls_datum_t ec_pem = { NULL, 0 };
  const char *cases[5];

  g_assert_cmpint (gnutls_x509_privkey_init (&ec_key), ==, 0);
  g_assert_cmpint (gnutls_x509_privkey_generate (ec_key, GNUTLS_PK_ECDSA,
                                                 GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_SECP256R1), 0), ==, 0);
  g_assert_cmpint (gnutls_x509_privkey_export2_pkcs8 (ec_key, GNUTLS_X509_FMT_PEM, NULL,
                                                       GNUTLS_PKCS_PLAIN, &ec_pem), ==, 0);
  ec_b64 = g_base64_encode (ec_pem.data, ec_pem.size);
  gnutls_free (ec_pem.data);
  gnutls_x509_privkey_deinit (ec_key);

  cases[0] = "";
  cases[1] = "!!!not base64!!!";
  cases[2] = not_pem;
  cases[3] = truncated_b64;
  cases[4] = ec_b64;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MdJwtSigner) signer = md_jwt_signer_new ("k", cases[i], &error);

      g_test_message ("case %u", i);
      g_assert_null (signer);
      g_assert_error (error, MD_JWT_ERROR, MD_JWT_ERROR_INVALID_KEY);
      /* The message never quotes key material. */
      if (cases[i][0] != '\0')
        g_assert_null (strstr (error->message, cases[i]));
      g_assert_null (strstr (error->message, "BEGIN"));
      g_assert_null (strstr (error->message, "MII"));
    }
}

static void
test_base64url (void)
{
  static const guint8 bytes[] = { 0xfb, 0xff, 0xfe, 0x00 };
  g_autofree char *a = md_jwt_base64url_encode (bytes, 3);
  g_autofree char *b = md_jwt_base64url_encode (bytes, 4);
  g_autofree char *c = md_jwt_base64url_encode ((const guint8 *) "", 0);

  g_assert_cmpstr (a, ==, "-__-");
  g_assert_cmpstr (b, ==, "-__-AA");
  g_assert_cmpstr (c, ==, "");
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_assert_cmpint (gnutls_x509_privkey_init (&rsa_key), ==, 0);
  g_assert_cmpint (gnutls_x509_privkey_generate (rsa_key, GNUTLS_PK_RSA, 2048, 0), ==, 0);

  g_test_add_func ("/jwt/pkcs1", test_pkcs1);
  g_test_add_func ("/jwt/pkcs8", test_pkcs8);
  g_test_add_func ("/jwt/bad-keys", test_bad_keys);
  g_test_add_func ("/jwt/base64url", test_base64url);

  ret = g_test_run ();
  gnutls_x509_privkey_deinit (rsa_key);
  return ret;
}
