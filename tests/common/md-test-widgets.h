/* md-test-widgets.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Helpers for the UI tests that drive real widgets in real windows. */

void       md_test_load_app_style    (void);
void       md_test_wait_for_frame    (GtkWidget  *widget);
char      *md_test_save_screenshot   (GtkWidget  *widget,
                                      const char *file_name);
void       md_test_screenshot        (GtkWidget  *widget,
                                      const char *file_name);
void       md_test_screenshot_settled (GtkWidget  *widget,
                                       const char *name);
gpointer   md_test_find_controller   (GtkWidget  *widget,
                                      GType       type);
GtkWidget *md_test_find_child        (GtkWidget  *root,
                                      const char *id);
GtkWindow *md_test_find_toplevel     (GType       type);
GtkShortcut *md_test_find_shortcut   (GtkWidget  *widget,
                                      const char *accelerator);
void       md_test_press             (GtkWidget  *widget,
                                      const char *accelerator,
                                      const char *action_name);

G_END_DECLS
