/* test-models.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "md-client.h"

/* Real-shaped answers, from the shapes of the Node SDK 15.3.0 types. */

static const char asset_json[] =
  "{\"data\":{"
  "\"id\":\"01itgOBvgjAbES7Inwvu4kEBtsQ44HFL6\","
  "\"created_at\":\"1607876845\","
  "\"status\":\"ready\","
  "\"duration\":120.3,"
  "\"aspect_ratio\":\"16:9\","
  "\"max_resolution_tier\":\"1080p\","
  "\"resolution_tier\":\"1080p\","
  "\"max_stored_resolution\":\"HD\","
  "\"max_stored_frame_rate\":29.97,"
  "\"video_quality\":\"plus\","
  "\"encoding_tier\":\"smart\","
  "\"master_access\":\"none\","
  "\"mp4_support\":\"none\","
  "\"ingest_type\":\"on_demand_direct_upload\","
  "\"upload_id\":\"u0pWkf7jYF5Jvm8\","
  "\"passthrough\":\"job-42\","
  "\"test\":false,"
  "\"meta\":{\"title\":\"Launch keynote\",\"creator_id\":\"cr-7\",\"external_id\":\"ext-9\"},"
  "\"progress\":{\"state\":\"completed\",\"progress\":100},"
  "\"playback_ids\":[{\"id\":\"OfjbpKT9Yq4eVG4NV\",\"policy\":\"public\"},"
  "                  {\"id\":\"sIgNeD00pid\",\"policy\":\"signed\"}],"
  "\"tracks\":[{\"type\":\"video\",\"max_width\":1920,\"max_height\":1080,\"max_frame_rate\":29.97,"
  "             \"id\":\"t1\",\"duration\":120.3},"
  "            {\"type\":\"audio\",\"max_channels\":2,\"id\":\"t2\",\"primary\":true,"
  "             \"language_code\":\"en\",\"status\":\"ready\"}],"
  "\"non_standard_input_reasons\":{\"video_codec\":\"hevc\"},"
  "\"a_field_from_the_future\":[1,2,{\"x\":null}]"
  "}}";

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_parser_steal_root (parser);
}

static JsonObject *
data_object (JsonNode *root)
{
  return json_object_get_object_member (json_node_get_object (root), "data");
}

static void
test_asset_full (void)
{
  g_autoptr(JsonNode) root = parse (asset_json);
  g_autoptr(GError) error = NULL;
  g_autoptr(MdAsset) asset = md_asset_new_from_json (data_object (root), &error);
  g_autoptr(GDateTime) created = NULL;
  g_autoptr(MdPlaybackId) first = NULL;
  GListModel *pids;
  const MdTrack *video;
  const MdTrack *audio;
  g_autofree char *title = NULL;
  MdAssetStatus status;

  g_assert_no_error (error);
  g_assert_nonnull (asset);
  g_assert_cmpstr (md_asset_get_id (asset), ==, "01itgOBvgjAbES7Inwvu4kEBtsQ44HFL6");
  g_assert_cmpint (md_asset_get_created_at (asset), ==, 1607876845);
  created = md_asset_dup_created_at_date_time (asset);
  g_assert_cmpint (g_date_time_to_unix (created), ==, 1607876845);
  g_assert_cmpint (md_asset_get_status (asset), ==, MD_ASSET_STATUS_READY);
  g_assert_cmpfloat_with_epsilon (md_asset_get_duration (asset), 120.3, 1e-9);
  g_assert_cmpstr (md_asset_get_aspect_ratio (asset), ==, "16:9");
  g_assert_cmpstr (md_asset_get_max_resolution_tier (asset), ==, "1080p");
  g_assert_cmpstr (md_asset_get_resolution_tier (asset), ==, "1080p");
  g_assert_cmpstr (md_asset_get_max_stored_resolution (asset), ==, "HD");
  g_assert_cmpint (md_asset_get_video_quality (asset), ==, MD_VIDEO_QUALITY_PLUS);
  g_assert_cmpstr (md_asset_get_title (asset), ==, "Launch keynote");
  g_assert_cmpstr (md_asset_get_creator_id (asset), ==, "cr-7");
  g_assert_cmpstr (md_asset_get_external_id (asset), ==, "ext-9");
  g_assert_cmpstr (md_asset_get_passthrough (asset), ==, "job-42");
  g_assert_cmpstr (md_asset_get_upload_id (asset), ==, "u0pWkf7jYF5Jvm8");
  g_assert_null (md_asset_get_live_stream_id (asset));
  g_assert_cmpstr (md_asset_get_ingest_type (asset), ==, "on_demand_direct_upload");
  g_assert_false (md_asset_get_is_live (asset));
  g_assert_false (md_asset_get_test (asset));
  g_assert_cmpstr (md_asset_get_progress_state (asset), ==, "completed");
  g_assert_cmpfloat (md_asset_get_progress (asset), ==, 100);
  g_assert_null (md_asset_get_error_type (asset));

  pids = md_asset_get_playback_ids (asset);
  g_assert_cmpuint (g_list_model_get_n_items (pids), ==, 2);
  first = g_list_model_get_item (pids, 0);
  g_assert_cmpstr (md_playback_id_get_id (first), ==, "OfjbpKT9Yq4eVG4NV");
  g_assert_cmpint (md_playback_id_get_policy (first), ==, MD_PLAYBACK_POLICY_PUBLIC);
  g_assert_cmpstr (md_playback_id_get_id (md_asset_find_playback_id (asset, MD_PLAYBACK_POLICY_SIGNED)),
                   ==, "sIgNeD00pid");

  g_assert_cmpuint (md_asset_get_tracks (asset)->len, ==, 2);
  video = md_asset_find_track (asset, "video");
  g_assert_cmpint (video->max_width, ==, 1920);
  g_assert_cmpint (video->max_height, ==, 1080);
  g_assert_cmpfloat_with_epsilon (video->max_frame_rate, 29.97, 1e-9);
  audio = md_asset_find_track (asset, "audio");
  g_assert_cmpint (audio->max_channels, ==, 2);
  g_assert_true (audio->primary);
  g_assert_cmpstr (audio->language_code, ==, "en");
  g_assert_null (md_asset_find_track (asset, "text"));

  /* Properties are what widgets bind to. */
  g_object_get (asset, "title", &title, "status", &status, NULL);
  g_assert_cmpstr (title, ==, "Launch keynote");
  g_assert_cmpint (status, ==, MD_ASSET_STATUS_READY);
}

