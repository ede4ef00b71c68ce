/* md-sandbox-state.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sandbox's persistent state: named collections of Mux-shaped records
 * (assets, uploads, live_streams, and whatever the extras add), saved as
 * DIR/state.json shortly after each change and on shutdown, plus the media
 * directories under DIR/media. Lives on the main thread only.
 */

#pragma once

#include <gio/gio.h>

#include "md-sandbox-collection.h"

G_BEGIN_DECLS

#define MD_TYPE_SANDBOX_STATE (md_sandbox_state_get_type ())

G_DECLARE_FINAL_TYPE (MdSandboxState, md_sandbox_state, MD, SANDBOX_STATE, GObject)

#define MD_SANDBOX_ASSETS       "assets"
#define MD_SANDBOX_UPLOADS      "uploads"
#define MD_SANDBOX_LIVE_STREAMS "live_streams"

MdSandboxState      *md_sandbox_state_new                 (const char      *dir,
                                                           GError         **error);
const char          *md_sandbox_state_get_dir             (MdSandboxState  *self);
MdSandboxCollection *md_sandbox_state_get_collection      (MdSandboxState  *self,
                                                           const char      *name);
void                 md_sandbox_state_changed             (MdSandboxState  *self);
gboolean             md_sandbox_state_save                (MdSandboxState  *self,
                                                           GError         **error);

/* Playback ids of assets and live streams. Returns the owning record and
 * sets @out_collection to MD_SANDBOX_ASSETS or MD_SANDBOX_LIVE_STREAMS and
 * @out_policy to "public" or "signed". */
JsonObject          *md_sandbox_state_lookup_playback_id  (MdSandboxState  *self,
                                                           const char      *playback_id,
                                                           const char     **out_collection,
                                                           const char     **out_policy);
void                 md_sandbox_state_index_playback_ids  (MdSandboxState  *self,
                                                           const char      *collection,
                                                           JsonObject      *record);
void                 md_sandbox_state_unindex_playback_ids (MdSandboxState *self,
                                                           JsonObject      *record);
JsonObject          *md_sandbox_state_add_playback_id     (MdSandboxState  *self,
                                                           const char      *collection,
                                                           JsonObject      *record,
                                                           const char      *policy);

JsonObject          *md_sandbox_state_lookup_asset        (MdSandboxState  *self,
                                                           const char      *asset_id);
double               md_sandbox_state_get_asset_duration  (MdSandboxState  *self,
                                                           const char      *asset_id);
/* The directory holding the asset's HLS rendition, source and images
 * (shared by synthetic records), or NULL while it has none. */
char                *md_sandbox_state_get_media_dir       (MdSandboxState  *self,
                                                           JsonObject      *record);

/* Wall-clock time in µs as the sandbox sees it: the real time plus the
 * offset POST /_sandbox/clock added, so tests can reach timeouts. */
gint64               md_sandbox_state_get_now             (MdSandboxState  *self);
void                 md_sandbox_state_advance_clock       (MdSandboxState  *self,
                                                           gint64           seconds);

char                *md_sandbox_new_id                    (guint            length);
char                *md_sandbox_now_string                (void);

G_END_DECLS
