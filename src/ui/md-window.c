/* md-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-window"

#include "config.h"

#include <glib/gi18n.h>

#include "md-engagement-panel.h"
#include "md-keyring.h"
#include "md-library-page.h"
#include "md-player-page.h"
#include "md-stream-source.h"
#include "md-thumbnail-cache.h"
#include "md-upload-progress.h"
#include "md-uploads-close-dialog.h"
#include "md-uploads-page.h"
#include "md-window-dnd.h"
#include "md-window.h"

struct _MdWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  GtkStack             *shell_stack;
  AdwWindowTitle       *window_title;
  AdwStatusPage        *loading_page;
  GtkSpinner           *loading_spinner;
  AdwStatusPage        *problem_page;
  GtkButton            *retry_button;
  MdLibraryPage        *library_page;
  MdPlayerPage         *player_page;
  MdUploadsPage        *uploads_page;
  MdUploadProgress     *upload_progress;
  AdwWindowTitle       *player_title;
  GMenu                *environment_menu;
  GMenu                *environment_section;
  GMenuModel           *primary_menu;

  GSettings            *settings;
  MdEnvironmentStore   *store;
  MdSession            *session;
  GCancellable         *open_cancellable;
  /* What "Try Again" re-opens after a keyring problem. */
  MdEnvironment        *retry_environment;
  /* Files handed over before an environment was open (`muxdesk FILE…`). */
  GPtrArray            *pending_files;
  /* Set while the window is closed but its uploads go on; the application
   * is held until they are done. */
  MdUploadQueue        *background_queue;
  GApplication         *held_application;
};

G_DEFINE_FINAL_TYPE (MdWindow, md_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
md_window_show_shell_page (MdWindow   *self,
                           const char *name)
{
  gtk_spinner_set_spinning (self->loading_spinner, g_str_equal (name, "loading"));
  gtk_stack_set_visible_child_name (self->shell_stack, name);
  gtk_stack_set_visible_child_name (self->main_stack, "shell");
}

static void
md_window_update_title (MdWindow *self)
{
  MdEnvironment *environment = self->session ? md_session_get_environment (self->session) : NULL;

  adw_window_title_set_subtitle (self->window_title,
                                 environment ? md_environment_get_display_name (environment) : NULL);
}

static void
md_window_rebuild_environment_menu (MdWindow *self)
{
  GListModel *model = G_LIST_MODEL (self->store);
  guint n_items = g_list_model_get_n_items (model);

  g_menu_remove_all (self->environment_section);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(MdEnvironment) environment = g_list_model_get_item (model, i);
      g_autoptr(GMenuItem) item = g_menu_item_new (md_environment_get_display_name (environment), NULL);

      g_menu_item_set_action_and_target (item, "win.environment", "s",
                                         md_environment_get_id (environment));
      g_menu_append_item (self->environment_section, item);
    }
}

static void
on_store_items_changed_cb (MdWindow   *self,
                           guint       position,
                           guint       removed,
                           guint       added,
                           GListModel *model)
{
  g_assert (MD_IS_WINDOW (self));

  md_window_rebuild_environment_menu (self);
}

