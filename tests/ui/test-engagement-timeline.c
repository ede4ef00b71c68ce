/* test-engagement-timeline.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <string.h>

#include "md-engagement-export.h"
#include "md-hotspot.h"
#include "md-test-utils.h"
#include "md-test-widgets.h"
#include "md-timeline.h"
#include "md-timeline-heatmap-layer.h"
#include "md-timeline-hotspot-layer.h"

/* The heatmap and hotspot layers on a real MdTimeline in a real window:
 * tooltips, clicks on markers, and screenshots in light and dark styles. */

#define DURATION 120.0

typedef struct
{
  GtkWindow       *window;
  MdTimeline      *timeline;
  MdTimelineLayer *heatmap;
  MdTimelineLayer *hotspots;
  GArray          *seeks;
} Fixture;

static const char hotspots_json[] =
  "{\"data\":{\"total_views\":40,\"hotspots\":["
  "{\"start_ms\":30000,\"end_ms\":35000,\"score\":1.0},"
  "{\"start_ms\":80000,\"end_ms\":85000,\"score\":0.6},"
  "{\"start_ms\":5000,\"end_ms\":10000,\"score\":0.3}]}}";

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
         && gtk_widget_get_width (GTK_WIDGET (f->timeline)) >= 600;
}

static GListModel *
parse_hotspots (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  GListModel *list;
  gint64 total = 0;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  list = md_hotspot_list_new_from_json (json_parser_get_root (parser), &total, &error);
  g_assert_no_error (error);
  g_assert_cmpint (total, ==, 40);
  return list;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GListModel) hotspots = parse_hotspots (hotspots_json);
  double values[120];
  GtkWidget *box;

  /* A typical curve: drop-off from the start, two rewatched moments. */
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    values[i] = 0.9 - 0.5 * i / 120.0
                + (i >= 30 && i < 35 ? 0.35 : 0)
                + (i >= 80 && i < 85 ? 0.2 : 0);

  f->seeks = g_array_new (FALSE, FALSE, sizeof (double));
  f->window = GTK_WINDOW (gtk_window_new ());
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_add_css_class (box, "view");
  gtk_widget_set_margin_top (box, 0);
  f->timeline = MD_TIMELINE (md_timeline_new ());
  gtk_widget_set_size_request (GTK_WIDGET (f->timeline), 600, -1);
  gtk_widget_set_margin_start (GTK_WIDGET (f->timeline), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (f->timeline), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (f->timeline), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (f->timeline), 12);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->timeline));
  gtk_window_set_child (f->window, box);
  g_signal_connect (f->timeline, "seek", G_CALLBACK (on_seek_cb), f);

  f->heatmap = md_timeline_heatmap_layer_new ();
  f->hotspots = md_timeline_hotspot_layer_new ();
  md_timeline_add_overlay (f->timeline, f->heatmap);
  md_timeline_add_overlay (f->timeline, f->hotspots);
  md_timeline_heatmap_layer_set_values (MD_TIMELINE_HEATMAP_LAYER (f->heatmap), values, G_N_ELEMENTS (values), 40);
  md_timeline_hotspot_layer_set_hotspots (MD_TIMELINE_HOTSPOT_LAYER (f->hotspots), hotspots, FALSE);

  md_timeline_set_duration (f->timeline, DURATION);
  md_timeline_set_position (f->timeline, 20);
  md_timeline_set_buffered_position (f->timeline, 50);
  gtk_window_present (f->window);
  g_assert_true (md_test_wait_until (timeline_is_laid_out, f, 10000));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_destroy (f->window);
  g_clear_object (&f->heatmap);
  g_clear_object (&f->hotspots);
  g_array_unref (f->seeks);
}

static void
click_at (Fixture *f,
          double   x)
{
  GtkGesture *drag = md_test_find_controller (GTK_WIDGET (f->timeline), GTK_TYPE_GESTURE_DRAG);

  g_signal_emit_by_name (drag, "drag-begin", x, 30.0);
  g_signal_emit_by_name (drag, "drag-end", 0.0, 0.0);
}

static double
last_seek (Fixture *f)
{
  g_assert_cmpuint (f->seeks->len, >, 0);
  return g_array_index (f->seeks, double, f->seeks->len - 1);
}

