/* test-client-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "md-client-error.h"

static void
test_status_codes (void)
{
  static const struct {
    guint status;
    MdClientError code;
  } cases[] = {
    { 400, MD_CLIENT_ERROR_INVALID_PARAMETERS },
    { 401, MD_CLIENT_ERROR_UNAUTHORIZED },
    { 403, MD_CLIENT_ERROR_FORBIDDEN },
    { 404, MD_CLIENT_ERROR_NOT_FOUND },
    { 408, MD_CLIENT_ERROR_NETWORK },
    { 409, MD_CLIENT_ERROR_INVALID_PARAMETERS },
    { 422, MD_CLIENT_ERROR_INVALID_PARAMETERS },
    { 429, MD_CLIENT_ERROR_RATE_LIMITED },
    { 500, MD_CLIENT_ERROR_SERVER },
    { 503, MD_CLIENT_ERROR_SERVER },
    { 599, MD_CLIENT_ERROR_SERVER },
    { 418, MD_CLIENT_ERROR_BAD_RESPONSE },
    { 600, MD_CLIENT_ERROR_BAD_RESPONSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (md_client_error_code_for_status (cases[i].status), ==, cases[i].code);
}

static void
test_domain (void)
{
  g_autoptr(GError) error = g_error_new_literal (MD_CLIENT_ERROR, MD_CLIENT_ERROR_NOT_FOUND, "x");

  g_assert_error (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_NOT_FOUND);
  g_assert_cmpstr (g_quark_to_string (MD_CLIENT_ERROR), ==, "md-client-error-quark");
}

static GBytes *
bytes (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

static void
test_error_bodies (void)
{
  static const struct {
    const char *body;
    const char *messages;
    const char *type;
  } cases[] = {
    { "{\"error\":{\"type\":\"not_found\",\"messages\":[\"The requested asset was not found\"]}}",
      "The requested asset was not found", "not_found" },
    { "{\"error\":{\"type\":\"invalid_parameters\",\"messages\":[\"limit is invalid\",\"page is invalid\"]}}",
      "limit is invalid page is invalid", "invalid_parameters" },
    { "{\"errors\":[\"Too many requests, retry later.\"]}", "Too many requests, retry later.", NULL },
    { "{\"error\":{\"type\":\"errored\",\"message\":\"Upload failed\"}}", "Upload failed", "errored" },
    { "{\"error\":{\"type\":\"unauthorized\",\"messages\":[]}}", NULL, "unauthorized" },
    { "{\"error\":{\"messages\":[1,\"\",\"kept\"]}}", "kept", NULL },
    { "{\"error\":\"flat\"}", NULL, NULL },
    { "<html>502 Bad Gateway</html>", NULL, NULL },
    { "{\"error\":{\"type\":\"x\",\"messages\":[\"cut", NULL, NULL },
    { "", NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) body = bytes (cases[i].body);
      g_autofree char *type = NULL;
      g_autofree char *messages = md_client_error_parse_messages (body, &type);

      g_test_message ("case %u: %s", i, cases[i].body);
      g_assert_cmpstr (messages, ==, cases[i].messages);
      g_assert_cmpstr (type, ==, cases[i].type);
    }

  g_assert_null (md_client_error_parse_messages (NULL, NULL));
}

static void
test_error_for_response (void)
{
  g_autoptr(GBytes) not_found = bytes ("{\"error\":{\"type\":\"not_found\",\"messages\":[\"The requested asset was not found\"]}}");
  g_autoptr(GBytes) throttled = bytes ("{\"errors\":[\"Too many requests, retry later.\"]}");
  g_autoptr(GBytes) html = bytes ("<html>oops</html>");
  g_autoptr(GError) a = md_client_error_new_for_response (404, not_found);
  g_autoptr(GError) b = md_client_error_new_for_response (429, throttled);
  g_autoptr(GError) c = md_client_error_new_for_response (401, html);
  g_autoptr(GError) d = md_client_error_new_for_response (503, NULL);

  g_assert_error (a, MD_CLIENT_ERROR, MD_CLIENT_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (a->message, "The requested asset was not found"));
  g_assert_error (b, MD_CLIENT_ERROR, MD_CLIENT_ERROR_RATE_LIMITED);
  g_assert_nonnull (strstr (b->message, "Too many requests, retry later."));
  g_assert_error (c, MD_CLIENT_ERROR, MD_CLIENT_ERROR_UNAUTHORIZED);
  g_assert_null (strstr (c->message, "html"));
  g_assert_cmpuint (strlen (c->message), >, 10);
  g_assert_error (d, MD_CLIENT_ERROR, MD_CLIENT_ERROR_SERVER);
  g_assert_nonnull (strstr (d->message, "503"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/client-error/status-codes", test_status_codes);
  g_test_add_func ("/client-error/domain", test_domain);
  g_test_add_func ("/client-error/bodies", test_error_bodies);
  g_test_add_func ("/client-error/for-response", test_error_for_response);

  return g_test_run ();
}
