/* md-secret-schemas.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsecret/secret.h>

G_BEGIN_DECLS

/* Attribute names shared by the schemas, so look-ups cannot drift from stores. */
#define MD_SECRET_ATTR_ENVIRONMENT "environment-id"
#define MD_SECRET_ATTR_TOKEN_ID    "token-id"
#define MD_SECRET_ATTR_API_URL     "api-url"
#define MD_SECRET_ATTR_KEY_ID      "key-id"

const SecretSchema *md_token_schema_get       (void) G_GNUC_CONST;
const SecretSchema *md_signing_key_schema_get (void) G_GNUC_CONST;

#define MD_TOKEN_SCHEMA       (md_token_schema_get ())
#define MD_SIGNING_KEY_SCHEMA (md_signing_key_schema_get ())

G_END_DECLS
