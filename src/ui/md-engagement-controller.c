/* md-engagement-controller.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-engagement-controller"

#include "config.h"

#include "md-engagement-controller.h"
#include "md-timeline-heatmap-layer.h"
#include "md-timeline-hotspot-layer.h"

/* Fetches an asset's engagement heatmap and hotspots for the chosen
 * identifier and timeframe and feeds them to the timeline's heatmap and
 * hotspot layers. Fetches are cancelled when the choice changes and cached
 * per (id, timeframe, order) on the client for a few minutes, so reopening
 * a video or toggling back is instant and within Mux's Data API pace. It
 * never waits on anything playback needs. */
struct _MdEngagementController
{
  GObject          parent_instance;

  MdClient        *client;
  MdTimeline      *timeline;          /* weak */
  MdTimelineLayer *heatmap_layer;
  MdTimelineLayer *hotspot_layer;
  GCancellable    *cancellable;

  MdEngagementKind kind;
  char            *id;
  char            *timeframe;
  guint            limit;
  gboolean         cold;

  MdHeatmap       *heatmap;
  GListModel      *hotspots;
  gint64           total_views;
  char            *error;
  guint            pending;
};

G_DEFINE_FINAL_TYPE (MdEngagementController, md_engagement_controller, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LOADING,
  PROP_ERROR,
  PROP_HEATMAP,
  PROP_HOTSPOTS,
  PROP_TOTAL_VIEWS,
  PROP_COLD,
  PROP_TIMEFRAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define CACHE_KEY "md-engagement-cache"
#define CACHE_TTL_USEC (3 * G_TIME_SPAN_MINUTE)
#define DEFAULT_LIMIT 5

typedef struct
{
  GObject *value;         /* MdHeatmap or GListModel of MdHotspot */
  gint64   total_views;
  gint64   fetched_at;    /* monotonic */
} CacheEntry;

static void
cache_entry_free (CacheEntry *entry)
{
  g_clear_object (&entry->value);
  g_free (entry);
}

static GHashTable *
get_cache (MdClient *client)
{
  GHashTable *cache = g_object_get_data (G_OBJECT (client), CACHE_KEY);

  if (cache == NULL)
    {
      cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) cache_entry_free);
      g_object_set_data_full (G_OBJECT (client), CACHE_KEY, cache, (GDestroyNotify) g_hash_table_unref);
    }

  return cache;
}

static char *
cache_key (MdEngagementController *self,
           const char             *what)
{
  return g_strdup_printf ("%s\x1f%d\x1f%s\x1f%s\x1f%d\x1f%u", what, self->kind, self->id,
                          self->timeframe, self->cold, self->limit);
}

static CacheEntry *
cache_lookup (MdEngagementController *self,
              const char             *key)
{
  CacheEntry *entry = g_hash_table_lookup (get_cache (self->client), key);

  if (entry != NULL && g_get_monotonic_time () - entry->fetched_at > CACHE_TTL_USEC)
    {
      g_hash_table_remove (get_cache (self->client), key);
      return NULL;
    }

  return entry;
}

static void
cache_store (MdEngagementController *self,
             char                   *key,
             GObject                *value,
             gint64                  total_views)
{
  CacheEntry *entry = g_new0 (CacheEntry, 1);

  entry->value = g_object_ref (value);
  entry->total_views = total_views;
  entry->fetched_at = g_get_monotonic_time ();
  g_hash_table_replace (get_cache (self->client), key, entry);
}

static void
set_error (MdEngagementController *self,
           const char             *message)
{
  if (g_strcmp0 (self->error, message) == 0)
    return;

  g_free (self->error);
  self->error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
set_pending (MdEngagementController *self,
             guint                   pending)
{
  gboolean was_loading = self->pending > 0;

  self->pending = pending;
  if (was_loading != (pending > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
apply_heatmap (MdEngagementController *self,
               MdHeatmap              *heatmap)
{
  const double *values = NULL;
  guint n = 0;

  g_set_object (&self->heatmap, heatmap);
  if (heatmap != NULL)
    values = md_heatmap_get_values (heatmap, &n);
  md_timeline_heatmap_layer_set_values (MD_TIMELINE_HEATMAP_LAYER (self->heatmap_layer), values, n,
                                        heatmap != NULL ? md_heatmap_get_total_views (heatmap) : 0);
  if (heatmap != NULL && self->total_views != md_heatmap_get_total_views (heatmap))
    {
      self->total_views = md_heatmap_get_total_views (heatmap);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL_VIEWS]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEATMAP]);
}

static void
apply_hotspots (MdEngagementController *self,
                GListModel             *hotspots)
{
  g_set_object (&self->hotspots, hotspots);
  md_timeline_hotspot_layer_set_hotspots (MD_TIMELINE_HOTSPOT_LAYER (self->hotspot_layer), hotspots, self->cold);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOTSPOTS]);
}

