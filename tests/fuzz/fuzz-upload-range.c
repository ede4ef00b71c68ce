/* fuzz-upload-range.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Range header of the upload URL's 308 answer, as the uploader reads it
 * (md_upload_parse_range()). Whatever the server says, the offset is either
 * 0 (start again) or exactly what a well-formed `bytes=0-N` said, so the
 * uploader never skips bytes the server does not hold.
 */

#include "config.h"

#include <string.h>

#include "md-fuzz.h"
#include "md-upload-transfer.h"

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
  g_autofree char *again = NULL;
  const char *digits;
  guint64 held;

  held = md_upload_parse_range (header);
  if (held == 0)
    return 0;

  /* Only `bytes=0-` and plain decimal digits give an offset ... */
  g_assert_true (g_str_has_prefix (header, "bytes=0-"));
  digits = header + strlen ("bytes=0-");
  g_assert_cmpuint (strlen (digits), >, 0);
  g_assert_cmpuint (strspn (digits, "0123456789"), ==, strlen (digits));

  /* ... and it is the last byte's index plus one, whatever zeros lead. */
  again = g_strdup_printf ("bytes=0-%" G_GUINT64_FORMAT, held - 1);
  g_assert_cmpuint (md_upload_parse_range (again), ==, held);
  g_assert_cmpuint (g_ascii_strtoull (digits, NULL, 10), ==, held - 1);
  return 0;
}