static void
test_asset_minimal_and_errored (void)
{
  g_autoptr(JsonNode) root = parse (
    "{\"data\":{\"id\":\"a1\",\"status\":\"errored\","
    "\"errors\":{\"type\":\"invalid_input\",\"messages\":[\"The file is not a video.\",\"Try another.\"]},"
    "\"created_at\":1700000000,\"video_quality\":\"ultra\",\"playback_ids\":null}}");
  g_autoptr(GError) error = NULL;
  g_autoptr(MdAsset) asset = md_asset_new_from_json (data_object (root), &error);
  const char *const *messages;

  g_assert_no_error (error);
  g_assert_cmpint (md_asset_get_status (asset), ==, MD_ASSET_STATUS_ERRORED);
  g_assert_cmpstr (md_asset_get_error_type (asset), ==, "invalid_input");
  messages = md_asset_get_error_messages (asset);
  g_assert_cmpuint (g_strv_length ((char **) messages), ==, 2);
  g_assert_cmpstr (messages[0], ==, "The file is not a video.");
  /* A bare number is accepted for created_at; an unknown quality is "unknown". */
  g_assert_cmpint (md_asset_get_created_at (asset), ==, 1700000000);
  g_assert_cmpint (md_asset_get_video_quality (asset), ==, MD_VIDEO_QUALITY_UNKNOWN);
  g_assert_cmpfloat (md_asset_get_duration (asset), ==, 0);
  g_assert_cmpfloat (md_asset_get_progress (asset), ==, -1);
  g_assert_null (md_asset_get_title (asset));
  g_assert_cmpuint (g_list_model_get_n_items (md_asset_get_playback_ids (asset)), ==, 0);
}

