/* md-engagement-export.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "md-heatmap.h"

G_BEGIN_DECLS

char     *md_engagement_export_csv (MdHeatmap   *heatmap,
                                    GListModel  *hotspots,
                                    gboolean     cold,
                                    double       duration);
gboolean  md_engagement_export_png (GtkWidget   *timeline,
                                    const char  *path,
                                    GError     **error);

G_END_DECLS
