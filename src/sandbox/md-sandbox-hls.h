/* md-sandbox-hls.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *md_sandbox_hls_add_query     (const char *playlist,
                                        const char *query);
gboolean  md_sandbox_hls_segment_range (const char *playlist,
                                        const char *segment_name,
                                        gint64     *out_start_ms,
                                        gint64     *out_end_ms);
gint64    md_sandbox_hls_duration_ms   (const char *playlist);

G_END_DECLS
