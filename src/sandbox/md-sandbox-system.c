/* md-sandbox-system.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-sandbox-system"

#include "config.h"

#include "md-sandbox-system.h"

static void
handle_whoami (MdSandboxServer   *server,
               SoupServerMessage *msg,
               GHashTable        *params,
               gpointer           user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const MdSandboxToken *token = md_sandbox_request_get_token (msg);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "access_token_name");
  json_builder_add_string_value (builder, token->name);
  json_builder_set_member_name (builder, "environment_id");
  json_builder_add_string_value (builder,
                                 md_sandbox_tokens_get_environment_id (md_sandbox_server_get_tokens (server)));
  json_builder_set_member_name (builder, "environment_name");
  json_builder_add_string_value (builder, "Sandbox");
  json_builder_set_member_name (builder, "environment_type");
  json_builder_add_string_value (builder, "development");
  json_builder_set_member_name (builder, "organization_id");
  json_builder_add_string_value (builder, "sandbox-org");
  json_builder_set_member_name (builder, "organization_name");
  json_builder_add_string_value (builder, "Muxdesk sandbox");
  json_builder_set_member_name (builder, "permissions");
  json_builder_begin_array (builder);
  for (guint i = 0; token->permissions[i] != NULL; i++)
    json_builder_add_string_value (builder, token->permissions[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  md_sandbox_reply_json (msg, SOUP_STATUS_OK, json_builder_get_root (builder));
}

void
md_sandbox_system_register (MdSandboxServer *server)
{
  md_sandbox_server_add_route (server, "GET", "/system/v1/whoami",
                               MD_SANDBOX_ROUTE_AUTH, handle_whoami, NULL);
}