static void
test_click_on_hotspot_seeks_to_start (Fixture       *f,
                                      gconstpointer  data)
{
  double x_start = md_timeline_time_to_x (f->timeline, 80.0);
  double x_inside = md_timeline_time_to_x (f->timeline, 83.7);
  double x_plain = md_timeline_time_to_x (f->timeline, 60.0);

  g_assert_cmpint (md_timeline_hotspot_layer_lookup (MD_TIMELINE_HOTSPOT_LAYER (f->hotspots), f->timeline, x_inside), ==, 1);

  /* Inside the marker: the seek lands exactly on start_ms. */
  click_at (f, x_inside);
  g_assert_cmpfloat (last_seek (f), ==, 80.0);
  click_at (f, x_start + 1);
  g_assert_cmpfloat (last_seek (f), ==, 80.0);

  /* Elsewhere the click seeks under the pointer as before. */
  click_at (f, x_plain);
  g_assert_cmpfloat_with_epsilon (last_seek (f), 60.0, 1e-6);

  /* A drag starting on a marker seeks where it ends, not to the marker. */
  {
    GtkGesture *drag = md_test_find_controller (GTK_WIDGET (f->timeline), GTK_TYPE_GESTURE_DRAG);

    g_signal_emit_by_name (drag, "drag-begin", x_inside, 30.0);
    g_signal_emit_by_name (drag, "drag-end", x_plain - x_inside, 0.0);
    g_assert_cmpfloat_with_epsilon (last_seek (f), 60.0, 1e-6);
  }

  /* Hidden markers are not clickable. */
  md_timeline_layer_set_visible (f->hotspots, FALSE);
  click_at (f, x_inside);
  g_assert_cmpfloat_with_epsilon (last_seek (f), 83.7, 1e-6);
}

static void
test_tooltips (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *heat = md_timeline_layer_query_tooltip (f->heatmap, f->timeline, 45.5);
  g_autofree char *hot = md_timeline_layer_query_tooltip (f->hotspots, f->timeline, 31.0);
  g_autofree char *none = md_timeline_layer_query_tooltip (f->hotspots, f->timeline, 60.0);

  /* Bucket 45 of 120 over 120 s covers 0:45–0:46; its value 0.9 - 0.1875. */
  g_assert_nonnull (heat);
  g_assert_nonnull (strstr (heat, "0:45"));
  g_assert_nonnull (strstr (heat, "0:46"));
  g_assert_nonnull (strstr (heat, "71%"));
  g_assert_nonnull (strstr (heat, "40 views"));

  g_assert_nonnull (hot);
  g_assert_nonnull (strstr (hot, "0:30"));
  g_assert_nonnull (strstr (hot, "0:35"));
  g_assert_nonnull (strstr (hot, "1.00"));
  g_assert_null (none);

  /* An empty heatmap has nothing to say. */
  md_timeline_heatmap_layer_set_values (MD_TIMELINE_HEATMAP_LAYER (f->heatmap), NULL, 0, 0);
  g_clear_pointer (&heat, g_free);
  heat = md_timeline_layer_query_tooltip (f->heatmap, f->timeline, 45.5);
  g_assert_null (heat);
}

static void
test_screenshots (Fixture       *f,
                  gconstpointer  data)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autoptr(GListModel) cold = parse_hotspots (
    "{\"data\":{\"total_views\":40,\"hotspots\":["
    "{\"start_ms\":100000,\"end_ms\":105000,\"score\":0.0},"
    "{\"start_ms\":60000,\"end_ms\":65000,\"score\":0.2}]}}");

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_assert_false (adw_style_manager_get_dark (style));
  md_test_screenshot (GTK_WIDGET (f->window), "timeline-heatmap-light.png");

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (adw_style_manager_get_dark (style));
  md_test_screenshot (GTK_WIDGET (f->window), "timeline-heatmap-dark.png");

  md_timeline_hotspot_layer_set_hotspots (MD_TIMELINE_HOTSPOT_LAYER (f->hotspots), cold, TRUE);
  md_test_screenshot (GTK_WIDGET (f->window), "timeline-coldspots-dark.png");

  /* The PNG export is the annotated timeline alone. */
  {
    g_autofree char *png = md_test_build_path ("screenshots", "timeline-export.png", NULL);
    g_autoptr(GdkTexture) texture = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_true (md_engagement_export_png (GTK_WIDGET (f->timeline), png, &error));
    g_assert_no_error (error);
    texture = gdk_texture_new_from_filename (png, &error);
    g_assert_no_error (error);
    g_assert_cmpint (gdk_texture_get_width (texture), ==, gtk_widget_get_width (GTK_WIDGET (f->timeline)));
    g_assert_cmpint (gdk_texture_get_height (texture), ==, gtk_widget_get_height (GTK_WIDGET (f->timeline)));
  }
}

/* The colour of the band's bottom row at @seconds, from the window
 * rendered as on screen; 0..1, opaque (the window paints its background). */
static void
band_pixel (Fixture    *f,
            GdkTexture *texture,
            guchar     *pixels,
            double      seconds,
            GdkRGBA    *color)
{
  graphene_rect_t track;
  graphene_point_t point;
  gsize stride = (gsize) gdk_texture_get_width (texture) * 4;
  const guchar *p;

  md_timeline_get_track_rect (f->timeline, &track);
  g_assert_true (gtk_widget_compute_point (GTK_WIDGET (f->timeline), GTK_WIDGET (f->window),
                                           &GRAPHENE_POINT_INIT (md_timeline_time_to_x (f->timeline, seconds),
                                                                 track.origin.y - 5.0f),
                                           &point));
  g_assert_cmpint ((int) point.x, <, gdk_texture_get_width (texture));
  g_assert_cmpint ((int) point.y, <, gdk_texture_get_height (texture));
  p = pixels + (gsize) point.y * stride + (gsize) point.x * 4;   /* cairo ARGB32: B G R A */
  g_assert_cmpuint (p[3], ==, 255);
  *color = (GdkRGBA) { p[2] / 255.0f, p[1] / 255.0f, p[0] / 255.0f, 1.0f };
}

