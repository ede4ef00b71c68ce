/* test-client-sandbox.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <string.h>

#include "md-client-test-util.h"
#include "md-test-utils.h"

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
  g_assert_cmpstr (error->message, ==, "Unauthorized request (HTTP 401)");
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

static void
add_fault (const char *json)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (md_test_sandbox_admin (sandbox, "POST", "/_sandbox/faults", json, NULL, &error));
  g_assert_no_error (error);
}

static void
clear_faults_and_log (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (md_test_sandbox_admin (sandbox, "DELETE", "/_sandbox/faults", NULL, NULL, &error));
  g_assert_no_error (error);
  md_test_sandbox_clear_request_log (sandbox);
}

static JsonArray *
active_rules (JsonNode **out_reply)
{
  g_autoptr(GError) error = NULL;
  JsonNode *data;

  g_assert_true (md_test_sandbox_admin (sandbox, "GET", "/_sandbox/faults", NULL, out_reply, &error));
  g_assert_no_error (error);
  data = json_object_get_member (json_node_get_object (*out_reply), "data");
  return json_node_get_array (data);
}

/* A rule with a count leaves the list once it has fired that often. */
static guint
n_active_rules (void)
{
  g_autoptr(JsonNode) reply = NULL;

  return json_array_get_length (active_rules (&reply));
}

/* How many requests the active fault rules have hit. */
static gint64
faults_fired (void)
{
  g_autoptr(JsonNode) reply = NULL;
  JsonArray *rules = active_rules (&reply);
  gint64 fired = 0;

  for (guint i = 0; i < json_array_get_length (rules); i++)
    fired += json_object_get_int_member (json_array_get_object_element (rules, i), "fired");

  return fired;
}

/* Requests the sandbox logged with @path and @status (0: any status). */
static guint
logged (const char *path,
        guint       status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = NULL;
  JsonArray *entries;
  guint n = 0;

  g_assert_true (md_test_sandbox_admin (sandbox, "GET", "/_sandbox/requests", NULL, &reply, &error));
  g_assert_no_error (error);
  entries = json_object_get_array_member (json_node_get_object (reply), "data");
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);

      if (g_strcmp0 (json_object_get_string_member (entry, "path"), path) == 0 &&
          (status == 0 || json_object_get_int_member (entry, "status") == status))
        n++;
    }

  return n;
}

static MdWhoami *
whoami_sync (MdClient  *client,
             GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  result = CALL (md_client_whoami_async (client, NULL, md_test_call_done, call));
  return md_client_whoami_finish (client, result, error);
}

/* A gateway's and the service's own refusals are passing trouble: 502, 503
 * and 504 alike are tried again, and the third try succeeds. */
static void
test_retry_5xx_then_success (void)
{
  static const guint statuses[] = { 502, 503, 504 };

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autoptr(MdClient) client = md_test_client_new (sandbox);
      g_autoptr(GError) error = NULL;
      g_autoptr(MdWhoami) whoami = NULL;
      g_autofree char *fault = g_strdup_printf ("{\"match\":\"path\",\"path\":\"/system/v1/whoami\","
                                                "\"action\":\"status\",\"status\":%u,\"count\":2}",
                                                statuses[i]);

      g_test_message ("status %u", statuses[i]);
      clear_faults_and_log ();
      add_fault (fault);
      whoami = whoami_sync (client, &error);
      g_assert_no_error (error);
      g_assert_nonnull (whoami);
      g_assert_cmpuint (n_active_rules (), ==, 0);
      g_assert_cmpuint (logged ("/system/v1/whoami", statuses[i]), ==, 2);
      g_assert_cmpuint (logged ("/system/v1/whoami", 200), ==, 1);
      clear_faults_and_log ();
    }
}

/* A 500 is the server's own bug: repeating the request would not help. */
static void
test_500_not_retried (void)
{
  g_autoptr(MdClient) client = md_test_client_new (sandbox);
  g_autoptr(GError) error = NULL;
  g_autoptr(MdWhoami) whoami = NULL;

  clear_faults_and_log ();
  add_fault ("{\"match\":\"path\",\"path\":\"/system/v1/whoami\",\"action\":\"status\",\"status\":500,\"count\":0}");
  whoami = whoami_sync (client, &error);
  g_assert_null (whoami);
  g_assert_error (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_SERVER);
  g_assert_cmpint (faults_fired (), ==, 1);
  clear_faults_and_log ();
}

