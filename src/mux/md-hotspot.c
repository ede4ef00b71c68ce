/* md-hotspot.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-hotspot"

#include "config.h"

#include <glib/gi18n.h>

#include "md-hotspot.h"

#include "md-engagement-private.h"
#include "md-json-private.h"

/* A stretch [start_ms, end_ms) of the content and how hot it is (0..1). */
struct _MdHotspot
{
  GObject  parent_instance;

  gint64   start_ms;
  gint64   end_ms;
  double   score;
};

G_DEFINE_FINAL_TYPE (MdHotspot, md_hotspot, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_START_MS,
  PROP_END_MS,
  PROP_SCORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
md_hotspot_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  MdHotspot *self = MD_HOTSPOT (object);

  switch (prop_id)
    {
    case PROP_START_MS: g_value_set_int64 (value, self->start_ms); break;
    case PROP_END_MS: g_value_set_int64 (value, self->end_ms); break;
    case PROP_SCORE: g_value_set_double (value, self->score); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define RO (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static void
md_hotspot_class_init (MdHotspotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = md_hotspot_get_property;

  properties[PROP_START_MS] = g_param_spec_int64 ("start-ms", NULL, NULL, 0, G_MAXINT64, 0, RO);
  /* Exclusive. */
  properties[PROP_END_MS] = g_param_spec_int64 ("end-ms", NULL, NULL, 0, G_MAXINT64, 0, RO);
  properties[PROP_SCORE] = g_param_spec_double ("score", NULL, NULL, 0, 1, 0, RO);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
md_hotspot_init (MdHotspot *self)
{
}

/**
 * md_hotspot_new_from_json:
 *
 * Returns: (transfer full) (nullable): the hotspot, or %NULL with
 *   %MD_CLIENT_ERROR_BAD_RESPONSE (also for a negative or reversed span)
 */
MdHotspot *
md_hotspot_new_from_json (JsonObject  *object,
                          GError     **error)
{
  g_autoptr(MdHotspot) self = NULL;
  gint64 start_ms = -1;
  gint64 end_ms = -1;
  double score = 0;

  g_return_val_if_fail (object != NULL, NULL);

  if (!_md_json_read_int64 (object, "start_ms", &start_ms, error) ||
      !_md_json_read_int64 (object, "end_ms", &end_ms, error) ||
      !_md_json_read_double (object, "score", &score, error))
    return NULL;

  if (start_ms < 0 || end_ms < start_ms)
    {
      _md_json_bad_response (error, _("a hotspot has no valid time span"));
      return NULL;
    }

  self = g_object_new (MD_TYPE_HOTSPOT, NULL);
  self->start_ms = start_ms;
  self->end_ms = end_ms;
  self->score = CLAMP (score, 0.0, 1.0);
  return g_steal_pointer (&self);
}

/**
 * md_hotspot_list_new_from_json:
 * @root: the whole answer of a `…/hotspots` request
 * @out_total_views: (out) (optional): the views the hotspots come from
 *
 * Returns: (transfer full) (nullable): a #GListModel of #MdHotspot in the
 *   answer's order (possibly empty), or %NULL with
 *   %MD_CLIENT_ERROR_BAD_RESPONSE
 */
GListModel *
md_hotspot_list_new_from_json (JsonNode  *root,
                               gint64    *out_total_views,
                               GError   **error)
{
  g_autoptr(GListStore) store = NULL;
  JsonObject *data;
  JsonArray *hotspots;
  gint64 total_views = 0;
  guint n;

  g_return_val_if_fail (root != NULL, NULL);

  data = _md_engagement_data_object (root, error);
  if (data == NULL)
    return NULL;

  if (!_md_json_read_int64 (data, "total_views", &total_views, error) ||
      !_md_json_read_array (data, "hotspots", &hotspots, error))
    return NULL;

  store = g_list_store_new (MD_TYPE_HOTSPOT);
  n = hotspots != NULL ? json_array_get_length (hotspots) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MdHotspot) hotspot = NULL;
      JsonObject *element;

      element = _md_json_node_object (json_array_get_element (hotspots, i),
                                      _("a hotspot is not an object"), error);
      if (element == NULL)
        return NULL;

      hotspot = md_hotspot_new_from_json (element, error);
      if (hotspot == NULL)
        return NULL;
      g_list_store_append (store, hotspot);
    }

  if (out_total_views != NULL)
    *out_total_views = total_views;

  return G_LIST_MODEL (g_steal_pointer (&store));
}

gint64
md_hotspot_get_start_ms (MdHotspot *self)
{
  g_return_val_if_fail (MD_IS_HOTSPOT (self), 0);

  return self->start_ms;
}

gint64
md_hotspot_get_end_ms (MdHotspot *self)
{
  g_return_val_if_fail (MD_IS_HOTSPOT (self), 0);

  return self->end_ms;
}

double
md_hotspot_get_score (MdHotspot *self)
{
  g_return_val_if_fail (MD_IS_HOTSPOT (self), 0);

  return self->score;
}
