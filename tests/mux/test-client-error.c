/* test-client-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "md-client-error.h"

static void
test_status_codes (void)
{
  static const struct {
    guint status;
    MdClientError code;
  } cases[] = {
    { 400, MD_CLIENT_ERROR_INVALID_PARAMETERS },
    { 401, MD_CLIENT_ERROR_UNAUTHORIZED },
    { 403, MD_CLIENT_ERROR_FORBIDDEN },
    { 404, MD_CLIENT_ERROR_NOT_FOUND },
    { 408, MD_CLIENT_ERROR_NETWORK },
    { 409, MD_CLIENT_ERROR_INVALID_PARAMETERS },
    { 422, MD_CLIENT_ERROR_INVALID_PARAMETERS },
    { 429, MD_CLIENT_ERROR_RATE_LIMITED },
    { 500, MD_CLIENT_ERROR_SERVER },
    { 503, MD_CLIENT_ERROR_SERVER },
    { 599, MD_CLIENT_ERROR_SERVER },
    { 418, MD_CLIENT_ERROR_BAD_RESPONSE },
    { 600, MD_CLIENT_ERROR_BAD_RESPONSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (md_client_error_code_for_status (cases[i].status), ==, cases[i].code);
}

static void
test_domain (void)
{
  g_autoptr(GError) error = g_error_new_literal (MD_CLIENT_ERROR, MD_CLIENT_ERROR_NOT_FOUND, "x");

  g_assert_error (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_NOT_FOUND);
  g_assert_cmpstr (g_quark_to_string (MD_CLIENT_ERROR), ==, "md-client-error-quark");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/client-error/status-codes", test_status_codes);
  g_test_add_func ("/client-error/domain", test_domain);

  return g_test_run ();
}
