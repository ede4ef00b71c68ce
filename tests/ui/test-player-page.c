/* test-player-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <math.h>

#include "md-media.h"
#include "md-player-page.h"
#include "md-storyboard-preview.h"
#include "md-test-hls.h"
#include "md-test-utils.h"
#include "md-test-widgets.h"

/* MdPlayerPage in a real window under Xvfb, playing real HLS from
 * 127.0.0.1. Screenshots land in the build dir (tests/ui/screenshots). */

#define WAIT_MS 30000

static MdTestHls *hls;

typedef struct
{
  GtkWindow    *window;
  MdPlayerPage *page;
  MdPlayer     *player;
  guint         n_mints;
  char         *next_path;   /* what the URI function hands out next */
} Fixture;

static gboolean
page_is_laid_out (gpointer user_data)
{
  Fixture *f = user_data;

  return gtk_widget_get_mapped (GTK_WIDGET (f->page)) && gtk_widget_get_width (GTK_WIDGET (f->page)) > 0;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 800, 500);
  f->page = MD_PLAYER_PAGE (md_player_page_new ());
  f->player = md_player_page_get_player (f->page);
  gtk_window_set_child (f->window, GTK_WIDGET (f->page));
  gtk_window_present (f->window);
  g_assert_true (md_test_wait_until (page_is_laid_out, f, 10000));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (f->window);
  g_free (f->next_path);
}

/* Standard deviation of the luma inside @widget's bounds in the PNG: SMPTE
 * bars are far from uniform, a black or frozen-blank video area is 0. */
static double
luma_deviation (const char *png,
                GtkWidget  *root,
                GtkWidget  *widget)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_filename (png, &error);
  g_autofree guchar *pixels = NULL;
  graphene_rect_t bounds;
  double sum = 0, sum_sq = 0;
  gsize stride;
  int width, height, n = 0;

  g_assert_no_error (error);
  g_assert_true (gtk_widget_compute_bounds (widget, root, &bounds));

  width = gdk_texture_get_width (texture);
  height = gdk_texture_get_height (texture);
  stride = (gsize) width * 4;
  pixels = g_malloc (stride * height);
  gdk_texture_download (texture, pixels, stride);   /* cairo ARGB32: B G R A */

  for (int y = MAX (0, (int) bounds.origin.y); y < MIN (height, (int) (bounds.origin.y + bounds.size.height)); y += 2)
    for (int x = MAX (0, (int) bounds.origin.x); x < MIN (width, (int) (bounds.origin.x + bounds.size.width)); x += 2)
      {
        const guchar *p = pixels + y * stride + x * 4;
        double luma = 0.114 * p[0] + 0.587 * p[1] + 0.299 * p[2];

        sum += luma;
        sum_sq += luma * luma;
        n++;
      }

  g_assert_cmpint (n, >, 0);
  return sqrt (MAX (0, sum_sq / n - (sum / n) * (sum / n)));
}

static gboolean
has_played_two_seconds (gpointer user_data)
{
  Fixture *f = user_data;

  return md_player_get_state (f->player) == MD_PLAYER_STATE_ERROR
         || (md_player_get_position (f->player) >= 2.0
             && md_paintable_get_n_frames (md_player_get_paintable (f->player)) > 0);
}

static gboolean
has_failed (gpointer user_data)
{
  Fixture *f = user_data;

  return md_player_get_state (f->player) == MD_PLAYER_STATE_ERROR;
}

static gboolean
storyboard_is_loaded (gpointer user_data)
{
  Fixture *f = user_data;
  GtkPicture *picture = GTK_PICTURE (md_player_page_get_storyboard_preview (f->page));

  return md_storyboard_preview_has_storyboard (MD_STORYBOARD_PREVIEW (gtk_picture_get_paintable (picture)));
}