/* When the sandbox logged the requests to @path with @status (oldest
 * first), in microseconds of its clock. */
static GArray *
logged_times (const char *path,
              guint       status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = NULL;
  GArray *times = g_array_new (FALSE, FALSE, sizeof (gint64));
  JsonArray *entries;

  g_assert_true (md_test_sandbox_admin (sandbox, "GET", "/_sandbox/requests", NULL, &reply, &error));
  g_assert_no_error (error);
  entries = json_object_get_array_member (json_node_get_object (reply), "data");
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);

      if (g_strcmp0 (json_object_get_string_member (entry, "path"), path) == 0 &&
          json_object_get_int_member (entry, "status") == status)
        {
          gint64 time_us = json_object_get_int_member (entry, "time_us");

          g_array_append_val (times, time_us);
        }
    }

  return times;
}

static void
test_retry_429_retry_after (void)
{
  g_autoptr(MdClient) client = md_test_client_new (sandbox);
  g_autoptr(GError) error = NULL;
  g_autoptr(MdWhoami) whoami = NULL;
  g_autoptr(GArray) refused = NULL;
  g_autoptr(GArray) served = NULL;

  /* Let the server's one-second Retry-After through the cap. */
  g_object_set (client, "retry-max-delay", 5000, NULL);
  clear_faults_and_log ();
  add_fault ("{\"match\":\"path\",\"path\":\"/system/v1/whoami\",\"action\":\"status\",\"status\":429,\"retry_after\":1,\"count\":1}");
  whoami = whoami_sync (client, &error);
  g_assert_no_error (error);
  g_assert_nonnull (whoami);
  g_assert_cmpuint (logged ("/system/v1/whoami", 429), ==, 1);
  g_assert_cmpuint (logged ("/system/v1/whoami", 200), ==, 1);
  /* An order, not a speed: the retry reached the sandbox no sooner than
   * the second it asked for (the client's own backoff would be 10-20 ms). */
  refused = logged_times ("/system/v1/whoami", 429);
  served = logged_times ("/system/v1/whoami", 200);
  g_assert_cmpuint (refused->len, ==, 1);
  g_assert_cmpuint (served->len, ==, 1);
  g_test_message ("retried %" G_GINT64_FORMAT " us after the 429",
                  g_array_index (served, gint64, 0) - g_array_index (refused, gint64, 0));
  g_assert_cmpint (g_array_index (served, gint64, 0) - g_array_index (refused, gint64, 0), >=, G_USEC_PER_SEC);
  clear_faults_and_log ();

  /* Without Retry-After (Mux has sent such 429s): backoff, then success. */
  g_clear_object (&whoami);
  add_fault ("{\"match\":\"path\",\"path\":\"/system/v1/whoami\",\"action\":\"status\",\"status\":429,\"count\":2}");
  whoami = whoami_sync (client, &error);
  g_assert_no_error (error);
  g_assert_nonnull (whoami);
  g_assert_cmpuint (logged ("/system/v1/whoami", 429), ==, 2);
  g_assert_cmpuint (logged ("/system/v1/whoami", 200), ==, 1);
  clear_faults_and_log ();
}

static void
test_429_gives_up (void)
{
  g_autoptr(MdClient) client = md_test_client_new (sandbox);
  g_autoptr(GError) error = NULL;
  g_autoptr(MdWhoami) whoami = NULL;

  g_object_set (client, "max-attempts", 3, NULL);
  clear_faults_and_log ();
  add_fault ("{\"match\":\"path\",\"path\":\"/system/v1/whoami\",\"action\":\"status\",\"status\":429,\"count\":0}");
  whoami = whoami_sync (client, &error);
  g_assert_null (whoami);
  g_assert_error (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_RATE_LIMITED);
  g_assert_nonnull (strstr (error->message, "Too many requests, retry later."));
  /* Bounded: exactly max-attempts tries. */
  g_assert_cmpint (faults_fired (), ==, 3);
  clear_faults_and_log ();
}

