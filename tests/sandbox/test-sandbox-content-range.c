/* test-sandbox-content-range.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "md-sandbox-content-range.h"

static void
test_valid (void)
{
  MdSandboxContentRange range;

  g_assert_true (md_sandbox_content_range_parse ("bytes 0-262143/1048576", &range));
  g_assert_false (range.query);
  g_assert_cmpint (range.start, ==, 0);
  g_assert_cmpint (range.end, ==, 262143);
  g_assert_cmpint (range.total, ==, 1048576);

  g_assert_true (md_sandbox_content_range_parse (" bytes 262144-524287/* ", &range));
  g_assert_cmpint (range.start, ==, 262144);
  g_assert_cmpint (range.total, ==, -1);

  g_assert_true (md_sandbox_content_range_parse ("bytes */1048576", &range));
  g_assert_true (range.query);
  g_assert_cmpint (range.total, ==, 1048576);
}

static void
test_invalid (void)
{
  static const char *const broken[] = {
    "",
    "bytes",
    "bytes=0-1/2",
    "items 0-1/2",
    "bytes 1-0/2",
    "bytes 0-1/1",
    "bytes 0-1/",
    "bytes */*",
    "bytes -1-2/3",
    "bytes 0-1/2x",
    /* Regression: an END that overflowed (or is G_MAXINT64) made the
     * upload handler compute END + 1 and END - START + 1 out of range. */
    "bytes 0-9223372036854775807/*",
    "bytes 0-99999999999999999999/*",
  };
  MdSandboxContentRange range;

  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_test_message ("%s", broken[i]);
      g_assert_false (md_sandbox_content_range_parse (broken[i], &range));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox/content-range/valid", test_valid);
  g_test_add_func ("/sandbox/content-range/invalid", test_invalid);

  return g_test_run ();
}
