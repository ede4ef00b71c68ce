/* md-test-app.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "md-application.h"
#include "md-window.h"

G_BEGIN_DECLS

/* Runs in the main loop of the real application once its window exists;
 * the application quits when it returns. */
typedef void (*MdTestScenario) (MdApplication *app,
                                MdWindow      *window,
                                gpointer       data);

void     md_test_run_app         (const char *const *args,
                                  MdTestScenario     scenario,
                                  gpointer           data);
void     md_test_wait_for_page   (MdWindow          *window,
                                  const char        *page,
                                  guint              timeout_ms);
gboolean md_test_window_has_session (gpointer        window);

G_END_DECLS
