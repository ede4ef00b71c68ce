/* md-permissions.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *md_permissions_describe (const char * const *permissions);

G_END_DECLS
