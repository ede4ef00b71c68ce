/* bench-player.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Time to first frame of the same local HLS stream (served on 127.0.0.1)
 * for MdPlayer (playbin3 + our paintable sink, frame on the main thread)
 * and for the reference, a `gst-play-1.0 --videosink fakesink` pipeline
 * (playbin3 with fakesinks, first buffer at the video sink); then the CPU
 * used while playing a 1080p stream in real time by each.
 */

#include "config.h"

#include <sys/resource.h>

#include "md-media.h"
#include "md-player.h"
#include "md-test-hls.h"
#include "md-test-utils.h"

#define RUNS 7

typedef struct
{
  gint64   first_frame_us;
  gboolean done;
  gboolean failed;
} Run;

static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6
         + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

static gboolean
run_is_done (gpointer user_data)
{
  Run *run = user_data;

  return run->done || run->failed;
}

/* ---- ours ---- */

static void
on_paintable_contents_cb (GdkPaintable *paintable,
                          Run          *run)
{
  if (run->first_frame_us == 0)
    {
      run->first_frame_us = g_get_monotonic_time ();
      run->done = TRUE;
    }
}

static void
on_player_error_cb (MdPlayer     *player,
                    const GError *error,
                    Run          *run)
{
  g_printerr ("MdPlayer failed: %s\n", error->message);
  run->failed = TRUE;
}

static void
on_player_eos_cb (MdPlayer *player,
                  Run      *run)
{
  run->done = TRUE;
}

static double
ours_first_frame_ms (const char *url)
{
  g_autoptr(MdPlayer) player = md_player_new ();
  Run run = { 0 };
  gint64 start;

  g_signal_connect (md_player_get_paintable (player), "invalidate-contents",
                    G_CALLBACK (on_paintable_contents_cb), &run);
  g_signal_connect (player, "error", G_CALLBACK (on_player_error_cb), &run);

  start = g_get_monotonic_time ();
  md_player_set_uri (player, url);
  md_player_play (player);
  if (!md_test_wait_until (run_is_done, &run, 30000) || run.failed)
    g_error ("MdPlayer showed no frame");

  md_player_stop (player);
  return (run.first_frame_us - start) / 1000.0;
}

static double
ours_cpu_percent (const char *url)
{
  g_autoptr(MdPlayer) player = md_player_new ();
  Run run = { 0 };
  double cpu;
  gint64 start;

  g_signal_connect (player, "error", G_CALLBACK (on_player_error_cb), &run);
  g_signal_connect (player, "eos", G_CALLBACK (on_player_eos_cb), &run);

  cpu = cpu_seconds ();
  start = g_get_monotonic_time ();
  md_player_set_uri (player, url);
  md_player_play (player);
  if (!md_test_wait_until (run_is_done, &run, 120000) || run.failed)
    g_error ("MdPlayer did not play to the end");

  return 100.0 * (cpu_seconds () - cpu) / ((g_get_monotonic_time () - start) / 1e6);
}

/* ---- reference ---- */

static void
on_handoff_cb (GstElement *sink,
               GstBuffer  *buffer,
               GstPad     *pad,
               gpointer    user_data)
{
  gint64 *first = user_data;

  /* Streaming thread; read after the bus said the pipeline prerolled. */
  if (*first == 0)
    *first = g_get_monotonic_time ();
}

static GstElement *
make_reference (const char *url,
                gboolean    sync,
                gint64     *first_frame)
{
  g_autofree char *description = NULL;
  g_autoptr(GError) error = NULL;
  GstElement *pipeline;
  GstElement *video_sink;

  description = g_strdup_printf ("playbin3 uri=%s", url);
  pipeline = gst_parse_launch (description, &error);
  g_assert_no_error (error);

  video_sink = gst_element_factory_make ("fakesink", NULL);
  g_object_set (video_sink, "sync", sync, "signal-handoffs", TRUE, NULL);
  g_signal_connect (video_sink, "handoff", G_CALLBACK (on_handoff_cb), first_frame);
  g_signal_connect (video_sink, "preroll-handoff", G_CALLBACK (on_handoff_cb), first_frame);
  g_object_set (pipeline,
                "video-sink", video_sink,
                "audio-sink", gst_element_factory_make ("fakesink", NULL),
                NULL);
  return pipeline;
}

