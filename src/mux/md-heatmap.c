/* md-heatmap.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-heatmap"

#include "config.h"

#include <glib/gi18n.h>

#include "md-heatmap.h"

#include "md-engagement-private.h"
#include "md-json-private.h"

/* Bucket i covers [i, i+1) * duration / n_buckets of the content. */
struct _MdHeatmap
{
  GObject  parent_instance;

  gint64   total_views;
  gint64   timeframe_start;
  gint64   timeframe_end;
  GArray  *values;
  double   max_value;
};

G_DEFINE_FINAL_TYPE (MdHeatmap, md_heatmap, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TOTAL_VIEWS,
  PROP_N_BUCKETS,
  PROP_MAX_VALUE,
  PROP_TIMEFRAME_START,
  PROP_TIMEFRAME_END,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A heatmap has 10 to 1000 buckets; allow head-room, refuse absurdity. */
#define MAX_BUCKETS 100000

JsonObject *
_md_engagement_data_object (JsonNode  *root,
                            GError   **error)
{
  JsonNode *data = _md_json_get_data (root, error);

  if (data == NULL)
    return NULL;

  if (JSON_NODE_HOLDS_ARRAY (data) && json_array_get_length (json_node_get_array (data)) == 1)
    data = json_array_get_element (json_node_get_array (data), 0);

  return _md_json_node_object (data, _("“data” is not an object"), error);
}

static gboolean
read_epoch (JsonNode *node,
            gint64   *out)
{
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_INT64)
        {
          *out = json_node_get_int (node);
          return TRUE;
        }
      if (type == G_TYPE_DOUBLE)
        {
          double value = json_node_get_double (node);

          if (!(value >= -9.0e15 && value <= 9.0e15))
            return FALSE;
          *out = (gint64) value;
          return TRUE;
        }
      if (type == G_TYPE_STRING)
        return g_ascii_string_to_signed (json_node_get_string (node), 10, 0, G_MAXINT64, out, NULL);
    }

  return FALSE;
}

gboolean
_md_engagement_timeframe (JsonNode  *root,
                          gint64    *start,
                          gint64    *end,
                          GError   **error)
{
  JsonArray *timeframe;

  if (!_md_json_read_array (json_node_get_object (root), "timeframe", &timeframe, error))
    return FALSE;

  if (timeframe == NULL)
    return TRUE;

  if (json_array_get_length (timeframe) != 2 ||
      !read_epoch (json_array_get_element (timeframe, 0), start) ||
      !read_epoch (json_array_get_element (timeframe, 1), end))
    {
      _md_json_bad_response (error, _("“timeframe” is not two times"));
      return FALSE;
    }

  return TRUE;
}

static void
md_heatmap_finalize (GObject *object)
{
  MdHeatmap *self = (MdHeatmap *)object;

  g_clear_pointer (&self->values, g_array_unref);

  G_OBJECT_CLASS (md_heatmap_parent_class)->finalize (object);
}

