/* md-store-test.h — waiting on one async call in the store tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "md-test-utils.h"

/* Pass as the callback with &slot (a GAsyncResult * set to NULL) as user data. */
static inline void
store_test_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_null (*slot);
  *slot = g_object_ref (result);
}

static inline gboolean
store_test_result_arrived (gpointer user_data)
{
  return *(GAsyncResult **) user_data != NULL;
}

/* Returns the result (owned) once the callback ran; fails the test after 60 s. */
static inline GAsyncResult *
store_test_wait (GAsyncResult **slot)
{
  GAsyncResult *result;

  g_assert_true (md_test_wait_until (store_test_result_arrived, slot, 60000));
  result = *slot;
  *slot = NULL;
  return result;
}
