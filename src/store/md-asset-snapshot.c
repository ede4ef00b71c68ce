/* md-asset-snapshot.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-asset-snapshot"

#include "config.h"

#include "md-asset-snapshot.h"

#include "md-mux-enumtypes.h"

/* An asset written back in the API's own JSON shape, from the fields the
 * model knows: what the library cache keeps (it stores API JSON and the
 * API core reads it back with md_asset_new_from_json()), and the copy an
 * optimistic edit rolls back to. */

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_enum (JsonBuilder *builder,
          const char  *name,
          GType        type,
          int          value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *enum_value = g_enum_get_value (klass, value);

  /* UNKNOWN means the API said something this build does not know. */
  if (enum_value == NULL || value == 0)
    return;
  add_string (builder, name, enum_value->value_nick);
}

static void
add_track (JsonBuilder   *builder,
           const MdTrack *track)
{
  json_builder_begin_object (builder);
  add_string (builder, "id", track->id);
  add_string (builder, "type", track->type);
  add_string (builder, "status", track->status);
  add_string (builder, "name", track->name);
  add_string (builder, "language_code", track->language_code);
  add_string (builder, "text_type", track->text_type);
  if (track->duration > 0)
    {
      json_builder_set_member_name (builder, "duration");
      json_builder_add_double_value (builder, track->duration);
    }
  if (track->max_frame_rate > 0)
    {
      json_builder_set_member_name (builder, "max_frame_rate");
      json_builder_add_double_value (builder, track->max_frame_rate);
    }
  if (track->max_width > 0)
    {
      json_builder_set_member_name (builder, "max_width");
      json_builder_add_int_value (builder, track->max_width);
    }
  if (track->max_height > 0)
    {
      json_builder_set_member_name (builder, "max_height");
      json_builder_add_int_value (builder, track->max_height);
    }
  if (track->max_channels > 0)
    {
      json_builder_set_member_name (builder, "max_channels");
      json_builder_add_int_value (builder, track->max_channels);
    }
  json_builder_set_member_name (builder, "primary");
  json_builder_add_boolean_value (builder, track->primary);
  json_builder_end_object (builder);
}

/**
 * md_asset_snapshot_to_json:
 *
 * Returns: (transfer full): the asset as an API JSON object
 */
JsonNode *
md_asset_snapshot_to_json (MdAsset *asset)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *created_at = NULL;
  GListModel *playback_ids;
  GPtrArray *tracks;
  const char *const *messages;

  g_return_val_if_fail (MD_IS_ASSET (asset), NULL);

  created_at = g_strdup_printf ("%" G_GINT64_FORMAT, md_asset_get_created_at (asset));

  json_builder_begin_object (builder);
  add_string (builder, "id", md_asset_get_id (asset));
  add_string (builder, "created_at", created_at);
  add_enum (builder, "status", MD_TYPE_ASSET_STATUS, md_asset_get_status (asset));
  if (md_asset_get_duration (asset) > 0)
    {
      json_builder_set_member_name (builder, "duration");
      json_builder_add_double_value (builder, md_asset_get_duration (asset));
    }
  add_string (builder, "aspect_ratio", md_asset_get_aspect_ratio (asset));
  add_string (builder, "resolution_tier", md_asset_get_resolution_tier (asset));
  add_string (builder, "max_resolution_tier", md_asset_get_max_resolution_tier (asset));
  add_string (builder, "max_stored_resolution", md_asset_get_max_stored_resolution (asset));
  add_enum (builder, "video_quality", MD_TYPE_VIDEO_QUALITY, md_asset_get_video_quality (asset));
  add_string (builder, "passthrough", md_asset_get_passthrough (asset));
  add_string (builder, "upload_id", md_asset_get_upload_id (asset));
  add_string (builder, "live_stream_id", md_asset_get_live_stream_id (asset));
  add_string (builder, "ingest_type", md_asset_get_ingest_type (asset));
  json_builder_set_member_name (builder, "is_live");
  json_builder_add_boolean_value (builder, md_asset_get_is_live (asset));
  json_builder_set_member_name (builder, "test");
  json_builder_add_boolean_value (builder, md_asset_get_test (asset));

  json_builder_set_member_name (builder, "meta");
  json_builder_begin_object (builder);
  add_string (builder, "title", md_asset_get_title (asset));
  add_string (builder, "creator_id", md_asset_get_creator_id (asset));
  add_string (builder, "external_id", md_asset_get_external_id (asset));
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "playback_ids");
  json_builder_begin_array (builder);
  playback_ids = md_asset_get_playback_ids (asset);
  for (guint i = 0; playback_ids != NULL && i < g_list_model_get_n_items (playback_ids); i++)
    {
      g_autoptr(MdPlaybackId) playback_id = g_list_model_get_item (playback_ids, i);

      json_builder_begin_object (builder);
      add_string (builder, "id", md_playback_id_get_id (playback_id));
      add_enum (builder, "policy", MD_TYPE_PLAYBACK_POLICY, md_playback_id_get_policy (playback_id));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  tracks = md_asset_get_tracks (asset);
  json_builder_set_member_name (builder, "tracks");
  json_builder_begin_array (builder);
  for (guint i = 0; tracks != NULL && i < tracks->len; i++)
    add_track (builder, g_ptr_array_index (tracks, i));
  json_builder_end_array (builder);

  messages = md_asset_get_error_messages (asset);
  if (md_asset_get_error_type (asset) != NULL || messages != NULL)
    {
      json_builder_set_member_name (builder, "errors");
      json_builder_begin_object (builder);
      add_string (builder, "type", md_asset_get_error_type (asset));
      json_builder_set_member_name (builder, "messages");
      json_builder_begin_array (builder);
      for (guint i = 0; messages != NULL && messages[i] != NULL; i++)
        json_builder_add_string_value (builder, messages[i]);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }

  if (md_asset_get_progress_state (asset) != NULL)
    {
      json_builder_set_member_name (builder, "progress");
      json_builder_begin_object (builder);
      add_string (builder, "state", md_asset_get_progress_state (asset));
      json_builder_set_member_name (builder, "progress");
      json_builder_add_double_value (builder, md_asset_get_progress (asset));
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * md_asset_snapshot_copy:
 *
 * Returns: (transfer full): a separate object with the same fields
 */
MdAsset *
md_asset_snapshot_copy (MdAsset *asset)
{
  g_autoptr(JsonNode) node = md_asset_snapshot_to_json (asset);
  g_autoptr(GError) error = NULL;
  MdAsset *copy;

  copy = md_asset_new_from_json (json_node_get_object (node), &error);
  /* The JSON came from a parsed asset: it always parses again. */
  g_assert_no_error (error);
  return copy;
}
