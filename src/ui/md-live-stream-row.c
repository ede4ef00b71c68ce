/* md-live-stream-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-live-stream-row"

#include "config.h"

#include "md-live-stream-row.h"

#include <glib/gi18n.h>

#include "md-asset-format.h"

/* One live stream in the library's Live section: its name, id and status.
 * The stream key is a secret and is never shown here. */
struct _MdLiveStreamRow
{
  GtkWidget     parent_instance;

  GtkWidget    *box;
  GtkLabel     *title_label;
  GtkLabel     *details_label;
  GtkLabel     *status_label;

  MdLiveStream *live_stream;
};

G_DEFINE_FINAL_TYPE (MdLiveStreamRow, md_live_stream_row, GTK_TYPE_WIDGET)

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
}

static void
md_live_stream_row_dispose (GObject *object)
{
  MdLiveStreamRow *self = (MdLiveStreamRow *) object;

  g_clear_object (&self->live_stream);
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
  gtk_widget_class_bind_template_child (widget_class, MdLiveStreamRow, status_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
md_live_stream_row_init (MdLiveStreamRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
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
}
