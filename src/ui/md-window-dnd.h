/* md-window-dnd.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void md_window_dnd_init                (AdwApplicationWindow *window);
void md_window_dnd_set_overlay_visible (AdwApplicationWindow *window,
                                        gboolean              visible);
void md_window_dnd_upload_files        (GtkWindow            *window,
                                        GFile               **files,
                                        int                   n_files);

G_END_DECLS
