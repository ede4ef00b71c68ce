/* test-heatmap-mapping.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "md-engagement-export.h"
#include "md-hotspot.h"
#include "md-timeline-heatmap-layer.h"

/* The heatmap's bucket <-> time mapping and colour ramp: pure functions. */

static void
test_bucket_ranges_cover_duration (void)
{
  double start, end, previous_end = 0;

  /* 7 buckets over 10 s: uneven widths (10/7), no gaps, last ends at 10. */
  for (guint i = 0; i < 7; i++)
    {
      g_assert_true (md_heatmap_bucket_range (i, 7, 10.0, &start, &end));
      g_assert_cmpfloat_with_epsilon (start, previous_end, 1e-12);
      g_assert_cmpfloat_with_epsilon (end - start, 10.0 / 7, 1e-12);
      previous_end = end;
    }
  g_assert_cmpfloat (previous_end, ==, 10.0);

  g_assert_true (md_heatmap_bucket_range (2, 4, 100.0, &start, &end));
  g_assert_cmpfloat (start, ==, 50.0);
  g_assert_cmpfloat (end, ==, 75.0);

  /* An uneven duration with many buckets: 1000 over 1234.567 s. */
  g_assert_true (md_heatmap_bucket_range (999, 1000, 1234.567, &start, &end));
  g_assert_cmpfloat (end, ==, 1234.567);
  g_assert_cmpfloat_with_epsilon (start, 1234.567 * 0.999, 1e-9);
}

static void
test_bucket_range_rejects_bad_input (void)
{
  double start = -1, end = -1;

  g_assert_false (md_heatmap_bucket_range (0, 0, 10.0, &start, &end));   /* empty heatmap */
  g_assert_false (md_heatmap_bucket_range (5, 5, 10.0, &start, &end));   /* past the end */
  g_assert_false (md_heatmap_bucket_range (0, 5, 0.0, &start, &end));    /* no duration yet */
  g_assert_false (md_heatmap_bucket_range (0, 5, -3.0, &start, &end));
  g_assert_false (md_heatmap_bucket_range (0, 5, NAN, &start, &end));
  g_assert_false (md_heatmap_bucket_range (0, 5, INFINITY, &start, &end));
  g_assert_cmpfloat (start, ==, -1);
  g_assert_cmpfloat (end, ==, -1);
}

static void
test_bucket_at_inverts_range (void)
{
  double start, end;

  g_assert_cmpint (md_heatmap_bucket_at (0.0, 7, 10.0), ==, 0);
  g_assert_cmpint (md_heatmap_bucket_at (10.0, 7, 10.0), ==, 6);     /* the end instant */
  g_assert_cmpint (md_heatmap_bucket_at (10.0 / 7, 7, 10.0), ==, 1);  /* [start, end): start belongs */
  g_assert_cmpint (md_heatmap_bucket_at (5.0, 7, 10.0), ==, 3);

  for (guint i = 0; i < 1000; i++)
    {
      g_assert_true (md_heatmap_bucket_range (i, 1000, 1234.567, &start, &end));
      g_assert_cmpint (md_heatmap_bucket_at ((start + end) / 2, 1000, 1234.567), ==, (int) i);
    }

  g_assert_cmpint (md_heatmap_bucket_at (-0.1, 7, 10.0), ==, -1);
  g_assert_cmpint (md_heatmap_bucket_at (10.1, 7, 10.0), ==, -1);
  g_assert_cmpint (md_heatmap_bucket_at (NAN, 7, 10.0), ==, -1);
  g_assert_cmpint (md_heatmap_bucket_at (1.0, 0, 10.0), ==, -1);     /* empty heatmap */
  g_assert_cmpint (md_heatmap_bucket_at (1.0, 7, 0.0), ==, -1);      /* no duration */
}

static double
luminance (const GdkRGBA *c)
{
  return 0.2126 * c->red + 0.7152 * c->green + 0.0722 * c->blue;
}

