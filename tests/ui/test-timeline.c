/* test-timeline.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "md-test-utils.h"
#include "md-test-widgets.h"
#include "md-timeline.h"

/* MdTimeline in a real window: its own event controllers get the input,
 * and the times it asks to seek to are checked against its geometry. */

#define DURATION 100.0

typedef struct
{
  GtkWindow  *window;
  MdTimeline *timeline;
  GArray     *seeks;
} Fixture;

static void
on_seek_cb (MdTimeline *timeline,
            double      seconds,
            Fixture    *f)
{
  g_array_append_val (f->seeks, seconds);
}

static gboolean
timeline_is_laid_out (gpointer user_data)
{
  Fixture *f = user_data;

  return gtk_widget_get_mapped (GTK_WIDGET (f->timeline))
         && gtk_widget_get_width (GTK_WIDGET (f->timeline)) >= 400;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->seeks = g_array_new (FALSE, FALSE, sizeof (double));
  f->window = GTK_WINDOW (gtk_window_new ());
  f->timeline = MD_TIMELINE (md_timeline_new ());
  gtk_widget_set_size_request (GTK_WIDGET (f->timeline), 400, -1);
  gtk_widget_set_valign (GTK_WIDGET (f->timeline), GTK_ALIGN_CENTER);
  gtk_window_set_child (f->window, GTK_WIDGET (f->timeline));
  g_signal_connect (f->timeline, "seek", G_CALLBACK (on_seek_cb), f);

  md_timeline_set_duration (f->timeline, DURATION);
  md_timeline_set_position (f->timeline, 10);
  md_timeline_set_buffered_position (f->timeline, 40);
  gtk_window_present (f->window);
  g_assert_true (md_test_wait_until (timeline_is_laid_out, f, 10000));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (f->window);
  g_array_unref (f->seeks);
}

static gboolean
press_key (Fixture *f,
           guint    keyval)
{
  GtkEventController *key = md_test_find_controller (GTK_WIDGET (f->timeline), GTK_TYPE_EVENT_CONTROLLER_KEY);
  gboolean handled = FALSE;

  g_signal_emit_by_name (key, "key-pressed", keyval, 0, 0, &handled);
  return handled;
}

static double
last_seek (Fixture *f)
{
  g_assert_cmpuint (f->seeks->len, >, 0);
  return g_array_index (f->seeks, double, f->seeks->len - 1);
}

static double
x_at_fraction (Fixture *f,
               double   fraction)
{
  graphene_rect_t track;

  md_timeline_get_track_rect (f->timeline, &track);
  return track.origin.x + track.size.width * fraction;
}

static void
test_keyboard_seeks (Fixture       *f,
                     gconstpointer  data)
{
  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (f->timeline)));

  g_assert_true (press_key (f, GDK_KEY_Right));
  g_assert_cmpfloat_with_epsilon (last_seek (f), 15.0, 1e-9);
  g_assert_true (press_key (f, GDK_KEY_Left));
  g_assert_cmpfloat_with_epsilon (last_seek (f), 5.0, 1e-9);
  g_assert_true (press_key (f, GDK_KEY_Page_Up));
  g_assert_cmpfloat_with_epsilon (last_seek (f), 20.0, 1e-9);
  g_assert_true (press_key (f, GDK_KEY_End));
  g_assert_cmpfloat_with_epsilon (last_seek (f), DURATION, 1e-9);
  g_assert_true (press_key (f, GDK_KEY_Home));
  g_assert_cmpfloat_with_epsilon (last_seek (f), 0.0, 1e-9);

  /* Seeks never leave the video. */
  md_timeline_set_position (f->timeline, 98);
  g_assert_true (press_key (f, GDK_KEY_Right));
  g_assert_cmpfloat_with_epsilon (last_seek (f), DURATION, 1e-9);

  /* Keys it does not own go on to the page (volume, play/pause). */
  g_assert_false (press_key (f, GDK_KEY_Up));
  g_assert_false (press_key (f, GDK_KEY_space));
  g_assert_cmpuint (f->seeks->len, ==, 6);
}

static void
test_click_seeks_to_time_under_pointer (Fixture       *f,
                                        gconstpointer  data)
{
  GtkGesture *drag = md_test_find_controller (GTK_WIDGET (f->timeline), GTK_TYPE_GESTURE_DRAG);

  g_signal_emit_by_name (drag, "drag-begin", x_at_fraction (f, 0.25), 20.0);
  g_assert_true (md_timeline_get_dragging (f->timeline));
  g_signal_emit_by_name (drag, "drag-end", 0.0, 0.0);

  g_assert_false (md_timeline_get_dragging (f->timeline));
  g_assert_cmpuint (f->seeks->len, ==, 1);
  g_assert_cmpfloat_with_epsilon (last_seek (f), 25.0, 1e-6);

  /* The ends of the track are the ends of the video, even past them. */
  g_signal_emit_by_name (drag, "drag-begin", 0.0, 20.0);
  g_signal_emit_by_name (drag, "drag-end", 0.0, 0.0);
  g_assert_cmpfloat_with_epsilon (last_seek (f), 0.0, 1e-6);
  g_signal_emit_by_name (drag, "drag-begin", (double) gtk_widget_get_width (GTK_WIDGET (f->timeline)), 20.0);
  g_signal_emit_by_name (drag, "drag-end", 0.0, 0.0);
  g_assert_cmpfloat_with_epsilon (last_seek (f), DURATION, 1e-6);
}