static gboolean
wait_bus (GstElement *pipeline,
          GstMessageType types)
{
  g_autoptr(GstBus) bus = gst_element_get_bus (pipeline);
  g_autoptr(GstMessage) message = gst_bus_timed_pop_filtered (bus, 120 * GST_SECOND,
                                                              types | GST_MESSAGE_ERROR);

  return message != NULL && GST_MESSAGE_TYPE (message) != GST_MESSAGE_ERROR;
}

static double
ref_first_frame_ms (const char *url)
{
  volatile gint64 first = 0;
  GstElement *pipeline = make_reference (url, TRUE, (gint64 *) &first);
  gint64 start = g_get_monotonic_time ();
  gboolean ok;

  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  /* The first buffer reaches the sink at preroll. */
  ok = wait_bus (pipeline, GST_MESSAGE_ASYNC_DONE);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (pipeline);

  if (!ok || first == 0)
    g_error ("The reference pipeline showed no frame");
  return (first - start) / 1000.0;
}

static double
ref_cpu_percent (const char *url)
{
  gint64 first = 0;
  GstElement *pipeline = make_reference (url, TRUE, &first);
  double cpu = cpu_seconds ();
  gint64 start = g_get_monotonic_time ();
  gboolean ok;

  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  ok = wait_bus (pipeline, GST_MESSAGE_EOS);
  cpu = cpu_seconds () - cpu;
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (pipeline);

  if (!ok)
    g_error ("The reference pipeline did not play to the end");
  return 100.0 * cpu / ((g_get_monotonic_time () - start) / 1e6);
}

static void
print_bench (const char *figure,
             double      ours,
             double      ref,
             const char *unit)
{
  g_print ("BENCH %s ours=%.1f ref=%.1f unit=%s ratio=%.2f\n", figure, ours, ref, unit, ours / ref);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdTestHls) small = NULL;
  g_autoptr(MdTestHls) full_hd = NULL;
  g_autofree char *small_url = NULL;
  g_autofree char *full_hd_url = NULL;
  double ours[RUNS], ref[RUNS];
  double ours_cpu, ref_cpu;

  if (!md_media_init (&error))
    g_error ("%s", error->message);

  small = md_test_hls_new (6, &error);
  g_assert_no_error (error);
  small_url = md_test_hls_get_url (small, "/hls/playlist.m3u8");

  /* One warm-up each (plugin loading, page cache), then alternate so both
   * see the same machine load. */
  ours_first_frame_ms (small_url);
  ref_first_frame_ms (small_url);
  for (guint i = 0; i < RUNS; i++)
    {
      ours[i] = ours_first_frame_ms (small_url);
      ref[i] = ref_first_frame_ms (small_url);
      g_printerr ("run %u: ours %.1f ms, ref %.1f ms\n", i, ours[i], ref[i]);
    }

  full_hd = md_test_hls_new_full (6, 1920, 1080, &error);
  g_assert_no_error (error);
  full_hd_url = md_test_hls_get_url (full_hd, "/hls/playlist.m3u8");
  ours_cpu = ours_cpu_percent (full_hd_url);
  ref_cpu = ref_cpu_percent (full_hd_url);
  g_printerr ("1080p playback CPU: ours %.1f %%, ref %.1f %%\n", ours_cpu, ref_cpu);

  print_bench ("player_time_to_first_frame_median", median (ours, RUNS), median (ref, RUNS), "ms");
  print_bench ("player_cpu_1080p_playback", ours_cpu, ref_cpu, "percent_of_one_core");

  return 0;
}
