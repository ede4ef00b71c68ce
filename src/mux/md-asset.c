/* md-asset.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-asset"

#include "config.h"

#include <glib/gi18n.h>

#include "md-asset.h"

#include "md-json-reader-private.h"
#include "md-mux-enumtypes.h"
#include "md-playback-id-private.h"

struct _MdAsset
{
  GObject         parent_instance;

  char           *id;
  gint64          created_at;
  MdAssetStatus   status;
  double          duration;
  char           *aspect_ratio;
  char           *resolution_tier;
  char           *max_resolution_tier;
  char           *max_stored_resolution;
  MdVideoQuality  video_quality;
  char           *title;
  char           *creator_id;
  char           *external_id;
  char           *passthrough;
  char           *upload_id;
  char           *live_stream_id;
  char           *ingest_type;
  gboolean        is_live;
  gboolean        test;
  char           *error_type;
  char          **error_messages;
  char           *progress_state;
  double          progress;
  GListStore     *playback_ids;
  GPtrArray      *tracks;
};

G_DEFINE_FINAL_TYPE (MdAsset, md_asset, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_CREATED_AT,
  PROP_STATUS,
  PROP_DURATION,
  PROP_ASPECT_RATIO,
  PROP_RESOLUTION_TIER,
  PROP_MAX_RESOLUTION_TIER,
  PROP_MAX_STORED_RESOLUTION,
  PROP_VIDEO_QUALITY,
  PROP_TITLE,
  PROP_CREATOR_ID,
  PROP_EXTERNAL_ID,
  PROP_PASSTHROUGH,
  PROP_UPLOAD_ID,
  PROP_LIVE_STREAM_ID,
  PROP_INGEST_TYPE,
  PROP_IS_LIVE,
  PROP_TEST,
  PROP_ERROR_TYPE,
  PROP_ERROR_MESSAGES,
  PROP_PROGRESS_STATE,
  PROP_PROGRESS,
  PROP_PLAYBACK_IDS,
  PROP_TRACKS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
tracks_equal (GPtrArray *a,
              GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;

  for (guint i = 0; i < a->len; i++)
    if (!md_track_equal (g_ptr_array_index (a, i), g_ptr_array_index (b, i)))
      return FALSE;

  return TRUE;
}

static gboolean
parse_tracks (MdAsset     *self,
              JsonObject  *object,
              GError     **error)
{
  GPtrArray *tracks;

  tracks = _md_json_read_objects (object, "tracks", (MdObjectParseFunc) md_track_new_from_json,
                                  (GDestroyNotify) md_track_free, _("a track is not an object"),
                                  error);
  if (tracks == NULL)
    return FALSE;

  g_ptr_array_unref (self->tracks);
  self->tracks = tracks;
  return TRUE;
}

static gboolean
parse_into (MdAsset     *self,
            JsonObject  *object,
            GError     **error)
{
  JsonObject *meta = NULL;
  JsonObject *errors = NULL;
  JsonObject *progress = NULL;
  int status = MD_ASSET_STATUS_UNKNOWN;
  int video_quality = MD_VIDEO_QUALITY_UNKNOWN;

  if (!_md_json_read_string (object, "id", &self->id, error) ||
      !_md_json_read_timestamp (object, "created_at", &self->created_at, error) ||
      !_md_json_read_enum (object, "status", MD_TYPE_ASSET_STATUS, &status, error) ||
      !_md_json_read_double (object, "duration", &self->duration, error) ||
      !_md_json_read_string (object, "aspect_ratio", &self->aspect_ratio, error) ||
      !_md_json_read_string (object, "resolution_tier", &self->resolution_tier, error) ||
      !_md_json_read_string (object, "max_resolution_tier", &self->max_resolution_tier, error) ||
      !_md_json_read_string (object, "max_stored_resolution", &self->max_stored_resolution, error) ||
      !_md_json_read_enum (object, "video_quality", MD_TYPE_VIDEO_QUALITY, &video_quality, error) ||
      !_md_json_read_string (object, "passthrough", &self->passthrough, error) ||
      !_md_json_read_string (object, "upload_id", &self->upload_id, error) ||
      !_md_json_read_string (object, "live_stream_id", &self->live_stream_id, error) ||
      !_md_json_read_string (object, "ingest_type", &self->ingest_type, error) ||
      !_md_json_read_boolean (object, "is_live", &self->is_live, error) ||
      !_md_json_read_boolean (object, "test", &self->test, error) ||
      !_md_json_read_object (object, "meta", &meta, error) ||
      !_md_json_read_object (object, "errors", &errors, error) ||
      !_md_json_read_object (object, "progress", &progress, error) ||
      !parse_tracks (self, object, error))
    return FALSE;

  self->status = status;
  self->video_quality = video_quality;

  if (!_md_json_require_id (self->id, _("an asset has no “id”"), error))
    return FALSE;

  if (meta != NULL &&
      (!_md_json_read_string (meta, "title", &self->title, error) ||
       !_md_json_read_string (meta, "creator_id", &self->creator_id, error) ||
       !_md_json_read_string (meta, "external_id", &self->external_id, error)))
    return FALSE;

  if (errors != NULL &&
      (!_md_json_read_string (errors, "type", &self->error_type, error) ||
       !_md_json_read_strv (errors, "messages", &self->error_messages, error)))
    return FALSE;

  if (progress != NULL &&
      (!_md_json_read_string (progress, "state", &self->progress_state, error) ||
       !_md_json_read_double (progress, "progress", &self->progress, error)))
    return FALSE;

  if (!_md_playback_ids_read (self->playback_ids, object, "playback_ids", error))
    return FALSE;

  return TRUE;
}

static void
md_asset_finalize (GObject *object)
{
  MdAsset *self = (MdAsset *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->aspect_ratio, g_free);
  g_clear_pointer (&self->resolution_tier, g_free);
  g_clear_pointer (&self->max_resolution_tier, g_free);
  g_clear_pointer (&self->max_stored_resolution, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->creator_id, g_free);
  g_clear_pointer (&self->external_id, g_free);
  g_clear_pointer (&self->passthrough, g_free);
  g_clear_pointer (&self->upload_id, g_free);
  g_clear_pointer (&self->live_stream_id, g_free);
  g_clear_pointer (&self->ingest_type, g_free);
  g_clear_pointer (&self->error_type, g_free);
  g_clear_pointer (&self->error_messages, g_strfreev);
  g_clear_pointer (&self->progress_state, g_free);
  g_clear_object (&self->playback_ids);
  g_clear_pointer (&self->tracks, g_ptr_array_unref);

  G_OBJECT_CLASS (md_asset_parent_class)->finalize (object);
}

static void
md_asset_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  MdAsset *self = MD_ASSET (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_CREATED_AT: g_value_set_int64 (value, self->created_at); break;
    case PROP_STATUS: g_value_set_enum (value, self->status); break;
    case PROP_DURATION: g_value_set_double (value, self->duration); break;
    case PROP_ASPECT_RATIO: g_value_set_string (value, self->aspect_ratio); break;
    case PROP_RESOLUTION_TIER: g_value_set_string (value, self->resolution_tier); break;
    case PROP_MAX_RESOLUTION_TIER: g_value_set_string (value, self->max_resolution_tier); break;
    case PROP_MAX_STORED_RESOLUTION: g_value_set_string (value, self->max_stored_resolution); break;
    case PROP_VIDEO_QUALITY: g_value_set_enum (value, self->video_quality); break;
    case PROP_TITLE: g_value_set_string (value, self->title); break;
    case PROP_CREATOR_ID: g_value_set_string (value, self->creator_id); break;
    case PROP_EXTERNAL_ID: g_value_set_string (value, self->external_id); break;
    case PROP_PASSTHROUGH: g_value_set_string (value, self->passthrough); break;
    case PROP_UPLOAD_ID: g_value_set_string (value, self->upload_id); break;
    case PROP_LIVE_STREAM_ID: g_value_set_string (value, self->live_stream_id); break;
    case PROP_INGEST_TYPE: g_value_set_string (value, self->ingest_type); break;
    case PROP_IS_LIVE: g_value_set_boolean (value, self->is_live); break;
    case PROP_TEST: g_value_set_boolean (value, self->test); break;
    case PROP_ERROR_TYPE: g_value_set_string (value, self->error_type); break;
    case PROP_ERROR_MESSAGES: g_value_set_boxed (value, self->error_messages); break;
    case PROP_PROGRESS_STATE: g_value_set_string (value, self->progress_state); break;
    case PROP_PROGRESS: g_value_set_double (value, self->progress); break;
    case PROP_PLAYBACK_IDS: g_value_set_object (value, self->playback_ids); break;
    case PROP_TRACKS: g_value_set_boxed (value, self->tracks); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define RO (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static void
md_asset_class_init (MdAssetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = md_asset_finalize;
  object_class->get_property = md_asset_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, RO);
  /* Unix seconds; 0 when the API did not say. */
  properties[PROP_CREATED_AT] =
    g_param_spec_int64 ("created-at", NULL, NULL, G_MININT64, G_MAXINT64, 0, RO);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, MD_TYPE_ASSET_STATUS, MD_ASSET_STATUS_UNKNOWN, RO);
  /* Seconds; 0 until the asset is ready. */
  properties[PROP_DURATION] =
    g_param_spec_double ("duration", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, RO);
  properties[PROP_ASPECT_RATIO] = g_param_spec_string ("aspect-ratio", NULL, NULL, NULL, RO);
  properties[PROP_RESOLUTION_TIER] = g_param_spec_string ("resolution-tier", NULL, NULL, NULL, RO);
  properties[PROP_MAX_RESOLUTION_TIER] =
    g_param_spec_string ("max-resolution-tier", NULL, NULL, NULL, RO);
  properties[PROP_MAX_STORED_RESOLUTION] =
    g_param_spec_string ("max-stored-resolution", NULL, NULL, NULL, RO);
  properties[PROP_VIDEO_QUALITY] =
    g_param_spec_enum ("video-quality", NULL, NULL, MD_TYPE_VIDEO_QUALITY, MD_VIDEO_QUALITY_UNKNOWN, RO);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, RO);
  properties[PROP_CREATOR_ID] = g_param_spec_string ("creator-id", NULL, NULL, NULL, RO);
  properties[PROP_EXTERNAL_ID] = g_param_spec_string ("external-id", NULL, NULL, NULL, RO);
  properties[PROP_PASSTHROUGH] = g_param_spec_string ("passthrough", NULL, NULL, NULL, RO);
  properties[PROP_UPLOAD_ID] = g_param_spec_string ("upload-id", NULL, NULL, NULL, RO);
  properties[PROP_LIVE_STREAM_ID] = g_param_spec_string ("live-stream-id", NULL, NULL, NULL, RO);
  properties[PROP_INGEST_TYPE] = g_param_spec_string ("ingest-type", NULL, NULL, NULL, RO);
  properties[PROP_IS_LIVE] = g_param_spec_boolean ("is-live", NULL, NULL, FALSE, RO);
  properties[PROP_TEST] = g_param_spec_boolean ("test", NULL, NULL, FALSE, RO);
  properties[PROP_ERROR_TYPE] = g_param_spec_string ("error-type", NULL, NULL, NULL, RO);
  properties[PROP_ERROR_MESSAGES] =
    g_param_spec_boxed ("error-messages", NULL, NULL, G_TYPE_STRV, RO);
  properties[PROP_PROGRESS_STATE] = g_param_spec_string ("progress-state", NULL, NULL, NULL, RO);
  /* Percent 0..100, or -1 when the API sent no progress. */
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, -1, G_MAXDOUBLE, -1, RO);
  /* A GListModel of MdPlaybackId: the same object for the asset's life. */
  properties[PROP_PLAYBACK_IDS] =
    g_param_spec_object ("playback-ids", NULL, NULL, G_TYPE_LIST_MODEL, RO);
  /* A GPtrArray of MdTrack. */
  properties[PROP_TRACKS] = g_param_spec_boxed ("tracks", NULL, NULL, G_TYPE_PTR_ARRAY, RO);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
