/* test-upload-task.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * MdUploadTask against the real muxdesk-sandbox: chunked resumable PUTs
 * arrive byte-identical, with and without injected faults, and become a
 * ready, playable asset.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "md-upload-test-util.h"
#include "md-test-utils.h"

typedef struct
{
  MdTestSandbox *sandbox;
  MdClient      *client;
} Fixture;

static char *video_dir;
static char *video_path;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  const char *args[] = { "--no-rate-limit", NULL };
  g_autoptr(GError) error = NULL;

  fixture->sandbox = md_test_sandbox_start (args, &error);
  g_assert_no_error (error);
  fixture->client = md_test_client_new (fixture->sandbox);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->client);
  g_clear_pointer (&fixture->sandbox, md_test_sandbox_stop);
}

static MdUploadTask *
new_task (Fixture *fixture)
{
  MdUploadTask *task = md_upload_task_new (fixture->client, video_path, "Noise",
                                           MD_PLAYBACK_POLICY_PUBLIC, MD_VIDEO_QUALITY_BASIC);

  md_test_tune_task (task, NULL);
  return task;
}

static JsonObject *
get_data (Fixture    *fixture,
          const char *path,
          JsonNode  **out_root)
{
  g_autoptr(GError) error = NULL;
  guint status;

  status = md_test_sandbox_api (fixture->sandbox, "GET", path, NULL, out_root, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, 200);
  return json_object_get_object_member (json_node_get_object (*out_root), "data");
}

/* The asset is ready and its HLS playlist is served. */
static void
assert_playable (Fixture      *fixture,
                 MdUploadTask *task)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *path = g_strdup_printf ("/video/v1/assets/%s", md_upload_task_get_asset_id (task));
  g_autofree char *url = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *asset = get_data (fixture, path, &root);
  JsonArray *ids = json_object_get_array_member (asset, "playback_ids");

  g_assert_cmpstr (json_object_get_string_member (asset, "status"), ==, "ready");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (asset, "meta"), "title"), ==, "Noise");
  g_assert_cmpuint (json_array_get_length (ids), >=, 1);

  url = g_strdup_printf ("%s/%s.m3u8", md_test_sandbox_get_stream_url (fixture->sandbox),
                         json_object_get_string_member (json_array_get_object_element (ids, 0), "id"));
  msg = soup_message_new ("GET", url);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_true (g_str_has_prefix (g_bytes_get_data (body, NULL), "#EXTM3U"));
}

static void
test_multi_chunk (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(MdUploadTask) task = new_task (fixture);
  guint n_chunks = 0;
  guint64 sum;

  md_upload_task_start (task);
  g_assert_true (md_test_wait_for_state (task, MD_UPLOAD_TASK_STATE_READY, 120000));

  g_assert_nonnull (md_upload_task_get_upload_id (task));
  g_assert_nonnull (md_upload_task_get_asset_id (task));
  g_assert_cmpuint (md_upload_task_get_bytes_sent (task), ==, md_upload_task_get_total_bytes (task));
  g_assert_true (md_test_sandbox_has_file (fixture->sandbox, video_path));

  sum = md_test_sandbox_chunk_bytes (fixture->sandbox, &n_chunks);
  g_assert_cmpuint (n_chunks, >=, 3);
  g_assert_cmpuint (sum, ==, md_upload_task_get_total_bytes (task));
  g_assert_cmpuint (md_upload_task_get_wire_bytes (task), ==, md_upload_task_get_total_bytes (task));
  assert_playable (fixture, task);
}

/* Each fault: the upload survives it and the file arrives intact. */
static void
test_fault (Fixture       *fixture,
            gconstpointer  data)
{
  const char *fault = data;
  g_autoptr(MdUploadTask) task = new_task (fixture);
  gboolean saw_retry = FALSE;

  md_test_add_fault (fixture->sandbox, fault);
  md_upload_task_start (task);

  while (md_upload_task_get_state (task) != MD_UPLOAD_TASK_STATE_PROCESSING &&
         md_upload_task_get_state (task) != MD_UPLOAD_TASK_STATE_FAILED &&
         md_upload_task_get_state (task) != MD_UPLOAD_TASK_STATE_READY)
    {
      saw_retry |= md_upload_task_get_state (task) == MD_UPLOAD_TASK_STATE_RETRYING;
      g_main_context_iteration (NULL, TRUE);
    }

  g_assert_true (saw_retry);
  g_assert_true (md_test_wait_for_state (task, MD_UPLOAD_TASK_STATE_READY, 120000));
  g_assert_true (md_test_sandbox_has_file (fixture->sandbox, video_path));
}

static gboolean
has_sent_some (gpointer user_data)
{
  MdUploadTask *task = user_data;

  return md_upload_task_get_confirmed_bytes (task) > 0;
}

