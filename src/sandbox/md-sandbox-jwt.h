/* md-sandbox-jwt.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define MD_SANDBOX_JWT_ERROR (md_sandbox_jwt_error_quark ())

typedef enum
{
  MD_SANDBOX_JWT_ERROR_MALFORMED,
  MD_SANDBOX_JWT_ERROR_ALGORITHM,
  MD_SANDBOX_JWT_ERROR_UNKNOWN_KEY,
  MD_SANDBOX_JWT_ERROR_SIGNATURE,
  MD_SANDBOX_JWT_ERROR_EXPIRED,
  MD_SANDBOX_JWT_ERROR_AUDIENCE,
  MD_SANDBOX_JWT_ERROR_SUBJECT,
} MdSandboxJwtError;

/* Returns the PEM public key of signing key @kid, or %NULL if there is none. */
typedef GBytes *(*MdSandboxJwtKeyLookup) (const char *kid,
                                          gpointer    user_data);

typedef struct
{
  char       *kid;
  char       *sub;
  char       *aud;      /* the accepted audience */
  gint64      exp;
  JsonObject *claims;
} MdSandboxJwtClaims;

GQuark              md_sandbox_jwt_error_quark  (void);

MdSandboxJwtClaims *md_sandbox_jwt_verify       (const char            *token,
                                                 MdSandboxJwtKeyLookup  lookup,
                                                 gpointer               lookup_data,
                                                 const char *const     *audiences,
                                                 const char            *subject,
                                                 gint64                 now,
                                                 GError               **error);
void                md_sandbox_jwt_claims_free  (MdSandboxJwtClaims    *claims);

guint8             *md_sandbox_base64url_decode (const char            *text,
                                                 gsize                  len,
                                                 gsize                 *out_len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdSandboxJwtClaims, md_sandbox_jwt_claims_free)

G_END_DECLS
