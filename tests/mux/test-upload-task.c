/* test-upload-task.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * MdUploadTask against the real muxdesk-sandbox: chunked resumable PUTs
 * arrive byte-identical, with and without injected faults, and become a
 * ready, playable asset.
 */

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* Changed files --------------------------------------------------------- */

/* A copy of the test video the test may edit. */
static char *
copy_video (const char *name)
{
  g_autofree char *path = g_build_filename (video_dir, name, NULL);
  g_autoptr(GFile) from = g_file_new_for_path (video_path);
  g_autoptr(GFile) to = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

/* Rewrites @path in place, same size, every byte different, as an editor
 * saving over it would; with @keep_time its modification time is put back,
 * so only the content tells. Returns the old content. */
static GBytes *
rewrite_in_place (const char *path,
                  gboolean    keep_time)
{
  g_autofree guchar *contents = NULL;
  g_autofree guchar *changed = NULL;
  g_autoptr(GError) error = NULL;
  struct stat before, after;
  gsize length;
  int fd;

  g_assert_cmpint (g_stat (path, &before), ==, 0);
  g_file_get_contents (path, (char **) &contents, &length, &error);
  g_assert_no_error (error);
  changed = g_memdup2 (contents, length);
  for (gsize i = 0; i < length; i++)
    changed[i] ^= 0x5a;

  fd = g_open (path, O_WRONLY, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pwrite (fd, changed, length, 0), ==, (gssize) length);
  if (keep_time)
    {
      struct timespec times[2] = { before.st_atim, before.st_mtim };

      g_assert_cmpint (futimens (fd, times), ==, 0);
    }
  close (fd);

  g_assert_cmpint (g_stat (path, &after), ==, 0);
  g_assert_cmpint (after.st_size, ==, before.st_size);
  if (keep_time)
    g_assert_cmpint (after.st_mtim.tv_nsec, ==, before.st_mtim.tv_nsec);
  else
    g_assert_true (after.st_mtim.tv_sec != before.st_mtim.tv_sec || after.st_mtim.tv_nsec != before.st_mtim.tv_nsec);

  return g_bytes_new_take (g_steal_pointer (&contents), length);
}

/* The chunk PUTs in the sandbox's log that start at or after @from. */
static guint
chunks_from (Fixture *fixture,
             guint64  from)
{
  g_autoptr(JsonArray) array = NULL;
  guint n = 0;

  array = md_test_sandbox_request_log (fixture->sandbox);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *entry = json_array_get_object_element (array, i);
      const char *range = json_object_get_string_member_with_default (entry, "content_range", NULL);
      guint64 start, end;

      if (range != NULL && sscanf (range, "bytes %" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT, &start, &end) == 2 &&
          start >= from)
        n++;
    }
  return n;
}

/* What the sandbox stored for the upload is a prefix of @old, and the
 * upload is still waiting for bytes: no asset was made of a mix. */
static void
assert_sandbox_holds_only (Fixture      *fixture,
                           MdUploadTask *task,
                           GBytes       *old)
{
  g_autofree char *part = g_strdup_printf ("%s/uploads/%s.part", md_test_sandbox_get_state_dir (fixture->sandbox),
                                           md_upload_task_get_upload_id (task));
  g_autofree char *path = g_strdup_printf ("/video/v1/uploads/%s", md_upload_task_get_upload_id (task));
  g_autofree char *stored = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  g_file_get_contents (part, &stored, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 0);
  g_assert_cmpuint (length, <, g_bytes_get_size (old));
  g_assert_cmpmem (stored, length, g_bytes_get_data (old, NULL), length);
  g_assert_cmpstr (json_object_get_string_member (get_data (fixture, path, &root), "status"), ==, "waiting");
}

static void
assert_failed_as_changed (MdUploadTask *task,
                          const char   *name)
{
  g_assert_true (md_test_wait_for_state (task, MD_UPLOAD_TASK_STATE_FAILED, 60000));
  g_assert_error ((GError *) md_upload_task_get_error (task), MD_UPLOAD_ERROR, MD_UPLOAD_ERROR_FILE_CHANGED);
  g_assert_nonnull (strstr (md_upload_task_get_error_message (task), name));
  g_test_message ("%s", md_upload_task_get_error_message (task));
}

/* Paused, edited (same size; @data: with its old modification time put
 * back), resumed: the upload stops, and nothing of the new version goes. */
