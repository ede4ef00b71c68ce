/* md-viewer-count.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define MD_TYPE_VIEWER_COUNT (md_viewer_count_get_type ())

G_DECLARE_FINAL_TYPE (MdViewerCount, md_viewer_count, MD, VIEWER_COUNT, GObject)

MdViewerCount *md_viewer_count_new_from_json  (JsonNode      *root,
                                               GError       **error);
gint64         md_viewer_count_get_views      (MdViewerCount *self);
gint64         md_viewer_count_get_viewers    (MdViewerCount *self);
gint64         md_viewer_count_get_updated_at (MdViewerCount *self);

G_END_DECLS
