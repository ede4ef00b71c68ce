/* test-sandbox-faults-api.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each fault mode of POST {admin}/_sandbox/faults, observed by a plain
 * libsoup client; and Mux's rate limits, on and off.
 */

#include "config.h"

#include <string.h>

#include "md-test-sandbox.h"

typedef struct
{
  guint   status;
  GBytes *body;
  char   *retry_after;
  char   *content_type;
  GError *error;
} Reply;

static void
reply_clear (Reply *reply)
{
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_clear_pointer (&reply->retry_after, g_free);
  g_clear_pointer (&reply->content_type, g_free);
  g_clear_error (&reply->error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Reply, reply_clear)

static char *
basic_auth (MdTestSandbox *sandbox)
{
  g_autofree char *pair = g_strdup_printf ("%s:%s", md_test_sandbox_get_token_id (sandbox),
                                           md_test_sandbox_get_token_secret (sandbox));
  g_autofree char *encoded = g_base64_encode ((const guchar *) pair, strlen (pair));

  return g_strconcat ("Basic ", encoded, NULL);
}

/* A plain request, as any client would send it. */
static void
request (MdTestSandbox *sandbox,
         const char    *method,
         const char    *url,
         GBytes        *body,
         const char    *content_range,
         guint          timeout_s,
         Reply         *reply)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", timeout_s, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autofree char *authorization = basic_auth (sandbox);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);

  soup_message_headers_replace (headers, "Authorization", authorization);
  if (content_range != NULL)
    soup_message_headers_replace (headers, "Content-Range", content_range);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, "application/octet-stream", body);

  reply->body = soup_session_send_and_read (session, msg, NULL, &reply->error);
  reply->status = soup_message_get_status (msg);
  reply->retry_after = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg), "Retry-After"));
  reply->content_type = g_strdup (soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL));
}

static void
add_fault (MdTestSandbox *sandbox,
           const char    *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = NULL;

  g_assert_true (md_test_sandbox_admin (sandbox, "POST", "/_sandbox/faults", json, &reply, &error));
  g_assert_no_error (error);
}

static guint
count_rules (MdTestSandbox *sandbox)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = NULL;

  g_assert_true (md_test_sandbox_admin (sandbox, "GET", "/_sandbox/faults", NULL, &reply, &error));
  g_assert_no_error (error);
  return json_array_get_length (json_object_get_array_member (json_node_get_object (reply), "data"));
}

static char *
api_url (MdTestSandbox *sandbox,
         const char    *path)
{
  return g_strconcat (md_test_sandbox_get_api_url (sandbox), path, NULL);
}

static GBytes *
make_body (gsize size)
{
  guint8 *data = g_malloc (size);

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) (i * 131);
  return g_bytes_new_take (data, size);
}

static MdTestSandbox *
start_sandbox (void)
{
  static const char *const args[] = { "--no-rate-limit", NULL };
  g_autoptr(GError) error = NULL;
  MdTestSandbox *sandbox = md_test_sandbox_start (args, &error);

  g_assert_no_error (error);
  return sandbox;
}

/* A real direct upload's URL. */
static char *
create_upload (MdTestSandbox *sandbox)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = NULL;

  g_assert_cmpuint (md_test_sandbox_api (sandbox, "POST", "/video/v1/uploads",
                                         "{\"cors_origin\":\"*\",\"new_asset_settings\":{\"playback_policies\":[\"public\"]}}",
                                         &reply, &error), ==, 201);
  g_assert_no_error (error);
  return g_strdup (json_object_get_string_member (json_object_get_object_member (json_node_get_object (reply), "data"), "url"));
}

/* Asks the upload URL how much it holds (`bytes * /TOTAL`); -1 for nothing. */
static gint64
held_bytes (MdTestSandbox *sandbox,
            const char    *url,
            guint          total)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new ("PUT", url);
  g_autofree char *range = g_strdup_printf ("bytes */%u", total);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  const char *held;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Content-Range", range);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 308);
  held = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Range");
  if (held == NULL)
    return -1;
  g_assert_true (g_str_has_prefix (held, "bytes=0-"));
  return g_ascii_strtoll (held + strlen ("bytes=0-"), NULL, 10);
}

static void
put_chunk (MdTestSandbox *sandbox,
           const char    *url,
           GBytes        *chunk,
           guint          n,
           guint          n_chunks,
           Reply         *reply)
{
  gsize size = g_bytes_get_size (chunk);
  g_autofree char *range = g_strdup_printf ("bytes %" G_GSIZE_FORMAT "-%" G_GSIZE_FORMAT "/%" G_GSIZE_FORMAT,
                                            (n - 1) * size, n * size - 1, n_chunks * size);

  request (sandbox, "PUT", url, chunk, range, 30, reply);
}

