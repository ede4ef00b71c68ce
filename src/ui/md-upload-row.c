/* md-upload-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One upload in the uploads page: editable title, state, progress bar,
 * bytes/speed/ETA or the reason it failed, and the actions that fit the
 * state. It observes the task's properties and calls the queue; it never
 * touches the network. A waiting or paused upload moves up or down in the
 * queue with its buttons or Alt+Up / Alt+Down.
 */

#define G_LOG_DOMAIN "md-upload-row"

#include "config.h"

#include "md-upload-row.h"

#include <glib/gi18n.h>

struct _MdUploadRow
{
  GtkListBoxRow     parent_instance;

  GtkImage         *state_icon;
  GtkEditableLabel *title_label;
  GtkLabel         *state_label;
  GtkProgressBar   *progress_bar;
  GtkLabel         *detail_label;
  GtkButton        *pause_button;
  GtkButton        *resume_button;
  GtkButton        *retry_button;
  GtkButton        *up_button;
  GtkButton        *down_button;
  GtkButton        *cancel_button;
  GtkButton        *remove_button;

  MdUploadQueue    *queue;
  MdUploadTask     *task;
  guint             countdown_id;  /* while retrying: the next second */
};

G_DEFINE_FINAL_TYPE (MdUploadRow, md_upload_row, GTK_TYPE_LIST_BOX_ROW)

static char *
format_eta (gint64 seconds)
{
  if (seconds < 60)
    return g_strdup_printf (_("%d s left"), (int) seconds);
  if (seconds < 3600)
    return g_strdup_printf (_("%d min left"), (int) ((seconds + 59) / 60));
  return g_strdup_printf (_("%d h %d min left"), (int) (seconds / 3600), (int) (seconds % 3600 / 60));
}

/**
 * md_upload_format_progress:
 * @eta: seconds left, -1 when unknown
 *
 * Returns: e.g. "12.3 MB of 40.0 MB · 5.2 MB/s · 7 s left"; speed and time
 *   only when known
 */
char *
md_upload_format_progress (guint64 sent,
                           guint64 total,
                           double  speed,
                           gint64  eta)
{
  g_autofree char *sent_text = g_format_size (sent);
  g_autofree char *total_text = g_format_size (total);
  GString *text = g_string_new (NULL);

  g_string_printf (text, _("%s of %s"), sent_text, total_text);
  if (speed > 0)
    {
      g_autofree char *speed_text = g_format_size ((guint64) speed);

      g_string_append (text, " · ");
      g_string_append_printf (text, _("%s/s"), speed_text);
    }
  if (eta >= 0 && speed > 0)
    {
      g_autofree char *eta_text = format_eta (eta);

      g_string_append (text, " · ");
      g_string_append (text, eta_text);
    }
  return g_string_free (text, FALSE);
}

/* Whole seconds, rounded up, until the retry of a retrying @task. */
static gint64
retry_seconds_left (MdUploadTask *task,
                    gint64        now)
{
  gint64 deadline = md_upload_task_get_retry_deadline (task);

  if (deadline == 0)
    return md_upload_task_get_retry_seconds (task);
  return MAX (deadline - now + G_USEC_PER_SEC - 1, 0) / G_USEC_PER_SEC;
}

/* The short state shown beside the title; a retry counts down to now. */
char *
md_upload_format_status (MdUploadTask *task)
{
  gint64 left;

  switch (md_upload_task_get_state (task))
    {
    case MD_UPLOAD_TASK_STATE_QUEUED: return g_strdup (_("Waiting"));
    case MD_UPLOAD_TASK_STATE_UPLOADING: return g_strdup (_("Uploading"));
    case MD_UPLOAD_TASK_STATE_PAUSED: return g_strdup (_("Paused"));
    case MD_UPLOAD_TASK_STATE_RETRYING:
      left = retry_seconds_left (task, g_get_monotonic_time ());
      if (left <= 0)
        return g_strdup (_("Retrying now"));
      return g_strdup_printf (_("Retrying in %u s"), (guint) left);
    case MD_UPLOAD_TASK_STATE_PROCESSING: return g_strdup (_("Processing at Mux"));
    case MD_UPLOAD_TASK_STATE_READY: return g_strdup (_("Ready"));
    case MD_UPLOAD_TASK_STATE_CANCELLED: return g_strdup (_("Cancelled"));
    case MD_UPLOAD_TASK_STATE_FAILED:
    default: return g_strdup (_("Failed"));
    }
}