static void
md_window_set_session (MdWindow  *self,
                       MdSession *session)
{
  GAction *action;

  if (!g_set_object (&self->session, session))
    return;

  md_uploads_page_set_queue (self->uploads_page, session ? md_session_get_upload_queue (session) : NULL);
  md_upload_progress_set_queue (self->upload_progress, session ? md_session_get_upload_queue (session) : NULL);

  action = g_action_map_lookup_action (G_ACTION_MAP (self), "environment");
  g_simple_action_set_state (G_SIMPLE_ACTION (action),
                             g_variant_new_string (session
                                                   ? md_environment_get_id (md_session_get_environment (session))
                                                   : ""));
  md_window_update_title (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

static void
md_window_upload_pending_files (MdWindow *self)
{
  g_autoptr(GPtrArray) files = g_steal_pointer (&self->pending_files);

  if (files != NULL && files->len > 0)
    md_window_dnd_upload_files (GTK_WINDOW (self), (GFile **) files->pdata, files->len);
}

static void
on_uploads_restored_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(MdWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  GListModel *queue = G_LIST_MODEL (object);
  guint restored = 0;

  md_upload_queue_restore_finish (MD_UPLOAD_QUEUE (object), result, &error);
  /* Only what goes on by itself resumes: paused and failed uploads come
   * back as they were left. */
  for (guint i = 0; error == NULL && i < g_list_model_get_n_items (queue); i++)
    {
      g_autoptr(MdUploadTask) task = g_list_model_get_item (queue, i);
      MdUploadTaskState state = md_upload_task_get_state (task);

      if (state != MD_UPLOAD_TASK_STATE_PAUSED && state != MD_UPLOAD_TASK_STATE_FAILED)
        restored++;
    }

  if (error != NULL)
    md_window_add_toast (self, error->message);
  else if (restored > 0)
    {
      g_autofree char *message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                               "Resuming %u upload",
                                                               "Resuming %u uploads", restored),
                                                  restored);
      md_window_add_toast (self, message);
    }

  md_window_upload_pending_files (self);
}

/* A new asset from an upload shows up in the library as soon as Mux has it. */
static void
on_upload_task_asset_id_cb (MdWindow   *self,
                            GParamSpec *pspec,
                            GObject    *task)
{
  g_assert (MD_IS_WINDOW (self));

  if (self->session != NULL)
    md_library_page_refresh (self->library_page);
}

static void
on_upload_queue_items_changed_cb (MdWindow   *self,
                                  guint       position,
                                  guint       removed,
                                  guint       added,
                                  GListModel *queue)
{
  g_assert (MD_IS_WINDOW (self));

  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GObject) task = g_list_model_get_item (queue, i);

      g_signal_connect_object (task, "notify::asset-id",
                               G_CALLBACK (on_upload_task_asset_id_cb), self,
                               G_CONNECT_SWAPPED);
    }
}

