/* test-upload-queue.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * MdUploadQueue with a real journal against the real sandbox: several
 * uploads N at a time, bad input failing alone with a clear reason, a file
 * changed between runs refused, reordering.
 */

#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "md-upload-file.h"
#include "md-upload-queue.h"
#include "md-upload-test-util.h"
#include "md-test-utils.h"

typedef struct
{
  MdTestSandbox   *sandbox;
  MdClient        *client;
  char            *dir;
  MdUploadJournal *journal;
  MdUploadQueue   *queue;
  guint            max_active;
} Fixture;

static char *video_path;

static void
on_n_active_cb (MdUploadQueue *queue,
                GParamSpec    *pspec,
                Fixture       *fixture)
{
  fixture->max_active = MAX (fixture->max_active, md_upload_queue_get_n_active (queue));
}

static MdUploadQueue *
new_queue (Fixture *fixture)
{
  MdUploadQueue *queue = md_upload_queue_new (fixture->client, fixture->journal);

  md_upload_queue_set_task_setup (queue, md_test_tune_task, NULL);
  md_upload_queue_set_defaults (queue, MD_PLAYBACK_POLICY_PUBLIC, MD_VIDEO_QUALITY_BASIC, MD_TEST_CHUNK);
  return queue;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  const char *args[] = { "--no-rate-limit", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *journal_path = NULL;

  fixture->sandbox = md_test_sandbox_start (args, &error);
  g_assert_no_error (error);
  fixture->client = md_test_client_new (fixture->sandbox);
  fixture->dir = g_dir_make_tmp ("md-queue-XXXXXX", &error);
  g_assert_no_error (error);
  journal_path = g_build_filename (fixture->dir, "uploads.sqlite", NULL);
  fixture->journal = md_upload_journal_new_for_path (journal_path);
  fixture->queue = new_queue (fixture);
  g_signal_connect (fixture->queue, "notify::n-active", G_CALLBACK (on_n_active_cb), fixture);
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (dir);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->queue);
  g_clear_object (&fixture->journal);
  g_clear_object (&fixture->client);
  g_clear_pointer (&fixture->sandbox, md_test_sandbox_stop);
  remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static char *
copy_video (Fixture    *fixture,
            const char *name)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(GFile) from = g_file_new_for_path (video_path);
  g_autoptr(GFile) to = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

/* Adds @path and returns the task (failed or queued) and the error, if any. */
static MdUploadTask *
add_file (Fixture     *fixture,
          const char  *path,
          GError     **error)
{
  MdTestCall call = { NULL };
  MdUploadTask *task;
  guint before = g_list_model_get_n_items (G_LIST_MODEL (fixture->queue));

  md_upload_queue_add_file_async (fixture->queue, path, NULL, NULL, md_test_call_done, &call);
  task = md_upload_queue_add_file_finish (fixture->queue, md_test_call_wait (&call), error);
  md_test_call_clear (&call);
  g_clear_object (&task);

  /* Either way the file has a row of its own. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->queue)), ==, before + 1);
  return g_list_model_get_item (G_LIST_MODEL (fixture->queue), before);
}

static void
test_parallel (Fixture       *fixture,
               gconstpointer  data)
{
  MdUploadTask *tasks[3] = { NULL };

  md_upload_queue_set_parallel (fixture->queue, 2);
  /* 2 MiB/s: the first two are still sending when the third is added. */
  md_test_add_fault (fixture->sandbox,
                     "{\"match\":\"upload-chunk\",\"action\":\"slow\",\"bytes_per_second\":2097152,\"count\":0}");
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("clip-%u.ts", i);
      g_autofree char *path = copy_video (fixture, name);
      g_autoptr(GError) error = NULL;

      tasks[i] = add_file (fixture, path, &error);
      g_assert_no_error (error);
      name[strlen (name) - 3] = '\0';
      g_assert_cmpstr (md_upload_task_get_title (tasks[i]), ==, name);
    }

  /* Two send, the third waits its turn. */
  g_assert_cmpint (md_upload_task_get_state (tasks[2]), ==, MD_UPLOAD_TASK_STATE_QUEUED);

  for (guint i = 0; i < 3; i++)
    g_assert_true (md_test_wait_for_state (tasks[i], MD_UPLOAD_TASK_STATE_READY, 120000));
  g_assert_cmpuint (fixture->max_active, ==, 2);
  g_assert_true (md_test_sandbox_has_file (fixture->sandbox, video_path));
  for (guint i = 0; i < 3; i++)
    g_object_unref (tasks[i]);
}