static void
test_asset_malformed (void)
{
  static const char *cases[] = {
    "{\"id\":42}",
    "{\"status\":\"ready\"}",
    "{\"id\":\"\"}",
    "{\"id\":\"a\",\"duration\":\"long\"}",
    "{\"id\":\"a\",\"created_at\":\"yesterday\"}",
    "{\"id\":\"a\",\"created_at\":\"12x\"}",
    "{\"id\":\"a\",\"created_at\":true}",
    "{\"id\":\"a\",\"status\":7}",
    "{\"id\":\"a\",\"meta\":\"title\"}",
    "{\"id\":\"a\",\"meta\":{\"title\":[\"x\"]}}",
    "{\"id\":\"a\",\"playback_ids\":{\"id\":\"p\"}}",
    "{\"id\":\"a\",\"playback_ids\":[\"p\"]}",
    "{\"id\":\"a\",\"playback_ids\":[{\"policy\":\"public\"}]}",
    "{\"id\":\"a\",\"tracks\":[{\"type\":\"video\",\"max_width\":\"wide\"}]}",
    "{\"id\":\"a\",\"tracks\":[1]}",
    "{\"id\":\"a\",\"tracks\":[{\"max_width\":1.5}]}",
    "{\"id\":\"a\",\"errors\":{\"messages\":[1,2]}}",
    "{\"id\":\"a\",\"progress\":{\"progress\":\"half\"}}",
    "{\"id\":\"a\",\"is_live\":\"yes\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) root = parse (cases[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(MdAsset) asset = md_asset_new_from_json (json_node_get_object (root), &error);

      g_test_message ("case %u: %s", i, cases[i]);
      g_assert_null (asset);
      g_assert_error (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_BAD_RESPONSE);
    }
}

static guint notify_count;

static void
on_notify_cb (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  GPtrArray *names = user_data;

  notify_count++;
  g_ptr_array_add (names, g_strdup (pspec->name));
}

static void
on_items_changed_cb (guint *count)
{
  (*count)++;
}

static void
test_asset_update_in_place (void)
{
  g_autoptr(JsonNode) root = parse (asset_json);
  g_autoptr(JsonNode) changed = parse (
    "{\"id\":\"01itgOBvgjAbES7Inwvu4kEBtsQ44HFL6\",\"created_at\":\"1607876845\",\"status\":\"ready\","
    "\"duration\":120.3,\"aspect_ratio\":\"16:9\",\"max_resolution_tier\":\"1080p\","
    "\"resolution_tier\":\"1080p\",\"max_stored_resolution\":\"HD\",\"video_quality\":\"plus\","
    "\"ingest_type\":\"on_demand_direct_upload\",\"upload_id\":\"u0pWkf7jYF5Jvm8\","
    "\"passthrough\":\"job-42\",\"test\":false,"
    "\"meta\":{\"title\":\"Renamed\",\"creator_id\":\"cr-7\",\"external_id\":\"ext-9\"},"
    "\"progress\":{\"state\":\"completed\",\"progress\":100},"
    "\"playback_ids\":[{\"id\":\"OfjbpKT9Yq4eVG4NV\",\"policy\":\"public\"},"
    "                  {\"id\":\"sIgNeD00pid\",\"policy\":\"signed\"}],"
    "\"tracks\":[{\"type\":\"video\",\"max_width\":1920,\"max_height\":1080,\"max_frame_rate\":29.97,"
    "             \"id\":\"t1\",\"duration\":120.3},"
    "            {\"type\":\"audio\",\"max_channels\":2,\"id\":\"t2\",\"primary\":true,"
    "             \"language_code\":\"en\",\"status\":\"ready\"}]}");
  g_autoptr(JsonNode) other = parse ("{\"id\":\"someone-else\"}");
  g_autoptr(JsonNode) broken = parse ("{\"id\":\"01itgOBvgjAbES7Inwvu4kEBtsQ44HFL6\",\"meta\":{\"title\":5}}");
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(MdAsset) asset = md_asset_new_from_json (data_object (root), &error);
  g_autoptr(JsonNode) sparse = parse ("{\"id\":\"01itgOBvgjAbES7Inwvu4kEBtsQ44HFL6\"}");
  GListModel *pids = md_asset_get_playback_ids (asset);
  guint items_changed = 0;

  g_signal_connect (asset, "notify", G_CALLBACK (on_notify_cb), names);
  g_signal_connect_swapped (pids, "items-changed", G_CALLBACK (on_items_changed_cb), &items_changed);
  notify_count = 0;

  g_assert_true (md_asset_update_from_json (asset, json_node_get_object (changed), &error));
  g_assert_no_error (error);
  g_assert_cmpstr (md_asset_get_title (asset), ==, "Renamed");
  /* Only the title changed: one notification, and the ID list untouched. */
  g_assert_cmpuint (notify_count, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (names, 0), ==, "title");
  g_assert_true (md_asset_get_playback_ids (asset) == pids);
  g_assert_cmpuint (items_changed, ==, 0);

  /* Another asset's answer, or a broken one, changes nothing. */
  g_assert_false (md_asset_update_from_json (asset, json_node_get_object (other), &error));
  g_assert_error (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_BAD_RESPONSE);
  g_clear_error (&error);
  g_assert_false (md_asset_update_from_json (asset, json_node_get_object (broken), &error));
  g_assert_error (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_BAD_RESPONSE);
  g_clear_error (&error);
  g_assert_cmpstr (md_asset_get_title (asset), ==, "Renamed");
  g_assert_cmpuint (notify_count, ==, 1);

  /* Everything cleared (a sparse answer) notifies what went away. */
  g_assert_true (md_asset_update_from_json (asset, json_node_get_object (sparse), &error));
  g_assert_no_error (error);
  g_assert_null (md_asset_get_title (asset));
  g_assert_cmpuint (g_list_model_get_n_items (pids), ==, 0);
  g_assert_cmpuint (items_changed, ==, 1);
  g_assert_cmpuint (md_asset_get_tracks (asset)->len, ==, 0);
  g_assert_cmpint (md_asset_get_status (asset), ==, MD_ASSET_STATUS_UNKNOWN);
}