static void
on_session_opened_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(MdWindow) self = user_data;
  g_autoptr(MdSession) session = NULL;
  g_autoptr(GError) error = NULL;

  session = md_session_open_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->open_cancellable);

  if (session == NULL)
    {
      if (error->domain == MD_KEYRING_ERROR)
        md_window_show_problem (self, _("The Keyring Is Not Available"), error->message, "win.retry");
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED))
        md_window_show_problem (self, _("The Demo Stopped"), error->message, "app.demo");
      else
        md_window_show_problem (self, _("Cannot Open This Environment"), error->message, "app.sign-in");
      return;
    }

  g_clear_object (&self->retry_environment);
  md_window_set_session (self, session);

  /* The cache first: its list shows at once, then the live one replaces it. */
  md_library_page_set_cache (self->library_page, md_session_get_library_cache (session));
  md_library_page_set_signer (self->library_page, md_session_get_signer (session));
  md_library_page_set_client (self->library_page, md_session_get_client (session));
  gtk_stack_set_visible_child_name (self->main_stack, "library");

  md_upload_queue_restore_async (md_session_get_upload_queue (session), NULL,
                                 on_uploads_restored_cb, g_object_ref (self));
  g_signal_connect_object (md_session_get_upload_queue (session), "items-changed",
                           G_CALLBACK (on_upload_queue_items_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

/* Called by the player on open and on every Retry: a fresh token each time. */
static char *
stream_source_build_uri (gpointer   user_data,
                         GError   **error)
{
  return md_stream_source_build_uri (MD_STREAM_SOURCE (user_data), error);
}

static void
on_library_page_play_asset_cb (MdWindow      *self,
                               MdAsset       *asset,
                               MdPlaybackId  *playback_id,
                               MdLibraryPage *page)
{
  MdStreamSource *source;
  g_autofree char *storyboard = NULL;
  const char *title;

  g_assert (MD_IS_WINDOW (self));
  g_return_if_fail (self->session != NULL);

  source = md_stream_source_new (md_session_get_client (self->session), playback_id,
                                 md_session_get_signer (self->session), md_asset_get_duration (asset));
  storyboard = md_stream_source_build_storyboard_uri (source);

  title = md_asset_get_title (asset);
  if (title == NULL || title[0] == '\0')
    title = md_asset_get_id (asset);
  adw_window_title_set_title (self->player_title, title);
  adw_window_title_set_subtitle (self->player_title,
                                 md_environment_get_display_name (md_session_get_environment (self->session)));

  gtk_stack_set_visible_child_name (self->main_stack, "player");
  md_player_page_open (self->player_page, stream_source_build_uri, source,
                       g_object_unref, title, storyboard);
  md_engagement_panel_attach (self->player_page, md_session_get_client (self->session),
                              md_session_get_signer (self->session),
                              md_session_get_engagement_choices (self->session), asset, playback_id);
  gtk_widget_grab_focus (GTK_WIDGET (self->player_page));
}

/* An active live stream plays its live playlist: the page shows the LIVE
 * badge and seeks within the DVR window. A live stream is no asset: no
 * heatmap nor hotspots on its timeline, only its live counts. */
static void
on_library_page_play_live_stream_cb (MdWindow      *self,
                                     MdLiveStream  *live_stream,
                                     MdPlaybackId  *playback_id,
                                     MdLibraryPage *page)
{
  MdStreamSource *source;
  const char *title;

  g_assert (MD_IS_WINDOW (self));
  g_return_if_fail (self->session != NULL);

  source = md_stream_source_new (md_session_get_client (self->session), playback_id,
                                 md_session_get_signer (self->session), 0);

  title = md_live_stream_get_title (live_stream);
  if (title == NULL || title[0] == '\0')
    title = md_live_stream_get_id (live_stream);
  adw_window_title_set_title (self->player_title, title);
  adw_window_title_set_subtitle (self->player_title,
                                 md_environment_get_display_name (md_session_get_environment (self->session)));

  gtk_stack_set_visible_child_name (self->main_stack, "player");
  md_player_page_open (self->player_page, stream_source_build_uri, source,
                       g_object_unref, title, NULL);
  md_engagement_panel_attach_live_stream (self->player_page, md_session_get_client (self->session),
                                          md_session_get_signer (self->session), live_stream);
  gtk_widget_grab_focus (GTK_WIDGET (self->player_page));
}

static void
md_window_save_state (MdWindow *self)
{
  int width;
  int height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
}

static void on_uploads_idle_cb (MdWindow      *self,
                                GParamSpec    *pspec,
                                MdUploadQueue *queue);

static void
md_window_leave_background (MdWindow *self)
{
  if (self->background_queue == NULL)
    return;

  g_signal_handlers_disconnect_by_func (self->background_queue, on_uploads_idle_cb, self);
  g_clear_object (&self->background_queue);
  g_application_release (self->held_application);
  g_clear_object (&self->held_application);
}

static void
on_uploads_idle_cb (MdWindow      *self,
                    GParamSpec    *pspec,
                    MdUploadQueue *queue)
{
  g_assert (MD_IS_WINDOW (self));
  g_assert (MD_IS_UPLOAD_QUEUE (queue));

  if (md_upload_queue_get_n_active (queue) > 0)
    return;

  /* The uploads kept alive by a closed window are done: let the app go. */
  md_window_leave_background (self);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* Hides the window and holds the application until the uploads end. */
static void
md_window_keep_uploading_in_background (MdWindow *self)
{
  g_assert (self->session != NULL);

  if (self->background_queue != NULL)
    return;

  self->background_queue = g_object_ref (md_session_get_upload_queue (self->session));
  /* Held through the window's own application, which a window being
   * destroyed no longer knows. */
  self->held_application = G_APPLICATION (g_object_ref (gtk_window_get_application (GTK_WINDOW (self))));
  g_application_hold (self->held_application);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  g_signal_connect_object (self->background_queue, "notify::n-active",
                           G_CALLBACK (on_uploads_idle_cb), self, G_CONNECT_SWAPPED);
}

/* Shown again (the app was activated while uploading in the background):
 * the window is the user's again and no longer goes with the uploads. */
static void
on_visible_changed_cb (MdWindow *self)
{
  g_assert (MD_IS_WINDOW (self));

  if (gtk_widget_get_visible (GTK_WIDGET (self)))
    md_window_leave_background (self);
}

static void
on_close_answered_cb (gboolean keep_uploading,
                      gpointer user_data)
{
  MdWindow *self = user_data;

  if (keep_uploading && self->session != NULL)
    {
      md_window_keep_uploading_in_background (self);
      return;
    }

  gtk_window_destroy (GTK_WINDOW (self));
}

static gboolean
md_window_close_request (GtkWindow *window)
{
  MdWindow *self = MD_WINDOW (window);

  md_window_save_state (self);

  /* Uploads in flight: keep going in the background if the preferences say
   * so, else ask whether to keep going or pause. */
  if (self->session != NULL &&
      md_upload_queue_get_n_active (md_session_get_upload_queue (self->session)) > 0 &&
      g_settings_get_boolean (self->settings, "upload-keep-running"))
    {
      md_window_keep_uploading_in_background (self);
      return TRUE;
    }
  if (self->session != NULL &&
      md_uploads_confirm_close (window, md_session_get_upload_queue (self->session),
                                on_close_answered_cb, self))
    return TRUE;

  return GTK_WINDOW_CLASS (md_window_parent_class)->close_request (window);
}

static void
md_window_environment_change_state (GSimpleAction *action,
                                    GVariant      *state,
                                    gpointer       user_data)
{
  MdWindow *self = user_data;
  MdEnvironment *environment;

  environment = md_environment_store_lookup (self->store, g_variant_get_string (state, NULL));
  if (environment == NULL)
    return;

  md_environment_store_set_active_async (self->store, environment, NULL, NULL, NULL);
  md_window_open_environment (self, environment);
}

static void
md_window_retry_action (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  MdWindow *self = user_data;

  if (self->retry_environment != NULL)
    {
      g_autoptr(MdEnvironment) environment = g_object_ref (self->retry_environment);

      md_window_open_environment (self, environment);
    }
  else
    md_window_show_welcome (self);
}

static void
md_window_back_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  MdWindow *self = user_data;
  const char *page = gtk_stack_get_visible_child_name (self->main_stack);

  if (g_strcmp0 (page, "player") == 0)
    md_player_page_close (self->player_page);
  else if (g_strcmp0 (page, "uploads") != 0)
    return;

  gtk_stack_set_visible_child_name (self->main_stack, "library");
}

static void
md_window_show_uploads_action (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
  MdWindow *self = user_data;

  if (self->session != NULL)
    gtk_stack_set_visible_child_name (self->main_stack, "uploads");
}

static const GActionEntry window_actions[] = {
  { "back", md_window_back_action },
  { "environment", NULL, "s", "''", md_window_environment_change_state },
  { "retry", md_window_retry_action },
  { "show-uploads", md_window_show_uploads_action },
};

/* The library brings its own header bar; give it the window's menus too. */
static void
md_window_adopt_header_bar (MdWindow     *self,
                            AdwHeaderBar *header_bar)
{
  GtkWidget *environment_button = gtk_menu_button_new ();
  GtkWidget *primary_button = gtk_menu_button_new ();
  GtkWidget *upload_button = gtk_button_new_from_icon_name ("list-add-symbolic");

  gtk_widget_set_name (environment_button, "library_environment_button");
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (environment_button), "network-server-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (environment_button), G_MENU_MODEL (self->environment_menu));
  gtk_widget_set_tooltip_text (environment_button, _("Environments"));
  adw_header_bar_pack_start (header_bar, environment_button);

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (primary_button), "open-menu-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (primary_button), self->primary_menu);
  gtk_menu_button_set_primary (GTK_MENU_BUTTON (primary_button), TRUE);
  gtk_widget_set_tooltip_text (primary_button, _("Main Menu"));
  adw_header_bar_pack_end (header_bar, primary_button);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (upload_button), "win.choose-upload-files");
  gtk_widget_set_tooltip_text (upload_button, _("Upload Videos…"));
  adw_header_bar_pack_start (header_bar, upload_button);

  self->upload_progress = MD_UPLOAD_PROGRESS (md_upload_progress_new ());
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->upload_progress), "win.show-uploads");
  adw_header_bar_pack_start (header_bar, GTK_WIDGET (self->upload_progress));
}