static const char *
icon_for_state (MdUploadTaskState state)
{
  switch (state)
    {
    case MD_UPLOAD_TASK_STATE_READY: return "emblem-ok-symbolic";
    case MD_UPLOAD_TASK_STATE_FAILED: return "dialog-error-symbolic";
    case MD_UPLOAD_TASK_STATE_PAUSED: return "media-playback-pause-symbolic";
    case MD_UPLOAD_TASK_STATE_CANCELLED: return "process-stop-symbolic";
    case MD_UPLOAD_TASK_STATE_QUEUED:
    case MD_UPLOAD_TASK_STATE_UPLOADING:
    case MD_UPLOAD_TASK_STATE_RETRYING:
    case MD_UPLOAD_TASK_STATE_PROCESSING:
    default: return "video-x-generic-symbolic";
    }
}

static void update (MdUploadRow *self);

/* Where the row's upload is in the queue; FALSE when it left it. */
static gboolean
find_position (MdUploadRow *self,
               guint       *out_position,
               guint       *out_n_items)
{
  GListModel *model = G_LIST_MODEL (self->queue);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MdUploadTask) task = g_list_model_get_item (model, i);

      if (task == self->task)
        {
          *out_position = i;
          *out_n_items = n;
          return TRUE;
        }
    }
  return FALSE;
}

/* Up and down only where there is room, and only for waiting uploads. */
static void
update_move_actions (MdUploadRow *self)
{
  MdUploadTaskState state = md_upload_task_get_state (self->task);
  gboolean movable = state == MD_UPLOAD_TASK_STATE_QUEUED || state == MD_UPLOAD_TASK_STATE_PAUSED;
  guint position = 0, n = 0;

  if (!find_position (self, &position, &n))
    movable = FALSE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "upload.move-up", movable && position > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "upload.move-down", movable && position + 1 < n);
}

static void
on_queue_items_changed_cb (GListModel  *model,
                           guint        position,
                           guint        removed,
                           guint        added,
                           MdUploadRow *self)
{
  g_assert (MD_IS_UPLOAD_ROW (self));
  update_move_actions (self);
}

/* Moves the upload by @delta places. The list box makes new rows for the
 * places that changed, so the keyboard focus follows to the new row. */
static void
move_by (MdUploadRow *self,
         int          delta)
{
  GtkWidget *list_box = gtk_widget_get_parent (GTK_WIDGET (self));
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  gboolean had_focus = focus != NULL && (focus == GTK_WIDGET (self) ||
                                         gtk_widget_is_ancestor (focus, GTK_WIDGET (self)));
  gboolean focus_was_down = focus == GTK_WIDGET (self->down_button);
  guint position, n, target;
  GtkListBoxRow *moved;

  if (!find_position (self, &position, &n) ||
      (delta < 0 && position == 0) || (delta > 0 && position + 1 >= n))
    return;

  target = delta < 0 ? position - 1 : position + 1;
  /* The list box drops this row (and makes a new one) while it moves. */
  g_object_ref (self);
  md_upload_queue_move (self->queue, self->task, target);
  g_object_unref (self);

  if (!had_focus || !GTK_IS_LIST_BOX (list_box))
    return;
  moved = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list_box), target);
  if (MD_IS_UPLOAD_ROW (moved))
    {
      GtkWidget *button = GTK_WIDGET (focus_was_down ? MD_UPLOAD_ROW (moved)->down_button
                                                     : MD_UPLOAD_ROW (moved)->up_button);

      if (!(gtk_widget_is_sensitive (button) && gtk_widget_grab_focus (button)))
        gtk_widget_grab_focus (GTK_WIDGET (moved));
    }
}

static void
move_up_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  move_by (MD_UPLOAD_ROW (widget), -1);
}

static void
move_down_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  move_by (MD_UPLOAD_ROW (widget), +1);
}

static gboolean
on_countdown_cb (gpointer user_data)
{
  MdUploadRow *self = MD_UPLOAD_ROW (user_data);

  self->countdown_id = 0;
  update (self);
  return G_SOURCE_REMOVE;
}

/* While retrying, the label changes when the seconds left do. */
static void
schedule_countdown (MdUploadRow *self)
{
  gint64 now = g_get_monotonic_time ();
  gint64 left_us;

  g_clear_handle_id (&self->countdown_id, g_source_remove);
  if (md_upload_task_get_state (self->task) != MD_UPLOAD_TASK_STATE_RETRYING ||
      md_upload_task_get_retry_deadline (self->task) == 0)
    return;

  left_us = md_upload_task_get_retry_deadline (self->task) - now;
  if (left_us <= 0)
    return;
  /* Just past the next whole second left. */
  left_us = left_us % G_USEC_PER_SEC == 0 ? G_USEC_PER_SEC : left_us % G_USEC_PER_SEC;
  self->countdown_id = g_timeout_add ((guint) (left_us / 1000) + 1, on_countdown_cb, self);
}

