/* md-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "md-application.h"
#include "md-environment-store.h"
#include "md-session.h"

G_BEGIN_DECLS

#define MD_TYPE_WINDOW (md_window_get_type ())

G_DECLARE_FINAL_TYPE (MdWindow, md_window, MD, WINDOW, AdwApplicationWindow)

MdWindow   *md_window_new              (MdApplication      *application,
                                        MdEnvironmentStore *store);
void        md_window_open_environment (MdWindow           *self,
                                        MdEnvironment      *environment);
void        md_window_show_welcome     (MdWindow           *self);
void        md_window_show_loading     (MdWindow           *self,
                                        const char         *title,
                                        const char         *description);
void        md_window_show_problem     (MdWindow           *self,
                                        const char         *title,
                                        const char         *description,
                                        const char         *retry_action);
void        md_window_add_toast        (MdWindow           *self,
                                        const char         *text);
MdSession  *md_window_get_session      (MdWindow           *self);
void        md_window_upload_files     (MdWindow           *self,
                                        GFile             **files,
                                        guint               n_files);
const char *md_window_get_visible_page (MdWindow           *self);

G_END_DECLS
