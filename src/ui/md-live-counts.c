/* md-live-counts.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-live-counts"

#include "config.h"

#include "md-live-counts.h"

#include <glib/gi18n.h>

/* Current views and viewers of one asset (or playback id, live stream,
 * video id) from the Engagement Counts API, polled while active. Each poll
 * mints a fresh short-lived token with the signer (MdClient does), so an
 * expired or rejected token is replaced on the next poll and the counts
 * recover by themselves. Without a signer it is not available: the UI shows
 * a hint instead. */
struct _MdLiveCounts
{
  GObject       parent_instance;

  MdClient     *client;
  MdJwtSigner  *signer;
  MdCountsKind  kind;
  char         *id;

  GCancellable *cancellable;
  guint         timeout_id;
  guint         interval;
  guint         n_polls;
  gboolean      active;
  gboolean      has_counts;
  gint64        views;
  gint64        viewers;
  gint64        updated_at;
  char         *error;
};

G_DEFINE_FINAL_TYPE (MdLiveCounts, md_live_counts, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ACTIVE,
  PROP_HAS_COUNTS,
  PROP_VIEWS,
  PROP_VIEWERS,
  PROP_UPDATED_AT,
  PROP_ERROR,
  PROP_N_POLLS,
  PROP_INTERVAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Counts change by the minute; Mux asks for no more than one request a
 * second. Preferences (counts-poll-interval) usually sets the interval. */
#define DEFAULT_INTERVAL_SECONDS 20
#define MIN_INTERVAL_SECONDS 1

static void
set_error (MdLiveCounts *self,
           const char   *message)
{
  if (g_strcmp0 (self->error, message) == 0)
    return;

  g_free (self->error);
  self->error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
set_int64 (MdLiveCounts *self,
           gint64       *field,
           gint64        value,
           guint         prop)
{
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
on_counts_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(MdLiveCounts) self = user_data;
  g_autoptr(MdViewerCount) count = NULL;
  g_autoptr(GError) error = NULL;

  count = md_client_get_viewer_count_finish (MD_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_object_freeze_notify (G_OBJECT (self));
  if (count == NULL)
    set_error (self, error->message);
  else
    {
      set_error (self, NULL);
      set_int64 (self, &self->views, md_viewer_count_get_views (count), PROP_VIEWS);
      set_int64 (self, &self->viewers, md_viewer_count_get_viewers (count), PROP_VIEWERS);
      set_int64 (self, &self->updated_at, md_viewer_count_get_updated_at (count), PROP_UPDATED_AT);
      if (!self->has_counts)
        {
          self->has_counts = TRUE;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_COUNTS]);
        }
    }
  self->n_polls++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_POLLS]);
  g_object_thaw_notify (G_OBJECT (self));
}

static gboolean on_timeout_cb (gpointer user_data);

static void
schedule_polls (MdLiveCounts *self)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->active && self->signer != NULL)
    self->timeout_id = g_timeout_add_seconds (self->interval, on_timeout_cb, self);
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  MdLiveCounts *self = user_data;

  md_live_counts_poll_now (self);
  return G_SOURCE_CONTINUE;
}

static void
md_live_counts_dispose (GObject *object)
{
  MdLiveCounts *self = MD_LIVE_COUNTS (object);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->signer);

  G_OBJECT_CLASS (md_live_counts_parent_class)->dispose (object);
}

