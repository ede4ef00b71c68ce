/* md-upload-journal.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "md-upload-record.h"

G_BEGIN_DECLS

#define MD_TYPE_UPLOAD_JOURNAL (md_upload_journal_get_type ())

G_DECLARE_FINAL_TYPE (MdUploadJournal, md_upload_journal, MD, UPLOAD_JOURNAL, GObject)

MdUploadJournal *md_upload_journal_new                 (const char           *environment_id);
MdUploadJournal *md_upload_journal_new_for_path        (const char           *path);
const char      *md_upload_journal_get_path            (MdUploadJournal      *self);
char            *md_upload_journal_dup_default_path    (const char           *environment_id);

void             md_upload_journal_add_async           (MdUploadJournal      *self,
                                                        const MdUploadRecord *record,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
MdUploadRecord  *md_upload_journal_add_finish          (MdUploadJournal      *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
void             md_upload_journal_set_upload_async    (MdUploadJournal      *self,
                                                        const char           *local_id,
                                                        const char           *upload_id,
                                                        const char           *upload_url,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
void             md_upload_journal_update_offset_async (MdUploadJournal      *self,
                                                        const char           *local_id,
                                                        guint64               confirmed_offset,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
void             md_upload_journal_set_state_async     (MdUploadJournal      *self,
                                                        const char           *local_id,
                                                        MdUploadState         state,
                                                        const char           *error_message,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
void             md_upload_journal_set_asset_id_async  (MdUploadJournal      *self,
                                                        const char           *local_id,
                                                        const char           *asset_id,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
void             md_upload_journal_move_async          (MdUploadJournal      *self,
                                                        const char           *local_id,
                                                        guint                 new_position,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
void             md_upload_journal_remove_async        (MdUploadJournal      *self,
                                                        const char           *local_id,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
/* Finishes every call above that changes one upload. */
gboolean         md_upload_journal_change_finish       (MdUploadJournal      *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

void             md_upload_journal_list_async          (MdUploadJournal      *self,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
GPtrArray       *md_upload_journal_list_finish         (MdUploadJournal      *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

G_END_DECLS