static void
test_plays_video_into_window (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *url = md_test_hls_get_url (hls, "/hls/playlist.m3u8");
  g_autofree char *storyboard_url = md_test_hls_get_url (hls, "/hls/storyboard.json");
  g_autofree char *png = NULL;
  g_autofree char *hover_png = NULL;
  GtkWidget *preview = md_player_page_get_storyboard_preview (f->page);
  MdStoryboardTile tile;
  GtkWidget *video = md_player_page_get_video_area (f->page);
  MdTimeline *timeline = md_player_page_get_timeline (f->page);
  GtkEventController *motion = NULL;
  g_autoptr(GListModel) controllers = NULL;
  double deviation;

  md_player_page_open_uri (f->page, url, "SMPTE bars", storyboard_url);
  g_assert_cmpstr (md_player_page_get_title (f->page), ==, "SMPTE bars");
  g_assert_true (md_test_wait_until (has_played_two_seconds, f, WAIT_MS));
  g_assert_null (md_player_get_error (f->player));

  /* Pause so the picture holds still for the screenshot. */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "player.play-pause", NULL);
  g_assert_cmpint (md_player_get_state (f->player), ==, MD_PLAYER_STATE_PAUSED);
  g_assert_true (md_player_page_get_controls_visible (f->page));
  g_assert_cmpfloat (md_timeline_get_duration (timeline), >, 5.0);
  g_assert_cmpfloat (md_timeline_get_position (timeline), >=, 2.0);

  png = md_test_save_screenshot (GTK_WIDGET (f->window), "player-page.png");
  deviation = luma_deviation (png, GTK_WIDGET (f->window), video);
  g_test_message ("video area luma deviation: %.1f", deviation);
  g_assert_cmpfloat (deviation, >, 20.0);

  /* The same with the pointer over the timeline: the hover label and the
   * storyboard tile of that time show. */
  g_assert_true (md_test_wait_until (storyboard_is_loaded, f, WAIT_MS));
  g_assert_false (gtk_widget_get_visible (preview));
  controllers = gtk_widget_observe_controllers (GTK_WIDGET (timeline));
  for (guint i = 0; i < g_list_model_get_n_items (controllers) && motion == NULL; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_MOTION (controller))
        motion = GTK_EVENT_CONTROLLER (controller);
    }
  g_assert_nonnull (motion);
  g_signal_emit_by_name (motion, "motion", gtk_widget_get_width (GTK_WIDGET (timeline)) * 0.6, 20.0);
  g_assert_cmpfloat (md_timeline_get_hover_position (timeline), >, 0);
  g_assert_true (gtk_widget_get_visible (preview));
  md_storyboard_preview_get_tile (MD_STORYBOARD_PREVIEW (gtk_picture_get_paintable (GTK_PICTURE (preview))), &tile);
  g_assert_cmpfloat (tile.start, <=, md_timeline_get_hover_position (timeline));
  g_assert_cmpfloat (tile.end, >, md_timeline_get_hover_position (timeline));
  hover_png = md_test_save_screenshot (GTK_WIDGET (f->window), "player-page-hover.png");

  g_signal_emit_by_name (motion, "leave");
  g_assert_false (gtk_widget_get_visible (preview));
}

static gboolean
seek_is_done (gpointer user_data)
{
  Fixture *f = user_data;

  return md_player_get_state (f->player) == MD_PLAYER_STATE_ERROR || !md_player_get_seeking (f->player);
}

static gboolean
is_paused_with_frame (gpointer user_data)
{
  Fixture *f = user_data;

  return md_player_get_state (f->player) == MD_PLAYER_STATE_ERROR
         || (md_paintable_get_n_frames (md_player_get_paintable (f->player)) > 0
             && md_player_get_duration (f->player) > 0
             && !md_player_get_seeking (f->player));
}

static void
test_keyboard_actions (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *url = md_test_hls_get_url (hls, "/hls/playlist.m3u8");
  double volume;

  md_player_page_open_uri (f->page, url, NULL, NULL);
  gtk_widget_activate_action (GTK_WIDGET (f->page), "player.play-pause", NULL);
  g_assert_cmpint (md_player_get_state (f->player), ==, MD_PLAYER_STATE_PAUSED);
  g_assert_true (md_test_wait_until (is_paused_with_frame, f, WAIT_MS));

  /* → / L seek forward 5 s / 10 s, End to the end, Home back. */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "player.seek-relative", "d", 5.0);
  g_assert_cmpfloat_with_epsilon (md_player_get_position (f->player), 5.0, 0.5);
  g_assert_true (md_test_wait_until (seek_is_done, f, WAIT_MS));
  gtk_widget_activate_action (GTK_WIDGET (f->page), "player.seek-start", NULL);
  g_assert_cmpfloat (md_player_get_position (f->player), ==, 0.0);
  g_assert_true (md_test_wait_until (seek_is_done, f, WAIT_MS));
  gtk_widget_activate_action (GTK_WIDGET (f->page), "player.seek-end", NULL);
  g_assert_cmpfloat (md_player_get_position (f->player), ==, md_player_get_duration (f->player));
  g_assert_true (md_test_wait_until (seek_is_done, f, WAIT_MS));

  /* ↑/↓ volume, M mute. */
  md_player_set_volume (f->player, 0.5);
  gtk_widget_activate_action (GTK_WIDGET (f->page), "player.change-volume", "d", 0.1);
  volume = md_player_get_volume (f->player);
  g_assert_cmpfloat_with_epsilon (volume, 0.6, 0.01);
  gtk_widget_activate_action (GTK_WIDGET (f->page), "player.toggle-mute", NULL);
  g_assert_true (md_player_get_muted (f->player));
  gtk_widget_activate_action (GTK_WIDGET (f->page), "player.toggle-mute", NULL);
  g_assert_false (md_player_get_muted (f->player));
  g_assert_no_error ((GError *) md_player_get_error (f->player));
}

