/* md-live-stream-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-live-stream-row"

#include "config.h"

#include "md-live-stream-row.h"

#include <glib/gi18n.h>

#include "md-asset-format.h"

/* One live stream in the library's Live section: its name, id and status,
 * and while it broadcasts, its current views and viewers (the Engagement
 * Counts of its live_stream_id). The counts need a signing key: without
 * one the row shows nothing of them (the player says where to get one).
 * They are polled only while the row is on screen (mapped: the Live
 * section shown, the window too, and not minimized), as often as
 * Preferences says. The
 * stream key is a secret and is never shown here. */
struct _MdLiveStreamRow
{
  GtkWidget     parent_instance;

  GtkWidget    *box;
  GtkLabel     *title_label;
  GtkLabel     *details_label;
  GtkLabel     *counts_label;
  GtkLabel     *status_label;

  MdLiveStream *live_stream;
  MdClient     *client;
  MdJwtSigner  *signer;
  MdLiveCounts *live_counts;
  GSettings    *settings;
};

G_DEFINE_FINAL_TYPE (MdLiveStreamRow, md_live_stream_row, GTK_TYPE_WIDGET)

static void
update_counts_label (MdLiveStreamRow *self)
{
  g_autofree char *text = self->live_counts ? md_live_counts_format (self->live_counts) : NULL;
  g_autofree char *tooltip = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->counts_label), text != NULL);
  if (text == NULL)
    return;
  tooltip = md_live_counts_format_tooltip (self->live_counts);
  gtk_label_set_label (self->counts_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->counts_label), tooltip);
}

static void
on_live_counts_notify_cb (MdLiveStreamRow *self)
{
  g_assert (MD_IS_LIVE_STREAM_ROW (self));

  update_counts_label (self);
}

static void
drop_live_counts (MdLiveStreamRow *self)
{
  if (self->live_counts == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->live_counts, self);
  g_settings_unbind (self->live_counts, "interval");
  md_live_counts_follow_widget (self->live_counts, NULL);
  md_live_counts_set_active (self->live_counts, FALSE);
  g_clear_object (&self->live_counts);
}

/* Counts for a broadcasting stream when a key can sign for them; none
 * otherwise. Those there are for the current stream and source (both
 * drop them when they change). */
static void
update_live_counts (MdLiveStreamRow *self)
{
  gboolean wanted = self->live_stream != NULL && self->client != NULL && self->signer != NULL
                    && md_live_stream_get_status (self->live_stream) == MD_LIVE_STREAM_STATUS_ACTIVE;

  if (wanted && self->live_counts != NULL)
    return;

  drop_live_counts (self);
  if (wanted)
    {
      self->live_counts = md_live_counts_new (self->client, self->signer, MD_COUNTS_KIND_LIVE_STREAM,
                                              md_live_stream_get_id (self->live_stream));
      g_settings_bind (self->settings, "counts-poll-interval", self->live_counts, "interval", G_SETTINGS_BIND_GET);
      g_signal_connect_object (self->live_counts, "notify", G_CALLBACK (on_live_counts_notify_cb), self,
                               G_CONNECT_SWAPPED);
      md_live_counts_follow_widget (self->live_counts, GTK_WIDGET (self));
    }
  update_counts_label (self);
}

static void
update (MdLiveStreamRow *self)
{
  g_autofree char *created = NULL;
  g_autofree char *details = NULL;
  const char *title;
  MdLiveStreamStatus status;

  if (self->live_stream == NULL)
    return;

  title = md_live_stream_get_title (self->live_stream);
  if (title == NULL || title[0] == '\0')
    title = md_live_stream_get_id (self->live_stream);
  status = md_live_stream_get_status (self->live_stream);
  created = md_asset_format_relative_date (md_live_stream_get_created_at (self->live_stream),
                                           g_get_real_time () / G_USEC_PER_SEC);
  details = g_strdup_printf ("%s · %s", md_live_stream_get_id (self->live_stream), created);

  gtk_label_set_label (self->title_label, title);
  gtk_label_set_label (self->details_label, details);
  gtk_label_set_label (self->status_label, md_asset_format_live_status (status));
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "md-live-active");
  if (status == MD_LIVE_STREAM_STATUS_ACTIVE)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "md-live-active");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, md_asset_format_live_status (status),
                                  -1);
}