static void
test_dropped_connection (void)
{
  g_autoptr(MdClient) client = md_test_client_new (sandbox);
  g_autoptr(GError) error = NULL;
  g_autoptr(MdWhoami) whoami = NULL;

  /* Dropped once: a GET is retried and succeeds. */
  clear_faults_and_log ();
  add_fault ("{\"match\":\"path\",\"path\":\"/system/v1/whoami\",\"action\":\"reset\",\"count\":1}");
  whoami = whoami_sync (client, &error);
  g_assert_no_error (error);
  g_assert_nonnull (whoami);
  g_assert_cmpuint (n_active_rules (), ==, 0);
  g_assert_cmpuint (logged ("/system/v1/whoami", 200), ==, 1);
  clear_faults_and_log ();

  /* Dropped every time: a network error once the attempts run out. A
   * fresh client, because libsoup itself repeats a GET once when a reused
   * keep-alive connection turns out closed. */
  g_clear_object (&whoami);
  g_clear_object (&client);
  client = md_test_client_new (sandbox);
  g_object_set (client, "max-attempts", 3, NULL);
  add_fault ("{\"match\":\"path\",\"path\":\"/system/v1/whoami\",\"action\":\"reset\",\"count\":0}");
  whoami = whoami_sync (client, &error);
  g_assert_null (whoami);
  g_assert_error (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_NETWORK);
  g_assert_cmpint (faults_fired (), ==, 3);
  clear_faults_and_log ();
}

static void
test_stalled_answer (void)
{
  g_autoptr(MdClient) client = md_test_client_new (sandbox);
  g_autoptr(GError) error = NULL;
  g_autoptr(MdWhoami) whoami = NULL;

  /* An answer that never comes ends with the client's timeout, and a GET
   * is then tried again. */
  g_object_set (client, "timeout", 1, NULL);
  clear_faults_and_log ();
  add_fault ("{\"match\":\"path\",\"path\":\"/system/v1/whoami\",\"action\":\"stall\",\"count\":1}");
  whoami = whoami_sync (client, &error);
  g_assert_no_error (error);
  g_assert_nonnull (whoami);
  g_assert_cmpuint (n_active_rules (), ==, 0);
  clear_faults_and_log ();
}

static void
test_post_not_repeated (void)
{
  g_autoptr(MdClient) client = md_test_client_new (sandbox);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) result2 = NULL;
  g_autoptr(MdSigningKey) key = NULL;
  g_autofree char *private_key = NULL;

  /* A POST whose answer was lost might have happened: never sent twice. */
  clear_faults_and_log ();
  add_fault ("{\"match\":\"path\",\"path\":\"/system/v1/signing-keys\",\"method\":\"POST\",\"action\":\"reset\",\"count\":0}");
  result = CALL (md_client_create_signing_key_async (client, NULL, md_test_call_done, call));
  key = md_client_create_signing_key_finish (client, result, &private_key, &error);
  g_assert_null (key);
  g_assert_null (private_key);
  g_assert_error (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_NETWORK);
  g_assert_cmpint (faults_fired (), ==, 1);
  clear_faults_and_log ();

  g_clear_error (&error);
  add_fault ("{\"match\":\"path\",\"path\":\"/system/v1/signing-keys\",\"method\":\"POST\",\"action\":\"status\",\"status\":503,\"count\":0}");
  result2 = CALL (md_client_create_signing_key_async (client, NULL, md_test_call_done, call));
  key = md_client_create_signing_key_finish (client, result2, &private_key, &error);
  g_assert_null (key);
  g_assert_error (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_SERVER);
  g_assert_cmpint (faults_fired (), ==, 1);
  clear_faults_and_log ();
}