static void
on_heatmap_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(MdEngagementController) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MdHeatmap) heatmap = NULL;

  heatmap = md_client_get_heatmap_finish (MD_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (heatmap == NULL)
    set_error (self, error->message);
  else
    {
      cache_store (self, cache_key (self, "heatmap"), G_OBJECT (heatmap), md_heatmap_get_total_views (heatmap));
      apply_heatmap (self, heatmap);
    }
  set_pending (self, self->pending - 1);
}

static void
on_hotspots_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(MdEngagementController) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) hotspots = NULL;
  gint64 total_views = 0;

  hotspots = md_client_get_hotspots_finish (MD_CLIENT (object), result, &total_views, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (hotspots == NULL)
    set_error (self, error->message);
  else
    {
      cache_store (self, cache_key (self, "hotspots"), G_OBJECT (hotspots), total_views);
      apply_hotspots (self, hotspots);
    }
  set_pending (self, self->pending - 1);
}

static void
md_engagement_controller_dispose (GObject *object)
{
  MdEngagementController *self = MD_ENGAGEMENT_CONTROLLER (object);

  md_engagement_controller_detach (self);
  g_clear_object (&self->client);
  g_clear_object (&self->heatmap_layer);
  g_clear_object (&self->hotspot_layer);
  g_clear_object (&self->heatmap);
  g_clear_object (&self->hotspots);

  G_OBJECT_CLASS (md_engagement_controller_parent_class)->dispose (object);
}

static void
md_engagement_controller_finalize (GObject *object)
{
  MdEngagementController *self = MD_ENGAGEMENT_CONTROLLER (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->timeframe, g_free);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (md_engagement_controller_parent_class)->finalize (object);
}