static void
test_ramps (void)
{
  static const GdkRGBA backgrounds[] = {
    { 0.98f, 0.98f, 0.98f, 1.0f },   /* light style */
    { 0.14f, 0.14f, 0.14f, 1.0f },   /* dark style */
  };
  static const GdkRGBA accents[] = {
    { 0.11f, 0.44f, 0.85f, 1.0f },
    { 0.47f, 0.68f, 0.93f, 1.0f },
  };
  GdkRGBA previous, color;

  g_assert_cmpint (md_heatmap_ramp_from_name ("accent"), ==, MD_HEATMAP_RAMP_ACCENT);
  g_assert_cmpint (md_heatmap_ramp_from_name ("heat"), ==, MD_HEATMAP_RAMP_HEAT);
  g_assert_cmpint (md_heatmap_ramp_from_name ("grayscale"), ==, MD_HEATMAP_RAMP_GRAYSCALE);
  g_assert_cmpint (md_heatmap_ramp_from_name ("nonsense"), ==, MD_HEATMAP_RAMP_ACCENT);
  g_assert_cmpint (md_heatmap_ramp_from_name (NULL), ==, MD_HEATMAP_RAMP_ACCENT);

  for (guint style = 0; style < G_N_ELEMENTS (backgrounds); style++)
    {
      const GdkRGBA *bg = &backgrounds[style];
      const GdkRGBA *accent = &accents[style];

      /* Accent and grey move away from the background as the level rises,
       * on light and dark styles: the most watched contrast most. */
      for (MdHeatmapRamp ramp = MD_HEATMAP_RAMP_ACCENT; ramp <= MD_HEATMAP_RAMP_GRAYSCALE; ramp++)
        {
          if (ramp == MD_HEATMAP_RAMP_HEAT)
            continue;
          md_heatmap_ramp_color (ramp, 0.0, accent, bg, &previous);
          g_assert_cmpfloat (fabs (luminance (&previous) - luminance (bg)), >, 0.05);
          for (guint i = 1; i <= 100; i++)
            {
              md_heatmap_ramp_color (ramp, i / 100.0, accent, bg, &color);
              g_assert_cmpfloat (fabs (luminance (&color) - luminance (bg)), >,
                                 fabs (luminance (&previous) - luminance (bg)));
              g_assert_cmpfloat (color.alpha, ==, 1.0f);
              if (ramp == MD_HEATMAP_RAMP_GRAYSCALE)
                {
                  g_assert_cmpfloat (color.red, ==, color.green);
                  g_assert_cmpfloat (color.green, ==, color.blue);
                }
              previous = color;
            }
          /* The top of the accent ramp is the accent colour itself. */
          if (ramp == MD_HEATMAP_RAMP_ACCENT)
            g_assert_cmpfloat (fabs (color.blue - accent->blue), <, 1e-5);
        }

      /* Heat: from blue to red whatever the background. */
      md_heatmap_ramp_color (MD_HEATMAP_RAMP_HEAT, 0.0, accent, bg, &previous);
      g_assert_cmpfloat (previous.blue, >, previous.red);
      for (guint i = 1; i <= 100; i++)
        {
          md_heatmap_ramp_color (MD_HEATMAP_RAMP_HEAT, i / 100.0, accent, bg, &color);
          g_assert_cmpfloat (color.red, >, previous.red);
          g_assert_cmpfloat (color.blue, <, previous.blue);
          previous = color;
        }
      g_assert_cmpfloat (color.red, >, color.blue);

      /* Out of range and NaN clamp rather than read past the table. */
      md_heatmap_ramp_color (MD_HEATMAP_RAMP_HEAT, 2.0, accent, bg, &color);
      g_assert_cmpfloat (color.red, ==, previous.red);
      md_heatmap_ramp_color (MD_HEATMAP_RAMP_HEAT, NAN, accent, bg, &color);
      md_heatmap_ramp_color (MD_HEATMAP_RAMP_HEAT, 0.0, accent, bg, &previous);
      g_assert_cmpfloat (color.red, ==, previous.red);
    }
}

