/* test-pacing.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "md-backoff.h"
#include "md-rate-limiter.h"

/* The arithmetic of pacing and backoff, with time passed in: no waiting. */

static void
test_burst_then_paced (void)
{
  g_autoptr(MdRateLimiter) limiter = md_rate_limiter_new (5, 5);
  gint64 now = 1000 * G_USEC_PER_SEC;

  /* A burst of 5 goes at once; the next ones queue 200 ms apart. */
  for (guint i = 0; i < 5; i++)
    g_assert_cmpint (md_rate_limiter_reserve (limiter, now), ==, 0);
  g_assert_cmpint (md_rate_limiter_reserve (limiter, now), ==, 200000);
  g_assert_cmpint (md_rate_limiter_reserve (limiter, now), ==, 400000);
  g_assert_cmpint (md_rate_limiter_reserve (limiter, now), ==, 600000);

  /* A second later 5 tokens have refilled, 3 of which the queue used. */
  now += G_USEC_PER_SEC;
  g_assert_cmpint (md_rate_limiter_reserve (limiter, now), ==, 0);
  g_assert_cmpint (md_rate_limiter_reserve (limiter, now), ==, 0);
  g_assert_cmpint (md_rate_limiter_reserve (limiter, now), ==, 200000);
}

static void
test_refill_is_capped (void)
{
  g_autoptr(MdRateLimiter) limiter = md_rate_limiter_new (1, 1);
  gint64 now = 0;

  g_assert_cmpint (md_rate_limiter_reserve (limiter, now), ==, 0);
  g_assert_cmpint (md_rate_limiter_reserve (limiter, now), ==, G_USEC_PER_SEC);

  /* An hour idle does not bank 3600 requests: the burst stays 1. */
  now += (gint64) 3600 * G_USEC_PER_SEC;
  g_assert_cmpint (md_rate_limiter_reserve (limiter, now), ==, 0);
  g_assert_cmpint (md_rate_limiter_reserve (limiter, now), ==, G_USEC_PER_SEC);
}

static void
test_sustained_rate (void)
{
  g_autoptr(MdRateLimiter) limiter = md_rate_limiter_new (5, 5);
  gint64 last_send = 0;
  guint sent_in_window = 0;

  /* 1,000 requests asked for at once leave no faster than 5/s after the burst. */
  for (guint i = 0; i < 1000; i++)
    {
      gint64 send_at = md_rate_limiter_reserve (limiter, 0);

      g_assert_cmpint (send_at, >=, last_send);
      last_send = send_at;
      if (send_at < 10 * G_USEC_PER_SEC)
        sent_in_window++;
    }
  /* 5 at once, then one per 200 ms for 10 s: 5 + 49 (the 50th lands on 10 s). */
  g_assert_cmpuint (sent_in_window, ==, 54);
  g_assert_cmpint (last_send, ==, (gint64) 995 * 200000);
}

static void
test_backoff_growth (void)
{
  /* Without jitter's random part (jitter = 1) the delay doubles up to the cap. */
  g_assert_cmpint (md_backoff_delay_ms (1, 500, 30000, 1.0), ==, 500);
  g_assert_cmpint (md_backoff_delay_ms (2, 500, 30000, 1.0), ==, 1000);
  g_assert_cmpint (md_backoff_delay_ms (3, 500, 30000, 1.0), ==, 2000);
  g_assert_cmpint (md_backoff_delay_ms (7, 500, 30000, 1.0), ==, 30000);
  g_assert_cmpint (md_backoff_delay_ms (60, 500, 30000, 1.0), ==, 30000);

  /* Equal jitter: never below half, never above the full delay. */
  g_assert_cmpint (md_backoff_delay_ms (3, 500, 30000, 0.0), ==, 1000);
  for (guint i = 0; i < 1000; i++)
    {
      double jitter = g_random_double ();
      gint64 delay = md_backoff_delay_ms (4, 500, 30000, jitter);

      g_assert_cmpint (delay, >=, 2000);
      g_assert_cmpint (delay, <=, 4000);
    }

  /* Tests scale the delays down through the client's properties. */
  g_assert_cmpint (md_backoff_delay_ms (5, 1, 4, 1.0), ==, 4);
  g_assert_cmpint (md_backoff_delay_ms (1, 0, 0, 0.5), ==, 0);
  /* A cap below the minimum does not make the delay shrink. */
  g_assert_cmpint (md_backoff_delay_ms (3, 100, 10, 1.0), ==, 100);
}