static void
md_engagement_controller_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  MdEngagementController *self = MD_ENGAGEMENT_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, md_engagement_controller_get_loading (self));
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    case PROP_HEATMAP:
      g_value_set_object (value, self->heatmap);
      break;
    case PROP_HOTSPOTS:
      g_value_set_object (value, self->hotspots);
      break;
    case PROP_TOTAL_VIEWS:
      g_value_set_int64 (value, self->total_views);
      break;
    case PROP_COLD:
      g_value_set_boolean (value, self->cold);
      break;
    case PROP_TIMEFRAME:
      g_value_set_string (value, self->timeframe);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_engagement_controller_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  MdEngagementController *self = MD_ENGAGEMENT_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_COLD:
      md_engagement_controller_set_cold (self, g_value_get_boolean (value));
      break;
    case PROP_TIMEFRAME:
      md_engagement_controller_set_timeframe (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_engagement_controller_class_init (MdEngagementControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = md_engagement_controller_dispose;
  object_class->finalize = md_engagement_controller_finalize;
  object_class->get_property = md_engagement_controller_get_property;
  object_class->set_property = md_engagement_controller_set_property;

  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE, ro);
  properties[PROP_ERROR] = g_param_spec_string ("error", NULL, NULL, NULL, ro);
  properties[PROP_HEATMAP] = g_param_spec_object ("heatmap", NULL, NULL, MD_TYPE_HEATMAP, ro);
  properties[PROP_HOTSPOTS] = g_param_spec_object ("hotspots", NULL, NULL, G_TYPE_LIST_MODEL, ro);
  properties[PROP_TOTAL_VIEWS] = g_param_spec_int64 ("total-views", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_COLD] = g_param_spec_boolean ("cold", NULL, NULL, FALSE, rw);
  properties[PROP_TIMEFRAME] = g_param_spec_string ("timeframe", NULL, NULL, MD_ENGAGEMENT_TIMEFRAME_WEEK, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
md_engagement_controller_init (MdEngagementController *self)
{
  self->heatmap_layer = md_timeline_heatmap_layer_new ();
  self->hotspot_layer = md_timeline_hotspot_layer_new ();
  self->timeframe = g_strdup (MD_ENGAGEMENT_TIMEFRAME_WEEK);
  self->limit = DEFAULT_LIMIT;
}

/**
 * md_engagement_controller_new:
 * @timeline: where the heatmap and hotspot layers are added
 */
MdEngagementController *
md_engagement_controller_new (MdClient   *client,
                              MdTimeline *timeline)
{
  MdEngagementController *self;

  g_return_val_if_fail (MD_IS_CLIENT (client), NULL);
  g_return_val_if_fail (MD_IS_TIMELINE (timeline), NULL);

  self = g_object_new (MD_TYPE_ENGAGEMENT_CONTROLLER, NULL);
  self->client = g_object_ref (client);
  g_set_weak_pointer (&self->timeline, timeline);
  md_timeline_add_overlay (timeline, self->heatmap_layer);
  md_timeline_add_overlay (timeline, self->hotspot_layer);

  return self;
}

/**
 * md_engagement_controller_detach:
 *
 * Removes the layers from the timeline and cancels any fetch.
 */
void
md_engagement_controller_detach (MdEngagementController *self)
{
  g_return_if_fail (MD_IS_ENGAGEMENT_CONTROLLER (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->timeline != NULL)
    {
      md_timeline_remove_layer (self->timeline, self->heatmap_layer);
      md_timeline_remove_layer (self->timeline, self->hotspot_layer);
      g_clear_weak_pointer (&self->timeline);
    }
  set_pending (self, 0);
}

void
md_engagement_controller_set_source (MdEngagementController *self,
                                     MdEngagementKind        kind,
                                     const char             *id)
{
  g_return_if_fail (MD_IS_ENGAGEMENT_CONTROLLER (self));

  if (self->kind == kind && g_strcmp0 (self->id, id) == 0)
    return;

  self->kind = kind;
  g_free (self->id);
  self->id = g_strdup (id);
  md_engagement_controller_refresh (self, FALSE);
}

MdEngagementKind
md_engagement_controller_get_kind (MdEngagementController *self)
{
  g_return_val_if_fail (MD_IS_ENGAGEMENT_CONTROLLER (self), MD_ENGAGEMENT_KIND_ASSET);

  return self->kind;
}

const char *
md_engagement_controller_get_id (MdEngagementController *self)
{
  g_return_val_if_fail (MD_IS_ENGAGEMENT_CONTROLLER (self), NULL);

  return self->id;
}

void
md_engagement_controller_set_timeframe (MdEngagementController *self,
                                        const char             *timeframe)
{
  g_return_if_fail (MD_IS_ENGAGEMENT_CONTROLLER (self));

  if (timeframe == NULL)
    timeframe = MD_ENGAGEMENT_TIMEFRAME_WEEK;
  if (g_strcmp0 (self->timeframe, timeframe) == 0)
    return;

  g_free (self->timeframe);
  self->timeframe = g_strdup (timeframe);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEFRAME]);
  md_engagement_controller_refresh (self, FALSE);
}

const char *
md_engagement_controller_get_timeframe (MdEngagementController *self)
{
  g_return_val_if_fail (MD_IS_ENGAGEMENT_CONTROLLER (self), NULL);

  return self->timeframe;
}

/**
 * md_engagement_controller_set_cold:
 *
 * Shows the cold spots (`order_direction=asc`) instead of the hotspots.
 */
void
md_engagement_controller_set_cold (MdEngagementController *self,
                                   gboolean                cold)
{
  g_return_if_fail (MD_IS_ENGAGEMENT_CONTROLLER (self));

  if (self->cold == !!cold)
    return;

  self->cold = !!cold;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLD]);
  md_engagement_controller_refresh (self, FALSE);
}

gboolean
md_engagement_controller_get_cold (MdEngagementController *self)
{
  g_return_val_if_fail (MD_IS_ENGAGEMENT_CONTROLLER (self), FALSE);

  return self->cold;
}

/**
 * md_engagement_controller_set_limit:
 * @limit: how many hotspots (or cold spots) to ask for, 1 to 100
 */
void
md_engagement_controller_set_limit (MdEngagementController *self,
                                    guint                   limit)
{
  g_return_if_fail (MD_IS_ENGAGEMENT_CONTROLLER (self));

  limit = CLAMP (limit, 1, 100);
  if (self->limit == limit)
    return;

  self->limit = limit;
  md_engagement_controller_refresh (self, FALSE);
}

guint
md_engagement_controller_get_limit (MdEngagementController *self)
{
  g_return_val_if_fail (MD_IS_ENGAGEMENT_CONTROLLER (self), DEFAULT_LIMIT);

  return self->limit;
}

