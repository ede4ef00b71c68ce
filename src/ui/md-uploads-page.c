/* md-uploads-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The uploads page: a row per upload of an MdUploadQueue, a file chooser,
 * and desktop notifications when an asset is ready or an upload fails. The
 * upload defaults (parallel uploads, chunk size, policy, quality) follow
 * GSettings while the page holds the queue.
 */

#define G_LOG_DOMAIN "md-uploads-page"

#include "config.h"

#include "md-uploads-page.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "md-mux-enumtypes.h"
#include "md-upload-row.h"

struct _MdUploadsPage
{
  GtkWidget             parent_instance;

  GtkStack             *stack;
  GtkLabel             *summary_label;
  GtkListBox           *list_box;

  MdUploadQueue        *queue;
  GSettings            *settings;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (MdUploadsPage, md_uploads_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_QUEUE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  MdUploadsPage *self = MD_UPLOADS_PAGE (user_data);

  return md_upload_row_new (self->queue, MD_UPLOAD_TASK (item));
}

static void
update_summary (MdUploadsPage *self)
{
  guint n = self->queue ? g_list_model_get_n_items (G_LIST_MODEL (self->queue)) : 0;
  guint active = self->queue ? md_upload_queue_get_n_active (self->queue) : 0;
  g_autofree char *summary = NULL;

  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");

  if (active > 0)
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u upload running", "%u uploads running", active),
                               active);
  else
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u upload", "%u uploads", n), n);
  gtk_label_set_label (self->summary_label, summary);
}

static void
notify_task (MdUploadTask *task)
{
  GApplication *app = g_application_get_default ();
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *title = NULL;
  g_autofree char *id = g_strdup_printf ("upload-%p", task);

  /* A task may finish while its application is starting or has shut down. */
  if (app == NULL || !g_application_get_is_registered (app) ||
      g_application_get_dbus_connection (app) == NULL)
    return;

  if (md_upload_task_get_state (task) == MD_UPLOAD_TASK_STATE_READY)
    {
      title = g_strdup_printf (_("“%s” is ready"), md_upload_task_get_title (task));
      notification = g_notification_new (title);
      g_notification_set_body (notification, _("The video finished processing at Mux and can be played."));
    }
  else
    {
      title = g_strdup_printf (_("Upload of “%s” failed"), md_upload_task_get_title (task));
      notification = g_notification_new (title);
      g_notification_set_body (notification, md_upload_task_get_error_message (task));
      g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
    }
  g_application_send_notification (app, id, notification);
}

static void
on_task_state_cb (MdUploadTask  *task,
                  GParamSpec    *pspec,
                  MdUploadsPage *self)
{
  MdUploadTaskState state = md_upload_task_get_state (task);

  g_assert (MD_IS_UPLOADS_PAGE (self));

  if (state == MD_UPLOAD_TASK_STATE_READY || state == MD_UPLOAD_TASK_STATE_FAILED)
    notify_task (task);
  update_summary (self);
}

static void
on_queue_items_changed_cb (GListModel    *model,
                           guint          position,
                           guint          removed,
                           guint          added,
                           MdUploadsPage *self)
{
  g_assert (MD_IS_UPLOADS_PAGE (self));

  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(MdUploadTask) task = g_list_model_get_item (model, i);

      g_signal_handlers_disconnect_by_func (task, on_task_state_cb, self);
      g_signal_connect_object (task, "notify::state", G_CALLBACK (on_task_state_cb), self, 0);
    }
  update_summary (self);
}

static void
on_queue_n_active_cb (MdUploadsPage *self)
{
  g_assert (MD_IS_UPLOADS_PAGE (self));
  update_summary (self);
}

