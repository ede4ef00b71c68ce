/* md-upload.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-upload"

#include "config.h"

#include <glib/gi18n.h>

#include "md-upload.h"

#include "md-json-reader-private.h"
#include "md-mux-enumtypes.h"

struct _MdUpload
{
  GObject         parent_instance;

  char           *id;
  char           *url;
  MdUploadStatus  status;
  gint64          timeout;
  char           *cors_origin;
  char           *asset_id;
  char           *error_type;
  char           *error_message;
  gboolean        test;
};

G_DEFINE_FINAL_TYPE (MdUpload, md_upload, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_URL,
  PROP_STATUS,
  PROP_TIMEOUT,
  PROP_CORS_ORIGIN,
  PROP_ASSET_ID,
  PROP_ERROR_TYPE,
  PROP_ERROR_MESSAGE,
  PROP_TEST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
parse_into (MdUpload    *self,
            JsonObject  *object,
            GError     **error)
{
  JsonObject *upload_error = NULL;
  int status = MD_UPLOAD_STATUS_UNKNOWN;

  if (!_md_json_read_string (object, "id", &self->id, error) ||
      !_md_json_read_string (object, "url", &self->url, error) ||
      !_md_json_read_enum (object, "status", MD_TYPE_UPLOAD_STATUS, &status, error) ||
      !_md_json_read_int64 (object, "timeout", &self->timeout, error) ||
      !_md_json_read_string (object, "cors_origin", &self->cors_origin, error) ||
      !_md_json_read_string (object, "asset_id", &self->asset_id, error) ||
      !_md_json_read_boolean (object, "test", &self->test, error) ||
      !_md_json_read_object (object, "error", &upload_error, error))
    return FALSE;

  self->status = status;

  if (!_md_json_require_id (self->id, _("an upload has no “id”"), error))
    return FALSE;

  /* An upload's error has a singular "message" (an asset's has "messages"). */
  if (upload_error != NULL &&
      (!_md_json_read_string (upload_error, "type", &self->error_type, error) ||
       !_md_json_read_string (upload_error, "message", &self->error_message, error)))
    return FALSE;

  return TRUE;
}

static void
md_upload_finalize (GObject *object)
{
  MdUpload *self = (MdUpload *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->cors_origin, g_free);
  g_clear_pointer (&self->asset_id, g_free);
  g_clear_pointer (&self->error_type, g_free);
  g_clear_pointer (&self->error_message, g_free);

  G_OBJECT_CLASS (md_upload_parent_class)->finalize (object);
}

static void
md_upload_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  MdUpload *self = MD_UPLOAD (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_URL: g_value_set_string (value, self->url); break;
    case PROP_STATUS: g_value_set_enum (value, self->status); break;
    case PROP_TIMEOUT: g_value_set_int64 (value, self->timeout); break;
    case PROP_CORS_ORIGIN: g_value_set_string (value, self->cors_origin); break;
    case PROP_ASSET_ID: g_value_set_string (value, self->asset_id); break;
    case PROP_ERROR_TYPE: g_value_set_string (value, self->error_type); break;
    case PROP_ERROR_MESSAGE: g_value_set_string (value, self->error_message); break;
    case PROP_TEST: g_value_set_boolean (value, self->test); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define RO (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static void
md_upload_class_init (MdUploadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = md_upload_finalize;
  object_class->get_property = md_upload_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, RO);
  /* Where the file goes (PUT); only while the upload is waiting. */
  properties[PROP_URL] = g_param_spec_string ("url", NULL, NULL, NULL, RO);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, MD_TYPE_UPLOAD_STATUS, MD_UPLOAD_STATUS_UNKNOWN, RO);
  /* Seconds the upload URL stays valid. */
  properties[PROP_TIMEOUT] = g_param_spec_int64 ("timeout", NULL, NULL, 0, G_MAXINT64, 0, RO);
  properties[PROP_CORS_ORIGIN] = g_param_spec_string ("cors-origin", NULL, NULL, NULL, RO);
  properties[PROP_ASSET_ID] = g_param_spec_string ("asset-id", NULL, NULL, NULL, RO);
  properties[PROP_ERROR_TYPE] = g_param_spec_string ("error-type", NULL, NULL, NULL, RO);
  properties[PROP_ERROR_MESSAGE] = g_param_spec_string ("error-message", NULL, NULL, NULL, RO);
  properties[PROP_TEST] = g_param_spec_boolean ("test", NULL, NULL, FALSE, RO);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
md_upload_init (MdUpload *self)
{
}

/**
 * md_upload_new_from_json:
 *
 * Returns: (transfer full) (nullable): the upload, or %NULL with
 *   %MD_CLIENT_ERROR_BAD_RESPONSE
 */
MdUpload *
md_upload_new_from_json (JsonObject  *object,
                         GError     **error)
{
  g_return_val_if_fail (object != NULL, NULL);

  return _md_json_new_model (MD_TYPE_UPLOAD, (MdParseIntoFunc) parse_into, object, error);
}

void
md_upload_update_from (MdUpload *self,
                       MdUpload *other)
{
  g_return_if_fail (MD_IS_UPLOAD (self));
  g_return_if_fail (MD_IS_UPLOAD (other));
  g_return_if_fail (g_strcmp0 (self->id, other->id) == 0);

  g_object_freeze_notify (G_OBJECT (self));
  MD_SYNC_STR (url, PROP_URL);
  MD_SYNC_VALUE (status, PROP_STATUS);
  MD_SYNC_VALUE (timeout, PROP_TIMEOUT);
  MD_SYNC_STR (cors_origin, PROP_CORS_ORIGIN);
  MD_SYNC_STR (asset_id, PROP_ASSET_ID);
  MD_SYNC_STR (error_type, PROP_ERROR_TYPE);
  MD_SYNC_STR (error_message, PROP_ERROR_MESSAGE);
  MD_SYNC_VALUE (test, PROP_TEST);
  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
md_upload_update_from_json (MdUpload    *self,
                            JsonObject  *object,
                            GError     **error)
{
  g_return_val_if_fail (MD_IS_UPLOAD (self), FALSE);

  return _md_json_update_model (self, object, (MdObjectParseFunc) md_upload_new_from_json,
                                (MdModelGetIdFunc) md_upload_get_id,
                                (MdModelUpdateFunc) md_upload_update_from,
                                _("the answer describes another upload"), error);
}

#define GETTER(type, name, field, fallback) \
  type \
  md_upload_get_##name (MdUpload *self) \
  { \
    g_return_val_if_fail (MD_IS_UPLOAD (self), fallback); \
    return self->field; \
  }

GETTER (const char *, id, id, NULL)
GETTER (const char *, url, url, NULL)
GETTER (MdUploadStatus, status, status, MD_UPLOAD_STATUS_UNKNOWN)
GETTER (gint64, timeout, timeout, 0)
GETTER (const char *, cors_origin, cors_origin, NULL)
GETTER (const char *, asset_id, asset_id, NULL)
GETTER (const char *, error_type, error_type, NULL)
GETTER (const char *, error_message, error_message, NULL)
GETTER (gboolean, test, test, FALSE)
