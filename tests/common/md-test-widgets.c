/* md-test-widgets.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "md-test-widgets.h"

#include "md-screenshot.h"
#include "md-test-utils.h"

static void
on_after_paint_cb (GdkFrameClock *clock,
                   gboolean      *painted)
{
  *painted = TRUE;
}

static gboolean
flag_is_set (gpointer user_data)
{
  return *(gboolean *) user_data;
}

/**
 * md_test_load_app_style:
 *
 * Loads the style sheet AdwApplication loads for the app, for tests that
 * show its widgets without the application.
 */
void
md_test_load_app_style (void)
{
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (css, "/io/github/muxdesk/Muxdesk/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

/**
 * md_test_wait_for_frame:
 *
 * Screenshots render what the window last drew: waits for a fresh frame.
 */
void
md_test_wait_for_frame (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gboolean painted = FALSE;
  gulong handler;

  g_assert_nonnull (clock);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), &painted);
  gtk_widget_queue_draw (widget);
  g_assert_true (md_test_wait_until (flag_is_set, &painted, 10000));
  g_signal_handler_disconnect (clock, handler);
}

/**
 * md_test_save_screenshot:
 * @file_name: the PNG's name in the `screenshots` folder beside the test
 *
 * Saves @widget (a window with a fixed layout) as it is after a fresh
 * frame.
 *
 * Returns: (transfer full): the PNG's path
 */
char *
md_test_save_screenshot (GtkWidget  *widget,
                         const char *file_name)
{
  g_autoptr(GError) error = NULL;
  char *path = md_test_build_path ("screenshots", file_name, NULL);

  md_test_wait_for_frame (widget);
  md_screenshot_widget_to_png (widget, path, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_test_message ("screenshot: %s", path);
  return path;
}

/* md_test_save_screenshot() when the path is not needed. */
void
md_test_screenshot (GtkWidget  *widget,
                    const char *file_name)
{
  g_free (md_test_save_screenshot (widget, file_name));
}

static gboolean
drawn (gpointer user_data)
{
  GtkWidget *widget = user_data;

  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0;
}

static gboolean
settled (gpointer user_data)
{
  return md_screenshot_is_settled (GTK_WIDGET (user_data));
}

typedef struct
{
  GtkWidget  *widget;
  const char *path;
} Shot;

/* A frame may not be drawn yet right after a change: try until one is. */
static gboolean
screenshot_taken (gpointer user_data)
{
  Shot *shot = user_data;
  g_autoptr(GError) error = NULL;

  if (md_screenshot_widget_to_png (shot->widget, shot->path, &error))
    return TRUE;
  g_test_message ("screenshot not taken yet: %s", error->message);
  return FALSE;
}

/**
 * md_test_screenshot_settled:
 * @name: the PNG's name, without `.png`, in the `screenshots` folder
 *
 * Saves @widget (a window of the running application, or a dialog) once
 * it is drawn and no page is half-way through a crossfade (which would
 * show two pages at once).
 */
void
md_test_screenshot_settled (GtkWidget  *widget,
                            const char *name)
{
  g_autofree char *file = g_strdup_printf ("%s.png", name);
  g_autofree char *path = md_test_build_path ("screenshots", file, NULL);

  g_assert_true (md_test_wait_until (drawn, widget, 5000));
  g_assert_true (md_test_wait_until (settled, widget, 5000));
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (md_test_wait_until (screenshot_taken, &(Shot) { widget, path }, 10000));
  g_test_message ("screenshot: %s", path);
}

/* Returns: (transfer none): @widget's first controller of @type */
gpointer
md_test_find_controller (GtkWidget *widget,
                         GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        return controller;   /* the widget keeps it alive */
    }

  g_assert_not_reached ();
}

/**
 * md_test_find_child:
 *
 * Finds a descendant by its GtkBuildable id or, for rows made in code, its
 * widget name: the tests drive the real widgets as a user would.
 *
 * Returns: (transfer none) (nullable): the widget
 */
GtkWidget *
md_test_find_child (GtkWidget  *root,
                    const char *id)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if ((GTK_IS_BUILDABLE (child) &&
           g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (child)), id) == 0) ||
          g_strcmp0 (gtk_widget_get_name (child), id) == 0)
        return child;
      if ((found = md_test_find_child (child, id)) != NULL)
        return found;
    }

  return NULL;
}

/* Returns: (transfer none) (nullable): a mapped toplevel of @type */
GtkWindow *
md_test_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_mapped (GTK_WIDGET (window)))
        return GTK_WINDOW (window);
    }

  return NULL;
}

/* Returns: (transfer full) (nullable): the one shortcut of @widget's
 * shortcut controllers (its class's key bindings among them) that
 * @accelerator triggers */
GtkShortcut *
md_test_find_shortcut (GtkWidget  *widget,
                       const char *accelerator)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  g_autoptr(GtkShortcutTrigger) trigger = NULL;
  GtkShortcut *found = NULL;
  GdkModifierType modifiers;
  guint keyval;

  g_assert_true (gtk_accelerator_parse (accelerator, &keyval, &modifiers));
  trigger = gtk_keyval_trigger_new (keyval, modifiers);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), trigger))
            {
              g_assert_null (found);   /* one binding a key */
              found = g_steal_pointer (&shortcut);
            }
        }
    }

  return found;
}

/* Presses @accelerator on @widget the way its shortcut controller handles
 * the key (GTK 4.8 cannot make key events): the action bound to it, which
 * must be @action_name, runs with the binding's arguments. */
void
md_test_press (GtkWidget  *widget,
               const char *accelerator,
               const char *action_name)
{
  g_autoptr(GtkShortcut) shortcut = md_test_find_shortcut (widget, accelerator);
  GtkShortcutAction *action;

  g_assert_nonnull (shortcut);
  action = gtk_shortcut_get_action (shortcut);
  g_assert_true (GTK_IS_NAMED_ACTION (action));
  g_assert_cmpstr (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)), ==, action_name);
  g_assert_true (gtk_shortcut_action_activate (action, GTK_SHORTCUT_ACTION_EXCLUSIVE, widget,
                                               gtk_shortcut_get_arguments (shortcut)));
}
