/* md-sandbox-heatmap.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How much of each part of the content a set of views watched: the numbers
 * behind heatmaps and hotspot windows.
 */

#define G_LOG_DOMAIN "md-sandbox-heatmap"

#include "config.h"

#include "md-sandbox-heatmap.h"
#include "md-sandbox-view.h"

typedef struct
{
  gint64 at_ms;
  gint   delta;
} Edge;

static gint
compare_edges (gconstpointer a,
               gconstpointer b)
{
  const Edge *ea = a, *eb = b;

  return ea->at_ms < eb->at_ms ? -1 : ea->at_ms > eb->at_ms;
}

/* Where bucket @i of @n starts in content of @duration_ms. */
gint64
md_sandbox_heatmap_bucket_start (guint  i,
                                 double duration_ms,
                                 guint  n)
{
  return (gint64) (i * duration_ms / n);
}

/* For each of @n equal buckets of the content, the share of @views that
 * watched it (0..1). One sweep over the ranges' edges, so the cost grows
 * with views + buckets, not views × buckets. */
double *
md_sandbox_heatmap_shares (GPtrArray *views,
                           double     duration_ms,
                           guint      n)
{
  g_autoptr(GArray) edges = g_array_new (FALSE, FALSE, sizeof (Edge));
  double *shares = g_new0 (double, n);
  gint64 end_ms = (gint64) duration_ms;
  gint64 position = 0;
  gint watching = 0;
  guint bucket = 0;

  if (views->len == 0 || end_ms <= 0)
    return shares;

  for (guint v = 0; v < views->len; v++)
    {
      MdSandboxView *view = g_ptr_array_index (views, v);

      for (guint r = 0; r < view->ranges->len; r++)
        {
          MdSandboxRange *range = &g_array_index (view->ranges, MdSandboxRange, r);
          Edge start = { CLAMP (range->start_ms, 0, end_ms), +1 };
          Edge stop = { CLAMP (range->end_ms, 0, end_ms), -1 };

          if (stop.at_ms > start.at_ms)
            {
              g_array_append_val (edges, start);
              g_array_append_val (edges, stop);
            }
        }
    }
  g_array_sort (edges, compare_edges);

  /* Between two edges `watching` views cover the content: add that time to
   * every bucket the stretch crosses. */
  for (guint e = 0; e <= edges->len; e++)
    {
      gint64 next = e < edges->len ? g_array_index (edges, Edge, e).at_ms : end_ms;

      while (watching > 0 && position < next && bucket < n)
        {
          gint64 bucket_end = md_sandbox_heatmap_bucket_start (bucket + 1, duration_ms, n);
          gint64 stop = MIN (next, bucket_end);

          if (stop > position)
            shares[bucket] += (double) watching * (stop - position);
          position = stop;
          if (position >= bucket_end)
            bucket++;
        }
      position = MAX (position, next);
      while (bucket < n && md_sandbox_heatmap_bucket_start (bucket + 1, duration_ms, n) <= position)
        bucket++;
      if (e < edges->len)
        watching += g_array_index (edges, Edge, e).delta;
    }

  for (guint i = 0; i < n; i++)
    {
      gint64 length = md_sandbox_heatmap_bucket_start (i + 1, duration_ms, n)
                      - md_sandbox_heatmap_bucket_start (i, duration_ms, n);

      shares[i] = length > 0 ? shares[i] / length / views->len : 0;
    }
  return shares;
}
