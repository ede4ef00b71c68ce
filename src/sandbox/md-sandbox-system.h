/* md-sandbox-system.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * System API routes of the core: GET /system/v1/whoami.
 */

#pragma once

#include "md-sandbox-server.h"

G_BEGIN_DECLS

void md_sandbox_system_register (MdSandboxServer *server);

G_END_DECLS
