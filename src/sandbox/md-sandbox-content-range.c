/* md-sandbox-content-range.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Content-Range header of a PUT to an upload URL, as a pure function
 * (unit-tested and fuzzed apart from the server).
 */

#define G_LOG_DOMAIN "md-sandbox-content-range"

#include "config.h"

#include <string.h>

#include "md-sandbox-content-range.h"

/**
 * md_sandbox_content_range_parse:
 * @header: "bytes S-E/T" or the status query "bytes * /T" (no space); T
 *   may be "*" while the size is unknown
 *
 * Returns: %TRUE with @out_range filled if @header is one of those
 */
gboolean
md_sandbox_content_range_parse (const char            *header,
                                MdSandboxContentRange *out_range)
{
  g_autofree char *text = g_strstrip (g_strdup (header));
  const char *p = text;
  char *end = NULL;
  MdSandboxContentRange range = { FALSE, 0, -1, -1 };

  if (g_ascii_strncasecmp (p, "bytes ", 6) != 0)
    return FALSE;
  p += 6;
  while (*p == ' ')
    p++;

  if (*p == '*')
    {
      range.query = TRUE;
      p++;
    }
  else
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
      range.start = g_ascii_strtoll (p, &end, 10);
      if (*end != '-' || !g_ascii_isdigit (end[1]))
        return FALSE;
      range.end = g_ascii_strtoll (end + 1, &end, 10);
      p = end;
      /* strtoll clamps an overflow to G_MAXINT64; END + 1 must fit too. */
      if (range.end < range.start || range.end == G_MAXINT64)
        return FALSE;
    }
  if (*p != '/')
    return FALSE;
  p++;
  if (strcmp (p, "*") == 0)
    {
      range.total = -1;
      *out_range = range;
      return !range.query;
    }
  if (!g_ascii_isdigit (*p))
    return FALSE;
  range.total = g_ascii_strtoll (p, &end, 10);
  if (*end != '\0' || !(range.query || range.end < range.total))
    return FALSE;
  *out_range = range;
  return TRUE;
}