static void
test_malformed_answer (void)
{
  g_autoptr(MdClient) client = md_test_client_new (sandbox);
  g_autoptr(GError) error = NULL;
  g_autoptr(MdWhoami) whoami = NULL;

  clear_faults_and_log ();
  add_fault ("{\"match\":\"path\",\"path\":\"/system/v1/whoami\",\"action\":\"malformed-json\",\"count\":1}");
  whoami = whoami_sync (client, &error);
  g_assert_null (whoami);
  g_assert_error (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_BAD_RESPONSE);
  g_assert_cmpuint (n_active_rules (), ==, 0);
  clear_faults_and_log ();
}

typedef struct
{
  guint done;
  guint failed;
} Burst;

static void
on_burst_whoami_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Burst *burst = user_data;
  g_autoptr(MdWhoami) whoami = md_client_whoami_finish (MD_CLIENT (object), result, NULL);

  burst->done++;
  if (whoami == NULL)
    burst->failed++;
}

static gboolean
burst_done (gpointer user_data)
{
  return ((Burst *) user_data)->done == 40;
}

static void
test_paced_burst (void)
{
  g_autoptr(MdClient) client = md_test_client_new (sandbox);
  Burst burst = { 0, 0 };

  /* 40 requests at once against the sandbox's Mux-like limits (5/s, burst
   * 25): the client paces them so that not one meets a 429. */
  g_object_set (client, "max-attempts", 1, NULL);
  clear_faults_and_log ();
  for (guint i = 0; i < 40; i++)
    md_client_whoami_async (client, NULL, on_burst_whoami_cb, &burst);
  g_assert_true (md_test_wait_until (burst_done, &burst, 60000));
  g_assert_cmpuint (burst.failed, ==, 0);
  g_assert_cmpuint (logged ("/system/v1/whoami", 200), ==, 40);
  g_assert_cmpuint (logged ("/system/v1/whoami", 429), ==, 0);
  clear_faults_and_log ();
}

/* A real access token without System permission, made at the sandbox. */
static MdClient *
restricted_client_new (const char *permissions_json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *body = g_strdup_printf ("{\"name\":\"Restricted\",\"permissions\":%s}", permissions_json);
  JsonObject *token;
  MdClient *client;

  g_assert_true (md_test_sandbox_admin (sandbox, "POST", "/_sandbox/tokens", body, &reply, &error));
  g_assert_no_error (error);
  token = json_object_get_object_member (json_node_get_object (reply), "data");
  client = md_client_new (json_object_get_string_member (token, "token_id"),
                          json_object_get_string_member (token, "token_secret"));
  md_client_set_api_url (client, md_test_sandbox_get_api_url (sandbox));
  g_object_set (client, "retry-min-delay", 20, "retry-max-delay", 200, NULL);

  return client;
}

static void
test_missing_permission (void)
{
  g_autoptr(MdClient) client = restricted_client_new ("[\"video:read\",\"system:read\"]");
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) r1 = NULL, r2 = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(MdSigningKey) key = NULL;
  g_autoptr(MdClient) reader = restricted_client_new ("[\"video:read\"]");
  g_autofree char *private_key = NULL;

  /* Reading keys needs system:read: this token may not, and hears why
   * from the sandbox itself, once (a 403 is not worth repeating). */
  clear_faults_and_log ();
  r1 = CALL (md_client_list_signing_keys_async (reader, 1, 10, NULL, md_test_call_done, call));
  keys = md_client_list_signing_keys_finish (reader, r1, &error);
  g_assert_null (keys);
  g_assert_error (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_FORBIDDEN);
  g_assert_cmpstr (error->message, ==,
                   "This access token does not have the system:read permission this request needs (HTTP 403)");
  g_assert_cmpuint (logged ("/system/v1/signing-keys", 403), ==, 1);
  g_clear_error (&error);

  /* Creating one needs system:write, which a read-only token lacks. */
  r2 = CALL (md_client_create_signing_key_async (client, NULL, md_test_call_done, call));
  key = md_client_create_signing_key_finish (client, r2, &private_key, &error);
  g_assert_null (key);
  g_assert_null (private_key);
  g_assert_error (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_FORBIDDEN);
  g_assert_cmpstr (error->message, ==,
                   "This access token does not have the system:write permission this request needs (HTTP 403)");
  g_assert_cmpuint (logged ("/system/v1/signing-keys", 403), ==, 2);
  clear_faults_and_log ();
}

