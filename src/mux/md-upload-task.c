/* md-upload-task.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One file on its way to Mux: create the direct upload, send the file in
 * chunks (each confirmed offset checkpointed before the next chunk), then
 * follow upload -> asset -> ready. A run is one GTask whose Run struct holds
 * the step state; each step's callback starts the next step or returns.
 * Chunks are sent by blocking libsoup calls in a worker thread
 * (md-upload-transfer.c); everything else happens on the main context.
 */

#define G_LOG_DOMAIN "md-upload-task"

#include "config.h"

#include "md-upload-task.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "md-backoff.h"
#include "md-mux-enumtypes.h"

/* Mux refuses larger files; checked before anything is created. */
#define MAX_FILE_SIZE      (G_GUINT64_CONSTANT (500) * 1024 * 1024 * 1024)
/* Adaptive chunks aim at this many seconds each. */
#define FAST_CHUNK_SECONDS 5.0
#define SLOW_CHUNK_SECONDS 20.0
#define MAX_CHUNK_SIZE     (G_GUINT64_CONSTANT (512) * 1024 * 1024)
#define PROGRESS_INTERVAL  250

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

/* One blocking request for the worker thread. */
typedef struct
{
  SoupSession      *session;
  char             *url;
  int               fd;
  guint64           start;
  guint64           length;   /* 0 for a status query */
  guint64           total;
  gint64           *counter;
  MdUploadPutReply  reply;
} TransferOp;

struct _MdUploadTask
{
  GObject                 parent_instance;

  MdClient               *client;
  SoupSession            *session;
  char                   *path;
  char                   *title;
  MdPlaybackPolicy        policy;
  MdVideoQuality          quality;
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
  guint64                 confirmed;
  gint64                  in_flight;    /* bytes of the current chunk read so far (atomic) */
  guint64                 wire_bytes;
  guint64                 bytes_sent;
  double                  speed;
  gint64                  eta;
  guint                   retry_seconds;
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

G_DEFINE_FINAL_TYPE (MdUploadTask, md_upload_task, G_TYPE_OBJECT)

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
  PROP_ERROR_MESSAGE,
  PROP_NOTICE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void step_begin          (GTask *task);
static void step_create         (GTask *task);
static void step_query_offset   (GTask *task);
static void step_send_chunk     (GTask *task);
static void step_poll_upload    (GTask *task);
static void step_poll_asset     (GTask *task);

/* Small helpers ------------------------------------------------------------ */

static gboolean
set_str (char       **field,
         const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
set_state (MdUploadTask      *self,
           MdUploadTaskState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_notice (MdUploadTask *self,
            const char   *notice)
{
  if (set_str (&self->notice, notice))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTICE]);
}

static void
set_bytes_sent (MdUploadTask *self,
                guint64       bytes)
{
  if (self->bytes_sent == bytes)
    return;
  self->bytes_sent = bytes;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_SENT]);
}

static void
set_speed (MdUploadTask *self,
           double        speed)
{
  gint64 eta = -1;

  if (speed > 1.0 && self->total_bytes >= self->bytes_sent)
    eta = (gint64) ((self->total_bytes - self->bytes_sent) / speed + 0.5);

  if (self->speed != speed)
    {
      self->speed = speed;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEED]);
    }
  if (self->eta != eta)
    {
      self->eta = eta;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ETA]);
    }
}

static void
set_confirmed (MdUploadTask *self,
               guint64       confirmed)
{
  self->confirmed = confirmed;
  __atomic_store_n (&self->in_flight, 0, __ATOMIC_RELAXED);
  set_bytes_sent (self, confirmed);
}

static gboolean
on_progress_tick_cb (gpointer user_data)
{
  MdUploadTask *self = MD_UPLOAD_TASK (user_data);
  gint64 now = g_get_monotonic_time ();
  guint64 sent = self->confirmed + __atomic_load_n (&self->in_flight, __ATOMIC_RELAXED);
  double dt = (now - self->sample_time) / (double) G_USEC_PER_SEC;

  sent = MIN (sent, self->total_bytes);
  set_bytes_sent (self, sent);

  if (dt > 0 && sent >= self->sample_bytes)
    {
      double instant = (sent - self->sample_bytes) / dt;

      /* About a three-second moving average: steady, yet follows the link. */
      set_speed (self, self->speed <= 0 ? instant : 0.9 * self->speed + 0.1 * instant);
    }
  self->sample_time = now;
  self->sample_bytes = sent;

  return G_SOURCE_CONTINUE;
}

static void
start_progress (MdUploadTask *self)
{
  if (self->progress_id != 0)
    return;
  self->sample_time = g_get_monotonic_time ();
  self->sample_bytes = self->bytes_sent;
  self->progress_id = g_timeout_add (PROGRESS_INTERVAL, on_progress_tick_cb, self);
}

static void
stop_progress (MdUploadTask *self)
{
  g_clear_handle_id (&self->progress_id, g_source_remove);
  set_speed (self, 0);
}

static void
run_free (Run *run)
{
  g_clear_handle_id (&run->timer_id, g_source_remove);
  if (run->fd >= 0)
    close (run->fd);
  g_free (run);
}

static void
transfer_op_free (TransferOp *op)
{
  g_clear_object (&op->session);
  g_free (op->url);
  g_free (op);
}

/* Ending a run ------------------------------------------------------------- */

