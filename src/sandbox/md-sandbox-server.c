/* md-sandbox-server.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-sandbox-server"

#include "config.h"

#include <string.h>

#include "md-sandbox-server.h"
#include "md-sandbox-tokens.h"

#define REQUEST_LOG_MAX 2000

typedef struct
{
  char                 *method;
  char                **segments;   /* pattern split on '/' */
  MdSandboxRouteFlags   flags;
  MdSandboxBodyStarter  starter;
  MdSandboxHandler      handler;
  gpointer              user_data;
} Route;

typedef struct
{
  MdSandboxHook hook;
  gpointer      user_data;
} Hook;

struct _MdSandboxServer
{
  GObject                 parent_instance;

  SoupServer             *soup;
  MdSandboxState         *state;
  MdSandboxTokens        *tokens;
  char                   *base_url;
  guint                   port;
  guint                   audience;
  gboolean                rate_limit;

  GPtrArray              *routes;       /* Route */
  GArray                 *hooks;        /* Hook */
  GArray                 *early_hooks;  /* Hook */
  GArray                 *reply_hooks;  /* Hook */
  MdSandboxTokenVerifier  verifier;
  gpointer                verifier_data;
  GQueue                  request_log;  /* JsonObject */
};

G_DEFINE_FINAL_TYPE (MdSandboxServer, md_sandbox_server, G_TYPE_OBJECT)

static void
route_free (Route *route)
{
  g_free (route->method);
  g_strfreev (route->segments);
  g_free (route);
}

/* A pattern segment is a literal or "{name}" with an optional literal
 * suffix, e.g. "{playback_id}.m3u8". */
static gboolean
match_segment (const char *pattern,
               const char *value,
               GHashTable *params)
{
  const char *close;
  gsize suffix_len, value_len;

  if (pattern[0] != '{')
    return strcmp (pattern, value) == 0;

  close = strchr (pattern, '}');
  if (close == NULL)
    return FALSE;
  suffix_len = strlen (close + 1);
  value_len = strlen (value);
  if (value_len <= suffix_len || strcmp (value + value_len - suffix_len, close + 1) != 0)
    return FALSE;

  g_hash_table_insert (params,
                       g_strndup (pattern + 1, close - pattern - 1),
                       g_uri_unescape_segment (value, value + value_len - suffix_len, NULL));
  return TRUE;
}

static gboolean
match_route (Route      *route,
             char      **segments,
             GHashTable *params)
{
  guint n = g_strv_length (segments);

  if (g_strv_length (route->segments) != n)
    return FALSE;
  g_hash_table_remove_all (params);
  for (guint i = 0; i < n; i++)
    if (!match_segment (route->segments[i], segments[i], params))
      return FALSE;
  return TRUE;
}

/* Finds the route for @msg; *out_path_known tells a wrong method apart. */
static Route *
find_route (MdSandboxServer   *self,
            SoupServerMessage *msg,
            GHashTable        *params,
            gboolean          *out_path_known)
{
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));
  const char *method = soup_server_message_get_method (msg);
  g_auto(GStrv) segments = g_strsplit (path, "/", -1);

  *out_path_known = FALSE;
  for (guint i = 0; i < self->routes->len; i++)
    {
      Route *route = g_ptr_array_index (self->routes, i);

      if (!match_route (route, segments, params))
        continue;
      *out_path_known = TRUE;
      if (strcmp (route->method, method) == 0)
        return route;
    }
  return NULL;
}

static gboolean
is_loopback_peer (SoupServerMessage *msg)
{
  GSocketAddress *address = soup_server_message_get_remote_address (msg);

  if (!G_IS_INET_SOCKET_ADDRESS (address))
    return FALSE;
  return g_inet_address_get_is_loopback (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address)));
}

static gboolean
run_hooks (MdSandboxServer   *self,
           GArray            *hooks,
           SoupServerMessage *msg)
{
  for (guint i = 0; i < hooks->len; i++)
    {
      Hook *hook = &g_array_index (hooks, Hook, i);

      if (hook->hook (self, msg, hook->user_data))
        return TRUE;
    }
  return FALSE;
}

