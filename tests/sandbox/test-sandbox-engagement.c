/* test-sandbox-engagement.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Views, heatmaps, hotspots, counts and the simulated audience, computed
 * from recorded segment requests.
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "md-sandbox-audience.h"
#include "md-sandbox-engagement.h"

#define NOW ((gint64) 1800000000)

static const char *const asset_ids[] = { "a1", NULL };
static const char *const pid1[] = { "pid1", NULL };
static const char *const pid2[] = { "pid2", NULL };

static void
record_seconds (MdSandboxEngagement *engagement,
                const char          *session,
                const char          *viewer,
                const char          *playback_id,
                guint                from_s,
                guint                to_s,
                gint64               now)
{
  /* 1 s "segments", as a player would fetch them */
  for (guint s = from_s; s < to_s; s++)
    md_sandbox_engagement_record (engagement, session, viewer, playback_id, "a1",
                                  s * 1000, (s + 1) * 1000, now);
}

static void
record_three_views (MdSandboxEngagement *engagement)
{
  record_seconds (engagement, "s1", "alice", "pid1", 0, 10, NOW);
  record_seconds (engagement, "s2", "alice", "pid1", 0, 4, NOW);
  record_seconds (engagement, "s3", "bob", "pid2", 0, 2, NOW);
  record_seconds (engagement, "s3", "bob", "pid2", 6, 8, NOW);
  /* a rewatch within the same view counts once */
  record_seconds (engagement, "s3", "bob", "pid2", 0, 2, NOW);
}

static JsonArray *
heatmap_values (JsonNode *response,
                gint64   *out_total_views)
{
  JsonObject *data = json_object_get_object_member (json_node_get_object (response), "data");

  *out_total_views = json_object_get_int_member (data, "total_views");
  return json_object_get_array_member (data, "value");
}

static void
test_heatmap (void)
{
  g_autoptr(MdSandboxEngagement) engagement = md_sandbox_engagement_new (NULL, NULL);
  g_autoptr(JsonNode) asset = NULL;
  g_autoptr(JsonNode) playback = NULL;
  g_autoptr(JsonNode) outside = NULL;
  JsonArray *values;
  JsonArray *timeframe;
  gint64 total = -1;

  record_three_views (engagement);

  asset = md_sandbox_engagement_heatmap (engagement, MD_SANDBOX_ENGAGEMENT_SCOPE_ASSET, asset_ids, 10.0,
                                         NOW - 3600, NOW);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (asset), "total_row_count"), ==, 1);
  timeframe = json_object_get_array_member (json_node_get_object (asset), "timeframe");
  g_assert_cmpint (json_array_get_int_element (timeframe, 0), ==, NOW - 3600);
  g_assert_cmpint (json_array_get_int_element (timeframe, 1), ==, NOW);
  values = heatmap_values (asset, &total);
  g_assert_cmpint (total, ==, 3);
  g_assert_cmpuint (json_array_get_length (values), ==, 10);
  g_assert_cmpfloat_with_epsilon (json_array_get_double_element (values, 0), 1.0, 1e-4);
  g_assert_cmpfloat_with_epsilon (json_array_get_double_element (values, 3), 2.0 / 3, 1e-4);
  g_assert_cmpfloat_with_epsilon (json_array_get_double_element (values, 5), 1.0 / 3, 1e-4);
  g_assert_cmpfloat_with_epsilon (json_array_get_double_element (values, 6), 2.0 / 3, 1e-4);
  g_assert_cmpfloat_with_epsilon (json_array_get_double_element (values, 9), 1.0 / 3, 1e-4);

  playback = md_sandbox_engagement_heatmap (engagement, MD_SANDBOX_ENGAGEMENT_SCOPE_PLAYBACK_ID, pid2, 10.0,
                                            NOW - 3600, NOW);
  values = heatmap_values (playback, &total);
  g_assert_cmpint (total, ==, 1);
  g_assert_cmpfloat (json_array_get_double_element (values, 6), ==, 1.0);
  g_assert_cmpfloat (json_array_get_double_element (values, 5), ==, 0.0);

  outside = md_sandbox_engagement_heatmap (engagement, MD_SANDBOX_ENGAGEMENT_SCOPE_ASSET, asset_ids, 10.0,
                                           NOW - 7200, NOW - 3600);
  values = heatmap_values (outside, &total);
  g_assert_cmpint (total, ==, 0);
  g_assert_cmpfloat (json_array_get_double_element (values, 0), ==, 0.0);
}

