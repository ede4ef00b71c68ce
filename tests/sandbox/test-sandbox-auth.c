/* test-sandbox-auth.c — Basic auth, whoami, credentials and the request log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "md-test-sandbox.h"

static guint
get_status (const char  *url,
            const char  *authorization,
            JsonNode   **out_reply)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  if (authorization != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", authorization);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  if (out_reply != NULL)
    *out_reply = json_from_string (g_bytes_get_data (body, NULL), NULL);
  return soup_message_get_status (msg);
}

static void
assert_mux_error (JsonNode   *reply,
                  const char *type)
{
  JsonObject *error;

  g_assert_nonnull (reply);
  error = json_object_get_object_member (json_node_get_object (reply), "error");
  g_assert_nonnull (error);
  g_assert_cmpstr (json_object_get_string_member (error, "type"), ==, type);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (error, "messages")), >=, 1);
}

static void
test_auth_required (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdTestSandbox) sandbox = md_test_sandbox_start (NULL, &error);
  g_autofree char *url = NULL;
  g_autofree char *wrong = NULL;
  g_autofree char *wrong_header = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) reply2 = NULL;

  g_assert_no_error (error);
  url = g_strconcat (md_test_sandbox_get_api_url (sandbox), "/system/v1/whoami", NULL);

  g_assert_cmpuint (get_status (url, NULL, &reply), ==, 401);
  assert_mux_error (reply, "unauthorized");

  wrong = g_base64_encode ((const guchar *) "nobody:nothing", 14);
  wrong_header = g_strdup_printf ("Basic %s", wrong);
  g_assert_cmpuint (get_status (url, wrong_header, &reply2), ==, 401);
  assert_mux_error (reply2, "unauthorized");
}

/* What whoami calls the environment of @sandbox. */
static char *
whoami_environment_id (MdTestSandbox *sandbox)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = NULL;

  g_assert_cmpuint (md_test_sandbox_api (sandbox, "GET", "/system/v1/whoami", NULL, &reply, &error), ==, 200);
  g_assert_no_error (error);

  return g_strdup (json_object_get_string_member (json_object_get_object_member (json_node_get_object (reply),
                                                                                   "data"),
                                                  "environment_id"));
}

static void
test_whoami (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdTestSandbox) sandbox = md_test_sandbox_start (NULL, &error);
  g_autoptr(MdTestSandbox) other = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *environment_id = NULL;
  g_autofree char *other_environment_id = NULL;
  JsonObject *data;

  g_assert_no_error (error);
  g_assert_cmpuint (md_test_sandbox_api (sandbox, "GET", "/system/v1/whoami", NULL, &reply, &error), ==, 200);
  g_assert_no_error (error);
  data = json_object_get_object_member (json_node_get_object (reply), "data");
  g_assert_nonnull (data);
  for (const char *const *key = (const char *const[]) {
         "access_token_name", "environment_id", "environment_name", "environment_type",
         "organization_id", "organization_name", NULL }; *key != NULL; key++)
    g_assert_nonnull (json_object_get_string_member (data, *key));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (data, "permissions")), >, 0);

  /* Each sandbox is an environment of its own, as on Mux: the app keys
   * its keyring items and caches by this id. */
  environment_id = whoami_environment_id (sandbox);
  g_assert_true (g_str_has_prefix (environment_id, "sandbox-"));
  other = md_test_sandbox_start (NULL, &error);
  g_assert_no_error (error);
  other_environment_id = whoami_environment_id (other);
  g_assert_cmpstr (environment_id, !=, other_environment_id);
}

static void
test_unknown_path (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdTestSandbox) sandbox = md_test_sandbox_start (NULL, &error);
  g_autoptr(JsonNode) reply = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (md_test_sandbox_api (sandbox, "GET", "/video/v1/nothing-here", NULL, &reply, &error), ==, 404);
  assert_mux_error (reply, "not_found");
}

/* The pair is generated once, kept private, and reused after a restart. */
static void
test_credentials_persist (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("md-test-creds-XXXXXX", &error);
  const char *args[] = { "--state-dir", dir, NULL };
  g_autofree char *token_id = NULL;
  g_autofree char *token_secret = NULL;
  g_autofree char *environment_id = NULL;
  g_autofree char *environment_id_again = NULL;
  g_autofree char *path = NULL;
  MdTestSandbox *sandbox;
  struct stat info;

  g_assert_no_error (error);
  sandbox = md_test_sandbox_start (args, &error);
  g_assert_no_error (error);
  token_id = g_strdup (md_test_sandbox_get_token_id (sandbox));
  token_secret = g_strdup (md_test_sandbox_get_token_secret (sandbox));
  g_assert_cmpuint (strlen (token_secret), >=, 32);
  environment_id = whoami_environment_id (sandbox);
  md_test_sandbox_stop (sandbox);

  path = g_build_filename (dir, "credentials.json", NULL);
  g_assert_cmpint (g_stat (path, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0600);

  sandbox = md_test_sandbox_start (args, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (md_test_sandbox_get_token_id (sandbox), ==, token_id);
  g_assert_cmpstr (md_test_sandbox_get_token_secret (sandbox), ==, token_secret);
  environment_id_again = whoami_environment_id (sandbox);
  g_assert_cmpstr (environment_id_again, ==, environment_id);
  md_test_sandbox_stop (sandbox);

  g_assert_cmpint (g_remove (path), ==, 0);
  g_autofree char *state = g_build_filename (dir, "state.json", NULL);
  g_autofree char *media = g_build_filename (dir, "media", NULL);
  g_remove (state);
  g_rmdir (media);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_request_log (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdTestSandbox) sandbox = md_test_sandbox_start (NULL, &error);
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) log = NULL;
  JsonArray *entries;
  gboolean seen = FALSE;

  g_assert_no_error (error);
  g_assert_cmpuint (md_test_sandbox_api (sandbox, "GET", "/system/v1/whoami", NULL, &reply, &error), ==, 200);
  /* Asked twice: the first asking is not in the second answer (the admin
   * routes are not logged, so polling the log cannot push out of it what
   * a test waits for). */
  g_assert_true (md_test_sandbox_admin (sandbox, "GET", "/_sandbox/requests", NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (md_test_sandbox_admin (sandbox, "GET", "/_sandbox/requests", NULL, &log, &error));
  g_assert_no_error (error);

  entries = json_object_get_array_member (json_node_get_object (log), "data");
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);

      g_assert_false (g_str_has_prefix (json_object_get_string_member (entry, "path"), "/_sandbox/"));
      if (g_strcmp0 (json_object_get_string_member (entry, "path"), "/system/v1/whoami") == 0)
        {
          g_assert_cmpstr (json_object_get_string_member (entry, "method"), ==, "GET");
          g_assert_cmpint (json_object_get_int_member (entry, "status"), ==, 200);
          seen = TRUE;
        }
    }
  g_assert_true (seen);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox/auth/required", test_auth_required);
  g_test_add_func ("/sandbox/auth/whoami", test_whoami);
  g_test_add_func ("/sandbox/auth/unknown-path", test_unknown_path);
  g_test_add_func ("/sandbox/auth/credentials-persist", test_credentials_persist);
  g_test_add_func ("/sandbox/admin/request-log", test_request_log);

  return g_test_run ();
}