/* GSettings -> queue defaults */
static void
apply_settings (MdUploadsPage *self)
{
  g_autoptr(GEnumClass) policies = NULL;
  g_autoptr(GEnumClass) qualities = NULL;
  g_autofree char *policy = NULL;
  g_autofree char *quality = NULL;
  g_autofree char *tier = NULL;
  GEnumValue *policy_value, *quality_value;

  if (self->queue == NULL || self->settings == NULL)
    return;

  policies = g_type_class_ref (MD_TYPE_PLAYBACK_POLICY);
  qualities = g_type_class_ref (MD_TYPE_VIDEO_QUALITY);
  policy = g_settings_get_string (self->settings, "upload-playback-policy");
  quality = g_settings_get_string (self->settings, "upload-video-quality");
  policy_value = g_enum_get_value_by_nick (policies, policy);
  quality_value = g_enum_get_value_by_nick (qualities, quality);

  md_upload_queue_set_defaults (self->queue,
                                policy_value ? policy_value->value : MD_PLAYBACK_POLICY_PUBLIC,
                                quality_value ? quality_value->value : MD_VIDEO_QUALITY_BASIC,
                                (guint64) g_settings_get_uint (self->settings, "upload-chunk-size-mib") * 1024 * 1024);
  md_upload_queue_set_parallel (self->queue, g_settings_get_uint (self->settings, "upload-parallel"));
  tier = g_settings_get_string (self->settings, "upload-max-resolution");
  md_upload_queue_set_max_resolution_tier (self->queue, tier);
}

static void
on_settings_changed_cb (MdUploadsPage *self)
{
  g_assert (MD_IS_UPLOADS_PAGE (self));
  apply_settings (self);
}

static void
on_chooser_response_cb (GtkNativeDialog *dialog,
                        int              response,
                        MdUploadsPage   *self)
{
  g_assert (MD_IS_UPLOADS_PAGE (self));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GPtrArray) array = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        g_ptr_array_add (array, g_list_model_get_item (files, i));
      md_uploads_page_add_files (self, (GFile *const *) array->pdata, array->len);
    }
  g_clear_object (&self->chooser);
}

static void
on_add_button_clicked_cb (MdUploadsPage *self)
{
  g_assert (MD_IS_UPLOADS_PAGE (self));
  md_uploads_page_choose_files (self);
}

static void
on_file_added_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(MdUploadTask) task = NULL;
  g_autoptr(GError) error = NULL;

  /* A refused file already has a failed row saying why. */
  task = md_upload_queue_add_file_finish (MD_UPLOAD_QUEUE (object), result, &error);
  if (task == NULL)
    g_debug ("File not queued: %s", error->message);
}

static void
upload_files_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  MdUploadsPage *self = MD_UPLOADS_PAGE (user_data);
  g_autofree const char **paths = g_variant_get_strv (parameter, NULL);

  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (paths[i]);

      md_uploads_page_add_files (self, &file, 1);
    }
}

static void
choose_files_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  md_uploads_page_choose_files (MD_UPLOADS_PAGE (user_data));
}

static void
md_uploads_page_dispose (GObject *object)
{
  MdUploadsPage *self = MD_UPLOADS_PAGE (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->queue != NULL)
    g_signal_handlers_disconnect_by_data (self->queue, self);
  g_clear_object (&self->queue);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), MD_TYPE_UPLOADS_PAGE);

  G_OBJECT_CLASS (md_uploads_page_parent_class)->dispose (object);
}

