/* md-live-counts.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-live-counts"

#include "config.h"

#include "md-live-counts.h"

#include <glib/gi18n.h>

/* Current views and viewers of one asset (or playback id, live stream,
 * video id) from the Engagement Counts API, polled while active. One token
 * is minted with the signer for as long as the video is expected to be
 * watched (#MdLiveCounts:token-lifetime) and sent with every poll; a new
 * one replaces it shortly before it expires, and after the stats host
 * refuses it (401/403): at once when it was that close to its expiry (it
 * ran out on the way), else on the next poll, so the counts recover by
 * themselves. Without a signer it is not available: the UI shows a hint
 * instead. Bound to a widget, it polls only while the widget is on screen:
 * mapped, in a window that is not minimized. */
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
  guint         token_lifetime;
  char         *token;
  gint64        token_minted_at;    /* Unix seconds */
  gint64        token_expires_at;
  gboolean      active;
  gboolean      has_counts;
  gint64        views;
  gint64        viewers;
  gint64        updated_at;
  char         *error;

  GtkWidget    *widget;             /* weak: polled while it is shown */
  GdkSurface   *surface;            /* weak: the widget's toplevel */
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
  PROP_TOKEN_LIFETIME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Counts change by the minute; Mux asks for no more than one request a
 * second. Preferences (counts-poll-interval) usually sets the interval. */
#define DEFAULT_INTERVAL_SECONDS 20
#define MIN_INTERVAL_SECONDS 1

/* A token is replaced this long before its exp (a third of its lifetime
 * for short ones), so one sent never expires on the way or through a
 * small difference between the clocks here and at Mux. */
#define REMINT_MARGIN_SECONDS 120
#define MIN_TOKEN_LIFETIME_SECONDS 3
#define MAX_TOKEN_LIFETIME_SECONDS (7 * 24 * 3600)

typedef struct
{
  MdLiveCounts *self;
  char         *token;
  gboolean      retried;
} Poll;

static void
poll_free (Poll *poll)
{
  g_object_unref (poll->self);
  g_free (poll->token);
  g_free (poll);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Poll, poll_free)

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

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* Whether the token is close enough to its exp to be replaced. */
static gboolean
token_is_due (MdLiveCounts *self,
              gint64        now)
{
  gint64 lifetime = self->token_expires_at - self->token_minted_at;

  return now >= self->token_expires_at - MIN (REMINT_MARGIN_SECONDS, lifetime / 3);
}

static void
forget_token (MdLiveCounts *self)
{
  g_clear_pointer (&self->token, g_free);
  self->token_minted_at = self->token_expires_at = 0;
}

/* The token to send now: the one held, or a new one when it is due. */
static const char *
ensure_token (MdLiveCounts  *self,
              GError       **error)
{
  gint64 now = now_seconds ();
  char *token;

  if (self->token != NULL && !token_is_due (self, now))
    return self->token;

  token = md_client_mint_counts_token (self->client, self->signer, self->kind, self->id,
                                       now + self->token_lifetime, error);
  forget_token (self);
  if (token == NULL)
    return NULL;

  self->token = token;
  self->token_minted_at = now;
  self->token_expires_at = now + self->token_lifetime;
  return self->token;
}

static void send_poll (MdLiveCounts *self,
                       gboolean      retried);

static void
report_poll (MdLiveCounts  *self,
             MdViewerCount *count,
             const GError  *error)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (count == NULL)
    set_error (self, error->message);
  else
    {
      set_error (self, NULL);
      set_int64 (self, &self->views, md_viewer_count_get_views (count), PROP_VIEWS);
      set_int64 (self, &self->viewers, md_viewer_count_get_viewers (count), PROP_VIEWERS);
      /* Mux's time of the counts; ours when it says none. */
      set_int64 (self, &self->updated_at,
                 md_viewer_count_get_updated_at (count) > 0 ? md_viewer_count_get_updated_at (count) : now_seconds (),
                 PROP_UPDATED_AT);
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

static void
on_counts_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Poll) poll = user_data;
  MdLiveCounts *self = poll->self;
  g_autoptr(MdViewerCount) count = NULL;
  g_autoptr(GError) error = NULL;

  count = md_client_get_viewer_count_finish (MD_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Refused: never sent again. Had it run out (or nearly) on its way,
   * a new one is asked with at once rather than a poll later. */
  if (g_error_matches (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_UNAUTHORIZED)
      || g_error_matches (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_FORBIDDEN))
    {
      gboolean ran_out = FALSE;

      if (g_strcmp0 (self->token, poll->token) == 0)
        {
          ran_out = token_is_due (self, now_seconds ());
          forget_token (self);
        }
      if (ran_out && !poll->retried && self->cancellable != NULL)
        {
          g_debug ("Counts token expired on its way; minting another");
          send_poll (self, TRUE);
          return;
        }
    }

  report_poll (self, count, error);
}

