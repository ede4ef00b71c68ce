/* md-upload-journal-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "md-database.h"
#include "md-upload-journal.h"

G_BEGIN_DECLS

/* What one change needs; the fields a job does not use stay empty. */
typedef struct
{
  char           *local_id;
  char           *text1;
  char           *text2;
  guint64         number;
  MdUploadState   state;
  MdUploadRecord *record;
} Change;

void     md_upload_journal_change_free       (Change   *change);

/* Run by MdDatabase in its worker thread (md-upload-journal-jobs.c). */
gboolean md_upload_journal_setup_database    (sqlite3  *db,
                                              GError  **error);
gboolean md_upload_journal_add_job           (sqlite3  *db,
                                              GTask    *task,
                                              GError  **error);
gboolean md_upload_journal_set_upload_job    (sqlite3  *db,
                                              GTask    *task,
                                              GError  **error);
gboolean md_upload_journal_update_offset_job (sqlite3  *db,
                                              GTask    *task,
                                              GError  **error);
gboolean md_upload_journal_set_state_job     (sqlite3  *db,
                                              GTask    *task,
                                              GError  **error);
gboolean md_upload_journal_set_asset_id_job  (sqlite3  *db,
                                              GTask    *task,
                                              GError  **error);
gboolean md_upload_journal_move_job          (sqlite3  *db,
                                              GTask    *task,
                                              GError  **error);
gboolean md_upload_journal_remove_job        (sqlite3  *db,
                                              GTask    *task,
                                              GError  **error);
gboolean md_upload_journal_list_job          (sqlite3  *db,
                                              GTask    *task,
                                              GError  **error);

G_END_DECLS
