/* md-sandbox-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A view and the parts of the content it covered, kept as merged ranges so
 * a rewatch counts once and a seek leaves a gap.
 */

#define G_LOG_DOMAIN "md-sandbox-view"

#include "config.h"

#include "md-sandbox-view.h"

MdSandboxView *
md_sandbox_view_new (const char *session_id,
                     const char *viewer_id,
                     const char *playback_id,
                     const char *asset_id,
                     gint64      started_at)
{
  MdSandboxView *view = g_new0 (MdSandboxView, 1);

  view->session_id = g_strdup (session_id);
  view->viewer_id = g_strdup (viewer_id);
  view->playback_id = g_strdup (playback_id);
  view->asset_id = g_strdup (asset_id);
  view->started_at = started_at;
  view->last_seen_at = started_at;
  view->ranges = g_array_new (FALSE, FALSE, sizeof (MdSandboxRange));
  return view;
}

void
md_sandbox_view_free (MdSandboxView *view)
{
  if (view == NULL)
    return;
  g_free (view->session_id);
  g_free (view->viewer_id);
  g_free (view->playback_id);
  g_free (view->asset_id);
  g_array_unref (view->ranges);
  g_free (view);
}

/* Adds [start_ms, end_ms), merging with the ranges it touches. */
void
md_sandbox_view_add_range (MdSandboxView *view,
                           gint64         start_ms,
                           gint64         end_ms)
{
  MdSandboxRange merged = { start_ms, end_ms };
  guint i = 0;

  g_return_if_fail (view != NULL);

  if (end_ms <= start_ms)
    return;

  while (i < view->ranges->len)
    {
      MdSandboxRange *range = &g_array_index (view->ranges, MdSandboxRange, i);

      if (range->end_ms < merged.start_ms)
        {
          i++;
          continue;
        }
      if (range->start_ms > merged.end_ms)
        break;
      merged.start_ms = MIN (merged.start_ms, range->start_ms);
      merged.end_ms = MAX (merged.end_ms, range->end_ms);
      g_array_remove_index (view->ranges, i);
    }
  g_array_insert_val (view->ranges, i, merged);
}

/* How many ms of [start_ms, end_ms) the view covered. */
gint64
md_sandbox_view_overlap (MdSandboxView *view,
                         gint64         start_ms,
                         gint64         end_ms)
{
  gint64 total = 0;

  for (guint i = 0; i < view->ranges->len; i++)
    {
      MdSandboxRange *range = &g_array_index (view->ranges, MdSandboxRange, i);
      gint64 lo = MAX (range->start_ms, start_ms);
      gint64 hi = MIN (range->end_ms, end_ms);

      if (range->start_ms >= end_ms)
        break;
      if (hi > lo)
        total += hi - lo;
    }
  return total;
}

JsonNode *
md_sandbox_view_to_json (MdSandboxView *view)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "session_id");
  json_builder_add_string_value (builder, view->session_id);
  json_builder_set_member_name (builder, "viewer_id");
  json_builder_add_string_value (builder, view->viewer_id);
  json_builder_set_member_name (builder, "playback_id");
  json_builder_add_string_value (builder, view->playback_id);
  json_builder_set_member_name (builder, "asset_id");
  json_builder_add_string_value (builder, view->asset_id);
  json_builder_set_member_name (builder, "started_at");
  json_builder_add_int_value (builder, view->started_at);
  json_builder_set_member_name (builder, "last_seen_at");
  json_builder_add_int_value (builder, view->last_seen_at);
  json_builder_set_member_name (builder, "ranges");
  json_builder_begin_array (builder);
  for (guint i = 0; i < view->ranges->len; i++)
    {
      MdSandboxRange *range = &g_array_index (view->ranges, MdSandboxRange, i);

      json_builder_begin_array (builder);
      json_builder_add_int_value (builder, range->start_ms);
      json_builder_add_int_value (builder, range->end_ms);
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* Returns: (nullable): the view stored in @node, %NULL if it is not one */
MdSandboxView *
md_sandbox_view_from_json (JsonNode *node)
{
  MdSandboxView *view;
  JsonObject *object;
  JsonArray *ranges;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  object = json_node_get_object (node);
  if (!json_object_has_member (object, "session_id")
      || !json_object_has_member (object, "playback_id")
      || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "ranges")))
    return NULL;

  view = md_sandbox_view_new (json_object_get_string_member_with_default (object, "session_id", ""),
                              json_object_get_string_member_with_default (object, "viewer_id", ""),
                              json_object_get_string_member_with_default (object, "playback_id", ""),
                              json_object_get_string_member_with_default (object, "asset_id", ""),
                              json_object_get_int_member_with_default (object, "started_at", 0));
  view->last_seen_at = json_object_get_int_member_with_default (object, "last_seen_at", view->started_at);

  ranges = json_object_get_array_member (object, "ranges");
  for (guint i = 0; i < json_array_get_length (ranges); i++)
    {
      JsonNode *element = json_array_get_element (ranges, i);
      JsonArray *pair;

      if (!JSON_NODE_HOLDS_ARRAY (element) || json_array_get_length (json_node_get_array (element)) != 2)
        continue;
      pair = json_node_get_array (element);
      md_sandbox_view_add_range (view, json_array_get_int_element (pair, 0), json_array_get_int_element (pair, 1));
    }
  return view;
}
