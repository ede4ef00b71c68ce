/* bench-upload.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * bench/upload.sh's client side: uploads FILE to the sandbox with
 * MdUploadTask (default 32 MiB chunks, adaptive) and prints
 *   seconds=S bytes=B mbps=M peak_rss_kib=P base_rss_kib=R
 * The token secret comes in MUXDESK_BENCH_TOKEN_SECRET.
 *
 *   bench-upload API_URL TOKEN_ID FILE
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "md-upload-task.h"

static GMainLoop *loop;

static long
rss_kib (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, field)) == NULL)
    return -1;
  return strtol (line + strlen (field), NULL, 10);
}

static void
on_state_cb (MdUploadTask *task,
             GParamSpec   *pspec,
             gpointer      user_data)
{
  MdUploadTaskState state = md_upload_task_get_state (task);

  /* Throughput is about bytes: stop once the last one is confirmed. */
  if (state == MD_UPLOAD_TASK_STATE_PROCESSING || state == MD_UPLOAD_TASK_STATE_READY ||
      state == MD_UPLOAD_TASK_STATE_FAILED)
    g_main_loop_quit (loop);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(MdClient) client = NULL;
  g_autoptr(MdUploadTask) task = NULL;
  gint64 start, end;
  long base_rss;
  double seconds;

  if (argc != 4 || g_getenv ("MUXDESK_BENCH_TOKEN_SECRET") == NULL)
    {
      fprintf (stderr, "usage: MUXDESK_BENCH_TOKEN_SECRET=… bench-upload API_URL TOKEN_ID FILE\n");
      return 2;
    }

  client = md_client_new (argv[2], g_getenv ("MUXDESK_BENCH_TOKEN_SECRET"));
  md_client_set_api_url (client, argv[1]);
  task = md_upload_task_new (client, argv[3], "Benchmark", MD_PLAYBACK_POLICY_PUBLIC, MD_VIDEO_QUALITY_BASIC);
  g_signal_connect (task, "notify::state", G_CALLBACK (on_state_cb), NULL);
  loop = g_main_loop_new (NULL, FALSE);

  base_rss = rss_kib ("VmRSS:");
  start = g_get_monotonic_time ();
  md_upload_task_start (task);
  g_main_loop_run (loop);
  end = g_get_monotonic_time ();

  if (md_upload_task_get_state (task) == MD_UPLOAD_TASK_STATE_FAILED)
    {
      fprintf (stderr, "bench-upload: %s\n", md_upload_task_get_error_message (task));
      return 1;
    }

  seconds = (end - start) / (double) G_USEC_PER_SEC;
  printf ("seconds=%.3f bytes=%" G_GUINT64_FORMAT " mbps=%.1f peak_rss_kib=%ld base_rss_kib=%ld\n",
          seconds, md_upload_task_get_total_bytes (task),
          md_upload_task_get_total_bytes (task) / seconds / 1e6, rss_kib ("VmHWM:"), base_rss);
  g_main_loop_unref (loop);
  return 0;
}
