/* md-client-test-util.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "md-client.h"
#include "md-test-sandbox.h"

G_BEGIN_DECLS

/* Runs an _async call to completion on the default main context. */
typedef struct
{
  GAsyncResult *result;
} MdTestCall;

void          md_test_call_done   (GObject       *object,
                                   GAsyncResult  *result,
                                   gpointer       user_data);
GAsyncResult *md_test_call_wait   (MdTestCall    *call);
void          md_test_call_clear  (MdTestCall    *call);

MdClient     *md_test_client_new  (MdTestSandbox *sandbox);

G_END_DECLS