static void
run_return_error (GTask  *task,
                  GError *error)
{
  MdUploadTask *self = g_task_get_source_object (task);

  if (self->run == task)
    g_clear_object (&self->run);
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
run_return_ready (GTask *task)
{
  MdUploadTask *self = g_task_get_source_object (task);

  if (self->run == task)
    g_clear_object (&self->run);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

/* Returns TRUE (and ends the run) when the user paused or cancelled it. */
static gboolean
run_return_if_cancelled (GTask *task)
{
  GError *error = NULL;

  if (!g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    return FALSE;
  run_return_error (task, error);
  return TRUE;
}

static void
on_run_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  MdUploadTask *self = MD_UPLOAD_TASK (object);
  g_autoptr(GError) error = NULL;
  gboolean ready = g_task_propagate_boolean (G_TASK (result), &error);

  /* A newer run (resumed right after a pause) owns the state now. */
  if (g_task_get_cancellable (G_TASK (result)) != self->run_cancellable)
    return;

  stop_progress (self);
  g_clear_object (&self->run_cancellable);

  if (ready)
    {
      set_state (self, MD_UPLOAD_TASK_STATE_READY);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (self->pausing)
        set_state (self, MD_UPLOAD_TASK_STATE_PAUSED);
      self->pausing = FALSE;
      return;
    }

  md_upload_task_fail (self, error);
}

/* Stepping ----------------------------------------------------------------- */

static void
schedule_step (GTask    *task,
               guint     delay_ms,
               StepFunc  step);

static gboolean
on_timer_cb (gpointer user_data)
{
  GTask *task = G_TASK (user_data);
  Run *run = g_task_get_task_data (task);
  StepFunc step = run->timer_step;

  run->timer_id = 0;
  run->timer_step = NULL;
  if (!run_return_if_cancelled (task))
    step (task);
  return G_SOURCE_REMOVE;
}

static void
schedule_step (GTask    *task,
               guint     delay_ms,
               StepFunc  step)
{
  Run *run = g_task_get_task_data (task);

  g_assert (run->timer_id == 0);
  run->timer_step = step;
  run->timer_id = g_timeout_add (delay_ms, on_timer_cb, task);
}

/* A retryable failure: wait with a growing, jittered delay, then redo @step;
 * after max_attempts failures in a row, give up. */
static void
retry_step (GTask        *task,
            const GError *error,
            gint64        retry_after_ms,
            StepFunc      step)
{
  MdUploadTask *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  gint64 delay;

  run->attempt++;
  if (run->attempt >= self->max_attempts)
    {
      run_return_error (task, g_error_new (MD_UPLOAD_ERROR, MD_UPLOAD_ERROR_GAVE_UP,
                                           _("Gave up after %u attempts: %s"),
                                           run->attempt, error->message));
      return;
    }

  delay = md_backoff_delay_ms (run->attempt, self->retry_min_ms, self->retry_max_ms,
                               g_random_double ());
  if (retry_after_ms >= 0)
    delay = MAX (delay, MIN (retry_after_ms, (gint64) self->retry_max_ms * 4));

  g_debug ("Retrying in %" G_GINT64_FORMAT " ms: %s", delay, error->message);
  self->retry_seconds = (guint) ((delay + 999) / 1000);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETRY_SECONDS]);
  set_state (self, MD_UPLOAD_TASK_STATE_RETRYING);
  schedule_step (task, (guint) delay, step);
}

/* Hands the confirmed offset to the journal, then goes on with @next. */
static void
checkpoint (GTask    *task,
            StepFunc  next)
{
  MdUploadTask *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);

  if (self->checkpoint_func == NULL)
    {
      next (task);
      return;
    }

  run->waiting_checkpoint = TRUE;
  run->after_checkpoint = next;
  self->checkpoint_func (self, self->confirmed, self->checkpoint_data);
}

/* Worker thread ------------------------------------------------------------ */

static void
transfer_thread (GTask        *op_task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  TransferOp *op = task_data;
  GError *error = NULL;
  gboolean ok;

  if (op->length > 0)
    ok = md_upload_put_chunk_sync (op->session, op->url, op->fd, op->start, op->length,
                                   op->total, op->counter, cancellable, &op->reply, &error);
  else
    ok = md_upload_query_offset_sync (op->session, op->url, op->total, cancellable,
                                      &op->reply, &error);

  if (ok)
    g_task_return_boolean (op_task, TRUE);
  else
    g_task_return_error (op_task, error);
}

static void
run_transfer (GTask               *task,
              guint64              start,
              guint64              length,
              GAsyncReadyCallback  callback)
{
  MdUploadTask *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autoptr(GTask) op_task = NULL;
  TransferOp *op = g_new0 (TransferOp, 1);

  op->session = g_object_ref (self->session);
  op->url = g_strdup (self->upload_url);
  op->fd = run->fd;
  op->start = start;
  op->length = length;
  op->total = self->total_bytes;
  op->counter = &self->in_flight;

  op_task = g_task_new (self, g_task_get_cancellable (task), callback, task);
  g_task_set_source_tag (op_task, run_transfer);
  g_task_set_task_data (op_task, op, (GDestroyNotify) transfer_op_free);
  g_task_run_in_thread (op_task, transfer_thread);
}

/* Steps -------------------------------------------------------------------- */

static void
start_over (GTask      *task,
            const char *why)
{
  MdUploadTask *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autofree char *notice = g_strdup_printf (_("%s Started over with a new upload."), why);

  set_notice (self, notice);
  g_clear_pointer (&self->upload_id, g_free);
  g_clear_pointer (&self->upload_url, g_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPLOAD_ID]);
  set_confirmed (self, 0);
  run->attempt = 0;
  step_create (task);
}

