/* md-sandbox-admin.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-sandbox-admin"

#include "config.h"

#include "md-sandbox-admin.h"

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

void
md_sandbox_admin_register (MdSandboxServer *server)
{
  md_sandbox_server_add_route (server, "GET", "/_sandbox/requests",
                               MD_SANDBOX_ROUTE_LOOPBACK, handle_requests_get, NULL);
  md_sandbox_server_add_route (server, "DELETE", "/_sandbox/requests",
                               MD_SANDBOX_ROUTE_LOOPBACK, handle_requests_delete, NULL);
}
