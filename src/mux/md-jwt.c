/* md-jwt.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-jwt"

#include "config.h"

#include <glib/gi18n.h>
#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "md-jwt.h"

/* Mints RS256 JWTs (signed playback, thumbnails, storyboards, engagement
 * counts) with a Mux signing key. The key lives only as a GnuTLS key
 * object; its text is wiped as soon as it is imported and never appears in
 * an error message or log. */
struct _MdJwtSigner
{
  GObject           parent_instance;

  char             *key_id;
  gnutls_privkey_t  key;
};

G_DEFINE_FINAL_TYPE (MdJwtSigner, md_jwt_signer, G_TYPE_OBJECT)

G_DEFINE_QUARK (md-jwt-error-quark, md_jwt_error)

enum {
  PROP_0,
  PROP_KEY_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
md_jwt_signer_finalize (GObject *object)
{
  MdJwtSigner *self = (MdJwtSigner *)object;

  g_clear_pointer (&self->key_id, g_free);
  g_clear_pointer (&self->key, gnutls_privkey_deinit);

  G_OBJECT_CLASS (md_jwt_signer_parent_class)->finalize (object);
}

static void
md_jwt_signer_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  MdJwtSigner *self = MD_JWT_SIGNER (object);

  switch (prop_id)
    {
    case PROP_KEY_ID:
      g_value_set_string (value, self->key_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_jwt_signer_class_init (MdJwtSignerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = md_jwt_signer_finalize;
  object_class->get_property = md_jwt_signer_get_property;

  properties[PROP_KEY_ID] =
    g_param_spec_string ("key-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
md_jwt_signer_init (MdJwtSigner *self)
{
}

/**
 * md_jwt_base64url_encode:
 *
 * Returns: (transfer full): @data in base64url without padding (RFC 7515)
 */
char *
md_jwt_base64url_encode (const guint8 *data,
                         gsize         length)
{
  char *text = g_base64_encode (data, length);
  gsize n = strlen (text);

  while (n > 0 && text[n - 1] == '=')
    text[--n] = '\0';

  for (char *p = text; *p != '\0'; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
    }

  return text;
}

static gboolean
invalid_key (GError **error)
{
  g_set_error_literal (error, MD_JWT_ERROR, MD_JWT_ERROR_INVALID_KEY,
                       _("The signing key’s private key could not be read. "
                         "Create a new signing key and try again."));
  return FALSE;
}

/* Mux hands out the PEM text base64-encoded; accept the PEM itself too. */
static gboolean
import_key (MdJwtSigner  *self,
            const char   *private_key,
            GError      **error)
{
  g_autofree guchar *decoded = NULL;
  gnutls_datum_t datum;
  gsize length = 0;
  const char *pem;
  int ret;

  while (g_ascii_isspace (*private_key))
    private_key++;

  if (g_str_has_prefix (private_key, "-----BEGIN"))
    {
      pem = private_key;
      length = strlen (private_key);
    }
  else
    {
      decoded = g_base64_decode (private_key, &length);
      if (decoded == NULL || length == 0 || g_strstr_len ((const char *) decoded, length, "-----BEGIN") == NULL)
        {
          if (decoded != NULL)
            explicit_bzero (decoded, length);
          return invalid_key (error);
        }
      pem = (const char *) decoded;
    }

  ret = gnutls_privkey_init (&self->key);
  if (ret == GNUTLS_E_SUCCESS)
    {
      datum.data = (unsigned char *) pem;
      datum.size = length;
      ret = gnutls_privkey_import_x509_raw (self->key, &datum, GNUTLS_X509_FMT_PEM, NULL, 0);
    }

  if (decoded != NULL)
    explicit_bzero (decoded, length);

  if (ret != GNUTLS_E_SUCCESS)
    {
      g_debug ("Importing a signing key failed: %s", gnutls_strerror (ret));
      return invalid_key (error);
    }

  if (gnutls_privkey_get_pk_algorithm (self->key, NULL) != GNUTLS_PK_RSA)
    return invalid_key (error);

  return TRUE;
}

/**
 * md_jwt_signer_new:
 * @key_id: the signing key's id (the `kid`)
 * @private_key: the key as Mux returns it (base64 of a PEM, PKCS#1 or
 *   PKCS#8), or the PEM text itself
 *
 * Returns: (transfer full) (nullable): a signer, or %NULL with
 *   %MD_JWT_ERROR_INVALID_KEY (the message never quotes the key)
 */
MdJwtSigner *
md_jwt_signer_new (const char  *key_id,
                   const char  *private_key,
                   GError     **error)
{
  g_autoptr(MdJwtSigner) self = NULL;

  g_return_val_if_fail (key_id != NULL && key_id[0] != '\0', NULL);
  g_return_val_if_fail (private_key != NULL, NULL);

  self = g_object_new (MD_TYPE_JWT_SIGNER, NULL);
  self->key_id = g_strdup (key_id);

  if (!import_key (self, private_key, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
md_jwt_signer_get_key_id (MdJwtSigner *self)
{
  g_return_val_if_fail (MD_IS_JWT_SIGNER (self), NULL);

  return self->key_id;
}

static char *
encode_json (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = json_to_string (root, FALSE);

  return md_jwt_base64url_encode ((const guint8 *) text, strlen (text));
}

/**
 * md_jwt_signer_sign:
 * @sub: the subject: a playback ID, asset ID, …
 * @aud: the audience: "v", "t", "s", "g", "video_id", "asset_id", …
 * @expires_at: the `exp` claim, Unix seconds
 * @extra_claims: (nullable) (array zero-terminated=1): more string claims
 *   as name, value pairs (e.g. thumbnail `time`, `width`)
 *
 * Mints `header.claims.signature` with header `{"alg":"RS256","typ":"JWT",
 * "kid"}` and claims `sub`, `aud`, `exp` and `kid` (Mux's own signer puts
 * `kid` in the claims, others in the header: both, so any verifier agrees).
 *
 * Returns: (transfer full) (nullable): the token, or %NULL with
 *   %MD_JWT_ERROR_SIGNING_FAILED
 */
char *
md_jwt_signer_sign (MdJwtSigner        *self,
                    const char         *sub,
                    const char         *aud,
                    gint64              expires_at,
                    const char *const  *extra_claims,
                    GError            **error)
{
  g_autoptr(JsonBuilder) header = json_builder_new ();
  g_autoptr(JsonBuilder) claims = json_builder_new ();
  g_autofree char *header_b64 = NULL;
  g_autofree char *claims_b64 = NULL;
  g_autofree char *input = NULL;
  g_autofree char *signature_b64 = NULL;
  gnutls_datum_t data;
  gnutls_datum_t signature = { NULL, 0 };
  int ret;

  g_return_val_if_fail (MD_IS_JWT_SIGNER (self), NULL);
  g_return_val_if_fail (sub != NULL, NULL);
  g_return_val_if_fail (aud != NULL, NULL);

  json_builder_begin_object (header);
  json_builder_set_member_name (header, "alg");
  json_builder_add_string_value (header, "RS256");
  json_builder_set_member_name (header, "typ");
  json_builder_add_string_value (header, "JWT");
  json_builder_set_member_name (header, "kid");
  json_builder_add_string_value (header, self->key_id);
  json_builder_end_object (header);

  json_builder_begin_object (claims);
  json_builder_set_member_name (claims, "sub");
  json_builder_add_string_value (claims, sub);
  json_builder_set_member_name (claims, "aud");
  json_builder_add_string_value (claims, aud);
  json_builder_set_member_name (claims, "exp");
  json_builder_add_int_value (claims, expires_at);
  json_builder_set_member_name (claims, "kid");
  json_builder_add_string_value (claims, self->key_id);
  for (guint i = 0; extra_claims != NULL && extra_claims[i] != NULL; i += 2)
    {
      g_return_val_if_fail (extra_claims[i + 1] != NULL, NULL);
      json_builder_set_member_name (claims, extra_claims[i]);
      json_builder_add_string_value (claims, extra_claims[i + 1]);
    }
  json_builder_end_object (claims);

  header_b64 = encode_json (header);
  claims_b64 = encode_json (claims);
  input = g_strconcat (header_b64, ".", claims_b64, NULL);

  data.data = (unsigned char *) input;
  data.size = strlen (input);
  ret = gnutls_privkey_sign_data (self->key, GNUTLS_DIG_SHA256, 0, &data, &signature);
  if (ret != GNUTLS_E_SUCCESS)
    {
      g_set_error (error, MD_JWT_ERROR, MD_JWT_ERROR_SIGNING_FAILED,
                   _("Signing a token failed: %s"), gnutls_strerror (ret));
      return NULL;
    }

  signature_b64 = md_jwt_base64url_encode (signature.data, signature.size);
  gnutls_free (signature.data);

  return g_strconcat (input, ".", signature_b64, NULL);
}