static void
md_window_dispose (GObject *object)
{
  MdWindow *self = MD_WINDOW (object);

  g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
  g_clear_object (&self->retry_environment);
  g_clear_pointer (&self->pending_files, g_ptr_array_unref);
  md_window_leave_background (self);
  g_clear_object (&self->session);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), MD_TYPE_WINDOW);

  G_OBJECT_CLASS (md_window_parent_class)->dispose (object);
}

static void
md_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  MdWindow *self = MD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_window_class_init (MdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = md_window_dispose;
  object_class->get_property = md_window_get_property;
  window_class->close_request = md_window_close_request;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         MD_TYPE_SESSION,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/muxdesk/Muxdesk/ui/md-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MdWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MdWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, MdWindow, shell_stack);
  gtk_widget_class_bind_template_child (widget_class, MdWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, MdWindow, loading_page);
  gtk_widget_class_bind_template_child (widget_class, MdWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, MdWindow, problem_page);
  gtk_widget_class_bind_template_child (widget_class, MdWindow, retry_button);
  gtk_widget_class_bind_template_child (widget_class, MdWindow, library_page);
  gtk_widget_class_bind_template_child (widget_class, MdWindow, player_page);
  gtk_widget_class_bind_template_child (widget_class, MdWindow, uploads_page);
  gtk_widget_class_bind_template_child (widget_class, MdWindow, player_title);
  gtk_widget_class_bind_template_child (widget_class, MdWindow, environment_menu);
  gtk_widget_class_bind_template_child (widget_class, MdWindow, environment_section);
  gtk_widget_class_bind_template_child (widget_class, MdWindow, primary_menu);
  gtk_widget_class_bind_template_callback (widget_class, on_library_page_play_asset_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_library_page_play_live_stream_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.back", NULL);

  g_type_ensure (MD_TYPE_LIBRARY_PAGE);
  g_type_ensure (MD_TYPE_PLAYER_PAGE);
  g_type_ensure (MD_TYPE_UPLOADS_PAGE);
}

