/* md-sandbox-extras.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "md-sandbox-server.h"

G_BEGIN_DECLS

gboolean md_sandbox_extras_register (MdSandboxServer  *server,
                                     GError          **error);

G_END_DECLS