md_asset_init (MdAsset *self)
{
  self->progress = -1;
  self->playback_ids = g_list_store_new (MD_TYPE_PLAYBACK_ID);
  self->tracks = g_ptr_array_new_with_free_func ((GDestroyNotify) md_track_free);
}

/**
 * md_asset_new_from_json:
 * @object: an Asset object as the API sends it (the contents of `data`)
 *
 * Unknown members are ignored and optional ones may be missing; a known
 * member of the wrong type fails the whole asset.
 *
 * Returns: (transfer full) (nullable): the asset, or %NULL with
 *   %MD_CLIENT_ERROR_BAD_RESPONSE
 */
MdAsset *
md_asset_new_from_json (JsonObject  *object,
                        GError     **error)
{
  g_return_val_if_fail (object != NULL, NULL);

  return _md_json_new_model (MD_TYPE_ASSET, (MdParseIntoFunc) parse_into, object, error);
}

/**
 * md_asset_update_from:
 * @self: the asset to update
 * @other: a newer copy of the same asset (same id)
 *
 * Copies @other's values into @self, notifying only what changed, so list
 * rows bound to @self update in place.
 */
void
md_asset_update_from (MdAsset *self,
                      MdAsset *other)
{
  g_return_if_fail (MD_IS_ASSET (self));
  g_return_if_fail (MD_IS_ASSET (other));
  g_return_if_fail (g_strcmp0 (self->id, other->id) == 0);

  g_object_freeze_notify (G_OBJECT (self));

  MD_SYNC_VALUE (created_at, PROP_CREATED_AT);
  MD_SYNC_VALUE (status, PROP_STATUS);
  MD_SYNC_VALUE (duration, PROP_DURATION);
  MD_SYNC_STR (aspect_ratio, PROP_ASPECT_RATIO);
  MD_SYNC_STR (resolution_tier, PROP_RESOLUTION_TIER);
  MD_SYNC_STR (max_resolution_tier, PROP_MAX_RESOLUTION_TIER);
  MD_SYNC_STR (max_stored_resolution, PROP_MAX_STORED_RESOLUTION);
  MD_SYNC_VALUE (video_quality, PROP_VIDEO_QUALITY);
  MD_SYNC_STR (title, PROP_TITLE);
  MD_SYNC_STR (creator_id, PROP_CREATOR_ID);
  MD_SYNC_STR (external_id, PROP_EXTERNAL_ID);
  MD_SYNC_STR (passthrough, PROP_PASSTHROUGH);
  MD_SYNC_STR (upload_id, PROP_UPLOAD_ID);
  MD_SYNC_STR (live_stream_id, PROP_LIVE_STREAM_ID);
  MD_SYNC_STR (ingest_type, PROP_INGEST_TYPE);
  MD_SYNC_VALUE (is_live, PROP_IS_LIVE);
  MD_SYNC_VALUE (test, PROP_TEST);
  MD_SYNC_STR (error_type, PROP_ERROR_TYPE);
  MD_SYNC_STR (progress_state, PROP_PROGRESS_STATE);
  MD_SYNC_VALUE (progress, PROP_PROGRESS);

  if (!_md_strv_equal0 ((const char *const *) self->error_messages,
                        (const char *const *) other->error_messages))
    {
      g_strfreev (self->error_messages);
      self->error_messages = g_strdupv (other->error_messages);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGES]);
    }

  if (!tracks_equal (self->tracks, other->tracks))
    {
      g_ptr_array_set_size (self->tracks, 0);
      for (guint i = 0; i < other->tracks->len; i++)
        g_ptr_array_add (self->tracks, md_track_copy (g_ptr_array_index (other->tracks, i)));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRACKS]);
    }

  _md_playback_ids_sync_store (self->playback_ids, other->playback_ids);

  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * md_asset_update_from_json:
 *
 * Parses @object completely first; only when it is a valid asset with the
 * same id is @self changed, so a bad answer never leaves it half-updated.
 */
