/* md-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-application"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>

#include "md-application.h"
#include "md-environment-store.h"
#include "md-media.h"
#include "md-permissions.h"
#include "md-preferences-window.h"
#include "md-sandbox-launcher.h"
#include "md-screenshot.h"
#include "md-sign-in-dialog.h"
#include "md-window.h"

/* How long a headless demo lets the window settle before it is captured. */
#define SCREENSHOT_DELAY_MS 1500
#define SCREENSHOT_MAX_WAITS 120
/* The demo's simulated audience: enough viewers for rich engagement data. */
#define DEMO_AUDIENCE "300"
#define DEMO_ENVIRONMENT_ID "demo"

typedef enum {
  START_DEFAULT,
  START_DEMO,
  START_ENVIRONMENT,
} StartRequest;

struct _MdApplication
{
  AdwApplication      parent_instance;

  MdEnvironmentStore *store;
  gboolean            store_loaded;
  MdSandboxLauncher  *demo_launcher;
  GCancellable       *demo_cancellable;

  /* What the command line asked for, applied once the store is loaded. */
  StartRequest        start_request;
  char               *start_environment;

  char               *screenshot_dir;
  guint               screenshot_waits;
  guint               screenshot_ready_ticks;
  guint               screenshot_failed : 1;
};

G_DEFINE_FINAL_TYPE (MdApplication, md_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Open a demo library served by a local sandbox"), NULL },
  { "environment", 'e', 0, G_OPTION_ARG_STRING, NULL,
    N_("Open the environment with this name"), N_("NAME") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print the version and exit"), NULL },
  { "screenshot-to", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, NULL,
    "Save screenshots of the window to DIR, then quit", "DIR" },
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, NULL,
    NULL, N_("[FILE…]") },
  { NULL }
};

static MdWindow *
md_application_ensure_window (MdApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (md_window_new (self, self->store));

  return MD_WINDOW (window);
}

static void
on_demo_launcher_exited_cb (MdApplication     *self,
                            const GError      *error,
                            MdSandboxLauncher *launcher)
{
  MdWindow *window;

  g_assert (MD_IS_APPLICATION (self));

  window = md_application_ensure_window (self);
  md_window_show_problem (window, _("The Demo Stopped"), error->message, "app.demo");
}

static void
on_demo_started_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(MdApplication) self = user_data;
  MdSandboxLauncher *launcher = MD_SANDBOX_LAUNCHER (object);
  g_autoptr(MdEnvironment) environment = NULL;
  g_autoptr(GError) error = NULL;
  MdWindow *window;

  if (!md_sandbox_launcher_start_finish (launcher, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && self->demo_cancellable == NULL)
        return;

      g_clear_object (&self->demo_cancellable);
      window = md_application_ensure_window (self);
      md_window_show_problem (window, _("Cannot Start the Demo"), error->message, "app.demo");
      return;
    }

  g_clear_object (&self->demo_cancellable);

  environment = md_environment_new (DEMO_ENVIRONMENT_ID, TRUE);
  md_environment_set_display_name (environment, _("Demo (local sandbox)"));
  md_environment_set_environment_name (environment, _("Demo (local sandbox)"));
  md_environment_set_token_id (environment, md_sandbox_launcher_get_token_id (launcher));
  md_environment_set_api_url (environment, md_sandbox_launcher_get_api_url (launcher));
  md_environment_set_stream_url (environment, md_sandbox_launcher_get_stream_url (launcher));
  md_environment_set_image_url (environment, md_sandbox_launcher_get_image_url (launcher));
  md_environment_set_stats_url (environment, md_sandbox_launcher_get_stats_url (launcher));
  /* Its token stays in the launcher's memory: the session asks it there. */
  md_environment_set_demo_launcher (environment, launcher);

  /* The demo is listed while it runs but never saved. */
  md_environment_store_add_async (self->store, environment, NULL, NULL, NULL, NULL);

  window = md_application_ensure_window (self);
  md_window_open_environment (window, environment);
}

