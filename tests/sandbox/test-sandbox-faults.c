/* test-sandbox-faults.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "md-sandbox-faults.h"

static JsonNode *
parse (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  return json_node_copy (json_parser_get_root (parser));
}

static gboolean
add (MdSandboxFaults  *faults,
     const char       *json,
     GError          **error)
{
  g_autoptr(JsonNode) node = parse (json);

  return md_sandbox_faults_add_json (faults, node, error);
}

static void
test_chunk_n_fails (void)
{
  g_autoptr(MdSandboxFaults) faults = md_sandbox_faults_new ();
  g_autoptr(GError) error = NULL;

  /* Fail chunks 3 and 4 with a 503. */
  g_assert_true (add (faults, "{\"match\":\"upload-chunk\",\"action\":\"status\",\"status\":503,"
                              "\"retry_after\":1,\"skip\":2,\"count\":2}", &error));
  g_assert_no_error (error);

  for (guint chunk = 1; chunk <= 6; chunk++)
    {
      g_autoptr(MdSandboxFault) fault = NULL;

      /* Other requests do not count. */
      g_assert_null (md_sandbox_faults_take (faults, "GET", "/video/v1/uploads/x", FALSE));
      fault = md_sandbox_faults_take (faults, "PUT", "/upload/x", TRUE);
      if (chunk == 3 || chunk == 4)
        {
          g_assert_nonnull (fault);
          g_assert_cmpint (fault->action, ==, MD_SANDBOX_FAULT_ACTION_STATUS);
          g_assert_cmpuint (fault->status, ==, 503);
          g_assert_cmpint (fault->retry_after, ==, 1);
        }
      else
        g_assert_null (fault);
    }
  g_assert_cmpuint (md_sandbox_faults_get_n_rules (faults), ==, 0);
}

static void
test_path_matching (void)
{
  g_autoptr(MdSandboxFaults) faults = md_sandbox_faults_new ();
  g_autoptr(MdSandboxFault) exact = NULL;
  g_autoptr(JsonNode) listed = NULL;

  g_assert_true (add (faults, "[{\"match\":\"path\",\"path\":\"/video/v1/assets\",\"method\":\"get\",\"action\":\"malformed-json\"},"
                              " {\"match\":\"path-prefix\",\"path\":\"/data/\",\"action\":\"status\",\"status\":429,\"count\":0}]",
                      NULL));
  g_assert_cmpuint (md_sandbox_faults_get_n_rules (faults), ==, 2);

  g_assert_null (md_sandbox_faults_take (faults, "POST", "/video/v1/assets", FALSE));
  g_assert_null (md_sandbox_faults_take (faults, "GET", "/video/v1/assets/abc", FALSE));
  exact = md_sandbox_faults_take (faults, "GET", "/video/v1/assets", FALSE);
  g_assert_cmpint (exact->action, ==, MD_SANDBOX_FAULT_ACTION_MALFORMED_JSON);
  g_assert_cmpuint (exact->status, ==, 200);
  g_assert_null (md_sandbox_faults_take (faults, "GET", "/video/v1/assets", FALSE));

  /* count 0 fires until cleared; no retry_after given means no header */
  for (guint i = 0; i < 10; i++)
    {
      g_autoptr(MdSandboxFault) fault = md_sandbox_faults_take (faults, "GET", "/data/v1/engagement/assets/a/heatmap", FALSE);

      g_assert_nonnull (fault);
      g_assert_cmpuint (fault->status, ==, 429);
      g_assert_cmpint (fault->retry_after, ==, -1);
    }
  listed = md_sandbox_faults_to_json (faults);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (listed)), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (json_node_get_array (listed), 0), "fired"), ==, 10);

  md_sandbox_faults_clear (faults);
  g_assert_null (md_sandbox_faults_take (faults, "GET", "/data/v1/x", FALSE));
}

