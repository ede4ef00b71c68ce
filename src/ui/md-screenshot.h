/* md-screenshot.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

gboolean md_screenshot_is_settled    (GtkWidget   *widget);
gboolean md_screenshot_widget_to_png (GtkWidget   *widget,
                                      const char  *path,
                                      GError     **error);

G_END_DECLS
