/* md-sandbox-asset.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-sandbox-asset"

#include "config.h"

#include <math.h>
#include <string.h>

#include "md-sandbox-asset.h"

void
md_sandbox_media_info_clear (MdSandboxMediaInfo *info)
{
  g_clear_pointer (&info->container_format, g_free);
  g_clear_pointer (&info->video_encoding, g_free);
  g_clear_pointer (&info->audio_encoding, g_free);
  memset (info, 0, sizeof *info);
}

JsonNode *
md_sandbox_media_info_to_node (const MdSandboxMediaInfo *info)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_double_member (object, "duration", info->duration);
  json_object_set_int_member (object, "width", info->width);
  json_object_set_int_member (object, "height", info->height);
  json_object_set_double_member (object, "frame_rate", info->frame_rate);
  json_object_set_boolean_member (object, "has_video", info->has_video);
  json_object_set_boolean_member (object, "has_audio", info->has_audio);
  json_object_set_int_member (object, "channels", info->channels);
  json_object_set_int_member (object, "sample_rate", info->sample_rate);
  json_object_set_string_member (object, "container_format", info->container_format);
  json_object_set_string_member (object, "video_encoding", info->video_encoding);
  json_object_set_string_member (object, "audio_encoding", info->audio_encoding);
  json_node_take_object (node, object);
  return node;
}

gboolean
md_sandbox_media_info_from_node (MdSandboxMediaInfo *info,
                                 JsonNode           *node)
{
  JsonObject *object;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  object = json_node_get_object (node);
  info->duration = json_object_get_double_member_with_default (object, "duration", 0);
  info->width = json_object_get_int_member_with_default (object, "width", 0);
  info->height = json_object_get_int_member_with_default (object, "height", 0);
  info->frame_rate = json_object_get_double_member_with_default (object, "frame_rate", 0);
  info->has_video = json_object_get_boolean_member_with_default (object, "has_video", FALSE);
  info->has_audio = json_object_get_boolean_member_with_default (object, "has_audio", FALSE);
  info->channels = json_object_get_int_member_with_default (object, "channels", 0);
  info->sample_rate = json_object_get_int_member_with_default (object, "sample_rate", 0);
  info->container_format = g_strdup (json_object_get_string_member_with_default (object, "container_format", NULL));
  info->video_encoding = g_strdup (json_object_get_string_member_with_default (object, "video_encoding", NULL));
  info->audio_encoding = g_strdup (json_object_get_string_member_with_default (object, "audio_encoding", NULL));
  return TRUE;
}

gboolean
md_sandbox_playback_policy_is_valid (const char *policy)
{
  return g_strcmp0 (policy, "public") == 0 || g_strcmp0 (policy, "signed") == 0;
}

static const char *
encoding_tier_for_quality (const char *quality)
{
  if (g_strcmp0 (quality, "plus") == 0)
    return "smart";
  if (g_strcmp0 (quality, "premium") == 0)
    return "premium";
  return "baseline";
}

void
md_sandbox_asset_set_progress (JsonObject *asset,
                               const char *state,
                               double      progress)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "state", state);
  json_object_set_double_member (object, "progress", progress);
  json_object_set_object_member (asset, "progress", object);
}

static void
copy_member (JsonObject *to,
             JsonObject *from,
             const char *name)
{
  JsonNode *node = from ? json_object_get_member (from, name) : NULL;

  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    json_object_set_member (to, name, json_node_copy (node));
}

JsonObject *
md_sandbox_asset_create (MdSandboxState *state,
                         JsonObject     *settings,
                         const char     *ingest_type)
{
  g_autoptr(JsonObject) asset = json_object_new ();
  g_autofree char *id = md_sandbox_new_id (44);
  g_autofree char *now = md_sandbox_now_string ();
  const char *quality = NULL;
  JsonArray *policies = NULL;
  MdSandboxCollection *assets = md_sandbox_state_get_collection (state, MD_SANDBOX_ASSETS);

  if (settings != NULL)
    {
      quality = json_object_get_string_member_with_default (settings, "video_quality", NULL);
      if (json_object_has_member (settings, "playback_policies"))
        policies = json_object_get_array_member (settings, "playback_policies");
      else if (json_object_has_member (settings, "playback_policy"))
        policies = json_object_get_array_member (settings, "playback_policy");
    }
  if (quality == NULL)
    quality = "basic";

  json_object_set_string_member (asset, "id", id);
  json_object_set_string_member (asset, "created_at", now);
  json_object_set_string_member (asset, "status", "preparing");
  json_object_set_string_member (asset, "video_quality", quality);
  json_object_set_string_member (asset, "encoding_tier", encoding_tier_for_quality (quality));
  json_object_set_string_member (asset, "max_resolution_tier", "1080p");
  json_object_set_string_member (asset, "master_access", "none");
  json_object_set_string_member (asset, "mp4_support", "none");
  json_object_set_string_member (asset, "ingest_type", ingest_type);
  json_object_set_boolean_member (asset, "test", FALSE);
  json_object_set_array_member (asset, "tracks", json_array_new ());
  json_object_set_array_member (asset, "playback_ids", json_array_new ());
  md_sandbox_asset_set_progress (asset, "ingesting", 0);
  copy_member (asset, settings, "meta");
  copy_member (asset, settings, "passthrough");
  copy_member (asset, settings, "test");
  if (settings != NULL && json_object_has_member (settings, "max_resolution_tier"))
    copy_member (asset, settings, "max_resolution_tier");

  md_sandbox_collection_insert (assets, asset);
  for (guint i = 0; policies != NULL && i < json_array_get_length (policies); i++)
    {
      const char *policy = json_array_get_string_element (policies, i);

      if (md_sandbox_playback_policy_is_valid (policy))
        md_sandbox_state_add_playback_id (state, MD_SANDBOX_ASSETS, asset, policy);
    }
  md_sandbox_state_changed (state);
  return asset;
}

static char *
aspect_ratio (guint width,
              guint height)
{
  guint a = width, b = height;

  while (b != 0)
    {
      guint t = a % b;

      a = b;
      b = t;
    }
  if (a == 0)
    return g_strdup ("16:9");
  return g_strdup_printf ("%u:%u", width / a, height / a);
}

static const char *
resolution_tier (guint width,
                 guint height)
{
  guint pixels = width * height;

  if (pixels > 2560 * 1440)
    return "2160p";
  if (pixels > 1920 * 1080)
    return "1440p";
  if (pixels > 1280 * 720)
    return "1080p";
  return "720p";
}

static const char *
stored_resolution (guint width,
                   guint height)
{
  guint shortest = MIN (width, height);

  if (shortest >= 2160)
    return "UHD";
  if (shortest >= 1080)
    return "FHD";
  if (shortest >= 720)
    return "HD";
  return "SD";
}

void
md_sandbox_asset_set_ready (JsonObject               *asset,
                            const MdSandboxMediaInfo *info,
                            const char               *media_name)
{
  JsonArray *tracks = json_array_new ();
  double duration = floor (info->duration * 1000000.0 + 0.5) / 1000000.0;

  if (info->has_video)
    {
      JsonObject *video = json_object_new ();
      g_autofree char *ratio = aspect_ratio (info->width, info->height);
      g_autofree char *track_id = md_sandbox_new_id (40);

      json_object_set_string_member (video, "type", "video");
      json_object_set_string_member (video, "id", track_id);
      json_object_set_int_member (video, "max_width", info->width);
      json_object_set_int_member (video, "max_height", info->height);
      json_object_set_double_member (video, "max_frame_rate", info->frame_rate);
      json_object_set_double_member (video, "duration", duration);
      json_array_add_object_element (tracks, video);
      json_object_set_string_member (asset, "aspect_ratio", ratio);
      json_object_set_string_member (asset, "resolution_tier", resolution_tier (info->width, info->height));
      json_object_set_string_member (asset, "max_stored_resolution", stored_resolution (info->width, info->height));
      json_object_set_double_member (asset, "max_stored_frame_rate", info->frame_rate);
    }
  else
    {
      json_object_set_string_member (asset, "resolution_tier", "audio-only");
      json_object_set_string_member (asset, "max_stored_resolution", "Audio only");
    }
  if (info->has_audio)
    {
      JsonObject *audio = json_object_new ();
      g_autofree char *track_id = md_sandbox_new_id (40);

      json_object_set_string_member (audio, "type", "audio");
      json_object_set_string_member (audio, "id", track_id);
      json_object_set_int_member (audio, "max_channels", info->channels);
      json_object_set_double_member (audio, "duration", duration);
      json_object_set_boolean_member (audio, "primary", TRUE);
      json_object_set_string_member (audio, "status", "ready");
      json_array_add_object_element (tracks, audio);
    }

  json_object_set_string_member (asset, "status", "ready");
  json_object_set_double_member (asset, "duration", duration);
  json_object_set_array_member (asset, "tracks", tracks);
  json_object_remove_member (asset, "errors");
  md_sandbox_asset_set_progress (asset, "completed", 100);
  json_object_set_string_member (md_sandbox_record_get_private (asset), "media", media_name);
  json_object_set_member (md_sandbox_record_get_private (asset), "input", md_sandbox_media_info_to_node (info));
}

void
md_sandbox_asset_set_errored (JsonObject *asset,
                              const char *type,
                              const char *message)
{
  JsonObject *errors = json_object_new ();
  JsonArray *messages = json_array_new ();

  json_array_add_string_element (messages, message);
  json_object_set_string_member (errors, "type", type);
  json_object_set_array_member (errors, "messages", messages);
  json_object_set_object_member (asset, "errors", errors);
  json_object_set_string_member (asset, "status", "errored");
  md_sandbox_asset_set_progress (asset, "errored", -1);
}

static gboolean
check_string (JsonObject  *object,
              const char  *member,
              const char  *label,
              guint        max_length,
              char       **out_message)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      *out_message = g_strdup_printf ("%s must be a string", label);
      return FALSE;
    }
  if (g_utf8_strlen (json_node_get_string (node), -1) > (glong) max_length)
    {
      *out_message = g_strdup_printf ("%s must be at most %u characters", label, max_length);
      return FALSE;
    }
  return TRUE;
}

gboolean
md_sandbox_asset_validate_update (JsonObject  *body,
                                  char       **out_message)
{
  JsonNode *meta = json_object_get_member (body, "meta");

  if (!check_string (body, "passthrough", "passthrough", 255, out_message))
    return FALSE;
  if (meta == NULL || JSON_NODE_HOLDS_NULL (meta))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (meta))
    {
      *out_message = g_strdup ("meta must be an object");
      return FALSE;
    }
  return check_string (json_node_get_object (meta), "title", "meta.title", 512, out_message) &&
         check_string (json_node_get_object (meta), "creator_id", "meta.creator_id", 128, out_message) &&
         check_string (json_node_get_object (meta), "external_id", "meta.external_id", 128, out_message);
}

/* Mux merges meta's fields: the ones given replace, the others stay. */
void
md_sandbox_asset_apply_update (JsonObject *asset,
                               JsonObject *body)
{
  JsonNode *meta = json_object_get_member (body, "meta");

  if (json_object_has_member (body, "passthrough"))
    copy_member (asset, body, "passthrough");
  if (meta != NULL && JSON_NODE_HOLDS_OBJECT (meta))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      if (!json_object_has_member (asset, "meta"))
        json_object_set_object_member (asset, "meta", json_object_new ());
      json_object_iter_init (&iter, json_node_get_object (meta));
      while (json_object_iter_next (&iter, &name, &value))
        if (g_strv_contains ((const char *const[]) { "title", "creator_id", "external_id", NULL }, name))
          json_object_set_member (json_object_get_object_member (asset, "meta"), name, json_node_copy (value));
    }
}
