/* md-sandbox-uploads.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * /video/v1/uploads and the resumable upload URL (/upload/{id}).
 */

#pragma once

#include "md-sandbox-ingest.h"
#include "md-sandbox-server.h"

G_BEGIN_DECLS

void md_sandbox_uploads_register (MdSandboxServer *server,
                                  MdSandboxIngest *ingest);
void md_sandbox_uploads_resume   (MdSandboxServer *server,
                                  MdSandboxIngest *ingest);

G_END_DECLS
