/* md-sandbox-jwt.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Verifies the RS256 JWTs Mux accepts (signed playback, images, engagement
 * counts) against the public keys of the sandbox's signing keys.
 */

#define G_LOG_DOMAIN "md-sandbox-jwt"

#include "config.h"

#include "md-sandbox-jwt.h"

#include <string.h>
#include <gnutls/gnutls.h>
#include <gnutls/abstract.h>

G_DEFINE_QUARK (md-sandbox-jwt-error-quark, md_sandbox_jwt_error)

/* Strict base64url (RFC 7515 §2): no padding, no other alphabet. */
guint8 *
md_sandbox_base64url_decode (const char *text,
                             gsize       len,
                             gsize      *out_len)
{
  g_autoptr(GString) std = NULL;
  guint8 *out;

  if (len == 0 || len % 4 == 1)
    return NULL;

  std = g_string_sized_new (len + 3);
  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (g_ascii_isalnum (c))
        g_string_append_c (std, c);
      else if (c == '-')
        g_string_append_c (std, '+');
      else if (c == '_')
        g_string_append_c (std, '/');
      else
        return NULL;
    }
  while (std->len % 4 != 0)
    g_string_append_c (std, '=');

  out = g_base64_decode (std->str, out_len);
  if (*out_len == 0)
    g_clear_pointer (&out, g_free);
  return out;
}

static JsonObject *
decode_json_part (const char  *part,
                  gsize        len,
                  const char  *what,
                  GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree guint8 *raw = NULL;
  gsize raw_len = 0;
  JsonNode *root;

  raw = md_sandbox_base64url_decode (part, len, &raw_len);
  if (raw == NULL
      || !json_parser_load_from_data (parser, (const char *) raw, raw_len, NULL)
      || (root = json_parser_get_root (parser)) == NULL
      || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, MD_SANDBOX_JWT_ERROR, MD_SANDBOX_JWT_ERROR_MALFORMED,
                   "The token's %s is not base64url-encoded JSON", what);
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

static const char *
get_string_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
get_number_member (JsonObject *object,
                   const char *name,
                   gint64     *out_value)
{
  JsonNode *node = json_object_get_member (object, name);
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    *out_value = json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    {
      double value = json_node_get_double (node);

      /* NaN or beyond gint64 would make the cast undefined */
      if (!(value >= -9.0e18 && value <= 9.0e18))
        return FALSE;
      *out_value = (gint64) value;
    }
  else
    return FALSE;
  return TRUE;
}

static gboolean
verify_signature (GBytes      *public_pem,
                  const char  *signing_input,
                  gsize        signing_input_len,
                  const char  *signature_b64,
                  GError     **error)
{
  gnutls_pubkey_t pubkey = NULL;
  gnutls_datum_t pem_datum, data, sig;
  g_autofree guint8 *raw_sig = NULL;
  gsize raw_sig_len = 0;
  gsize pem_len = 0;
  int rc;

  raw_sig = md_sandbox_base64url_decode (signature_b64, strlen (signature_b64), &raw_sig_len);
  if (raw_sig == NULL)
    {
      g_set_error_literal (error, MD_SANDBOX_JWT_ERROR, MD_SANDBOX_JWT_ERROR_MALFORMED,
                           "The token's signature is not base64url");
      return FALSE;
    }

  pem_datum.data = (unsigned char *) g_bytes_get_data (public_pem, &pem_len);
  pem_datum.size = pem_len;
  data.data = (unsigned char *) signing_input;
  data.size = signing_input_len;
  sig.data = raw_sig;
  sig.size = raw_sig_len;

  if (gnutls_pubkey_init (&pubkey) < 0)
    {
      g_set_error_literal (error, MD_SANDBOX_JWT_ERROR, MD_SANDBOX_JWT_ERROR_UNKNOWN_KEY,
                           "Could not load the signing key");
      return FALSE;
    }
  rc = gnutls_pubkey_import (pubkey, &pem_datum, GNUTLS_X509_FMT_PEM);
  if (rc >= 0)
    rc = gnutls_pubkey_verify_data2 (pubkey, GNUTLS_SIGN_RSA_SHA256, 0, &data, &sig);
  gnutls_pubkey_deinit (pubkey);

  if (rc < 0)
    {
      g_set_error_literal (error, MD_SANDBOX_JWT_ERROR, MD_SANDBOX_JWT_ERROR_SIGNATURE,
                           "The token's signature does not match its signing key");
      return FALSE;
    }
  return TRUE;
}

/* The audience claim may be a string or an array of strings (RFC 7519 §4.1.3). */
static const char *
find_audience (JsonObject        *claims,
               const char *const *audiences)
{
  JsonNode *node = json_object_get_member (claims, "aud");

  if (node == NULL || audiences == NULL)
    return NULL;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *aud = json_node_get_string (node);

      return g_strv_contains (audiences, aud) ? aud : NULL;
    }

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (element)
              && json_node_get_value_type (element) == G_TYPE_STRING
              && g_strv_contains (audiences, json_node_get_string (element)))
            return json_node_get_string (element);
        }
    }

  return NULL;
}

