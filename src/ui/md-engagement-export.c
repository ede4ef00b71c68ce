/* md-engagement-export.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-engagement-export"

#include "config.h"

#include "md-engagement-export.h"
#include "md-hotspot.h"
#include "md-screenshot.h"
#include "md-timeline-heatmap-layer.h"

/* What analysts paste into reports: the heatmap and hotspots as CSV (one
 * row a bucket or spot, times in seconds, C locale numbers), and the
 * annotated timeline as a PNG. */

static void
append_double (GString *out,
               double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (out, g_ascii_formatd (buffer, sizeof buffer, "%.3f", value));
}

static void
append_row (GString    *out,
            const char *kind,
            guint       rank,
            double      start,
            double      end,
            double      value)
{
  g_string_append_printf (out, "%s,%u,", kind, rank);
  append_double (out, start);
  g_string_append_c (out, ',');
  append_double (out, end);
  g_string_append_c (out, ',');
  append_double (out, value);
  g_string_append_c (out, '\n');
}

/**
 * md_engagement_export_csv:
 * @heatmap: (nullable): the heatmap shown
 * @hotspots: (nullable): the hotspots (or cold spots) shown, ranked
 * @duration: the content's duration, to place the heatmap's buckets
 *
 * Returns: (transfer full): the CSV text: a header line, then
 *   `heatmap,INDEX,START_S,END_S,SHARE` rows and
 *   `hotspot|coldspot,RANK,START_S,END_S,SCORE` rows
 */
char *
md_engagement_export_csv (MdHeatmap  *heatmap,
                          GListModel *hotspots,
                          gboolean    cold,
                          double      duration)
{
  GString *out = g_string_new ("kind,index,start_s,end_s,value\n");

  if (heatmap != NULL)
    {
      guint n = 0;
      const double *values = md_heatmap_get_values (heatmap, &n);

      for (guint i = 0; i < n; i++)
        {
          double start, end;

          if (md_heatmap_bucket_range (i, n, duration, &start, &end))
            append_row (out, "heatmap", i, start, end, values[i]);
        }
    }

  for (guint i = 0; hotspots != NULL && i < g_list_model_get_n_items (hotspots); i++)
    {
      g_autoptr(MdHotspot) hotspot = g_list_model_get_item (hotspots, i);

      append_row (out, cold ? "coldspot" : "hotspot", i + 1,
                  md_hotspot_get_start_ms (hotspot) / 1000.0,
                  md_hotspot_get_end_ms (hotspot) / 1000.0,
                  md_hotspot_get_score (hotspot));
    }

  return g_string_free (out, FALSE);
}

/**
 * md_engagement_export_png:
 * @timeline: the timeline with its heatmap and hotspot layers
 *
 * Returns: %FALSE with @error set when the image cannot be written
 */
gboolean
md_engagement_export_png (GtkWidget   *timeline,
                          const char  *path,
                          GError     **error)
{
  g_return_val_if_fail (GTK_IS_WIDGET (timeline), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  return md_screenshot_widget_to_png (timeline, path, error);
}
