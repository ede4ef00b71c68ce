/* fuzz-mux-models.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Mux API's JSON answers, read the way MdClient reads them: the input is
 * a response body; it goes through _md_json_parse_data (size and depth
 * limits) and then one model parser, chosen at build time by MD_FUZZ_PARSER
 * (one libFuzzer target each, so each keeps its own corpus). A parsed model
 * is read back through its getters, and an asset is also updated in place,
 * as the pagers do.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "md-asset.h"
#include "md-client-error.h"
#include "md-fuzz.h"
#include "md-heatmap.h"
#include "md-hotspot.h"
#include "md-json-private.h"
#include "md-live-stream.h"
#include "md-playback-id.h"
#include "md-signing-key.h"
#include "md-upload.h"
#include "md-viewer-count.h"
#include "md-whoami.h"

#ifndef MD_FUZZ_PARSER
#error "MD_FUZZ_PARSER names the parser this target exercises"
#endif

static void
check_error (GError *error)
{
  /* A refused answer is a clean GError in the client's domain. */
  g_assert_nonnull (error);
  g_assert_true (error->domain == MD_CLIENT_ERROR);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

static void
read_asset (MdAsset *asset)
{
  g_autoptr(GDateTime) created = md_asset_dup_created_at_date_time (asset);
  GPtrArray *tracks = md_asset_get_tracks (asset);
  const char *const *messages = md_asset_get_error_messages (asset);

  if (created != NULL)
    g_assert_cmpint (g_date_time_get_year (created), >=, 1);
  (void) md_asset_get_id (asset);
  (void) md_asset_get_status (asset);
  g_assert_false (isnan (md_asset_get_duration (asset)));
  (void) md_asset_get_title (asset);
  (void) md_asset_get_video_quality (asset);
  (void) md_asset_find_playback_id (asset, MD_PLAYBACK_POLICY_SIGNED);
  if (tracks != NULL)
    g_assert_cmpuint (tracks->len, <, G_MAXUINT);
  for (guint i = 0; messages != NULL && messages[i] != NULL; i++)
    g_assert_true (g_utf8_validate (messages[i], -1, NULL));
}

static void
parse_asset_page (JsonNode *root)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *next_cursor = NULL;
  g_autoptr(GPtrArray) assets = md_asset_list_new_from_json (root, &next_cursor, &error);

  if (assets == NULL)
    {
      check_error (error);
      return;
    }
  for (guint i = 0; i < assets->len; i++)
    {
      read_asset (g_ptr_array_index (assets, i));
      /* The pagers refresh a row in place from a newer copy of it. */
      if (i > 0 && g_strcmp0 (md_asset_get_id (g_ptr_array_index (assets, 0)),
                              md_asset_get_id (g_ptr_array_index (assets, i))) == 0)
        md_asset_update_from (g_ptr_array_index (assets, 0), g_ptr_array_index (assets, i));
    }
}

static void
parse_asset (JsonNode *root)
{
  g_autoptr(GError) error = NULL;
  JsonObject *data = _md_json_get_data_object (root, &error);
  g_autoptr(MdAsset) asset = NULL;

  if (data != NULL)
    asset = md_asset_new_from_json (data, &error);
  if (asset == NULL)
    {
      check_error (error);
      return;
    }
  read_asset (asset);
  if (!md_asset_update_from_json (asset, data, &error))
    check_error (error);
}

static void
parse_upload (JsonNode *root)
{
  g_autoptr(GError) error = NULL;
  JsonObject *data = _md_json_get_data_object (root, &error);
  g_autoptr(MdUpload) upload = NULL;

  if (data != NULL)
    upload = md_upload_new_from_json (data, &error);
  if (upload == NULL)
    {
      check_error (error);
      return;
    }
  (void) md_upload_get_status (upload);
  (void) md_upload_get_url (upload);
  (void) md_upload_get_error_message (upload);
  if (!md_upload_update_from_json (upload, data, &error))
    check_error (error);
}

static void
parse_live_streams (JsonNode *root)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) streams = md_live_stream_list_new_from_json (root, &error);

  if (streams == NULL)
    {
      check_error (error);
      return;
    }
  for (guint i = 0; i < streams->len; i++)
    {
      MdLiveStream *stream = g_ptr_array_index (streams, i);
      GListModel *ids = md_live_stream_get_playback_ids (stream);

      (void) md_live_stream_get_status (stream);
      (void) md_live_stream_get_recent_asset_ids (stream);
      if (ids != NULL)
        for (guint j = 0; j < g_list_model_get_n_items (ids); j++)
          g_object_unref (g_list_model_get_item (ids, j));
    }
}

