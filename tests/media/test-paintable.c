/* test-paintable.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "md-paintable.h"
#include "md-test-utils.h"

/* MdPaintable takes frames from GStreamer's streaming thread and shows
 * them from the main thread, the one GTK draws from: whatever the main
 * thread is doing when a frame comes, the paintable changes (and tells
 * its widget) on the main thread only, and the newest frame wins. */

typedef struct
{
  MdPaintable *paintable;
  GThread     *invalidated_on;
  guint        n_invalidations;
} Fixture;

static void
on_invalidate_contents_cb (GdkPaintable *paintable,
                           Fixture      *f)
{
  f->invalidated_on = g_thread_self ();
  f->n_invalidations++;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->paintable = md_paintable_new ();
  g_signal_connect (f->paintable, "invalidate-contents", G_CALLBACK (on_invalidate_contents_cb), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->paintable);
}

/* A 2×@width frame of one grey. */
static GdkTexture *
make_texture (int    width,
              guchar grey)
{
  g_autoptr(GBytes) bytes = NULL;
  guchar *pixels = g_malloc (width * 2 * 4);

  memset (pixels, grey, width * 2 * 4);
  bytes = g_bytes_new_take (pixels, width * 2 * 4);
  return gdk_memory_texture_new (width, 2, GDK_MEMORY_R8G8B8A8, bytes, width * 4);
}

/* The streaming thread: two frames, one after the other. */
static gpointer
queue_frames_thread (gpointer user_data)
{
  Fixture *f = user_data;
  g_autoptr(GdkTexture) first = make_texture (4, 0x20);
  g_autoptr(GdkTexture) second = make_texture (8, 0x80);

  md_paintable_queue_texture (f->paintable, first, 1.0, 1.0);
  md_paintable_queue_texture (f->paintable, second, 1.0, 1.04);
  return NULL;
}

static gboolean
has_frame (gpointer user_data)
{
  Fixture *f = user_data;

  return md_paintable_get_n_frames (f->paintable) > 0;
}

static void
test_frames_shown_on_main_thread (Fixture       *f,
                                  gconstpointer  data)
{
  GThread *thread;

  /* The main thread is not running the main loop when the frames come (it
   * waits for the thread, as it sits between two iterations or in a long
   * handler): nothing may happen on the streaming thread meanwhile. */
  thread = g_thread_new ("streaming", queue_frames_thread, f);
  g_thread_join (thread);
  g_assert_cmpuint (f->n_invalidations, ==, 0);
  g_assert_cmpuint (md_paintable_get_n_frames (f->paintable), ==, 0);
  g_assert_null (md_paintable_get_texture (f->paintable));

  /* The main loop shows the newest frame, once, on its own thread. */
  g_assert_true (md_test_wait_until (has_frame, f, 10000));
  g_assert_true (f->invalidated_on == g_thread_self ());
  g_assert_cmpuint (f->n_invalidations, ==, 1);
  g_assert_cmpuint (md_paintable_get_n_frames (f->paintable), ==, 1);
  g_assert_cmpint (gdk_texture_get_width (md_paintable_get_texture (f->paintable)), ==, 8);
  g_assert_cmpfloat (md_paintable_get_frame_time (f->paintable), ==, 1.04);
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (GDK_PAINTABLE (f->paintable)), ==, 8);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/paintable/frames-shown-on-main-thread", Fixture, NULL,
              fixture_set_up, test_frames_shown_on_main_thread, fixture_tear_down);

  return g_test_run ();
}
