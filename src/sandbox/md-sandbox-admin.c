/* md-sandbox-admin.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-sandbox-admin"

#include "config.h"

#include "md-sandbox-admin.h"
#include "md-sandbox-seed.h"

#define MAX_RECORDS 200000

typedef struct
{
  MdSandboxServer    *server;
  SoupServerMessage  *msg;
  guint               count;
  MdSandboxMediaInfo  info;
} RecordsJob;

static void
handle_requests_get (MdSandboxServer   *server,
                     SoupServerMessage *msg,
                     GHashTable        *params,
                     gpointer           user_data)
{
  md_sandbox_reply_json (msg, SOUP_STATUS_OK, md_sandbox_server_dup_request_log (server));
}

static void
handle_requests_delete (MdSandboxServer   *server,
                        SoupServerMessage *msg,
                        GHashTable        *params,
                        gpointer           user_data)
{
  md_sandbox_server_clear_request_log (server);
  md_sandbox_reply_empty (msg, SOUP_STATUS_NO_CONTENT);
}

static void
records_job_free (RecordsJob *job)
{
  g_clear_object (&job->server);
  g_clear_object (&job->msg);
  md_sandbox_media_info_clear (&job->info);
  g_free (job);
}

static void
make_shared_media_in_thread (GTask        *task,
                             gpointer      source_object,
                             gpointer      task_data,
                             GCancellable *cancellable)
{
  RecordsJob *job = task_data;
  GError *error = NULL;

  if (md_sandbox_seed_ensure_shared_media (md_sandbox_server_get_state (job->server), &job->info, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_shared_media_ready_cb (GObject      *source_object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  RecordsJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    md_sandbox_reply_error (job->msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error", error->message);
  else
    {
      JsonObject *data = json_object_new ();
      JsonNode *node = json_node_new (JSON_NODE_OBJECT);
      MdSandboxState *state = md_sandbox_server_get_state (job->server);

      md_sandbox_seed_add_records (state, &job->info, job->count);
      json_object_set_int_member (data, "created", job->count);
      json_object_set_int_member (data, "total_assets",
                                  md_sandbox_collection_get_n_items (md_sandbox_state_get_collection (state, MD_SANDBOX_ASSETS)));
      json_node_take_object (node, data);
      md_sandbox_reply_json (job->msg, SOUP_STATUS_CREATED, node);
    }
  soup_server_message_unpause (job->msg);
}

static void
handle_records_create (MdSandboxServer   *server,
                       SoupServerMessage *msg,
                       GHashTable        *params,
                       gpointer           user_data)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GTask) task = NULL;
  JsonObject *body;
  JsonNode *assets;
  RecordsJob *job;
  gint64 count;

  if ((body = md_sandbox_parse_body_object (msg, &root)) == NULL)
    return;
  assets = json_object_get_member (body, "assets");
  if (assets == NULL || !JSON_NODE_HOLDS_VALUE (assets) ||
      json_node_get_value_type (assets) != G_TYPE_INT64 ||
      (count = json_node_get_int (assets)) < 1 || count > MAX_RECORDS)
    {
      md_sandbox_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_parameters",
                              "assets must be an integer between 1 and 200000");
      return;
    }

  job = g_new0 (RecordsJob, 1);
  job->server = g_object_ref (server);
  job->msg = g_object_ref (msg);
  job->count = (guint) count;
  soup_server_message_pause (msg);
  task = g_task_new (NULL, NULL, on_shared_media_ready_cb, NULL);
  g_task_set_source_tag (task, handle_records_create);
  g_task_set_task_data (task, job, (GDestroyNotify) records_job_free);
  g_task_run_in_thread (task, make_shared_media_in_thread);
}

/* {"advance_seconds": N}: moves the sandbox's clock forward, for timeouts. */
static void
handle_clock (MdSandboxServer   *server,
              SoupServerMessage *msg,
              GHashTable        *params,
              gpointer           user_data)
{
  MdSandboxState *state = md_sandbox_server_get_state (server);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *body, *data;
  JsonNode *seconds, *node;

  if ((body = md_sandbox_parse_body_object (msg, &root)) == NULL)
    return;
  seconds = json_object_get_member (body, "advance_seconds");
  if (seconds == NULL || !JSON_NODE_HOLDS_VALUE (seconds) ||
      json_node_get_value_type (seconds) != G_TYPE_INT64 || json_node_get_int (seconds) < 0)
    {
      md_sandbox_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_parameters",
                              "advance_seconds must be a non-negative integer");
      return;
    }
  md_sandbox_state_advance_clock (state, json_node_get_int (seconds));
  data = json_object_new ();
  json_object_set_int_member (data, "now", md_sandbox_state_get_now (state) / G_USEC_PER_SEC);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, data);
  md_sandbox_reply_json (msg, SOUP_STATUS_OK, node);
}