static void
test_asset_list (void)
{
  g_autoptr(JsonNode) root = parse (
    "{\"data\":[{\"id\":\"a1\",\"status\":\"ready\"},{\"id\":\"a2\",\"status\":\"preparing\"}],"
    "\"next_cursor\":\"eyJwYWdlIjoy\"}");
  g_autoptr(JsonNode) last = parse ("{\"data\":[],\"next_cursor\":null}");
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  g_autoptr(GPtrArray) assets = md_asset_list_new_from_json (root, &cursor, &error);
  g_autoptr(GPtrArray) none = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (assets->len, ==, 2);
  g_assert_cmpstr (md_asset_get_id (g_ptr_array_index (assets, 1)), ==, "a2");
  g_assert_cmpstr (cursor, ==, "eyJwYWdlIjoy");

  g_clear_pointer (&cursor, g_free);
  none = md_asset_list_new_from_json (last, &cursor, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_null (cursor);
}

static void
test_list_malformed (void)
{
  static const char *cases[] = {
    "[]",
    "{}",
    "{\"data\":null}",
    "{\"data\":{}}",
    "{\"data\":[1]}",
    "{\"data\":[{\"id\":\"a1\"},{\"id\":3}]}",
    "{\"data\":[],\"next_cursor\":5}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) root = parse (cases[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) assets = md_asset_list_new_from_json (root, NULL, &error);
      g_autoptr(GPtrArray) streams = NULL;
      g_autoptr(GPtrArray) keys = NULL;

      g_test_message ("case %u: %s", i, cases[i]);
      g_assert_null (assets);
      g_assert_error (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_BAD_RESPONSE);
      if (i < 6)
        {
          g_clear_error (&error);
          streams = md_live_stream_list_new_from_json (root, &error);
          g_assert_null (streams);
          g_assert_error (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_BAD_RESPONSE);
          g_clear_error (&error);
          keys = md_signing_key_list_new_from_json (root, &error);
          g_assert_null (keys);
          g_assert_error (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_BAD_RESPONSE);
        }
    }
}

static void
test_live_stream (void)
{
  g_autoptr(JsonNode) root = parse (
    "{\"data\":[{\"id\":\"ZEBrNTpHC02iUah025KM3te6ylM7W4S4silsrFtUkn3Ag\","
    "\"stream_key\":\"5bd28537-7491-7ffa-050c-bbb506401234\",\"status\":\"idle\","
    "\"created_at\":\"1609937654\",\"latency_mode\":\"standard\",\"max_continuous_duration\":43200,"
    "\"reconnect_window\":60,\"recent_asset_ids\":[\"r1\",\"r2\"],"
    "\"playback_ids\":[{\"id\":\"lsPid\",\"policy\":\"public\"}],"
    "\"new_asset_settings\":{\"playback_policies\":[\"public\"]},\"meta\":{\"title\":\"Studio\"}}]}");
  g_autoptr(JsonNode) active = parse (
    "{\"id\":\"ZEBrNTpHC02iUah025KM3te6ylM7W4S4silsrFtUkn3Ag\",\"status\":\"active\","
    "\"stream_key\":\"5bd28537-7491-7ffa-050c-bbb506401234\",\"created_at\":\"1609937654\","
    "\"latency_mode\":\"standard\",\"active_asset_id\":\"act\",\"recent_asset_ids\":[\"r1\",\"r2\"],"
    "\"playback_ids\":[{\"id\":\"lsPid\",\"policy\":\"public\"}],\"meta\":{\"title\":\"Studio\"}}");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) streams = md_live_stream_list_new_from_json (root, &error);
  MdLiveStream *stream;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GParamSpec **pspecs;
  guint n_pspecs;

  g_assert_no_error (error);
  g_assert_cmpuint (streams->len, ==, 1);
  stream = g_ptr_array_index (streams, 0);
  g_assert_cmpint (md_live_stream_get_status (stream), ==, MD_LIVE_STREAM_STATUS_IDLE);
  g_assert_cmpint (md_live_stream_get_created_at (stream), ==, 1609937654);
  g_assert_cmpstr (md_live_stream_get_title (stream), ==, "Studio");
  g_assert_cmpstr (md_live_stream_get_latency_mode (stream), ==, "standard");
  g_assert_cmpstr (md_live_stream_get_recent_asset_ids (stream)[1], ==, "r2");
  g_assert_cmpuint (g_list_model_get_n_items (md_live_stream_get_playback_ids (stream)), ==, 1);
  g_assert_cmpstr (md_live_stream_get_stream_key (stream), ==, "5bd28537-7491-7ffa-050c-bbb506401234");

  /* The stream key is no property: nothing generic can read it out. */
  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (stream), &n_pspecs);
  for (guint i = 0; i < n_pspecs; i++)
    {
      g_auto(GValue) value = G_VALUE_INIT;
      g_autofree char *contents = NULL;

      g_assert_null (strstr (pspecs[i]->name, "key"));
      g_value_init (&value, pspecs[i]->value_type);
      g_object_get_property (G_OBJECT (stream), pspecs[i]->name, &value);
      contents = g_strdup_value_contents (&value);
      g_assert_null (strstr (contents, "5bd28537"));
    }
  g_free (pspecs);

  g_signal_connect (stream, "notify", G_CALLBACK (on_notify_cb), names);
  notify_count = 0;
  g_assert_true (md_live_stream_update_from_json (stream, json_node_get_object (active), &error));
  g_assert_no_error (error);
  g_assert_cmpint (md_live_stream_get_status (stream), ==, MD_LIVE_STREAM_STATUS_ACTIVE);
  g_assert_cmpstr (md_live_stream_get_active_asset_id (stream), ==, "act");
  g_assert_cmpuint (notify_count, ==, 2);
}

