/* md-sandbox-rate-limiter.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Mux's API rate limits as token buckets: POSTs to /video ~1 request/s
 * sustained, other Video and Data requests ~5/s, Monitoring ~1/s, with short
 * bursts allowed (Mux documents "short bursts" without a size; we allow 10
 * POSTs and 25 other requests at once). Limits are per account, and the
 * sandbox is one account, so the buckets are global.
 */

#define G_LOG_DOMAIN "md-sandbox-rate-limiter"

#include "config.h"

#include "md-sandbox-rate-limiter.h"

#include <math.h>
#include <string.h>

typedef enum
{
  BUCKET_VIDEO_POST,
  BUCKET_VIDEO_OTHER,
  BUCKET_MONITORING,
  BUCKET_DATA,
  BUCKET_SYSTEM,
  N_BUCKETS
} BucketKind;

typedef struct
{
  double rate;       /* tokens a second */
  double capacity;   /* the burst */
  double tokens;
  gint64 updated_us;
} Bucket;

struct _MdSandboxRateLimiter
{
  Bucket buckets[N_BUCKETS];
};

static const struct
{
  double rate;
  double capacity;
} bucket_specs[N_BUCKETS] = {
  [BUCKET_VIDEO_POST] = { 1.0, 10.0 },
  [BUCKET_VIDEO_OTHER] = { 5.0, 25.0 },
  [BUCKET_MONITORING] = { 1.0, 5.0 },
  [BUCKET_DATA] = { 5.0, 25.0 },
  [BUCKET_SYSTEM] = { 5.0, 25.0 },
};

static gboolean
classify (const char *method,
          const char *path,
          BucketKind *out_kind)
{
  if (g_str_has_prefix (path, "/video/"))
    *out_kind = g_strcmp0 (method, "POST") == 0 ? BUCKET_VIDEO_POST : BUCKET_VIDEO_OTHER;
  else if (g_str_has_prefix (path, "/data/v1/monitoring"))
    *out_kind = BUCKET_MONITORING;
  else if (g_str_has_prefix (path, "/data/"))
    *out_kind = BUCKET_DATA;
  else if (g_str_has_prefix (path, "/system/"))
    *out_kind = BUCKET_SYSTEM;
  else
    return FALSE;
  return TRUE;
}

MdSandboxRateLimiter *
md_sandbox_rate_limiter_new (void)
{
  MdSandboxRateLimiter *self = g_new0 (MdSandboxRateLimiter, 1);

  for (guint i = 0; i < N_BUCKETS; i++)
    {
      self->buckets[i].rate = bucket_specs[i].rate;
      self->buckets[i].capacity = bucket_specs[i].capacity;
      self->buckets[i].tokens = bucket_specs[i].capacity;
      self->buckets[i].updated_us = G_MININT64;
    }
  return self;
}

void
md_sandbox_rate_limiter_free (MdSandboxRateLimiter *self)
{
  g_free (self);
}

/**
 * md_sandbox_rate_limiter_admit:
 * @method: the request's method
 * @path: the request's path on the API host (`/video/v1/assets`)
 * @now_us: a monotonic time in microseconds
 * @out_retry_after_s: (out): when refused, whole seconds until a retry
 *   would be admitted (at least 1)
 *
 * Takes a token for the request if its bucket has one. Paths outside the
 * Video, Data and System APIs (stream, image, uploads, admin) are never
 * limited.
 *
 * Returns: %TRUE if the request may go on, %FALSE if it must get a 429
 */
gboolean
md_sandbox_rate_limiter_admit (MdSandboxRateLimiter *self,
                               const char           *method,
                               const char           *path,
                               gint64                now_us,
                               guint                *out_retry_after_s)
{
  BucketKind kind;
  Bucket *bucket;

  g_return_val_if_fail (self != NULL, TRUE);
  g_return_val_if_fail (path != NULL, TRUE);

  if (!classify (method, path, &kind))
    return TRUE;

  bucket = &self->buckets[kind];
  if (bucket->updated_us != G_MININT64 && now_us > bucket->updated_us)
    bucket->tokens = MIN (bucket->capacity,
                          bucket->tokens + (now_us - bucket->updated_us) * bucket->rate / G_USEC_PER_SEC);
  if (bucket->updated_us == G_MININT64 || now_us > bucket->updated_us)
    bucket->updated_us = now_us;

  if (bucket->tokens >= 1.0)
    {
      bucket->tokens -= 1.0;
      return TRUE;
    }

  if (out_retry_after_s != NULL)
    *out_retry_after_s = MAX (1, (guint) ceil ((1.0 - bucket->tokens) / bucket->rate));
  return FALSE;
}
