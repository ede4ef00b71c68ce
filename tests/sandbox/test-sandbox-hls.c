/* test-sandbox-hls.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "md-sandbox-hls.h"

static const char media_playlist[] =
  "#EXTM3U\n"
  "#EXT-X-VERSION:3\n"
  "#EXT-X-MEDIA-SEQUENCE:0\n"
  "#EXT-X-TARGETDURATION:2\n"
  "\n"
  "#EXTINF:2,\n"
  "segment00000.ts\n"
  "#EXTINF:2.0,\n"
  "segment00001.ts\n"
  "#EXTINF:1.966666579246521,\n"
  "segment00002.ts\n"
  "#EXT-X-ENDLIST\n";

static void
test_add_query (void)
{
  static const char multivariant[] =
    "#EXTM3U\r\n"
    "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",URI=\"audio.m3u8\"\r\n"
    "#EXT-X-STREAM-INF:BANDWIDTH=800000\r\n"
    "rendition.m3u8?r=1\r\n";
  g_autofree char *media = md_sandbox_hls_add_query (media_playlist, "msid=s1&token=t.k.n");
  g_autofree char *multi = md_sandbox_hls_add_query (multivariant, "msid=s1");
  g_autofree char *unchanged = md_sandbox_hls_add_query (media_playlist, "");

  g_assert_nonnull (strstr (media, "\nsegment00000.ts?msid=s1&token=t.k.n\n"));
  g_assert_nonnull (strstr (media, "\nsegment00002.ts?msid=s1&token=t.k.n\n#EXT-X-ENDLIST\n"));
  g_assert_nonnull (strstr (media, "#EXTINF:2,\n"));
  g_assert_cmpstr (multi, ==,
                   "#EXTM3U\r\n"
                   "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",URI=\"audio.m3u8?msid=s1\"\r\n"
                   "#EXT-X-STREAM-INF:BANDWIDTH=800000\r\n"
                   "rendition.m3u8?r=1&msid=s1\r\n");
  g_assert_cmpstr (unchanged, ==, media_playlist);
}

static void
test_segment_range (void)
{
  gint64 start = -1, end = -1;

  g_assert_true (md_sandbox_hls_segment_range (media_playlist, "segment00000.ts", &start, &end));
  g_assert_cmpint (start, ==, 0);
  g_assert_cmpint (end, ==, 2000);
  g_assert_true (md_sandbox_hls_segment_range (media_playlist, "segment00002.ts", &start, &end));
  g_assert_cmpint (start, ==, 4000);
  g_assert_cmpint (end, ==, 5967);
  g_assert_false (md_sandbox_hls_segment_range (media_playlist, "segment00003.ts", &start, &end));
  g_assert_false (md_sandbox_hls_segment_range (media_playlist, "segment0000", &start, &end));
  g_assert_cmpint (md_sandbox_hls_duration_ms (media_playlist), ==, 5967);
  g_assert_cmpint (md_sandbox_hls_duration_ms ("#EXTM3U\n"), ==, 0);
}

/* Found by fuzz-sandbox-hls: a negative #EXTINF made a range end before it
 * started and 1e308 overflowed the cast to milliseconds (UB). */
static void
test_absurd_durations (void)
{
  static const char playlist[] =
    "#EXTM3U\n"
    "#EXTINF:-3,\n"
    "segment00000.ts\n"
    "#EXTINF:1e308,\n"
    "segment00001.ts\n"
    "#EXTINF:nan,\n"
    "segment00002.ts\n"
    "#EXTINF:2,\n"
    "segment00003.ts\n";
  gint64 start_ms = -1, end_ms = -1;

  g_assert_true (md_sandbox_hls_segment_range (playlist, "segment00000.ts", &start_ms, &end_ms));
  g_assert_cmpint (start_ms, ==, 0);
  g_assert_cmpint (end_ms, ==, 0);
  g_assert_true (md_sandbox_hls_segment_range (playlist, "segment00003.ts", &start_ms, &end_ms));
  g_assert_cmpint (start_ms, ==, 0);
  g_assert_cmpint (end_ms, ==, 2000);
  g_assert_cmpint (md_sandbox_hls_duration_ms (playlist), ==, 2000);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox/hls/add-query", test_add_query);
  g_test_add_func ("/sandbox/hls/segment-range", test_segment_range);
  g_test_add_func ("/sandbox/hls/absurd-durations", test_absurd_durations);

  return g_test_run ();
}
