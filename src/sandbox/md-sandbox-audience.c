/* md-sandbox-audience.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A simulated audience for demos and benchmarks (--audience N): N viewers
 * whose views of an asset look like real ones. Most start at the beginning
 * and drop off over time (exponential retention), some watch to the end,
 * some skip the intro, and two "hot moments" get rewatched. The same asset
 * and N always give the same views, whatever the day (times are relative
 * to @now). About one viewer in 25 is watching right now, so the counts API
 * has something to show.
 */

#define G_LOG_DOMAIN "md-sandbox-audience"

#include "config.h"

#include "md-sandbox-audience.h"
#include "md-sandbox-view.h"

#include <math.h>

static guint32
seed_for (const char *asset_id,
          guint       n_viewers)
{
  /* djb2: stable across runs and GLib versions, unlike g_str_hash's contract */
  guint32 hash = 5381;

  for (const char *p = asset_id; *p; p++)
    hash = hash * 33 + (guchar) *p;
  return hash ^ (n_viewers * 2654435761u);
}

/**
 * md_sandbox_audience_generate:
 * @asset_id: the asset watched
 * @playback_ids: its playback IDs; views are spread over them
 * @duration_s: the asset's duration
 * @n_viewers: how many viewers
 * @now: Unix seconds; views start in the 7 days before
 *
 * Returns: (transfer full) (element-type MdSandboxView): simulated views
 */
GPtrArray *
md_sandbox_audience_generate (const char        *asset_id,
                              const char *const *playback_ids,
                              double             duration_s,
                              guint              n_viewers,
                              gint64             now)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed_for (asset_id, n_viewers));
  GPtrArray *views = g_ptr_array_new_with_free_func ((GDestroyNotify) md_sandbox_view_free);
  guint n_playback_ids = playback_ids ? g_strv_length ((char **) playback_ids) : 0;
  gint64 duration_ms = (gint64) (duration_s * 1000.0);
  gint64 hot[2], hot_width, intro_start, intro_end;
  guint n_live = n_viewers > 0 ? MAX (1, n_viewers / 25) : 0;

  g_return_val_if_fail (asset_id != NULL, views);

  if (duration_ms <= 0 || n_playback_ids == 0)
    return views;

  hot[0] = (gint64) (duration_ms * g_rand_double_range (rand, 0.2, 0.4));
  hot[1] = (gint64) (duration_ms * g_rand_double_range (rand, 0.55, 0.8));
  hot_width = MAX (4000, duration_ms / 16);
  intro_start = duration_ms / 20;
  intro_end = duration_ms / 8;

  for (guint v = 0; v < n_viewers; v++)
    {
      g_autofree char *viewer_id = g_strdup_printf ("sim-%s-%u", asset_id, v);
      gboolean live = v < n_live;
      /* One viewer in twelve comes back for a second view. */
      guint n_views = g_rand_int_range (rand, 0, 12) == 0 ? 2 : 1;

      for (guint k = 0; k < n_views; k++)
        {
          g_autofree char *session_id = g_strdup_printf ("%s-%u", viewer_id, k);
          const char *playback_id = playback_ids[g_rand_int_range (rand, 0, n_playback_ids)];
          gint64 started_at, start_ms, stop_ms;
          MdSandboxView *view;

          if (live && k == 0)
            started_at = now - g_rand_int_range (rand, 0, MAX (2, (gint32) duration_s));
          else
            started_at = now - 60 - g_rand_int_range (rand, 0, 6 * 24 * 3600);

          view = md_sandbox_view_new (session_id, viewer_id, playback_id, asset_id, started_at);
          view->simulated = TRUE;
          view->live = live && k == 0;
          view->last_seen_at = view->live ? now : started_at + (gint64) duration_s;

          /* Where the viewer starts: mostly at 0, some seek in. */
          start_ms = g_rand_int_range (rand, 0, 100) < 85
            ? 0 : (gint64) (g_rand_double (rand) * duration_ms * 0.8);

          /* When they leave: a quarter finish, the rest drop off. */
          if (g_rand_int_range (rand, 0, 100) < 25)
            stop_ms = duration_ms;
          else
            stop_ms = start_ms + (gint64) (-log (1.0 - g_rand_double (rand)) * duration_ms * 0.45);
          stop_ms = MIN (stop_ms, duration_ms);

          if (view->live)
            stop_ms = MIN (stop_ms, start_ms + (now - started_at) * 1000);

          /* A third skip the intro. */
          if (start_ms < intro_start && stop_ms > intro_end && g_rand_int_range (rand, 0, 3) == 0)
            {
              md_sandbox_view_add_range (view, start_ms, intro_start);
              md_sandbox_view_add_range (view, intro_end, stop_ms);
            }
          else
            md_sandbox_view_add_range (view, start_ms, MAX (stop_ms, start_ms + 1000));

          /* The hot moments: rewatched, or jumped to. */
          if (!view->live)
            for (guint h = 0; h < G_N_ELEMENTS (hot); h++)
              if (g_rand_int_range (rand, 0, 100) < (h == 0 ? 45 : 35))
                md_sandbox_view_add_range (view, hot[h], MIN (hot[h] + hot_width, duration_ms));

          g_ptr_array_add (views, view);
        }
    }

  return views;
}
