/* md-upload-task-run.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What one run of an MdUploadTask does: create the direct upload, send the
 * file in chunks (each confirmed offset checkpointed before the next chunk),
 * then follow upload -> asset -> ready. A run is one GTask whose Run struct
 * holds the step state; each step's callback starts the next step or
 * returns. Chunks are sent by blocking libsoup calls in a worker thread
 * (md-upload-transfer.c); everything else happens on the main context.
 */

#define G_LOG_DOMAIN "md-upload-task"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "md-backoff.h"
#include "md-upload-fingerprint.h"
#include "md-upload-task-private.h"

/* Mux refuses larger files; checked before anything is created. */
#define MAX_FILE_SIZE      (G_GUINT64_CONSTANT (500) * 1024 * 1024 * 1024)
/* Adaptive chunks aim at this many seconds each. */
#define FAST_CHUNK_SECONDS 5.0
#define SLOW_CHUNK_SECONDS 20.0
#define MAX_CHUNK_SIZE     (G_GUINT64_CONSTANT (512) * 1024 * 1024)

/* One blocking request for the worker thread. */
typedef struct
{
  SoupSession      *session;
  char             *url;
  int               fd;
  guint64           start;
  guint64           length;   /* 0 for a status query */
  guint64           total;
  gint64            mtime_usec;
  gint64           *counter;
  MdUploadPutReply  reply;
} TransferOp;

static void step_begin          (GTask *task);
static void step_go_on          (GTask *task);
static void step_create         (GTask *task);
static void step_query_offset   (GTask *task);
static void step_send_chunk     (GTask *task);
static void step_poll_upload    (GTask *task);
static void step_poll_asset     (GTask *task);

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

  _md_upload_task_stop_progress (self);
  g_clear_object (&self->run_cancellable);

  if (ready)
    {
      _md_upload_task_set_state (self, MD_UPLOAD_TASK_STATE_READY);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (self->pausing)
        _md_upload_task_set_state (self, MD_UPLOAD_TASK_STATE_PAUSED);
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
  self->retry_deadline = g_get_monotonic_time () + delay * 1000;
  g_object_notify_by_pspec (G_OBJECT (self), _md_upload_task_properties[PROP_RETRY_SECONDS]);
  g_object_notify_by_pspec (G_OBJECT (self), _md_upload_task_properties[PROP_RETRY_DEADLINE]);
  _md_upload_task_set_state (self, MD_UPLOAD_TASK_STATE_RETRYING);
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
                                   op->total, op->mtime_usec, op->counter, cancellable,
                                   &op->reply, &error);
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
  op->mtime_usec = self->file_mtime_usec;
  op->counter = &self->in_flight;

  op_task = g_task_new (self, g_task_get_cancellable (task), callback, task);
  g_task_set_source_tag (op_task, run_transfer);
  g_task_set_task_data (op_task, op, (GDestroyNotify) transfer_op_free);
  g_task_run_in_thread (op_task, transfer_thread);
}

/* The file is not the one whose first bytes were sent (or were about to be). */
static GError *
file_changed_error (MdUploadTask *self)
{
  g_autofree char *name = g_filename_display_basename (self->path);

  return g_error_new (MD_UPLOAD_ERROR, MD_UPLOAD_ERROR_FILE_CHANGED,
                      _("“%s” changed since its upload began, so the upload stopped before sending "
                        "any of the new version. Remove the upload and add the file again."), name);
}

/* Steps -------------------------------------------------------------------- */

