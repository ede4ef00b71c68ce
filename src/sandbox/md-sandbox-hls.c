/* md-sandbox-hls.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Small HLS playlist helpers for the stream host: carry a query (the viewer
 * session and the playback token) into every URI a playlist names, the way
 * Mux's playlists carry signed URLs, and find which part of the content a
 * segment covers.
 */

#define G_LOG_DOMAIN "md-sandbox-hls"

#include "config.h"

#include "md-sandbox-hls.h"

#include <string.h>

static void
append_uri_with_query (GString    *out,
                       const char *uri,
                       gsize       uri_len,
                       const char *query)
{
  g_string_append_len (out, uri, uri_len);
  g_string_append_c (out, memchr (uri, '?', uri_len) ? '&' : '?');
  g_string_append (out, query);
}

/* Rewrites every URI="…" attribute of a tag line. */
static void
append_tag_line (GString    *out,
                 const char *line,
                 gsize       len,
                 const char *query)
{
  const char *end = line + len;
  const char *p = line;

  while (p < end)
    {
      const char *attr = g_strstr_len (p, end - p, "URI=\"");
      const char *value, *close;

      if (attr == NULL)
        break;
      value = attr + strlen ("URI=\"");
      close = memchr (value, '"', end - value);
      if (close == NULL)
        break;
      g_string_append_len (out, p, value - p);
      append_uri_with_query (out, value, close - value, query);
      p = close;
    }
  g_string_append_len (out, p, end - p);
}

/**
 * md_sandbox_hls_add_query:
 * @playlist: an HLS playlist (multivariant or media)
 * @query: `name=value&…` to add to each URI
 *
 * Returns: (transfer full): @playlist with @query added to every segment,
 *   rendition and `URI="…"` reference
 */
char *
md_sandbox_hls_add_query (const char *playlist,
                          const char *query)
{
  GString *out;
  const char *p;

  g_return_val_if_fail (playlist != NULL, NULL);

  if (query == NULL || *query == '\0')
    return g_strdup (playlist);

  out = g_string_sized_new (strlen (playlist) * 2);
  for (p = playlist; *p != '\0';)
    {
      const char *eol = strchr (p, '\n');
      gsize len = eol ? (gsize) (eol - p) : strlen (p);
      gsize content_len = (len > 0 && p[len - 1] == '\r') ? len - 1 : len;

      if (content_len == 0)
        ;
      else if (p[0] == '#')
        append_tag_line (out, p, content_len, query);
      else
        append_uri_with_query (out, p, content_len, query);

      g_string_append_len (out, p + content_len, len - content_len);
      if (eol == NULL)
        break;
      g_string_append_c (out, '\n');
      p = eol + 1;
    }

  return g_string_free (out, FALSE);
}

static gboolean
same_segment (const char *uri,
              gsize       uri_len,
              const char *segment_name)
{
  const char *query = memchr (uri, '?', uri_len);
  const char *slash;

  if (query != NULL)
    uri_len = query - uri;
  /* Compare the last path component only: the stream host may serve the
   * segment under a different folder than the playlist names. */
  slash = g_strrstr_len (uri, uri_len, "/");
  if (slash != NULL)
    {
      uri_len -= (slash + 1 - uri);
      uri = slash + 1;
    }
  return strlen (segment_name) == uri_len && strncmp (uri, segment_name, uri_len) == 0;
}

#define MAX_SEGMENT_SECONDS 86400.0

static gboolean
walk_segments (const char *playlist,
               const char *segment_name,
               gint64     *out_start_ms,
               gint64     *out_end_ms,
               gint64     *out_total_ms)
{
  double position = 0, pending = 0;
  const char *p;

  for (p = playlist; p != NULL && *p != '\0';)
    {
      const char *eol = strchr (p, '\n');
      gsize len = eol ? (gsize) (eol - p) : strlen (p);

      while (len > 0 && g_ascii_isspace (p[len - 1]))
        len--;

      if (len > 8 && strncmp (p, "#EXTINF:", 8) == 0)
        {
          pending = g_ascii_strtod (p + 8, NULL);
          /* Negative, NaN or absurd durations would make ranges run
           * backwards and overflow the cast to milliseconds. */
          if (!(pending >= 0 && pending <= MAX_SEGMENT_SECONDS))
            pending = 0;
        }
      else if (len > 0 && p[0] != '#')
        {
          if (segment_name != NULL && same_segment (p, len, segment_name))
            {
              *out_start_ms = (gint64) (position * 1000.0 + 0.5);
              *out_end_ms = (gint64) ((position + pending) * 1000.0 + 0.5);
              return TRUE;
            }
          position += pending;
          pending = 0;
        }

      p = eol ? eol + 1 : NULL;
    }

  if (out_total_ms != NULL)
    *out_total_ms = (gint64) (position * 1000.0 + 0.5);
  return FALSE;
}

/**
 * md_sandbox_hls_segment_range:
 * @playlist: a media playlist
 * @segment_name: the file name of one of its segments
 * @out_start_ms: (out): where the segment starts in the content
 * @out_end_ms: (out): where it ends (exclusive)
 *
 * Returns: %TRUE if @playlist lists @segment_name
 */
gboolean
md_sandbox_hls_segment_range (const char *playlist,
                              const char *segment_name,
                              gint64     *out_start_ms,
                              gint64     *out_end_ms)
{
  g_return_val_if_fail (playlist != NULL, FALSE);
  g_return_val_if_fail (segment_name != NULL, FALSE);

  return walk_segments (playlist, segment_name, out_start_ms, out_end_ms, NULL);
}

/**
 * md_sandbox_hls_duration_ms:
 *
 * Returns: the sum of a media playlist's segment durations
 */
gint64
md_sandbox_hls_duration_ms (const char *playlist)
{
  gint64 total = 0;

  g_return_val_if_fail (playlist != NULL, 0);

  walk_segments (playlist, NULL, NULL, NULL, &total);
  return total;
}