static void
test_pause_resume (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(MdUploadTask) task = new_task (fixture);
  guint64 paused_at;

  /* 1 MiB/s: several seconds for the file, time enough to pause. */
  md_test_add_fault (fixture->sandbox,
                     "{\"match\":\"upload-chunk\",\"action\":\"slow\",\"bytes_per_second\":1048576,\"count\":0}");
  md_upload_task_start (task);
  g_assert_true (md_test_wait_until (has_sent_some, task, 60000));

  md_upload_task_pause (task);
  g_assert_true (md_test_wait_for_state (task, MD_UPLOAD_TASK_STATE_PAUSED, 30000));
  paused_at = md_upload_task_get_confirmed_bytes (task);
  g_assert_cmpuint (paused_at, <, md_upload_task_get_total_bytes (task));
  g_assert_cmpfloat (md_upload_task_get_speed (task), ==, 0);

  md_test_sandbox_admin (fixture->sandbox, "DELETE", "/_sandbox/faults", NULL, NULL, NULL);
  md_upload_task_start (task);
  g_assert_true (md_test_wait_for_state (task, MD_UPLOAD_TASK_STATE_READY, 120000));
  g_assert_true (md_test_sandbox_has_file (fixture->sandbox, video_path));
  /* Resumed, not restarted: bytes on the wire stay well under twice the file. */
  g_assert_cmpuint (md_upload_task_get_wire_bytes (task), <, md_upload_task_get_total_bytes (task) + 2 * MD_TEST_CHUNK);
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(MdUploadTask) task = new_task (fixture);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  MdTestCall call = { NULL };
  JsonObject *upload;

  md_test_add_fault (fixture->sandbox,
                     "{\"match\":\"upload-chunk\",\"action\":\"slow\",\"bytes_per_second\":1048576,\"count\":0}");
  md_upload_task_start (task);
  g_assert_true (md_test_wait_until (has_sent_some, task, 60000));

  md_upload_task_cancel_async (task, NULL, md_test_call_done, &call);
  g_assert_true (md_upload_task_cancel_finish (task, md_test_call_wait (&call), &error));
  g_assert_no_error (error);
  md_test_call_clear (&call);
  g_assert_cmpint (md_upload_task_get_state (task), ==, MD_UPLOAD_TASK_STATE_CANCELLED);

  path = g_strdup_printf ("/video/v1/uploads/%s", md_upload_task_get_upload_id (task));
  upload = get_data (fixture, path, &root);
  g_assert_cmpstr (json_object_get_string_member (upload, "status"), ==, "cancelled");

  /* A cancelled task stays cancelled. */
  md_upload_task_start (task);
  g_assert_cmpint (md_upload_task_get_state (task), ==, MD_UPLOAD_TASK_STATE_CANCELLED);
}

/* A file that is not media: the sandbox answers errored, and we say why. */
static void
test_not_media (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (video_dir, "notes.txt", NULL);
  g_autoptr(MdUploadTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strnfill (300 * 1024, 'x');

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);

  task = md_upload_task_new (fixture->client, path, "Notes", MD_PLAYBACK_POLICY_PUBLIC, MD_VIDEO_QUALITY_BASIC);
  md_test_tune_task (task, NULL);
  md_upload_task_start (task);
  g_assert_true (md_test_wait_for_state (task, MD_UPLOAD_TASK_STATE_FAILED, 120000));
  g_assert_true (g_error_matches (md_upload_task_get_error (task), MD_UPLOAD_ERROR, MD_UPLOAD_ERROR_ERRORED));
  g_assert_nonnull (strstr (md_upload_task_get_error_message (task), "Mux could not"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  video_dir = g_dir_make_tmp ("md-upload-XXXXXX", &error);
  g_assert_no_error (error);
  video_path = md_test_make_video (video_dir, "noise.ts", 90);

  g_test_add ("/upload-task/multi-chunk", Fixture, NULL, fixture_setup, test_multi_chunk, fixture_teardown);
  g_test_add ("/upload-task/fault/5xx", Fixture,
              "{\"match\":\"upload-chunk\",\"action\":\"status\",\"status\":503,\"retry_after\":1,\"skip\":2}",
              fixture_setup, test_fault, fixture_teardown);
  g_test_add ("/upload-task/fault/reset", Fixture,
              "{\"match\":\"upload-chunk\",\"action\":\"reset\",\"skip\":1}",
              fixture_setup, test_fault, fixture_teardown);
  g_test_add ("/upload-task/fault/429-storm", Fixture,
              "{\"match\":\"any\",\"action\":\"status\",\"status\":429,\"count\":6}",
              fixture_setup, test_fault, fixture_teardown);
  g_test_add ("/upload-task/fault/stall", Fixture,
              "{\"match\":\"upload-chunk\",\"action\":\"stall\",\"skip\":1}",
              fixture_setup, test_fault, fixture_teardown);
  g_test_add ("/upload-task/pause-resume", Fixture, NULL, fixture_setup, test_pause_resume, fixture_teardown);
  g_test_add ("/upload-task/cancel", Fixture, NULL, fixture_setup, test_cancel, fixture_teardown);
  g_test_add ("/upload-task/not-media", Fixture, NULL, fixture_setup, test_not_media, fixture_teardown);

  status = g_test_run ();

  {
    g_autofree char *notes = g_build_filename (video_dir, "notes.txt", NULL);
    g_unlink (notes);
  }
  g_unlink (video_path);
  g_rmdir (video_dir);
  g_free (video_path);
  g_free (video_dir);
  return status;
}
