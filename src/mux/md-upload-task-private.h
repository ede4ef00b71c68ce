/* md-upload-task-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by md-upload-task.c (the object, its properties and API) and
 * md-upload-task-run.c (the steps of a run).
 */

#pragma once

#include "md-upload-task.h"

G_BEGIN_DECLS

typedef void (*StepFunc) (GTask *task);

/* The state of one run, from start() to ready, failure or pause. */
typedef struct
{
  int       fd;
  guint     attempt;        /* failures in a row of the current step */
  guint     timer_id;       /* a pending retry or poll */
  StepFunc  timer_step;
  gboolean  waiting_checkpoint;
  StepFunc  after_checkpoint;
  gint64    chunk_started;  /* monotonic µs */
} Run;

struct _MdUploadTask
{
  GObject                 parent_instance;

  MdClient               *client;
  SoupSession            *session;
  char                   *path;
  char                   *title;
  MdPlaybackPolicy        policy;
  MdVideoQuality          quality;
  char                   *max_resolution_tier;
  guint64                 chunk_size;
  guint64                 current_chunk_size;
  gboolean                adaptive;
  guint                   retry_min_ms;
  guint                   retry_max_ms;
  guint                   max_attempts;
  guint                   poll_interval_ms;

  MdUploadTaskState       state;
  char                   *upload_id;
  char                   *upload_url;
  char                   *asset_id;
  guint64                 total_bytes;
  gint64                  file_mtime_usec; /* what the file looked like when the upload began */
  char                   *fingerprint;     /* NULL until known */
  guint64                 confirmed;
  gint64                  in_flight;    /* bytes of the current chunk read so far (atomic) */
  guint64                 wire_bytes;
  guint64                 bytes_sent;
  double                  speed;
  gint64                  eta;
  guint                   retry_seconds;
  gint64                  retry_deadline;  /* monotonic µs of the next try */
  GError                 *error;
  char                   *notice;

  GTask                  *run;          /* the current run, or NULL */
  GCancellable           *run_cancellable;
  gboolean                pausing;
  guint                   progress_id;
  gint64                  sample_time;
  guint64                 sample_bytes;

  MdUploadCheckpointFunc  checkpoint_func;
  gpointer                checkpoint_data;
  GDestroyNotify          checkpoint_destroy;
};

enum {
  PROP_0,
  PROP_PATH,
  PROP_TITLE,
  PROP_STATE,
  PROP_UPLOAD_ID,
  PROP_ASSET_ID,
  PROP_TOTAL_BYTES,
  PROP_BYTES_SENT,
  PROP_SPEED,
  PROP_ETA,
  PROP_RETRY_SECONDS,
  PROP_RETRY_DEADLINE,
  PROP_ERROR_MESSAGE,
  PROP_NOTICE,
  N_PROPS
};

extern GParamSpec *_md_upload_task_properties[N_PROPS];

void     _md_upload_task_set_state          (MdUploadTask      *self,
                                             MdUploadTaskState  state);
void     _md_upload_task_set_notice         (MdUploadTask      *self,
                                             const char        *notice);
void     _md_upload_task_set_confirmed      (MdUploadTask      *self,
                                             guint64            confirmed);
void     _md_upload_task_set_bytes_sent     (MdUploadTask      *self,
                                             guint64            bytes);
void     _md_upload_task_start_progress     (MdUploadTask      *self);
void     _md_upload_task_stop_progress      (MdUploadTask      *self);
gboolean _md_upload_task_set_str            (char             **field,
                                             const char        *value);

void     _md_upload_task_run_start          (MdUploadTask      *self);
void     _md_upload_task_run_stop           (MdUploadTask      *self);
void     _md_upload_task_run_checkpoint_done (MdUploadTask     *self,
                                             const GError      *error);

G_END_DECLS
