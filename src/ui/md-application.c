/* md-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-application"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>

#include "md-application.h"
#include "md-screenshot.h"
#include "md-window.h"

/* How long a headless demo lets the window settle before it is captured. */
#define SCREENSHOT_DELAY_MS 1500

struct _MdApplication
{
  AdwApplication  parent_instance;

  char           *screenshot_dir;
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
    window = GTK_WINDOW (md_window_new (self));

  return MD_WINDOW (window);
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
  path = g_build_filename (self->screenshot_dir, "main-window.png", NULL);

  if (window == NULL)
    g_printerr ("%s\n", _("There is no window to take a screenshot of"));
  else if (g_mkdir_with_parents (self->screenshot_dir, 0755) != 0)
    g_printerr (_("Could not create the folder “%s”: %s\n"),
                self->screenshot_dir, g_strerror (errno));
  else if (!md_screenshot_widget_to_png (GTK_WIDGET (window), path, &error))
    g_printerr ("%s\n", error->message);
  else
    g_print ("%s\n", path);

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
  MdWindow *window;

  window = md_application_ensure_window (self);
  gtk_window_present (GTK_WINDOW (window));

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
  MdWindow *window = md_application_ensure_window (MD_APPLICATION (app));

  gtk_window_present (GTK_WINDOW (window));
}

static void
md_application_finalize (GObject *object)
{
  MdApplication *self = MD_APPLICATION (object);

  g_clear_pointer (&self->screenshot_dir, g_free);

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

static const GActionEntry app_actions[] = {
  { "about", md_application_about_action },
  { "quit", md_application_quit_action },
};

static void
md_application_startup (GApplication *app)
{
  G_APPLICATION_CLASS (md_application_parent_class)->startup (app);

  gtk_window_set_default_icon_name (APP_ID);
  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit",
                                         (const char *[]) { "<Control>q", NULL });
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