static void
md_window_init (MdWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_action_map_add_action_entries (G_ACTION_MAP (self), window_actions,
                                   G_N_ELEMENTS (window_actions), self);
  md_uploads_page_install_actions (self->uploads_page, G_ACTION_MAP (self));
  md_window_adopt_header_bar (self, md_library_page_get_header_bar (self->library_page));
  md_window_dnd_init (ADW_APPLICATION_WINDOW (self));
  md_library_page_set_thumbnail_cache (self->library_page, md_thumbnail_cache_get_default ());

  g_signal_connect (self, "notify::visible", G_CALLBACK (on_visible_changed_cb), NULL);

  self->settings = g_settings_new (APP_ID);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

MdWindow *
md_window_new (MdApplication      *application,
               MdEnvironmentStore *store)
{
  MdWindow *self;

  g_return_val_if_fail (MD_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (MD_IS_ENVIRONMENT_STORE (store), NULL);

  self = g_object_new (MD_TYPE_WINDOW,
                       "application", application,
                       NULL);
  self->store = g_object_ref (store);
  g_signal_connect_object (store, "items-changed",
                           G_CALLBACK (on_store_items_changed_cb), self,
                           G_CONNECT_SWAPPED);
  md_window_rebuild_environment_menu (self);

  return self;
}

/**
 * md_window_open_environment:
 * @self: a #MdWindow
 * @environment: the environment to show
 *
 * Opens @environment in this window, replacing what it showed; its token
 * comes from the keyring, or from the demo's sandbox for the demo. Keyring
 * problems show a page that says what is wrong and offers to try again.
 */
void
md_window_open_environment (MdWindow      *self,
                            MdEnvironment *environment)
{
  g_autofree char *title = NULL;

  g_return_if_fail (MD_IS_WINDOW (self));
  g_return_if_fail (MD_IS_ENVIRONMENT (environment));

  g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
  self->open_cancellable = g_cancellable_new ();
  if (!md_environment_get_is_demo (environment))
    g_set_object (&self->retry_environment, environment);

  md_window_set_session (self, NULL);
  title = g_strdup_printf (_("Opening “%s”…"), md_environment_get_display_name (environment));
  md_window_show_loading (self, title, NULL);

  md_session_open_async (environment, self->open_cancellable,
                         on_session_opened_cb, g_object_ref (self));
}

void
md_window_show_welcome (MdWindow *self)
{
  g_return_if_fail (MD_IS_WINDOW (self));

  g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
  md_window_set_session (self, NULL);
  md_window_show_shell_page (self, "welcome");
}

void
md_window_show_loading (MdWindow   *self,
                        const char *title,
                        const char *description)
{
  g_return_if_fail (MD_IS_WINDOW (self));

  adw_status_page_set_title (self->loading_page, title);
  adw_status_page_set_description (self->loading_page, description);
  md_window_show_shell_page (self, "loading");
}

/**
 * md_window_show_problem:
 * @self: a #MdWindow
 * @title: what went wrong, as a page title
 * @description: the details and what to do
 * @retry_action: (nullable): the detailed action of the page's button
 */
void
md_window_show_problem (MdWindow   *self,
                        const char *title,
                        const char *description,
                        const char *retry_action)
{
  g_return_if_fail (MD_IS_WINDOW (self));

  adw_status_page_set_title (self->problem_page, title);
  adw_status_page_set_description (self->problem_page, description);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->retry_button), retry_action);
  gtk_widget_set_visible (GTK_WIDGET (self->retry_button), retry_action != NULL);
  md_window_show_shell_page (self, "problem");
}

