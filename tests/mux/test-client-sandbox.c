/* test-client-sandbox.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "md-client-test-util.h"

/* Every call against the real muxdesk-sandbox over HTTP on 127.0.0.1. */

static MdTestSandbox *sandbox;

#define CALL(call_expr) \
  ({ MdTestCall _c = { NULL }; \
     MdTestCall *call = &_c; \
     call_expr; \
     md_test_call_wait (call); \
     call->result; })

static void
test_whoami (void)
{
  g_autoptr(MdClient) client = md_test_client_new (sandbox);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(MdWhoami) whoami = NULL;

  result = CALL (md_client_whoami_async (client, NULL, md_test_call_done, call));
  whoami = md_client_whoami_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (md_whoami_get_environment_name (whoami));
  g_assert_true (md_whoami_has_permission (whoami, "video:read"));
}

static void
test_wrong_secret (void)
{
  g_autoptr(MdClient) client = md_client_new (md_test_sandbox_get_token_id (sandbox), "not-the-secret");
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(MdWhoami) whoami = NULL;

  md_client_set_api_url (client, md_test_sandbox_get_api_url (sandbox));
  result = CALL (md_client_whoami_async (client, NULL, md_test_call_done, call));
  whoami = md_client_whoami_finish (client, result, &error);
  g_assert_null (whoami);
  g_assert_error (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_UNAUTHORIZED);
  /* The sandbox's own message is shown, never the secret. */
  g_assert_nonnull (strstr (error->message, "(HTTP 401)"));
  g_assert_null (strstr (error->message, "not-the-secret"));
  g_assert_null (strstr (error->message, md_test_sandbox_get_token_secret (sandbox)));
}

static void
test_unreachable (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(MdClient) client = md_test_client_new (sandbox);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(MdWhoami) whoami = NULL;
  g_autofree char *url = NULL;

  /* A port bound (so nobody else takes it) but not listening: refused. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  url = g_strdup_printf ("http://127.0.0.1:%u",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  md_client_set_api_url (client, url);
  g_object_set (client, "max-attempts", 3, NULL);
  result = CALL (md_client_whoami_async (client, NULL, md_test_call_done, call));
  whoami = md_client_whoami_finish (client, result, &error);
  g_assert_null (whoami);
  g_assert_error (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_NETWORK);
}

static void
test_cancelled (void)
{
  g_autoptr(MdClient) client = md_test_client_new (sandbox);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(MdWhoami) whoami = NULL;

  g_cancellable_cancel (cancellable);
  result = CALL (md_client_whoami_async (client, cancellable, md_test_call_done, call));
  whoami = md_client_whoami_finish (client, result, &error);
  g_assert_null (whoami);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  sandbox = md_test_sandbox_start (NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/client-sandbox/whoami", test_whoami);
  g_test_add_func ("/client-sandbox/errors/wrong-secret", test_wrong_secret);
  g_test_add_func ("/client-sandbox/errors/unreachable", test_unreachable);
  g_test_add_func ("/client-sandbox/cancelled", test_cancelled);

  ret = g_test_run ();
  md_test_sandbox_stop (sandbox);
  return ret;
}
