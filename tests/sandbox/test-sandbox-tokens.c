/* test-sandbox-tokens.c — extra access tokens with fewer permissions
 *
 * POST /_sandbox/tokens makes a token the sandbox holds to its
 * permissions: whoami reports them, System routes answer 403 without
 * System permission, writes 403 without write permission; the token
 * survives a restart and its secret is never written down.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "md-test-sandbox.h"

typedef struct
{
  char *id;
  char *secret;
} Token;

static void
token_clear (Token *token)
{
  g_clear_pointer (&token->id, g_free);
  g_clear_pointer (&token->secret, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Token, token_clear)

/* An API request with @id:@secret, as any Mux client would send it. */
static guint
request_as (MdTestSandbox  *sandbox,
            const char     *id,
            const char     *secret,
            const char     *method,
            const char     *path,
            const char     *json_body,
            JsonNode      **out_reply)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (md_test_sandbox_get_api_url (sandbox), path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autofree char *pair = g_strdup_printf ("%s:%s", id, secret);
  g_autofree char *encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
  g_autofree char *header = g_strdup_printf ("Basic %s", encoded);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", header);
  if (json_body != NULL)
    {
      g_autoptr(GBytes) request = g_bytes_new (json_body, strlen (json_body));

      soup_message_set_request_body_from_bytes (msg, "application/json", request);
    }
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  if (out_reply != NULL)
    *out_reply = g_bytes_get_size (body) > 0 ? json_from_string (g_bytes_get_data (body, NULL), NULL) : NULL;

  return soup_message_get_status (msg);
}

static void
create_token (MdTestSandbox *sandbox,
              const char    *body,
              Token         *out_token)
{
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *data;

  g_assert_true (md_test_sandbox_admin (sandbox, "POST", "/_sandbox/tokens", body, &reply, &error));
  g_assert_no_error (error);
  data = json_object_get_object_member (json_node_get_object (reply), "data");
  out_token->id = g_strdup (json_object_get_string_member (data, "token_id"));
  out_token->secret = g_strdup (json_object_get_string_member (data, "token_secret"));
  g_assert_nonnull (out_token->id);
  g_assert_cmpuint (strlen (out_token->secret), >=, 32);
  g_assert_cmpstr (out_token->id, !=, md_test_sandbox_get_token_id (sandbox));
}

static void
assert_forbidden (JsonNode *reply)
{
  JsonObject *error;
  JsonArray *messages;

  g_assert_nonnull (reply);
  error = json_object_get_object_member (json_node_get_object (reply), "error");
  g_assert_nonnull (error);
  g_assert_cmpstr (json_object_get_string_member (error, "type"), ==, "forbidden");
  messages = json_object_get_array_member (error, "messages");
  g_assert_cmpuint (json_array_get_length (messages), ==, 1);
  g_assert_nonnull (strstr (json_array_get_string_element (messages, 0), "permission"));
}

static GStrv
whoami_permissions (MdTestSandbox *sandbox,
                    Token         *token,
                    char         **out_name)
{
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonObject *data;
  JsonArray *permissions;

  g_assert_cmpuint (request_as (sandbox, token->id, token->secret, "GET", "/system/v1/whoami", NULL, &reply),
                    ==, 200);
  data = json_object_get_object_member (json_node_get_object (reply), "data");
  permissions = json_object_get_array_member (data, "permissions");
  for (guint i = 0; i < json_array_get_length (permissions); i++)
    g_strv_builder_add (builder, json_array_get_string_element (permissions, i));
  for (const char *const *key = (const char *const[]) {
         "environment_id", "environment_name", "environment_type",
         "organization_id", "organization_name", NULL }; *key != NULL; key++)
    g_assert_nonnull (json_object_get_string_member (data, *key));
  if (out_name != NULL)
    *out_name = g_strdup (json_object_get_string_member (data, "access_token_name"));

  return g_strv_builder_end (builder);
}

