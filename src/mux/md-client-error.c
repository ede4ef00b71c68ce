/* md-client-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-client-error"

#include "config.h"

#include <glib/gi18n.h>

#include "md-client-error.h"

#include "md-json-private.h"

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

static void
append_messages (GString   *joined,
                 JsonArray *messages)
{
  guint n = json_array_get_length (messages);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (messages, i);
      const char *text;

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        continue;

      text = json_node_get_string (element);
      if (text[0] == '\0')
        continue;
      if (joined->len > 0)
        g_string_append_c (joined, ' ');
      g_string_append (joined, text);
    }
}

/**
 * md_client_error_parse_messages:
 * @body: (nullable): the body of a failed answer
 * @out_type: (out) (optional) (nullable): Mux's error type, e.g. "not_found"
 *
 * Reads Mux's error bodies: `{"error":{"type","messages":[…]}}` and the
 * 429 shape `{"errors":[…]}`. Anything else yields %NULL; never fails.
 *
 * Returns: (transfer full) (nullable): the messages joined by spaces
 */
char *
md_client_error_parse_messages (GBytes  *body,
                                char   **out_type)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GString) joined = g_string_new (NULL);
  JsonObject *object;
  JsonNode *node;

  if (out_type != NULL)
    *out_type = NULL;

  if (body == NULL || g_bytes_get_size (body) == 0)
    return NULL;

  root = _md_json_parse_bytes (body, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  object = json_node_get_object (root);

  node = json_object_get_member (object, "error");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *error = json_node_get_object (node);
      JsonNode *type = json_object_get_member (error, "type");
      JsonNode *messages = json_object_get_member (error, "messages");
      JsonNode *message = json_object_get_member (error, "message");

      if (out_type != NULL && type != NULL && JSON_NODE_HOLDS_VALUE (type) &&
          json_node_get_value_type (type) == G_TYPE_STRING)
        *out_type = g_strdup (json_node_get_string (type));

      if (messages != NULL && JSON_NODE_HOLDS_ARRAY (messages))
        append_messages (joined, json_node_get_array (messages));
      else if (message != NULL && JSON_NODE_HOLDS_VALUE (message) &&
               json_node_get_value_type (message) == G_TYPE_STRING)
        g_string_append (joined, json_node_get_string (message));
    }

  node = json_object_get_member (object, "errors");
  if (joined->len == 0 && node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    append_messages (joined, json_node_get_array (node));

  if (joined->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&joined), FALSE);
}

static const char *
fallback_message (MdClientError code)
{
  switch (code)
    {
    case MD_CLIENT_ERROR_UNAUTHORIZED:
      return _("The access token was refused. Check the token ID and secret.");
    case MD_CLIENT_ERROR_FORBIDDEN:
      return _("The access token is not allowed to do this. Give it the permission in the Mux dashboard.");
    case MD_CLIENT_ERROR_NOT_FOUND:
      return _("It does not exist (any more).");
    case MD_CLIENT_ERROR_INVALID_PARAMETERS:
      return _("Mux refused the request as invalid.");
    case MD_CLIENT_ERROR_RATE_LIMITED:
      return _("Too many requests. Try again in a moment.");
    case MD_CLIENT_ERROR_SERVER:
      return _("Mux is having trouble. Try again later.");
    case MD_CLIENT_ERROR_NETWORK:
      return _("The connection to Mux failed. Check the network and try again.");
    case MD_CLIENT_ERROR_BAD_RESPONSE:
    default:
      return _("Mux sent an answer Muxdesk does not understand.");
    }
}

/**
 * md_client_error_new_for_response:
 * @status: the HTTP status of a failed answer (>= 400)
 * @body: (nullable): its body
 *
 * Returns: (transfer full): an error in %MD_CLIENT_ERROR whose message is
 *   Mux's own when the body has one, else a sentence saying what to do
 */
GError *
md_client_error_new_for_response (guint   status,
                                  GBytes *body)
{
  MdClientError code = md_client_error_code_for_status (status);
  g_autofree char *messages = md_client_error_parse_messages (body, NULL);

  if (messages != NULL)
    return g_error_new (MD_CLIENT_ERROR, code, "%s (HTTP %u)", messages, status);

  return g_error_new (MD_CLIENT_ERROR, code, "%s (HTTP %u)", fallback_message (code), status);
}