static void
test_levels_are_normalized (void)
{
  g_autoptr(MdTimelineLayer) layer = md_timeline_heatmap_layer_new ();
  const double values[] = { 0.1, 0.4, NAN, -2, 0.2 };
  const float *levels;
  guint n = 99;

  md_timeline_heatmap_layer_set_values (MD_TIMELINE_HEATMAP_LAYER (layer), values, G_N_ELEMENTS (values), 12);
  levels = md_timeline_heatmap_layer_get_levels (MD_TIMELINE_HEATMAP_LAYER (layer), &n);
  g_assert_cmpuint (n, ==, 5);
  g_assert_cmpfloat_with_epsilon (levels[0], 0.25, 1e-6);
  g_assert_cmpfloat (levels[1], ==, 1.0f);
  g_assert_cmpfloat (levels[2], ==, 0.0f);
  g_assert_cmpfloat (levels[3], ==, 0.0f);
  g_assert_cmpfloat_with_epsilon (levels[4], 0.5, 1e-6);

  md_timeline_heatmap_layer_set_values (MD_TIMELINE_HEATMAP_LAYER (layer), NULL, 0, 0);
  g_assert_null (md_timeline_heatmap_layer_get_levels (MD_TIMELINE_HEATMAP_LAYER (layer), &n));
  g_assert_cmpuint (n, ==, 0);
}

static JsonNode *
parse (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static void
test_export_csv (void)
{
  g_autoptr(JsonNode) heatmap_root = parse ("{\"total_row_count\":1,\"timeframe\":[1,2],"
                                            "\"data\":{\"total_views\":9,\"value\":[0.5,0.25,1]}}");
  g_autoptr(JsonNode) hotspots_root = parse ("{\"data\":{\"total_views\":9,\"hotspots\":["
                                             "{\"start_ms\":2500,\"end_ms\":5000,\"score\":0.75}]}}");
  g_autoptr(GError) error = NULL;
  g_autoptr(MdHeatmap) heatmap = md_heatmap_new_from_json (heatmap_root, &error);
  g_autoptr(GListModel) hotspots = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *empty = NULL;

  g_assert_no_error (error);
  hotspots = md_hotspot_list_new_from_json (hotspots_root, NULL, &error);
  g_assert_no_error (error);

  /* Buckets placed over 10 s (uneven thirds), then the ranked spots. */
  csv = md_engagement_export_csv (heatmap, hotspots, FALSE, 10.0);
  g_assert_cmpstr (csv, ==,
                   "kind,index,start_s,end_s,value\n"
                   "heatmap,0,0.000,3.333,0.500\n"
                   "heatmap,1,3.333,6.667,0.250\n"
                   "heatmap,2,6.667,10.000,1.000\n"
                   "hotspot,1,2.500,5.000,0.750\n");

  /* Cold spots say so; no duration yet: no bucket rows, no made-up times. */
  g_clear_pointer (&csv, g_free);
  csv = md_engagement_export_csv (heatmap, hotspots, TRUE, 0);
  g_assert_cmpstr (csv, ==, "kind,index,start_s,end_s,value\ncoldspot,1,2.500,5.000,0.750\n");

  empty = md_engagement_export_csv (NULL, NULL, FALSE, 10.0);
  g_assert_cmpstr (empty, ==, "kind,index,start_s,end_s,value\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/heatmap/bucket-ranges-cover-duration", test_bucket_ranges_cover_duration);
  g_test_add_func ("/heatmap/bucket-range-rejects-bad-input", test_bucket_range_rejects_bad_input);
  g_test_add_func ("/heatmap/bucket-at-inverts-range", test_bucket_at_inverts_range);
  g_test_add_func ("/heatmap/ramps", test_ramps);
  g_test_add_func ("/heatmap/levels-are-normalized", test_levels_are_normalized);
  g_test_add_func ("/heatmap/export-csv", test_export_csv);

  return g_test_run ();
}
