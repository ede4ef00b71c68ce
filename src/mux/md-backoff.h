/* md-backoff.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gint64 md_backoff_delay_ms       (guint       attempt,
                                  gint64      min_ms,
                                  gint64      max_ms,
                                  double      jitter);
gint64 md_backoff_retry_after_ms (const char *header,
                                  GDateTime  *now);
gint64 md_backoff_retry_delay_ms (guint       status,
                                  const char *retry_after,
                                  GDateTime  *now,
                                  guint       attempt,
                                  gint64      min_ms,
                                  gint64      max_ms,
                                  double      jitter);

G_END_DECLS
