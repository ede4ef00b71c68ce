/* md-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "md-application.h"

G_BEGIN_DECLS

#define MD_TYPE_WINDOW (md_window_get_type ())

G_DECLARE_FINAL_TYPE (MdWindow, md_window, MD, WINDOW, AdwApplicationWindow)

MdWindow *md_window_new (MdApplication *application);

G_END_DECLS
