/* test-json-limits.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "md-client.h"
#include "md-json-private.h"

/* Whatever arrives, the answer is a model or BAD_RESPONSE: never a crash. */

static void
expect_bad (const char *data,
            gsize       length)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = _md_json_parse_data (data, length, &error);

  g_assert_null (root);
  g_assert_error (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_BAD_RESPONSE);
}

static void
test_truncated (void)
{
  static const char asset[] =
    "{\"data\":{\"id\":\"a1\",\"status\":\"ready\",\"playback_ids\":[{\"id\":\"p\",\"policy\":\"public\"}]}}";

  /* Every strict prefix of a valid answer is refused cleanly. */
  for (gsize n = 0; n < strlen (asset); n++)
    expect_bad (asset, n);

  expect_bad (NULL, 0);
  expect_bad ("\xff\xfe{}", 4);
}

static void
test_too_deep (void)
{
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GString) fine = g_string_new ("{\"data\":");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  expect_bad (deep->str, deep->len);

  /* Brackets inside strings do not count. */
  g_string_append_c (fine, '"');
  for (guint i = 0; i < 1000; i++)
    g_string_append (fine, "[{");
  g_string_append (fine, "\"}");
  root = _md_json_parse_data (fine->str, fine->len, &error);
  g_assert_no_error (error);
  g_assert_nonnull (root);
}

static void
test_too_large (void)
{
  gsize length = MD_JSON_MAX_BYTES + 1;
  g_autofree char *huge = g_malloc (length);

  memset (huge, ' ', length);
  huge[0] = '{';
  huge[length - 1] = '}';
  expect_bad (huge, length);
}

static void
test_huge_but_allowed (void)
{
  g_autoptr(GString) text = g_string_new ("{\"data\":[");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) assets = NULL;

  /* A page far larger than Mux's 100: still parsed, one object each. */
  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (text, "%s{\"id\":\"asset-%u\",\"status\":\"ready\",\"duration\":%u.5}",
                            i > 0 ? "," : "", i, i);
  g_string_append (text, "],\"next_cursor\":null}");

  root = _md_json_parse_data (text->str, text->len, &error);
  g_assert_no_error (error);
  assets = md_asset_list_new_from_json (root, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (assets->len, ==, 5000);
  g_assert_cmpstr (md_asset_get_id (g_ptr_array_index (assets, 4999)), ==, "asset-4999");
}

static void
test_huge_numbers (void)
{
  static const char *cases[] = {
    "{\"id\":\"a\",\"created_at\":\"99999999999999999999999\"}",
    "{\"id\":\"a\",\"created_at\":1e300}",
    "{\"id\":\"a\",\"tracks\":[{\"max_width\":1e300}]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = _md_json_parse_data (cases[i], strlen (cases[i]), &error);
      g_autoptr(MdAsset) asset = NULL;

      g_assert_no_error (error);
      asset = md_asset_new_from_json (json_node_get_object (root), &error);
      g_test_message ("case %u: %s", i, cases[i]);
      g_assert_null (asset);
      g_assert_error (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_BAD_RESPONSE);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json-limits/truncated", test_truncated);
  g_test_add_func ("/json-limits/too-deep", test_too_deep);
  g_test_add_func ("/json-limits/too-large", test_too_large);
  g_test_add_func ("/json-limits/huge-but-allowed", test_huge_but_allowed);
  g_test_add_func ("/json-limits/huge-numbers", test_huge_numbers);

  return g_test_run ();
}
