/* md-client-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "md-client-test-util.h"
#include "md-test-utils.h"

void
md_test_call_done (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  MdTestCall *call = user_data;

  g_assert_null (call->result);
  call->result = g_object_ref (result);
}

static gboolean
has_result (gpointer user_data)
{
  MdTestCall *call = user_data;

  return call->result != NULL;
}

GAsyncResult *
md_test_call_wait (MdTestCall *call)
{
  g_assert_true (md_test_wait_until (has_result, call, 60000));
  return call->result;
}

void
md_test_call_clear (MdTestCall *call)
{
  g_clear_object (&call->result);
}

/* A client for the sandbox, with retry delays scaled down through the
 * documented properties so retry tests stay quick. */
MdClient *
md_test_client_new (MdTestSandbox *sandbox)
{
  MdClient *client = md_client_new (md_test_sandbox_get_token_id (sandbox),
                                    md_test_sandbox_get_token_secret (sandbox));

  md_client_set_api_url (client, md_test_sandbox_get_api_url (sandbox));
  md_client_set_stream_url (client, md_test_sandbox_get_stream_url (sandbox));
  md_client_set_image_url (client, md_test_sandbox_get_image_url (sandbox));
  md_client_set_stats_url (client, md_test_sandbox_get_stats_url (sandbox));
  g_object_set (client,
                "retry-min-delay", 20,
                "retry-max-delay", 200,
                NULL);
  return client;
}
