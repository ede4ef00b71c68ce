/* md-sandbox-engagement.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Engagement from real playback. The stream host records each segment
 * request as part of a view; heatmaps, hotspots and counts are computed from
 * the views. Real views are kept in STATE_DIR/engagement/views.json; the
 * simulated audience (--audience N) is regenerated, identically, at each
 * start and never stored.
 */

#define G_LOG_DOMAIN "md-sandbox-engagement"

#include "config.h"

#include "md-sandbox-engagement.h"
#include "md-sandbox-audience.h"
#include "md-sandbox-heatmap.h"

#include <gio/gio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct _MdSandboxEngagement
{
  char       *path;            /* NULL: nothing is stored */
  GPtrArray  *views;           /* MdSandboxView, real ones */
  GHashTable *by_session;      /* "session\nplayback" -> MdSandboxView (borrowed) */
  GHashTable *simulated;       /* asset id -> GPtrArray of MdSandboxView */
  guint       audience;
  guint       save_source;
};

typedef struct
{
  gint64 start_ms;
  gint64 end_ms;
  double engagement;
  double score;
} Window;

static char *
session_key (const char *session_id,
             const char *playback_id)
{
  return g_strconcat (session_id, "\n", playback_id, NULL);
}

static gboolean
view_in_scope (MdSandboxView            *view,
               MdSandboxEngagementScope  scope,
               const char *const        *ids)
{
  const char *id = scope == MD_SANDBOX_ENGAGEMENT_SCOPE_ASSET ? view->asset_id : view->playback_id;

  return id != NULL && ids != NULL && g_strv_contains (ids, id);
}

/* Calls @func on every real and simulated view in scope. */
static void
foreach_view (MdSandboxEngagement      *self,
              MdSandboxEngagementScope  scope,
              const char *const        *ids,
              GFunc                     func,
              gpointer                  user_data)
{
  GHashTableIter iter;
  gpointer value;

  for (guint i = 0; i < self->views->len; i++)
    if (view_in_scope (g_ptr_array_index (self->views, i), scope, ids))
      func (g_ptr_array_index (self->views, i), user_data);

  g_hash_table_iter_init (&iter, self->simulated);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      GPtrArray *views = value;

      for (guint i = 0; i < views->len; i++)
        if (view_in_scope (g_ptr_array_index (views, i), scope, ids))
          func (g_ptr_array_index (views, i), user_data);
    }
}

typedef struct
{
  gint64     from;
  gint64     to;
  GPtrArray *views;
} CollectData;

static void
collect_in_timeframe (gpointer data,
                      gpointer user_data)
{
  MdSandboxView *view = data;
  CollectData *collect = user_data;

  if (view->started_at >= collect->from && view->started_at <= collect->to)
    g_ptr_array_add (collect->views, view);
}

static GPtrArray *
views_in_timeframe (MdSandboxEngagement      *self,
                    MdSandboxEngagementScope  scope,
                    const char *const        *ids,
                    gint64                    from,
                    gint64                    to)
{
  CollectData collect = { from, to, g_ptr_array_new () };

  foreach_view (self, scope, ids, collect_in_timeframe, &collect);
  return collect.views;
}

static double
round4 (double value)
{
  return round (value * 10000.0) / 10000.0;
}

static JsonNode *
response_new (gint64     from,
              gint64     to,
              gint64     total_row_count,
              JsonNode  *data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "total_row_count");
  json_builder_add_int_value (builder, total_row_count);
  json_builder_set_member_name (builder, "timeframe");
  json_builder_begin_array (builder);
  json_builder_add_int_value (builder, from);
  json_builder_add_int_value (builder, to);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "data");
  json_builder_add_value (builder, data);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static gboolean
save_now (MdSandboxEngagement  *self,
          GError              **error)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
  g_autofree char *dir = NULL;
  g_autofree char *contents = NULL;
  JsonArray *array = json_array_new ();

  if (self->path == NULL)
    return TRUE;

  for (guint i = 0; i < self->views->len; i++)
    json_array_add_element (array, md_sandbox_view_to_json (g_ptr_array_index (self->views, i)));
  json_node_take_array (root, array);
  json_generator_set_root (generator, root);
  contents = json_generator_to_data (generator, NULL);

  dir = g_path_get_dirname (self->path);
  g_mkdir_with_parents (dir, 0700);
  return g_file_set_contents_full (self->path, contents, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

static gboolean
on_save_timeout_cb (gpointer user_data)
{
  MdSandboxEngagement *self = user_data;
  g_autoptr(GError) error = NULL;

  self->save_source = 0;
  if (!save_now (self, &error))
    g_warning ("Could not store the views: %s", error->message);
  return G_SOURCE_REMOVE;
}

static gboolean
load (MdSandboxEngagement  *self,
      GError              **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  JsonArray *array;

  if (!json_parser_load_from_file (parser, self->path, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "Could not read %s: ", self->path);
      return FALSE;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s is not a list of views", self->path);
      return FALSE;
    }

  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      MdSandboxView *view = md_sandbox_view_from_json (json_array_get_element (array, i));

      if (view == NULL)
        continue;
      g_ptr_array_add (self->views, view);
      g_hash_table_replace (self->by_session, session_key (view->session_id, view->playback_id), view);
    }
  return TRUE;
}

