/* md-jwt.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define MD_JWT_ERROR (md_jwt_error_quark ())

/**
 * MdJwtError:
 * @MD_JWT_ERROR_INVALID_KEY: the private key could not be read, or is not RSA
 * @MD_JWT_ERROR_SIGNING_FAILED: the key was read but signing failed
 */
typedef enum
{
  MD_JWT_ERROR_INVALID_KEY,
  MD_JWT_ERROR_SIGNING_FAILED,
} MdJwtError;

#define MD_TYPE_JWT_SIGNER (md_jwt_signer_get_type ())

G_DECLARE_FINAL_TYPE (MdJwtSigner, md_jwt_signer, MD, JWT_SIGNER, GObject)

GQuark       md_jwt_error_quark       (void);
MdJwtSigner *md_jwt_signer_new        (const char         *key_id,
                                       const char         *private_key,
                                       GError            **error);
const char  *md_jwt_signer_get_key_id (MdJwtSigner        *self);
char        *md_jwt_signer_sign       (MdJwtSigner        *self,
                                       const char         *sub,
                                       const char         *aud,
                                       gint64              expires_at,
                                       const char *const  *extra_claims,
                                       GError            **error);
char        *md_jwt_base64url_encode  (const guint8       *data,
                                       gsize               length);

G_END_DECLS