static void
test_changed_while_paused (Fixture       *fixture,
                           gconstpointer  data)
{
  gboolean keep_time = GPOINTER_TO_INT (data);
  g_autofree char *path = copy_video ("edited.ts");
  g_autoptr(MdUploadTask) task = NULL;
  g_autoptr(GBytes) old = NULL;
  guint64 wire_bytes, confirmed;
  guint aborted;

  task = md_upload_task_new (fixture->client, path, "Edited", MD_PLAYBACK_POLICY_PUBLIC, MD_VIDEO_QUALITY_BASIC);
  md_test_tune_task (task, NULL);
  md_test_add_fault (fixture->sandbox,
                     "{\"match\":\"upload-chunk\",\"action\":\"slow\",\"bytes_per_second\":1048576,\"count\":0}");
  md_upload_task_start (task);
  g_assert_true (md_test_wait_until (has_sent_some, task, 60000));
  md_upload_task_pause (task);
  g_assert_true (md_test_wait_for_state (task, MD_UPLOAD_TASK_STATE_PAUSED, 30000));
  confirmed = md_upload_task_get_confirmed_bytes (task);
  wire_bytes = md_upload_task_get_wire_bytes (task);
  g_assert_cmpuint (confirmed, <, md_upload_task_get_total_bytes (task));
  /* A chunk the pause cut short reached the sandbox's log (its headers
   * arrived) without being confirmed: it is the only one allowed there. */
  aborted = chunks_from (fixture, confirmed);
  g_assert_cmpuint (aborted, <=, 1);

  old = rewrite_in_place (path, keep_time);
  md_test_sandbox_admin (fixture->sandbox, "DELETE", "/_sandbox/faults", NULL, NULL, NULL);
  md_upload_task_start (task);
  assert_failed_as_changed (task, "edited.ts");

  /* Not one chunk after the pause, and the server holds the old bytes only. */
  g_assert_cmpuint (md_upload_task_get_wire_bytes (task), ==, wire_bytes);
  g_assert_cmpuint (chunks_from (fixture, confirmed), ==, aborted);
  assert_sandbox_holds_only (fixture, task, old);

  /* Trying again does not send the new version either. */
  md_upload_task_start (task);
  assert_failed_as_changed (task, "edited.ts");
  g_assert_cmpuint (chunks_from (fixture, confirmed), ==, aborted);
  g_unlink (path);
}

typedef struct
{
  char    *path;
  GBytes  *old;
  guint64  edited_at;
} Editor;

/* The file is edited while the upload runs, right after a chunk arrived. */
static void
edit_after_first_chunk (MdUploadTask *task,
                        guint64       confirmed_offset,
                        gpointer      user_data)
{
  Editor *editor = user_data;

  if (confirmed_offset > 0 && editor->old == NULL)
    {
      editor->old = rewrite_in_place (editor->path, FALSE);
      editor->edited_at = confirmed_offset;
    }
  md_upload_task_checkpoint_done (task, NULL);
}

static void
test_changed_mid_upload (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *path = copy_video ("rendering.ts");
  g_autoptr(MdUploadTask) task = NULL;
  Editor editor = { path, NULL, 0 };

  task = md_upload_task_new (fixture->client, path, "Rendering", MD_PLAYBACK_POLICY_PUBLIC, MD_VIDEO_QUALITY_BASIC);
  md_test_tune_task (task, NULL);
  md_upload_task_set_checkpoint_func (task, edit_after_first_chunk, &editor, NULL);
  md_upload_task_start (task);
  assert_failed_as_changed (task, "rendering.ts");

  g_assert_nonnull (editor.old);
  g_assert_cmpuint (editor.edited_at, ==, MD_TEST_CHUNK);
  g_assert_cmpuint (md_upload_task_get_confirmed_bytes (task), ==, editor.edited_at);
  g_assert_cmpuint (chunks_from (fixture, editor.edited_at), ==, 0);
  assert_sandbox_holds_only (fixture, task, editor.old);

  md_upload_task_set_checkpoint_func (task, NULL, NULL, NULL);
  g_bytes_unref (editor.old);
  g_unlink (path);
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
  g_test_add ("/upload-task/changed/while-paused", Fixture, GINT_TO_POINTER (FALSE),
              fixture_setup, test_changed_while_paused, fixture_teardown);
  g_test_add ("/upload-task/changed/while-paused-same-time", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_changed_while_paused, fixture_teardown);
  g_test_add ("/upload-task/changed/mid-upload", Fixture, NULL,
              fixture_setup, test_changed_mid_upload, fixture_teardown);
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
