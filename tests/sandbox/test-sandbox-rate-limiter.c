/* test-sandbox-rate-limiter.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "md-sandbox-rate-limiter.h"

#define SECOND ((gint64) G_USEC_PER_SEC)

static guint
admit_burst (MdSandboxRateLimiter *limiter,
             const char           *method,
             const char           *path,
             gint64                now,
             guint                *out_retry_after)
{
  guint admitted = 0;

  while (md_sandbox_rate_limiter_admit (limiter, method, path, now, out_retry_after))
    {
      admitted++;
      g_assert_cmpuint (admitted, <, 1000);
    }
  return admitted;
}

static void
test_video_post_one_a_second (void)
{
  g_autoptr(MdSandboxRateLimiter) limiter = md_sandbox_rate_limiter_new ();
  gint64 now = 1000 * SECOND;
  guint retry_after = 0;

  /* A burst, then one a second. */
  g_assert_cmpuint (admit_burst (limiter, "POST", "/video/v1/uploads", now, &retry_after), ==, 10);
  g_assert_cmpuint (retry_after, ==, 1);
  g_assert_false (md_sandbox_rate_limiter_admit (limiter, "POST", "/video/v1/uploads", now + SECOND / 2, &retry_after));
  g_assert_cmpuint (retry_after, ==, 1);
  g_assert_true (md_sandbox_rate_limiter_admit (limiter, "POST", "/video/v1/uploads", now + SECOND, NULL));
  g_assert_false (md_sandbox_rate_limiter_admit (limiter, "POST", "/video/v1/uploads", now + SECOND, NULL));
  /* A long pause refills only up to the burst. */
  g_assert_cmpuint (admit_burst (limiter, "POST", "/video/v1/assets", now + 3600 * SECOND, NULL), ==, 10);
}

static void
test_other_five_a_second (void)
{
  g_autoptr(MdSandboxRateLimiter) limiter = md_sandbox_rate_limiter_new ();
  gint64 now = 0;
  guint retry_after = 0;

  g_assert_cmpuint (admit_burst (limiter, "GET", "/video/v1/assets", now, &retry_after), ==, 25);
  g_assert_cmpuint (retry_after, ==, 1);
  g_assert_cmpuint (admit_burst (limiter, "GET", "/video/v1/assets", now + SECOND, NULL), ==, 5);
  /* GETs and POSTs have buckets of their own. */
  g_assert_true (md_sandbox_rate_limiter_admit (limiter, "POST", "/video/v1/assets", now + SECOND, NULL));
  /* So do the Data and System APIs. */
  g_assert_cmpuint (admit_burst (limiter, "GET", "/data/v1/engagement/assets/a/heatmap", now, NULL), ==, 25);
  g_assert_cmpuint (admit_burst (limiter, "GET", "/system/v1/signing-keys", now, NULL), ==, 25);
  g_assert_cmpuint (admit_burst (limiter, "GET", "/data/v1/monitoring/metrics", now, NULL), ==, 5);
}

static void
test_unlimited_paths (void)
{
  g_autoptr(MdSandboxRateLimiter) limiter = md_sandbox_rate_limiter_new ();
  const char *paths[] = { "/_sandbox/faults", "/upload/abc", "/stream/pid.m3u8", "/counts", "/" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    for (guint n = 0; n < 200; n++)
      g_assert_true (md_sandbox_rate_limiter_admit (limiter, "PUT", paths[i], 0, NULL));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox/rate-limiter/video-post", test_video_post_one_a_second);
  g_test_add_func ("/sandbox/rate-limiter/other", test_other_five_a_second);
  g_test_add_func ("/sandbox/rate-limiter/unlimited-paths", test_unlimited_paths);

  return g_test_run ();
}