static double
luma (const GdkRGBA *c)
{
  return 0.2126 * c->red + 0.7152 * c->green + 0.0722 * c->blue;
}

static void
test_color_ramp_follows_preferences (Fixture       *f,
                                     gconstpointer  data)
{
  static const char *const ramps[] = { "accent", "heat", "grayscale" };
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  /* Only the band: no marker over the most watched bucket. */
  md_timeline_layer_set_visible (f->hotspots, FALSE);

  for (guint dark = 0; dark <= 1; dark++)
    {
      adw_style_manager_set_color_scheme (style, dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);

      for (guint r = 0; r < G_N_ELEMENTS (ramps); r++)
        {
          g_autofree char *name = g_strdup_printf ("timeline-ramp-%s-%s.png", ramps[r], dark ? "dark" : "light");
          g_autofree char *png = md_test_build_path ("screenshots", name, NULL);
          g_autoptr(GdkTexture) texture = NULL;
          g_autoptr(GError) error = NULL;
          g_autofree guchar *pixels = NULL;
          GdkRGBA hot, cool, background;

          g_settings_set_string (settings, "heatmap-color-ramp", ramps[r]);
          g_assert_cmpint (md_timeline_heatmap_layer_get_color_ramp (MD_TIMELINE_HEATMAP_LAYER (f->heatmap)), ==,
                           md_heatmap_ramp_from_name (ramps[r]));
          md_test_screenshot (GTK_WIDGET (f->window), name);
          texture = gdk_texture_new_from_filename (png, &error);
          g_assert_no_error (error);
          pixels = g_malloc ((gsize) gdk_texture_get_width (texture) * 4 * gdk_texture_get_height (texture));
          gdk_texture_download (texture, pixels, (gsize) gdk_texture_get_width (texture) * 4);

          /* 0:32 is the most watched bucket, 1:59 the least (level 0.36);
           * 1:40 well above the band is the background. */
          band_pixel (f, texture, pixels, 32.5, &hot);
          band_pixel (f, texture, pixels, 119.5, &cool);
          {
            graphene_rect_t track;
            graphene_point_t point;
            const guchar *p;

            md_timeline_get_track_rect (f->timeline, &track);
            g_assert_true (gtk_widget_compute_point (GTK_WIDGET (f->timeline), GTK_WIDGET (f->window),
                                                     &GRAPHENE_POINT_INIT (track.origin.x + 2, 2), &point));
            p = pixels + (gsize) point.y * gdk_texture_get_width (texture) * 4 + (gsize) point.x * 4;
            background = (GdkRGBA) { p[2] / 255.0f, p[1] / 255.0f, p[0] / 255.0f, 1.0f };
          }
          g_test_message ("%s %s: hot %.2f %.2f %.2f, cool %.2f %.2f %.2f, background %.2f %.2f %.2f",
                          ramps[r], dark ? "dark" : "light", hot.red, hot.green, hot.blue,
                          cool.red, cool.green, cool.blue, background.red, background.green, background.blue);

          /* Light on dark styles, dark on light ones: readable in both. */
          g_assert_cmpint (luma (&background) < 0.5, ==, dark);

          if (g_str_equal (ramps[r], "heat"))
            {
              g_assert_cmpfloat (hot.red, >, hot.blue + 0.3);
              g_assert_cmpfloat (cool.blue, >, cool.red + 0.1);
            }
          else
            {
              /* The most watched stand out most from the background. */
              g_assert_cmpfloat (fabs (luma (&hot) - luma (&background)), >,
                                 fabs (luma (&cool) - luma (&background)) + 0.05);
              if (g_str_equal (ramps[r], "grayscale"))
                {
                  g_assert_cmpfloat (fabs (hot.red - hot.blue), <, 0.02);
                  g_assert_cmpfloat (fabs (hot.green - hot.blue), <, 0.02);
                  g_assert_cmpfloat (fabs (cool.red - cool.blue), <, 0.02);
                }
              else
                {
                  /* Adwaita's blue accent. */
                  g_assert_cmpfloat (hot.blue, >, hot.red + 0.3);
                  g_assert_cmpfloat (hot.blue, >, hot.green);
                }
            }
        }
    }
  g_settings_reset (settings, "heatmap-color-ramp");
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/engagement-timeline/click-on-hotspot-seeks-to-start", test_click_on_hotspot_seeks_to_start);
  ADD ("/engagement-timeline/tooltips", test_tooltips);
  ADD ("/engagement-timeline/screenshots", test_screenshots);
  ADD ("/engagement-timeline/color-ramp-follows-preferences", test_color_ramp_follows_preferences);
#undef ADD

  return g_test_run ();
}
