/* md-live-stream.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-live-stream"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "md-live-stream.h"

#include "md-json-reader-private.h"
#include "md-mux-enumtypes.h"
#include "md-playback-id-private.h"

/* The stream key is a secret: it is deliberately not a property (so no
 * property dump or binding can leak it) and appears in no log. */
struct _MdLiveStream
{
  GObject             parent_instance;

  char               *id;
  gint64              created_at;
  MdLiveStreamStatus  status;
  char               *title;
  char               *passthrough;
  char               *latency_mode;
  char               *active_asset_id;
  char              **recent_asset_ids;
  gboolean            test;
  GListStore         *playback_ids;
  char               *stream_key;
};

G_DEFINE_FINAL_TYPE (MdLiveStream, md_live_stream, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_CREATED_AT,
  PROP_STATUS,
  PROP_TITLE,
  PROP_PASSTHROUGH,
  PROP_LATENCY_MODE,
  PROP_ACTIVE_ASSET_ID,
  PROP_RECENT_ASSET_IDS,
  PROP_TEST,
  PROP_PLAYBACK_IDS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
wipe_secret (char **secret)
{
  if (*secret != NULL)
    {
      explicit_bzero (*secret, strlen (*secret));
      g_clear_pointer (secret, g_free);
    }
}

static gboolean
parse_into (MdLiveStream  *self,
            JsonObject    *object,
            GError       **error)
{
  JsonObject *meta = NULL;
  int status = MD_LIVE_STREAM_STATUS_UNKNOWN;

  if (!_md_json_read_string (object, "id", &self->id, error) ||
      !_md_json_read_timestamp (object, "created_at", &self->created_at, error) ||
      !_md_json_read_enum (object, "status", MD_TYPE_LIVE_STREAM_STATUS, &status, error) ||
      !_md_json_read_string (object, "passthrough", &self->passthrough, error) ||
      !_md_json_read_string (object, "latency_mode", &self->latency_mode, error) ||
      !_md_json_read_string (object, "active_asset_id", &self->active_asset_id, error) ||
      !_md_json_read_strv (object, "recent_asset_ids", &self->recent_asset_ids, error) ||
      !_md_json_read_boolean (object, "test", &self->test, error) ||
      !_md_json_read_string (object, "stream_key", &self->stream_key, error) ||
      !_md_json_read_object (object, "meta", &meta, error))
    return FALSE;

  self->status = status;

  if (!_md_json_require_id (self->id, _("a live stream has no “id”"), error))
    return FALSE;

  if (meta != NULL && !_md_json_read_string (meta, "title", &self->title, error))
    return FALSE;

  if (!_md_playback_ids_read (self->playback_ids, object, "playback_ids", error))
    return FALSE;

  return TRUE;
}

static void
md_live_stream_finalize (GObject *object)
{
  MdLiveStream *self = (MdLiveStream *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->passthrough, g_free);
  g_clear_pointer (&self->latency_mode, g_free);
  g_clear_pointer (&self->active_asset_id, g_free);
  g_clear_pointer (&self->recent_asset_ids, g_strfreev);
  g_clear_object (&self->playback_ids);
  wipe_secret (&self->stream_key);

  G_OBJECT_CLASS (md_live_stream_parent_class)->finalize (object);
}

static void
md_live_stream_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  MdLiveStream *self = MD_LIVE_STREAM (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_CREATED_AT: g_value_set_int64 (value, self->created_at); break;
    case PROP_STATUS: g_value_set_enum (value, self->status); break;
    case PROP_TITLE: g_value_set_string (value, self->title); break;
    case PROP_PASSTHROUGH: g_value_set_string (value, self->passthrough); break;
    case PROP_LATENCY_MODE: g_value_set_string (value, self->latency_mode); break;
    case PROP_ACTIVE_ASSET_ID: g_value_set_string (value, self->active_asset_id); break;
    case PROP_RECENT_ASSET_IDS: g_value_set_boxed (value, self->recent_asset_ids); break;
    case PROP_TEST: g_value_set_boolean (value, self->test); break;
    case PROP_PLAYBACK_IDS: g_value_set_object (value, self->playback_ids); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define RO (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static void
md_live_stream_class_init (MdLiveStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = md_live_stream_finalize;
  object_class->get_property = md_live_stream_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, RO);
  properties[PROP_CREATED_AT] =
    g_param_spec_int64 ("created-at", NULL, NULL, G_MININT64, G_MAXINT64, 0, RO);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, MD_TYPE_LIVE_STREAM_STATUS,
                       MD_LIVE_STREAM_STATUS_UNKNOWN, RO);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, RO);
  properties[PROP_PASSTHROUGH] = g_param_spec_string ("passthrough", NULL, NULL, NULL, RO);
  properties[PROP_LATENCY_MODE] = g_param_spec_string ("latency-mode", NULL, NULL, NULL, RO);
  properties[PROP_ACTIVE_ASSET_ID] = g_param_spec_string ("active-asset-id", NULL, NULL, NULL, RO);
  properties[PROP_RECENT_ASSET_IDS] =
    g_param_spec_boxed ("recent-asset-ids", NULL, NULL, G_TYPE_STRV, RO);
  properties[PROP_TEST] = g_param_spec_boolean ("test", NULL, NULL, FALSE, RO);
  properties[PROP_PLAYBACK_IDS] =
    g_param_spec_object ("playback-ids", NULL, NULL, G_TYPE_LIST_MODEL, RO);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
md_live_stream_init (MdLiveStream *self)
{
  self->playback_ids = g_list_store_new (MD_TYPE_PLAYBACK_ID);
}

/**
 * md_live_stream_new_from_json:
 *
 * Returns: (transfer full) (nullable): the live stream, or %NULL with
 *   %MD_CLIENT_ERROR_BAD_RESPONSE
 */
MdLiveStream *
md_live_stream_new_from_json (JsonObject  *object,
                              GError     **error)
{
  g_return_val_if_fail (object != NULL, NULL);

  return _md_json_new_model (MD_TYPE_LIVE_STREAM, (MdParseIntoFunc) parse_into, object, error);
}

void
md_live_stream_update_from (MdLiveStream *self,
                            MdLiveStream *other)
{
  g_return_if_fail (MD_IS_LIVE_STREAM (self));
  g_return_if_fail (MD_IS_LIVE_STREAM (other));
  g_return_if_fail (g_strcmp0 (self->id, other->id) == 0);

  g_object_freeze_notify (G_OBJECT (self));

  MD_SYNC_VALUE (created_at, PROP_CREATED_AT);
  MD_SYNC_VALUE (status, PROP_STATUS);
  MD_SYNC_STR (title, PROP_TITLE);
  MD_SYNC_STR (passthrough, PROP_PASSTHROUGH);
  MD_SYNC_STR (latency_mode, PROP_LATENCY_MODE);
  MD_SYNC_STR (active_asset_id, PROP_ACTIVE_ASSET_ID);
  MD_SYNC_VALUE (test, PROP_TEST);

  if (!_md_strv_equal0 ((const char *const *) self->recent_asset_ids,
                        (const char *const *) other->recent_asset_ids))
    {
      g_strfreev (self->recent_asset_ids);
      self->recent_asset_ids = g_strdupv (other->recent_asset_ids);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECENT_ASSET_IDS]);
    }

  if (g_strcmp0 (self->stream_key, other->stream_key) != 0)
    {
      wipe_secret (&self->stream_key);
      self->stream_key = g_strdup (other->stream_key);
    }

  _md_playback_ids_sync_store (self->playback_ids, other->playback_ids);

  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
