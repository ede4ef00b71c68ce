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

G_END_DECLS
