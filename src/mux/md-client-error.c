/* md-client-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-client-error"

#include "config.h"

#include "md-client-error.h"

G_DEFINE_QUARK (md-client-error-quark, md_client_error)

/**
 * md_client_error_code_for_status:
 * @status: an HTTP status code of a failed request (>= 400)
 *
 * Returns: the #MdClientError code a failed HTTP status stands for
 */
MdClientError
md_client_error_code_for_status (guint status)
{
  switch (status)
    {
    case 401:
      return MD_CLIENT_ERROR_UNAUTHORIZED;
    case 403:
      return MD_CLIENT_ERROR_FORBIDDEN;
    case 404:
    case 410:
      return MD_CLIENT_ERROR_NOT_FOUND;
    case 400:
    case 409:
    case 413:
    case 422:
      return MD_CLIENT_ERROR_INVALID_PARAMETERS;
    case 429:
      return MD_CLIENT_ERROR_RATE_LIMITED;
    default:
      break;
    }

  if (status >= 500 && status < 600)
    return MD_CLIENT_ERROR_SERVER;

  /* 408 and anything unexpected: the exchange did not complete as HTTP promises. */
  if (status == 408)
    return MD_CLIENT_ERROR_NETWORK;

  return MD_CLIENT_ERROR_BAD_RESPONSE;
}
