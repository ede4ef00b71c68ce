/* md-test-jwt-sign.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "md-test-jwt-sign.h"

#include <string.h>
#include <gnutls/gnutls.h>
#include <gnutls/abstract.h>
#include <gnutls/x509.h>

static char *
b64url (const guint8 *data,
        gsize         len)
{
  char *text = g_base64_encode (data, len);

  for (char *p = text; *p; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
      else if (*p == '=')
        {
          *p = '\0';
          break;
        }
    }
  return text;
}

/* Signs header.claims with RS256 the way mux-node's jwt.ts does. */
char *
md_test_jwt_sign_raw (const char *private_key_b64,
                      const char *header_json,
                      const char *claims_json)
{
  g_autofree guint8 *pem = NULL;
  g_autofree char *header = NULL;
  g_autofree char *claims = NULL;
  g_autofree char *input = NULL;
  g_autofree char *signature = NULL;
  gnutls_privkey_t key;
  gnutls_datum_t key_datum, data, sig = { NULL, 0 };
  gsize pem_len = 0;

  pem = g_base64_decode (private_key_b64, &pem_len);
  g_assert_true (g_str_has_prefix ((const char *) pem, "-----BEGIN RSA PRIVATE KEY-----"));
  key_datum.data = pem;
  key_datum.size = pem_len;

  g_assert_cmpint (gnutls_privkey_init (&key), ==, 0);
  g_assert_cmpint (gnutls_privkey_import_x509_raw (key, &key_datum, GNUTLS_X509_FMT_PEM, NULL, 0), ==, 0);

  header = b64url ((const guint8 *) header_json, strlen (header_json));
  claims = b64url ((const guint8 *) claims_json, strlen (claims_json));
  input = g_strconcat (header, ".", claims, NULL);
  data.data = (unsigned char *) input;
  data.size = strlen (input);
  g_assert_cmpint (gnutls_privkey_sign_data (key, GNUTLS_DIG_SHA256, 0, &data, &sig), ==, 0);
  gnutls_privkey_deinit (key);

  signature = b64url (sig.data, sig.size);
  gnutls_free (sig.data);
  return g_strconcat (input, ".", signature, NULL);
}

char *
md_test_jwt_sign (const char     *private_key_b64,
                  const char     *kid,
                  MdTestKidPlace  kid_place,
                  const char     *sub,
                  const char     *aud,
                  gint64          exp)
{
  g_autofree char *header = NULL;
  g_autofree char *claims = NULL;

  if (kid_place & MD_TEST_KID_IN_HEADER)
    header = g_strdup_printf ("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"%s\"}", kid);
  else
    header = g_strdup ("{\"alg\":\"RS256\",\"typ\":\"JWT\"}");

  if (kid_place & MD_TEST_KID_IN_CLAIMS)
    claims = g_strdup_printf ("{\"sub\":\"%s\",\"aud\":\"%s\",\"exp\":%" G_GINT64_FORMAT ",\"kid\":\"%s\"}",
                              sub, aud, exp, kid);
  else
    claims = g_strdup_printf ("{\"sub\":\"%s\",\"aud\":\"%s\",\"exp\":%" G_GINT64_FORMAT "}",
                              sub, aud, exp);

  return md_test_jwt_sign_raw (private_key_b64, header, claims);
}

/* Returns a fresh key as Mux hands it out (base64 of a PKCS#1 PEM). */
char *
md_test_rsa_generate (char **out_public_pem)
{
  gnutls_x509_privkey_t x509;
  gnutls_privkey_t privkey;
  gnutls_pubkey_t pubkey;
  gnutls_datum_t private_pem, public_pem;
  char *result;

  g_assert_cmpint (gnutls_x509_privkey_init (&x509), ==, 0);
  g_assert_cmpint (gnutls_x509_privkey_generate (x509, GNUTLS_PK_RSA, 2048, 0), ==, 0);
  g_assert_cmpint (gnutls_x509_privkey_export2 (x509, GNUTLS_X509_FMT_PEM, &private_pem), ==, 0);
  g_assert_cmpint (gnutls_privkey_init (&privkey), ==, 0);
  g_assert_cmpint (gnutls_privkey_import_x509 (privkey, x509, 0), ==, 0);
  g_assert_cmpint (gnutls_pubkey_init (&pubkey), ==, 0);
  g_assert_cmpint (gnutls_pubkey_import_privkey (pubkey, privkey, 0, 0), ==, 0);
  g_assert_cmpint (gnutls_pubkey_export2 (pubkey, GNUTLS_X509_FMT_PEM, &public_pem), ==, 0);

  result = g_base64_encode (private_pem.data, private_pem.size);
  *out_public_pem = g_strndup ((const char *) public_pem.data, public_pem.size);

  gnutls_free (private_pem.data);
  gnutls_free (public_pem.data);
  gnutls_pubkey_deinit (pubkey);
  gnutls_privkey_deinit (privkey);
  gnutls_x509_privkey_deinit (x509);
  return result;
}
