/* md-upload-file.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "md-upload-fingerprint.h"
#include "md-upload-record.h"

G_BEGIN_DECLS

#define MD_UPLOAD_FILE_ERROR (md_upload_file_error_quark ())

/**
 * MdUploadFileError:
 * @MD_UPLOAD_FILE_ERROR_VANISHED: the file was moved or deleted
 * @MD_UPLOAD_FILE_ERROR_CHANGED: the file's size, time or content changed
 * @MD_UPLOAD_FILE_ERROR_NOT_REGULAR: a folder or something else than a file
 * @MD_UPLOAD_FILE_ERROR_EMPTY: the file has no bytes
 *
 * Why a file cannot be (or can no longer be) uploaded. A file that cannot
 * be read fails with a #GIOError whose code the system gave and whose
 * message is ours (md_upload_unreadable_error_new()).
 */
typedef enum
{
  MD_UPLOAD_FILE_ERROR_VANISHED,
  MD_UPLOAD_FILE_ERROR_CHANGED,
  MD_UPLOAD_FILE_ERROR_NOT_REGULAR,
  MD_UPLOAD_FILE_ERROR_EMPTY,
} MdUploadFileError;

GQuark          md_upload_file_error_quark             (void);

void            md_upload_fingerprint_file_async       (const char           *path,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
char           *md_upload_fingerprint_file_finish      (GAsyncResult         *result,
                                                        GError              **error);

void            md_upload_record_new_for_file_async    (const char           *path,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
MdUploadRecord *md_upload_record_new_for_file_finish   (GAsyncResult         *result,
                                                        GError              **error);

void            md_upload_file_check_async             (const MdUploadRecord *record,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
gboolean        md_upload_file_check_finish            (GAsyncResult         *result,
                                                        GError              **error);

G_END_DECLS
