/* fuzz-sandbox-content-range.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Content-Range header of a PUT to the sandbox's upload URL. A header
 * that parses describes a range the upload handler can do arithmetic on.
 */

#include "config.h"

#include "md-fuzz.h"
#include "md-sandbox-content-range.h"

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
  g_autofree char *header = md_fuzz_dup_string (data, size);
  MdSandboxContentRange range;

  if (!md_sandbox_content_range_parse (header, &range))
    return 0;

  if (range.query)
    g_assert_cmpint (range.total, >=, 0);
  else
    {
      g_assert_cmpint (range.start, >=, 0);
      g_assert_cmpint (range.start, <=, range.end);
      g_assert_cmpint (range.end, <, G_MAXINT64);
      g_assert_cmpint (range.end - range.start + 1, >, 0);
      g_assert_true (range.total == -1 || range.end < range.total);
    }
  return 0;
}