static void
send_poll (MdLiveCounts *self,
           gboolean      retried)
{
  g_autoptr(GError) error = NULL;
  const char *token;
  Poll *poll;

  token = ensure_token (self, &error);
  if (token == NULL)
    {
      report_poll (self, NULL, error);
      return;
    }

  poll = g_new0 (Poll, 1);
  poll->self = g_object_ref (self);
  poll->token = g_strdup (token);
  poll->retried = retried;
  md_client_get_viewer_count_for_token_async (self->client, token, self->cancellable, on_counts_cb, poll);
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

/* The toplevel surface @widget is shown in (through any popups). */
static GdkSurface *
toplevel_surface_of (GtkWidget *widget)
{
  GtkNative *native = gtk_widget_get_native (widget);
  GdkSurface *surface = native != NULL ? gtk_native_get_surface (native) : NULL;

  while (surface != NULL && GDK_IS_POPUP (surface))
    surface = gdk_popup_get_parent (GDK_POPUP (surface));
  return surface;
}

static gboolean
widget_is_shown (GtkWidget  *widget,
                 GdkSurface *surface)
{
  if (widget == NULL || !gtk_widget_get_mapped (widget))
    return FALSE;
  if (surface == NULL)
    return TRUE;
  if (GDK_IS_TOPLEVEL (surface)
      && (gdk_toplevel_get_state (GDK_TOPLEVEL (surface)) & GDK_TOPLEVEL_STATE_MINIMIZED) != 0)
    return FALSE;
  return gdk_surface_get_mapped (surface);
}

static void
unwatch_surface (MdLiveCounts *self)
{
  if (self->surface != NULL)
    g_signal_handlers_disconnect_by_data (self->surface, self);
  g_clear_weak_pointer (&self->surface);
}

static void
on_surface_notify_cb (GdkSurface   *surface,
                      GParamSpec   *pspec,
                      MdLiveCounts *self)
{
  g_assert (GDK_IS_SURFACE (surface));
  g_assert (MD_IS_LIVE_COUNTS (self));

  md_live_counts_set_active (self, widget_is_shown (self->widget, self->surface));
}

/* Follows the widget's toplevel while the widget is mapped. */
static void
on_widget_map_changed_cb (GtkWidget    *widget,
                          MdLiveCounts *self)
{
  GdkSurface *surface;

  g_assert (GTK_IS_WIDGET (widget));
  g_assert (MD_IS_LIVE_COUNTS (self));

  surface = gtk_widget_get_mapped (widget) ? toplevel_surface_of (widget) : NULL;
  if (surface != self->surface)
    {
      unwatch_surface (self);
      if (surface != NULL)
        {
          g_set_weak_pointer (&self->surface, surface);
          g_signal_connect (surface, "notify::state", G_CALLBACK (on_surface_notify_cb), self);
          g_signal_connect (surface, "notify::mapped", G_CALLBACK (on_surface_notify_cb), self);
        }
    }
  md_live_counts_set_active (self, widget_is_shown (widget, self->surface));
}

static void
unfollow_widget (MdLiveCounts *self)
{
  unwatch_surface (self);
  if (self->widget != NULL)
    g_signal_handlers_disconnect_by_data (self->widget, self);
  g_clear_weak_pointer (&self->widget);
}

static void
md_live_counts_dispose (GObject *object)
{
  MdLiveCounts *self = MD_LIVE_COUNTS (object);

  unfollow_widget (self);
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
  g_clear_pointer (&self->token, g_free);

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
    case PROP_TOKEN_LIFETIME:
      g_value_set_uint (value, self->token_lifetime);
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
    case PROP_TOKEN_LIFETIME:
      md_live_counts_set_token_lifetime (self, g_value_get_uint (value));
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
  properties[PROP_TOKEN_LIFETIME] =
    g_param_spec_uint ("token-lifetime", NULL, NULL, MIN_TOKEN_LIFETIME_SECONDS, MAX_TOKEN_LIFETIME_SECONDS,
                       MD_LIVE_COUNTS_DEFAULT_TOKEN_LIFETIME,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
md_live_counts_init (MdLiveCounts *self)
{
  self->interval = DEFAULT_INTERVAL_SECONDS;
  self->token_lifetime = MD_LIVE_COUNTS_DEFAULT_TOKEN_LIFETIME;
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
 * md_live_counts_follow_widget:
 * @widget: (nullable): what shows the counts
 *
 * Polls while @widget is on screen — mapped, in a window that is not
 * minimized — and pauses otherwise (#MdLiveCounts:active follows). With
 * %NULL, #MdLiveCounts:active is left to md_live_counts_set_active().
 */
void
md_live_counts_follow_widget (MdLiveCounts *self,
                              GtkWidget    *widget)
{
  g_return_if_fail (MD_IS_LIVE_COUNTS (self));
  g_return_if_fail (widget == NULL || GTK_IS_WIDGET (widget));

  if (self->widget == widget)
    return;

  unfollow_widget (self);
  if (widget == NULL)
    return;

  g_set_weak_pointer (&self->widget, widget);
  g_signal_connect (widget, "map", G_CALLBACK (on_widget_map_changed_cb), self);
  g_signal_connect_after (widget, "unmap", G_CALLBACK (on_widget_map_changed_cb), self);
  on_widget_map_changed_cb (widget, self);
}

/**
 * md_live_counts_poll_now:
 *
 * Asks for the counts now (with the token held, or a new one when it is
 * close to its expiry); an answer still in flight is dropped.
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
  send_poll (self, FALSE);
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

guint
md_live_counts_get_token_lifetime (MdLiveCounts *self)
{
  g_return_val_if_fail (MD_IS_LIVE_COUNTS (self), MD_LIVE_COUNTS_DEFAULT_TOKEN_LIFETIME);

  return self->token_lifetime;
}

/**
 * md_live_counts_set_token_lifetime:
 * @seconds: how long a counts token lives: at least the time the video is
 *   expected to be watched, and many poll intervals
 *
 * The token held is replaced on the next poll by one that lives @seconds.
 */
void
md_live_counts_set_token_lifetime (MdLiveCounts *self,
                                   guint         seconds)
{
  g_return_if_fail (MD_IS_LIVE_COUNTS (self));

  seconds = CLAMP (seconds, MIN_TOKEN_LIFETIME_SECONDS, MAX_TOKEN_LIFETIME_SECONDS);
  if (self->token_lifetime == seconds)
    return;

  self->token_lifetime = seconds;
  forget_token (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKEN_LIFETIME]);
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

/**
 * md_live_counts_format_updated:
 * @now: the time to measure from, Unix seconds
 *
 * Returns: (transfer full) (nullable): how long ago the counts shown were
 *   updated, e.g. "updated 12 s ago", once counts came
 */
char *
md_live_counts_format_updated (MdLiveCounts *self,
                               gint64        now)
{
  gint64 age;

  g_return_val_if_fail (MD_IS_LIVE_COUNTS (self), NULL);

  if (!self->has_counts)
    return NULL;

  /* A clock here behind Mux's makes no negative ages. */
  age = MAX (0, now - self->updated_at);
  if (age < 2)
    /* Translators: when the live counts were last updated */
    return g_strdup (_("updated just now"));
  if (age < 60)
    /* Translators: when the live counts were last updated, in seconds (short for the badge) */
    return g_strdup_printf (_("updated %u s ago"), (guint) age);
  if (age < 3600)
    /* Translators: when the live counts were last updated, in minutes (short for the badge) */
    return g_strdup_printf (_("updated %u min ago"), (guint) (age / 60));

  {
    g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (self->updated_at);
    g_autofree char *time = when != NULL ? g_date_time_format (when, "%H:%M") : g_strdup ("—");

    /* Translators: when the live counts were last updated, a time of day, e.g. "updated at 14:02" */
    return g_strdup_printf (_("updated at %s"), time);
  }
}
