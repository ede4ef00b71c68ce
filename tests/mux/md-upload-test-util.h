/* md-upload-test-util.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "md-client-test-util.h"
#include "md-upload-task.h"

G_BEGIN_DECLS

#define MD_TEST_CHUNK (256 * 1024)
/* Failures in a row before a task tuned by md_test_tune_task() gives up. */
#define MD_TEST_TASK_ATTEMPTS 8

char     *md_test_make_video          (const char    *dir,
                                       const char    *name,
                                       guint          frames);
gboolean  md_test_sandbox_has_file    (MdTestSandbox *sandbox,
                                       const char    *path);
guint64   md_test_sandbox_chunk_bytes (MdTestSandbox *sandbox,
                                       guint         *out_n_chunks);
void      md_test_add_fault           (MdTestSandbox *sandbox,
                                       const char    *json);
gboolean  md_test_wait_for_state      (MdUploadTask  *task,
                                       MdUploadTaskState state,
                                       guint          timeout_ms);
void      md_test_tune_task           (gpointer       task,
                                       gpointer       user_data);

G_END_DECLS