gboolean
md_asset_update_from_json (MdAsset     *self,
                           JsonObject  *object,
                           GError     **error)
{
  g_return_val_if_fail (MD_IS_ASSET (self), FALSE);
  g_return_val_if_fail (object != NULL, FALSE);

  return _md_json_update_model (self, object, (MdObjectParseFunc) md_asset_new_from_json,
                                (MdModelGetIdFunc) md_asset_get_id,
                                (MdModelUpdateFunc) md_asset_update_from,
                                _("the answer describes another asset"), error);
}

#define GETTER(type, name, field, fallback) \
  type \
  md_asset_get_##name (MdAsset *self) \
  { \
    g_return_val_if_fail (MD_IS_ASSET (self), fallback); \
    return self->field; \
  }

GETTER (const char *, id, id, NULL)
GETTER (gint64, created_at, created_at, 0)
GETTER (MdAssetStatus, status, status, MD_ASSET_STATUS_UNKNOWN)
GETTER (double, duration, duration, 0)
GETTER (const char *, aspect_ratio, aspect_ratio, NULL)
GETTER (const char *, resolution_tier, resolution_tier, NULL)
GETTER (const char *, max_resolution_tier, max_resolution_tier, NULL)
GETTER (const char *, max_stored_resolution, max_stored_resolution, NULL)
GETTER (MdVideoQuality, video_quality, video_quality, MD_VIDEO_QUALITY_UNKNOWN)
GETTER (const char *, title, title, NULL)
GETTER (const char *, creator_id, creator_id, NULL)
GETTER (const char *, external_id, external_id, NULL)
GETTER (const char *, passthrough, passthrough, NULL)
GETTER (const char *, upload_id, upload_id, NULL)
GETTER (const char *, live_stream_id, live_stream_id, NULL)
GETTER (const char *, ingest_type, ingest_type, NULL)
GETTER (gboolean, is_live, is_live, FALSE)
GETTER (gboolean, test, test, FALSE)
GETTER (const char *, error_type, error_type, NULL)
GETTER (const char *, progress_state, progress_state, NULL)
GETTER (double, progress, progress, -1)
GETTER (GPtrArray *, tracks, tracks, NULL)

