/* md-window-dnd.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Files dropped on the main window go to the uploads: a drop target over
 * the whole window, an overlay that says what a drop will do, and the same
 * hand-over for `muxdesk FILE…`. Both activate the window action
 * `win.upload-files` (parameter `as`) that md_uploads_page_install_actions()
 * adds, so the window needs no other glue.
 */

#define G_LOG_DOMAIN "md-window-dnd"

#include "config.h"

#include "md-window-dnd.h"

#include <glib/gi18n.h>

#define OVERLAY_KEY "md-window-dnd-overlay"

static GtkWidget *
create_overlay_child (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *image = gtk_image_new_from_icon_name ("document-send-symbolic");
  GtkWidget *title = gtk_label_new (_("Drop to Upload"));
  GtkWidget *description = gtk_label_new (_("Video and audio files are uploaded to Mux."));

  gtk_image_set_pixel_size (GTK_IMAGE (image), 96);
  gtk_widget_add_css_class (title, "title-1");
  gtk_widget_add_css_class (description, "dim-label");
  gtk_box_append (GTK_BOX (box), image);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), description);

  gtk_widget_set_valign (box, GTK_ALIGN_FILL);
  gtk_widget_set_halign (box, GTK_ALIGN_FILL);
  gtk_widget_add_css_class (box, "md-drop-overlay");
  gtk_widget_set_can_target (box, FALSE);
  gtk_widget_set_visible (box, FALSE);

  /* Centre the content inside the full-size frame. */
  gtk_widget_set_vexpand (image, TRUE);
  gtk_widget_set_valign (image, GTK_ALIGN_END);
  gtk_widget_set_vexpand (description, TRUE);
  gtk_widget_set_valign (description, GTK_ALIGN_START);

  return box;
}

static void
upload_paths (GtkWidget   *window,
              const char **paths)
{
  if (paths[0] == NULL)
    return;
  if (!gtk_widget_activate_action (window, "win.upload-files", "^as", paths))
    g_warning ("No win.upload-files action: the uploads page is not set up");
}

static GdkDragAction
on_drop_enter_cb (GtkDropTarget *target,
                  double         x,
                  double         y,
                  GtkWidget     *window)
{
  md_window_dnd_set_overlay_visible (ADW_APPLICATION_WINDOW (window), TRUE);
  return GDK_ACTION_COPY;
}

static void
on_drop_leave_cb (GtkDropTarget *target,
                  GtkWidget     *window)
{
  md_window_dnd_set_overlay_visible (ADW_APPLICATION_WINDOW (window), FALSE);
}

static gboolean
on_drop_cb (GtkDropTarget *target,
            const GValue  *value,
            double         x,
            double         y,
            GtkWidget     *window)
{
  GSList *files;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  md_window_dnd_set_overlay_visible (ADW_APPLICATION_WINDOW (window), FALSE);
  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  files = gdk_file_list_get_files (g_value_get_boxed (value));
  for (GSList *l = files; l != NULL; l = l->next)
    {
      char *path = g_file_get_path (l->data);

      if (path != NULL)
        g_ptr_array_add (paths, path);
    }
  g_slist_free (files);
  g_ptr_array_add (paths, NULL);

  upload_paths (window, (const char **) paths->pdata);
  return TRUE;
}

/**
 * md_window_dnd_init:
 *
 * Call once from the window's init, after its template: wraps the content
 * in an overlay and makes the whole window a drop target for files.
 */
void
md_window_dnd_init (AdwApplicationWindow *window)
{
  g_autoptr(GtkWidget) content = NULL;
  GtkWidget *overlay;
  GtkWidget *child;
  GtkDropTarget *target;

  g_return_if_fail (ADW_IS_APPLICATION_WINDOW (window));

  content = adw_application_window_get_content (window);
  if (content != NULL)
    g_object_ref (content);
  adw_application_window_set_content (window, NULL);

  overlay = gtk_overlay_new ();
  gtk_overlay_set_child (GTK_OVERLAY (overlay), content);
  child = create_overlay_child ();
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), child);
  adw_application_window_set_content (window, overlay);
  g_object_set_data (G_OBJECT (window), OVERLAY_KEY, child);

  target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (target, "enter", G_CALLBACK (on_drop_enter_cb), window, 0);
  g_signal_connect_object (target, "leave", G_CALLBACK (on_drop_leave_cb), window, 0);
  g_signal_connect_object (target, "drop", G_CALLBACK (on_drop_cb), window, 0);
  gtk_widget_add_controller (GTK_WIDGET (window), GTK_EVENT_CONTROLLER (target));
}

/* Shows or hides the "Drop to Upload" overlay (a drag does it; tests too). */
void
md_window_dnd_set_overlay_visible (AdwApplicationWindow *window,
                                   gboolean              visible)
{
  GtkWidget *child;

  g_return_if_fail (ADW_IS_APPLICATION_WINDOW (window));

  child = g_object_get_data (G_OBJECT (window), OVERLAY_KEY);
  if (child != NULL)
    gtk_widget_set_visible (child, visible);
}

/**
 * md_window_dnd_upload_files:
 * @files: (array length=n_files): files from the command line
 *
 * Hands `muxdesk FILE…` over to the uploads, as a drop would; call it from
 * the application's open handler once the window exists.
 */
void
md_window_dnd_upload_files (GtkWindow  *window,
                            GFile     **files,
                            int         n_files)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  g_return_if_fail (GTK_IS_WINDOW (window));

  for (int i = 0; i < n_files; i++)
    {
      char *path = g_file_get_path (files[i]);

      if (path != NULL)
        g_ptr_array_add (paths, path);
    }
  g_ptr_array_add (paths, NULL);
  upload_paths (GTK_WIDGET (window), (const char **) paths->pdata);
}