static void
assert_failed_with (MdUploadTask *task,
                    const GError *error,
                    GQuark        domain,
                    int           code)
{
  g_assert_error ((GError *) error, domain, code);
  g_assert_cmpint (md_upload_task_get_state (task), ==, MD_UPLOAD_TASK_STATE_FAILED);
  g_assert_cmpstr (md_upload_task_get_error_message (task), ==, error->message);
  g_test_message ("%s", error->message);
}

static void
test_bad_input (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *good = copy_video (fixture, "good.ts");
  g_autofree char *empty = g_build_filename (fixture->dir, "empty.mp4", NULL);
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.mp4", NULL);
  g_autofree char *huge = g_build_filename (fixture->dir, "huge.mov", NULL);
  g_autoptr(MdUploadTask) good_task = NULL;
  g_autoptr(MdUploadTask) task = NULL;
  g_autoptr(GError) error = NULL;
  int fd;

  good_task = add_file (fixture, good, &error);
  g_assert_no_error (error);

  task = add_file (fixture, fixture->dir, &error);
  assert_failed_with (task, error, MD_UPLOAD_FILE_ERROR, MD_UPLOAD_FILE_ERROR_NOT_REGULAR);
  g_clear_object (&task);
  g_clear_error (&error);

  g_file_set_contents (empty, "", 0, NULL);
  task = add_file (fixture, empty, &error);
  assert_failed_with (task, error, MD_UPLOAD_FILE_ERROR, MD_UPLOAD_FILE_ERROR_EMPTY);
  g_clear_object (&task);
  g_clear_error (&error);

  task = add_file (fixture, missing, &error);
  g_assert_nonnull (error);
  g_assert_cmpint (md_upload_task_get_state (task), ==, MD_UPLOAD_TASK_STATE_FAILED);
  g_clear_object (&task);
  g_clear_error (&error);

  /* Unreadable: in our words, not GIO's. A path through a file as if it
   * were a folder fails for every user; mode 000 only for those who are
   * not root (root reads it anyway). */
  {
    g_autofree char *through = g_build_filename (good, "extra.mp4", NULL);

    task = add_file (fixture, through, &error);
    assert_failed_with (task, error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY);
    g_assert_nonnull (strstr (error->message, "good.ts/extra.mp4"));
    g_assert_null (strstr (error->message, "Error when getting information"));
    g_clear_object (&task);
    g_clear_error (&error);
  }
  if (geteuid () != 0)
    {
      g_autofree char *locked = copy_video (fixture, "locked.ts");

      g_assert_cmpint (g_chmod (locked, 0), ==, 0);
      task = add_file (fixture, locked, &error);
      assert_failed_with (task, error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
      g_assert_nonnull (strstr (error->message, "not allowed to read “locked.ts”"));
      g_clear_object (&task);
      g_clear_error (&error);
    }
  else
    g_test_message ("Running as root: mode 000 cannot make a file unreadable; only the other path is tried");

  /* Larger than Mux takes: a sparse file, so no disk is used. */
  fd = g_open (huge, O_WRONLY | O_CREAT, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (off_t) 501 * 1024 * 1024 * 1024), ==, 0);
  close (fd);
  task = add_file (fixture, huge, &error);
  g_assert_no_error (error);
  g_assert_true (md_test_wait_for_state (task, MD_UPLOAD_TASK_STATE_FAILED, 30000));
  g_assert_true (g_error_matches (md_upload_task_get_error (task), MD_UPLOAD_ERROR, MD_UPLOAD_ERROR_TOO_LARGE));
  g_assert_null (md_upload_task_get_upload_id (task));

  /* None of it disturbed the good one. */
  g_assert_true (md_test_wait_for_state (good_task, MD_UPLOAD_TASK_STATE_READY, 120000));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->queue)), ==, geteuid () != 0 ? 7 : 6);
}

static gboolean
has_confirmed_some (gpointer user_data)
{
  return md_upload_task_get_confirmed_bytes (user_data) > 0;
}

