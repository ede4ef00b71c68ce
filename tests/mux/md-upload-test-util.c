/* md-upload-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the upload tests: a real video file made with GStreamer, and
 * ways to look at what the sandbox received.
 */

#include "config.h"

#include "md-upload-test-util.h"

#include <glib/gstdio.h>
#include <gst/gst.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "md-test-utils.h"

/**
 * md_test_make_video:
 * @frames: how long (30 per second); noise, so it hardly compresses
 *
 * Returns: the path of a new H.264/AAC MPEG-TS file in @dir
 */
char *
md_test_make_video (const char *dir,
                    const char *name,
                    guint       frames)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *description = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) message = NULL;
  g_autoptr(GError) error = NULL;

  gst_init (NULL, NULL);
  description = g_strdup_printf (
    "videotestsrc num-buffers=%u pattern=snow ! video/x-raw,width=320,height=240,framerate=30/1 "
    "! videoconvert ! video/x-raw,format=I420 ! x264enc speed-preset=ultrafast bitrate=6000 key-int-max=30 "
    "! h264parse ! queue ! mpegtsmux name=mux ! filesink location=\"%s\" "
    "audiotestsrc num-buffers=%u samplesperbuffer=1600 ! audio/x-raw,rate=48000,channels=2 "
    "! audioconvert ! avenc_aac ! aacparse ! queue ! mux.",
    frames, path, frames);
  pipeline = gst_parse_launch (description, &error);
  g_assert_no_error (error);

  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  bus = gst_element_get_bus (pipeline);
  message = gst_bus_timed_pop_filtered (bus, 60 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_nonnull (message);
  g_assert_cmpint (GST_MESSAGE_TYPE (message), ==, GST_MESSAGE_EOS);
  gst_element_set_state (pipeline, GST_STATE_NULL);

  return g_steal_pointer (&path);
}

static gboolean
same_contents (const char *a,
               const char *b)
{
  g_autofree char *da = NULL, *db = NULL;
  gsize la, lb;

  if (!g_file_get_contents (a, &da, &la, NULL) || !g_file_get_contents (b, &db, &lb, NULL))
    return FALSE;
  return la == lb && memcmp (da, db, la) == 0;
}

static gboolean
find_copy (const char *dir,
           const char *path,
           goffset     size)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);
      GStatBuf st;

      if (g_lstat (child, &st) != 0)
        continue;
      if (S_ISDIR (st.st_mode) && find_copy (child, path, size))
        return TRUE;
      if (S_ISREG (st.st_mode) && st.st_size == size && same_contents (child, path))
        return TRUE;
    }
  return FALSE;
}

/* Whether the sandbox's state directory holds a byte-identical copy. */
gboolean
md_test_sandbox_has_file (MdTestSandbox *sandbox,
                          const char    *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return find_copy (md_test_sandbox_get_state_dir (sandbox), path, st.st_size);
}

/**
 * md_test_sandbox_chunk_bytes:
 *
 * Sums the body lengths of the chunk PUTs in the sandbox's request log that
 * got an answer, and checks each starts on a 256 KiB boundary.
 */
guint64
md_test_sandbox_chunk_bytes (MdTestSandbox *sandbox,
                             guint         *out_n_chunks)
{
  g_autoptr(JsonArray) array = NULL;
  guint64 sum = 0;
  guint n = 0;

  array = md_test_sandbox_request_log (sandbox);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *entry = json_array_get_object_element (array, i);
      const char *range = json_object_get_string_member_with_default (entry, "content_range", NULL);
      guint64 start, end;

      if (g_strcmp0 (json_object_get_string_member (entry, "method"), "PUT") != 0 ||
          range == NULL || sscanf (range, "bytes %" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT, &start, &end) != 2)
        continue;
      g_assert_cmpuint (start % MD_TEST_CHUNK, ==, 0);
      sum += end - start + 1;
      n++;
    }

  if (out_n_chunks != NULL)
    *out_n_chunks = n;
  return sum;
}

void
md_test_add_fault (MdTestSandbox *sandbox,
                   const char    *json)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (md_test_sandbox_admin (sandbox, "POST", "/_sandbox/faults", json, NULL, &error));
  g_assert_no_error (error);
}

typedef struct
{
  MdUploadTask      *task;
  MdUploadTaskState  state;
} StateWait;

static gboolean
task_settled (gpointer user_data)
{
  StateWait *wait = user_data;
  MdUploadTaskState now = md_upload_task_get_state (wait->task);

  return now == wait->state || now == MD_UPLOAD_TASK_STATE_FAILED ||
         now == MD_UPLOAD_TASK_STATE_READY || now == MD_UPLOAD_TASK_STATE_CANCELLED;
}

/* Waits for @state, or any end state; says whether @state was reached. */
gboolean
md_test_wait_for_state (MdUploadTask      *task,
                        MdUploadTaskState  state,
                        guint              timeout_ms)
{
  StateWait wait = { task, state };

  md_test_wait_until (task_settled, &wait, timeout_ms);
  if (md_upload_task_get_state (task) != state && md_upload_task_get_error_message (task) != NULL)
    g_test_message ("upload failed: %s", md_upload_task_get_error_message (task));
  return md_upload_task_get_state (task) == state;
}

/* Small chunks so a small file takes several; quick retries. Status polls
 * keep the production pace (one a second for all uploads together). */
void
md_test_tune_task (gpointer task,
                   gpointer user_data)
{
  md_upload_task_set_chunk_size (task, MD_TEST_CHUNK);
  md_upload_task_set_adaptive (task, FALSE);
  md_upload_task_set_retry_delays (task, 50, 400, MD_TEST_TASK_ATTEMPTS);
  md_upload_task_set_io_timeout (task, 3);
}