static void
test_drag_ignores_player_updates (Fixture       *f,
                                  gconstpointer  data)
{
  GtkGesture *drag = md_test_find_controller (GTK_WIDGET (f->timeline), GTK_TYPE_GESTURE_DRAG);
  double start_x = x_at_fraction (f, 0.25);

  g_signal_emit_by_name (drag, "drag-begin", start_x, 20.0);
  g_signal_emit_by_name (drag, "drag-update", x_at_fraction (f, 0.75) - start_x, 0.0);
  g_assert_cmpfloat_with_epsilon (md_timeline_get_display_position (f->timeline), 75.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (md_timeline_get_hover_position (f->timeline), 75.0, 1e-6);

  /* The player keeps playing meanwhile: the playhead stays under the pointer. */
  md_timeline_set_position (f->timeline, 11);
  g_assert_cmpfloat_with_epsilon (md_timeline_get_display_position (f->timeline), 75.0, 1e-6);
  g_assert_cmpuint (f->seeks->len, ==, 0);

  g_signal_emit_by_name (drag, "drag-end", x_at_fraction (f, 0.75) - start_x, 0.0);
  g_assert_cmpuint (f->seeks->len, ==, 1);
  g_assert_cmpfloat_with_epsilon (last_seek (f), 75.0, 1e-6);
  /* No jump back to the old position before the player catches up. */
  g_assert_cmpfloat_with_epsilon (md_timeline_get_display_position (f->timeline), 75.0, 1e-6);

  md_timeline_set_position (f->timeline, 75.2);
  g_assert_cmpfloat_with_epsilon (md_timeline_get_display_position (f->timeline), 75.2, 1e-6);
}

static void
test_hover_and_accessibility (Fixture       *f,
                              gconstpointer  data)
{
  GtkEventController *motion = md_test_find_controller (GTK_WIDGET (f->timeline), GTK_TYPE_EVENT_CONTROLLER_MOTION);

  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (f->timeline)), ==,
                   GTK_ACCESSIBLE_ROLE_SLIDER);

  g_assert_cmpfloat (md_timeline_get_hover_position (f->timeline), ==, -1);
  g_signal_emit_by_name (motion, "motion", x_at_fraction (f, 0.5), 20.0);
  g_assert_cmpfloat_with_epsilon (md_timeline_get_hover_position (f->timeline), 50.0, 1e-6);

  md_test_screenshot (GTK_WIDGET (f->window), "timeline-hover.png");

  g_signal_emit_by_name (motion, "leave");
  g_assert_cmpfloat (md_timeline_get_hover_position (f->timeline), ==, -1);
}

static guint32
pixel_at (const char *png,
          int         x,
          int         y)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_filename (png, &error);
  g_autofree guint32 *pixels = NULL;
  int width, height;

  g_assert_no_error (error);
  width = gdk_texture_get_width (texture);
  height = gdk_texture_get_height (texture);
  g_assert_cmpint (x, <, width);
  g_assert_cmpint (y, <, height);
  pixels = g_new (guint32, (gsize) width * height);
  gdk_texture_download (texture, (guchar *) pixels, (gsize) width * 4);
  return pixels[y * width + x];
}

static void
test_colors_follow_the_style (Fixture       *f,
                              gconstpointer  data)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *light_png = NULL;
  g_autofree char *dark_png = NULL;
  graphene_rect_t track;
  graphene_point_t unplayed;
  guint32 light, dark;

  md_timeline_get_track_rect (f->timeline, &track);
  g_assert_true (gtk_widget_compute_point (GTK_WIDGET (f->timeline), GTK_WIDGET (f->window),
                                           &GRAPHENE_POINT_INIT (track.origin.x + track.size.width * 0.8,
                                                                 track.origin.y + track.size.height / 2),
                                           &unplayed));

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  light_png = md_test_save_screenshot (GTK_WIDGET (f->window), "timeline-light.png");

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  dark_png = md_test_save_screenshot (GTK_WIDGET (f->window), "timeline-dark.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);

  /* The track is drawn from the theme's colours, re-read on css_changed:
   * it is light on dark and dark on light. */
  light = pixel_at (light_png, (int) unplayed.x, (int) unplayed.y);
  dark = pixel_at (dark_png, (int) unplayed.x, (int) unplayed.y);
  g_test_message ("track pixel: light %08x, dark %08x", light, dark);
  g_assert_cmpuint (light, !=, dark);
  /* Green channel as brightness: a pale grey over the light window, a
   * dim one over the dark window. */
  g_assert_cmpuint ((light >> 8) & 0xff, >, 0x80);
  g_assert_cmpuint ((dark >> 8) & 0xff, <, 0x80);
}

static void
test_no_duration_ignores_input (Fixture       *f,
                                gconstpointer  data)
{
  md_timeline_set_duration (f->timeline, 0);
  g_assert_false (press_key (f, GDK_KEY_Right));
  g_assert_cmpuint (f->seeks->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/timeline/keyboard-seeks", test_keyboard_seeks);
  ADD ("/timeline/click-seeks-to-time-under-pointer", test_click_seeks_to_time_under_pointer);
  ADD ("/timeline/drag-ignores-player-updates", test_drag_ignores_player_updates);
  ADD ("/timeline/hover-and-accessibility", test_hover_and_accessibility);
  ADD ("/timeline/no-duration-ignores-input", test_no_duration_ignores_input);
  ADD ("/timeline/colors-follow-the-style", test_colors_follow_the_style);

#undef ADD

  return g_test_run ();
}