static void
md_application_start_demo (MdApplication *self)
{
  g_autofree char *executable = NULL;
  g_autofree char *state_dir = NULL;
  const char * const args[] = { "--seed", "--audience", DEMO_AUDIENCE, NULL };
  MdWindow *window = md_application_ensure_window (self);

  if (self->demo_cancellable != NULL)
    return; /* already starting */

  if (self->demo_launcher != NULL && md_sandbox_launcher_get_running (self->demo_launcher))
    {
      MdEnvironment *environment = md_environment_store_lookup (self->store, DEMO_ENVIRONMENT_ID);

      if (environment != NULL)
        {
          md_window_open_environment (window, environment);
          return;
        }
    }

  executable = md_sandbox_launcher_find_executable ();
  if (executable == NULL)
    {
      md_window_show_problem (window, _("Cannot Start the Demo"),
                              _("The local sandbox, muxdesk-sandbox, is not installed."), NULL);
      return;
    }

  if (self->demo_launcher == NULL)
    {
      state_dir = g_build_filename (g_get_user_data_dir (), "muxdesk", "demo", NULL);
      self->demo_launcher = md_sandbox_launcher_new (executable, state_dir);
      g_signal_connect_object (self->demo_launcher, "exited",
                               G_CALLBACK (on_demo_launcher_exited_cb), self,
                               G_CONNECT_SWAPPED);
    }

  self->demo_cancellable = g_cancellable_new ();
  md_window_show_loading (window, _("Starting the Demo…"),
                          _("A local sandbox is preparing a sample library. The first start takes a few seconds."));
  md_sandbox_launcher_start_async (self->demo_launcher, args, self->demo_cancellable,
                                   on_demo_started_cb, g_object_ref (self));
}

static void
md_application_apply_start_request (MdApplication *self)
{
  MdWindow *window = md_application_ensure_window (self);
  MdEnvironment *environment = NULL;

  switch (self->start_request)
    {
    case START_DEMO:
      md_application_start_demo (self);
      return;

    case START_ENVIRONMENT:
      environment = md_environment_store_lookup (self->store, self->start_environment);
      if (environment == NULL)
        {
          g_autofree char *message = g_strdup_printf (_("No environment is named “%s”."),
                                                      self->start_environment);
          md_window_show_welcome (window);
          md_window_add_toast (window, message);
          return;
        }
      break;

    case START_DEFAULT:
    default:
      environment = md_environment_store_get_active (self->store);
      break;
    }

  if (environment != NULL)
    md_window_open_environment (window, environment);
  else
    md_window_show_welcome (window);
}

static void
on_store_loaded_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(MdApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  self->store_loaded = TRUE;

  if (!md_environment_store_load_finish (MD_ENVIRONMENT_STORE (object), result, &error))
    {
      MdWindow *window = md_application_ensure_window (self);

      md_window_show_welcome (window);
      md_window_add_toast (window, error->message);
    }

  if (gtk_application_get_active_window (GTK_APPLICATION (self)) != NULL)
    md_application_apply_start_request (self);
}

static void
on_signed_in_cb (MdApplication  *self,
                 MdEnvironment  *environment,
                 MdSignInDialog *dialog)
{
  g_autofree char *permissions = NULL;
  g_autofree char *message = NULL;
  MdWindow *window = md_application_ensure_window (self);

  g_assert (MD_IS_APPLICATION (self));

  md_window_open_environment (window, environment);
  permissions = md_permissions_describe (md_environment_get_permissions (environment));
  message = g_strdup_printf (_("Signed in to “%s”. %s"),
                             md_environment_get_display_name (environment), permissions);
  md_window_add_toast (window, message);
}