static gboolean
is_not_queued (gpointer user_data)
{
  return md_upload_task_get_state (user_data) != MD_UPLOAD_TASK_STATE_QUEUED;
}

/* An upload begun in one run whose file changed before the next run stops
 * with the reason, and sends nothing more. */
static void
test_changed_file (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = copy_video (fixture, "changing.ts");
  g_autoptr(MdUploadTask) task = NULL;
  g_autoptr(MdUploadTask) restored = NULL;
  g_autoptr(MdUploadQueue) second = NULL;
  g_autoptr(GError) error = NULL;
  MdTestCall call = { NULL };
  FILE *file;

  md_test_add_fault (fixture->sandbox,
                     "{\"match\":\"upload-chunk\",\"action\":\"slow\",\"bytes_per_second\":1048576,\"count\":0}");
  task = add_file (fixture, path, &error);
  g_assert_no_error (error);
  g_assert_true (md_test_wait_until (has_confirmed_some, task, 60000));
  md_upload_queue_pause (fixture->queue, task);
  g_assert_true (md_test_wait_for_state (task, MD_UPLOAD_TASK_STATE_PAUSED, 30000));
  g_clear_object (&fixture->queue);   /* the app quits */
  g_clear_object (&task);

  file = fopen (path, "ab");
  fputs ("appended", file);
  fclose (file);

  second = new_queue (fixture);
  md_upload_queue_restore_async (second, NULL, md_test_call_done, &call);
  g_assert_cmpuint (md_upload_queue_restore_finish (second, md_test_call_wait (&call), &error), ==, 1);
  g_assert_no_error (error);
  md_test_call_clear (&call);

  restored = g_list_model_get_item (G_LIST_MODEL (second), 0);
  g_assert_true (md_test_wait_for_state (restored, MD_UPLOAD_TASK_STATE_FAILED, 30000));
  g_assert_true (g_error_matches (md_upload_task_get_error (restored),
                                  MD_UPLOAD_FILE_ERROR, MD_UPLOAD_FILE_ERROR_CHANGED));
  g_test_message ("%s", md_upload_task_get_error_message (restored));
  /* Refused before a byte went out. */
  g_assert_cmpuint (md_upload_task_get_wire_bytes (restored), ==, 0);
}

static void
test_move (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(MdUploadTask) first = NULL;
  g_autoptr(MdUploadTask) last = NULL;
  g_autoptr(MdUploadTask) item = NULL;
  g_autoptr(GError) error = NULL;

  md_upload_queue_set_parallel (fixture->queue, 1);
  md_test_add_fault (fixture->sandbox,
                     "{\"match\":\"upload-chunk\",\"action\":\"slow\",\"bytes_per_second\":1048576,\"count\":0}");
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("order-%u.ts", i);
      g_autofree char *path = copy_video (fixture, name);
      g_autoptr(MdUploadTask) task = add_file (fixture, path, &error);

      g_assert_no_error (error);
      if (i == 0)
        first = g_object_ref (task);
      if (i == 2)
        last = g_object_ref (task);
    }

  md_upload_queue_move (fixture->queue, last, 1);
  item = g_list_model_get_item (G_LIST_MODEL (fixture->queue), 1);
  g_assert_true (item == last);

  /* The moved one goes next. */
  md_upload_queue_pause (fixture->queue, first);
  g_assert_true (md_test_wait_until (is_not_queued, last, 30000));
  g_assert_cmpint (md_upload_task_get_state (last), !=, MD_UPLOAD_TASK_STATE_FAILED);
  md_upload_queue_cancel (fixture->queue, last);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->queue)), ==, 2);
}

typedef struct
{
  Fixture *fixture;
  guint    n;          /* status requests in the log */
  gint64   first_us;   /* when the sandbox saw the first and the last */
  gint64   last_us;
  char    *seen[2];    /* the asset ids of the uploads */
  gboolean seen_each[2];
} Polls;

/* Reads the sandbox's log: the GETs of uploads and assets, i.e. the
 * uploads' status polls (nothing else asks in this test). */