static void
start_over (GTask      *task,
            const char *why)
{
  MdUploadTask *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autofree char *notice = g_strdup_printf (_("%s Started over with a new upload."), why);

  _md_upload_task_set_notice (self, notice);
  g_clear_pointer (&self->upload_id, g_free);
  g_clear_pointer (&self->upload_url, g_free);
  g_object_notify_by_pspec (G_OBJECT (self), _md_upload_task_properties[PROP_UPLOAD_ID]);
  _md_upload_task_set_confirmed (self, 0);
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
      if (_md_upload_task_set_str (&self->asset_id, md_upload_get_asset_id (upload)))
        g_object_notify_by_pspec (G_OBJECT (self), _md_upload_task_properties[PROP_ASSET_ID]);
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
send_poll_upload (GTask *task)
{
  MdUploadTask *self = g_task_get_source_object (task);

  md_client_get_upload_async (self->client, self->upload_id, g_task_get_cancellable (task),
                              on_upload_polled_cb, task);
}

/* Every status request waits for its turn among all the uploads of the
 * client (one a second together), then goes with @send. */
static void
paced (GTask    *task,
       StepFunc  send)
{
  MdUploadTask *self = g_task_get_source_object (task);
  gint64 wait_us = md_client_reserve_status_poll (self->client);

  if (wait_us <= 0)
    send (task);
  else
    schedule_step (task, (guint) ((wait_us + 999) / 1000), send);
}

static void
step_poll_upload (GTask *task)
{
  paced (task, send_poll_upload);
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
  _md_upload_task_set_state (self, MD_UPLOAD_TASK_STATE_PROCESSING);

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
send_poll_asset (GTask *task)
{
  MdUploadTask *self = g_task_get_source_object (task);

  md_client_get_asset_async (self->client, self->asset_id, g_task_get_cancellable (task),
                             on_asset_polled_cb, task);
}

static void
step_poll_asset (GTask *task)
{
  paced (task, send_poll_asset);
}

static void
step_processing (GTask *task)
{
  MdUploadTask *self = g_task_get_source_object (task);

  _md_upload_task_stop_progress (self);
  _md_upload_task_set_bytes_sent (self, self->total_bytes);
  _md_upload_task_set_state (self, MD_UPLOAD_TASK_STATE_PROCESSING);
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
      _md_upload_task_set_confirmed (self, before);
      if (run_return_if_cancelled (task))
        return;
      if (g_error_matches (error, MD_UPLOAD_ERROR, MD_UPLOAD_ERROR_FILE_CHANGED))
        run_return_error (task, file_changed_error (self));
      else if (g_error_matches (error, MD_UPLOAD_ERROR, MD_UPLOAD_ERROR_EXPIRED))
        start_over (task, _("The upload link had expired."));
      else if (md_upload_error_is_retryable (error))
        retry_step (task, error, op->reply.retry_after_ms, step_query_offset);
      else
        run_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (op->reply.complete)
    {
      _md_upload_task_set_confirmed (self, self->total_bytes);
      checkpoint (task, step_processing);
      return;
    }

  /* Trust the server's Range over our own count. */
  _md_upload_task_set_confirmed (self, MIN (op->reply.server_offset, self->total_bytes));
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

  _md_upload_task_set_state (self, MD_UPLOAD_TASK_STATE_UPLOADING);
  _md_upload_task_start_progress (self);
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
      _md_upload_task_set_confirmed (self, self->total_bytes);
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

  _md_upload_task_set_confirmed (self, op->reply.server_offset);
  checkpoint (task, step_send_chunk);
}

static void
step_query_offset (GTask *task)
{
  MdUploadTask *self = g_task_get_source_object (task);

  _md_upload_task_set_state (self, MD_UPLOAD_TASK_STATE_UPLOADING);
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

  _md_upload_task_set_str (&self->upload_id, md_upload_get_id (upload));
  _md_upload_task_set_str (&self->upload_url, md_upload_get_url (upload));
  g_object_notify_by_pspec (G_OBJECT (self), _md_upload_task_properties[PROP_UPLOAD_ID]);
  _md_upload_task_set_confirmed (self, 0);
  checkpoint (task, step_send_chunk);
}

static void
step_create (GTask *task)
{
  MdUploadTask *self = g_task_get_source_object (task);

  _md_upload_task_set_state (self, MD_UPLOAD_TASK_STATE_UPLOADING);
  md_client_create_upload_full_async (self->client, self->policy, self->quality, self->max_resolution_tier,
                                      self->title, 0, g_task_get_cancellable (task), on_upload_created_cb, task);
}

static void
fingerprint_thread (GTask        *op_task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  TransferOp *op = task_data;
  GError *error = NULL;
  char *fingerprint = md_upload_fingerprint_fd (op->fd, op->total, cancellable, &error);

  if (fingerprint != NULL)
    g_task_return_pointer (op_task, fingerprint, g_free);
  else
    g_task_return_error (op_task, error);
}

static void
on_fingerprinted_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GTask *task = G_TASK (user_data);
  MdUploadTask *self = MD_UPLOAD_TASK (object);
  g_autofree char *fingerprint = NULL;
  g_autoptr(GError) error = NULL;

  fingerprint = g_task_propagate_pointer (G_TASK (result), &error);
  if (run_return_if_cancelled (task))
    return;

  if (fingerprint == NULL)
    {
      if (g_error_matches (error, MD_UPLOAD_ERROR, MD_UPLOAD_ERROR_FILE_CHANGED))
        run_return_error (task, file_changed_error (self));
      else if (error->domain == G_IO_ERROR)
        run_return_error (task, md_upload_unreadable_error_new (self->path, error->code));
      else
        run_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (self->fingerprint == NULL)
    self->fingerprint = g_steal_pointer (&fingerprint);
  else if (strcmp (self->fingerprint, fingerprint) != 0)
    {
      run_return_error (task, file_changed_error (self));
      return;
    }

  step_go_on (task);
}

/* Reads the fingerprint of the open file in a worker thread: taken on the
 * first run, compared on the later ones. */
static void
step_fingerprint (GTask *task)
{
  MdUploadTask *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autoptr(GTask) op_task = NULL;
  TransferOp *op = g_new0 (TransferOp, 1);

  op->fd = run->fd;
  op->total = self->total_bytes;

  op_task = g_task_new (self, g_task_get_cancellable (task), on_fingerprinted_cb, task);
  g_task_set_source_tag (op_task, step_fingerprint);
  g_task_set_task_data (op_task, op, (GDestroyNotify) transfer_op_free);
  g_task_run_in_thread (op_task, fingerprint_thread);
}

/* Opens the file and checks it is still the one the upload was made for:
 * size, modification time, then the fingerprint, before any byte goes. */
static void
step_begin (GTask *task)
{
  MdUploadTask *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  struct stat st;
  gint64 mtime_usec;

  run->fd = g_open (self->path, O_RDONLY | O_CLOEXEC, 0);
  if (run->fd < 0)
    {
      run_return_error (task, md_upload_unreadable_error_new (self->path, g_io_error_from_errno (errno)));
      return;
    }

  if (fstat (run->fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      run_return_error (task, md_upload_unreadable_error_new (self->path, G_IO_ERROR_NOT_REGULAR_FILE));
      return;
    }
  mtime_usec = (gint64) st.st_mtim.tv_sec * G_USEC_PER_SEC + st.st_mtim.tv_nsec / 1000;

  if (self->total_bytes == 0)
    {
      self->total_bytes = st.st_size;
      g_object_notify_by_pspec (G_OBJECT (self), _md_upload_task_properties[PROP_TOTAL_BYTES]);
    }
  else if ((guint64) st.st_size != self->total_bytes)
    {
      run_return_error (task, file_changed_error (self));
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

  /* Every byte is at Mux already: nothing more is read from the file. */
  if (self->asset_id != NULL)
    {
      step_processing (task);
      return;
    }

  if (self->fingerprint == NULL)
    self->file_mtime_usec = mtime_usec;
  else if (mtime_usec != self->file_mtime_usec)
    {
      run_return_error (task, file_changed_error (self));
      return;
    }

  step_fingerprint (task);
}

/* The file is the right one: create the upload, or see how far it got. */
static void
step_go_on (GTask *task)
{
  MdUploadTask *self = g_task_get_source_object (task);

  if (self->upload_id == NULL || self->upload_url == NULL)
    step_create (task);
  else
    step_poll_upload (task);   /* still valid? then ask the upload URL */
}

/* Entry points for md-upload-task.c -------------------------------------- */

/* Begins a run: the task's state struct lives as long as the run. */
void
_md_upload_task_run_start (MdUploadTask *self)
{
  GTask *task;
  Run *run = g_new0 (Run, 1);

  run->fd = -1;

  g_clear_object (&self->run_cancellable);
  self->run_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->run_cancellable, on_run_done_cb, NULL);
  g_task_set_source_tag (task, md_upload_task_start);
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);
  self->run = g_object_ref (task);

  _md_upload_task_set_state (self, MD_UPLOAD_TASK_STATE_UPLOADING);
  step_begin (task);   /* the run holds the task's only reference from here */
}

/* Stops the run now: a pending timer is dropped, a request in flight aborts. */
void
_md_upload_task_run_stop (MdUploadTask *self)
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


/* The journal holds the offset (or could not save it): go on, or stop. */
void
_md_upload_task_run_checkpoint_done (MdUploadTask *self,
                                     const GError *error)
{
  GTask *task = self->run;
  Run *run;
  StepFunc next;

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