static void
on_upload_polled_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GTask *task = G_TASK (user_data);
  MdUploadTask *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autoptr(MdUpload) upload = NULL;
  g_autoptr(GError) error = NULL;

  upload = md_client_get_upload_finish (MD_CLIENT (object), result, &error);
  if (run_return_if_cancelled (task))
    return;

  if (upload == NULL && g_error_matches (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_NOT_FOUND) &&
      self->state != MD_UPLOAD_TASK_STATE_PROCESSING)
    {
      start_over (task, _("Mux no longer knows the upload."));
      return;
    }

  if (upload == NULL)
    {
      if (md_upload_error_is_retryable (error))
        retry_step (task, error, -1, step_poll_upload);
      else
        run_return_error (task, g_steal_pointer (&error));
      return;
    }
  run->attempt = 0;

  switch (md_upload_get_status (upload))
    {
    case MD_UPLOAD_STATUS_ASSET_CREATED:
      if (set_str (&self->asset_id, md_upload_get_asset_id (upload)))
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ASSET_ID]);
      step_poll_asset (task);
      break;

    case MD_UPLOAD_STATUS_ERRORED:
      run_return_error (task, g_error_new (MD_UPLOAD_ERROR, MD_UPLOAD_ERROR_ERRORED,
                                           _("Mux could not use the file: %s"),
                                           md_upload_get_error_message (upload) ?: _("no reason given")));
      break;

    case MD_UPLOAD_STATUS_CANCELLED:
      run_return_error (task, g_error_new_literal (MD_UPLOAD_ERROR, MD_UPLOAD_ERROR_CANCELLED,
                                                   _("The upload was cancelled at Mux.")));
      break;

    case MD_UPLOAD_STATUS_TIMED_OUT:
      if (self->confirmed < self->total_bytes)
        start_over (task, _("The upload link had expired."));
      else
        run_return_error (task, g_error_new_literal (MD_UPLOAD_ERROR, MD_UPLOAD_ERROR_EXPIRED,
                                                     _("The upload timed out at Mux.")));
      break;

    case MD_UPLOAD_STATUS_WAITING:
    case MD_UPLOAD_STATUS_UNKNOWN:
    default:
      if (self->state == MD_UPLOAD_TASK_STATE_PROCESSING)
        schedule_step (task, self->poll_interval_ms, step_poll_upload);
      else
        step_query_offset (task);   /* resuming: ask the upload URL */
      break;
    }
}

static void
step_poll_upload (GTask *task)
{
  MdUploadTask *self = g_task_get_source_object (task);

  md_client_get_upload_async (self->client, self->upload_id, g_task_get_cancellable (task),
                              on_upload_polled_cb, task);
}

static void
on_asset_polled_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = G_TASK (user_data);
  MdUploadTask *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autoptr(MdAsset) asset = NULL;
  g_autoptr(GError) error = NULL;

  asset = md_client_get_asset_finish (MD_CLIENT (object), result, &error);
  if (run_return_if_cancelled (task))
    return;

  if (asset == NULL)
    {
      if (md_upload_error_is_retryable (error))
        retry_step (task, error, -1, step_poll_asset);
      else
        run_return_error (task, g_steal_pointer (&error));
      return;
    }
  run->attempt = 0;
  set_state (self, MD_UPLOAD_TASK_STATE_PROCESSING);

  switch (md_asset_get_status (asset))
    {
    case MD_ASSET_STATUS_READY:
      run_return_ready (task);
      break;

    case MD_ASSET_STATUS_ERRORED:
      {
        const char *const *messages = md_asset_get_error_messages (asset);
        g_autofree char *joined = messages ? g_strjoinv (" ", (char **) messages) : NULL;

        run_return_error (task, g_error_new (MD_UPLOAD_ERROR, MD_UPLOAD_ERROR_ERRORED,
                                             _("Mux could not make a video of the file: %s"),
                                             joined != NULL && *joined ? joined : _("no reason given")));
      }
      break;

    case MD_ASSET_STATUS_PREPARING:
    case MD_ASSET_STATUS_UNKNOWN:
    default:
      schedule_step (task, self->poll_interval_ms, step_poll_asset);
      break;
    }
}

static void
step_poll_asset (GTask *task)
{
  MdUploadTask *self = g_task_get_source_object (task);

  md_client_get_asset_async (self->client, self->asset_id, g_task_get_cancellable (task),
                             on_asset_polled_cb, task);
}

static void
step_processing (GTask *task)
{
  MdUploadTask *self = g_task_get_source_object (task);

  stop_progress (self);
  set_bytes_sent (self, self->total_bytes);
  set_state (self, MD_UPLOAD_TASK_STATE_PROCESSING);
  if (self->asset_id != NULL)
    step_poll_asset (task);
  else
    step_poll_upload (task);
}

static void
adapt_chunk_size (MdUploadTask *self,
                  guint64       length,
                  double        seconds)
{
  guint64 size = self->current_chunk_size;

  /* Only full chunks tell how fast the link is. */
  if (!self->adaptive || length < size)
    return;

  if (seconds < FAST_CHUNK_SECONDS)
    size = MIN (size * 2, MAX (MAX_CHUNK_SIZE, self->chunk_size));
  else if (seconds > SLOW_CHUNK_SECONDS)
    size = MAX (size / 2, MD_UPLOAD_CHUNK_UNIT);

  self->current_chunk_size = size - size % MD_UPLOAD_CHUNK_UNIT;
}