static gboolean
enough_polls (gpointer user_data)
{
  Polls *polls = user_data;
  g_autoptr(JsonArray) array = NULL;

  array = md_test_sandbox_request_log (polls->fixture->sandbox);
  polls->n = 0;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *entry = json_array_get_object_element (array, i);
      const char *path = json_object_get_string_member (entry, "path");
      gint64 time_us = json_object_get_int_member (entry, "time_us");

      if (g_strcmp0 (json_object_get_string_member (entry, "method"), "GET") != 0 ||
          !(g_str_has_prefix (path, "/video/v1/assets/") || g_str_has_prefix (path, "/video/v1/uploads/")))
        continue;
      if (polls->n++ == 0)
        polls->first_us = time_us;
      polls->last_us = time_us;
      for (guint j = 0; j < 2; j++)
        polls->seen_each[j] |= g_str_has_suffix (path, polls->seen[j]);
    }
  return polls->n >= 8;
}

static gboolean
both_processing (gpointer user_data)
{
  MdUploadTask **tasks = user_data;

  return md_upload_task_get_asset_id (tasks[0]) != NULL && md_upload_task_get_asset_id (tasks[1]) != NULL;
}

/* Two uploads waiting for Mux to make their assets: their status polls
 * together stay at one request a second, and each gets its turn. */
