/* test-sandbox-assets.c — /video/v1/assets over real HTTP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "md-test-sandbox.h"

/* These tests are about the endpoints, not about pacing. */
static const char *const no_rate_limit[] = { "--no-rate-limit", NULL };

static JsonObject *
reply_object (JsonNode *reply)
{
  g_assert_nonnull (reply);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (reply));
  return json_node_get_object (reply);
}

static void
assert_error (JsonNode   *reply,
              const char *type)
{
  JsonObject *error = json_object_get_object_member (reply_object (reply), "error");

  g_assert_nonnull (error);
  g_assert_cmpstr (json_object_get_string_member (error, "type"), ==, type);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (error, "messages")), >=, 1);
}

static void
add_records (MdTestSandbox *sandbox,
             guint          count)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *body = g_strdup_printf ("{\"assets\":%u}", count);

  g_assert_true (md_test_sandbox_admin (sandbox, "POST", "/_sandbox/records", body, &reply, &error));
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (reply_object (reply), "data"),
                                               "created"), ==, count);
}

/* GET @path and return its "data" array (the reply stays alive in @out_reply). */
static JsonArray *
list (MdTestSandbox  *sandbox,
      const char     *path,
      JsonNode      **out_reply)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (md_test_sandbox_api (sandbox, "GET", path, NULL, out_reply, &error), ==, 200);
  g_assert_no_error (error);
  return json_object_get_array_member (reply_object (*out_reply), "data");
}

static char *
first_asset_id (MdTestSandbox *sandbox)
{
  g_autoptr(JsonNode) reply = NULL;
  JsonArray *data = list (sandbox, "/video/v1/assets?limit=1", &reply);

  g_assert_cmpuint (json_array_get_length (data), ==, 1);
  return g_strdup (json_object_get_string_member (json_array_get_object_element (data, 0), "id"));
}

static void
test_pagination (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdTestSandbox) sandbox = md_test_sandbox_start (no_rate_limit, &error);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) by_cursor = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *cursor = NULL;
  guint pages = 0;

  g_assert_no_error (error);
  add_records (sandbox, 250);

  /* Cursor walk: 100 + 100 + 50, then next_cursor is null. */
  do
    {
      g_autoptr(JsonNode) reply = NULL;
      g_autofree char *path = cursor
        ? g_strdup_printf ("/video/v1/assets?limit=100&cursor=%s", cursor)
        : g_strdup ("/video/v1/assets?limit=100");
      JsonArray *data = list (sandbox, path, &reply);
      JsonNode *next = json_object_get_member (reply_object (reply), "next_cursor");

      g_assert_nonnull (next);
      g_assert_cmpuint (json_array_get_length (data), ==, pages < 2 ? 100 : 50);
      for (guint i = 0; i < json_array_get_length (data); i++)
        {
          JsonObject *asset = json_array_get_object_element (data, i);
          const char *id = json_object_get_string_member (asset, "id");

          g_assert_cmpstr (json_object_get_string_member (asset, "status"), ==, "ready");
          g_assert_false (g_hash_table_contains (seen, id));
          g_hash_table_add (seen, g_strdup (id));
          g_ptr_array_add (by_cursor, g_strdup (id));
        }
      g_clear_pointer (&cursor, g_free);
      if (!JSON_NODE_HOLDS_NULL (next))
        cursor = g_uri_escape_string (json_node_get_string (next), NULL, FALSE);
      pages++;
    }
  while (cursor != NULL);
  g_assert_cmpuint (pages, ==, 3);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 250);

  /* Pages list the same records in the same order (newest first). */
  for (guint page = 1; page <= 3; page++)
    {
      g_autoptr(JsonNode) reply = NULL;
      g_autofree char *path = g_strdup_printf ("/video/v1/assets?limit=100&page=%u", page);
      JsonArray *data = list (sandbox, path, &reply);

      for (guint i = 0; i < json_array_get_length (data); i++)
        g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (data, i), "id"), ==,
                         g_ptr_array_index (by_cursor, (page - 1) * 100 + i));
    }

  /* The newest record comes first: the last one created is "Synthetic asset 250". */
  {
    g_autoptr(JsonNode) reply = NULL;
    JsonArray *data = list (sandbox, "/video/v1/assets?limit=1", &reply);
    JsonObject *meta = json_object_get_object_member (json_array_get_object_element (data, 0), "meta");

    g_assert_cmpstr (json_object_get_string_member (meta, "title"), ==, "Synthetic asset 250");
  }

  /* The limit given is honoured; without one Mux's default of 25 applies. */
  {
    g_autoptr(JsonNode) reply = NULL;
    g_autoptr(JsonNode) reply2 = NULL;
    g_autoptr(JsonNode) reply3 = NULL;

    g_assert_cmpuint (json_array_get_length (list (sandbox, "/video/v1/assets?limit=7", &reply)), ==, 7);
    g_assert_cmpuint (json_array_get_length (list (sandbox, "/video/v1/assets", &reply2)), ==, 25);
    g_assert_cmpuint (json_array_get_length (list (sandbox, "/video/v1/assets?limit=100&page=9", &reply3)), ==, 0);
  }
}

