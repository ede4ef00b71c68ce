/* md-sandbox-seed.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The demo library (--seed) and the synthetic records of
 * POST /_sandbox/records, made from GStreamer test sources and cached in
 * the state directory.
 */

#pragma once

#include "md-sandbox-asset.h"
#include "md-sandbox-live.h"
#include "md-sandbox-server.h"

G_BEGIN_DECLS

/* Blocking: generates and ingests the shared clip once (worker threads
 * or start-up only). */
gboolean md_sandbox_seed_ensure_shared_media (MdSandboxState        *state,
                                              MdSandboxMediaInfo    *info,
                                              GError               **error);
/* Main thread: @count ready assets sharing the shared clip. */
void     md_sandbox_seed_add_records         (MdSandboxState        *state,
                                              const MdSandboxMediaInfo *info,
                                              guint                  count);
/* Blocking, at start-up: the demo library, once per state directory. */
gboolean md_sandbox_seed_run                 (MdSandboxServer       *server,
                                              MdSandboxLive  *live,
                                              GError               **error);

G_END_DECLS
