/* md-upload-progress.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The overall upload progress for the header bar: hidden when nothing is
 * left to send; a button, so the window can give it an action that shows
 * the uploads page (gtk_actionable_set_action_name).
 */

#define G_LOG_DOMAIN "md-upload-progress"

#include "config.h"

#include "md-upload-progress.h"

#include <glib/gi18n.h>

#include "md-upload-row.h"

struct _MdUploadProgress
{
  GtkButton       parent_instance;

  GtkProgressBar *progress_bar;
  GtkLabel       *percent_label;

  MdUploadQueue  *queue;
};

G_DEFINE_FINAL_TYPE (MdUploadProgress, md_upload_progress, GTK_TYPE_BUTTON)

static void
update (MdUploadProgress *self)
{
  guint64 total = self->queue ? md_upload_queue_get_total_bytes (self->queue) : 0;
  guint64 sent = self->queue ? md_upload_queue_get_bytes_sent (self->queue) : 0;
  double speed = self->queue ? md_upload_queue_get_speed (self->queue) : 0;
  guint active = self->queue ? md_upload_queue_get_n_active (self->queue) : 0;
  double fraction = total > 0 ? (double) sent / total : 0;
  g_autofree char *percent = g_strdup_printf ("%d %%", (int) (fraction * 100));
  g_autofree char *progress = NULL;
  g_autofree char *tooltip = NULL;
  gint64 eta = speed > 0 && total > sent ? (gint64) ((total - sent) / speed) : -1;

  gtk_widget_set_visible (GTK_WIDGET (self), total > 0);
  gtk_progress_bar_set_fraction (self->progress_bar, fraction);
  gtk_label_set_label (self->percent_label, percent);

  progress = md_upload_format_progress (sent, total, speed, eta);
  tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u upload running: %s", "%u uploads running: %s", active),
                             active, progress);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip);
}

static void
on_queue_changed_cb (MdUploadProgress *self)
{
  g_assert (MD_IS_UPLOAD_PROGRESS (self));
  update (self);
}

static void
md_upload_progress_dispose (GObject *object)
{
  MdUploadProgress *self = MD_UPLOAD_PROGRESS (object);

  g_clear_object (&self->queue);
  gtk_widget_dispose_template (GTK_WIDGET (self), MD_TYPE_UPLOAD_PROGRESS);

  G_OBJECT_CLASS (md_upload_progress_parent_class)->dispose (object);
}

static void
md_upload_progress_class_init (MdUploadProgressClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = md_upload_progress_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/muxdesk/Muxdesk/ui/md-upload-progress.ui");
  gtk_widget_class_bind_template_child (widget_class, MdUploadProgress, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, MdUploadProgress, percent_label);
}

static void
md_upload_progress_init (MdUploadProgress *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
md_upload_progress_new (void)
{
  return g_object_new (MD_TYPE_UPLOAD_PROGRESS, NULL);
}

/**
 * md_upload_progress_set_queue:
 * @queue: (nullable): the uploads to sum up
 */
void
md_upload_progress_set_queue (MdUploadProgress *self,
                              MdUploadQueue    *queue)
{
  static const char *const watched[] = {
    "items-changed", "notify::bytes-sent", "notify::total-bytes", "notify::n-active", "notify::speed",
  };

  g_return_if_fail (MD_IS_UPLOAD_PROGRESS (self));
  g_return_if_fail (queue == NULL || MD_IS_UPLOAD_QUEUE (queue));

  if (self->queue != NULL)
    g_signal_handlers_disconnect_by_data (self->queue, self);
  g_set_object (&self->queue, queue);
  if (queue != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (watched); i++)
      g_signal_connect_object (queue, watched[i], G_CALLBACK (on_queue_changed_cb), self, G_CONNECT_SWAPPED);
  update (self);
}
