/* md-hotspot.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define MD_TYPE_HOTSPOT (md_hotspot_get_type ())

G_DECLARE_FINAL_TYPE (MdHotspot, md_hotspot, MD, HOTSPOT, GObject)

MdHotspot  *md_hotspot_new_from_json      (JsonObject  *object,
                                           GError     **error);
GListModel *md_hotspot_list_new_from_json (JsonNode    *root,
                                           gint64      *out_total_views,
                                           GError     **error);
gint64      md_hotspot_get_start_ms       (MdHotspot   *self);
gint64      md_hotspot_get_end_ms         (MdHotspot   *self);
double      md_hotspot_get_score          (MdHotspot   *self);

G_END_DECLS