/* Access rules shared by both phases; answers and returns FALSE if denied. */
static gboolean
admit (MdSandboxServer   *self,
       SoupServerMessage *msg,
       Route             *route)
{
  if ((route->flags & MD_SANDBOX_ROUTE_LOOPBACK) && !is_loopback_peer (msg))
    {
      md_sandbox_reply_error (msg, SOUP_STATUS_FORBIDDEN, "forbidden",
                              "The sandbox admin endpoints answer loopback clients only");
      return FALSE;
    }
  if (route->flags & MD_SANDBOX_ROUTE_AUTH)
    {
      SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
      const MdSandboxToken *token;
      const char *permission;

      token = md_sandbox_tokens_authenticate (self->tokens, soup_message_headers_get_one (headers, "Authorization"));
      if (token == NULL)
        {
          soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                        "WWW-Authenticate", "Basic realm=\"Mux\"");
          md_sandbox_reply_error (msg, SOUP_STATUS_UNAUTHORIZED, "unauthorized",
                                  "Unauthorized request");
          return FALSE;
        }
      g_object_set_data (G_OBJECT (msg), "md-sandbox-token", (gpointer) token);

      permission = md_sandbox_token_required_permission (soup_server_message_get_method (msg),
                                                         g_uri_get_path (soup_server_message_get_uri (msg)));
      if (!md_sandbox_token_allows (token, permission))
        {
          g_autofree char *message = g_strdup_printf ("This access token does not have the %s permission "
                                                      "this request needs", permission);

          md_sandbox_reply_error (msg, SOUP_STATUS_FORBIDDEN, "forbidden", message);
          return FALSE;
        }
    }
  return TRUE;
}

static void
remember_query (SoupServerMessage *msg,
                GHashTable        *query)
{
  if (query != NULL)
    g_object_set_data_full (G_OBJECT (msg), "md-query", g_hash_table_ref (query),
                            (GDestroyNotify) g_hash_table_unref);
}

/* Requests enter the log as soon as their headers arrived, so a client that
 * asks for the log right after an answer always finds its request there;
 * the status is filled in when libsoup is done with it. The admin routes
 * stay out: a test that polls the log would otherwise push out of its
 * window the very requests it waits for. */
static void
log_request (MdSandboxServer   *self,
             SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  GUri *uri = soup_server_message_get_uri (msg);
  JsonObject *entry;

  if (g_object_get_data (G_OBJECT (msg), "md-log-entry") != NULL
      || g_str_has_prefix (g_uri_get_path (uri), "/_sandbox/"))
    return;
  entry = json_object_new ();
  json_object_set_string_member (entry, "method", soup_server_message_get_method (msg));
  json_object_set_string_member (entry, "path", g_uri_get_path (uri));
  json_object_set_string_member (entry, "query", g_uri_get_query (uri));
  json_object_set_int_member (entry, "status", 0);
  json_object_set_string_member (entry, "content_range",
                                 soup_message_headers_get_one (headers, "Content-Range"));
  json_object_set_int_member (entry, "time_us", g_get_real_time ());
  g_object_set_data_full (G_OBJECT (msg), "md-log-entry", json_object_ref (entry),
                          (GDestroyNotify) json_object_unref);

  g_queue_push_tail (&self->request_log, entry);
  while (self->request_log.length > REQUEST_LOG_MAX)
    json_object_unref (g_queue_pop_head (&self->request_log));
}

static void
on_early_request_cb (SoupServer        *soup,
                     SoupServerMessage *msg,
                     const char        *path,
                     GHashTable        *query,
                     gpointer           user_data)
{
  MdSandboxServer *self = MD_SANDBOX_SERVER (user_data);
  g_autoptr(GHashTable) params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gboolean path_known;
  Route *route;

  remember_query (msg, query);
  log_request (self, msg);
  if (run_hooks (self, self->early_hooks, msg))
    return;

  route = find_route (self, msg, params, &path_known);
  if (route == NULL || route->starter == NULL)
    return;
  if (!admit (self, msg, route))
    return;
  route->starter (self, msg, params, route->user_data);
}

static void
on_request_cb (SoupServer        *soup,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  MdSandboxServer *self = MD_SANDBOX_SERVER (user_data);
  g_autoptr(GHashTable) params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gboolean path_known;
  Route *route;

  remember_query (msg, query);
  if (run_hooks (self, self->hooks, msg))
    return;

  route = find_route (self, msg, params, &path_known);
  if (route == NULL)
    {
      if (path_known)
        md_sandbox_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "invalid_request",
                                "Method not allowed");
      else
        md_sandbox_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found",
                                "The requested resource was not found");
      return;
    }
  if (!admit (self, msg, route))
    return;
  route->handler (self, msg, params, route->user_data);
  run_hooks (self, self->reply_hooks, msg);
}