static void
test_status_on_chunk_n (void)
{
  g_autoptr(MdTestSandbox) sandbox = start_sandbox ();
  g_autofree char *url = create_upload (sandbox);
  g_autoptr(GBytes) chunk = make_body (256 * 1024);

  /* The third chunk fails with a 503 and Retry-After: 1. */
  add_fault (sandbox, "{\"match\":\"upload-chunk\",\"action\":\"status\",\"status\":503,"
                      "\"retry_after\":1,\"skip\":2,\"count\":1}");

  for (guint n = 1; n <= 4; n++)
    {
      g_auto(Reply) reply = { 0 };

      put_chunk (sandbox, url, chunk, n, 4, &reply);
      g_assert_no_error (reply.error);
      if (n == 3)
        {
          g_autoptr(JsonNode) body = json_from_string (g_bytes_get_data (reply.body, NULL), NULL);
          g_auto(Reply) retry = { 0 };

          g_assert_cmpuint (reply.status, ==, 503);
          g_assert_cmpstr (reply.retry_after, ==, "1");
          g_assert_nonnull (json_object_get_object_member (json_node_get_object (body), "error"));
          /* The failed chunk was not stored; sent again, it is. */
          g_assert_cmpint (held_bytes (sandbox, url, 4 * 262144), ==, 2 * 262144 - 1);
          put_chunk (sandbox, url, chunk, n, 4, &retry);
          g_assert_no_error (retry.error);
          g_assert_cmpuint (retry.status, ==, 308);
        }
      else if (n < 4)
        g_assert_cmpuint (reply.status, ==, 308);
      else
        g_assert_true (reply.status == 200 || reply.status == 201);
    }
  g_assert_cmpuint (count_rules (sandbox), ==, 0);
}

static void
test_status_on_path (void)
{
  g_autoptr(MdTestSandbox) sandbox = start_sandbox ();
  g_autofree char *url = api_url (sandbox, "/system/v1/whoami");
  g_auto(Reply) limited = { 0 };
  g_auto(Reply) failed = { 0 };
  g_auto(Reply) normal = { 0 };
  g_autoptr(JsonNode) limited_body = NULL;
  g_autoptr(JsonNode) failed_body = NULL;

  /* 429 without Retry-After (Mux has been seen doing that), then a 500. */
  add_fault (sandbox, "[{\"match\":\"path-prefix\",\"path\":\"/system/\",\"action\":\"status\",\"status\":429},"
                      " {\"match\":\"path\",\"path\":\"/system/v1/whoami\",\"method\":\"GET\",\"action\":\"status\",\"status\":500,\"skip\":1}]");

  request (sandbox, "GET", url, NULL, NULL, 30, &limited);
  g_assert_cmpuint (limited.status, ==, 429);
  g_assert_null (limited.retry_after);
  limited_body = json_from_string (g_bytes_get_data (limited.body, NULL), NULL);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (json_node_get_object (limited_body), "errors"), 0),
                   ==, "Too many requests, retry later.");

  request (sandbox, "GET", url, NULL, NULL, 30, &failed);
  g_assert_cmpuint (failed.status, ==, 500);
  failed_body = json_from_string (g_bytes_get_data (failed.body, NULL), NULL);
  g_assert_nonnull (json_object_get_object_member (json_node_get_object (failed_body), "error"));

  request (sandbox, "GET", url, NULL, NULL, 30, &normal);
  g_assert_cmpuint (normal.status, ==, 200);
}

/* Regression: libsoup signals a 500 answer and a dropped connection as
 * "request-aborted", and the request log missed them. */
static void
test_request_log_keeps_failures (void)
{
  g_autoptr(MdTestSandbox) sandbox = start_sandbox ();
  g_autofree char *url = api_url (sandbox, "/system/v1/whoami");
  g_auto(Reply) failed = { 0 };
  g_auto(Reply) dropped = { 0 };
  g_autoptr(JsonNode) log = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *entries;
  guint whoami_requests = 0;

  add_fault (sandbox, "[{\"match\":\"path\",\"path\":\"/system/v1/whoami\",\"action\":\"status\",\"status\":500},"
                      " {\"match\":\"path\",\"path\":\"/system/v1/whoami\",\"action\":\"reset\",\"skip\":1}]");
  g_assert_true (md_test_sandbox_admin (sandbox, "DELETE", "/_sandbox/requests", NULL, NULL, &error));
  g_assert_no_error (error);

  request (sandbox, "GET", url, NULL, NULL, 30, &failed);
  g_assert_cmpuint (failed.status, ==, 500);
  request (sandbox, "GET", url, NULL, NULL, 30, &dropped);
  g_assert_nonnull (dropped.error);

  g_assert_true (md_test_sandbox_admin (sandbox, "GET", "/_sandbox/requests", NULL, &log, &error));
  g_assert_no_error (error);
  entries = json_object_get_array_member (json_node_get_object (log), "data");
  for (guint i = 0; i < json_array_get_length (entries); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (entries, i), "path"),
                   "/system/v1/whoami") == 0)
      whoami_requests++;
  g_assert_cmpuint (whoami_requests, ==, 2);
}