static void
on_chunk_sent_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = G_TASK (user_data);
  MdUploadTask *self = MD_UPLOAD_TASK (object);
  Run *run = g_task_get_task_data (task);
  TransferOp *op = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  guint64 before = self->confirmed;
  double seconds = (g_get_monotonic_time () - run->chunk_started) / (double) G_USEC_PER_SEC;

  self->wire_bytes += __atomic_load_n (&self->in_flight, __ATOMIC_RELAXED);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      set_confirmed (self, before);
      if (run_return_if_cancelled (task))
        return;
      if (g_error_matches (error, MD_UPLOAD_ERROR, MD_UPLOAD_ERROR_EXPIRED))
        start_over (task, _("The upload link had expired."));
      else if (md_upload_error_is_retryable (error))
        retry_step (task, error, op->reply.retry_after_ms, step_query_offset);
      else
        run_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (op->reply.complete)
    {
      set_confirmed (self, self->total_bytes);
      checkpoint (task, step_processing);
      return;
    }

  /* Trust the server's Range over our own count. */
  set_confirmed (self, MIN (op->reply.server_offset, self->total_bytes));
  if (self->confirmed > before)
    run->attempt = 0;
  else
    run->attempt++;
  if (run->attempt >= self->max_attempts)
    {
      g_autofree char *where = g_format_size (before);

      run_return_error (task, g_error_new (MD_UPLOAD_ERROR, MD_UPLOAD_ERROR_GAVE_UP,
                                           _("The upload server keeps refusing the bytes after %s."),
                                           where));
      return;
    }
  adapt_chunk_size (self, op->length, seconds);
  checkpoint (task, step_send_chunk);
}

static void
step_send_chunk (GTask *task)
{
  MdUploadTask *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  guint64 length;

  if (run_return_if_cancelled (task))
    return;

  if (self->confirmed >= self->total_bytes)
    {
      /* The server holds every byte but did not say "complete": ask it. */
      step_query_offset (task);
      return;
    }

  set_state (self, MD_UPLOAD_TASK_STATE_UPLOADING);
  start_progress (self);
  length = MIN (self->current_chunk_size, self->total_bytes - self->confirmed);
  run->chunk_started = g_get_monotonic_time ();
  __atomic_store_n (&self->in_flight, 0, __ATOMIC_RELAXED);
  run_transfer (task, self->confirmed, length, on_chunk_sent_cb);
}

static void
on_offset_queried_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GTask *task = G_TASK (user_data);
  MdUploadTask *self = MD_UPLOAD_TASK (object);
  TransferOp *op = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (run_return_if_cancelled (task))
        return;
      if (g_error_matches (error, MD_UPLOAD_ERROR, MD_UPLOAD_ERROR_EXPIRED))
        start_over (task, _("The upload link had expired."));
      else if (md_upload_error_is_retryable (error))
        retry_step (task, error, op->reply.retry_after_ms, step_query_offset);
      else
        run_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (op->reply.complete)
    {
      set_confirmed (self, self->total_bytes);
      checkpoint (task, step_processing);
      return;
    }

  if (op->reply.server_offset >= self->total_bytes)
    {
      /* Every byte is there, yet the server does not call it complete. */
      run_return_error (task, g_error_new_literal (MD_UPLOAD_ERROR, MD_UPLOAD_ERROR_REFUSED,
                                                   _("The upload server holds the whole file but did not accept it.")));
      return;
    }

  set_confirmed (self, op->reply.server_offset);
  checkpoint (task, step_send_chunk);
}

static void
step_query_offset (GTask *task)
{
  MdUploadTask *self = g_task_get_source_object (task);

  set_state (self, MD_UPLOAD_TASK_STATE_UPLOADING);
  run_transfer (task, 0, 0, on_offset_queried_cb);
}

static void
on_upload_created_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GTask *task = G_TASK (user_data);
  MdUploadTask *self = g_task_get_source_object (task);
  g_autoptr(MdUpload) upload = NULL;
  g_autoptr(GError) error = NULL;

  upload = md_client_create_upload_finish (MD_CLIENT (object), result, &error);
  if (run_return_if_cancelled (task))
    return;

  if (upload == NULL)
    {
      if (md_upload_error_is_retryable (error))
        retry_step (task, error, -1, step_create);
      else
        run_return_error (task, g_steal_pointer (&error));
      return;
    }

  set_str (&self->upload_id, md_upload_get_id (upload));
  set_str (&self->upload_url, md_upload_get_url (upload));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPLOAD_ID]);
  set_confirmed (self, 0);
  checkpoint (task, step_send_chunk);
}

static void
step_create (GTask *task)
{
  MdUploadTask *self = g_task_get_source_object (task);

  set_state (self, MD_UPLOAD_TASK_STATE_UPLOADING);
  md_client_create_upload_async (self->client, self->policy, self->quality, self->title, 0,
                                 g_task_get_cancellable (task), on_upload_created_cb, task);
}