/**
 * md_sandbox_engagement_new:
 * @state_dir: (nullable): where views are kept, or %NULL to keep none
 */
MdSandboxEngagement *
md_sandbox_engagement_new (const char  *state_dir,
                           GError     **error)
{
  g_autoptr(MdSandboxEngagement) self = g_new0 (MdSandboxEngagement, 1);

  self->views = g_ptr_array_new_with_free_func ((GDestroyNotify) md_sandbox_view_free);
  self->by_session = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->simulated = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);

  if (state_dir != NULL)
    {
      self->path = g_build_filename (state_dir, "engagement", "views.json", NULL);
      if (!load (self, error))
        return NULL;
    }
  return g_steal_pointer (&self);
}

void
md_sandbox_engagement_free (MdSandboxEngagement *self)
{
  g_autoptr(GError) error = NULL;

  if (self == NULL)
    return;
  if (self->save_source != 0 && !save_now (self, &error))
    g_warning ("Could not store the views: %s", error->message);
  g_clear_handle_id (&self->save_source, g_source_remove);
  g_hash_table_unref (self->by_session);
  g_hash_table_unref (self->simulated);
  g_ptr_array_unref (self->views);
  g_free (self->path);
  g_free (self);
}

/* Sets the simulated audience each ready asset gets (0: none). */
void
md_sandbox_engagement_set_audience (MdSandboxEngagement *self,
                                    guint                n_viewers)
{
  g_return_if_fail (self != NULL);
  self->audience = n_viewers;
  g_hash_table_remove_all (self->simulated);
}

/**
 * md_sandbox_engagement_record:
 * @session_id: the viewer session the request came from
 * @viewer_id: who is watching (stable across sessions)
 * @start_ms: where the requested segment starts in the content
 * @end_ms: where it ends (exclusive)
 * @now: Unix seconds
 *
 * Adds a segment request to its view. A session's requests on one playback
 * ID are one view while they are less than
 * %MD_SANDBOX_ENGAGEMENT_SESSION_GAP_SECONDS apart.
 */
void
md_sandbox_engagement_record (MdSandboxEngagement *self,
                              const char          *session_id,
                              const char          *viewer_id,
                              const char          *playback_id,
                              const char          *asset_id,
                              gint64               start_ms,
                              gint64               end_ms,
                              gint64               now)
{
  g_autofree char *key = NULL;
  MdSandboxView *view;

  g_return_if_fail (self != NULL);
  g_return_if_fail (session_id != NULL && playback_id != NULL);

  key = session_key (session_id, playback_id);
  view = g_hash_table_lookup (self->by_session, key);
  if (view == NULL || now - view->last_seen_at > MD_SANDBOX_ENGAGEMENT_SESSION_GAP_SECONDS)
    {
      view = md_sandbox_view_new (session_id, viewer_id, playback_id, asset_id, now);
      g_ptr_array_add (self->views, view);
      g_hash_table_replace (self->by_session, g_steal_pointer (&key), view);
    }

  view->last_seen_at = MAX (view->last_seen_at, now);
  md_sandbox_view_add_range (view, start_ms, end_ms);

  if (self->path != NULL && self->save_source == 0)
    self->save_source = g_timeout_add_seconds (1, on_save_timeout_cb, self);
}

/* Gives @asset_id its simulated audience, once, if there is one. */
void
md_sandbox_engagement_ensure_audience (MdSandboxEngagement *self,
                                       const char          *asset_id,
                                       const char *const   *playback_ids,
                                       double               duration_s,
                                       gint64               now)
{
  g_return_if_fail (self != NULL);

  if (self->audience == 0 || asset_id == NULL || duration_s <= 0
      || g_hash_table_contains (self->simulated, asset_id))
    return;

  g_hash_table_insert (self->simulated, g_strdup (asset_id),
                       md_sandbox_audience_generate (asset_id, playback_ids, duration_s,
                                                     self->audience, now));
}

