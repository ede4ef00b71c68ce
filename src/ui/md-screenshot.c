/* md-screenshot.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-screenshot"

#include "config.h"

#include <glib/gi18n.h>

#include "md-screenshot.h"

/**
 * md_screenshot_is_settled:
 * @widget: a widget
 *
 * Whether no stack below @widget is in a transition: a crossfade caught
 * half-way shows two pages at once.
 *
 * Returns: %TRUE if a screenshot now shows one page
 */
gboolean
md_screenshot_is_settled (GtkWidget *widget)
{
  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);

  if (GTK_IS_STACK (widget) && gtk_stack_get_transition_running (GTK_STACK (widget)))
    return FALSE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (!md_screenshot_is_settled (child))
      return FALSE;

  return TRUE;
}

/**
 * md_screenshot_widget_to_png:
 * @widget: a mapped widget inside a realized native
 * @path: the PNG file to write
 * @error: return location for a #GError
 *
 * Renders @widget with its native's own renderer, as it is on screen, and
 * saves it as a PNG. Used by `muxdesk --screenshot-to` (the headless demo)
 * and by the UI tests.
 *
 * Returns: %TRUE if the file was written
 */
gboolean
md_screenshot_widget_to_png (GtkWidget   *widget,
                             const char  *path,
                             GError     **error)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer;
  GtkNative *native;
  int width;
  int height;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  native = gtk_widget_get_native (widget);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);

  if (native == NULL || !gtk_widget_get_mapped (widget) || width <= 0 || height <= 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                   _("Cannot take a screenshot of a window that is not shown"));
      return FALSE;
    }

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));

  if (node == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("The window drew nothing to take a screenshot of"));
      return FALSE;
    }

  renderer = gtk_native_get_renderer (native);
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));

  if (!gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not write the screenshot to “%s”"), path);
      return FALSE;
    }

  return TRUE;
}