const char *const *
md_asset_get_error_messages (MdAsset *self)
{
  g_return_val_if_fail (MD_IS_ASSET (self), NULL);

  return (const char *const *) self->error_messages;
}

/**
 * md_asset_get_playback_ids:
 *
 * Returns: (transfer none): a #GListModel of #MdPlaybackId
 */
GListModel *
md_asset_get_playback_ids (MdAsset *self)
{
  g_return_val_if_fail (MD_IS_ASSET (self), NULL);

  return G_LIST_MODEL (self->playback_ids);
}

/**
 * md_asset_dup_created_at_date_time:
 *
 * Returns: (transfer full) (nullable): the creation time in local time, or
 *   %NULL if unknown
 */
GDateTime *
md_asset_dup_created_at_date_time (MdAsset *self)
{
  g_return_val_if_fail (MD_IS_ASSET (self), NULL);

  if (self->created_at <= 0)
    return NULL;

  return g_date_time_new_from_unix_local (self->created_at);
}

/**
 * md_asset_find_playback_id:
 * @policy: the policy wanted, or %MD_PLAYBACK_POLICY_UNKNOWN for any
 *
 * Returns: (transfer none) (nullable): the first playback ID with @policy
 */
MdPlaybackId *
md_asset_find_playback_id (MdAsset          *self,
                           MdPlaybackPolicy  policy)
{
  guint n;

  g_return_val_if_fail (MD_IS_ASSET (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->playback_ids));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MdPlaybackId) pid = g_list_model_get_item (G_LIST_MODEL (self->playback_ids), i);

      if (policy == MD_PLAYBACK_POLICY_UNKNOWN || md_playback_id_get_policy (pid) == policy)
        return pid; /* the store keeps it alive */
    }

  return NULL;
}