/* Opens the file and checks it is still the size the upload was made for. */
static void
step_begin (GTask *task)
{
  MdUploadTask *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  struct stat st;

  run->fd = g_open (self->path, O_RDONLY | O_CLOEXEC, 0);
  if (run->fd < 0)
    {
      int saved_errno = errno;

      run_return_error (task, g_error_new (G_IO_ERROR, g_io_error_from_errno (saved_errno),
                                           _("Cannot read “%s”: %s"), self->path,
                                           g_strerror (saved_errno)));
      return;
    }

  if (fstat (run->fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      run_return_error (task, g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                                           _("“%s” is not a regular file."), self->path));
      return;
    }

  if (self->total_bytes == 0)
    {
      self->total_bytes = st.st_size;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL_BYTES]);
    }
  else if ((guint64) st.st_size != self->total_bytes)
    {
      run_return_error (task, g_error_new (MD_UPLOAD_ERROR, MD_UPLOAD_ERROR_FILE_CHANGED,
                                           _("“%s” changed since its upload began (its size is different). "
                                             "Remove the upload and add the file again."), self->path));
      return;
    }

  if (self->total_bytes == 0)
    {
      run_return_error (task, g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                           _("“%s” is empty."), self->path));
      return;
    }

  if (self->total_bytes > MAX_FILE_SIZE)
    {
      g_autofree char *limit = g_format_size (MAX_FILE_SIZE);

      run_return_error (task, g_error_new (MD_UPLOAD_ERROR, MD_UPLOAD_ERROR_TOO_LARGE,
                                           _("“%s” is larger than Mux accepts (%s)."), self->path, limit));
      return;
    }

  if (self->upload_id == NULL || self->upload_url == NULL)
    step_create (task);
  else if (self->asset_id != NULL)
    step_processing (task);
  else
    step_poll_upload (task);   /* still valid? then ask the upload URL */
}

/* GObject ------------------------------------------------------------------ */

static void
md_upload_task_dispose (GObject *object)
{
  MdUploadTask *self = MD_UPLOAD_TASK (object);

  g_cancellable_cancel (self->run_cancellable);
  stop_progress (self);
  if (self->checkpoint_destroy != NULL)
    self->checkpoint_destroy (self->checkpoint_data);
  self->checkpoint_func = NULL;
  self->checkpoint_destroy = NULL;
  g_clear_object (&self->client);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (md_upload_task_parent_class)->dispose (object);
}

static void
md_upload_task_finalize (GObject *object)
{
  MdUploadTask *self = MD_UPLOAD_TASK (object);

  g_clear_object (&self->run_cancellable);
  g_free (self->path);
  g_free (self->title);
  g_free (self->upload_id);
  g_free (self->upload_url);
  g_free (self->asset_id);
  g_free (self->notice);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (md_upload_task_parent_class)->finalize (object);
}

