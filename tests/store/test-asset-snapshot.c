/* test-asset-snapshot.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "md-asset-snapshot.h"

/* An asset as the API returns it, with every field the model reads. */
static const char *ASSET_JSON =
  "{\"id\":\"a1\",\"created_at\":\"1700000000\",\"status\":\"errored\",\"duration\":12.5,"
  "\"aspect_ratio\":\"16:9\",\"resolution_tier\":\"1080p\",\"max_resolution_tier\":\"1080p\","
  "\"max_stored_resolution\":\"HD\",\"video_quality\":\"plus\",\"passthrough\":\"p-1\","
  "\"upload_id\":\"u1\",\"live_stream_id\":\"ls1\",\"ingest_type\":\"on_demand_direct_upload\","
  "\"is_live\":false,\"test\":true,\"meta\":{\"title\":\"Café ☕\",\"creator_id\":\"c1\",\"external_id\":\"e1\"},"
  "\"playback_ids\":[{\"id\":\"pb1\",\"policy\":\"public\"},{\"id\":\"pb2\",\"policy\":\"signed\"}],"
  "\"tracks\":[{\"id\":\"t1\",\"type\":\"video\",\"max_width\":1920,\"max_height\":1080,\"max_frame_rate\":30,"
  "\"duration\":12.5,\"primary\":true},{\"id\":\"t2\",\"type\":\"audio\",\"max_channels\":2,\"primary\":true}],"
  "\"errors\":{\"type\":\"invalid_input\",\"messages\":[\"bad file\",\"really\"]},"
  "\"progress\":{\"state\":\"errored\",\"progress\":-1}}";

static MdAsset *
parse (const char *text)
{
  g_autoptr(JsonNode) node = json_from_string (text, NULL);
  g_autoptr(GError) error = NULL;
  MdAsset *asset;

  g_assert_nonnull (node);
  asset = md_asset_new_from_json (json_node_get_object (node), &error);
  g_assert_no_error (error);
  return asset;
}

static void
test_round_trip (void)
{
  g_autoptr(MdAsset) asset = parse (ASSET_JSON);
  g_autoptr(JsonNode) first = md_asset_snapshot_to_json (asset);
  g_autoptr(MdAsset) copy = md_asset_snapshot_copy (asset);
  g_autoptr(JsonNode) second = md_asset_snapshot_to_json (copy);

  g_assert_true (copy != asset);
  g_assert_true (json_node_equal (first, second));
  g_assert_cmpstr (md_asset_get_title (copy), ==, "Café ☕");
  g_assert_cmpstr (md_asset_get_creator_id (copy), ==, "c1");
  g_assert_cmpstr (md_asset_get_external_id (copy), ==, "e1");
  g_assert_cmpstr (md_asset_get_passthrough (copy), ==, "p-1");
  g_assert_cmpint (md_asset_get_created_at (copy), ==, 1700000000);
  g_assert_cmpint (md_asset_get_status (copy), ==, MD_ASSET_STATUS_ERRORED);
  g_assert_cmpint (md_asset_get_video_quality (copy), ==, MD_VIDEO_QUALITY_PLUS);
  g_assert_cmpfloat (md_asset_get_duration (copy), ==, 12.5);
  g_assert_true (md_asset_get_test (copy));
  g_assert_cmpuint (g_list_model_get_n_items (md_asset_get_playback_ids (copy)), ==, 2);
  g_assert_nonnull (md_asset_find_playback_id (copy, MD_PLAYBACK_POLICY_SIGNED));
  g_assert_cmpuint (md_asset_get_tracks (copy)->len, ==, 2);
  g_assert_cmpint (md_asset_find_track (copy, "video")->max_height, ==, 1080);
  g_assert_cmpstr (md_asset_get_error_messages (copy)[1], ==, "really");
  g_assert_cmpstr (md_asset_get_progress_state (copy), ==, "errored");
}

/* A rename applied to the copy does not touch the original, and
 * update_from() brings the original back in step (the optimistic edit's
 * rollback path). */
static void
test_copy_is_separate (void)
{
  g_autoptr(MdAsset) asset = parse (ASSET_JSON);
  g_autoptr(MdAsset) copy = md_asset_snapshot_copy (asset);
  g_autoptr(MdAsset) renamed = parse ("{\"id\":\"a1\",\"status\":\"ready\",\"meta\":{\"title\":\"New\"}}");

  md_asset_update_from (asset, renamed);
  g_assert_cmpstr (md_asset_get_title (asset), ==, "New");
  g_assert_cmpstr (md_asset_get_title (copy), ==, "Café ☕");
  md_asset_update_from (asset, copy);
  g_assert_cmpstr (md_asset_get_title (asset), ==, "Café ☕");
  g_assert_cmpuint (g_list_model_get_n_items (md_asset_get_playback_ids (asset)), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/asset-snapshot/round-trip", test_round_trip);
  g_test_add_func ("/asset-snapshot/copy-is-separate", test_copy_is_separate);

  return g_test_run ();
}
