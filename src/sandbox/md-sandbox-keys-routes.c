/* md-sandbox-keys-routes.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * /system/v1/signing-keys: create (201, the private key in this reply
 * only), list (page/limit), get, delete (204). Signed playback on the
 * stream and image hosts is checked against the same keys.
 */

#define G_LOG_DOMAIN "md-sandbox-keys-routes"

#include "config.h"

#include "md-sandbox-keys-routes.h"
#include "md-sandbox-jwt.h"

static gboolean
parse_positive (const char *text,
                guint       fallback,
                guint       max,
                guint      *out_value)
{
  guint64 value;

  if (text == NULL)
    {
      *out_value = fallback;
      return TRUE;
    }
  if (!g_ascii_string_to_unsigned (text, 10, 1, max, &value, NULL))
    return FALSE;
  *out_value = value;
  return TRUE;
}

static void
on_key_created_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(SoupServerMessage) msg = user_data;
  g_autoptr(GError) error = NULL;
  JsonNode *key;

  key = md_sandbox_signing_keys_create_finish (MD_SANDBOX_SIGNING_KEYS (source), result, &error);
  if (key == NULL)
    md_sandbox_reply_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error", error->message);
  else
    md_sandbox_reply_json (msg, SOUP_STATUS_CREATED, key);
  soup_server_message_unpause (msg);
}

static void
handle_create (MdSandboxServer   *server,
               SoupServerMessage *msg,
               GHashTable        *params,
               gpointer           user_data)
{
  /* RSA generation takes a moment: done in a worker, the reply waits. */
  soup_server_message_pause (msg);
  md_sandbox_signing_keys_create_async (user_data, NULL, on_key_created_cb, g_object_ref (msg));
}

static void
handle_list (MdSandboxServer   *server,
             SoupServerMessage *msg,
             GHashTable        *params,
             gpointer           user_data)
{
  guint page, limit;

  if (!parse_positive (md_sandbox_query_get (msg, "page"), 1, G_MAXINT, &page)
      || !parse_positive (md_sandbox_query_get (msg, "limit"), 25, 100, &limit))
    {
      md_sandbox_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_parameters",
                              "page must be a positive number and limit between 1 and 100");
      return;
    }
  md_sandbox_reply_json (msg, SOUP_STATUS_OK, md_sandbox_signing_keys_list (user_data, page, limit));
}

static void
handle_get (MdSandboxServer   *server,
            SoupServerMessage *msg,
            GHashTable        *params,
            gpointer           user_data)
{
  JsonNode *key = md_sandbox_signing_keys_get (user_data, g_hash_table_lookup (params, "key_id"));

  if (key == NULL)
    md_sandbox_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "Signing key not found");
  else
    md_sandbox_reply_json (msg, SOUP_STATUS_OK, key);
}

static void
handle_delete (MdSandboxServer   *server,
               SoupServerMessage *msg,
               GHashTable        *params,
               gpointer           user_data)
{
  g_autoptr(GError) error = NULL;

  if (md_sandbox_signing_keys_delete (user_data, g_hash_table_lookup (params, "key_id"), &error))
    md_sandbox_reply_empty (msg, SOUP_STATUS_NO_CONTENT);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    md_sandbox_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "Signing key not found");
  else
    md_sandbox_reply_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error", error->message);
}

/* The server's MdSandboxTokenVerifier: an RS256 token of one of our keys
 * with aud @aud (v, t, s, g), sub the playback id, not expired. */
static gboolean
verify_playback_token (MdSandboxServer *server,
                       const char      *playback_id,
                       const char      *aud,
                       const char      *token,
                       gpointer         user_data)
{
  const char *const audiences[] = { aud, NULL };
  g_autoptr(MdSandboxJwtClaims) claims = NULL;
  g_autoptr(GError) error = NULL;

  claims = md_sandbox_jwt_verify (token, md_sandbox_signing_keys_lookup_cb, user_data,
                                  audiences, playback_id,
                                  g_get_real_time () / G_USEC_PER_SEC, &error);
  if (claims == NULL)
    g_debug ("Refused a playback token for %s: %s", playback_id, error->message);
  return claims != NULL;
}

void
md_sandbox_keys_routes_register (MdSandboxServer      *server,
                                 MdSandboxSigningKeys *keys)
{
  md_sandbox_server_add_route (server, "POST", "/system/v1/signing-keys",
                               MD_SANDBOX_ROUTE_AUTH, handle_create, keys);
  md_sandbox_server_add_route (server, "GET", "/system/v1/signing-keys",
                               MD_SANDBOX_ROUTE_AUTH, handle_list, keys);
  md_sandbox_server_add_route (server, "GET", "/system/v1/signing-keys/{key_id}",
                               MD_SANDBOX_ROUTE_AUTH, handle_get, keys);
  md_sandbox_server_add_route (server, "DELETE", "/system/v1/signing-keys/{key_id}",
                               MD_SANDBOX_ROUTE_AUTH, handle_delete, keys);
  md_sandbox_server_set_token_verifier (server, verify_playback_token, keys);
}