static void
md_upload_task_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  MdUploadTask *self = MD_UPLOAD_TASK (object);

  switch (prop_id)
    {
    case PROP_PATH: g_value_set_string (value, self->path); break;
    case PROP_TITLE: g_value_set_string (value, self->title); break;
    case PROP_STATE: g_value_set_enum (value, self->state); break;
    case PROP_UPLOAD_ID: g_value_set_string (value, self->upload_id); break;
    case PROP_ASSET_ID: g_value_set_string (value, self->asset_id); break;
    case PROP_TOTAL_BYTES: g_value_set_uint64 (value, self->total_bytes); break;
    case PROP_BYTES_SENT: g_value_set_uint64 (value, self->bytes_sent); break;
    case PROP_SPEED: g_value_set_double (value, self->speed); break;
    case PROP_ETA: g_value_set_int64 (value, self->eta); break;
    case PROP_RETRY_SECONDS: g_value_set_uint (value, self->retry_seconds); break;
    case PROP_ERROR_MESSAGE: g_value_set_string (value, md_upload_task_get_error_message (self)); break;
    case PROP_NOTICE: g_value_set_string (value, self->notice); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_upload_task_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  MdUploadTask *self = MD_UPLOAD_TASK (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      md_upload_task_set_title (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_upload_task_class_init (MdUploadTaskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = md_upload_task_dispose;
  object_class->finalize = md_upload_task_finalize;
  object_class->get_property = md_upload_task_get_property;
  object_class->set_property = md_upload_task_set_property;

  properties[PROP_PATH] = g_param_spec_string ("path", NULL, NULL, NULL, ro);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, MD_TYPE_UPLOAD_TASK_STATE, MD_UPLOAD_TASK_STATE_QUEUED, ro);
  properties[PROP_UPLOAD_ID] = g_param_spec_string ("upload-id", NULL, NULL, NULL, ro);
  properties[PROP_ASSET_ID] = g_param_spec_string ("asset-id", NULL, NULL, NULL, ro);
  properties[PROP_TOTAL_BYTES] = g_param_spec_uint64 ("total-bytes", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_BYTES_SENT] = g_param_spec_uint64 ("bytes-sent", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  /* Bytes per second, smoothed; 0 when not sending. */
  properties[PROP_SPEED] = g_param_spec_double ("speed", NULL, NULL, 0, G_MAXDOUBLE, 0, ro);
  /* Seconds left at the current speed, -1 when unknown. */
  properties[PROP_ETA] = g_param_spec_int64 ("eta", NULL, NULL, -1, G_MAXINT64, -1, ro);
  properties[PROP_RETRY_SECONDS] = g_param_spec_uint ("retry-seconds", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_ERROR_MESSAGE] = g_param_spec_string ("error-message", NULL, NULL, NULL, ro);
  /* Something the user should know that is not an error, e.g. a restart. */
  properties[PROP_NOTICE] = g_param_spec_string ("notice", NULL, NULL, NULL, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
md_upload_task_init (MdUploadTask *self)
{
  self->chunk_size = MD_UPLOAD_DEFAULT_CHUNK_SIZE;
  self->current_chunk_size = MD_UPLOAD_DEFAULT_CHUNK_SIZE;
  self->adaptive = TRUE;
  self->retry_min_ms = 1000;
  self->retry_max_ms = 30000;
  self->max_attempts = 8;
  self->poll_interval_ms = 1000;
  self->eta = -1;
  self->session = soup_session_new_with_options ("timeout", 60,
                                                 "idle-timeout", 60,
                                                 "user-agent", "Muxdesk ",
                                                 NULL);
}

/* API ---------------------------------------------------------------------- */

/**
 * md_upload_task_new:
 * @client: the client for the Mux API
 * @path: the file to upload
 * @title: (nullable): the asset's title
 * @policy: the asset's playback policy
 * @video_quality: its video quality
 *
 * Returns: (transfer full): a queued upload; md_upload_task_start() starts it
 */
MdUploadTask *
md_upload_task_new (MdClient         *client,
                    const char       *path,
                    const char       *title,
                    MdPlaybackPolicy  policy,
                    MdVideoQuality    video_quality)
{
  MdUploadTask *self;

  g_return_val_if_fail (MD_IS_CLIENT (client), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (MD_TYPE_UPLOAD_TASK, NULL);
  self->client = g_object_ref (client);
  self->path = g_strdup (path);
  self->title = g_strdup (title);
  self->policy = policy;
  self->quality = video_quality;

  return self;
}

/**
 * md_upload_task_set_resume_point:
 * @upload_id: (nullable): the direct upload made before
 * @upload_url: (nullable): its URL
 * @total_bytes: the file's size when the upload began
 * @confirmed_offset: the last offset the journal holds
 *
 * Continues an upload of an earlier run (of this process or another). The
 * task still asks the server how much it holds before sending.
 */
void
md_upload_task_set_resume_point (MdUploadTask *self,
                                 const char   *upload_id,
                                 const char   *upload_url,
                                 guint64       total_bytes,
                                 guint64       confirmed_offset)
{
  g_return_if_fail (MD_IS_UPLOAD_TASK (self));
  g_return_if_fail (self->run == NULL);

  set_str (&self->upload_id, upload_id);
  set_str (&self->upload_url, upload_url);
  self->total_bytes = total_bytes;
  set_confirmed (self, MIN (confirmed_offset, total_bytes));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPLOAD_ID]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL_BYTES]);
}

void
md_upload_task_set_checkpoint_func (MdUploadTask           *self,
                                    MdUploadCheckpointFunc  func,
                                    gpointer                user_data,
                                    GDestroyNotify          destroy)
{
  g_return_if_fail (MD_IS_UPLOAD_TASK (self));

  if (self->checkpoint_destroy != NULL)
    self->checkpoint_destroy (self->checkpoint_data);
  self->checkpoint_func = func;
  self->checkpoint_data = user_data;
  self->checkpoint_destroy = destroy;
}

/**
 * md_upload_task_checkpoint_done:
 * @error: (nullable): why the offset could not be saved
 *
 * Answers a #MdUploadCheckpointFunc call: the offset is durable and the next
 * chunk may go, or it could not be saved and the upload stops.
 */
void
md_upload_task_checkpoint_done (MdUploadTask *self,
                                const GError *error)
{
  GTask *task;
  Run *run;
  StepFunc next;

  g_return_if_fail (MD_IS_UPLOAD_TASK (self));

  task = self->run;
  if (task == NULL)
    return;
  run = g_task_get_task_data (task);
  if (!run->waiting_checkpoint)
    return;

  next = run->after_checkpoint;
  run->waiting_checkpoint = FALSE;
  run->after_checkpoint = NULL;

  if (run_return_if_cancelled (task))
    return;
  if (error != NULL)
    {
      run_return_error (task, g_error_new (error->domain, error->code,
                                           _("Could not record the upload’s progress: %s"),
                                           error->message));
      return;
    }
  next (task);
}

/**
 * md_upload_task_start:
 *
 * Starts or resumes the upload (also after a failure: a retry). Does
 * nothing while it runs or once it is ready or cancelled.
 */
void
md_upload_task_start (MdUploadTask *self)
{
  GTask *task;
  Run *run;

  g_return_if_fail (MD_IS_UPLOAD_TASK (self));

  if (self->run != NULL ||
      self->state == MD_UPLOAD_TASK_STATE_READY ||
      self->state == MD_UPLOAD_TASK_STATE_CANCELLED)
    return;

  /* An upload Mux refused or cancelled cannot take more bytes: start anew. */
  if (g_error_matches (self->error, MD_UPLOAD_ERROR, MD_UPLOAD_ERROR_ERRORED) ||
      g_error_matches (self->error, MD_UPLOAD_ERROR, MD_UPLOAD_ERROR_CANCELLED) ||
      g_error_matches (self->error, MD_UPLOAD_ERROR, MD_UPLOAD_ERROR_EXPIRED))
    {
      g_clear_pointer (&self->upload_id, g_free);
      g_clear_pointer (&self->upload_url, g_free);
      g_clear_pointer (&self->asset_id, g_free);
      set_confirmed (self, 0);
    }

  g_clear_error (&self->error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
  self->pausing = FALSE;
  self->current_chunk_size = self->chunk_size;

  run = g_new0 (Run, 1);
  run->fd = -1;

  g_clear_object (&self->run_cancellable);
  self->run_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->run_cancellable, on_run_done_cb, NULL);
  g_task_set_source_tag (task, md_upload_task_start);
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);
  self->run = g_object_ref (task);

  set_state (self, MD_UPLOAD_TASK_STATE_UPLOADING);
  step_begin (task);   /* the run holds the task's only reference from here */
}

/* Stops the run now: a pending timer is dropped, a request in flight aborts. */
static void
stop_run (MdUploadTask *self)
{
  GTask *task = self->run;
  Run *run;

  if (task == NULL)
    return;

  g_cancellable_cancel (self->run_cancellable);
  run = g_task_get_task_data (task);
  if (run->timer_id != 0 || run->waiting_checkpoint)
    {
      g_clear_handle_id (&run->timer_id, g_source_remove);
      run->waiting_checkpoint = FALSE;
      run_return_if_cancelled (task);
    }
}

/**
 * md_upload_task_pause:
 *
 * Stops sending; the bytes the server confirmed stay there, and
 * md_upload_task_start() continues from them.
 */
void
md_upload_task_pause (MdUploadTask *self)
{
  g_return_if_fail (MD_IS_UPLOAD_TASK (self));

  if (self->state == MD_UPLOAD_TASK_STATE_QUEUED)
    {
      set_state (self, MD_UPLOAD_TASK_STATE_PAUSED);
      return;
    }
  if (self->run == NULL || self->state == MD_UPLOAD_TASK_STATE_CANCELLED)
    return;

  self->pausing = TRUE;
  stop_run (self);
}

static void
on_cancelled_at_mux_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = G_TASK (user_data);
  g_autoptr(MdUpload) upload = NULL;
  g_autoptr(GError) error = NULL;

  upload = md_client_cancel_upload_finish (MD_CLIENT (object), result, &error);
  /* 403: the upload already left "waiting" (complete), nothing to cancel. */
  if (upload == NULL && !g_error_matches (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_FORBIDDEN) &&
      !g_error_matches (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_NOT_FOUND))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * md_upload_task_cancel_async:
 *
 * Stops the upload for good and cancels it at Mux, so the upload URL takes
 * no more bytes. The task is cancelled at once; the callback says whether
 * Mux heard of it.
 */
void
md_upload_task_cancel_async (MdUploadTask        *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  gboolean at_mux;

  g_return_if_fail (MD_IS_UPLOAD_TASK (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, md_upload_task_cancel_async);

  at_mux = self->upload_id != NULL &&
           self->state != MD_UPLOAD_TASK_STATE_READY &&
           self->state != MD_UPLOAD_TASK_STATE_PROCESSING &&
           self->state != MD_UPLOAD_TASK_STATE_CANCELLED;

  self->pausing = FALSE;
  stop_run (self);
  stop_progress (self);
  set_state (self, MD_UPLOAD_TASK_STATE_CANCELLED);

  if (!at_mux)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  md_client_cancel_upload_async (self->client, self->upload_id, cancellable,
                                 on_cancelled_at_mux_cb, g_steal_pointer (&task));
}

gboolean
md_upload_task_cancel_finish (MdUploadTask  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == md_upload_task_cancel_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * md_upload_task_fail:
 * @error: why
 *
 * Marks the upload failed, e.g. when its file no longer matches the journal.
 */
void
md_upload_task_fail (MdUploadTask *self,
                     const GError *error)
{
  g_return_if_fail (MD_IS_UPLOAD_TASK (self));
  g_return_if_fail (error != NULL);

  stop_run (self);
  g_clear_error (&self->error);
  self->error = g_error_copy (error);
  g_debug ("Upload of %s failed: %s", self->path, error->message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
  set_state (self, MD_UPLOAD_TASK_STATE_FAILED);
}

const char *
md_upload_task_get_path (MdUploadTask *self)
{
  g_return_val_if_fail (MD_IS_UPLOAD_TASK (self), NULL);
  return self->path;
}

const char *
md_upload_task_get_title (MdUploadTask *self)
{
  g_return_val_if_fail (MD_IS_UPLOAD_TASK (self), NULL);
  return self->title;
}

/* The title goes to Mux when the upload is created; later changes are local. */
void
md_upload_task_set_title (MdUploadTask *self,
                          const char   *title)
{
  g_return_if_fail (MD_IS_UPLOAD_TASK (self));

  if (set_str (&self->title, title))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

MdPlaybackPolicy
md_upload_task_get_playback_policy (MdUploadTask *self)
{
  g_return_val_if_fail (MD_IS_UPLOAD_TASK (self), MD_PLAYBACK_POLICY_UNKNOWN);
  return self->policy;
}

MdVideoQuality
md_upload_task_get_video_quality (MdUploadTask *self)
{
  g_return_val_if_fail (MD_IS_UPLOAD_TASK (self), MD_VIDEO_QUALITY_UNKNOWN);
  return self->quality;
}

guint64
md_upload_task_get_chunk_size (MdUploadTask *self)
{
  g_return_val_if_fail (MD_IS_UPLOAD_TASK (self), 0);
  return self->chunk_size;
}

/**
 * md_upload_task_set_chunk_size:
 * @chunk_size: bytes per chunk, rounded down to a multiple of 256 KiB
 *
 * The first chunk's size; later chunks adapt to the link unless
 * md_upload_task_set_adaptive() turned that off.
 */
void
md_upload_task_set_chunk_size (MdUploadTask *self,
                               guint64       chunk_size)
{
  g_return_if_fail (MD_IS_UPLOAD_TASK (self));

  chunk_size -= chunk_size % MD_UPLOAD_CHUNK_UNIT;
  self->chunk_size = MAX (chunk_size, MD_UPLOAD_CHUNK_UNIT);
  self->current_chunk_size = self->chunk_size;
}

void
md_upload_task_set_adaptive (MdUploadTask *self,
                             gboolean      adaptive)
{
  g_return_if_fail (MD_IS_UPLOAD_TASK (self));
  self->adaptive = !!adaptive;
}

/**
 * md_upload_task_set_retry_delays:
 * @min_ms: the first retry's delay (it doubles, with jitter)
 * @max_ms: the longest delay
 * @max_attempts: failures in a row before giving up
 */
void
md_upload_task_set_retry_delays (MdUploadTask *self,
                                 guint         min_ms,
                                 guint         max_ms,
                                 guint         max_attempts)
{
  g_return_if_fail (MD_IS_UPLOAD_TASK (self));

  self->retry_min_ms = min_ms;
  self->retry_max_ms = MAX (min_ms, max_ms);
  self->max_attempts = MAX (max_attempts, 1);
}

/**
 * md_upload_task_set_io_timeout:
 * @seconds: how long a chunk may stall before it is retried
 */
void
md_upload_task_set_io_timeout (MdUploadTask *self,
                               guint         seconds)
{
  g_return_if_fail (MD_IS_UPLOAD_TASK (self));
  g_object_set (self->session, "timeout", seconds, NULL);
}

/**
 * md_upload_task_set_poll_interval:
 * @ms: the pause between status requests after the last byte; Mux asks
 *   for no more than one a second, so only tests against the sandbox go lower
 */
void
md_upload_task_set_poll_interval (MdUploadTask *self,
                                  guint         ms)
{
  g_return_if_fail (MD_IS_UPLOAD_TASK (self));
  self->poll_interval_ms = ms;
}

MdUploadTaskState
md_upload_task_get_state (MdUploadTask *self)
{
  g_return_val_if_fail (MD_IS_UPLOAD_TASK (self), MD_UPLOAD_TASK_STATE_FAILED);
  return self->state;
}

const char *
md_upload_task_get_upload_id (MdUploadTask *self)
{
  g_return_val_if_fail (MD_IS_UPLOAD_TASK (self), NULL);
  return self->upload_id;
}

const char *
md_upload_task_get_upload_url (MdUploadTask *self)
{
  g_return_val_if_fail (MD_IS_UPLOAD_TASK (self), NULL);
  return self->upload_url;
}

const char *
md_upload_task_get_asset_id (MdUploadTask *self)
{
  g_return_val_if_fail (MD_IS_UPLOAD_TASK (self), NULL);
  return self->asset_id;
}

guint64
md_upload_task_get_total_bytes (MdUploadTask *self)
{
  g_return_val_if_fail (MD_IS_UPLOAD_TASK (self), 0);
  return self->total_bytes;
}

/* Bytes the server confirmed holding. */
guint64
md_upload_task_get_confirmed_bytes (MdUploadTask *self)
{
  g_return_val_if_fail (MD_IS_UPLOAD_TASK (self), 0);
  return self->confirmed;
}

/* Bytes sent so far as the progress bar shows them (confirmed + in flight). */
guint64
md_upload_task_get_bytes_sent (MdUploadTask *self)
{
  g_return_val_if_fail (MD_IS_UPLOAD_TASK (self), 0);
  return self->bytes_sent;
}

/* Every body byte this task put on the wire, retries included. */
guint64
md_upload_task_get_wire_bytes (MdUploadTask *self)
{
  g_return_val_if_fail (MD_IS_UPLOAD_TASK (self), 0);
  return self->wire_bytes + (self->run != NULL ? __atomic_load_n (&self->in_flight, __ATOMIC_RELAXED) : 0);
}

double
md_upload_task_get_speed (MdUploadTask *self)
{
  g_return_val_if_fail (MD_IS_UPLOAD_TASK (self), 0);
  return self->speed;
}

gint64
md_upload_task_get_eta (MdUploadTask *self)
{
  g_return_val_if_fail (MD_IS_UPLOAD_TASK (self), -1);
  return self->eta;
}

guint
md_upload_task_get_retry_seconds (MdUploadTask *self)
{
  g_return_val_if_fail (MD_IS_UPLOAD_TASK (self), 0);
  return self->retry_seconds;
}

const char *
md_upload_task_get_error_message (MdUploadTask *self)
{
  g_return_val_if_fail (MD_IS_UPLOAD_TASK (self), NULL);
  return self->error != NULL ? self->error->message : NULL;
}

const GError *
md_upload_task_get_error (MdUploadTask *self)
{
  g_return_val_if_fail (MD_IS_UPLOAD_TASK (self), NULL);
  return self->error;
}

const char *
md_upload_task_get_notice (MdUploadTask *self)
{
  g_return_val_if_fail (MD_IS_UPLOAD_TASK (self), NULL);
  return self->notice;
}

/**
 * md_upload_task_requeue:
 *
 * Puts a paused or failed upload back in line, for a queue that starts it
 * when a slot is free.
 */
void
md_upload_task_requeue (MdUploadTask *self)
{
  g_return_if_fail (MD_IS_UPLOAD_TASK (self));

  if (self->run == NULL &&
      (self->state == MD_UPLOAD_TASK_STATE_PAUSED || self->state == MD_UPLOAD_TASK_STATE_FAILED))
    set_state (self, MD_UPLOAD_TASK_STATE_QUEUED);
}

/* Whether a run is going on (sending, retrying, or following the asset). */
gboolean
md_upload_task_is_active (MdUploadTask *self)
{
  g_return_val_if_fail (MD_IS_UPLOAD_TASK (self), FALSE);
  return self->run != NULL;
}