static void
test_retry_after (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 25, 2, 0, 0);

  g_assert_cmpint (md_backoff_retry_after_ms (NULL, now), ==, -1);
  g_assert_cmpint (md_backoff_retry_after_ms ("3", now), ==, 3000);
  g_assert_cmpint (md_backoff_retry_after_ms (" 0", now), ==, 0);
  g_assert_cmpint (md_backoff_retry_after_ms ("Wed, 25 Nov 2026 02:00:10 GMT", now), ==, 10000);
  /* A date in the past means now. */
  g_assert_cmpint (md_backoff_retry_after_ms ("Wed, 25 Nov 2026 01:00:00 GMT", now), ==, 0);
  g_assert_cmpint (md_backoff_retry_after_ms ("soon", now), ==, -1);
  g_assert_cmpint (md_backoff_retry_after_ms ("-5", now), ==, -1);
  g_assert_cmpint (md_backoff_retry_after_ms ("1.5", now), ==, -1);
  g_assert_cmpint (md_backoff_retry_after_ms ("99999999999999", now), ==, -1);
}

static void
test_retry_delay (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 25, 2, 0, 0);

  /* A 429 with Retry-After: 2 waits the two seconds asked for, whatever the
   * jitter; without it, the first backoff step (250-500 ms). */
  g_assert_cmpint (md_backoff_retry_delay_ms (429, "2", now, 1, 500, 30000, 0.0), ==, 2000);
  g_assert_cmpint (md_backoff_retry_delay_ms (429, "2", now, 1, 500, 30000, 0.99), ==, 2000);
  g_assert_cmpint (md_backoff_retry_delay_ms (429, NULL, now, 1, 500, 30000, 0.0), ==, 250);
  g_assert_cmpint (md_backoff_retry_delay_ms (429, NULL, now, 1, 500, 30000, 1.0), ==, 500);
  /* As a date too; a date already past means at once. */
  g_assert_cmpint (md_backoff_retry_delay_ms (429, "Wed, 25 Nov 2026 02:00:02 GMT", now, 1, 500, 30000, 0.5), ==, 2000);
  g_assert_cmpint (md_backoff_retry_delay_ms (429, "Wed, 25 Nov 2026 01:00:00 GMT", now, 1, 500, 30000, 0.5), ==, 0);
  /* Never longer than the cap: an hour asked for is 30 s. */
  g_assert_cmpint (md_backoff_retry_delay_ms (429, "3600", now, 1, 500, 30000, 0.5), ==, 30000);
  /* Unreadable: backoff, as without. */
  g_assert_cmpint (md_backoff_retry_delay_ms (429, "soon", now, 3, 500, 30000, 1.0), ==, 2000);
  /* 502, 503 and 504 back off on their own. */
  g_assert_cmpint (md_backoff_retry_delay_ms (502, NULL, now, 2, 500, 30000, 1.0), ==, 1000);
  g_assert_cmpint (md_backoff_retry_delay_ms (503, "2", now, 1, 500, 30000, 1.0), ==, 500);
  g_assert_cmpint (md_backoff_retry_delay_ms (504, NULL, now, 3, 500, 30000, 0.0), ==, 1000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pacing/rate-limiter/burst-then-paced", test_burst_then_paced);
  g_test_add_func ("/pacing/rate-limiter/refill-is-capped", test_refill_is_capped);
  g_test_add_func ("/pacing/rate-limiter/sustained-rate", test_sustained_rate);
  g_test_add_func ("/pacing/backoff/growth", test_backoff_growth);
  g_test_add_func ("/pacing/backoff/retry-after", test_retry_after);
  g_test_add_func ("/pacing/backoff/retry-delay", test_retry_delay);

  return g_test_run ();
}