static void
test_signing_keys (void)
{
  g_autoptr(MdClient) client = md_test_client_new (sandbox);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) r1 = NULL, r2 = NULL, r3 = NULL, r4 = NULL, r5 = NULL, r6 = NULL;
  g_autoptr(MdSigningKey) key = NULL;
  g_autoptr(MdSigningKey) fetched = NULL;
  g_autoptr(MdSigningKey) gone = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(MdJwtSigner) signer = NULL;
  g_autofree char *private_key = NULL;
  gboolean found = FALSE;

  r1 = CALL (md_client_create_signing_key_async (client, NULL, md_test_call_done, call));
  key = md_client_create_signing_key_finish (client, r1, &private_key, &error);
  g_assert_no_error (error);
  g_assert_nonnull (md_signing_key_get_id (key));
  g_assert_cmpint (md_signing_key_get_created_at (key), >, 0);
  /* The private key is handed out once and is a usable RSA key. */
  signer = md_jwt_signer_new (md_signing_key_get_id (key), private_key, &error);
  g_assert_no_error (error);

  r2 = CALL (md_client_list_signing_keys_async (client, 1, 100, NULL, md_test_call_done, call));
  keys = md_client_list_signing_keys_finish (client, r2, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < keys->len; i++)
    found |= g_str_equal (md_signing_key_get_id (g_ptr_array_index (keys, i)), md_signing_key_get_id (key));
  g_assert_true (found);

  r3 = CALL (md_client_get_signing_key_async (client, md_signing_key_get_id (key), NULL, md_test_call_done, call));
  fetched = md_client_get_signing_key_finish (client, r3, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (md_signing_key_get_id (fetched), ==, md_signing_key_get_id (key));

  r4 = CALL (md_client_delete_signing_key_async (client, md_signing_key_get_id (key), NULL, md_test_call_done, call));
  g_assert_true (md_client_delete_signing_key_finish (client, r4, &error));
  g_assert_no_error (error);

  r5 = CALL (md_client_get_signing_key_async (client, md_signing_key_get_id (key), NULL, md_test_call_done, call));
  gone = md_client_get_signing_key_finish (client, r5, &error);
  g_assert_null (gone);
  g_assert_error (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "Signing key not found"));
  g_clear_error (&error);

  r6 = CALL (md_client_delete_signing_key_async (client, md_signing_key_get_id (key), NULL, md_test_call_done, call));
  g_assert_false (md_client_delete_signing_key_finish (client, r6, &error));
  g_assert_error (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_NOT_FOUND);
}

static MdJwtSigner *
create_signer (MdClient *client)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(MdSigningKey) key = NULL;
  g_autofree char *private_key = NULL;
  MdJwtSigner *signer;

  result = CALL (md_client_create_signing_key_async (client, NULL, md_test_call_done, call));
  key = md_client_create_signing_key_finish (client, result, &private_key, &error);
  g_assert_no_error (error);
  signer = md_jwt_signer_new (md_signing_key_get_id (key), private_key, &error);
  g_assert_no_error (error);
  return signer;
}