static void
update (MdUploadRow *self)
{
  MdUploadTask *task = self->task;
  MdUploadTaskState state = md_upload_task_get_state (task);
  guint64 total = md_upload_task_get_total_bytes (task);
  guint64 sent = md_upload_task_get_bytes_sent (task);
  g_autofree char *status = md_upload_format_status (task);
  g_autofree char *detail = NULL;
  gboolean failed = state == MD_UPLOAD_TASK_STATE_FAILED;
  gboolean running = state == MD_UPLOAD_TASK_STATE_UPLOADING || state == MD_UPLOAD_TASK_STATE_RETRYING;
  /* A retry sends nothing while it waits: no speed, no time left. */
  gboolean sending = state == MD_UPLOAD_TASK_STATE_UPLOADING;
  gboolean finished = state == MD_UPLOAD_TASK_STATE_READY || state == MD_UPLOAD_TASK_STATE_CANCELLED;
  gboolean movable = state == MD_UPLOAD_TASK_STATE_QUEUED || state == MD_UPLOAD_TASK_STATE_PAUSED;

  gtk_label_set_label (self->state_label, status);
  schedule_countdown (self);
  gtk_image_set_from_icon_name (self->state_icon, icon_for_state (state));
  gtk_progress_bar_set_fraction (self->progress_bar, total > 0 ? (double) sent / total : 0);

  if (failed)
    detail = g_strdup (md_upload_task_get_error_message (task));
  else if (state == MD_UPLOAD_TASK_STATE_READY)
    detail = g_format_size (total);
  else if (state == MD_UPLOAD_TASK_STATE_PROCESSING)
    detail = g_strdup (_("Every byte arrived; Mux is preparing the video."));
  else if (total > 0)
    detail = md_upload_format_progress (sent, total, sending ? md_upload_task_get_speed (task) : 0,
                                        sending ? md_upload_task_get_eta (task) : -1);
  else
    detail = g_strdup (md_upload_task_get_path (task));

  if (md_upload_task_get_notice (task) != NULL && !failed)
    {
      char *with_notice = g_strconcat (detail, " — ", md_upload_task_get_notice (task), NULL);

      g_free (detail);
      detail = with_notice;
    }
  gtk_label_set_label (self->detail_label, detail);

  if (failed)
    gtk_widget_add_css_class (GTK_WIDGET (self->detail_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->detail_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), !failed && state != MD_UPLOAD_TASK_STATE_READY);

  gtk_widget_set_visible (GTK_WIDGET (self->pause_button), running || state == MD_UPLOAD_TASK_STATE_QUEUED);
  gtk_widget_set_visible (GTK_WIDGET (self->resume_button), state == MD_UPLOAD_TASK_STATE_PAUSED);
  gtk_widget_set_visible (GTK_WIDGET (self->retry_button), failed);
  gtk_widget_set_visible (GTK_WIDGET (self->up_button), movable);
  gtk_widget_set_visible (GTK_WIDGET (self->down_button), movable);
  update_move_actions (self);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), !finished && !failed &&
                                                            state != MD_UPLOAD_TASK_STATE_PROCESSING);
  gtk_widget_set_visible (GTK_WIDGET (self->remove_button), finished || failed ||
                                                            state == MD_UPLOAD_TASK_STATE_PROCESSING);

  /* The title goes to Mux with the upload, so it is editable until then. */
  gtk_editable_set_editable (GTK_EDITABLE (self->title_label), md_upload_task_get_upload_id (task) == NULL);
}

static void
on_task_notify_cb (MdUploadRow *self)
{
  g_assert (MD_IS_UPLOAD_ROW (self));
  update (self);
}

static void
on_title_editing_cb (GtkEditableLabel *label,
                     GParamSpec       *pspec,
                     MdUploadRow      *self)
{
  const char *text;

  g_assert (MD_IS_UPLOAD_ROW (self));

  if (gtk_editable_label_get_editing (label))
    return;
  text = gtk_editable_get_text (GTK_EDITABLE (label));
  if (text != NULL && *text != '\0')
    md_upload_task_set_title (self->task, text);
  else
    gtk_editable_set_text (GTK_EDITABLE (label), md_upload_task_get_title (self->task));
}

