/* md-upload-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "md-upload-queue.h"

G_BEGIN_DECLS

#define MD_TYPE_UPLOAD_ROW (md_upload_row_get_type ())

G_DECLARE_FINAL_TYPE (MdUploadRow, md_upload_row, MD, UPLOAD_ROW, GtkListBoxRow)

GtkWidget    *md_upload_row_new           (MdUploadQueue *queue,
                                           MdUploadTask  *task);
MdUploadTask *md_upload_row_get_task      (MdUploadRow   *self);
char         *md_upload_format_status     (MdUploadTask  *task);
char         *md_upload_format_progress   (guint64        sent,
                                           guint64        total,
                                           double         speed,
                                           gint64         eta);

G_END_DECLS
