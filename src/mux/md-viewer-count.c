/* md-viewer-count.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-viewer-count"

#include "config.h"

#include <glib/gi18n.h>

#include "md-viewer-count.h"

#include "md-engagement-private.h"
#include "md-json-private.h"

/* Current views and unique viewers from the Engagement Counts API. */
struct _MdViewerCount
{
  GObject  parent_instance;

  gint64   views;
  gint64   viewers;
  gint64   updated_at;
};

G_DEFINE_FINAL_TYPE (MdViewerCount, md_viewer_count, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_VIEWS,
  PROP_VIEWERS,
  PROP_UPDATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
md_viewer_count_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  MdViewerCount *self = MD_VIEWER_COUNT (object);

  switch (prop_id)
    {
    case PROP_VIEWS: g_value_set_int64 (value, self->views); break;
    case PROP_VIEWERS: g_value_set_int64 (value, self->viewers); break;
    case PROP_UPDATED_AT: g_value_set_int64 (value, self->updated_at); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define RO (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static void
md_viewer_count_class_init (MdViewerCountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = md_viewer_count_get_property;

  properties[PROP_VIEWS] = g_param_spec_int64 ("views", NULL, NULL, 0, G_MAXINT64, 0, RO);
  properties[PROP_VIEWERS] = g_param_spec_int64 ("viewers", NULL, NULL, 0, G_MAXINT64, 0, RO);
  /* Unix seconds; 0 when not given. */
  properties[PROP_UPDATED_AT] =
    g_param_spec_int64 ("updated-at", NULL, NULL, G_MININT64, G_MAXINT64, 0, RO);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
md_viewer_count_init (MdViewerCount *self)
{
}

/**
 * md_viewer_count_new_from_json:
 * @root: the whole answer of `{stats}/counts`
 *
 * Returns: (transfer full) (nullable): the counts, or %NULL with
 *   %MD_CLIENT_ERROR_BAD_RESPONSE
 */
MdViewerCount *
md_viewer_count_new_from_json (JsonNode  *root,
                               GError   **error)
{
  g_autoptr(MdViewerCount) self = NULL;
  g_autofree char *updated_at = NULL;
  JsonNode *data;
  JsonObject *object;

  g_return_val_if_fail (root != NULL, NULL);

  data = _md_json_get_data (root, error);
  if (data == NULL)
    return NULL;

  /* `data` is a list of one; an empty list means nobody is watching. */
  if (JSON_NODE_HOLDS_ARRAY (data) && json_array_get_length (json_node_get_array (data)) == 0)
    return g_object_new (MD_TYPE_VIEWER_COUNT, NULL);

  object = _md_engagement_data_object (root, error);
  if (object == NULL)
    return NULL;

  self = g_object_new (MD_TYPE_VIEWER_COUNT, NULL);
  if (!_md_json_read_int64 (object, "views", &self->views, error) ||
      !_md_json_read_int64 (object, "viewers", &self->viewers, error) ||
      !_md_json_read_string (object, "updated_at", &updated_at, error))
    return NULL;

  if (self->views < 0 || self->viewers < 0)
    {
      _md_json_bad_response (error, _("a count is negative"));
      return NULL;
    }

  if (updated_at != NULL)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (updated_at, NULL);

      if (when == NULL)
        {
          _md_json_bad_response (error, _("“updated_at” is not a time"));
          return NULL;
        }
      self->updated_at = g_date_time_to_unix (when);
    }

  return g_steal_pointer (&self);
}

gint64
md_viewer_count_get_views (MdViewerCount *self)
{
  g_return_val_if_fail (MD_IS_VIEWER_COUNT (self), 0);

  return self->views;
}

gint64
md_viewer_count_get_viewers (MdViewerCount *self)
{
  g_return_val_if_fail (MD_IS_VIEWER_COUNT (self), 0);

  return self->viewers;
}

gint64
md_viewer_count_get_updated_at (MdViewerCount *self)
{
  g_return_val_if_fail (MD_IS_VIEWER_COUNT (self), 0);

  return self->updated_at;
}