void
md_window_add_toast (MdWindow   *self,
                     const char *text)
{
  AdwToast *toast;

  g_return_if_fail (MD_IS_WINDOW (self));

  toast = adw_toast_new (text);
  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

MdSession *
md_window_get_session (MdWindow *self)
{
  g_return_val_if_fail (MD_IS_WINDOW (self), NULL);
  return self->session;
}

/**
 * md_window_get_visible_page:
 *
 * Returns: the name of the page shown: `welcome`, `loading`, `problem`,
 *   `library` or `player`
 */
const char *
md_window_get_visible_page (MdWindow *self)
{
  const char *name;

  g_return_val_if_fail (MD_IS_WINDOW (self), NULL);

  name = gtk_stack_get_visible_child_name (self->main_stack);
  if (g_strcmp0 (name, "shell") == 0)
    name = gtk_stack_get_visible_child_name (self->shell_stack);

  return name;
}

/**
 * md_window_upload_files:
 * @self: a #MdWindow
 * @files: (array length=n_files): files to upload
 * @n_files: how many
 *
 * Queues @files for upload to the open environment, or to the next one
 * opened (`muxdesk FILE…` before the environment is ready).
 */
void
md_window_upload_files (MdWindow  *self,
                        GFile    **files,
                        guint      n_files)
{
  g_return_if_fail (MD_IS_WINDOW (self));

  if (self->pending_files == NULL)
    self->pending_files = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n_files; i++)
    g_ptr_array_add (self->pending_files, g_object_ref (files[i]));

  if (self->session != NULL)
    md_window_upload_pending_files (self);
}
