/* md-sandbox-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* One view: one client session playing one playback ID. */
typedef struct
{
  char     *session_id;
  char     *viewer_id;
  char     *playback_id;
  char     *asset_id;
  gint64    started_at;     /* Unix seconds */
  gint64    last_seen_at;   /* Unix seconds */
  gboolean  simulated;      /* from --audience: never stored */
  gboolean  live;           /* simulated and watching right now */
  GArray   *ranges;         /* MdSandboxRange, sorted, disjoint */
} MdSandboxView;

typedef struct
{
  gint64 start_ms;
  gint64 end_ms;            /* exclusive */
} MdSandboxRange;

MdSandboxView *md_sandbox_view_new        (const char    *session_id,
                                           const char    *viewer_id,
                                           const char    *playback_id,
                                           const char    *asset_id,
                                           gint64         started_at);
void           md_sandbox_view_free       (MdSandboxView *view);
void           md_sandbox_view_add_range  (MdSandboxView *view,
                                           gint64         start_ms,
                                           gint64         end_ms);
gint64         md_sandbox_view_overlap    (MdSandboxView *view,
                                           gint64         start_ms,
                                           gint64         end_ms);
JsonNode      *md_sandbox_view_to_json    (MdSandboxView *view);
MdSandboxView *md_sandbox_view_from_json  (JsonNode      *node);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdSandboxView, md_sandbox_view_free)

G_END_DECLS
