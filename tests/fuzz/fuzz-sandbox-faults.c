/* fuzz-sandbox-faults.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sandbox's fault rules as POSTed to /_sandbox/faults: the input is the
 * request body. Accepted rules are listed back and matched against a few
 * requests, as the server does.
 */

#include "config.h"

#include "md-fuzz.h"
#include "md-sandbox-faults.h"

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
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(MdSandboxFaults) faults = md_sandbox_faults_new ();
  g_autoptr(JsonNode) listed = NULL;
  g_autoptr(GError) error = NULL;
  static const char *const paths[] = { "/video/v1/assets", "/upload/u1", "/video/v1/uploads", "/" };

  if (!json_parser_load_from_data (parser, (const char *) data, size, NULL))
    return 0;

  if (!md_sandbox_faults_add_json (faults, json_parser_get_root (parser), &error))
    {
      g_assert_nonnull (error);
      g_assert_cmpuint (md_sandbox_faults_get_n_rules (faults), ==, 0);
      return 0;
    }
  g_assert_no_error (error);

  listed = md_sandbox_faults_to_json (faults);
  g_assert_nonnull (listed);
  for (guint i = 0; i < 8; i++)
    {
      g_autoptr(MdSandboxFault) fault = md_sandbox_faults_take (faults, (i & 1) ? "PUT" : "GET",
                                                                paths[i % G_N_ELEMENTS (paths)], i >= 4);

      if (fault != NULL)
        g_assert_nonnull (md_sandbox_fault_action_name (fault->action));
    }
  md_sandbox_faults_clear (faults);
  g_assert_cmpuint (md_sandbox_faults_get_n_rules (faults), ==, 0);
  return 0;
}