static guint
count_uploads (MdTestSandbox *sandbox)
{
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (md_test_sandbox_api (sandbox, "GET", "/video/v1/uploads", NULL, &reply, &error), ==, 200);
  return json_array_get_length (json_object_get_array_member (json_node_get_object (reply), "data"));
}

/* Video and Data, no System: the token of a library editor. */
static void
test_without_system (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdTestSandbox) sandbox = md_test_sandbox_start ((const char *[]) { "--no-rate-limit", NULL }, &error);
  g_auto(Token) token = { 0 };
  g_auto(GStrv) permissions = NULL;
  g_autofree char *name = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) keys = NULL;

  g_assert_no_error (error);
  create_token (sandbox, "{\"name\":\"Editor\",\"permissions\":[\"video:write\",\"data:read\",\"video:read\"]}",
                &token);

  /* whoami: every token may ask, and hears its own name and permissions. */
  permissions = whoami_permissions (sandbox, &token, &name);
  g_assert_cmpstr (name, ==, "Editor");
  g_assert_cmpuint (g_strv_length (permissions), ==, 3);
  g_assert_true (g_strv_contains ((const char *const *) permissions, "video:read"));
  g_assert_true (g_strv_contains ((const char *const *) permissions, "video:write"));
  g_assert_true (g_strv_contains ((const char *const *) permissions, "data:read"));

  /* System routes: 403 with Mux's error body, and nothing happens. */
  g_assert_cmpuint (request_as (sandbox, token.id, token.secret, "GET", "/system/v1/signing-keys", NULL, &reply),
                    ==, 403);
  assert_forbidden (reply);
  g_clear_pointer (&reply, json_node_unref);
  g_assert_cmpuint (request_as (sandbox, token.id, token.secret, "POST", "/system/v1/signing-keys", NULL, &reply),
                    ==, 403);
  assert_forbidden (reply);
  g_clear_pointer (&reply, json_node_unref);
  g_assert_cmpuint (md_test_sandbox_api (sandbox, "GET", "/system/v1/signing-keys", NULL, &keys, &error), ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (keys), "data")),
                    ==, 0);

  /* What it has works. */
  g_assert_cmpuint (request_as (sandbox, token.id, token.secret, "GET", "/video/v1/assets?limit=10", NULL, NULL),
                    ==, 200);
  g_assert_cmpuint (request_as (sandbox, token.id, token.secret, "POST", "/video/v1/uploads",
                                "{\"cors_origin\":\"*\",\"new_asset_settings\":{\"playback_policies\":[\"public\"]}}",
                                NULL),
                    ==, 201);
  g_assert_cmpuint (request_as (sandbox, token.id, token.secret, "GET",
                                "/data/v1/engagement/assets/no-such-asset/heatmap", NULL, &reply),
                    !=, 403);

  /* The sandbox's own token still has everything. */
  g_clear_pointer (&permissions, g_strfreev);
  {
    Token main = { (char *) md_test_sandbox_get_token_id (sandbox), (char *) md_test_sandbox_get_token_secret (sandbox) };

    permissions = whoami_permissions (sandbox, &main, NULL);
    g_assert_true (g_strv_contains ((const char *const *) permissions, "system:write"));
  }
}

