/* md-upload-task.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One file on its way to Mux: the object, its progress properties and its
 * API. What a run does (create, send chunks, poll) is md-upload-task-run.c.
 */

#define G_LOG_DOMAIN "md-upload-task"

#include "config.h"

#include "md-upload-task.h"
#include "md-upload-task-private.h"

#include <glib/gi18n.h>

#include "md-mux-enumtypes.h"

#define PROGRESS_INTERVAL  250

G_DEFINE_FINAL_TYPE (MdUploadTask, md_upload_task, G_TYPE_OBJECT)

GParamSpec *_md_upload_task_properties[N_PROPS];

/* Small helpers ------------------------------------------------------------ */

gboolean
_md_upload_task_set_str (char       **field,
                         const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

void
_md_upload_task_set_state (MdUploadTask      *self,
                           MdUploadTaskState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), _md_upload_task_properties[PROP_STATE]);
}

void
_md_upload_task_set_notice (MdUploadTask *self,
                            const char   *notice)
{
  if (_md_upload_task_set_str (&self->notice, notice))
    g_object_notify_by_pspec (G_OBJECT (self), _md_upload_task_properties[PROP_NOTICE]);
}

void
_md_upload_task_set_bytes_sent (MdUploadTask *self,
                                guint64       bytes)
{
  if (self->bytes_sent == bytes)
    return;
  self->bytes_sent = bytes;
  g_object_notify_by_pspec (G_OBJECT (self), _md_upload_task_properties[PROP_BYTES_SENT]);
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
      g_object_notify_by_pspec (G_OBJECT (self), _md_upload_task_properties[PROP_SPEED]);
    }
  if (self->eta != eta)
    {
      self->eta = eta;
      g_object_notify_by_pspec (G_OBJECT (self), _md_upload_task_properties[PROP_ETA]);
    }
}

void
_md_upload_task_set_confirmed (MdUploadTask *self,
                               guint64       confirmed)
{
  self->confirmed = confirmed;
  __atomic_store_n (&self->in_flight, 0, __ATOMIC_RELAXED);
  _md_upload_task_set_bytes_sent (self, confirmed);
}