/* The heatmap equals the plain definition: the mean, over views, of the
 * part of each bucket a view covered. */
static void
test_heatmap_matches_definition (void)
{
  g_autoptr(MdSandboxEngagement) engagement = md_sandbox_engagement_new (NULL, NULL);
  g_autoptr(GPtrArray) expected_views = g_ptr_array_new_with_free_func ((GDestroyNotify) md_sandbox_view_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (4242);
  g_autoptr(JsonNode) response = NULL;
  const double duration_s = 37.3;
  const gint64 duration_ms = 37300;
  JsonArray *values;
  gint64 total = 0;
  guint n;

  for (guint v = 0; v < 60; v++)
    {
      g_autofree char *session = g_strdup_printf ("s%u", v);
      MdSandboxView *view = md_sandbox_view_new (session, "x", "pid1", "a1", NOW);
      guint n_ranges = g_rand_int_range (rand, 1, 5);

      for (guint r = 0; r < n_ranges; r++)
        {
          gint64 start = g_rand_int_range (rand, -2000, duration_ms);
          gint64 end = start + g_rand_int_range (rand, 1, 20000);

          md_sandbox_engagement_record (engagement, session, "x", "pid1", "a1", start, end, NOW);
          md_sandbox_view_add_range (view, start, end);
        }
      g_ptr_array_add (expected_views, view);
    }

  response = md_sandbox_engagement_heatmap (engagement, MD_SANDBOX_ENGAGEMENT_SCOPE_ASSET, asset_ids, duration_s,
                                            NOW - 60, NOW);
  values = heatmap_values (response, &total);
  n = json_array_get_length (values);
  g_assert_cmpint (total, ==, 60);
  g_assert_cmpuint (n, ==, 37);

  for (guint i = 0; i < n; i++)
    {
      gint64 start = (gint64) (i * (double) duration_ms / n);
      gint64 end = (gint64) ((i + 1) * (double) duration_ms / n);
      double expected = 0;

      for (guint v = 0; v < expected_views->len; v++)
        {
          MdSandboxView *view = g_ptr_array_index (expected_views, v);
          gint64 covered = md_sandbox_view_overlap (view, MAX (start, 0), MIN (end, duration_ms));

          expected += (double) covered / (end - start);
        }
      expected /= expected_views->len;
      g_assert_cmpfloat_with_epsilon (json_array_get_double_element (values, i), expected, 1e-4);
    }
}

static void
test_bucket_count (void)
{
  g_assert_cmpuint (md_sandbox_engagement_n_buckets (2.5), ==, 10);
  g_assert_cmpuint (md_sandbox_engagement_n_buckets (120.0), ==, 120);
  g_assert_cmpuint (md_sandbox_engagement_n_buckets (7200.0), ==, 1000);
}

static void
test_sessions_make_views (void)
{
  g_autoptr(MdSandboxEngagement) engagement = md_sandbox_engagement_new (NULL, NULL);
  g_autoptr(JsonNode) heatmap = NULL;
  gint64 total = 0;

  record_seconds (engagement, "s1", "alice", "pid1", 0, 5, NOW);
  record_seconds (engagement, "s1", "alice", "pid1", 5, 10, NOW + 30);
  /* the same session on another playback ID is another view */
  record_seconds (engagement, "s1", "alice", "pid2", 0, 1, NOW + 30);
  /* and so is the same session after a long pause */
  record_seconds (engagement, "s1", "alice", "pid1", 0, 1, NOW + MD_SANDBOX_ENGAGEMENT_SESSION_GAP_SECONDS + 60);

  heatmap = md_sandbox_engagement_heatmap (engagement, MD_SANDBOX_ENGAGEMENT_SCOPE_ASSET, asset_ids, 10.0,
                                           NOW - 60, NOW + 7200);
  heatmap_values (heatmap, &total);
  g_assert_cmpint (total, ==, 3);
}

static void
test_counts (void)
{
  g_autoptr(MdSandboxEngagement) engagement = md_sandbox_engagement_new (NULL, NULL);
  guint views = 99, viewers = 99;

  record_three_views (engagement);

  md_sandbox_engagement_counts (engagement, MD_SANDBOX_ENGAGEMENT_SCOPE_ASSET, asset_ids, NOW + 10, &views, &viewers);
  g_assert_cmpuint (views, ==, 3);
  g_assert_cmpuint (viewers, ==, 2);
  md_sandbox_engagement_counts (engagement, MD_SANDBOX_ENGAGEMENT_SCOPE_PLAYBACK_ID, pid1, NOW + 10, &views, &viewers);
  g_assert_cmpuint (views, ==, 2);
  g_assert_cmpuint (viewers, ==, 1);
  /* A minute of silence ends the current views. */
  md_sandbox_engagement_counts (engagement, MD_SANDBOX_ENGAGEMENT_SCOPE_ASSET, asset_ids,
                                NOW + MD_SANDBOX_ENGAGEMENT_ACTIVE_SECONDS + 1, &views, &viewers);
  g_assert_cmpuint (views, ==, 0);
  g_assert_cmpuint (viewers, ==, 0);
}

static void
check_hotspots_order (JsonArray *hotspots,
                      gboolean   ascending)
{
  for (guint i = 0; i < json_array_get_length (hotspots); i++)
    {
      JsonObject *spot = json_array_get_object_element (hotspots, i);
      double score = json_object_get_double_member (spot, "score");

      g_assert_cmpfloat (score, >=, 0.0);
      g_assert_cmpfloat (score, <=, 1.0);
      g_assert_cmpint (json_object_get_int_member (spot, "start_ms"), <, json_object_get_int_member (spot, "end_ms"));
      if (i > 0)
        {
          double previous = json_object_get_double_member (json_array_get_object_element (hotspots, i - 1), "score");

          if (ascending)
            g_assert_cmpfloat (previous, <=, score);
          else
            g_assert_cmpfloat (previous, >=, score);
        }
    }
}

static void
test_hotspots (void)
{
  g_autoptr(MdSandboxEngagement) engagement = md_sandbox_engagement_new (NULL, NULL);
  g_autoptr(JsonNode) few = NULL;
  g_autoptr(JsonNode) desc = NULL;
  g_autoptr(JsonNode) asc = NULL;
  g_autoptr(JsonNode) limited = NULL;
  JsonObject *data;
  JsonArray *hotspots;

  record_seconds (engagement, "s1", "alice", "pid1", 0, 40, NOW);
  few = md_sandbox_engagement_hotspots (engagement, MD_SANDBOX_ENGAGEMENT_SCOPE_ASSET, asset_ids, 40.0,
                                        NOW - 60, NOW, FALSE, 0);
  data = json_object_get_object_member (json_node_get_object (few), "data");
  g_assert_cmpint (json_object_get_int_member (data, "total_views"), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (data, "hotspots")), ==, 0);

  /* Everybody drops off, everybody watches 20-25 s. */
  record_seconds (engagement, "s2", "bob", "pid1", 0, 10, NOW);
  record_seconds (engagement, "s3", "carol", "pid1", 0, 5, NOW);
  record_seconds (engagement, "s2", "bob", "pid1", 20, 25, NOW);
  record_seconds (engagement, "s3", "carol", "pid1", 20, 25, NOW);

  desc = md_sandbox_engagement_hotspots (engagement, MD_SANDBOX_ENGAGEMENT_SCOPE_ASSET, asset_ids, 40.0,
                                         NOW - 60, NOW, FALSE, 0);
  data = json_object_get_object_member (json_node_get_object (desc), "data");
  hotspots = json_object_get_array_member (data, "hotspots");
  g_assert_cmpint (json_object_get_int_member (data, "total_views"), ==, 3);
  g_assert_cmpuint (json_array_get_length (hotspots), ==, 8);
  check_hotspots_order (hotspots, FALSE);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (hotspots, 0), "start_ms"), ==, 20000);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (hotspots, 0), "end_ms"), ==, 25000);
  g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (hotspots, 0), "score"), ==, 1.0);

  asc = md_sandbox_engagement_hotspots (engagement, MD_SANDBOX_ENGAGEMENT_SCOPE_ASSET, asset_ids, 40.0,
                                        NOW - 60, NOW, TRUE, 0);
  hotspots = json_object_get_array_member (json_object_get_object_member (json_node_get_object (asc), "data"), "hotspots");
  check_hotspots_order (hotspots, TRUE);
  g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (hotspots, 0), "score"), ==, 0.0);

  limited = md_sandbox_engagement_hotspots (engagement, MD_SANDBOX_ENGAGEMENT_SCOPE_ASSET, asset_ids, 40.0,
                                            NOW - 60, NOW, FALSE, 2);
  hotspots = json_object_get_array_member (json_object_get_object_member (json_node_get_object (limited), "data"), "hotspots");
  g_assert_cmpuint (json_array_get_length (hotspots), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (limited), "total_row_count"), ==, 2);
}