static void
test_reset_mid_body (void)
{
  g_autoptr(MdTestSandbox) sandbox = start_sandbox ();
  g_autofree char *url = create_upload (sandbox);
  g_autoptr(GBytes) chunk = make_body (8 * 1024 * 1024);
  g_auto(Reply) reset = { 0 };
  g_auto(Reply) after = { 0 };

  add_fault (sandbox, "{\"match\":\"upload-chunk\",\"action\":\"reset\",\"after_bytes\":65536}");

  put_chunk (sandbox, url, chunk, 1, 2, &reset);
  g_assert_nonnull (reset.error);
  g_assert_true (reset.error->domain == G_IO_ERROR || reset.error->domain == SOUP_SESSION_ERROR);
  g_assert_cmpuint (count_rules (sandbox), ==, 0);
  /* Nothing of the cut chunk was kept. */
  g_assert_cmpint (held_bytes (sandbox, url, 2 * 8 * 1024 * 1024), ==, -1);

  /* Only that request: sent again, the chunk goes through. */
  put_chunk (sandbox, url, chunk, 1, 2, &after);
  g_assert_no_error (after.error);
  g_assert_cmpuint (after.status, ==, 308);
}

static void
test_stall (void)
{
  g_autoptr(MdTestSandbox) sandbox = start_sandbox ();
  g_autofree char *url = api_url (sandbox, "/system/v1/whoami");
  g_auto(Reply) forever = { 0 };
  g_auto(Reply) long_stall = { 0 };
  g_auto(Reply) normal = { 0 };

  /* Never answered: the client's own timeout ends it. */
  add_fault (sandbox, "{\"match\":\"path\",\"path\":\"/system/v1/whoami\",\"action\":\"stall\"}");
  request (sandbox, "GET", url, NULL, NULL, 1, &forever);
  g_assert_error (forever.error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);

  /* Answered only after a minute: still longer than the client waits. */
  add_fault (sandbox, "{\"match\":\"path\",\"path\":\"/system/v1/whoami\",\"action\":\"stall\",\"stall_ms\":60000}");
  request (sandbox, "GET", url, NULL, NULL, 1, &long_stall);
  g_assert_error (long_stall.error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);

  request (sandbox, "GET", url, NULL, NULL, 30, &normal);
  g_assert_no_error (normal.error);
  g_assert_cmpuint (normal.status, ==, 200);
}

static void
test_stall_then_answer (void)
{
  g_autoptr(MdTestSandbox) sandbox = start_sandbox ();
  g_autofree char *url = api_url (sandbox, "/system/v1/whoami");
  g_auto(Reply) reply = { 0 };
  g_autoptr(JsonNode) body = NULL;

  add_fault (sandbox, "{\"match\":\"path\",\"path\":\"/system/v1/whoami\",\"action\":\"stall\",\"stall_ms\":300}");
  request (sandbox, "GET", url, NULL, NULL, 30, &reply);
  g_assert_no_error (reply.error);
  g_assert_cmpuint (reply.status, ==, 200);
  body = json_from_string (g_bytes_get_data (reply.body, NULL), NULL);
  g_assert_nonnull (json_object_get_object_member (json_node_get_object (body), "data"));
}

static void
test_malformed_json (void)
{
  g_autoptr(MdTestSandbox) sandbox = start_sandbox ();
  g_autofree char *url = api_url (sandbox, "/system/v1/whoami");
  g_auto(Reply) reply = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  add_fault (sandbox, "{\"match\":\"path\",\"path\":\"/system/v1/whoami\",\"action\":\"malformed-json\"}");
  request (sandbox, "GET", url, NULL, NULL, 30, &reply);
  g_assert_no_error (reply.error);
  g_assert_cmpuint (reply.status, ==, 200);
  g_assert_true (g_str_has_prefix (reply.content_type, "application/json"));
  g_assert_false (json_parser_load_from_data (parser, g_bytes_get_data (reply.body, NULL),
                                              g_bytes_get_size (reply.body), &error));
  g_assert_nonnull (error);
}

