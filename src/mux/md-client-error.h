/* md-client-error.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MD_CLIENT_ERROR (md_client_error_quark ())

/**
 * MdClientError:
 * @MD_CLIENT_ERROR_UNAUTHORIZED: the token id or secret is wrong or revoked (401)
 * @MD_CLIENT_ERROR_FORBIDDEN: the token lacks a permission, or a signed URL was refused (403)
 * @MD_CLIENT_ERROR_NOT_FOUND: the object does not exist (404)
 * @MD_CLIENT_ERROR_INVALID_PARAMETERS: the request was refused as invalid (400, 409, 422)
 * @MD_CLIENT_ERROR_RATE_LIMITED: too many requests (429)
 * @MD_CLIENT_ERROR_SERVER: the service failed (5xx)
 * @MD_CLIENT_ERROR_NETWORK: the service could not be reached or the connection dropped
 * @MD_CLIENT_ERROR_BAD_RESPONSE: the answer was not what the API promises
 *
 * Codes the UI can act on: each maps to one thing to tell the user.
 */
typedef enum
{
  MD_CLIENT_ERROR_UNAUTHORIZED,
  MD_CLIENT_ERROR_FORBIDDEN,
  MD_CLIENT_ERROR_NOT_FOUND,
  MD_CLIENT_ERROR_INVALID_PARAMETERS,
  MD_CLIENT_ERROR_RATE_LIMITED,
  MD_CLIENT_ERROR_SERVER,
  MD_CLIENT_ERROR_NETWORK,
  MD_CLIENT_ERROR_BAD_RESPONSE,
} MdClientError;

GQuark        md_client_error_quark            (void);
MdClientError md_client_error_code_for_status  (guint        status);
char         *md_client_error_parse_messages   (GBytes      *body,
                                                char       **out_type);
GError       *md_client_error_new_for_response (guint        status,
                                                GBytes      *body);

G_END_DECLS
