/* md-upload-queue.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "md-upload-journal.h"
#include "md-upload-task.h"

G_BEGIN_DECLS

#define MD_TYPE_UPLOAD_QUEUE (md_upload_queue_get_type ())

G_DECLARE_FINAL_TYPE (MdUploadQueue, md_upload_queue, MD, UPLOAD_QUEUE, GObject)

MdUploadQueue *md_upload_queue_new               (MdClient          *client,
                                                  MdUploadJournal   *journal);
void           md_upload_queue_set_parallel      (MdUploadQueue     *self,
                                                  guint              parallel);
guint          md_upload_queue_get_parallel      (MdUploadQueue     *self);
void           md_upload_queue_set_defaults      (MdUploadQueue     *self,
                                                  MdPlaybackPolicy   policy,
                                                  MdVideoQuality     video_quality,
                                                  guint64            chunk_size);
void           md_upload_queue_set_max_resolution_tier (MdUploadQueue *self,
                                                        const char    *tier);
void           md_upload_queue_set_task_setup    (MdUploadQueue     *self,
                                                  GFunc              setup,
                                                  gpointer           user_data);

void           md_upload_queue_add_file_async    (MdUploadQueue     *self,
                                                  const char        *path,
                                                  const char        *title,
                                                  GCancellable      *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer           user_data);
MdUploadTask  *md_upload_queue_add_file_finish   (MdUploadQueue     *self,
                                                  GAsyncResult      *result,
                                                  GError           **error);
void           md_upload_queue_restore_async     (MdUploadQueue     *self,
                                                  GCancellable      *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer           user_data);
guint          md_upload_queue_restore_finish    (MdUploadQueue     *self,
                                                  GAsyncResult      *result,
                                                  GError           **error);

void           md_upload_queue_pause             (MdUploadQueue     *self,
                                                  MdUploadTask      *task);
void           md_upload_queue_resume            (MdUploadQueue     *self,
                                                  MdUploadTask      *task);
void           md_upload_queue_retry             (MdUploadQueue     *self,
                                                  MdUploadTask      *task);
void           md_upload_queue_cancel            (MdUploadQueue     *self,
                                                  MdUploadTask      *task);
void           md_upload_queue_remove            (MdUploadQueue     *self,
                                                  MdUploadTask      *task);
void           md_upload_queue_move              (MdUploadQueue     *self,
                                                  MdUploadTask      *task,
                                                  guint              position);
void           md_upload_queue_pause_all         (MdUploadQueue     *self);

guint          md_upload_queue_get_n_active      (MdUploadQueue     *self);
guint64        md_upload_queue_get_total_bytes   (MdUploadQueue     *self);
guint64        md_upload_queue_get_bytes_sent    (MdUploadQueue     *self);
double         md_upload_queue_get_speed         (MdUploadQueue     *self);

G_END_DECLS
