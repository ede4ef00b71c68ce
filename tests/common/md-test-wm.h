/* md-test-wm.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct _MdTestWm MdTestWm;

MdTestWm *md_test_wm_new           (GtkWindow *window);
void      md_test_wm_set_minimized (MdTestWm  *self,
                                    gboolean   minimized);
void      md_test_wm_free          (MdTestWm  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdTestWm, md_test_wm_free)

G_END_DECLS