static void
on_request_finished_cb (SoupServer        *soup,
                        SoupServerMessage *msg,
                        gpointer           user_data)
{
  MdSandboxServer *self = MD_SANDBOX_SERVER (user_data);
  JsonObject *entry;

  log_request (self, msg);
  entry = g_object_get_data (G_OBJECT (msg), "md-log-entry");
  if (entry != NULL)
    json_object_set_int_member (entry, "status", soup_server_message_get_status (msg));
}

static void
md_sandbox_server_dispose (GObject *object)
{
  MdSandboxServer *self = MD_SANDBOX_SERVER (object);

  if (self->soup != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->soup, self);
      soup_server_disconnect (self->soup);
    }
  g_clear_object (&self->soup);
  g_clear_object (&self->state);

  G_OBJECT_CLASS (md_sandbox_server_parent_class)->dispose (object);
}

static void
md_sandbox_server_finalize (GObject *object)
{
  MdSandboxServer *self = MD_SANDBOX_SERVER (object);

  g_ptr_array_unref (self->routes);
  g_array_unref (self->hooks);
  g_array_unref (self->early_hooks);
  g_array_unref (self->reply_hooks);
  g_queue_clear_full (&self->request_log, (GDestroyNotify) json_object_unref);
  g_clear_object (&self->tokens);
  g_free (self->base_url);

  G_OBJECT_CLASS (md_sandbox_server_parent_class)->finalize (object);
}

static void
md_sandbox_server_class_init (MdSandboxServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = md_sandbox_server_dispose;
  object_class->finalize = md_sandbox_server_finalize;
}

static void
md_sandbox_server_init (MdSandboxServer *self)
{
  self->routes = g_ptr_array_new_with_free_func ((GDestroyNotify) route_free);
  self->hooks = g_array_new (FALSE, FALSE, sizeof (Hook));
  self->early_hooks = g_array_new (FALSE, FALSE, sizeof (Hook));
  self->reply_hooks = g_array_new (FALSE, FALSE, sizeof (Hook));
  self->rate_limit = TRUE;
  g_queue_init (&self->request_log);
}

MdSandboxServer *
md_sandbox_server_new (MdSandboxState *state,
                       const char     *token_id,
                       const char     *token_secret)
{
  MdSandboxServer *self = g_object_new (MD_TYPE_SANDBOX_SERVER, NULL);

  self->state = g_object_ref (state);
  self->tokens = md_sandbox_tokens_new (token_id, token_secret);
  self->soup = soup_server_new ("server-header", "muxdesk-sandbox ", NULL);
  soup_server_add_early_handler (self->soup, NULL, on_early_request_cb, self, NULL);
  soup_server_add_handler (self->soup, NULL, on_request_cb, self, NULL);
  g_signal_connect (self->soup, "request-finished", G_CALLBACK (on_request_finished_cb), self);
  /* libsoup reports a 500 answer and a dropped connection as aborted, not
   * finished: the log must show those attempts too. */
  g_signal_connect (self->soup, "request-aborted", G_CALLBACK (on_request_finished_cb), self);
  return self;
}

/* Loopback only: the sandbox never listens on a public interface. */
gboolean
md_sandbox_server_listen (MdSandboxServer  *self,
                          guint             port,
                          GError          **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GSList) sockets = NULL;  /* (transfer container) */

  g_return_val_if_fail (MD_IS_SANDBOX_SERVER (self), FALSE);

  if (!soup_server_listen (self->soup, address, 0, error))
    return FALSE;
  /* The port (the system's choice for 0) is read from the listening socket:
   * soup_server_get_uris() makes libsoup 3.2 cache the address in its
   * listener, which never frees it (a leak at exit under LeakSanitizer). */
  sockets = soup_server_get_listeners (self->soup);
  bound = g_socket_get_local_address (sockets->data, error);
  if (bound == NULL)
    return FALSE;
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  self->base_url = g_strdup_printf ("http://127.0.0.1:%u", self->port);
  return TRUE;
}

/* The access tokens: the sandbox's own pair and those made by
 * POST /_sandbox/tokens. */
MdSandboxTokens *
md_sandbox_server_get_tokens (MdSandboxServer *self)
{
  g_return_val_if_fail (MD_IS_SANDBOX_SERVER (self), NULL);
  return self->tokens;
}

/**
 * md_sandbox_request_get_token:
 *
 * Returns: (transfer none) (nullable): the access token an API request
 *   was authenticated with, %NULL for routes without auth
 */
const MdSandboxToken *
md_sandbox_request_get_token (SoupServerMessage *msg)
{
  return g_object_get_data (G_OBJECT (msg), "md-sandbox-token");
}

SoupServer *
md_sandbox_server_get_soup_server (MdSandboxServer *self)
{
  g_return_val_if_fail (MD_IS_SANDBOX_SERVER (self), NULL);
  return self->soup;
}