md_live_stream_update_from_json (MdLiveStream  *self,
                                 JsonObject    *object,
                                 GError       **error)
{
  g_return_val_if_fail (MD_IS_LIVE_STREAM (self), FALSE);

  return _md_json_update_model (self, object, (MdObjectParseFunc) md_live_stream_new_from_json,
                                (MdModelGetIdFunc) md_live_stream_get_id,
                                (MdModelUpdateFunc) md_live_stream_update_from,
                                _("the answer describes another live stream"), error);
}

#define GETTER(type, name, field, fallback) \
  type \
  md_live_stream_get_##name (MdLiveStream *self) \
  { \
    g_return_val_if_fail (MD_IS_LIVE_STREAM (self), fallback); \
    return self->field; \
  }

GETTER (const char *, id, id, NULL)
GETTER (gint64, created_at, created_at, 0)
GETTER (MdLiveStreamStatus, status, status, MD_LIVE_STREAM_STATUS_UNKNOWN)
GETTER (const char *, title, title, NULL)
GETTER (const char *, passthrough, passthrough, NULL)
GETTER (const char *, latency_mode, latency_mode, NULL)
GETTER (const char *, active_asset_id, active_asset_id, NULL)
GETTER (gboolean, test, test, FALSE)

const char *const *
md_live_stream_get_recent_asset_ids (MdLiveStream *self)
{
  g_return_val_if_fail (MD_IS_LIVE_STREAM (self), NULL);

  return (const char *const *) self->recent_asset_ids;
}

/**
 * md_live_stream_get_playback_ids:
 *
 * Returns: (transfer none): a #GListModel of #MdPlaybackId
 */
GListModel *
md_live_stream_get_playback_ids (MdLiveStream *self)
{
  g_return_val_if_fail (MD_IS_LIVE_STREAM (self), NULL);

  return G_LIST_MODEL (self->playback_ids);
}

/**
 * md_live_stream_get_stream_key:
 *
 * The key an encoder needs to go live. A secret: show it only when the user
 * asks, never log it.
 *
 * Returns: (nullable): the stream key
 */
const char *
md_live_stream_get_stream_key (MdLiveStream *self)
{
  g_return_val_if_fail (MD_IS_LIVE_STREAM (self), NULL);

  return self->stream_key;
}

/**
 * md_live_stream_list_new_from_json:
 *
 * Returns: (transfer full) (element-type MdLiveStream) (nullable): the live
 *   streams of one page, or %NULL with %MD_CLIENT_ERROR_BAD_RESPONSE
 */
GPtrArray *
md_live_stream_list_new_from_json (JsonNode  *root,
                                   GError   **error)
{
  g_return_val_if_fail (root != NULL, NULL);

  return _md_json_parse_list (root, (MdObjectParseFunc) md_live_stream_new_from_json,
                              _("a live stream is not an object"), error);
}