static void
test_counts (void)
{
  g_autoptr(MdClient) client = md_test_client_new (sandbox);
  g_autoptr(MdJwtSigner) signer = create_signer (client);
  g_autoptr(MdJwtSigner) impostor = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) r1 = NULL, r2 = NULL;
  g_autoptr(MdViewerCount) count = NULL;
  g_autoptr(MdViewerCount) refused = NULL;
  gnutls_x509_privkey_t other_key;
  gnutls_datum_t pem = { NULL, 0 };
  g_autofree char *other_pem = NULL;

  /* A token the sandbox verifies against the key's public half. */
  r1 = CALL (md_client_get_viewer_count_async (client, signer, MD_COUNTS_KIND_ASSET, "no-such-asset",
                                               NULL, md_test_call_done, call));
  count = md_client_get_viewer_count_finish (client, r1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (md_viewer_count_get_views (count), ==, 0);
  g_assert_cmpint (md_viewer_count_get_viewers (count), ==, 0);

  /* The same key id with another key: refused as 403 with the reason. */
  g_assert_cmpint (gnutls_x509_privkey_init (&other_key), ==, 0);
  g_assert_cmpint (gnutls_x509_privkey_generate (other_key, GNUTLS_PK_RSA, 2048, 0), ==, 0);
  g_assert_cmpint (gnutls_x509_privkey_export2 (other_key, GNUTLS_X509_FMT_PEM, &pem), ==, 0);
  other_pem = g_strndup ((const char *) pem.data, pem.size);
  gnutls_free (pem.data);
  gnutls_x509_privkey_deinit (other_key);
  impostor = md_jwt_signer_new (md_jwt_signer_get_key_id (signer), other_pem, &error);
  g_assert_no_error (error);

  r2 = CALL (md_client_get_viewer_count_async (client, impostor, MD_COUNTS_KIND_ASSET, "no-such-asset",
                                               NULL, md_test_call_done, call));
  refused = md_client_get_viewer_count_finish (client, r2, &error);
  g_assert_null (refused);
  g_assert_error (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_FORBIDDEN);
  g_assert_nonnull (strstr (error->message, "(HTTP 403)"));
}

static void
test_engagement_errors (void)
{
  g_autoptr(MdClient) client = md_test_client_new (sandbox);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) r1 = NULL, r2 = NULL, r3 = NULL;
  g_autoptr(MdHeatmap) heatmap = NULL;
  g_autoptr(MdHeatmap) bad = NULL;
  g_autoptr(GListModel) hotspots = NULL;
  const char *banana[] = { "banana", NULL };

  r1 = CALL (md_client_get_heatmap_async (client, MD_ENGAGEMENT_KIND_ASSET, "no-such-asset", NULL,
                                          NULL, md_test_call_done, call));
  heatmap = md_client_get_heatmap_finish (client, r1, &error);
  g_assert_null (heatmap);
  g_assert_error (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "The requested resource was not found"));
  g_clear_error (&error);

  r2 = CALL (md_client_get_heatmap_async (client, MD_ENGAGEMENT_KIND_ASSET, "no-such-asset", banana,
                                          NULL, md_test_call_done, call));
  bad = md_client_get_heatmap_finish (client, r2, &error);
  g_assert_null (bad);
  g_assert_error (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_INVALID_PARAMETERS);
  g_clear_error (&error);

  r3 = CALL (md_client_get_hotspots_async (client, MD_ENGAGEMENT_KIND_VIDEO, "no-such-video", NULL,
                                           MD_HOTSPOT_ORDER_DESC, 5000, NULL, md_test_call_done, call));
  hotspots = md_client_get_hotspots_finish (client, r3, NULL, &error);
  g_assert_null (hotspots);
  g_assert_error (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_INVALID_PARAMETERS);
  g_assert_nonnull (strstr (error->message, "limit must be a number between 1 and 1000"));
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
  g_test_add_func ("/client-sandbox/errors/missing-permission", test_missing_permission);
  g_test_add_func ("/client-sandbox/retry/5xx-then-success", test_retry_5xx_then_success);
  g_test_add_func ("/client-sandbox/retry/500-not-retried", test_500_not_retried);
  g_test_add_func ("/client-sandbox/retry/429-retry-after", test_retry_429_retry_after);
  g_test_add_func ("/client-sandbox/retry/429-gives-up", test_429_gives_up);
  g_test_add_func ("/client-sandbox/retry/dropped-connection", test_dropped_connection);
  g_test_add_func ("/client-sandbox/retry/post-not-repeated", test_post_not_repeated);
  g_test_add_func ("/client-sandbox/retry/stalled-answer", test_stalled_answer);
  g_test_add_func ("/client-sandbox/errors/malformed-answer", test_malformed_answer);
  g_test_add_func ("/client-sandbox/paced-burst", test_paced_burst);
  g_test_add_func ("/client-sandbox/signing-keys", test_signing_keys);
  g_test_add_func ("/client-sandbox/counts", test_counts);
  g_test_add_func ("/client-sandbox/engagement/errors", test_engagement_errors);

  ret = g_test_run ();
  md_test_sandbox_stop (sandbox);
  return ret;
}