static void
test_upload (void)
{
  g_autoptr(JsonNode) waiting = parse (
    "{\"data\":{\"id\":\"zd01Pe2bNpYhxbrwYABgFE01twZdtv4M00kts2i02GhbGjc\",\"timeout\":3600,"
    "\"status\":\"waiting\",\"new_asset_settings\":{\"playback_policies\":[\"public\"],"
    "\"video_quality\":\"basic\"},\"cors_origin\":\"*\","
    "\"url\":\"https://storage.googleapis.com/video-storage-us-east1-uploads/zd01Pe2b?Expires=1\"}}");
  g_autoptr(JsonNode) errored = parse (
    "{\"id\":\"zd01Pe2bNpYhxbrwYABgFE01twZdtv4M00kts2i02GhbGjc\",\"timeout\":3600,"
    "\"status\":\"errored\",\"error\":{\"type\":\"invalid_input\",\"message\":\"Not a video.\"}}");
  g_autoptr(JsonNode) created = parse (
    "{\"id\":\"u2\",\"status\":\"asset_created\",\"asset_id\":\"as1\",\"timeout\":60}");
  g_autoptr(JsonNode) timed_out = parse ("{\"id\":\"u3\",\"status\":\"timed_out\"}");
  g_autoptr(GError) error = NULL;
  g_autoptr(MdUpload) upload = md_upload_new_from_json (data_object (waiting), &error);
  g_autoptr(MdUpload) second = NULL;
  g_autoptr(MdUpload) third = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (md_upload_get_status (upload), ==, MD_UPLOAD_STATUS_WAITING);
  g_assert_cmpint (md_upload_get_timeout (upload), ==, 3600);
  g_assert_cmpstr (md_upload_get_cors_origin (upload), ==, "*");
  g_assert_true (g_str_has_prefix (md_upload_get_url (upload), "https://storage.googleapis.com/"));

  g_assert_true (md_upload_update_from_json (upload, json_node_get_object (errored), &error));
  g_assert_cmpint (md_upload_get_status (upload), ==, MD_UPLOAD_STATUS_ERRORED);
  g_assert_cmpstr (md_upload_get_error_type (upload), ==, "invalid_input");
  g_assert_cmpstr (md_upload_get_error_message (upload), ==, "Not a video.");

  second = md_upload_new_from_json (json_node_get_object (created), &error);
  g_assert_cmpint (md_upload_get_status (second), ==, MD_UPLOAD_STATUS_ASSET_CREATED);
  g_assert_cmpstr (md_upload_get_asset_id (second), ==, "as1");
  third = md_upload_new_from_json (json_node_get_object (timed_out), &error);
  g_assert_cmpint (md_upload_get_status (third), ==, MD_UPLOAD_STATUS_TIMED_OUT);
  g_assert_no_error (error);
}