static void
test_bad_list_parameters (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdTestSandbox) sandbox = md_test_sandbox_start (no_rate_limit, &error);
  const char *paths[] = {
    "/video/v1/assets?limit=0", "/video/v1/assets?limit=abc", "/video/v1/assets?page=0",
    "/video/v1/assets?cursor=not-a-cursor",
  };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(JsonNode) reply = NULL;

      g_assert_cmpuint (md_test_sandbox_api (sandbox, "GET", paths[i], NULL, &reply, &error), ==, 400);
      assert_error (reply, "invalid_parameters");
    }
}

static void
test_get_update_delete (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdTestSandbox) sandbox = md_test_sandbox_start (no_rate_limit, &error);
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) patched = NULL;
  g_autoptr(JsonNode) missing = NULL;
  g_autoptr(JsonNode) filtered = NULL;
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  g_autofree char *long_title = NULL;
  g_autofree char *long_body = NULL;
  JsonObject *asset, *meta;

  g_assert_no_error (error);
  add_records (sandbox, 3);
  id = first_asset_id (sandbox);
  path = g_strdup_printf ("/video/v1/assets/%s", id);

  g_assert_cmpuint (md_test_sandbox_api (sandbox, "GET", path, NULL, &reply, &error), ==, 200);
  asset = json_object_get_object_member (reply_object (reply), "data");
  g_assert_cmpstr (json_object_get_string_member (asset, "id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (asset, "status"), ==, "ready");
  g_assert_nonnull (json_object_get_string_member (asset, "created_at"));
  g_assert_cmpfloat (json_object_get_double_member (asset, "duration"), >, 0);
  g_assert_false (json_object_has_member (asset, "_sandbox"));

  g_assert_cmpuint (md_test_sandbox_api (sandbox, "PATCH", path,
                                         "{\"meta\":{\"title\":\"Renamed\",\"creator_id\":\"c1\"},\"passthrough\":\"p\"}",
                                         &patched, &error), ==, 200);
  meta = json_object_get_object_member (json_object_get_object_member (reply_object (patched), "data"), "meta");
  g_assert_cmpstr (json_object_get_string_member (meta, "title"), ==, "Renamed");
  g_assert_cmpstr (json_object_get_string_member (meta, "creator_id"), ==, "c1");
  g_clear_pointer (&reply, json_node_unref);
  g_assert_cmpuint (md_test_sandbox_api (sandbox, "GET", path, NULL, &reply, &error), ==, 200);
  asset = json_object_get_object_member (reply_object (reply), "data");
  g_assert_cmpstr (json_object_get_string_member (asset, "passthrough"), ==, "p");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (asset, "meta"), "title"), ==, "Renamed");

  /* Bad bodies: 400 with Mux's error body, nothing changed. */
  long_title = g_strnfill (513, 'x');
  long_body = g_strdup_printf ("{\"meta\":{\"title\":\"%s\"}}", long_title);
  for (const char *const *body = (const char *const[]) { long_body, "{\"meta\":\"title\"}",
                                                          "{\"meta\":{\"title\":5}}", "{not json", "[1]", NULL };
       *body != NULL; body++)
    {
      g_autoptr(JsonNode) bad = NULL;

      g_assert_cmpuint (md_test_sandbox_api (sandbox, "PATCH", path, *body, &bad, &error), ==, 400);
      assert_error (bad, "invalid_parameters");
    }

  /* Unknown ids: 404 not_found. */
  g_assert_cmpuint (md_test_sandbox_api (sandbox, "GET", "/video/v1/assets/nope", NULL, &missing, &error), ==, 404);
  assert_error (missing, "not_found");

  /* Filters. */
  g_assert_cmpuint (json_array_get_length (list (sandbox, "/video/v1/assets?upload_id=none", &filtered)), ==, 0);

  g_assert_cmpuint (md_test_sandbox_api (sandbox, "DELETE", path, NULL, NULL, &error), ==, 204);
  g_assert_cmpuint (md_test_sandbox_api (sandbox, "GET", path, NULL, NULL, &error), ==, 404);
  g_assert_cmpuint (md_test_sandbox_api (sandbox, "DELETE", path, NULL, NULL, &error), ==, 404);
  {
    g_autoptr(JsonNode) all = NULL;

    g_assert_cmpuint (json_array_get_length (list (sandbox, "/video/v1/assets?limit=100", &all)), ==, 2);
  }
}

