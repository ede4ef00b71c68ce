/* md-backoff.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-backoff"

#include "config.h"

#include <libsoup/soup.h>

#include "md-backoff.h"

/**
 * md_backoff_delay_ms:
 * @attempt: the attempt that failed, from 1
 * @min_ms: the first delay
 * @max_ms: the cap
 * @jitter: a random number in [0, 1)
 *
 * Exponential backoff with "equal jitter": the delay doubles per attempt
 * up to @max_ms, and a random half of it is dropped, so clients that failed
 * together do not retry together yet never retry at once.
 *
 * Returns: milliseconds to wait, in [d/2, d] with d = min(@max_ms,
 *   @min_ms * 2^(@attempt - 1))
 */
gint64
md_backoff_delay_ms (guint  attempt,
                     gint64 min_ms,
                     gint64 max_ms,
                     double jitter)
{
  gint64 delay = MAX (min_ms, 0);

  max_ms = MAX (max_ms, delay);
  for (guint i = 1; i < attempt && delay < max_ms; i++)
    delay *= 2;
  delay = MIN (delay, max_ms);

  jitter = CLAMP (jitter, 0.0, 1.0);
  return delay / 2 + (gint64) ((delay - delay / 2) * jitter);
}

/**
 * md_backoff_retry_after_ms:
 * @header: (nullable): a `Retry-After` value: seconds or an HTTP date
 * @now: the current time, for a date
 *
 * Returns: milliseconds the server asked to wait, or -1 when @header is
 *   missing or unreadable (then back off on our own)
 */
gint64
md_backoff_retry_after_ms (const char *header,
                           GDateTime  *now)
{
  guint64 seconds;
  g_autoptr(GDateTime) when = NULL;

  if (header == NULL)
    return -1;

  while (g_ascii_isspace (*header))
    header++;

  if (g_ascii_isdigit (*header))
    {
      if (!g_ascii_string_to_unsigned (header, 10, 0, G_MAXINT32, &seconds, NULL))
        return -1;
      return (gint64) seconds * 1000;
    }

  when = soup_date_time_new_from_http_string (header);
  if (when == NULL)
    return -1;

  return MAX (0, g_date_time_difference (when, now) / 1000);
}

/**
 * md_backoff_retry_delay_ms:
 * @status: the HTTP status of the answer that will be retried
 * @retry_after: (nullable): its `Retry-After` header
 * @now: the current time, for a `Retry-After` date
 * @attempt: the attempt that failed, from 1
 * @min_ms: the first backoff delay
 * @max_ms: the backoff's cap, which also bounds what `Retry-After` asks
 * @jitter: a random number in [0, 1)
 *
 * How long the client waits before the next attempt: what a 429 asked for
 * in `Retry-After` (Mux's rate limiter knows when a slot frees), up to
 * @max_ms so one answer cannot stall the app; otherwise, and for every
 * other status, md_backoff_delay_ms().
 *
 * Returns: milliseconds to wait
 */
gint64
md_backoff_retry_delay_ms (guint       status,
                           const char *retry_after,
                           GDateTime  *now,
                           guint       attempt,
                           gint64      min_ms,
                           gint64      max_ms,
                           double      jitter)
{
  if (status == 429)
    {
      gint64 asked = md_backoff_retry_after_ms (retry_after, now);

      if (asked >= 0)
        return MIN (asked, MAX (max_ms, 0));
    }

  return md_backoff_delay_ms (attempt, min_ms, max_ms, jitter);
}