static void
md_heatmap_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  MdHeatmap *self = MD_HEATMAP (object);

  switch (prop_id)
    {
    case PROP_TOTAL_VIEWS: g_value_set_int64 (value, self->total_views); break;
    case PROP_N_BUCKETS: g_value_set_uint (value, self->values->len); break;
    case PROP_MAX_VALUE: g_value_set_double (value, self->max_value); break;
    case PROP_TIMEFRAME_START: g_value_set_int64 (value, self->timeframe_start); break;
    case PROP_TIMEFRAME_END: g_value_set_int64 (value, self->timeframe_end); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define RO (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static void
md_heatmap_class_init (MdHeatmapClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = md_heatmap_finalize;
  object_class->get_property = md_heatmap_get_property;

  properties[PROP_TOTAL_VIEWS] =
    g_param_spec_int64 ("total-views", NULL, NULL, 0, G_MAXINT64, 0, RO);
  properties[PROP_N_BUCKETS] = g_param_spec_uint ("n-buckets", NULL, NULL, 0, G_MAXUINT, 0, RO);
  properties[PROP_MAX_VALUE] =
    g_param_spec_double ("max-value", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, RO);
  /* Unix seconds the figures cover; 0 when not given. */
  properties[PROP_TIMEFRAME_START] =
    g_param_spec_int64 ("timeframe-start", NULL, NULL, G_MININT64, G_MAXINT64, 0, RO);
  properties[PROP_TIMEFRAME_END] =
    g_param_spec_int64 ("timeframe-end", NULL, NULL, G_MININT64, G_MAXINT64, 0, RO);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
md_heatmap_init (MdHeatmap *self)
{
  self->values = g_array_new (FALSE, FALSE, sizeof (double));
}

/**
 * md_heatmap_new_from_json:
 * @root: the whole answer of a `…/heatmap` request
 *
 * Returns: (transfer full) (nullable): the heatmap, or %NULL with
 *   %MD_CLIENT_ERROR_BAD_RESPONSE
 */
MdHeatmap *
md_heatmap_new_from_json (JsonNode  *root,
                          GError   **error)
{
  g_autoptr(MdHeatmap) self = NULL;
  JsonObject *data;
  JsonArray *values;
  guint n;

  g_return_val_if_fail (root != NULL, NULL);

  data = _md_engagement_data_object (root, error);
  if (data == NULL)
    return NULL;

  self = g_object_new (MD_TYPE_HEATMAP, NULL);
  if (!_md_engagement_timeframe (root, &self->timeframe_start, &self->timeframe_end, error) ||
      !_md_json_read_int64 (data, "total_views", &self->total_views, error) ||
      !_md_json_read_array (data, "value", &values, error))
    return NULL;

  if (values == NULL && !_md_json_read_array (data, "values", &values, error))
    return NULL;

  n = values != NULL ? json_array_get_length (values) : 0;
  if (n > MAX_BUCKETS)
    {
      _md_json_bad_response (error, _("the heatmap has too many buckets"));
      return NULL;
    }

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (values, i);
      double value;

      if (!JSON_NODE_HOLDS_VALUE (element) ||
          (json_node_get_value_type (element) != G_TYPE_DOUBLE &&
           json_node_get_value_type (element) != G_TYPE_INT64))
        {
          _md_json_bad_response (error, _("a heatmap value is not a number"));
          return NULL;
        }

      value = json_node_get_double (element);
      g_array_append_val (self->values, value);
      if (i == 0 || value > self->max_value)
        self->max_value = value;
    }

  return g_steal_pointer (&self);
}

gint64
md_heatmap_get_total_views (MdHeatmap *self)
{
  g_return_val_if_fail (MD_IS_HEATMAP (self), 0);

  return self->total_views;
}

guint
md_heatmap_get_n_buckets (MdHeatmap *self)
{
  g_return_val_if_fail (MD_IS_HEATMAP (self), 0);

  return self->values->len;
}

/**
 * md_heatmap_get_values:
 * @n_values: (out): the number of buckets
 *
 * Returns: (array length=n_values) (transfer none): the bucket values
 */
const double *
md_heatmap_get_values (MdHeatmap *self,
                       guint     *n_values)
{
  g_return_val_if_fail (MD_IS_HEATMAP (self), NULL);

  if (n_values != NULL)
    *n_values = self->values->len;

  return (const double *) (gpointer) self->values->data;
}

double
md_heatmap_get_max_value (MdHeatmap *self)
{
  g_return_val_if_fail (MD_IS_HEATMAP (self), 0);

  return self->max_value;
}

gint64
md_heatmap_get_timeframe_start (MdHeatmap *self)
{
  g_return_val_if_fail (MD_IS_HEATMAP (self), 0);

  return self->timeframe_start;
}

gint64
md_heatmap_get_timeframe_end (MdHeatmap *self)
{
  g_return_val_if_fail (MD_IS_HEATMAP (self), 0);

  return self->timeframe_end;
}