MdSandboxState *
md_sandbox_server_get_state (MdSandboxServer *self)
{
  g_return_val_if_fail (MD_IS_SANDBOX_SERVER (self), NULL);
  return self->state;
}

guint
md_sandbox_server_get_port (MdSandboxServer *self)
{
  g_return_val_if_fail (MD_IS_SANDBOX_SERVER (self), 0);
  return self->port;
}

const char *
md_sandbox_server_get_base_url (MdSandboxServer *self)
{
  g_return_val_if_fail (MD_IS_SANDBOX_SERVER (self), NULL);
  return self->base_url;
}

/* The base URL followed by the formatted path, e.g. "/stream/%s.m3u8". */
char *
md_sandbox_server_build_url (MdSandboxServer *self,
                             const char      *format,
                             ...)
{
  g_autofree char *path = NULL;
  va_list args;

  va_start (args, format);
  path = g_strdup_vprintf (format, args);
  va_end (args);
  return g_strconcat (self->base_url, path, NULL);
}

void
md_sandbox_server_set_audience (MdSandboxServer *self,
                                guint            audience)
{
  self->audience = audience;
}

guint
md_sandbox_server_get_audience (MdSandboxServer *self)
{
  return self->audience;
}

void
md_sandbox_server_set_rate_limit (MdSandboxServer *self,
                                  gboolean         enabled)
{
  self->rate_limit = enabled;
}

gboolean
md_sandbox_server_get_rate_limit (MdSandboxServer *self)
{
  return self->rate_limit;
}

void
md_sandbox_server_add_streaming_route (MdSandboxServer      *self,
                                       const char           *method,
                                       const char           *pattern,
                                       MdSandboxRouteFlags   flags,
                                       MdSandboxBodyStarter  starter,
                                       MdSandboxHandler      handler,
                                       gpointer              user_data)
{
  Route *route = g_new0 (Route, 1);

  g_return_if_fail (MD_IS_SANDBOX_SERVER (self));
  g_return_if_fail (pattern != NULL && pattern[0] == '/');

  route->method = g_strdup (method);
  route->segments = g_strsplit (pattern, "/", -1);
  route->flags = flags;
  route->starter = starter;
  route->handler = handler;
  route->user_data = user_data;
  g_ptr_array_add (self->routes, route);
}

/* @pattern: "/video/v1/assets/{asset_id}"; a segment may be "{name}.ext". */
void
md_sandbox_server_add_route (MdSandboxServer     *self,
                             const char          *method,
                             const char          *pattern,
                             MdSandboxRouteFlags  flags,
                             MdSandboxHandler     handler,
                             gpointer             user_data)
{
  md_sandbox_server_add_streaming_route (self, method, pattern, flags, NULL, handler, user_data);
}

void
md_sandbox_server_add_hook (MdSandboxServer *self,
                            MdSandboxHook    hook,
                            gpointer         user_data)
{
  Hook entry = { hook, user_data };

  g_array_append_val (self->hooks, entry);
}

/* Early hooks run when a request's headers arrived, before its body is
 * read (e.g. to stall or reset an upload chunk). Answering stops it. */
void
md_sandbox_server_add_early_hook (MdSandboxServer *self,
                                  MdSandboxHook    hook,
                                  gpointer         user_data)
{
  Hook entry = { hook, user_data };

  g_array_append_val (self->early_hooks, entry);
}

/* Reply hooks run after a route's handler returned, with its reply set
 * (unless the handler paused the message): they may rewrite, delay or pace
 * it (playlist sessions, slow-link faults). */
void
md_sandbox_server_add_reply_hook (MdSandboxServer *self,
                                  MdSandboxHook    hook,
                                  gpointer         user_data)
{
  Hook entry = { hook, user_data };

  g_array_append_val (self->reply_hooks, entry);
}

void
md_sandbox_server_set_token_verifier (MdSandboxServer        *self,
                                      MdSandboxTokenVerifier  verifier,
                                      gpointer                user_data)
{
  self->verifier = verifier;
  self->verifier_data = user_data;
}