static void
test_upload_malformed (void)
{
  static const char *cases[] = {
    "{\"status\":\"waiting\"}",
    "{\"id\":\"u\",\"timeout\":\"long\"}",
    "{\"id\":\"u\",\"timeout\":1.5}",
    "{\"id\":\"u\",\"url\":[]}",
    "{\"id\":\"u\",\"error\":\"bad\"}",
    "{\"id\":\"u\",\"error\":{\"message\":[\"x\"]}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) root = parse (cases[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(MdUpload) upload = md_upload_new_from_json (json_node_get_object (root), &error);

      g_test_message ("case %u: %s", i, cases[i]);
      g_assert_null (upload);
      g_assert_error (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_BAD_RESPONSE);
    }
}

static void
test_signing_key (void)
{
  g_autoptr(JsonNode) created = parse (
    "{\"data\":{\"private_key\":\"LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQo=\","
    "\"id\":\"vI5KTQ78ohYriuvWKHY6COtZWXexHGLllxksOdZuya8\",\"created_at\":\"1610108345\"}}");
  g_autoptr(JsonNode) listed = parse (
    "{\"data\":[{\"id\":\"k1\",\"created_at\":\"1610108345\"},{\"id\":\"k2\",\"created_at\":\"1610108346\"}]}");
  g_autoptr(JsonNode) without = parse ("{\"id\":\"k3\",\"created_at\":\"1\"}");
  g_autoptr(GError) error = NULL;
  g_autofree char *private_key = NULL;
  g_autoptr(MdSigningKey) key = NULL;
  g_autoptr(MdSigningKey) plain = NULL;
  g_autoptr(MdSigningKey) missing = NULL;
  g_autoptr(GPtrArray) keys = NULL;

  key = md_signing_key_new_from_created_json (data_object (created), &private_key, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (md_signing_key_get_id (key), ==, "vI5KTQ78ohYriuvWKHY6COtZWXexHGLllxksOdZuya8");
  g_assert_cmpint (md_signing_key_get_created_at (key), ==, 1610108345);
  g_assert_cmpstr (private_key, ==, "LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQo=");

  /* The plain parser drops the private key; the model has no place for it. */
  plain = md_signing_key_new_from_json (data_object (created), &error);
  g_assert_no_error (error);
  g_assert_null (g_object_class_find_property (G_OBJECT_GET_CLASS (plain), "private-key"));

  keys = md_signing_key_list_new_from_json (listed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (keys->len, ==, 2);
  g_assert_cmpstr (md_signing_key_get_id (g_ptr_array_index (keys, 1)), ==, "k2");

  g_clear_pointer (&private_key, g_free);
  missing = md_signing_key_new_from_created_json (json_node_get_object (without), &private_key, &error);
  g_assert_null (missing);
  g_assert_null (private_key);
  g_assert_error (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_BAD_RESPONSE);
}

static void
test_heatmap (void)
{
  g_autoptr(JsonNode) root = parse (
    "{\"total_row_count\":1,\"timeframe\":[1734912000,1735516800],"
    "\"data\":{\"total_views\":214,\"value\":[0.9,1,0.75,0.5,0.25,0.1,0,0,0.05,0.2]}}");
  g_autoptr(JsonNode) older = parse (
    "{\"timeframe\":[\"1734912000\",\"1735516800\"],"
    "\"data\":[{\"total_views\":3,\"values\":[1,2,3]}]}");
  g_autoptr(GError) error = NULL;
  g_autoptr(MdHeatmap) heatmap = md_heatmap_new_from_json (root, &error);
  g_autoptr(MdHeatmap) other = NULL;
  const double *values;
  guint n = 0;

  g_assert_no_error (error);
  g_assert_cmpint (md_heatmap_get_total_views (heatmap), ==, 214);
  g_assert_cmpint (md_heatmap_get_timeframe_start (heatmap), ==, 1734912000);
  g_assert_cmpint (md_heatmap_get_timeframe_end (heatmap), ==, 1735516800);
  values = md_heatmap_get_values (heatmap, &n);
  g_assert_cmpuint (n, ==, 10);
  g_assert_cmpuint (md_heatmap_get_n_buckets (heatmap), ==, 10);
  g_assert_cmpfloat (values[1], ==, 1);
  g_assert_cmpfloat (values[9], ==, 0.2);
  g_assert_cmpfloat (md_heatmap_get_max_value (heatmap), ==, 1);

  /* The beta's older shapes parse too. */
  other = md_heatmap_new_from_json (older, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (md_heatmap_get_n_buckets (other), ==, 3);
  g_assert_cmpfloat (md_heatmap_get_max_value (other), ==, 3);
  g_assert_cmpint (md_heatmap_get_timeframe_end (other), ==, 1735516800);
}

static void
test_heatmap_malformed (void)
{
  static const char *cases[] = {
    "{}",
    "{\"data\":5}",
    "{\"data\":{\"value\":[1,\"2\"]}}",
    "{\"data\":{\"value\":[1,null]}}",
    "{\"data\":{\"value\":{}}}",
    "{\"data\":{\"total_views\":\"many\",\"value\":[]}}",
    "{\"timeframe\":[1],\"data\":{\"value\":[]}}",
    "{\"timeframe\":[\"a\",\"b\"],\"data\":{\"value\":[]}}",
    "{\"timeframe\":7,\"data\":{\"value\":[]}}",
    "{\"timeframe\":[1e300,1],\"data\":{\"value\":[]}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) root = parse (cases[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(MdHeatmap) heatmap = md_heatmap_new_from_json (root, &error);

      g_test_message ("case %u: %s", i, cases[i]);
      g_assert_null (heatmap);
      g_assert_error (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_BAD_RESPONSE);
    }
}

static void
test_hotspots (void)
{
  g_autoptr(JsonNode) root = parse (
    "{\"total_row_count\":1,\"timeframe\":[1734912000,1735516800],"
    "\"data\":{\"total_views\":214,\"hotspots\":["
    "{\"start_ms\":12000,\"end_ms\":18000,\"score\":0.92},"
    "{\"start_ms\":40000,\"end_ms\":41000,\"score\":0.5}]}}");
  g_autoptr(JsonNode) empty = parse ("{\"data\":{\"total_views\":1,\"hotspots\":[]}}");
  g_autoptr(GError) error = NULL;
  gint64 total_views = 0;
  g_autoptr(GListModel) hotspots = md_hotspot_list_new_from_json (root, &total_views, &error);
  g_autoptr(GListModel) none = NULL;
  g_autoptr(MdHotspot) first = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (total_views, ==, 214);
  g_assert_cmpuint (g_list_model_get_n_items (hotspots), ==, 2);
  first = g_list_model_get_item (hotspots, 0);
  g_assert_cmpint (md_hotspot_get_start_ms (first), ==, 12000);
  g_assert_cmpint (md_hotspot_get_end_ms (first), ==, 18000);
  g_assert_cmpfloat (md_hotspot_get_score (first), ==, 0.92);

  none = md_hotspot_list_new_from_json (empty, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (none), ==, 0);
}

static void
test_hotspots_malformed (void)
{
  static const char *cases[] = {
    "{\"data\":{\"hotspots\":{}}}",
    "{\"data\":{\"hotspots\":[5]}}",
    "{\"data\":{\"hotspots\":[{\"start_ms\":\"0\",\"end_ms\":1}]}}",
    "{\"data\":{\"hotspots\":[{\"start_ms\":10,\"end_ms\":5}]}}",
    "{\"data\":{\"hotspots\":[{\"end_ms\":5}]}}",
    "{\"data\":{\"hotspots\":[{\"start_ms\":0,\"end_ms\":5,\"score\":\"hot\"}]}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) root = parse (cases[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GListModel) hotspots = md_hotspot_list_new_from_json (root, NULL, &error);

      g_test_message ("case %u: %s", i, cases[i]);
      g_assert_null (hotspots);
      g_assert_error (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_BAD_RESPONSE);
    }
}

static void
test_viewer_count (void)
{
  g_autoptr(JsonNode) root = parse (
    "{\"data\":[{\"views\":95,\"viewers\":94,\"updated_at\":\"2021-09-28T18:21:19Z\"}]}");
  g_autoptr(JsonNode) empty = parse ("{\"data\":[]}");
  g_autoptr(GError) error = NULL;
  g_autoptr(MdViewerCount) count = md_viewer_count_new_from_json (root, &error);
  g_autoptr(MdViewerCount) nobody = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (md_viewer_count_get_views (count), ==, 95);
  g_assert_cmpint (md_viewer_count_get_viewers (count), ==, 94);
  g_assert_cmpint (md_viewer_count_get_updated_at (count), ==, 1632853279);

  nobody = md_viewer_count_new_from_json (empty, &error);
  g_assert_no_error (error);
  g_assert_cmpint (md_viewer_count_get_views (nobody), ==, 0);
}

static void
test_viewer_count_malformed (void)
{
  static const char *cases[] = {
    "{\"data\":[{\"views\":\"95\"}]}",
    "{\"data\":[{\"views\":-1}]}",
    "{\"data\":[{\"views\":1,\"updated_at\":\"soon\"}]}",
    "{\"data\":[1,2]}",
    "{\"data\":\"x\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) root = parse (cases[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(MdViewerCount) count = md_viewer_count_new_from_json (root, &error);

      g_test_message ("case %u: %s", i, cases[i]);
      g_assert_null (count);
      g_assert_error (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_BAD_RESPONSE);
    }
}

static void
test_whoami (void)
{
  g_autoptr(JsonNode) root = parse (
    "{\"data\":{\"access_token_name\":\"Muxdesk\",\"environment_id\":\"env1\","
    "\"environment_name\":\"Production\",\"environment_type\":\"production\","
    "\"organization_id\":\"org1\",\"organization_name\":\"Acme\","
    "\"permissions\":[\"video:read\",\"video:write\",\"system:read\"]}}");
  g_autoptr(JsonNode) bad = parse ("{\"environment_name\":\"x\",\"permissions\":\"all\"}");
  g_autoptr(JsonNode) anonymous = parse ("{\"permissions\":[]}");
  g_autoptr(GError) error = NULL;
  g_autoptr(MdWhoami) whoami = md_whoami_new_from_json (data_object (root), &error);
  g_autoptr(MdWhoami) broken = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (md_whoami_get_environment_name (whoami), ==, "Production");
  g_assert_cmpstr (md_whoami_get_environment_type (whoami), ==, "production");
  g_assert_cmpstr (md_whoami_get_organization_name (whoami), ==, "Acme");
  g_assert_cmpstr (md_whoami_get_access_token_name (whoami), ==, "Muxdesk");
  g_assert_true (md_whoami_has_permission (whoami, "video:write"));
  g_assert_false (md_whoami_has_permission (whoami, "system:write"));
  g_assert_cmpuint (g_strv_length ((char **) md_whoami_get_permissions (whoami)), ==, 3);

  broken = md_whoami_new_from_json (json_node_get_object (bad), &error);
  g_assert_null (broken);
  g_assert_error (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_BAD_RESPONSE);
  g_clear_error (&error);
  broken = md_whoami_new_from_json (json_node_get_object (anonymous), &error);
  g_assert_null (broken);
  g_assert_error (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_BAD_RESPONSE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/models/asset/full", test_asset_full);
  g_test_add_func ("/models/asset/minimal-and-errored", test_asset_minimal_and_errored);
  g_test_add_func ("/models/asset/malformed", test_asset_malformed);
  g_test_add_func ("/models/asset/update-in-place", test_asset_update_in_place);
  g_test_add_func ("/models/asset/list", test_asset_list);
  g_test_add_func ("/models/list/malformed", test_list_malformed);
  g_test_add_func ("/models/live-stream", test_live_stream);
  g_test_add_func ("/models/upload", test_upload);
  g_test_add_func ("/models/upload/malformed", test_upload_malformed);
  g_test_add_func ("/models/signing-key", test_signing_key);
  g_test_add_func ("/models/heatmap", test_heatmap);
  g_test_add_func ("/models/heatmap/malformed", test_heatmap_malformed);
  g_test_add_func ("/models/hotspots", test_hotspots);
  g_test_add_func ("/models/hotspots/malformed", test_hotspots_malformed);
  g_test_add_func ("/models/viewer-count", test_viewer_count);
  g_test_add_func ("/models/viewer-count/malformed", test_viewer_count_malformed);
  g_test_add_func ("/models/whoami", test_whoami);

  return g_test_run ();
}
