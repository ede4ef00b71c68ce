/* md-time.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-time"

#include "config.h"

#include <math.h>

#include "md-time.h"

/**
 * md_time_format:
 * @seconds: a position in a video
 * @reference: the video's duration; when it has hours, @seconds gets an
 *   hour field too, so labels keep their width
 *
 * Returns: (transfer full): "m:ss" or "h:mm:ss"
 */
char *
md_time_format (double seconds,
                double reference)
{
  gint64 total;

  if (!isfinite (seconds) || seconds < 0)
    seconds = 0;
  /* Beyond gint64 the cast below is undefined; no video lasts 30 years. */
  seconds = MIN (seconds, 1e9);

  total = (gint64) floor (seconds);
  if (total >= 3600 || reference >= 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d",
                            total / 3600, (int) (total / 60 % 60), (int) (total % 60));

  return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d", total / 60, (int) (total % 60));
}