static void
test_views_persist (void)
{
  g_autofree char *state_dir = g_dir_make_tmp ("md-engagement-XXXXXX", NULL);
  g_autofree char *views_path = g_build_filename (state_dir, "engagement", "views.json", NULL);
  g_autofree char *views_dir = g_path_get_dirname (views_path);
  g_autoptr(MdSandboxEngagement) first = NULL;
  g_autoptr(MdSandboxEngagement) second = NULL;
  g_autoptr(JsonNode) heatmap = NULL;
  g_autoptr(GError) error = NULL;
  gint64 total = 0;
  JsonArray *values;

  first = md_sandbox_engagement_new (state_dir, &error);
  g_assert_no_error (error);
  record_three_views (first);
  g_assert_true (md_sandbox_engagement_flush (first, &error));
  g_assert_no_error (error);

  second = md_sandbox_engagement_new (state_dir, &error);
  g_assert_no_error (error);
  heatmap = md_sandbox_engagement_heatmap (second, MD_SANDBOX_ENGAGEMENT_SCOPE_ASSET, asset_ids, 10.0, NOW - 60, NOW);
  values = heatmap_values (heatmap, &total);
  g_assert_cmpint (total, ==, 3);
  g_assert_cmpfloat_with_epsilon (json_array_get_double_element (values, 6), 2.0 / 3, 1e-4);

  /* A recorded view continues the stored one. */
  record_seconds (second, "s3", "bob", "pid2", 2, 6, NOW + 5);
  g_clear_pointer (&heatmap, json_node_unref);
  heatmap = md_sandbox_engagement_heatmap (second, MD_SANDBOX_ENGAGEMENT_SCOPE_PLAYBACK_ID, pid2, 10.0, NOW - 60, NOW);
  values = heatmap_values (heatmap, &total);
  g_assert_cmpint (total, ==, 1);
  g_assert_cmpfloat (json_array_get_double_element (values, 4), ==, 1.0);

  g_clear_pointer (&first, md_sandbox_engagement_free);
  g_clear_pointer (&second, md_sandbox_engagement_free);
  g_assert_cmpint (g_unlink (views_path), ==, 0);
  g_assert_cmpint (g_rmdir (views_dir), ==, 0);
  g_assert_cmpint (g_rmdir (state_dir), ==, 0);
}

