/* md-test-library.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "md-library-page.h"
#include "md-test-sandbox.h"
#include "md-test-utils.h"

G_BEGIN_DECLS

/* Helpers for the tests that drive MdLibraryPage in a real window against
 * the real sandbox, and read back over HTTP what the page did there. */

MdClient   *md_test_library_client          (MdTestSandbox *sandbox,
                                             const char    *secret);
void        md_test_library_wait_for_state  (MdLibraryPage *page,
                                             const char    *state,
                                             guint          timeout_ms);
void        md_test_library_wait_for_n      (MdLibraryPage *page,
                                             guint          n,
                                             guint          timeout_ms);
MdAsset    *md_test_library_item            (MdLibraryPage *page,
                                             guint          position);
MdAsset    *md_test_library_find            (MdLibraryPage *page,
                                             const char    *asset_id,
                                             guint         *out_position);

void        md_test_library_add_records     (MdTestSandbox *sandbox,
                                             guint          n);
void        md_test_library_add_fault       (MdTestSandbox *sandbox,
                                             const char    *rule);
GPtrArray  *md_test_library_list_at_sandbox (MdTestSandbox *sandbox);
JsonObject *md_test_library_get_at_sandbox  (MdTestSandbox *sandbox,
                                             const char    *asset_id);
char       *md_test_library_upload          (MdTestSandbox *sandbox,
                                             const char    *path,
                                             const char    *title);
void        md_test_library_hold_ingest     (MdTestSandbox *sandbox,
                                             gboolean       hold);
void        md_test_library_pace_ingest     (MdTestSandbox *sandbox,
                                             gboolean       realtime);
gboolean    md_test_library_wait_polling    (MdTestCondition condition,
                                             gpointer      user_data,
                                             guint         timeout_ms);

GtkWidget  *md_test_find_label              (GtkWidget     *widget,
                                             const char    *text);
gboolean    md_test_label_shows             (GtkWidget     *widget,
                                             const char    *text);

G_END_DECLS
