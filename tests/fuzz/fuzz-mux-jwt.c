/* fuzz-mux-jwt.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The signing-key loader and JWT minting (md-jwt.h). Input:
 *   "KEY-ID\nSUB\nAUD\nEXP\nPRIVATE-KEY" where the key is base64 of a PEM, as
 * Mux returns it, or the PEM itself. A key that loads must mint a token that
 * the sandbox's independent verifier accepts with the public half of the key.
 */

#include "config.h"

#include <gnutls/abstract.h>
#include <string.h>

#include "md-fuzz.h"
#include "md-jwt.h"
#include "md-sandbox-jwt.h"

static GBytes *public_pem;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  md_fuzz_setup_logging ();
  return 0;
}

static GBytes *
lookup_key (const char *kid,
            gpointer    user_data)
{
  return public_pem ? g_bytes_ref (public_pem) : NULL;
}

/* The public key of a private key md_jwt_signer_new() accepted. */
static GBytes *
derive_public_pem (const char *private_key)
{
  g_autofree guchar *decoded = NULL;
  gnutls_privkey_t key = NULL;
  gnutls_pubkey_t pubkey = NULL;
  gnutls_datum_t datum, out = { NULL, 0 };
  GBytes *result = NULL;
  gsize length;

  while (g_ascii_isspace (*private_key))
    private_key++;
  if (g_str_has_prefix (private_key, "-----BEGIN"))
    {
      datum.data = (unsigned char *) private_key;
      datum.size = strlen (private_key);
    }
  else
    {
      decoded = g_base64_decode (private_key, &length);
      datum.data = decoded;
      datum.size = length;
    }

  g_assert_cmpint (gnutls_privkey_init (&key), ==, 0);
  g_assert_cmpint (gnutls_pubkey_init (&pubkey), ==, 0);
  g_assert_cmpint (gnutls_privkey_import_x509_raw (key, &datum, GNUTLS_X509_FMT_PEM, NULL, 0), ==, 0);
  g_assert_cmpint (gnutls_pubkey_import_privkey (pubkey, key, 0, 0), ==, 0);
  g_assert_cmpint (gnutls_pubkey_export2 (pubkey, GNUTLS_X509_FMT_PEM, &out), ==, 0);
  result = g_bytes_new (out.data, out.size);
  gnutls_free (out.data);
  gnutls_pubkey_deinit (pubkey);
  gnutls_privkey_deinit (key);
  return result;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = md_fuzz_dup_string (data, size);
  g_auto(GStrv) parts = g_strsplit (text, "\n", 5);
  g_autoptr(MdJwtSigner) signer = NULL;
  g_autoptr(MdSandboxJwtClaims) claims = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  const char *audiences[] = { NULL, NULL };
  const char *kid, *sub, *aud;
  gint64 exp;

  if (g_strv_length (parts) < 5 || parts[0][0] == '\0')
    return 0;
  kid = parts[0];
  sub = parts[1];
  aud = parts[2];
  exp = g_ascii_strtoll (parts[3], NULL, 10);

  signer = md_jwt_signer_new (kid, parts[4], &error);
  if (signer == NULL)
    {
      g_assert_error (error, MD_JWT_ERROR, MD_JWT_ERROR_INVALID_KEY);
      /* The message never quotes the key. */
      g_assert_null (strstr (error->message, "BEGIN"));
      return 0;
    }
  g_assert_no_error (error);

  /* A damaged key can import yet fail to sign (GnuTLS checks its own
   * signatures): that must be a clean error, not a bad token. */
  token = md_jwt_signer_sign (signer, sub, aud, exp, NULL, &error);
  if (token == NULL)
    {
      g_assert_error (error, MD_JWT_ERROR, MD_JWT_ERROR_SIGNING_FAILED);
      return 0;
    }
  g_assert_no_error (error);

  /* Only tokens whose claims are valid UTF-8 JSON strings can round-trip. */
  if (exp == G_MININT64 || sub[0] == '\0'
      || !g_utf8_validate (sub, -1, NULL) || !g_utf8_validate (aud, -1, NULL) || !g_utf8_validate (kid, -1, NULL))
    return 0;

  public_pem = derive_public_pem (parts[4]);
  audiences[0] = aud;
  claims = md_sandbox_jwt_verify (token, lookup_key, NULL, audiences, sub, exp - 1, &error);
  g_clear_pointer (&public_pem, g_bytes_unref);
  g_assert_no_error (error);
  g_assert_cmpstr (claims->sub, ==, sub);
  g_assert_cmpstr (claims->aud, ==, aud);
  g_assert_cmpstr (claims->kid, ==, kid);
  g_assert_cmpint (claims->exp, ==, exp);
  return 0;
}
