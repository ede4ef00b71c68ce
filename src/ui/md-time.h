/* md-time.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *md_time_format (double seconds,
                      double reference);

G_END_DECLS
