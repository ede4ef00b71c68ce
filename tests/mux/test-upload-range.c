/* test-upload-range.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "md-upload-transfer.h"

/* The 308 answer's Range header: what the uploader resumes from. Anything
 * but a plain `bytes=0-N` must read as "nothing held" (0), never as a
 * larger offset, or bytes would be skipped. */

static void
test_well_formed (void)
{
  g_assert_cmpuint (md_upload_parse_range ("bytes=0-0"), ==, 1);
  g_assert_cmpuint (md_upload_parse_range ("bytes=0-262143"), ==, 262144);
  g_assert_cmpuint (md_upload_parse_range ("bytes=0-8388607"), ==, 8388608);
  g_assert_cmpuint (md_upload_parse_range ("bytes=0-00042"), ==, 43);
  g_assert_cmpuint (md_upload_parse_range ("bytes=0-18446744073709551614"), ==, G_MAXUINT64);
}

static void
test_odd_headers_hold_nothing (void)
{
  const char *odd[] = {
    "",
    "bytes=0-",
    "bytes=0--1",
    "bytes=0-+5",
    "bytes=0- 5",
    "bytes=0-\v5",  /* found by fuzz-upload-range */
    "bytes=0-\t5",
    "bytes=0-5 ",
    "bytes=0-5x",
    "bytes=0-0x10",
    "bytes=0-262143, 300-400",
    "bytes=100-200",
    "bytes=1-200",
    "bytes 0-200",
    "Bytes=0-200",
    "items=0-200",
    "bytes=0-18446744073709551615",
    "bytes=0-99999999999999999999999",
  };

  g_assert_cmpuint (md_upload_parse_range (NULL), ==, 0);
  for (gsize i = 0; i < G_N_ELEMENTS (odd); i++)
    {
      g_test_message ("Range: %s", odd[i]);
      g_assert_cmpuint (md_upload_parse_range (odd[i]), ==, 0);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/upload-range/well-formed", test_well_formed);
  g_test_add_func ("/upload-range/odd-headers-hold-nothing", test_odd_headers_hold_nothing);

  return g_test_run ();
}