/**
 * md_asset_find_track:
 * @type: "video", "audio" or "text"
 *
 * Returns: (transfer none) (nullable): the first track of @type
 */
const MdTrack *
md_asset_find_track (MdAsset    *self,
                     const char *type)
{
  g_return_val_if_fail (MD_IS_ASSET (self), NULL);

  for (guint i = 0; i < self->tracks->len; i++)
    {
      const MdTrack *track = g_ptr_array_index (self->tracks, i);

      if (g_strcmp0 (track->type, type) == 0)
        return track;
    }

  return NULL;
}

/**
 * md_asset_list_new_from_json:
 * @root: a whole list answer, `{"data":[…],"next_cursor":…}`
 * @out_next_cursor: (out) (optional) (nullable): the cursor of the next
 *   page, %NULL on the last one
 *
 * Returns: (transfer full) (element-type MdAsset) (nullable): the assets,
 *   or %NULL with %MD_CLIENT_ERROR_BAD_RESPONSE
 */
GPtrArray *
md_asset_list_new_from_json (JsonNode  *root,
                             char     **out_next_cursor,
                             GError   **error)
{
  g_autoptr(GPtrArray) assets = NULL;
  g_autofree char *next_cursor = NULL;

  g_return_val_if_fail (root != NULL, NULL);

  assets = _md_json_parse_list (root, (MdObjectParseFunc) md_asset_new_from_json,
                                _("an asset is not an object"), error);
  if (assets == NULL)
    return NULL;

  if (!_md_json_read_string (json_node_get_object (root), "next_cursor", &next_cursor, error))
    return NULL;

  if (out_next_cursor != NULL)
    *out_next_cursor = next_cursor != NULL && next_cursor[0] != '\0' ? g_steal_pointer (&next_cursor) : NULL;

  return g_steal_pointer (&assets);
}