static void
test_unreadable_views_file (void)
{
  g_autofree char *state_dir = g_dir_make_tmp ("md-engagement-XXXXXX", NULL);
  g_autofree char *views_dir = g_build_filename (state_dir, "engagement", NULL);
  g_autofree char *views_path = g_build_filename (views_dir, "views.json", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir (views_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (views_path, "{\"not\": \"a list\"}", -1, NULL));
  g_assert_null (md_sandbox_engagement_new (state_dir, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);

  g_assert_cmpint (g_unlink (views_path), ==, 0);
  g_assert_cmpint (g_rmdir (views_dir), ==, 0);
  g_assert_cmpint (g_rmdir (state_dir), ==, 0);
}

static void
test_timeframe (void)
{
  const char *days[] = { "7:days", NULL };
  const char *hours[] = { "24:hours", NULL };
  const char *epochs[] = { "1700000000", "1700086400", NULL };
  const char *bad[][3] = {
    { "7:weeks", NULL }, { "x:days", NULL }, { "0:days", NULL }, { "12", NULL },
    { "1700086400", "1700000000", NULL }, { "1", "2x", NULL }, { "a", "b", "c" },
  };
  gint64 from = 0, to = 0;

  g_assert_true (md_sandbox_engagement_parse_timeframe (NULL, NOW, &from, &to, NULL));
  g_assert_cmpint (from, ==, NOW - 7 * 86400);
  g_assert_cmpint (to, ==, NOW);
  g_assert_true (md_sandbox_engagement_parse_timeframe (days, NOW, &from, &to, NULL));
  g_assert_cmpint (from, ==, NOW - 7 * 86400);
  g_assert_true (md_sandbox_engagement_parse_timeframe (hours, NOW, &from, &to, NULL));
  g_assert_cmpint (from, ==, NOW - 86400);
  g_assert_true (md_sandbox_engagement_parse_timeframe (epochs, NOW, &from, &to, NULL));
  g_assert_cmpint (from, ==, 1700000000);
  g_assert_cmpint (to, ==, 1700086400);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      const char *values[4] = { bad[i][0], bad[i][1], bad[i][2], NULL };
      g_autoptr(GError) error = NULL;

      g_assert_false (md_sandbox_engagement_parse_timeframe (values, NOW, &from, &to, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    }
}

static char *
heatmap_string (MdSandboxEngagement *engagement)
{
  g_autoptr(JsonNode) heatmap = md_sandbox_engagement_heatmap (engagement, MD_SANDBOX_ENGAGEMENT_SCOPE_ASSET,
                                                               asset_ids, 90.0, NOW - 7 * 86400, NOW);

  return json_to_string (heatmap, FALSE);
}

static void
test_audience (void)
{
  const char *const playback_ids[] = { "pid1", "pid2", NULL };
  g_autoptr(MdSandboxEngagement) engagement = md_sandbox_engagement_new (NULL, NULL);
  g_autoptr(MdSandboxEngagement) again = md_sandbox_engagement_new (NULL, NULL);
  g_autoptr(JsonNode) heatmap = NULL;
  g_autoptr(JsonNode) hotspots = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(GPtrArray) other_asset = NULL;
  JsonArray *values;
  gint64 total = 0;
  guint views = 0, viewers = 0;
  double early = 0, late = 0;

  md_sandbox_engagement_set_audience (engagement, 500);
  md_sandbox_engagement_ensure_audience (engagement, "a1", playback_ids, 90.0, NOW);
  md_sandbox_engagement_set_audience (again, 500);
  md_sandbox_engagement_ensure_audience (again, "a1", playback_ids, 90.0, NOW);

  /* Deterministic */
  first = heatmap_string (engagement);
  second = heatmap_string (again);
  g_assert_cmpstr (first, ==, second);

  heatmap = md_sandbox_engagement_heatmap (engagement, MD_SANDBOX_ENGAGEMENT_SCOPE_ASSET, asset_ids, 90.0,
                                           NOW - 7 * 86400, NOW);
  values = heatmap_values (heatmap, &total);
  g_assert_cmpint (total, >=, 500);
  g_assert_cmpuint (json_array_get_length (values), ==, 90);
  /* People drop off: the first ten seconds are watched more than the last ten. */
  for (guint i = 0; i < 10; i++)
    {
      early += json_array_get_double_element (values, i);
      late += json_array_get_double_element (values, 80 + i);
    }
  g_assert_cmpfloat (early, >, late);

  hotspots = md_sandbox_engagement_hotspots (engagement, MD_SANDBOX_ENGAGEMENT_SCOPE_ASSET, asset_ids, 90.0,
                                             NOW - 7 * 86400, NOW, FALSE, 3);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_object_get_object_member (json_node_get_object (hotspots), "data"), "hotspots")), ==, 3);

  /* Some are watching now, whenever now is. */
  md_sandbox_engagement_counts (engagement, MD_SANDBOX_ENGAGEMENT_SCOPE_ASSET, asset_ids, NOW + 86400, &views, &viewers);
  g_assert_cmpuint (views, >=, 20);
  g_assert_cmpuint (viewers, ==, views);

  /* Another asset gets another audience. */
  other_asset = md_sandbox_audience_generate ("a2", playback_ids, 90.0, 500, NOW);
  g_assert_cmpuint (other_asset->len, >=, 500);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox/engagement/heatmap", test_heatmap);
  g_test_add_func ("/sandbox/engagement/heatmap-matches-definition", test_heatmap_matches_definition);
  g_test_add_func ("/sandbox/engagement/bucket-count", test_bucket_count);
  g_test_add_func ("/sandbox/engagement/sessions-make-views", test_sessions_make_views);
  g_test_add_func ("/sandbox/engagement/counts", test_counts);
  g_test_add_func ("/sandbox/engagement/hotspots", test_hotspots);
  g_test_add_func ("/sandbox/engagement/views-persist", test_views_persist);
  g_test_add_func ("/sandbox/engagement/unreadable-views-file", test_unreadable_views_file);
  g_test_add_func ("/sandbox/engagement/timeframe", test_timeframe);
  g_test_add_func ("/sandbox/engagement/audience", test_audience);

  return g_test_run ();
}
