/* bench-heatmap.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Redraws a 1280-pixel timeline carrying a 10,000-bucket heatmap and 20
 * hotspots, many times, and prints the mean time per frame to build the
 * render nodes (snapshot) and to build and render them to a texture; the
 * same timeline without the engagement layers is the reference. The
 * heatmap layer keeps its band as a texture once drawn, so most frames
 * (the playhead moving) reuse it: the "redrawn" figures give the band new
 * values every frame (a fresh heatmap, as after a refresh), so each frame
 * pays for normalizing the 10,000 buckets and drawing the band anew.
 * Output: "snapshot_ms=… render_ms=… redrawn_snapshot_ms=… redrawn_render_ms=…
 * bare_snapshot_ms=… bare_render_ms=…".
 */

#include "config.h"

#include <adwaita.h>
#include <math.h>

#include "md-hotspot.h"
#include "md-timeline.h"
#include "md-timeline-heatmap-layer.h"
#include "md-timeline-hotspot-layer.h"

#define N_BUCKETS 10000
#define N_FRAMES 300
#define WIDTH 1280

static gboolean
is_ready (GtkWidget *widget)
{
  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) >= WIDTH;
}

/* @heatmap: when set, given values[frame % 2] each frame (timed with the
 * snapshot): its band is drawn again every frame. */
static void
measure (GtkWidget              *window,
         GtkWidget              *timeline,
         MdTimelineHeatmapLayer *heatmap,
         const double *const    *values,
         double                 *snapshot_ms,
         double                 *render_ms)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_GET_CLASS (timeline);
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  int width = gtk_widget_get_width (timeline);
  int height = gtk_widget_get_height (timeline);
  gint64 snapshot_us = 0, render_us = 0;

  for (guint i = 0; i < N_FRAMES; i++)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();
      g_autoptr(GskRenderNode) node = NULL;
      g_autoptr(GdkTexture) texture = NULL;
      gint64 start, built;

      /* The playhead moves each frame, as during playback. */
      md_timeline_set_position (MD_TIMELINE (timeline), i * 0.1);
      start = g_get_monotonic_time ();
      if (heatmap != NULL)
        md_timeline_heatmap_layer_set_values (heatmap, values[i % 2], N_BUCKETS, 500);
      /* The widget's own snapshot, not a cached node: every layer redraws. */
      widget_class->snapshot (timeline, snapshot);
      node = gtk_snapshot_free_to_node (snapshot);
      built = g_get_monotonic_time ();
      texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
      render_us += g_get_monotonic_time () - built;
      snapshot_us += built - start;
    }

  *snapshot_ms = snapshot_us / 1000.0 / N_FRAMES;
  *render_ms = (snapshot_us + render_us) / 1000.0 / N_FRAMES;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GListStore) hotspots = NULL;
  g_autoptr(GString) json = g_string_new ("{\"data\":{\"total_views\":500,\"hotspots\":[");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GListModel) list = NULL;
  g_autofree double *values = g_new (double, N_BUCKETS);
  g_autofree double *other_values = g_new (double, N_BUCKETS);
  const double *both[] = { values, other_values };
  MdTimelineLayer *heatmap = md_timeline_heatmap_layer_new ();
  MdTimelineLayer *spots = md_timeline_hotspot_layer_new ();
  double duration = 3600;
  GtkWidget *window, *timeline;
  double snap, render, redrawn_snap, redrawn_render, bare_snap, bare_render;

  gtk_init ();
  adw_init ();

  for (guint i = 0; i < N_BUCKETS; i++)
    {
      values[i] = 0.8 * exp (-3.0 * i / N_BUCKETS) + 0.15 * fabs (sin (i / 37.0));
      other_values[i] = 0.7 * exp (-2.0 * i / N_BUCKETS) + 0.2 * fabs (cos (i / 23.0));
    }
  for (guint i = 0; i < 20; i++)
    g_string_append_printf (json, "%s{\"start_ms\":%u,\"end_ms\":%u,\"score\":%.2f}",
                            i ? "," : "", i * 180000, i * 180000 + 5000, 1.0 - i / 20.0);
  g_string_append (json, "]}}");
  g_assert_true (json_parser_load_from_data (parser, json->str, -1, NULL));
  list = md_hotspot_list_new_from_json (json_parser_get_root (parser), NULL, NULL);
  g_assert_nonnull (list);

  window = gtk_window_new ();
  timeline = md_timeline_new ();
  gtk_widget_set_size_request (timeline, WIDTH, -1);
  gtk_window_set_child (GTK_WINDOW (window), timeline);
  md_timeline_set_duration (MD_TIMELINE (timeline), duration);
  md_timeline_set_buffered_position (MD_TIMELINE (timeline), 600);
  gtk_window_present (GTK_WINDOW (window));
  while (!is_ready (timeline))
    g_main_context_iteration (NULL, TRUE);

  measure (window, timeline, NULL, NULL, &bare_snap, &bare_render);

  md_timeline_add_overlay (MD_TIMELINE (timeline), heatmap);
  md_timeline_add_overlay (MD_TIMELINE (timeline), spots);
  md_timeline_heatmap_layer_set_values (MD_TIMELINE_HEATMAP_LAYER (heatmap), values, N_BUCKETS, 500);
  md_timeline_hotspot_layer_set_hotspots (MD_TIMELINE_HOTSPOT_LAYER (spots), list, FALSE);
  measure (window, timeline, NULL, NULL, &snap, &render);
  measure (window, timeline, MD_TIMELINE_HEATMAP_LAYER (heatmap), both, &redrawn_snap, &redrawn_render);

  g_print ("snapshot_ms=%.4f render_ms=%.4f redrawn_snapshot_ms=%.4f redrawn_render_ms=%.4f "
           "bare_snapshot_ms=%.4f bare_render_ms=%.4f\n",
           snap, render, redrawn_snap, redrawn_render, bare_snap, bare_render);

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (heatmap);
  g_object_unref (spots);
  return 0;
}