static gboolean
controls_are_hidden (gpointer user_data)
{
  Fixture *f = user_data;

  return md_player_get_state (f->player) == MD_PLAYER_STATE_ERROR
         || !md_player_page_get_controls_visible (f->page);
}

static gboolean
timeline_is_unmapped (gpointer user_data)
{
  Fixture *f = user_data;

  return !gtk_widget_get_mapped (GTK_WIDGET (md_player_page_get_timeline (f->page)));
}

static void
test_controls_autohide (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *url = md_test_hls_get_url (hls, "/hls/playlist.m3u8");
  g_autoptr(GListModel) controllers = NULL;
  GtkEventController *motion = NULL;
  g_autofree char *png = NULL;

  md_player_page_open_uri (f->page, url, "Autohide", NULL);
  g_assert_true (md_player_page_get_controls_visible (f->page));

  /* While playing, untouched, the controls go away... */
  g_assert_true (md_test_wait_until (controls_are_hidden, f, WAIT_MS));
  g_assert_cmpint (md_player_get_state (f->player), ==, MD_PLAYER_STATE_PLAYING);
  /* Once the fade-out is over, the video is all there is. */
  g_assert_true (md_test_wait_until (timeline_is_unmapped, f, WAIT_MS));
  png = md_test_save_screenshot (GTK_WIDGET (f->window), "player-page-controls-hidden.png");

  /* ...and a pointer move brings them back. */
  controllers = gtk_widget_observe_controllers (GTK_WIDGET (f->page));
  for (guint i = 0; i < g_list_model_get_n_items (controllers) && motion == NULL; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_MOTION (controller))
        motion = GTK_EVENT_CONTROLLER (controller);
    }
  g_assert_nonnull (motion);
  g_signal_emit_by_name (motion, "motion", 100.0, 100.0);
  g_assert_true (md_player_page_get_controls_visible (f->page));

  /* Paused, they stay. */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "player.play-pause", NULL);
  g_assert_cmpint (md_player_get_state (f->player), ==, MD_PLAYER_STATE_PAUSED);
  g_assert_true (md_player_page_get_controls_visible (f->page));
}

static char *
mint_uri_cb (gpointer   user_data,
             GError   **error)
{
  Fixture *f = user_data;

  f->n_mints++;
  return md_test_hls_get_url (hls, f->next_path);
}

static void
test_error_state_and_retry (Fixture       *f,
                            gconstpointer  data)
{
  AdwStatusPage *error_page = NULL;
  GtkWidget *child;
  g_autofree char *png = NULL;

  /* First the token is refused, as with an expired signed playback ID. */
  f->next_path = g_strdup ("/forbidden.m3u8?token=expired");
  md_player_page_open (f->page, mint_uri_cb, f, NULL, "Signed video", NULL);
  g_assert_cmpuint (f->n_mints, ==, 1);
  g_assert_true (md_test_wait_until (has_failed, f, WAIT_MS));
  g_assert_error ((GError *) md_player_get_error (f->player), MD_PLAYER_ERROR, MD_PLAYER_ERROR_FORBIDDEN);

  /* The error is on the video area, with the player's message. */
  for (child = gtk_widget_get_first_child (gtk_widget_get_first_child (GTK_WIDGET (f->page)));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (ADW_IS_STATUS_PAGE (child))
      error_page = ADW_STATUS_PAGE (child);
  g_assert_nonnull (error_page);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_page)));
  g_assert_nonnull (strstr (adw_status_page_get_description (error_page), "403"));
  png = md_test_save_screenshot (GTK_WIDGET (f->window), "player-page-error.png");

  /* Retry mints a new URL, which plays. */
  g_free (f->next_path);
  f->next_path = g_strdup ("/hls/playlist.m3u8");
  gtk_widget_activate_action (GTK_WIDGET (f->page), "player.retry", NULL);
  g_assert_cmpuint (f->n_mints, ==, 2);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error_page)));
  g_assert_true (md_test_wait_until (has_played_two_seconds, f, WAIT_MS));
  g_assert_null (md_player_get_error (f->player));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkCssProvider) css = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  /* The application loads this from its resources; this test has no
   * application. */
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/io/github/muxdesk/Muxdesk/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  if (!md_media_init (&error))
    g_error ("%s", error->message);
  hls = md_test_hls_new (6, &error);
  g_assert_no_error (error);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/player-page/plays-video-into-window", test_plays_video_into_window);
  ADD ("/player-page/keyboard-actions", test_keyboard_actions);
  ADD ("/player-page/error-state-and-retry", test_error_state_and_retry);
  ADD ("/player-page/controls-autohide", test_controls_autohide);

#undef ADD

  status = g_test_run ();
  g_clear_pointer (&hls, md_test_hls_free);
  return status;
}