static void
parse_signing_key (JsonNode *root)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) list_error = NULL;
  JsonObject *data = _md_json_get_data_object (root, &error);
  g_autoptr(MdSigningKey) key = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  g_autofree char *private_key = NULL;

  /* As created (with the private key) and as listed. */
  if (data != NULL)
    key = md_signing_key_new_from_created_json (data, &private_key, &error);
  if (key == NULL)
    check_error (error);
  else
    g_assert_nonnull (private_key);

  keys = md_signing_key_list_new_from_json (root, &list_error);
  if (keys == NULL)
    check_error (list_error);
}

static void
parse_heatmap (JsonNode *root)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdHeatmap) heatmap = md_heatmap_new_from_json (root, &error);
  const double *values;
  guint n_values = 0;

  if (heatmap == NULL)
    {
      check_error (error);
      return;
    }
  values = md_heatmap_get_values (heatmap, &n_values);
  g_assert_cmpuint (n_values, ==, md_heatmap_get_n_buckets (heatmap));
  for (guint i = 0; i < n_values; i++)
    g_assert_true (values[i] <= md_heatmap_get_max_value (heatmap));
}

static void
parse_hotspots (JsonNode *root)
{
  g_autoptr(GError) error = NULL;
  gint64 total_views = 0;
  g_autoptr(GListModel) hotspots = md_hotspot_list_new_from_json (root, &total_views, &error);

  if (hotspots == NULL)
    {
      check_error (error);
      return;
    }
  for (guint i = 0; i < g_list_model_get_n_items (hotspots); i++)
    {
      g_autoptr(MdHotspot) hotspot = g_list_model_get_item (hotspots, i);

      (void) md_hotspot_get_start_ms (hotspot);
      (void) md_hotspot_get_end_ms (hotspot);
      (void) md_hotspot_get_score (hotspot);
    }
}

static void
parse_counts (JsonNode *root)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdViewerCount) count = md_viewer_count_new_from_json (root, &error);

  if (count == NULL)
    check_error (error);
}

static void
parse_whoami (JsonNode *root)
{
  g_autoptr(GError) error = NULL;
  JsonObject *data = _md_json_get_data_object (root, &error);
  g_autoptr(MdWhoami) whoami = NULL;

  if (data != NULL)
    whoami = md_whoami_new_from_json (data, &error);
  if (whoami == NULL)
    {
      check_error (error);
      return;
    }
  (void) md_whoami_has_permission (whoami, "video:write");
}

/* Error bodies are read raw, never refused: any status and body give an
 * error with a message. */
static void
parse_error_body (const guint8 *data,
                  size_t        size)
{
  static const guint statuses[] = { 400, 401, 403, 404, 409, 422, 429, 500, 503 };
  g_autoptr(GBytes) body = g_bytes_new (data, size);
  g_autofree char *type = NULL;
  g_autofree char *messages = md_client_error_parse_messages (body, &type);
  guint status = statuses[size % G_N_ELEMENTS (statuses)];
  g_autoptr(GError) error = md_client_error_new_for_response (status, body);

  g_assert_nonnull (error);
  g_assert_true (error->domain == MD_CLIENT_ERROR);
  g_assert_cmpint (error->code, ==, md_client_error_code_for_status (status));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  if (messages != NULL)
    g_assert_true (g_utf8_validate (messages, -1, NULL));
}

typedef struct
{
  const char *name;
  void      (*parse) (JsonNode *root);
} Parser;

static const Parser parsers[] = {
  { "asset-page", parse_asset_page },
  { "asset", parse_asset },
  { "upload", parse_upload },
  { "live-streams", parse_live_streams },
  { "signing-key", parse_signing_key },
  { "heatmap", parse_heatmap },
  { "hotspots", parse_hotspots },
  { "counts", parse_counts },
  { "whoami", parse_whoami },
};

static const Parser *parser;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  md_fuzz_setup_logging ();
  for (guint i = 0; i < G_N_ELEMENTS (parsers); i++)
    if (strcmp (parsers[i].name, MD_FUZZ_PARSER) == 0)
      parser = &parsers[i];
  g_assert (parser != NULL || strcmp (MD_FUZZ_PARSER, "error-body") == 0);
  return 0;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  if (parser == NULL)
    {
      parse_error_body (data, size);
      return 0;
    }

  root = _md_json_parse_data ((const char *) data, size, &error);
  if (root == NULL)
    {
      check_error (error);
      return 0;
    }
  parser->parse (root);
  return 0;
}
