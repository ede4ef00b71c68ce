/* md-upload-task.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "md-client.h"
#include "md-upload-transfer.h"

G_BEGIN_DECLS

/**
 * MdUploadTaskState:
 * @MD_UPLOAD_TASK_STATE_QUEUED: waiting to start
 * @MD_UPLOAD_TASK_STATE_UPLOADING: creating the upload or sending bytes
 * @MD_UPLOAD_TASK_STATE_PAUSED: stopped by the user; resumable
 * @MD_UPLOAD_TASK_STATE_RETRYING: waiting until #MdUploadTask:retry-deadline before trying again
 * @MD_UPLOAD_TASK_STATE_PROCESSING: every byte arrived; Mux is making the asset
 * @MD_UPLOAD_TASK_STATE_READY: the asset is ready to play
 * @MD_UPLOAD_TASK_STATE_FAILED: stopped; #MdUploadTask:error-message says why
 * @MD_UPLOAD_TASK_STATE_CANCELLED: cancelled by the user (and at Mux)
 */
typedef enum
{
  MD_UPLOAD_TASK_STATE_QUEUED,
  MD_UPLOAD_TASK_STATE_UPLOADING,
  MD_UPLOAD_TASK_STATE_PAUSED,
  MD_UPLOAD_TASK_STATE_RETRYING,
  MD_UPLOAD_TASK_STATE_PROCESSING,
  MD_UPLOAD_TASK_STATE_READY,
  MD_UPLOAD_TASK_STATE_FAILED,
  MD_UPLOAD_TASK_STATE_CANCELLED,
} MdUploadTaskState;

/* The default chunk size: UpChunk's 30 MiB rounded to a power of two. */
#define MD_UPLOAD_DEFAULT_CHUNK_SIZE (32 * 1024 * 1024)

/* Mux asks status polling to stay at one request a second. */
#define MD_UPLOAD_MIN_POLL_INTERVAL 1000

#define MD_TYPE_UPLOAD_TASK (md_upload_task_get_type ())

G_DECLARE_FINAL_TYPE (MdUploadTask, md_upload_task, MD, UPLOAD_TASK, GObject)

/**
 * MdUploadCheckpointFunc:
 * @task: the upload
 * @confirmed_offset: bytes the server confirmed holding
 * @user_data: the data given with the function
 *
 * Called whenever the server confirmed bytes (and right after the upload was
 * created); the task sends nothing more until md_upload_task_checkpoint_done()
 * says the offset is durable.
 */
typedef void (*MdUploadCheckpointFunc) (MdUploadTask *task,
                                        guint64       confirmed_offset,
                                        gpointer      user_data);

MdUploadTask      *md_upload_task_new                 (MdClient               *client,
                                                       const char             *path,
                                                       const char             *title,
                                                       MdPlaybackPolicy        policy,
                                                       MdVideoQuality          video_quality);
void               md_upload_task_set_resume_point    (MdUploadTask           *self,
                                                       const char             *upload_id,
                                                       const char             *upload_url,
                                                       guint64                 total_bytes,
                                                       guint64                 confirmed_offset);
void               md_upload_task_set_file_identity   (MdUploadTask           *self,
                                                       gint64                  mtime_usec,
                                                       const char             *fingerprint);
void               md_upload_task_set_checkpoint_func (MdUploadTask           *self,
                                                       MdUploadCheckpointFunc  func,
                                                       gpointer                user_data,
                                                       GDestroyNotify          destroy);
void               md_upload_task_checkpoint_done     (MdUploadTask           *self,
                                                       const GError           *error);

void               md_upload_task_start               (MdUploadTask           *self);
void               md_upload_task_requeue             (MdUploadTask           *self);
void               md_upload_task_pause               (MdUploadTask           *self);
void               md_upload_task_cancel_async        (MdUploadTask           *self,
                                                       GCancellable           *cancellable,
                                                       GAsyncReadyCallback     callback,
                                                       gpointer                user_data);
gboolean           md_upload_task_cancel_finish       (MdUploadTask           *self,
                                                       GAsyncResult           *result,
                                                       GError                **error);
void               md_upload_task_fail                (MdUploadTask           *self,
                                                       const GError           *error);

const char        *md_upload_task_get_path            (MdUploadTask           *self);
const char        *md_upload_task_get_title           (MdUploadTask           *self);
void               md_upload_task_set_title           (MdUploadTask           *self,
                                                       const char             *title);
MdPlaybackPolicy   md_upload_task_get_playback_policy (MdUploadTask           *self);
MdVideoQuality     md_upload_task_get_video_quality   (MdUploadTask           *self);
const char        *md_upload_task_get_max_resolution_tier (MdUploadTask       *self);
void               md_upload_task_set_max_resolution_tier (MdUploadTask       *self,
                                                           const char         *tier);
guint64            md_upload_task_get_chunk_size      (MdUploadTask           *self);
void               md_upload_task_set_chunk_size      (MdUploadTask           *self,
                                                       guint64                 chunk_size);
void               md_upload_task_set_adaptive        (MdUploadTask           *self,
                                                       gboolean                adaptive);
void               md_upload_task_set_retry_delays    (MdUploadTask           *self,
                                                       guint                   min_ms,
                                                       guint                   max_ms,
                                                       guint                   max_attempts);
void               md_upload_task_set_io_timeout      (MdUploadTask           *self,
                                                       guint                   seconds);
void               md_upload_task_set_poll_interval   (MdUploadTask           *self,
                                                       guint                   ms);
guint              md_upload_task_get_poll_interval   (MdUploadTask           *self);

MdUploadTaskState  md_upload_task_get_state           (MdUploadTask           *self);
const char        *md_upload_task_get_upload_id       (MdUploadTask           *self);
const char        *md_upload_task_get_upload_url      (MdUploadTask           *self);
const char        *md_upload_task_get_asset_id        (MdUploadTask           *self);
guint64            md_upload_task_get_total_bytes     (MdUploadTask           *self);
guint64            md_upload_task_get_confirmed_bytes (MdUploadTask           *self);
guint64            md_upload_task_get_bytes_sent      (MdUploadTask           *self);
guint64            md_upload_task_get_wire_bytes      (MdUploadTask           *self);
double             md_upload_task_get_speed           (MdUploadTask           *self);
gint64             md_upload_task_get_eta             (MdUploadTask           *self);
guint              md_upload_task_get_retry_seconds   (MdUploadTask           *self);
gint64             md_upload_task_get_retry_deadline  (MdUploadTask           *self);
const char        *md_upload_task_get_error_message   (MdUploadTask           *self);
const GError      *md_upload_task_get_error           (MdUploadTask           *self);
const char        *md_upload_task_get_notice          (MdUploadTask           *self);
gboolean           md_upload_task_is_active           (MdUploadTask           *self);

G_END_DECLS