/* Read only: writes are refused before they change anything. */
static void
test_read_only (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdTestSandbox) sandbox = md_test_sandbox_start ((const char *[]) { "--no-rate-limit", NULL }, &error);
  g_auto(Token) token = { 0 };
  g_autoptr(JsonNode) reply = NULL;

  g_assert_no_error (error);
  create_token (sandbox, "{\"permissions\":[\"video:read\"]}", &token);

  g_assert_cmpuint (request_as (sandbox, token.id, token.secret, "GET", "/video/v1/uploads", NULL, NULL), ==, 200);
  g_assert_cmpuint (request_as (sandbox, token.id, token.secret, "POST", "/video/v1/uploads",
                                "{\"cors_origin\":\"*\"}", &reply),
                    ==, 403);
  assert_forbidden (reply);
  g_assert_cmpuint (count_uploads (sandbox), ==, 0);
  g_clear_pointer (&reply, json_node_unref);
  g_assert_cmpuint (request_as (sandbox, token.id, token.secret, "GET",
                                "/data/v1/engagement/assets/no-such-asset/heatmap", NULL, &reply),
                    ==, 403);
  assert_forbidden (reply);

  /* A wrong secret for a known id is no better than an unknown id. */
  g_clear_pointer (&reply, json_node_unref);
  g_assert_cmpuint (request_as (sandbox, token.id, "not-the-secret", "GET", "/video/v1/uploads", NULL, &reply),
                    ==, 401);
  g_assert_cmpuint (request_as (sandbox, token.id, md_test_sandbox_get_token_secret (sandbox),
                                "GET", "/video/v1/uploads", NULL, NULL),
                    ==, 401);
}

static void
test_bad_requests (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdTestSandbox) sandbox = md_test_sandbox_start (NULL, &error);
  const char *bodies[] = {
    "{\"permissions\":[\"video:read\",\"root\"]}",
    "{\"permissions\":[]}",
    "{\"permissions\":\"video:read\"}",
    "{\"permissions\":[1]}",
    "{\"permissions\":[\"video:read\"],\"name\":7}",
    "{}",
    "not json",
  };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(GError) refused = NULL;

      g_assert_false (md_test_sandbox_admin (sandbox, "POST", "/_sandbox/tokens", bodies[i], NULL, &refused));
      g_assert_nonnull (refused);
      g_assert_nonnull (strstr (refused->message, "answered 400"));
    }
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

/* Kept in the state dir like the sandbox's own pair; only a hash of the
 * secret is written. */
static void
test_persists (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("md-test-tokens-XXXXXX", &error);
  const char *args[] = { "--state-dir", dir, NULL };
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_auto(Token) token = { 0 };
  g_auto(GStrv) permissions = NULL;
  g_autoptr(JsonNode) reply = NULL;
  MdTestSandbox *sandbox;
  struct stat info;

  g_assert_no_error (error);
  sandbox = md_test_sandbox_start (args, &error);
  g_assert_no_error (error);
  create_token (sandbox, "{\"permissions\":[\"data:read\"]}", &token);
  md_test_sandbox_stop (sandbox);

  path = g_build_filename (dir, "tokens.json", NULL);
  g_assert_cmpint (g_stat (path, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, token.id));
  g_assert_null (strstr (contents, token.secret));

  sandbox = md_test_sandbox_start (args, &error);
  g_assert_no_error (error);
  permissions = whoami_permissions (sandbox, &token, NULL);
  g_assert_cmpuint (g_strv_length (permissions), ==, 1);
  g_assert_cmpstr (permissions[0], ==, "data:read");
  g_assert_cmpuint (request_as (sandbox, token.id, token.secret, "GET", "/video/v1/assets", NULL, &reply), ==, 403);
  assert_forbidden (reply);
  md_test_sandbox_stop (sandbox);

  /* A damaged file stops the sandbox with a message, not a silent reset. */
  g_assert_true (g_file_set_contents (path, "{\"tokens\":[{\"token_id\":1}]}", -1, NULL));
  g_assert_null (md_test_sandbox_start (args, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  g_assert_cmpint (g_remove (path), ==, 0);
  sandbox = md_test_sandbox_start (args, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (request_as (sandbox, token.id, token.secret, "GET", "/system/v1/whoami", NULL, NULL), ==, 401);
  md_test_sandbox_stop (sandbox);

  remove_tree (dir);
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox/tokens/without-system", test_without_system);
  g_test_add_func ("/sandbox/tokens/read-only", test_read_only);
  g_test_add_func ("/sandbox/tokens/bad-requests", test_bad_requests);
  g_test_add_func ("/sandbox/tokens/persists", test_persists);

  return g_test_run ();
}
