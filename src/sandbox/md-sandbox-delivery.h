/* md-sandbox-delivery.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The stream (/stream) and image (/image) hosts.
 */

#pragma once

#include "md-sandbox-server.h"

G_BEGIN_DECLS

void md_sandbox_delivery_register (MdSandboxServer *server);
void md_sandbox_delivery_shutdown (void);

G_END_DECLS
