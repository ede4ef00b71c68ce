/* md-playback-id-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "md-playback-id.h"

G_BEGIN_DECLS

GPtrArray *_md_playback_ids_parse      (JsonObject  *object,
                                        const char  *member,
                                        GError     **error);
gboolean   _md_playback_ids_sync       (GListStore  *store,
                                        GPtrArray   *ids);
gboolean   _md_playback_ids_read       (GListStore  *store,
                                        JsonObject  *object,
                                        const char  *member,
                                        GError     **error);
void       _md_playback_ids_sync_store (GListStore  *store,
                                        GListStore  *other);

G_END_DECLS