static gboolean
on_progress_tick_cb (gpointer user_data)
{
  MdUploadTask *self = MD_UPLOAD_TASK (user_data);
  gint64 now = g_get_monotonic_time ();
  guint64 sent = self->confirmed + __atomic_load_n (&self->in_flight, __ATOMIC_RELAXED);
  double dt = (now - self->sample_time) / (double) G_USEC_PER_SEC;

  sent = MIN (sent, self->total_bytes);
  _md_upload_task_set_bytes_sent (self, sent);

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

void
_md_upload_task_start_progress (MdUploadTask *self)
{
  if (self->progress_id != 0)
    return;
  self->sample_time = g_get_monotonic_time ();
  self->sample_bytes = self->bytes_sent;
  self->progress_id = g_timeout_add (PROGRESS_INTERVAL, on_progress_tick_cb, self);
}

void
_md_upload_task_stop_progress (MdUploadTask *self)
{
  g_clear_handle_id (&self->progress_id, g_source_remove);
  set_speed (self, 0);
}

/* GObject ------------------------------------------------------------------ */

static void
md_upload_task_dispose (GObject *object)
{
  MdUploadTask *self = MD_UPLOAD_TASK (object);

  g_cancellable_cancel (self->run_cancellable);
  _md_upload_task_stop_progress (self);
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
  g_free (self->max_resolution_tier);
  g_free (self->upload_id);
  g_free (self->upload_url);
  g_free (self->fingerprint);
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
    case PROP_RETRY_DEADLINE: g_value_set_int64 (value, self->retry_deadline); break;
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

  _md_upload_task_properties[PROP_PATH] = g_param_spec_string ("path", NULL, NULL, NULL, ro);
  _md_upload_task_properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  _md_upload_task_properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, MD_TYPE_UPLOAD_TASK_STATE, MD_UPLOAD_TASK_STATE_QUEUED, ro);
  _md_upload_task_properties[PROP_UPLOAD_ID] = g_param_spec_string ("upload-id", NULL, NULL, NULL, ro);
  _md_upload_task_properties[PROP_ASSET_ID] = g_param_spec_string ("asset-id", NULL, NULL, NULL, ro);
  _md_upload_task_properties[PROP_TOTAL_BYTES] = g_param_spec_uint64 ("total-bytes", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  _md_upload_task_properties[PROP_BYTES_SENT] = g_param_spec_uint64 ("bytes-sent", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  /* Bytes per second, smoothed; 0 when not sending. */
  _md_upload_task_properties[PROP_SPEED] = g_param_spec_double ("speed", NULL, NULL, 0, G_MAXDOUBLE, 0, ro);
  /* Seconds left at the current speed, -1 when unknown. */
  _md_upload_task_properties[PROP_ETA] = g_param_spec_int64 ("eta", NULL, NULL, -1, G_MAXINT64, -1, ro);
  /* The wait before the next try, as it began. */
  _md_upload_task_properties[PROP_RETRY_SECONDS] = g_param_spec_uint ("retry-seconds", NULL, NULL, 0, G_MAXUINT, 0, ro);
  /* When the next try goes, in g_get_monotonic_time() µs, so a view can count down. */
  _md_upload_task_properties[PROP_RETRY_DEADLINE] =
    g_param_spec_int64 ("retry-deadline", NULL, NULL, 0, G_MAXINT64, 0, ro);
  _md_upload_task_properties[PROP_ERROR_MESSAGE] = g_param_spec_string ("error-message", NULL, NULL, NULL, ro);
  /* Something the user should know that is not an error, e.g. a restart. */
  _md_upload_task_properties[PROP_NOTICE] = g_param_spec_string ("notice", NULL, NULL, NULL, ro);

  g_object_class_install_properties (object_class, N_PROPS, _md_upload_task_properties);
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
  self->poll_interval_ms = MD_UPLOAD_MIN_POLL_INTERVAL;
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

  _md_upload_task_set_str (&self->upload_id, upload_id);
  _md_upload_task_set_str (&self->upload_url, upload_url);
  self->total_bytes = total_bytes;
  _md_upload_task_set_confirmed (self, MIN (confirmed_offset, total_bytes));
  g_object_notify_by_pspec (G_OBJECT (self), _md_upload_task_properties[PROP_UPLOAD_ID]);
  g_object_notify_by_pspec (G_OBJECT (self), _md_upload_task_properties[PROP_TOTAL_BYTES]);
}

/**
 * md_upload_task_set_file_identity:
 * @mtime_usec: the file's modification time when its upload began, µs
 *   since the epoch
 * @fingerprint: its fingerprint then (md_upload_fingerprint_fd())
 *
 * What the file looked like when the journal first saw it. Before each run
 * sends a byte, the task checks the file still has this time and
 * fingerprint (and its size), and before each chunk its size and time; a
 * file that changed fails the upload with %MD_UPLOAD_ERROR_FILE_CHANGED
 * instead of sending a mix of two versions. Without it, the task takes the
 * file's identity when it first starts.
 */
void
md_upload_task_set_file_identity (MdUploadTask *self,
                                  gint64        mtime_usec,
                                  const char   *fingerprint)
{
  g_return_if_fail (MD_IS_UPLOAD_TASK (self));
  g_return_if_fail (fingerprint != NULL);
  g_return_if_fail (self->run == NULL);

  self->file_mtime_usec = mtime_usec;
  _md_upload_task_set_str (&self->fingerprint, fingerprint);
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
  g_return_if_fail (MD_IS_UPLOAD_TASK (self));

  _md_upload_task_run_checkpoint_done (self, error);
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
      _md_upload_task_set_confirmed (self, 0);
    }

  g_clear_error (&self->error);
  g_object_notify_by_pspec (G_OBJECT (self), _md_upload_task_properties[PROP_ERROR_MESSAGE]);
  self->pausing = FALSE;
  self->current_chunk_size = self->chunk_size;

  _md_upload_task_run_start (self);
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
      _md_upload_task_set_state (self, MD_UPLOAD_TASK_STATE_PAUSED);
      return;
    }
  if (self->run == NULL || self->state == MD_UPLOAD_TASK_STATE_CANCELLED)
    return;

  self->pausing = TRUE;
  _md_upload_task_run_stop (self);
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
  _md_upload_task_run_stop (self);
  _md_upload_task_stop_progress (self);
  _md_upload_task_set_state (self, MD_UPLOAD_TASK_STATE_CANCELLED);

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

  _md_upload_task_run_stop (self);
  g_clear_error (&self->error);
  self->error = g_error_copy (error);
  g_debug ("Upload of %s failed: %s", self->path, error->message);
  g_object_notify_by_pspec (G_OBJECT (self), _md_upload_task_properties[PROP_ERROR_MESSAGE]);
  _md_upload_task_set_state (self, MD_UPLOAD_TASK_STATE_FAILED);
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

  if (_md_upload_task_set_str (&self->title, title))
    g_object_notify_by_pspec (G_OBJECT (self), _md_upload_task_properties[PROP_TITLE]);
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

const char *
md_upload_task_get_max_resolution_tier (MdUploadTask *self)
{
  g_return_val_if_fail (MD_IS_UPLOAD_TASK (self), NULL);
  return self->max_resolution_tier;
}

/**
 * md_upload_task_set_max_resolution_tier:
 * @tier: (nullable): `1080p`, `1440p` or `2160p`; %NULL leaves it to Mux
 *
 * The asset's `max_resolution_tier`, sent when the upload is created.
 */
void
md_upload_task_set_max_resolution_tier (MdUploadTask *self,
                                        const char   *tier)
{
  g_return_if_fail (MD_IS_UPLOAD_TASK (self));
  _md_upload_task_set_str (&self->max_resolution_tier, tier);
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
 * @ms: the pause between this upload's status requests after the last
 *   byte; at least a second (shorter is taken as a second), as Mux asks
 *
 * However many uploads poll, their status requests together go no faster
 * than one a second: each also waits its turn with the client's other
 * pollers (md_client_reserve_status_poll()).
 */
void
md_upload_task_set_poll_interval (MdUploadTask *self,
                                  guint         ms)
{
  g_return_if_fail (MD_IS_UPLOAD_TASK (self));
  self->poll_interval_ms = MAX (ms, MD_UPLOAD_MIN_POLL_INTERVAL);
}

guint
md_upload_task_get_poll_interval (MdUploadTask *self)
{
  g_return_val_if_fail (MD_IS_UPLOAD_TASK (self), 0);
  return self->poll_interval_ms;
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

/**
 * md_upload_task_get_retry_deadline:
 *
 * Returns: when the retry of a %MD_UPLOAD_TASK_STATE_RETRYING upload goes,
 *   on the g_get_monotonic_time() clock (0 before any retry)
 */
gint64
md_upload_task_get_retry_deadline (MdUploadTask *self)
{
  g_return_val_if_fail (MD_IS_UPLOAD_TASK (self), 0);
  return self->retry_deadline;
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
    _md_upload_task_set_state (self, MD_UPLOAD_TASK_STATE_QUEUED);
}

/* Whether a run is going on (sending, retrying, or following the asset). */
gboolean
md_upload_task_is_active (MdUploadTask *self)
{
  g_return_val_if_fail (MD_IS_UPLOAD_TASK (self), FALSE);
  return self->run != NULL;
}