static gboolean
on_screenshot_timeout_cb (gpointer user_data)
{
  MdApplication *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  GtkWindow *window;

  g_assert (MD_IS_APPLICATION (self));

  window = gtk_application_get_active_window (GTK_APPLICATION (self));

  /* Capture what the user gets to, not the spinner on the way there; then
   * one more tick for thumbnails, and never in the middle of a crossfade. */
  if (window != NULL && self->screenshot_waits++ < SCREENSHOT_MAX_WAITS)
    {
      gboolean loading = g_strcmp0 (md_window_get_visible_page (MD_WINDOW (window)), "loading") == 0;

      if (loading)
        self->screenshot_ready_ticks = 0;
      else
        self->screenshot_ready_ticks++;

      if (loading || self->screenshot_ready_ticks < 2 || !md_screenshot_is_settled (GTK_WIDGET (window)))
        return G_SOURCE_CONTINUE;
    }

  path = g_build_filename (self->screenshot_dir, "main-window.png", NULL);

  self->screenshot_failed = TRUE;
  if (window == NULL)
    g_printerr ("%s\n", _("There is no window to take a screenshot of"));
  else if (g_mkdir_with_parents (self->screenshot_dir, 0755) != 0)
    g_printerr (_("Could not create the folder “%s”: %s\n"),
                self->screenshot_dir, g_strerror (errno));
  else if (!md_screenshot_widget_to_png (GTK_WIDGET (window), path, &error))
    g_printerr ("%s\n", error->message);
  else
    {
      g_print ("%s\n", path);
      self->screenshot_failed = FALSE;
    }

  g_application_release (G_APPLICATION (self));
  g_application_quit (G_APPLICATION (self));

  return G_SOURCE_REMOVE;
}

static gint
md_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return 0;
    }

  return -1;
}

static int
md_application_command_line (GApplication            *app,
                             GApplicationCommandLine *command_line)
{
  MdApplication *self = MD_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  const char *screenshot_dir = NULL;
  const char *environment_name = NULL;
  g_autofree const char **file_args = NULL;
  MdWindow *window;

  if (g_variant_dict_contains (options, "demo"))
    self->start_request = START_DEMO;
  else if (g_variant_dict_lookup (options, "environment", "&s", &environment_name))
    {
      self->start_request = START_ENVIRONMENT;
      g_free (self->start_environment);
      self->start_environment = g_strdup (environment_name);
    }
  else
    self->start_request = START_DEFAULT;

  window = md_application_ensure_window (self);
  gtk_window_present (GTK_WINDOW (window));
  if (self->store_loaded)
    md_application_apply_start_request (self);

  if (g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&ay", &file_args))
    {
      g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; file_args[i] != NULL; i++)
        g_ptr_array_add (files, g_application_command_line_create_file_for_arg (command_line, file_args[i]));
      md_window_upload_files (window, (GFile **) files->pdata, files->len);
    }

  if (g_variant_dict_lookup (options, "screenshot-to", "^&ay", &screenshot_dir) &&
      self->screenshot_dir == NULL)
    {
      g_autoptr(GFile) dir = g_application_command_line_create_file_for_arg (command_line,
                                                                              screenshot_dir);

      self->screenshot_dir = g_file_get_path (dir);
      g_application_hold (app);
      g_timeout_add (SCREENSHOT_DELAY_MS, on_screenshot_timeout_cb, self);
    }

  return 0;
}

static void
md_application_activate (GApplication *app)
{
  MdApplication *self = MD_APPLICATION (app);
  gboolean had_window = gtk_application_get_active_window (GTK_APPLICATION (app)) != NULL;
  MdWindow *window = md_application_ensure_window (self);

  gtk_window_present (GTK_WINDOW (window));
  if (!had_window && self->store_loaded)
    md_application_apply_start_request (self);
}

static void
md_application_finalize (GObject *object)
{
  MdApplication *self = MD_APPLICATION (object);

  g_clear_pointer (&self->screenshot_dir, g_free);
  g_clear_pointer (&self->start_environment, g_free);
  g_clear_object (&self->demo_cancellable);
  g_clear_object (&self->demo_launcher);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (md_application_parent_class)->finalize (object);
}

