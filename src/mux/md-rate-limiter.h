/* md-rate-limiter.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _MdRateLimiter MdRateLimiter;

MdRateLimiter *md_rate_limiter_new     (double         rate_per_second,
                                        double         burst);
void           md_rate_limiter_free    (MdRateLimiter *self);
gint64         md_rate_limiter_reserve (MdRateLimiter *self,
                                        gint64         now_us);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdRateLimiter, md_rate_limiter_free)

G_END_DECLS
