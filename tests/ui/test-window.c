/* test-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "md-application.h"
#include "md-screenshot.h"
#include "md-test-utils.h"
#include "md-window.h"

typedef struct
{
  MdApplication *app;
  GtkWindow     *window;
  char          *png_path;
} Fixture;

static gboolean
window_is_mapped (gpointer user_data)
{
  Fixture *f = user_data;

  return f->window != NULL && gtk_widget_get_mapped (GTK_WIDGET (f->window));
}

static gboolean
screenshot_taken (gpointer user_data)
{
  Fixture *f = user_data;

  return md_screenshot_widget_to_png (GTK_WIDGET (f->window), f->png_path, NULL);
}

static gboolean
check_window_cb (gpointer user_data)
{
  Fixture *f = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  g_assert_true (md_test_wait_until (window_is_mapped, f, 20000));
  g_assert_true (MD_IS_WINDOW (f->window));
  g_assert_cmpstr (gtk_window_get_title (f->window), ==, "Muxdesk");

  /* Give the first frame a chance to be laid out before rendering it. */
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);

  /* Until its first frame is drawn, a window has nothing to capture. */
  g_assert_true (md_test_wait_until (screenshot_taken, f, 10000));

  texture = gdk_texture_new_from_filename (f->png_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), >=, 360);
  g_assert_cmpint (gdk_texture_get_height (texture), >=, 294);
  g_test_message ("window rendered to %s", f->png_path);

  /* The application quits with its last window. */
  gtk_window_destroy (f->window);

  return G_SOURCE_REMOVE;
}

static void
on_window_added_cb (GtkApplication *app,
                    GtkWindow      *window,
                    Fixture        *f)
{
  f->window = window;
  g_idle_add (check_window_cb, f);
}

static void
test_main_window_opens (void)
{
  Fixture f = { 0 };
  char *argv[] = { (char *) "muxdesk", NULL };
  int status;

  f.png_path = md_test_build_path ("screenshots", "main-window.png", NULL);
  g_unlink (f.png_path);

  f.app = md_application_new ();
  /* Never hand the command line to another running Muxdesk. */
  g_application_set_flags (G_APPLICATION (f.app),
                           g_application_get_flags (G_APPLICATION (f.app)) | G_APPLICATION_NON_UNIQUE);
  g_signal_connect (f.app, "window-added", G_CALLBACK (on_window_added_cb), &f);
  status = g_application_run (G_APPLICATION (f.app), 1, argv);

  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_file_test (f.png_path, G_FILE_TEST_EXISTS));

  g_clear_object (&f.app);
  g_free (f.png_path);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/window/main-window-opens", test_main_window_opens);

  return g_test_run ();
}
