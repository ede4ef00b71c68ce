/* md-sandbox-rate-limiter.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _MdSandboxRateLimiter MdSandboxRateLimiter;

MdSandboxRateLimiter *md_sandbox_rate_limiter_new   (void);
void                  md_sandbox_rate_limiter_free  (MdSandboxRateLimiter *self);
gboolean              md_sandbox_rate_limiter_admit (MdSandboxRateLimiter *self,
                                                     const char           *method,
                                                     const char           *path,
                                                     gint64                now_us,
                                                     guint                *out_retry_after_s);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdSandboxRateLimiter, md_sandbox_rate_limiter_free)

G_END_DECLS
