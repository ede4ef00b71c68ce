/* md-player-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "md-player.h"

G_BEGIN_DECLS

GError *_md_player_error_from_gst (const GError *gst_error,
                                   const char   *debug);
void    _md_player_set_stall_timeout (MdPlayer *self,
                                      guint     timeout_ms);

G_END_DECLS