static void
md_uploads_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  MdUploadsPage *self = MD_UPLOADS_PAGE (object);

  switch (prop_id)
    {
    case PROP_QUEUE:
      g_value_set_object (value, self->queue);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_uploads_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  MdUploadsPage *self = MD_UPLOADS_PAGE (object);

  switch (prop_id)
    {
    case PROP_QUEUE:
      md_uploads_page_set_queue (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_uploads_page_class_init (MdUploadsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = md_uploads_page_dispose;
  object_class->get_property = md_uploads_page_get_property;
  object_class->set_property = md_uploads_page_set_property;

  properties[PROP_QUEUE] =
    g_param_spec_object ("queue", NULL, NULL, MD_TYPE_UPLOAD_QUEUE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/muxdesk/Muxdesk/ui/md-uploads-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MdUploadsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, MdUploadsPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, MdUploadsPage, list_box);
  gtk_widget_class_bind_template_callback (widget_class, on_add_button_clicked_cb);
}

static void
md_uploads_page_init (MdUploadsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (APP_ID);
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (on_settings_changed_cb), self, G_CONNECT_SWAPPED);
  update_summary (self);
}

GtkWidget *
md_uploads_page_new (void)
{
  return g_object_new (MD_TYPE_UPLOADS_PAGE, NULL);
}

MdUploadQueue *
md_uploads_page_get_queue (MdUploadsPage *self)
{
  g_return_val_if_fail (MD_IS_UPLOADS_PAGE (self), NULL);
  return self->queue;
}

/**
 * md_uploads_page_set_queue:
 * @queue: (nullable): the uploads of the active environment
 *
 * Shows @queue and applies the upload settings to it.
 */
void
md_uploads_page_set_queue (MdUploadsPage *self,
                           MdUploadQueue *queue)
{
  g_return_if_fail (MD_IS_UPLOADS_PAGE (self));
  g_return_if_fail (queue == NULL || MD_IS_UPLOAD_QUEUE (queue));

  if (self->queue == queue)
    return;

  if (self->queue != NULL)
    g_signal_handlers_disconnect_by_data (self->queue, self);
  g_set_object (&self->queue, queue);

  gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (queue), queue ? create_row_cb : NULL, self, NULL);
  if (queue != NULL)
    {
      g_signal_connect_object (queue, "items-changed", G_CALLBACK (on_queue_items_changed_cb), self, 0);
      g_signal_connect_object (queue, "notify::n-active", G_CALLBACK (on_queue_n_active_cb), self,
                               G_CONNECT_SWAPPED);
      on_queue_items_changed_cb (G_LIST_MODEL (queue), 0, 0, g_list_model_get_n_items (G_LIST_MODEL (queue)), self);
      apply_settings (self);
    }
  update_summary (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUE]);
}

/**
 * md_uploads_page_add_files:
 *
 * Queues the files; folders, empty and unreadable files get a failed row
 * with the reason, and the rest go on.
 */
void
md_uploads_page_add_files (MdUploadsPage *self,
                           GFile *const  *files,
                           guint          n_files)
{
  g_return_if_fail (MD_IS_UPLOADS_PAGE (self));
  g_return_if_fail (self->queue != NULL);

  for (guint i = 0; i < n_files; i++)
    {
      g_autofree char *path = g_file_get_path (files[i]);

      if (path == NULL)
        continue;   /* not a local file: nothing to read */
      md_upload_queue_add_file_async (self->queue, path, NULL, NULL, on_file_added_cb, NULL);
    }
}

/* Opens the file chooser: several files, video and audio first. */
void
md_uploads_page_choose_files (MdUploadsPage *self)
{
  GtkRoot *root;
  g_autoptr(GtkFileFilter) media = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  g_return_if_fail (MD_IS_UPLOADS_PAGE (self));

  if (self->chooser != NULL || self->queue == NULL)
    return;

  root = gtk_widget_get_root (GTK_WIDGET (self));
  self->chooser = gtk_file_chooser_native_new (_("Upload Videos"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Upload"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (self->chooser), TRUE);

  gtk_file_filter_set_name (media, _("Video and audio"));
  gtk_file_filter_add_mime_type (media, "video/*");
  gtk_file_filter_add_mime_type (media, "audio/*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), media);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/**
 * md_uploads_page_install_actions:
 * @map: e.g. the window
 *
 * Adds `upload-files` (parameter `as`: paths or URIs; the drop target and
 * `muxdesk FILE…` use it) and `choose-upload-files` (the file chooser).
 */
void
md_uploads_page_install_actions (MdUploadsPage *self,
                                 GActionMap    *map)
{
  const GActionEntry entries[] = {
    { "upload-files", upload_files_activated, "as", NULL, NULL, { 0 } },
    { "choose-upload-files", choose_files_activated, NULL, NULL, NULL, { 0 } },
  };

  g_return_if_fail (MD_IS_UPLOADS_PAGE (self));
  g_return_if_fail (G_IS_ACTION_MAP (map));

  g_action_map_add_action_entries (map, entries, G_N_ELEMENTS (entries), self);
}