static void
md_live_counts_finalize (GObject *object)
{
  MdLiveCounts *self = MD_LIVE_COUNTS (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (md_live_counts_parent_class)->finalize (object);
}

static void
md_live_counts_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  MdLiveCounts *self = MD_LIVE_COUNTS (object);

  switch (prop_id)
    {
    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;
    case PROP_HAS_COUNTS:
      g_value_set_boolean (value, self->has_counts);
      break;
    case PROP_VIEWS:
      g_value_set_int64 (value, self->views);
      break;
    case PROP_VIEWERS:
      g_value_set_int64 (value, self->viewers);
      break;
    case PROP_UPDATED_AT:
      g_value_set_int64 (value, self->updated_at);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    case PROP_N_POLLS:
      g_value_set_uint (value, self->n_polls);
      break;
    case PROP_INTERVAL:
      g_value_set_uint (value, self->interval);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_live_counts_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  MdLiveCounts *self = MD_LIVE_COUNTS (object);

  switch (prop_id)
    {
    case PROP_ACTIVE:
      md_live_counts_set_active (self, g_value_get_boolean (value));
      break;
    case PROP_INTERVAL:
      md_live_counts_set_interval (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_live_counts_class_init (MdLiveCountsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = md_live_counts_dispose;
  object_class->finalize = md_live_counts_finalize;
  object_class->get_property = md_live_counts_get_property;
  object_class->set_property = md_live_counts_set_property;

  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_COUNTS] = g_param_spec_boolean ("has-counts", NULL, NULL, FALSE, ro);
  properties[PROP_VIEWS] = g_param_spec_int64 ("views", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_VIEWERS] = g_param_spec_int64 ("viewers", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_UPDATED_AT] = g_param_spec_int64 ("updated-at", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_ERROR] = g_param_spec_string ("error", NULL, NULL, NULL, ro);
  properties[PROP_N_POLLS] = g_param_spec_uint ("n-polls", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_INTERVAL] =
    g_param_spec_uint ("interval", NULL, NULL, MIN_INTERVAL_SECONDS, G_MAXUINT / 1000, DEFAULT_INTERVAL_SECONDS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
md_live_counts_init (MdLiveCounts *self)
{
  self->interval = DEFAULT_INTERVAL_SECONDS;
}

/**
 * md_live_counts_new:
 * @signer: (nullable): the active signing key; %NULL: not available
 */
MdLiveCounts *
md_live_counts_new (MdClient     *client,
                    MdJwtSigner  *signer,
                    MdCountsKind  kind,
                    const char   *id)
{
  MdLiveCounts *self;

  g_return_val_if_fail (MD_IS_CLIENT (client), NULL);
  g_return_val_if_fail (signer == NULL || MD_IS_JWT_SIGNER (signer), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  self = g_object_new (MD_TYPE_LIVE_COUNTS, NULL);
  self->client = g_object_ref (client);
  g_set_object (&self->signer, signer);
  self->kind = kind;
  self->id = g_strdup (id);
  return self;
}

gboolean
md_live_counts_get_available (MdLiveCounts *self)
{
  g_return_val_if_fail (MD_IS_LIVE_COUNTS (self), FALSE);

  return self->signer != NULL;
}

gboolean
md_live_counts_get_active (MdLiveCounts *self)
{
  g_return_val_if_fail (MD_IS_LIVE_COUNTS (self), FALSE);

  return self->active;
}

/**
 * md_live_counts_set_active:
 *
 * Starts polling (at once, then every #MdLiveCounts:interval seconds) or
 * pauses it, e.g. while the player is hidden.
 */
void
md_live_counts_set_active (MdLiveCounts *self,
                           gboolean      active)
{
  g_return_if_fail (MD_IS_LIVE_COUNTS (self));

  if (self->active == !!active)
    return;

  self->active = !!active;
  schedule_polls (self);
  if (self->active && self->signer != NULL)
    md_live_counts_poll_now (self);
  else
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
}

/**
 * md_live_counts_poll_now:
 *
 * Asks for the counts now (with a freshly minted token); an answer still
 * in flight is dropped.
 */
void
md_live_counts_poll_now (MdLiveCounts *self)
{
  g_return_if_fail (MD_IS_LIVE_COUNTS (self));

  if (self->signer == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  md_client_get_viewer_count_async (self->client, self->signer, self->kind, self->id,
                                    self->cancellable, on_counts_cb, g_object_ref (self));
}

guint
md_live_counts_get_interval (MdLiveCounts *self)
{
  g_return_val_if_fail (MD_IS_LIVE_COUNTS (self), DEFAULT_INTERVAL_SECONDS);

  return self->interval;
}

/**
 * md_live_counts_set_interval:
 * @seconds: between two polls (at least 1: Mux asks for no more)
 *
 * Takes effect at once: the next poll comes @seconds from now.
 */
void
md_live_counts_set_interval (MdLiveCounts *self,
                             guint         seconds)
{
  g_return_if_fail (MD_IS_LIVE_COUNTS (self));

  seconds = CLAMP (seconds, MIN_INTERVAL_SECONDS, G_MAXUINT / 1000);
  if (self->interval == seconds)
    return;

  self->interval = seconds;
  schedule_polls (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERVAL]);
}

gboolean
md_live_counts_get_has_counts (MdLiveCounts *self)
{
  g_return_val_if_fail (MD_IS_LIVE_COUNTS (self), FALSE);

  return self->has_counts;
}

gint64
md_live_counts_get_views (MdLiveCounts *self)
{
  g_return_val_if_fail (MD_IS_LIVE_COUNTS (self), 0);

  return self->views;
}

gint64
md_live_counts_get_viewers (MdLiveCounts *self)
{
  g_return_val_if_fail (MD_IS_LIVE_COUNTS (self), 0);

  return self->viewers;
}

gint64
md_live_counts_get_updated_at (MdLiveCounts *self)
{
  g_return_val_if_fail (MD_IS_LIVE_COUNTS (self), 0);

  return self->updated_at;
}

/**
 * md_live_counts_get_error:
 *
 * Returns: (nullable): why the last poll failed
 */
const char *
md_live_counts_get_error (MdLiveCounts *self)
{
  g_return_val_if_fail (MD_IS_LIVE_COUNTS (self), NULL);

  return self->error;
}

guint
md_live_counts_get_n_polls (MdLiveCounts *self)
{
  g_return_val_if_fail (MD_IS_LIVE_COUNTS (self), 0);

  return self->n_polls;
}

/**
 * md_live_counts_format:
 *
 * Returns: (transfer full) (nullable): the badge's text, e.g.
 *   "● 12 watching · 11 viewers", once counts came
 */
char *
md_live_counts_format (MdLiveCounts *self)
{
  g_autofree char *viewers_text = NULL;

  g_return_val_if_fail (MD_IS_LIVE_COUNTS (self), NULL);

  if (!self->has_counts)
    return NULL;

  /* Translators: the live badge's unique viewers, e.g. "11 viewers" */
  viewers_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" G_GINT64_FORMAT " viewer",
                                               "%" G_GINT64_FORMAT " viewers",
                                               (gulong) MIN (self->viewers, G_MAXINT)),
                                  self->viewers);
  /* Translators: the live badge: current views, then the viewers, e.g. "● 12 watching · 11 viewers" */
  return g_strdup_printf (_("● %" G_GINT64_FORMAT " watching · %s"), self->views, viewers_text);
}

/**
 * md_live_counts_format_tooltip:
 *
 * Returns: (transfer full) (nullable): what the badge's numbers are and
 *   when they were updated, or why the last poll failed
 */
char *
md_live_counts_format_tooltip (MdLiveCounts *self)
{
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *time = NULL;

  g_return_val_if_fail (MD_IS_LIVE_COUNTS (self), NULL);

  if (self->error != NULL)
    /* Translators: the badge's tooltip when the last poll failed */
    return g_strdup_printf (_("Not updated: %s"), self->error);
  if (!self->has_counts)
    return NULL;

  when = g_date_time_new_from_unix_local (self->updated_at);
  time = when != NULL ? g_date_time_format (when, "%X") : g_strdup ("—");
  /* Translators: the badge's tooltip, e.g. "Current views and unique viewers, updated 14:02:11" */
  return g_strdup_printf (_("Current views and unique viewers, updated %s"), time);
}
