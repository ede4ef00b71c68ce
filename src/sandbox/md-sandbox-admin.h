/* md-sandbox-admin.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Loopback-only admin routes of the core: /_sandbox/requests and
 * /_sandbox/records. (/_sandbox/faults belongs to the extras.)
 */

#pragma once

#include "md-sandbox-server.h"

G_BEGIN_DECLS

void md_sandbox_admin_register (MdSandboxServer *server);

G_END_DECLS