/* Stores the views now rather than a second after the last change. */
gboolean
md_sandbox_engagement_flush (MdSandboxEngagement  *self,
                             GError              **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  g_clear_handle_id (&self->save_source, g_source_remove);
  return save_now (self, error);
}

/* One bucket a second of content, 10 to 1000 of them. */
guint
md_sandbox_engagement_n_buckets (double duration_s)
{
  return (guint) CLAMP (round (duration_s), 10, 1000);
}

/**
 * md_sandbox_engagement_heatmap:
 * @duration_s: the content's duration
 * @from: timeframe start, Unix seconds (views that started then or later)
 * @to: timeframe end
 *
 * Returns: (transfer full): the heatmap response: bucket i covers
 *   [i, i+1) × duration / n of the content and holds the share of the
 *   timeframe's views that watched it
 */
JsonNode *
md_sandbox_engagement_heatmap (MdSandboxEngagement      *self,
                               MdSandboxEngagementScope  scope,
                               const char *const        *ids,
                               double                    duration_s,
                               gint64                    from,
                               gint64                    to)
{
  g_autoptr(GPtrArray) views = views_in_timeframe (self, scope, ids, from, to);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint n = md_sandbox_engagement_n_buckets (duration_s);
  double duration_ms = MAX (duration_s, 0) * 1000.0;
  g_autofree double *shares = md_sandbox_heatmap_shares (views, duration_ms, n);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "total_views");
  json_builder_add_int_value (builder, views->len);
  json_builder_set_member_name (builder, "value");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    json_builder_add_double_value (builder, round4 (shares[i]));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return response_new (from, to, 1, json_builder_get_root (builder));
}

static gint
compare_windows_desc (gconstpointer a,
                      gconstpointer b)
{
  const Window *wa = a, *wb = b;

  if (wa->score != wb->score)
    return wa->score > wb->score ? -1 : 1;
  return wa->start_ms < wb->start_ms ? -1 : wa->start_ms > wb->start_ms;
}

static gint
compare_windows_asc (gconstpointer a,
                     gconstpointer b)
{
  const Window *wa = a, *wb = b;

  if (wa->score != wb->score)
    return wa->score < wb->score ? -1 : 1;
  return wa->start_ms < wb->start_ms ? -1 : wa->start_ms > wb->start_ms;
}

/**
 * md_sandbox_engagement_hotspots:
 * @ascending: %TRUE for the coldest first (`order_direction=asc`)
 * @limit: at most this many, 0 for all
 *
 * The content is cut in windows of about 5 s (4 to 20 of them). A window's
 * score says how far its engagement rises above (1) or falls below (0) the
 * natural drop-off, a straight line fitted through all windows. There are
 * none below %MD_SANDBOX_ENGAGEMENT_MIN_VIEWS_FOR_HOTSPOTS views.
 *
 * Returns: (transfer full): the hotspots response
 */
JsonNode *
md_sandbox_engagement_hotspots (MdSandboxEngagement      *self,
                                MdSandboxEngagementScope  scope,
                                const char *const        *ids,
                                double                    duration_s,
                                gint64                    from,
                                gint64                    to,
                                gboolean                  ascending,
                                guint                     limit)
{
  g_autoptr(GPtrArray) views = views_in_timeframe (self, scope, ids, from, to);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GArray) windows = g_array_new (FALSE, TRUE, sizeof (Window));
  double duration_ms = MAX (duration_s, 0) * 1000.0;
  guint n_out = 0;

  if (views->len >= MD_SANDBOX_ENGAGEMENT_MIN_VIEWS_FOR_HOTSPOTS && duration_ms >= 1000)
    {
      guint n = (guint) CLAMP (duration_s / 5.0, 4, 20);
      g_autofree double *shares = md_sandbox_heatmap_shares (views, duration_ms, n);
      double sx = 0, sy = 0, sxx = 0, sxy = 0, slope, intercept, rmin = G_MAXDOUBLE, rmax = -G_MAXDOUBLE;

      g_array_set_size (windows, n);
      for (guint i = 0; i < n; i++)
        {
          Window *w = &g_array_index (windows, Window, i);

          w->start_ms = md_sandbox_heatmap_bucket_start (i, duration_ms, n);
          w->end_ms = md_sandbox_heatmap_bucket_start (i + 1, duration_ms, n);
          w->engagement = shares[i];
          sx += i;
          sy += w->engagement;
          sxx += (double) i * i;
          sxy += i * w->engagement;
        }
      slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
      intercept = (sy - slope * sx) / n;

      for (guint i = 0; i < n; i++)
        {
          Window *w = &g_array_index (windows, Window, i);

          w->score = w->engagement - (intercept + slope * i);
          rmin = MIN (rmin, w->score);
          rmax = MAX (rmax, w->score);
        }
      for (guint i = 0; i < n; i++)
        {
          Window *w = &g_array_index (windows, Window, i);

          w->score = rmax - rmin > 1e-9 ? round4 ((w->score - rmin) / (rmax - rmin)) : 0.5;
        }

      g_array_sort (windows, ascending ? compare_windows_asc : compare_windows_desc);
      n_out = limit > 0 ? MIN (limit, n) : n;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "total_views");
  json_builder_add_int_value (builder, views->len);
  json_builder_set_member_name (builder, "hotspots");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_out; i++)
    {
      Window *w = &g_array_index (windows, Window, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "start_ms");
      json_builder_add_int_value (builder, w->start_ms);
      json_builder_set_member_name (builder, "end_ms");
      json_builder_add_int_value (builder, w->end_ms);
      json_builder_set_member_name (builder, "score");
      json_builder_add_double_value (builder, w->score);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return response_new (from, to, n_out, json_builder_get_root (builder));
}

