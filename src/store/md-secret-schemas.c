/* md-secret-schemas.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-secret-schemas"

#include "config.h"

#include "md-secret-schemas.h"

/**
 * md_token_schema_get:
 *
 * The schema of an access token secret. The item's secret is the token
 * secret; the token id is an attribute because it is not secret and lets
 * Seahorse users tell items apart.
 */
const SecretSchema *
md_token_schema_get (void)
{
  static const SecretSchema schema = {
    "io.github.muxdesk.Muxdesk.Token",
    SECRET_SCHEMA_NONE,
    {
      { MD_SECRET_ATTR_ENVIRONMENT, SECRET_SCHEMA_ATTRIBUTE_STRING },
      { MD_SECRET_ATTR_TOKEN_ID, SECRET_SCHEMA_ATTRIBUTE_STRING },
      { MD_SECRET_ATTR_API_URL, SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

/**
 * md_signing_key_schema_get:
 *
 * The schema of a signing key: the secret is Mux's base64-encoded PEM
 * private key, exactly as the API returned it at creation.
 */
const SecretSchema *
md_signing_key_schema_get (void)
{
  static const SecretSchema schema = {
    "io.github.muxdesk.Muxdesk.SigningKey",
    SECRET_SCHEMA_NONE,
    {
      { MD_SECRET_ATTR_ENVIRONMENT, SECRET_SCHEMA_ATTRIBUTE_STRING },
      { MD_SECRET_ATTR_KEY_ID, SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}
