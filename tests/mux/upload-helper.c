/* upload-helper.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Uploads one file through MdUploadQueue with a journal, as the app would,
 * for test-upload-resume, which SIGKILLs it half-way and runs it again:
 *
 *   upload-helper API_URL TOKEN_ID JOURNAL FILE
 *
 * The token secret comes in MUXDESK_TEST_TOKEN_SECRET (never on a command
 * line). Prints "confirmed N" as the server confirms bytes, then
 * "ready WIRE_BYTES" or "failed MESSAGE".
 */

#include "config.h"

#include <stdio.h>

#include "md-upload-queue.h"
#include "md-upload-test-util.h"

static GMainLoop *loop;
static int exit_status = 1;

static void
on_state_cb (MdUploadTask *task,
             GParamSpec   *pspec,
             gpointer      user_data)
{
  switch (md_upload_task_get_state (task))
    {
    case MD_UPLOAD_TASK_STATE_READY:
      printf ("ready %" G_GUINT64_FORMAT "\n", md_upload_task_get_wire_bytes (task));
      exit_status = 0;
      g_main_loop_quit (loop);
      break;
    case MD_UPLOAD_TASK_STATE_FAILED:
    case MD_UPLOAD_TASK_STATE_CANCELLED:
      printf ("failed %s\n", md_upload_task_get_error_message (task));
      g_main_loop_quit (loop);
      break;
    default:
      break;
    }
  fflush (stdout);
}

static guint64 last_confirmed;

static gboolean
on_tick_cb (gpointer user_data)
{
  MdUploadQueue *queue = user_data;
  g_autoptr(MdUploadTask) task = g_list_model_get_item (G_LIST_MODEL (queue), 0);

  if (task != NULL && md_upload_task_get_confirmed_bytes (task) != last_confirmed)
    {
      last_confirmed = md_upload_task_get_confirmed_bytes (task);
      printf ("confirmed %" G_GUINT64_FORMAT "\n", last_confirmed);
      fflush (stdout);
    }
  return G_SOURCE_CONTINUE;
}

static void
watch (MdUploadQueue *queue)
{
  g_autoptr(MdUploadTask) task = g_list_model_get_item (G_LIST_MODEL (queue), 0);

  g_signal_connect (task, "notify::state", G_CALLBACK (on_state_cb), NULL);
  on_state_cb (task, NULL, NULL);
}

static void
on_added_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(MdUploadTask) task = NULL;
  g_autoptr(GError) error = NULL;

  task = md_upload_queue_add_file_finish (MD_UPLOAD_QUEUE (object), result, &error);
  if (task == NULL)
    {
      printf ("failed %s\n", error->message);
      g_main_loop_quit (loop);
      return;
    }
  watch (MD_UPLOAD_QUEUE (object));
}

static void
on_restored_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  MdUploadQueue *queue = MD_UPLOAD_QUEUE (object);
  const char *path = user_data;
  g_autoptr(GError) error = NULL;
  guint n = md_upload_queue_restore_finish (queue, result, &error);

  printf ("restored %u\n", n);
  if (n == 0)
    md_upload_queue_add_file_async (queue, path, "Killed half-way", NULL, on_added_cb, NULL);
  else
    watch (queue);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(MdClient) client = NULL;
  g_autoptr(MdUploadJournal) journal = NULL;
  g_autoptr(MdUploadQueue) queue = NULL;

  if (argc != 5 || g_getenv ("MUXDESK_TEST_TOKEN_SECRET") == NULL)
    {
      fprintf (stderr, "usage: MUXDESK_TEST_TOKEN_SECRET=… upload-helper API_URL TOKEN_ID JOURNAL FILE\n");
      return 2;
    }

  client = md_client_new (argv[2], g_getenv ("MUXDESK_TEST_TOKEN_SECRET"));
  md_client_set_api_url (client, argv[1]);
  g_object_set (client, "retry-min-delay", 20, "retry-max-delay", 200, NULL);
  journal = md_upload_journal_new_for_path (argv[3]);
  queue = md_upload_queue_new (client, journal);
  md_upload_queue_set_task_setup (queue, md_test_tune_task, NULL);
  md_upload_queue_set_defaults (queue, MD_PLAYBACK_POLICY_PUBLIC, MD_VIDEO_QUALITY_BASIC, MD_TEST_CHUNK);

  loop = g_main_loop_new (NULL, FALSE);
  md_upload_queue_restore_async (queue, NULL, on_restored_cb, argv[4]);
  g_timeout_add (20, on_tick_cb, queue);
  g_main_loop_run (loop);
  g_main_loop_unref (loop);

  return exit_status;
}