typedef struct
{
  gint64      now;
  guint       views;
  GHashTable *viewers;
} CountData;

static void
count_current (gpointer data,
               gpointer user_data)
{
  MdSandboxView *view = data;
  CountData *count = user_data;

  if (view->live || view->last_seen_at >= count->now - MD_SANDBOX_ENGAGEMENT_ACTIVE_SECONDS)
    {
      count->views++;
      g_hash_table_add (count->viewers, view->viewer_id);
    }
}

/**
 * md_sandbox_engagement_counts:
 * @out_views: (out): views in progress (a request in the last
 *   %MD_SANDBOX_ENGAGEMENT_ACTIVE_SECONDS)
 * @out_viewers: (out): distinct viewers among them
 */
void
md_sandbox_engagement_counts (MdSandboxEngagement      *self,
                              MdSandboxEngagementScope  scope,
                              const char *const        *ids,
                              gint64                    now,
                              guint                    *out_views,
                              guint                    *out_viewers)
{
  CountData count = { now, 0, g_hash_table_new (g_str_hash, g_str_equal) };

  g_return_if_fail (self != NULL);

  foreach_view (self, scope, ids, count_current, &count);
  *out_views = count.views;
  *out_viewers = g_hash_table_size (count.viewers);
  g_hash_table_unref (count.viewers);
}

static gboolean
parse_int64 (const char *text,
             gint64     *out_value)
{
  char *end = NULL;
  gint64 value;

  if (text == NULL || !g_ascii_isdigit (*text))
    return FALSE;
  value = g_ascii_strtoll (text, &end, 10);
  if (end == text || *end != '\0' || value < 0)
    return FALSE;
  *out_value = value;
  return TRUE;
}

/**
 * md_sandbox_engagement_parse_timeframe:
 * @values: the `timeframe[]` values: none (the last 7 days), one
 *   `N:minutes|hours|days`, or two epoch seconds
 *
 * Returns: %TRUE with the timeframe in @out_from .. @out_to
 */
gboolean
md_sandbox_engagement_parse_timeframe (const char *const  *values,
                                       gint64              now,
                                       gint64             *out_from,
                                       gint64             *out_to,
                                       GError            **error)
{
  guint n = values ? g_strv_length ((char **) values) : 0;

  if (n == 0)
    {
      *out_from = now - 7 * 24 * 3600;
      *out_to = now;
      return TRUE;
    }

  if (n == 1)
    {
      g_auto(GStrv) parts = g_strsplit (values[0], ":", 2);
      gint64 amount, unit = 0;

      if (g_strv_length (parts) == 2 && parse_int64 (parts[0], &amount))
        {
          if (g_str_equal (parts[1], "minutes") || g_str_equal (parts[1], "minute"))
            unit = 60;
          else if (g_str_equal (parts[1], "hours") || g_str_equal (parts[1], "hour"))
            unit = 3600;
          else if (g_str_equal (parts[1], "days") || g_str_equal (parts[1], "day"))
            unit = 24 * 3600;
        }
      if (unit != 0 && amount > 0 && amount <= 3650)
        {
          *out_from = now - amount * unit;
          *out_to = now;
          return TRUE;
        }
    }
  else if (n == 2)
    {
      gint64 from, to;

      if (parse_int64 (values[0], &from) && parse_int64 (values[1], &to) && from <= to)
        {
          *out_from = from;
          *out_to = to;
          return TRUE;
        }
    }

  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "timeframe[] must be one duration such as 7:days or 24:hours, "
                       "or two epoch times (start and end)");
  return FALSE;
}