static void
test_playback_ids (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdTestSandbox) sandbox = md_test_sandbox_start (no_rate_limit, &error);
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) bad = NULL;
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  g_autofree char *pid_path = NULL;
  g_autofree char *pid = NULL;
  g_autofree char *stream = NULL;
  JsonObject *data;

  g_assert_no_error (error);
  add_records (sandbox, 1);
  id = first_asset_id (sandbox);
  path = g_strdup_printf ("/video/v1/assets/%s/playback-ids", id);

  g_assert_cmpuint (md_test_sandbox_api (sandbox, "POST", path, "{\"policy\":\"signed\"}", &created, &error), ==, 201);
  data = json_object_get_object_member (reply_object (created), "data");
  g_assert_cmpstr (json_object_get_string_member (data, "policy"), ==, "signed");
  pid = g_strdup (json_object_get_string_member (data, "id"));

  /* A signed id needs a token on the stream host. */
  stream = g_strdup_printf ("%s/%s.m3u8", md_test_sandbox_get_stream_url (sandbox), pid);
  {
    g_autoptr(SoupSession) session = soup_session_new ();
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", stream);
    g_autoptr(GBytes) body = soup_session_send_and_read (session, msg, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 403);
  }

  g_assert_cmpuint (md_test_sandbox_api (sandbox, "POST", path, "{\"policy\":\"bogus\"}", &bad, &error), ==, 400);
  assert_error (bad, "invalid_parameters");

  g_assert_cmpuint (md_test_sandbox_api (sandbox, "GET", path, NULL, NULL, &error), ==, 405);
  pid_path = g_strdup_printf ("%s/%s", path, pid);
  g_assert_cmpuint (md_test_sandbox_api (sandbox, "GET", pid_path, NULL, NULL, &error), ==, 200);
  {
    g_autofree char *asset_path = g_strdup_printf ("/video/v1/assets/%s", id);

    g_assert_cmpuint (md_test_sandbox_api (sandbox, "GET", asset_path, NULL, &reply, &error), ==, 200);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                        json_object_get_object_member (reply_object (reply), "data"), "playback_ids")), ==, 2);
  }
  /* The playback id leads back to its asset. */
  {
    g_autofree char *lookup = g_strdup_printf ("/video/v1/playback-ids/%s", pid);
    g_autoptr(JsonNode) owner = NULL;
    JsonObject *object;

    g_assert_cmpuint (md_test_sandbox_api (sandbox, "GET", lookup, NULL, &owner, &error), ==, 200);
    object = json_object_get_object_member (json_object_get_object_member (reply_object (owner), "data"), "object");
    g_assert_cmpstr (json_object_get_string_member (object, "type"), ==, "asset");
    g_assert_cmpstr (json_object_get_string_member (object, "id"), ==, id);
    g_assert_cmpuint (md_test_sandbox_api (sandbox, "DELETE", pid_path, NULL, NULL, &error), ==, 204);
    g_assert_cmpuint (md_test_sandbox_api (sandbox, "GET", lookup, NULL, NULL, &error), ==, 404);
  }
  g_assert_cmpuint (md_test_sandbox_api (sandbox, "DELETE", pid_path, NULL, NULL, &error), ==, 404);
  {
    g_autoptr(SoupSession) session = soup_session_new ();
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", stream);
    g_autoptr(GBytes) body = soup_session_send_and_read (session, msg, NULL, &error);

    g_assert_cmpuint (soup_message_get_status (msg), ==, 404);
  }
}