static void
test_polls_paced (Fixture       *fixture,
                  gconstpointer  data)
{
  MdUploadTask *tasks[2] = { NULL };
  Polls polls = { fixture, 0 };
  g_autoptr(GError) error = NULL;
  double span;

  g_assert_true (md_test_sandbox_admin (fixture->sandbox, "POST", "/_sandbox/ingest", "{\"hold\":true}", NULL, &error));
  g_assert_no_error (error);
  md_upload_queue_set_parallel (fixture->queue, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *name = g_strdup_printf ("waiting-%u.ts", i);
      g_autofree char *path = copy_video (fixture, name);

      tasks[i] = add_file (fixture, path, &error);
      g_assert_no_error (error);
      /* However small the interval asked for: a second at least. */
      md_upload_task_set_poll_interval (tasks[i], 10);
      g_assert_cmpuint (md_upload_task_get_poll_interval (tasks[i]), ==, MD_UPLOAD_MIN_POLL_INTERVAL);
    }
  g_assert_true (md_test_wait_until (both_processing, tasks, 60000));
  for (guint i = 0; i < 2; i++)
    {
      g_assert_cmpint (md_upload_task_get_state (tasks[i]), ==, MD_UPLOAD_TASK_STATE_PROCESSING);
      polls.seen[i] = g_strdup (md_upload_task_get_asset_id (tasks[i]));
    }

  md_test_sandbox_clear_request_log (fixture->sandbox);
  g_assert_true (md_test_wait_until (enough_polls, &polls, 60000));
  span = (polls.last_us - polls.first_us) / (double) G_USEC_PER_SEC;
  g_test_message ("%u status polls in %.1f s", polls.n, span);
  /* One a second, give or take one for when the sandbox saw them. */
  g_assert_cmpfloat (polls.n - 1, <=, span + 1);
  g_assert_true (polls.seen_each[0]);
  g_assert_true (polls.seen_each[1]);

  g_assert_true (md_test_sandbox_admin (fixture->sandbox, "POST", "/_sandbox/ingest", "{\"hold\":false}", NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 2; i++)
    {
      g_assert_true (md_test_wait_for_state (tasks[i], MD_UPLOAD_TASK_STATE_READY, 120000));
      g_object_unref (tasks[i]);
      g_free (polls.seen[i]);
    }
}

/* Ages every waiting upload in a stopped sandbox's state by two hours. */
static void
age_uploads (const char *state_dir)
{
  g_autofree char *path = g_build_filename (state_dir, "state.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *uploads;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  uploads = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "uploads");
  g_assert_cmpuint (json_array_get_length (uploads), >=, 1);
  for (guint i = 0; i < json_array_get_length (uploads); i++)
    {
      JsonObject *private = json_object_get_object_member (json_array_get_object_element (uploads, i), "_sandbox");

      json_object_set_int_member (private, "created_us",
                                  json_object_get_int_member (private, "created_us") - 2 * G_TIME_SPAN_HOUR);
    }
  json_generator_set_root (generator, json_parser_get_root (parser));
  json_generator_to_file (generator, path, &error);
  g_assert_no_error (error);
}

/* The upload timed out at Mux between two runs: a new upload is made, the
 * user is told, and the file still arrives whole. */
static void
test_expired (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *path = copy_video (fixture, "late.ts");
  g_autofree char *state_dir = g_build_filename (fixture->dir, "sandbox", NULL);
  const char *args[] = { "--no-rate-limit", "--state-dir", state_dir, NULL };
  g_autoptr(MdUploadTask) task = NULL;
  g_autoptr(MdUploadTask) restored = NULL;
  g_autofree char *first_upload = NULL;
  g_autoptr(GError) error = NULL;
  MdTestCall call = { NULL };

  /* A sandbox of our own whose state outlives it. */
  g_clear_object (&fixture->queue);
  g_clear_object (&fixture->client);
  g_clear_pointer (&fixture->sandbox, md_test_sandbox_stop);
  g_mkdir_with_parents (state_dir, 0700);
  fixture->sandbox = md_test_sandbox_start (args, &error);
  g_assert_no_error (error);
  fixture->client = md_test_client_new (fixture->sandbox);
  fixture->queue = new_queue (fixture);

  md_test_add_fault (fixture->sandbox,
                     "{\"match\":\"upload-chunk\",\"action\":\"slow\",\"bytes_per_second\":1048576,\"count\":0}");
  task = add_file (fixture, path, &error);
  g_assert_no_error (error);
  g_assert_true (md_test_wait_until (has_confirmed_some, task, 60000));
  first_upload = g_strdup (md_upload_task_get_upload_id (task));
  md_upload_queue_pause (fixture->queue, task);
  g_assert_true (md_test_wait_for_state (task, MD_UPLOAD_TASK_STATE_PAUSED, 30000));
  g_clear_object (&fixture->queue);
  g_clear_object (&task);

  /* Two hours later (the upload's timeout is one). */
  g_clear_object (&fixture->client);
  g_clear_pointer (&fixture->sandbox, md_test_sandbox_stop);
  age_uploads (state_dir);
  fixture->sandbox = md_test_sandbox_start (args, &error);
  g_assert_no_error (error);
  fixture->client = md_test_client_new (fixture->sandbox);
  fixture->queue = new_queue (fixture);

  md_upload_queue_restore_async (fixture->queue, NULL, md_test_call_done, &call);
  g_assert_cmpuint (md_upload_queue_restore_finish (fixture->queue, md_test_call_wait (&call), &error), ==, 1);
  g_assert_no_error (error);
  md_test_call_clear (&call);
  restored = g_list_model_get_item (G_LIST_MODEL (fixture->queue), 0);
  g_assert_cmpint (md_upload_task_get_state (restored), ==, MD_UPLOAD_TASK_STATE_PAUSED);

  md_upload_queue_resume (fixture->queue, restored);
  g_assert_true (md_test_wait_for_state (restored, MD_UPLOAD_TASK_STATE_READY, 120000));
  g_assert_nonnull (md_upload_task_get_notice (restored));
  g_test_message ("%s", md_upload_task_get_notice (restored));
  g_assert_cmpstr (md_upload_task_get_upload_id (restored), !=, first_upload);
  g_assert_true (md_test_sandbox_has_file (fixture->sandbox, path));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *video_dir = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  video_dir = g_dir_make_tmp ("md-queue-video-XXXXXX", &error);
  g_assert_no_error (error);
  video_path = md_test_make_video (video_dir, "noise.ts", 60);

  g_test_add ("/upload-queue/parallel", Fixture, NULL, fixture_setup, test_parallel, fixture_teardown);
  g_test_add ("/upload-queue/bad-input", Fixture, NULL, fixture_setup, test_bad_input, fixture_teardown);
  g_test_add ("/upload-queue/changed-file", Fixture, NULL, fixture_setup, test_changed_file, fixture_teardown);
  g_test_add ("/upload-queue/move", Fixture, NULL, fixture_setup, test_move, fixture_teardown);
  g_test_add ("/upload-queue/expired", Fixture, NULL, fixture_setup, test_expired, fixture_teardown);
  g_test_add ("/upload-queue/status-polls-paced", Fixture, NULL, fixture_setup, test_polls_paced, fixture_teardown);

  status = g_test_run ();

  g_unlink (video_path);
  g_rmdir (video_dir);
  g_free (video_path);
  return status;
}
