/* md-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-window"

#include "config.h"

#include <glib/gi18n.h>

#include "md-window.h"

struct _MdWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  AdwStatusPage        *welcome_page;

  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (MdWindow, md_window, ADW_TYPE_APPLICATION_WINDOW)

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

static gboolean
md_window_close_request (GtkWindow *window)
{
  md_window_save_state (MD_WINDOW (window));

  return GTK_WINDOW_CLASS (md_window_parent_class)->close_request (window);
}

static void
md_window_dispose (GObject *object)
{
  MdWindow *self = MD_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MD_TYPE_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (md_window_parent_class)->dispose (object);
}

static void
md_window_class_init (MdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = md_window_dispose;
  window_class->close_request = md_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/muxdesk/Muxdesk/ui/md-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MdWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MdWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, MdWindow, welcome_page);
}

static void
md_window_init (MdWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

MdWindow *
md_window_new (MdApplication *application)
{
  g_return_val_if_fail (MD_IS_APPLICATION (application), NULL);

  return g_object_new (MD_TYPE_WINDOW,
                       "application", application,
                       NULL);
}
