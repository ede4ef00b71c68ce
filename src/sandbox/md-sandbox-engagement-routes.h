/* md-sandbox-engagement-routes.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "md-sandbox-engagement.h"
#include "md-sandbox-server.h"
#include "md-sandbox-signing-keys.h"

G_BEGIN_DECLS

typedef struct _MdSandboxEngagementRoutes MdSandboxEngagementRoutes;

MdSandboxEngagementRoutes *md_sandbox_engagement_routes_register (MdSandboxServer           *server,
                                                                  MdSandboxEngagement       *engagement,
                                                                  MdSandboxSigningKeys      *keys);
void                       md_sandbox_engagement_routes_free     (MdSandboxEngagementRoutes *self);

G_END_DECLS
