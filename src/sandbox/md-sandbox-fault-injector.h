/* md-sandbox-fault-injector.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "md-sandbox-faults.h"
#include "md-sandbox-server.h"

G_BEGIN_DECLS

void md_sandbox_fault_injector_register (MdSandboxServer *server,
                                         MdSandboxFaults *faults);

G_END_DECLS