/**
 * md_engagement_controller_refresh:
 * @bypass_cache: fetch even when a recent answer is cached
 *
 * Cancels what is in flight and shows the cached answers at once, or
 * fetches the heatmap and the hotspots.
 */
void
md_engagement_controller_refresh (MdEngagementController *self,
                                  gboolean                bypass_cache)
{
  g_auto(GStrv) timeframe = NULL;
  g_autofree char *heatmap_key = NULL;
  g_autofree char *hotspots_key = NULL;
  CacheEntry *entry;
  guint pending = 0;

  g_return_if_fail (MD_IS_ENGAGEMENT_CONTROLLER (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  set_error (self, NULL);

  if (self->id == NULL || self->timeline == NULL)
    {
      apply_heatmap (self, NULL);
      apply_hotspots (self, NULL);
      set_pending (self, 0);
      return;
    }

  self->cancellable = g_cancellable_new ();
  /* A custom range "FROM,TO" is two `timeframe[]` values. */
  timeframe = g_strsplit (self->timeframe, ",", 2);
  heatmap_key = cache_key (self, "heatmap");
  hotspots_key = cache_key (self, "hotspots");

  if (!bypass_cache && (entry = cache_lookup (self, heatmap_key)) != NULL)
    apply_heatmap (self, MD_HEATMAP (entry->value));
  else
    {
      pending++;
      md_client_get_heatmap_async (self->client, self->kind, self->id, (const char *const *) timeframe,
                                   self->cancellable, on_heatmap_cb, g_object_ref (self));
    }

  if (!bypass_cache && (entry = cache_lookup (self, hotspots_key)) != NULL)
    apply_hotspots (self, G_LIST_MODEL (entry->value));
  else
    {
      /* Hot and cold lists differ: clear the markers rather than show
       * the other kind under the wrong colour. */
      apply_hotspots (self, NULL);
      pending++;
      md_client_get_hotspots_async (self->client, self->kind, self->id, (const char *const *) timeframe,
                                    self->cold ? MD_HOTSPOT_ORDER_ASC : MD_HOTSPOT_ORDER_DESC,
                                    self->limit, self->cancellable, on_hotspots_cb, g_object_ref (self));
    }

  set_pending (self, pending);
}

gboolean
md_engagement_controller_get_loading (MdEngagementController *self)
{
  g_return_val_if_fail (MD_IS_ENGAGEMENT_CONTROLLER (self), FALSE);

  return self->pending > 0;
}

/**
 * md_engagement_controller_get_error:
 *
 * Returns: (nullable): the API's message when the last fetch failed
 */
const char *
md_engagement_controller_get_error (MdEngagementController *self)
{
  g_return_val_if_fail (MD_IS_ENGAGEMENT_CONTROLLER (self), NULL);

  return self->error;
}

/**
 * md_engagement_controller_get_heatmap:
 *
 * Returns: (transfer none) (nullable): the heatmap shown
 */
MdHeatmap *
md_engagement_controller_get_heatmap (MdEngagementController *self)
{
  g_return_val_if_fail (MD_IS_ENGAGEMENT_CONTROLLER (self), NULL);

  return self->heatmap;
}

/**
 * md_engagement_controller_get_hotspots:
 *
 * Returns: (transfer none) (nullable): the hotspots (or cold spots) shown
 */
GListModel *
md_engagement_controller_get_hotspots (MdEngagementController *self)
{
  g_return_val_if_fail (MD_IS_ENGAGEMENT_CONTROLLER (self), NULL);

  return self->hotspots;
}

gint64
md_engagement_controller_get_total_views (MdEngagementController *self)
{
  g_return_val_if_fail (MD_IS_ENGAGEMENT_CONTROLLER (self), 0);

  return self->total_views;
}

/**
 * md_engagement_controller_get_heatmap_layer:
 *
 * Returns: (transfer none): the heatmap layer
 */
MdTimelineLayer *
md_engagement_controller_get_heatmap_layer (MdEngagementController *self)
{
  g_return_val_if_fail (MD_IS_ENGAGEMENT_CONTROLLER (self), NULL);

  return self->heatmap_layer;
}

/**
 * md_engagement_controller_get_hotspot_layer:
 *
 * Returns: (transfer none): the hotspot layer
 */
MdTimelineLayer *
md_engagement_controller_get_hotspot_layer (MdEngagementController *self)
{
  g_return_val_if_fail (MD_IS_ENGAGEMENT_CONTROLLER (self), NULL);

  return self->hotspot_layer;
}
