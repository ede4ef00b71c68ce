/* fuzz-mux-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Mux API core's parsers (src/mux): the input is an API answer body.
 * Whatever it is, each parser gives a model or MD_CLIENT_ERROR_BAD_RESPONSE,
 * and a failed in-place update leaves the asset untouched.
 */

#include "config.h"

#include "md-client.h"
#include "md-fuzz.h"
#include "md-json-private.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  md_fuzz_setup_logging ();
  return 0;
}

#define CHECK(result, error) \
  G_STMT_START { \
    if ((result) == NULL) \
      g_assert_error ((error), MD_CLIENT_ERROR, MD_CLIENT_ERROR_BAD_RESPONSE); \
    else \
      g_assert_no_error (error); \
    g_clear_error (&(error)); \
  } G_STMT_END

static void
parse_object (JsonObject *object)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdAsset) asset = md_asset_new_from_json (object, &error);
  g_autoptr(MdLiveStream) stream = NULL;
  g_autoptr(MdUpload) upload = NULL;
  g_autoptr(MdSigningKey) key = NULL;
  g_autoptr(MdSigningKey) created = NULL;
  g_autoptr(MdWhoami) whoami = NULL;
  g_autoptr(MdPlaybackId) pid = NULL;
  g_autoptr(MdHotspot) hotspot = NULL;
  g_autofree char *private_key = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(MdAsset) listed = NULL;

  CHECK (asset, error);
  stream = md_live_stream_new_from_json (object, &error);
  CHECK (stream, error);
  upload = md_upload_new_from_json (object, &error);
  CHECK (upload, error);
  key = md_signing_key_new_from_json (object, &error);
  CHECK (key, error);
  created = md_signing_key_new_from_created_json (object, &private_key, &error);
  CHECK (created, error);
  g_assert_true ((created == NULL) == (private_key == NULL));
  whoami = md_whoami_new_from_json (object, &error);
  CHECK (whoami, error);
  pid = md_playback_id_new_from_json (object, &error);
  CHECK (pid, error);
  hotspot = md_hotspot_new_from_json (object, &error);
  CHECK (hotspot, error);

  /* A listed asset with the input's id (if any) updated from the input. */
  if (asset != NULL)
    {
      g_autofree char *escaped = g_strescape (md_asset_get_id (asset), NULL);
      g_autofree char *text = g_strdup_printf ("{\"id\":\"%s\",\"meta\":{\"title\":\"kept\"}}", escaped);
      if (json_parser_load_from_data (parser, text, -1, NULL))
        listed = md_asset_new_from_json (json_node_get_object (json_parser_get_root (parser)), NULL);
      if (listed != NULL)
        {
          if (!md_asset_update_from_json (listed, object, &error))
            {
              g_assert_error (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_BAD_RESPONSE);
              g_assert_cmpstr (md_asset_get_title (listed), ==, "kept");
              g_clear_error (&error);
            }
          else
            g_assert_cmpstr (md_asset_get_title (listed), ==, md_asset_get_title (asset));
        }
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GPtrArray) streams = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(MdHeatmap) heatmap = NULL;
  g_autoptr(GListModel) hotspots = NULL;
  g_autoptr(MdViewerCount) count = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autofree char *messages = NULL;
  g_autofree char *type = NULL;
  g_autofree char *cursor = NULL;
  JsonObject *data_object;

  /* Error bodies never fail, whatever they hold. */
  messages = md_client_error_parse_messages (bytes, &type);

  root = _md_json_parse_data ((const char *) data, size, &error);
  CHECK (root, error);
  if (root == NULL)
    return 0;

  assets = md_asset_list_new_from_json (root, &cursor, &error);
  CHECK (assets, error);
  streams = md_live_stream_list_new_from_json (root, &error);
  CHECK (streams, error);
  keys = md_signing_key_list_new_from_json (root, &error);
  CHECK (keys, error);
  heatmap = md_heatmap_new_from_json (root, &error);
  CHECK (heatmap, error);
  hotspots = md_hotspot_list_new_from_json (root, NULL, &error);
  CHECK (hotspots, error);
  count = md_viewer_count_new_from_json (root, &error);
  CHECK (count, error);

  if (JSON_NODE_HOLDS_OBJECT (root))
    parse_object (json_node_get_object (root));

  data_object = _md_json_get_data_object (root, NULL);
  if (data_object != NULL)
    parse_object (data_object);

  return 0;
}
