/* md-upload-progress.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "md-upload-queue.h"

G_BEGIN_DECLS

#define MD_TYPE_UPLOAD_PROGRESS (md_upload_progress_get_type ())

G_DECLARE_FINAL_TYPE (MdUploadProgress, md_upload_progress, MD, UPLOAD_PROGRESS, GtkButton)

GtkWidget *md_upload_progress_new       (void);
void       md_upload_progress_set_queue (MdUploadProgress *self,
                                         MdUploadQueue    *queue);

G_END_DECLS
