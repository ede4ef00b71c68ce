/* md-test-app.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "md-test-app.h"

#include "md-test-utils.h"

typedef struct
{
  MdApplication  *app;
  MdWindow       *window;
  MdTestScenario  scenario;
  gpointer        data;
} Run;

static gboolean
run_scenario_cb (gpointer user_data)
{
  Run *run = user_data;

  run->scenario (run->app, run->window, run->data);
  g_application_quit (G_APPLICATION (run->app));

  return G_SOURCE_REMOVE;
}

static void
on_window_added_cb (GtkApplication *app,
                    GtkWindow      *window,
                    Run            *run)
{
  if (run->window == NULL && MD_IS_WINDOW (window))
    {
      run->window = MD_WINDOW (window);
      g_idle_add (run_scenario_cb, run);
    }
}

/**
 * md_test_run_app:
 * @args: (nullable): the command line after the program name
 *
 * Runs the real application (never handing the command line to another
 * running Muxdesk) and @scenario once its window exists.
 */
void
md_test_run_app (const char *const *args,
                 MdTestScenario     scenario,
                 gpointer           data)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  Run run = { 0 };

  g_ptr_array_add (argv, (char *) "muxdesk");
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  run.app = md_application_new ();
  run.scenario = scenario;
  run.data = data;
  g_application_set_flags (G_APPLICATION (run.app),
                           g_application_get_flags (G_APPLICATION (run.app)) | G_APPLICATION_NON_UNIQUE);
  g_signal_connect (run.app, "window-added", G_CALLBACK (on_window_added_cb), &run);

  g_assert_cmpint (g_application_run (G_APPLICATION (run.app), argv->len - 1, (char **) argv->pdata), ==, 0);
  g_assert_nonnull (run.window);
  g_clear_object (&run.app);
}

typedef struct
{
  MdWindow   *window;
  const char *page;
} PageWait;

static gboolean
page_is_shown (gpointer user_data)
{
  PageWait *wait = user_data;

  return g_strcmp0 (md_window_get_visible_page (wait->window), wait->page) == 0;
}

void
md_test_wait_for_page (MdWindow   *window,
                       const char *page,
                       guint       timeout_ms)
{
  PageWait wait = { window, page };

  if (!md_test_wait_until (page_is_shown, &wait, timeout_ms))
    g_error ("waited for page “%s”, still on “%s”", page, md_window_get_visible_page (window));
}

/* An MdTestCondition: whether the MdWindow @window is signed in. */
gboolean
md_test_window_has_session (gpointer window)
{
  return md_window_get_session (MD_WINDOW (window)) != NULL;
}