static void
on_live_stream_notify_cb (MdLiveStreamRow *self)
{
  g_assert (MD_IS_LIVE_STREAM_ROW (self));

  update (self);
  update_live_counts (self);
}

static void
md_live_stream_row_dispose (GObject *object)
{
  MdLiveStreamRow *self = (MdLiveStreamRow *) object;

  drop_live_counts (self);
  g_clear_object (&self->live_stream);
  g_clear_object (&self->client);
  g_clear_object (&self->signer);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), MD_TYPE_LIVE_STREAM_ROW);

  G_OBJECT_CLASS (md_live_stream_row_parent_class)->dispose (object);
}

static void
md_live_stream_row_class_init (MdLiveStreamRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = md_live_stream_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/muxdesk/Muxdesk/ui/md-live-stream-row.ui");
  gtk_widget_class_bind_template_child (widget_class, MdLiveStreamRow, box);
  gtk_widget_class_bind_template_child (widget_class, MdLiveStreamRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, MdLiveStreamRow, details_label);
  gtk_widget_class_bind_template_child (widget_class, MdLiveStreamRow, counts_label);
  gtk_widget_class_bind_template_child (widget_class, MdLiveStreamRow, status_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
md_live_stream_row_init (MdLiveStreamRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (APP_ID);
}

GtkWidget *
md_live_stream_row_new (void)
{
  return g_object_new (MD_TYPE_LIVE_STREAM_ROW, NULL);
}

MdLiveStream *
md_live_stream_row_get_live_stream (MdLiveStreamRow *self)
{
  g_return_val_if_fail (MD_IS_LIVE_STREAM_ROW (self), NULL);

  return self->live_stream;
}

void
md_live_stream_row_set_live_stream (MdLiveStreamRow *self,
                                    MdLiveStream    *live_stream)
{
  g_return_if_fail (MD_IS_LIVE_STREAM_ROW (self));
  g_return_if_fail (!live_stream || MD_IS_LIVE_STREAM (live_stream));

  if (self->live_stream == live_stream)
    return;
  if (self->live_stream != NULL)
    g_signal_handlers_disconnect_by_func (self->live_stream, on_live_stream_notify_cb, self);
  g_set_object (&self->live_stream, live_stream);
  if (live_stream != NULL)
    g_signal_connect_object (live_stream, "notify", G_CALLBACK (on_live_stream_notify_cb), self, G_CONNECT_SWAPPED);
  update (self);
  drop_live_counts (self);
  update_live_counts (self);
}

/**
 * md_live_stream_row_set_counts_source:
 * @client: (nullable): the environment's client
 * @signer: (nullable): the active signing key; %NULL: no counts shown
 *
 * What the row asks for its stream's live counts with.
 */
void
md_live_stream_row_set_counts_source (MdLiveStreamRow *self,
                                      MdClient        *client,
                                      MdJwtSigner     *signer)
{
  gboolean changed;

  g_return_if_fail (MD_IS_LIVE_STREAM_ROW (self));
  g_return_if_fail (!client || MD_IS_CLIENT (client));
  g_return_if_fail (!signer || MD_IS_JWT_SIGNER (signer));

  changed = g_set_object (&self->client, client);
  changed |= g_set_object (&self->signer, signer);
  if (!changed)
    return;
  drop_live_counts (self);
  update_live_counts (self);
}

/**
 * md_live_stream_row_get_live_counts:
 *
 * Returns: (transfer none) (nullable): the counts shown, if any
 */
MdLiveCounts *
md_live_stream_row_get_live_counts (MdLiveStreamRow *self)
{
  g_return_val_if_fail (MD_IS_LIVE_STREAM_ROW (self), NULL);

  return self->live_counts;
}

/**
 * md_live_stream_row_get_counts_text:
 *
 * Returns: (nullable): the counts badge's text when it shows
 */
const char *
md_live_stream_row_get_counts_text (MdLiveStreamRow *self)
{
  g_return_val_if_fail (MD_IS_LIVE_STREAM_ROW (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->counts_label)))
    return NULL;
  return gtk_label_get_label (self->counts_label);
}
