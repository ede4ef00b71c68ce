/* test-sandbox-launcher.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "md-sandbox-launcher.h"
#include "md-test-utils.h"

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
on_done_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
}

static gboolean
has_result (gpointer user_data)
{
  return ((Wait *) user_data)->result != NULL;
}

static GError *
start_and_expect_failure (const char *executable)
{
  g_autofree char *state_dir = g_dir_make_tmp ("md-launcher-XXXXXX", NULL);
  g_autoptr(MdSandboxLauncher) launcher = md_sandbox_launcher_new (executable, state_dir);
  GError *error = NULL;
  Wait wait = { 0 };

  md_sandbox_launcher_start_async (launcher, NULL, NULL, on_done_cb, &wait);
  g_assert_true (md_test_wait_until (has_result, &wait, 10000));
  g_assert_false (md_sandbox_launcher_start_finish (launcher, wait.result, &error));
  g_assert_false (md_sandbox_launcher_get_running (launcher));
  g_assert_null (md_sandbox_launcher_get_api_url (launcher));

  g_object_unref (wait.result);
  g_rmdir (state_dir);
  return error;
}

static void
test_exits_before_ready (void)
{
  g_autoptr(GError) error = start_and_expect_failure ("/bin/false");

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
}

static void
test_not_a_sandbox (void)
{
  /* echo prints its arguments and exits: a line, but no ready message. */
  g_autoptr(GError) error = start_and_expect_failure ("/bin/echo");

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
}

static void
test_missing_executable (void)
{
  g_autoptr(GError) error = start_and_expect_failure ("/nonexistent/muxdesk-sandbox");

  g_assert_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "Could not start the demo sandbox"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox-launcher/exits-before-ready", test_exits_before_ready);
  g_test_add_func ("/sandbox-launcher/not-a-sandbox", test_not_a_sandbox);
  g_test_add_func ("/sandbox-launcher/missing-executable", test_missing_executable);

  return g_test_run ();
}