static void
md_application_about_action (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  static const char *developers[] = { "The Muxdesk developers", NULL };
  MdApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  adw_show_about_window (window,
                         "application-name", "Muxdesk",
                         "application-icon", APP_ID,
                         "developer-name", "The Muxdesk developers",
                         "version", PACKAGE_VERSION,
                         "website", "https://github.com/muxdesk/muxdesk",
                         "issue-url", "https://github.com/muxdesk/muxdesk/issues",
                         "developers", developers,
                         "copyright", "© 2026 The Muxdesk developers",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static void
md_application_quit_action (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
md_application_sign_in_action (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
  MdApplication *self = user_data;
  MdWindow *window = md_application_ensure_window (self);
  MdSignInDialog *dialog;

  dialog = md_sign_in_dialog_new (GTK_WINDOW (window), self->store);
  g_signal_connect_object (dialog, "signed-in", G_CALLBACK (on_signed_in_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
md_application_preferences_action (GSimpleAction *action,
                                   GVariant      *parameter,
                                   gpointer       user_data)
{
  MdApplication *self = user_data;
  MdWindow *window = md_application_ensure_window (self);

  gtk_window_present (GTK_WINDOW (md_preferences_window_new (window, self->store)));
}

/* app.preferences-page('signing-keys'): Preferences open on one of its
 * pages, for the places that send the user there (a signed video that
 * cannot play without a signing key). */
static void
md_application_preferences_page_action (GSimpleAction *action,
                                        GVariant      *parameter,
                                        gpointer       user_data)
{
  MdApplication *self = user_data;
  MdWindow *window = md_application_ensure_window (self);
  MdPreferencesWindow *preferences = md_preferences_window_new (window, self->store);

  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences),
                                                g_variant_get_string (parameter, NULL));
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
md_application_demo_action (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  md_application_start_demo (MD_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "about", md_application_about_action },
  { "demo", md_application_demo_action },
  { "preferences", md_application_preferences_action },
  { "preferences-page", md_application_preferences_page_action, "s" },
  { "quit", md_application_quit_action },
  { "sign-in", md_application_sign_in_action },
};

static void
md_application_startup (GApplication *app)
{
  MdApplication *self = MD_APPLICATION (app);
  g_autoptr(GError) media_error = NULL;

  G_APPLICATION_CLASS (md_application_parent_class)->startup (app);

  /* Missing plugins are named again where playback fails; the library works regardless. */
  if (!md_media_init (&media_error))
    g_warning ("%s", media_error->message);

  gtk_window_set_default_icon_name (APP_ID);
  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit",
                                         (const char *[]) { "<Control>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences",
                                         (const char *[]) { "<Control>comma", NULL });

  self->store = md_environment_store_new ();
  md_environment_store_load_async (self->store, NULL, on_store_loaded_cb, g_object_ref (self));
}

static void
md_application_shutdown (GApplication *app)
{
  MdApplication *self = MD_APPLICATION (app);

  /* Never leave the demo's sandbox running behind us. */
  g_cancellable_cancel (self->demo_cancellable);
  if (self->demo_launcher != NULL)
    md_sandbox_launcher_stop (self->demo_launcher);

  G_APPLICATION_CLASS (md_application_parent_class)->shutdown (app);
}

static void
md_application_class_init (MdApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = md_application_finalize;

  app_class->activate = md_application_activate;
  app_class->command_line = md_application_command_line;
  app_class->handle_local_options = md_application_handle_local_options;
  app_class->shutdown = md_application_shutdown;
  app_class->startup = md_application_startup;
}

static void
md_application_init (MdApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Manage, upload, play and analyse your Mux videos."));
}

MdApplication *
md_application_new (void)
{
  return g_object_new (MD_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", "/io/github/muxdesk/Muxdesk",
                       NULL);
}

MdEnvironmentStore *
md_application_get_environment_store (MdApplication *self)
{
  g_return_val_if_fail (MD_IS_APPLICATION (self), NULL);
  return self->store;
}

MdSandboxLauncher *
md_application_get_demo_launcher (MdApplication *self)
{
  g_return_val_if_fail (MD_IS_APPLICATION (self), NULL);
  return self->demo_launcher;
}

/**
 * md_application_get_exit_status:
 *
 * What the process should exit with once g_application_run() returned 0:
 * 1 when --screenshot-to could not save its screenshot (build-aux/demo
 * must not say the screenshots are there), else 0.
 */
int
md_application_get_exit_status (MdApplication *self)
{
  g_return_val_if_fail (MD_IS_APPLICATION (self), 1);

  return self->screenshot_failed ? 1 : 0;
}
