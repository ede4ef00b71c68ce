/* md-test-utils.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef gboolean (*MdTestCondition) (gpointer user_data);

gboolean  md_test_wait_until      (MdTestCondition condition,
                                   gpointer        user_data,
                                   guint           timeout_ms);
char     *md_test_build_path      (const char     *first_element,
                                   ...) G_GNUC_NULL_TERMINATED;
void      md_test_async_result_cb (GObject        *object,
                                   GAsyncResult   *result,
                                   gpointer        user_data);
gboolean  md_test_wait_for_result (GAsyncResult  **result,
                                   guint           timeout_ms);
gboolean  md_test_tree_contains   (const char     *dir,
                                   const char     *needle);

G_END_DECLS