static void
on_pause_button_clicked_cb (GtkButton   *button,
                            MdUploadRow *self)
{
  g_assert (MD_IS_UPLOAD_ROW (self));
  md_upload_queue_pause (self->queue, self->task);
}

static void
on_resume_button_clicked_cb (GtkButton   *button,
                             MdUploadRow *self)
{
  g_assert (MD_IS_UPLOAD_ROW (self));
  md_upload_queue_resume (self->queue, self->task);
}

static void
on_retry_button_clicked_cb (GtkButton   *button,
                            MdUploadRow *self)
{
  g_assert (MD_IS_UPLOAD_ROW (self));
  md_upload_queue_retry (self->queue, self->task);
}

static void
on_cancel_button_clicked_cb (GtkButton   *button,
                             MdUploadRow *self)
{
  g_assert (MD_IS_UPLOAD_ROW (self));
  md_upload_queue_cancel (self->queue, self->task);
}

static void
on_remove_button_clicked_cb (GtkButton   *button,
                             MdUploadRow *self)
{
  g_assert (MD_IS_UPLOAD_ROW (self));
  md_upload_queue_remove (self->queue, self->task);
}

static void
md_upload_row_dispose (GObject *object)
{
  MdUploadRow *self = MD_UPLOAD_ROW (object);

  g_clear_handle_id (&self->countdown_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), MD_TYPE_UPLOAD_ROW);
  g_clear_object (&self->task);
  g_clear_object (&self->queue);

  G_OBJECT_CLASS (md_upload_row_parent_class)->dispose (object);
}

static void
md_upload_row_class_init (MdUploadRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = md_upload_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/muxdesk/Muxdesk/ui/md-upload-row.ui");
  gtk_widget_class_bind_template_child (widget_class, MdUploadRow, state_icon);
  gtk_widget_class_bind_template_child (widget_class, MdUploadRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, MdUploadRow, state_label);
  gtk_widget_class_bind_template_child (widget_class, MdUploadRow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, MdUploadRow, detail_label);
  gtk_widget_class_bind_template_child (widget_class, MdUploadRow, pause_button);
  gtk_widget_class_bind_template_child (widget_class, MdUploadRow, resume_button);
  gtk_widget_class_bind_template_child (widget_class, MdUploadRow, retry_button);
  gtk_widget_class_bind_template_child (widget_class, MdUploadRow, up_button);
  gtk_widget_class_bind_template_child (widget_class, MdUploadRow, down_button);
  gtk_widget_class_bind_template_child (widget_class, MdUploadRow, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, MdUploadRow, remove_button);
  gtk_widget_class_bind_template_callback (widget_class, on_title_editing_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_pause_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_resume_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_retry_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_remove_button_clicked_cb);

  gtk_widget_class_install_action (widget_class, "upload.move-up", NULL, move_up_activated);
  gtk_widget_class_install_action (widget_class, "upload.move-down", NULL, move_down_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK, "upload.move-up", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK, "upload.move-down", NULL);
}

static void
md_upload_row_init (MdUploadRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * md_upload_row_new:
 * @queue: the queue @task is in
 * @task: the upload to show
 *
 * Returns: (transfer floating): a row that follows @task
 */
GtkWidget *
md_upload_row_new (MdUploadQueue *queue,
                   MdUploadTask  *task)
{
  MdUploadRow *self;
  static const char *const watched[] = {
    "notify::state", "notify::bytes-sent", "notify::speed", "notify::eta",
    "notify::retry-seconds", "notify::retry-deadline", "notify::error-message", "notify::notice",
    "notify::total-bytes", "notify::upload-id",
  };

  g_return_val_if_fail (MD_IS_UPLOAD_QUEUE (queue), NULL);
  g_return_val_if_fail (MD_IS_UPLOAD_TASK (task), NULL);

  self = g_object_new (MD_TYPE_UPLOAD_ROW, NULL);
  self->queue = g_object_ref (queue);
  self->task = g_object_ref (task);

  gtk_editable_set_text (GTK_EDITABLE (self->title_label), md_upload_task_get_title (task));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->state_label), md_upload_task_get_path (task));
  for (guint i = 0; i < G_N_ELEMENTS (watched); i++)
    g_signal_connect_object (task, watched[i], G_CALLBACK (on_task_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (queue, "items-changed", G_CALLBACK (on_queue_items_changed_cb), self, 0);
  update (self);

  return GTK_WIDGET (self);
}

MdUploadTask *
md_upload_row_get_task (MdUploadRow *self)
{
  g_return_val_if_fail (MD_IS_UPLOAD_ROW (self), NULL);
  return self->task;
}