static void
test_actions_parsed (void)
{
  g_autoptr(MdSandboxFaults) faults = md_sandbox_faults_new ();
  g_autoptr(MdSandboxFault) slow = NULL;
  g_autoptr(MdSandboxFault) stall = NULL;
  g_autoptr(MdSandboxFault) reset = NULL;
  g_autoptr(MdSandboxFault) huge = NULL;
  g_autoptr(MdSandboxFault) endless = NULL;

  g_assert_true (add (faults, "{\"faults\":[{\"action\":\"slow\",\"bytes_per_second\":1000},"
                              "{\"action\":\"stall\",\"stall_ms\":250},"
                              "{\"action\":\"reset\",\"after_bytes\":4096},"
                              "{\"action\":\"huge-body\",\"content_length\":1099511627776},"
                              "{\"action\":\"huge-body\"}]}", NULL));
  slow = md_sandbox_faults_take (faults, "GET", "/a", FALSE);
  stall = md_sandbox_faults_take (faults, "GET", "/a", FALSE);
  reset = md_sandbox_faults_take (faults, "GET", "/a", FALSE);
  huge = md_sandbox_faults_take (faults, "GET", "/a", FALSE);
  endless = md_sandbox_faults_take (faults, "GET", "/a", FALSE);
  g_assert_cmpint (slow->action, ==, MD_SANDBOX_FAULT_ACTION_SLOW);
  g_assert_cmpuint (slow->bytes_per_second, ==, 1000);
  g_assert_cmpint (stall->action, ==, MD_SANDBOX_FAULT_ACTION_STALL);
  g_assert_cmpuint (stall->stall_ms, ==, 250);
  g_assert_cmpint (reset->action, ==, MD_SANDBOX_FAULT_ACTION_RESET);
  g_assert_cmpint (reset->after_bytes, ==, 4096);
  g_assert_cmpint (huge->action, ==, MD_SANDBOX_FAULT_ACTION_HUGE_BODY);
  g_assert_cmpint (huge->content_length, ==, G_GINT64_CONSTANT (1099511627776));
  g_assert_cmpint (endless->action, ==, MD_SANDBOX_FAULT_ACTION_HUGE_BODY);
  g_assert_cmpint (endless->content_length, ==, -1);
  g_assert_cmpuint (md_sandbox_faults_get_n_rules (faults), ==, 0);
}

static void
test_bad_rules_add_nothing (void)
{
  const char *bad[] = {
    "42",
    "{\"action\":\"explode\"}",
    /* Regression: arrays and objects where names belong were GLib criticals. */
    "{\"match\":[],\"action\":\"status\"}",
    "{\"action\":{}}",
    "{\"match\":\"path\",\"path\":[\"/x\"],\"action\":\"status\"}",
    "{\"match\":\"somewhere\",\"action\":\"status\"}",
    "{\"match\":\"path\",\"action\":\"status\"}",
    "{\"action\":\"slow\"}",
    "{\"action\":\"status\",\"status\":\"503\"}",
    "{\"action\":\"status\",\"status\":42}",
    "{\"action\":\"status\",\"count\":-1}",
    "[{\"action\":\"status\"},{\"action\":\"nope\"}]",
    "{\"faults\":{}}",
    "{\"action\":\"slow\",\"bytes_per_second\":1e30}",
    "{\"action\":\"huge-body\",\"content_length\":-1}",
    "{\"action\":\"status\",\"count\":1e300}",
    "{\"action\":\"status\",\"skip\":-0.5e300}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(MdSandboxFaults) faults = md_sandbox_faults_new ();
      g_autoptr(GError) error = NULL;

      g_assert_false (add (faults, bad[i], &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_assert_cmpuint (md_sandbox_faults_get_n_rules (faults), ==, 0);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox/faults/chunk-n-fails", test_chunk_n_fails);
  g_test_add_func ("/sandbox/faults/path-matching", test_path_matching);
  g_test_add_func ("/sandbox/faults/actions-parsed", test_actions_parsed);
  g_test_add_func ("/sandbox/faults/bad-rules-add-nothing", test_bad_rules_add_nothing);

  return g_test_run ();
}