static void
test_slow (void)
{
  g_autoptr(MdTestSandbox) sandbox = start_sandbox ();
  g_autofree char *url = api_url (sandbox, "/system/v1/whoami");
  g_autofree char *authorization = basic_auth (sandbox);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GByteArray) received = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(Reply) normal = { 0 };
  guint reads = 0;
  guint8 buffer[65536];
  gssize n;

  request (sandbox, "GET", url, NULL, NULL, 30, &normal);
  g_assert_cmpuint (normal.status, ==, 200);

  /* 50 bytes a second, sent in pieces every 100 ms */
  add_fault (sandbox, "{\"match\":\"path\",\"path\":\"/system/v1/whoami\",\"action\":\"slow\",\"bytes_per_second\":50}");
  msg = soup_message_new ("GET", url);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", authorization);
  stream = soup_session_send (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_cmpint (soup_message_headers_get_encoding (soup_message_get_response_headers (msg)), ==, SOUP_ENCODING_CHUNKED);

  while ((n = g_input_stream_read (stream, buffer, sizeof buffer, NULL, &error)) > 0)
    {
      /* never more than the link carried since the last read could start */
      reads++;
      g_byte_array_append (received, buffer, n);
    }
  g_assert_no_error (error);

  /* The same reply, trickled out in many reads. */
  g_assert_cmpuint (received->len, ==, g_bytes_get_size (normal.body));
  g_assert_cmpmem (received->data, received->len, g_bytes_get_data (normal.body, NULL), g_bytes_get_size (normal.body));
  g_assert_cmpuint (reads, >, 1);
}

static void
test_bad_fault_json (void)
{
  g_autoptr(MdTestSandbox) sandbox = start_sandbox ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = NULL;

  g_assert_false (md_test_sandbox_admin (sandbox, "POST", "/_sandbox/faults", "{\"action\":\"explode\"}", &reply, &error));
  g_assert_nonnull (error);
  g_assert_cmpuint (count_rules (sandbox), ==, 0);

  add_fault (sandbox, "{\"action\":\"status\",\"count\":0}");
  g_assert_cmpuint (count_rules (sandbox), ==, 1);
  g_clear_error (&error);
  g_assert_true (md_test_sandbox_admin (sandbox, "DELETE", "/_sandbox/faults", NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_rules (sandbox), ==, 0);
}

/* POSTs to /video: 1 a second after a burst; no 429 with --no-rate-limit. */
static guint
post_until_limited (MdTestSandbox *sandbox,
                    guint          max_requests,
                    Reply         *limited)
{
  g_autofree char *url = api_url (sandbox, "/video/v1/rate-limit-probe");

  for (guint i = 1; i <= max_requests; i++)
    {
      g_auto(Reply) reply = { 0 };

      request (sandbox, "POST", url, NULL, NULL, 30, &reply);
      g_assert_no_error (reply.error);
      if (reply.status == 429)
        {
          *limited = reply;
          memset (&reply, 0, sizeof reply);
          return i;
        }
    }
  return 0;
}

static void
test_rate_limit (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdTestSandbox) limited_sandbox = md_test_sandbox_start (NULL, &error);
  g_autoptr(MdTestSandbox) free_sandbox = start_sandbox ();
  g_auto(Reply) limited = { 0 };
  g_auto(Reply) never = { 0 };
  g_autoptr(JsonNode) body = NULL;
  guint64 retry_after = 0;

  g_assert_no_error (error);

  /* A burst is allowed; 200 POSTs could only pass at 1/s over minutes. */
  g_assert_cmpuint (post_until_limited (limited_sandbox, 200, &limited), >, 1);
  g_assert_cmpuint (limited.status, ==, 429);
  g_assert_nonnull (limited.retry_after);
  g_assert_true (g_ascii_string_to_unsigned (limited.retry_after, 10, 1, 60, &retry_after, NULL));
  body = json_from_string (g_bytes_get_data (limited.body, NULL), NULL);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (json_node_get_object (body), "errors"), 0),
                   ==, "Too many requests, retry later.");

  g_assert_cmpuint (post_until_limited (free_sandbox, 200, &never), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox/faults-api/status-on-chunk-n", test_status_on_chunk_n);
  g_test_add_func ("/sandbox/faults-api/status-on-path", test_status_on_path);
  g_test_add_func ("/sandbox/faults-api/reset-mid-body", test_reset_mid_body);
  g_test_add_func ("/sandbox/faults-api/request-log-keeps-failures", test_request_log_keeps_failures);
  g_test_add_func ("/sandbox/faults-api/stall", test_stall);
  g_test_add_func ("/sandbox/faults-api/stall-then-answer", test_stall_then_answer);
  g_test_add_func ("/sandbox/faults-api/malformed-json", test_malformed_json);
  g_test_add_func ("/sandbox/faults-api/slow", test_slow);
  g_test_add_func ("/sandbox/faults-api/bad-fault-json", test_bad_fault_json);
  g_test_add_func ("/sandbox/faults-api/rate-limit", test_rate_limit);

  return g_test_run ();
}