static void
test_input_info (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdTestSandbox) sandbox = md_test_sandbox_start (no_rate_limit, &error);
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  JsonObject *file;

  g_assert_no_error (error);
  add_records (sandbox, 1);
  id = first_asset_id (sandbox);
  path = g_strdup_printf ("/video/v1/assets/%s/input-info", id);
  g_assert_cmpuint (md_test_sandbox_api (sandbox, "GET", path, NULL, &reply, &error), ==, 200);
  file = json_object_get_object_member (json_array_get_object_element (
           json_object_get_array_member (reply_object (reply), "data"), 0), "file");
  g_assert_nonnull (json_object_get_string_member (file, "container_format"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (file, "tracks")), ==, 2);
}

/* Records, edits and deletions survive a restart on the same state dir. */
static void
test_restart_keeps_state (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("md-test-assets-XXXXXX", &error);
  const char *args[] = { "--state-dir", dir, "--no-rate-limit", NULL };
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) all = NULL;
  MdTestSandbox *sandbox;

  g_assert_no_error (error);
  sandbox = md_test_sandbox_start (args, &error);
  g_assert_no_error (error);
  add_records (sandbox, 5);
  id = first_asset_id (sandbox);
  path = g_strdup_printf ("/video/v1/assets/%s", id);
  g_assert_cmpuint (md_test_sandbox_api (sandbox, "PATCH", path, "{\"meta\":{\"title\":\"Kept\"}}", NULL, &error), ==, 200);
  md_test_sandbox_stop (sandbox);

  sandbox = md_test_sandbox_start (args, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (md_test_sandbox_api (sandbox, "GET", path, NULL, &reply, &error), ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                     json_object_get_object_member (reply_object (reply), "data"), "meta"), "title"), ==, "Kept");
  g_assert_cmpuint (json_array_get_length (list (sandbox, "/video/v1/assets?limit=100", &all)), ==, 5);
  md_test_sandbox_stop (sandbox);

  /* A throw-away dir the helper did not create: remove it with the shell's help. */
  {
    g_autofree char *quoted = g_shell_quote (dir);
    g_autofree char *command = g_strdup_printf ("rm -rf %s", quoted);

    g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox/assets/pagination", test_pagination);
  g_test_add_func ("/sandbox/assets/bad-list-parameters", test_bad_list_parameters);
  g_test_add_func ("/sandbox/assets/get-update-delete", test_get_update_delete);
  g_test_add_func ("/sandbox/assets/playback-ids", test_playback_ids);
  g_test_add_func ("/sandbox/assets/input-info", test_input_info);
  g_test_add_func ("/sandbox/assets/restart-keeps-state", test_restart_keeps_state);

  return g_test_run ();
}