/**
 * md_sandbox_jwt_verify:
 * @token: the compact JWT
 * @lookup: finds the public key of a signing key id
 * @audiences: the `aud` values this use accepts
 * @subject: (nullable): the `sub` the token must carry, or %NULL to leave
 *   the check to the caller
 * @now: the current time, Unix seconds
 *
 * Checks the token the way Mux does: RS256 only, `kid` from the header or
 * from the claims (the official signers put it in either place), a valid
 * signature by that key, `exp` in the future, `nbf` (if any) reached, an
 * accepted `aud` and the expected `sub`.
 *
 * Returns: (transfer full): the verified claims, or %NULL with @error set
 */
MdSandboxJwtClaims *
md_sandbox_jwt_verify (const char            *token,
                       MdSandboxJwtKeyLookup  lookup,
                       gpointer               lookup_data,
                       const char *const     *audiences,
                       const char            *subject,
                       gint64                 now,
                       GError               **error)
{
  g_autoptr(JsonObject) header = NULL;
  g_autoptr(JsonObject) claims = NULL;
  g_autoptr(GBytes) public_pem = NULL;
  MdSandboxJwtClaims *result;
  const char *first_dot, *second_dot;
  const char *alg, *kid, *sub, *aud;
  gint64 exp = 0, nbf = 0;

  g_return_val_if_fail (lookup != NULL, NULL);

  if (token == NULL || *token == '\0')
    {
      g_set_error_literal (error, MD_SANDBOX_JWT_ERROR, MD_SANDBOX_JWT_ERROR_MALFORMED,
                           "A signed token is required");
      return NULL;
    }

  first_dot = strchr (token, '.');
  second_dot = first_dot ? strchr (first_dot + 1, '.') : NULL;
  if (second_dot == NULL || strchr (second_dot + 1, '.') != NULL)
    {
      g_set_error_literal (error, MD_SANDBOX_JWT_ERROR, MD_SANDBOX_JWT_ERROR_MALFORMED,
                           "The token is not a JWT (header.claims.signature)");
      return NULL;
    }

  if (!(header = decode_json_part (token, first_dot - token, "header", error)))
    return NULL;
  if (!(claims = decode_json_part (first_dot + 1, second_dot - first_dot - 1, "claims", error)))
    return NULL;

  alg = get_string_member (header, "alg");
  if (g_strcmp0 (alg, "RS256") != 0)
    {
      g_set_error (error, MD_SANDBOX_JWT_ERROR, MD_SANDBOX_JWT_ERROR_ALGORITHM,
                   "The token's algorithm must be RS256, not %s", alg ? alg : "(none)");
      return NULL;
    }

  kid = get_string_member (header, "kid");
  if (kid == NULL)
    kid = get_string_member (claims, "kid");
  if (kid == NULL)
    {
      g_set_error_literal (error, MD_SANDBOX_JWT_ERROR, MD_SANDBOX_JWT_ERROR_UNKNOWN_KEY,
                           "The token names no signing key (kid)");
      return NULL;
    }

  public_pem = lookup (kid, lookup_data);
  if (public_pem == NULL)
    {
      g_set_error (error, MD_SANDBOX_JWT_ERROR, MD_SANDBOX_JWT_ERROR_UNKNOWN_KEY,
                   "Signing key %s does not exist", kid);
      return NULL;
    }

  if (!verify_signature (public_pem, token, second_dot - token, second_dot + 1, error))
    return NULL;

  if (!get_number_member (claims, "exp", &exp))
    {
      g_set_error_literal (error, MD_SANDBOX_JWT_ERROR, MD_SANDBOX_JWT_ERROR_EXPIRED,
                           "The token has no expiry (exp)");
      return NULL;
    }
  if (exp <= now)
    {
      g_set_error_literal (error, MD_SANDBOX_JWT_ERROR, MD_SANDBOX_JWT_ERROR_EXPIRED,
                           "The token has expired");
      return NULL;
    }
  if (get_number_member (claims, "nbf", &nbf) && nbf > now)
    {
      g_set_error_literal (error, MD_SANDBOX_JWT_ERROR, MD_SANDBOX_JWT_ERROR_EXPIRED,
                           "The token is not valid yet (nbf)");
      return NULL;
    }

  aud = find_audience (claims, audiences);
  if (aud == NULL)
    {
      g_set_error_literal (error, MD_SANDBOX_JWT_ERROR, MD_SANDBOX_JWT_ERROR_AUDIENCE,
                           "The token's audience (aud) is not valid for this request");
      return NULL;
    }

  sub = get_string_member (claims, "sub");
  if (sub == NULL || (subject != NULL && strcmp (sub, subject) != 0))
    {
      g_set_error_literal (error, MD_SANDBOX_JWT_ERROR, MD_SANDBOX_JWT_ERROR_SUBJECT,
                           "The token's subject (sub) does not match this request");
      return NULL;
    }

  result = g_new0 (MdSandboxJwtClaims, 1);
  result->kid = g_strdup (kid);
  result->sub = g_strdup (sub);
  result->aud = g_strdup (aud);
  result->exp = exp;
  result->claims = g_steal_pointer (&claims);
  return result;
}

void
md_sandbox_jwt_claims_free (MdSandboxJwtClaims *claims)
{
  if (claims == NULL)
    return;
  g_free (claims->kid);
  g_free (claims->sub);
  g_free (claims->aud);
  g_clear_pointer (&claims->claims, json_object_unref);
  g_free (claims);
}
