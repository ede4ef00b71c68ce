/* md-sandbox-live.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * /video/v1/live-streams (list, get) and the simulated broadcasts: every
 * active live stream the sandbox created gets a GStreamer pipeline that
 * writes a sliding-window HLS playlist while the sandbox runs.
 */

#pragma once

#include "md-sandbox-server.h"

G_BEGIN_DECLS

#define MD_TYPE_SANDBOX_LIVE (md_sandbox_live_get_type ())

G_DECLARE_FINAL_TYPE (MdSandboxLive, md_sandbox_live, MD, SANDBOX_LIVE, GObject)

MdSandboxLive *md_sandbox_live_new    (MdSandboxServer       *server);
JsonObject           *md_sandbox_live_create (MdSandboxLive  *self,
                                                      const char            *title);
gboolean              md_sandbox_live_start  (MdSandboxLive  *self,
                                                      GError               **error);
void                  md_sandbox_live_stop   (MdSandboxLive  *self);

G_END_DECLS
