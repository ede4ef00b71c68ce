/* md-engagement-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The engagement beta's answers changed shape over time; these read the
 * shared parts tolerantly: `data` as an object or a one-element list, and
 * `timeframe` as two numbers or numeric strings. */
JsonObject *_md_engagement_data_object (JsonNode  *root,
                                        GError   **error);
gboolean    _md_engagement_timeframe   (JsonNode  *root,
                                        gint64    *start,
                                        gint64    *end,
                                        GError   **error);

G_END_DECLS
