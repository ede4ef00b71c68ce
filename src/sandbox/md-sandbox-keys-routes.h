/* md-sandbox-keys-routes.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "md-sandbox-server.h"
#include "md-sandbox-signing-keys.h"

G_BEGIN_DECLS

void md_sandbox_keys_routes_register (MdSandboxServer      *server,
                                      MdSandboxSigningKeys *keys);

G_END_DECLS
