/* md-rate-limiter.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-rate-limiter"

#include "config.h"

#include "md-rate-limiter.h"

/* A token bucket: @burst requests may go at once, then one every
 * 1/@rate seconds. Mux does not pace clients, it answers 429; pacing here
 * means a big library refresh never sees one. Time is passed in so the
 * arithmetic is testable without waiting. */
struct _MdRateLimiter
{
  double rate;
  double burst;
  double tokens;
  gint64 last_us;
};

MdRateLimiter *
md_rate_limiter_new (double rate_per_second,
                     double burst)
{
  MdRateLimiter *self;

  g_return_val_if_fail (rate_per_second > 0, NULL);
  g_return_val_if_fail (burst >= 1, NULL);

  self = g_new0 (MdRateLimiter, 1);
  self->rate = rate_per_second;
  self->burst = burst;
  self->tokens = burst;
  self->last_us = G_MININT64;
  return self;
}

void
md_rate_limiter_free (MdRateLimiter *self)
{
  g_free (self);
}

/**
 * md_rate_limiter_reserve:
 * @now_us: the current monotonic time in microseconds
 *
 * Takes one token for a request that will be sent after the returned delay.
 * Tokens may go negative: each waiting request holds its place in line, so
 * requests reserved together leave 1/rate apart.
 *
 * Returns: how long to wait before sending, in microseconds (0 = now)
 */
gint64
md_rate_limiter_reserve (MdRateLimiter *self,
                         gint64         now_us)
{
  g_return_val_if_fail (self != NULL, 0);

  if (self->last_us != G_MININT64 && now_us > self->last_us)
    self->tokens = MIN (self->burst,
                        self->tokens + (now_us - self->last_us) * self->rate / G_USEC_PER_SEC);
  if (self->last_us == G_MININT64 || now_us > self->last_us)
    self->last_us = now_us;

  self->tokens -= 1;
  if (self->tokens >= 0)
    return 0;

  return (gint64) (-self->tokens * G_USEC_PER_SEC / self->rate + 0.5);
}
