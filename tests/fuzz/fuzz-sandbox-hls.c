/* fuzz-sandbox-hls.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sandbox's HLS playlist helpers (md-sandbox-hls.h) and its engagement
 * timeframe parser. Input: "SEGMENT-NAME\nTIMEFRAME-VALUES\nPLAYLIST", the
 * timeframe values separated by spaces as in repeated `timeframe[]=`.
 */

#include "config.h"

#include <string.h>

#include "md-fuzz.h"
#include "md-sandbox-engagement.h"
#include "md-sandbox-hls.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  md_fuzz_setup_logging ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = md_fuzz_dup_string (data, size);
  g_autofree char *with_query = NULL;
  g_auto(GStrv) lines = g_strsplit (text, "\n", 3);
  g_auto(GStrv) timeframe = NULL;
  g_autoptr(GError) error = NULL;
  const char *segment, *playlist;
  gint64 start_ms = -1, end_ms = -1, from = 0, to = 0;

  if (g_strv_length (lines) < 3)
    return 0;
  segment = lines[0];
  playlist = lines[2];

  with_query = md_sandbox_hls_add_query (playlist, "token=abc.def.ghi");
  g_assert_nonnull (with_query);
  /* Only crashes count here: the sandbox reads the playlists it made, so a
   * negative #EXTINF (a range ending before it starts) cannot happen. */
  (void) md_sandbox_hls_segment_range (playlist, segment, &start_ms, &end_ms);
  (void) md_sandbox_hls_duration_ms (playlist);

  timeframe = g_strsplit (lines[1], " ", 8);
  if (md_sandbox_engagement_parse_timeframe ((const char *const *) timeframe, 1700000000, &from, &to, &error))
    g_assert_no_error (error);
  else
    g_assert_nonnull (error);
  return 0;
}