/* {"permissions":["video:read",…],"name":…}: another access token with
 * just these permissions, for tests of what a restricted token sees. */
static void
handle_tokens_create (MdSandboxServer   *server,
                      SoupServerMessage *msg,
                      GHashTable        *params,
                      gpointer           user_data)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) permissions = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = NULL;
  const MdSandboxToken *token;
  JsonObject *body, *data;
  JsonNode *list, *name, *node;
  JsonArray *granted;

  if ((body = md_sandbox_parse_body_object (msg, &root)) == NULL)
    return;
  list = json_object_get_member (body, "permissions");
  name = json_object_get_member (body, "name");
  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list) ||
      (name != NULL && (!JSON_NODE_HOLDS_VALUE (name) || json_node_get_value_type (name) != G_TYPE_STRING)))
    {
      md_sandbox_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_parameters",
                              "permissions must be an array of strings; name, if given, a string");
      return;
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (list)); i++)
    {
      JsonNode *element = json_array_get_element (json_node_get_array (list), i);

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        {
          md_sandbox_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_parameters",
                                  "permissions must be an array of strings");
          return;
        }
      g_ptr_array_add (permissions, (gpointer) json_node_get_string (element));
    }
  g_ptr_array_add (permissions, NULL);

  token = md_sandbox_tokens_create (md_sandbox_server_get_tokens (server),
                                    name ? json_node_get_string (name) : NULL,
                                    (const char * const *) permissions->pdata, &secret, &error);
  if (token == NULL)
    {
      md_sandbox_reply_error (msg, g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT)
                                   ? SOUP_STATUS_BAD_REQUEST : SOUP_STATUS_INTERNAL_SERVER_ERROR,
                              "invalid_parameters", error->message);
      return;
    }

  data = json_object_new ();
  json_object_set_string_member (data, "token_id", token->id);
  json_object_set_string_member (data, "token_secret", secret);
  json_object_set_string_member (data, "name", token->name);
  granted = json_array_new ();
  for (guint i = 0; token->permissions[i] != NULL; i++)
    json_array_add_string_element (granted, token->permissions[i]);
  json_object_set_array_member (data, "permissions", granted);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, data);
  md_sandbox_reply_json (msg, SOUP_STATUS_CREATED, node);
}

void
md_sandbox_admin_register (MdSandboxServer *server)
{
  md_sandbox_server_add_route (server, "POST", "/_sandbox/tokens",
                               MD_SANDBOX_ROUTE_LOOPBACK, handle_tokens_create, NULL);
  md_sandbox_server_add_route (server, "POST", "/_sandbox/clock",
                               MD_SANDBOX_ROUTE_LOOPBACK, handle_clock, NULL);
  md_sandbox_server_add_route (server, "POST", "/_sandbox/records",
                               MD_SANDBOX_ROUTE_LOOPBACK, handle_records_create, NULL);
  md_sandbox_server_add_route (server, "GET", "/_sandbox/requests",
                               MD_SANDBOX_ROUTE_LOOPBACK, handle_requests_get, NULL);
  md_sandbox_server_add_route (server, "DELETE", "/_sandbox/requests",
                               MD_SANDBOX_ROUTE_LOOPBACK, handle_requests_delete, NULL);
}