JsonObject *
md_sandbox_server_open_playback (MdSandboxServer   *self,
                                 SoupServerMessage *msg,
                                 const char        *playback_id,
                                 const char        *aud)
{
  const char *policy = NULL;
  const char *token = md_sandbox_query_get (msg, "token");
  JsonObject *record;
  gboolean allowed;

  record = md_sandbox_state_lookup_playback_id (self->state, playback_id, NULL, &policy);
  if (record == NULL)
    {
      md_sandbox_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found",
                              "Playback ID not found");
      return NULL;
    }
  if (g_strcmp0 (policy, "signed") != 0)
    return record;

  if (token == NULL || token[0] == '\0')
    allowed = FALSE;
  else if (self->verifier != NULL)
    allowed = self->verifier (self, playback_id, aud, token, self->verifier_data);
  else
    allowed = TRUE;

  if (!allowed)
    {
      md_sandbox_reply_error (msg, SOUP_STATUS_FORBIDDEN, "forbidden",
                              "This playback ID is signed and needs a valid token");
      return NULL;
    }
  return record;
}

JsonNode *
md_sandbox_server_dup_request_log (MdSandboxServer *self)
{
  JsonArray *array = json_array_sized_new (self->request_log.length);
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (GList *l = self->request_log.head; l != NULL; l = l->next)
    json_array_add_object_element (array, json_object_ref (l->data));
  json_node_take_array (node, array);
  return node;
}

void
md_sandbox_server_clear_request_log (MdSandboxServer *self)
{
  g_queue_clear_full (&self->request_log, (GDestroyNotify) json_object_unref);
  g_queue_init (&self->request_log);
}

void
md_sandbox_reply_node (SoupServerMessage *msg,
                       guint              status,
                       JsonNode          *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  char *text;
  gsize length;

  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json; charset=utf-8",
                                    SOUP_MEMORY_TAKE, text, length);
  json_node_unref (root);
}

void
md_sandbox_reply_json (SoupServerMessage *msg,
                       guint              status,
                       JsonNode          *data)
{
  JsonObject *envelope = json_object_new ();
  JsonNode *root = json_node_new (JSON_NODE_OBJECT);

  json_object_set_member (envelope, "data", data);
  json_node_take_object (root, envelope);
  md_sandbox_reply_node (msg, status, root);
}

void
md_sandbox_reply_error (SoupServerMessage *msg,
                        guint              status,
                        const char        *type,
                        const char        *message)
{
  JsonObject *error = json_object_new ();
  JsonObject *envelope = json_object_new ();
  JsonArray *messages = json_array_new ();
  JsonNode *root = json_node_new (JSON_NODE_OBJECT);

  json_array_add_string_element (messages, message);
  json_object_set_string_member (error, "type", type);
  json_object_set_array_member (error, "messages", messages);
  json_object_set_object_member (envelope, "error", error);
  json_node_take_object (root, envelope);
  md_sandbox_reply_node (msg, status, root);
}

void
md_sandbox_reply_empty (SoupServerMessage *msg,
                        guint              status)
{
  soup_server_message_set_status (msg, status, NULL);
}

void
md_sandbox_reply_bytes (SoupServerMessage *msg,
                        guint              status,
                        const char        *content_type,
                        GBytes            *bytes)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Content-Type", content_type);
  soup_message_body_append_bytes (soup_server_message_get_response_body (msg), bytes);
}

void
md_sandbox_reply_file (SoupServerMessage *msg,
                       const char        *path,
                       const char        *content_type)
{
  g_autoptr(GMappedFile) file = g_mapped_file_new (path, FALSE, NULL);
  g_autoptr(GBytes) bytes = NULL;

  if (file == NULL)
    {
      md_sandbox_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "File not found");
      return;
    }
  bytes = g_mapped_file_get_bytes (file);
  md_sandbox_reply_bytes (msg, SOUP_STATUS_OK, content_type, bytes);
}

/* Parses the request body as a JSON object; answers 400 and returns NULL
 * otherwise. An empty body counts as {}. */
JsonObject *
md_sandbox_parse_body_object (SoupServerMessage  *msg,
                              JsonNode          **out_root)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  if (g_bytes_get_size (bytes) == 0)
    {
      root = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (root, json_object_new ());
    }
  else if (!json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                        g_bytes_get_size (bytes), &error))
    {
      g_autofree char *message = g_strdup_printf ("Invalid JSON body: %s", error->message);

      md_sandbox_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_parameters", message);
      return NULL;
    }
  else
    root = json_node_ref (json_parser_get_root (parser));

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      json_node_unref (root);
      md_sandbox_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_parameters",
                              "The request body must be a JSON object");
      return NULL;
    }
  *out_root = root;
  return json_node_get_object (root);
}

const char *
md_sandbox_query_get (SoupServerMessage *msg,
                      const char        *name)
{
  GHashTable *query = g_object_get_data (G_OBJECT (msg), "md-query");

  if (query == NULL)
    return NULL;
  return g_hash_table_lookup (query, name);
}
