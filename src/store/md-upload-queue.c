/* md-upload-queue.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The uploads of one environment as a GListModel of MdUploadTask: a few at a
 * time (the rest wait in line), each backed by an MdUploadJournal entry so
 * they survive quitting, crashing and rebooting. Every confirmed offset is
 * on disk before the task sends its next chunk.
 */

#define G_LOG_DOMAIN "md-upload-queue"

#include "config.h"

#include "md-upload-queue-private.h"

static void md_upload_queue_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MdUploadQueue, md_upload_queue, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, md_upload_queue_list_model_init))

static GParamSpec *properties[N_PROPS];

static void
entry_free (Entry *entry)
{
  g_signal_handlers_disconnect_by_data (entry->task, entry);
  /* The queue goes away (the app quits): stop, and resume next time. */
  if (md_upload_task_is_active (entry->task))
    md_upload_task_pause (entry->task);
  md_upload_task_set_checkpoint_func (entry->task, NULL, NULL, NULL);
  g_object_set_data (G_OBJECT (entry->task), "md-upload-queue", NULL);
  g_object_unref (entry->task);
  g_free (entry->local_id);
  g_free (entry->journal_upload_id);
  g_free (entry);
}

Entry *
_md_upload_queue_find_entry (MdUploadQueue *self,
                             MdUploadTask  *task,
                             guint         *out_position)
{
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (entry->task == task)
        {
          if (out_position != NULL)
            *out_position = i;
          return entry;
        }
    }
  return NULL;
}

void
_md_upload_queue_on_journal_changed_cb (GObject      *object,
                                        GAsyncResult *result,
                                        gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!md_upload_journal_change_finish (MD_UPLOAD_JOURNAL (object), result, &error))
    g_warning ("Could not update the upload journal: %s", error->message);
}

static void
notify_totals (MdUploadQueue *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_SENT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL_BYTES]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEED]);
}

/* Task observers ----------------------------------------------------------- */

static void
on_task_state_cb (MdUploadTask *task,
                  GParamSpec   *pspec,
                  Entry        *entry)
{
  MdUploadQueue *self = g_object_get_data (G_OBJECT (task), "md-upload-queue");

  g_assert (MD_IS_UPLOAD_QUEUE (self));

  if (self->journal != NULL && entry->local_id != NULL)
    md_upload_journal_set_state_async (self->journal, entry->local_id,
                                       _md_upload_queue_journal_state_for (md_upload_task_get_state (task)),
                                       md_upload_task_get_error_message (task),
                                       NULL, _md_upload_queue_on_journal_changed_cb, NULL);
  _md_upload_queue_pump (self);
  notify_totals (self);
}

static void
on_task_asset_id_cb (MdUploadTask *task,
                     GParamSpec   *pspec,
                     Entry        *entry)
{
  MdUploadQueue *self = g_object_get_data (G_OBJECT (task), "md-upload-queue");

  g_assert (MD_IS_UPLOAD_QUEUE (self));

  if (self->journal != NULL && entry->local_id != NULL && md_upload_task_get_asset_id (task) != NULL)
    md_upload_journal_set_asset_id_async (self->journal, entry->local_id,
                                          md_upload_task_get_asset_id (task),
                                          NULL, _md_upload_queue_on_journal_changed_cb, NULL);
}

static void
on_task_progress_cb (MdUploadTask *task,
                     GParamSpec   *pspec,
                     Entry        *entry)
{
  MdUploadQueue *self = g_object_get_data (G_OBJECT (task), "md-upload-queue");

  notify_totals (self);
}

/* Adds @task at the end of the list. */
Entry *
_md_upload_queue_append_task (MdUploadQueue *self,
                              MdUploadTask  *task,
                              const char    *local_id,
                              const char    *journal_upload_id)
{
  Entry *entry = g_new0 (Entry, 1);

  entry->task = g_object_ref (task);
  entry->local_id = g_strdup (local_id);
  entry->journal_upload_id = g_strdup (journal_upload_id);

  g_object_set_data (G_OBJECT (task), "md-upload-queue", self);
  md_upload_task_set_chunk_size (task, self->chunk_size);
  if (self->task_setup != NULL)
    self->task_setup (task, self->task_setup_data);
  md_upload_task_set_checkpoint_func (task, _md_upload_queue_on_task_checkpoint, entry, NULL);
  g_signal_connect (task, "notify::state", G_CALLBACK (on_task_state_cb), entry);
  g_signal_connect (task, "notify::asset-id", G_CALLBACK (on_task_asset_id_cb), entry);
  g_signal_connect (task, "notify::bytes-sent", G_CALLBACK (on_task_progress_cb), entry);

  g_ptr_array_add (self->entries, entry);
  g_list_model_items_changed (G_LIST_MODEL (self), self->entries->len - 1, 0, 1);
  notify_totals (self);

  return entry;
}

/* Starts queued uploads, in list order, while slots are free. */
void
_md_upload_queue_pump (MdUploadQueue *self)
{
  guint active = 0;

  if (self->pumping)
    return;
  self->pumping = TRUE;

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);
      MdUploadTaskState state = md_upload_task_get_state (entry->task);

      if (state == MD_UPLOAD_TASK_STATE_UPLOADING || state == MD_UPLOAD_TASK_STATE_RETRYING)
        active++;
    }

  for (guint i = 0; i < self->entries->len && active < self->parallel; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (md_upload_task_get_state (entry->task) == MD_UPLOAD_TASK_STATE_QUEUED)
        {
          md_upload_task_start (entry->task);
          active++;
        }
    }

  self->pumping = FALSE;

  if (self->n_active != active)
    {
      self->n_active = active;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ACTIVE]);
    }
}

/* GObject ------------------------------------------------------------------ */

static GType
md_upload_queue_get_item_type (GListModel *model)
{
  return MD_TYPE_UPLOAD_TASK;
}

static guint
md_upload_queue_get_n_items (GListModel *model)
{
  return MD_UPLOAD_QUEUE (model)->entries->len;
}

static gpointer
md_upload_queue_get_item (GListModel *model,
                          guint       position)
{
  MdUploadQueue *self = MD_UPLOAD_QUEUE (model);
  Entry *entry;

  if (position >= self->entries->len)
    return NULL;
  entry = g_ptr_array_index (self->entries, position);
  return g_object_ref (entry->task);
}

static void
md_upload_queue_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = md_upload_queue_get_item_type;
  iface->get_n_items = md_upload_queue_get_n_items;
  iface->get_item = md_upload_queue_get_item;
}

static void
md_upload_queue_dispose (GObject *object)
{
  MdUploadQueue *self = MD_UPLOAD_QUEUE (object);

  if (self->entries != NULL)
    g_ptr_array_set_size (self->entries, 0);
  g_clear_object (&self->client);
  g_clear_object (&self->journal);

  G_OBJECT_CLASS (md_upload_queue_parent_class)->dispose (object);
}

static void
md_upload_queue_finalize (GObject *object)
{
  MdUploadQueue *self = MD_UPLOAD_QUEUE (object);

  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_free (self->max_resolution_tier);

  G_OBJECT_CLASS (md_upload_queue_parent_class)->finalize (object);
}

static void
md_upload_queue_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  MdUploadQueue *self = MD_UPLOAD_QUEUE (object);

  switch (prop_id)
    {
    case PROP_N_ACTIVE: g_value_set_uint (value, self->n_active); break;
    case PROP_TOTAL_BYTES: g_value_set_uint64 (value, md_upload_queue_get_total_bytes (self)); break;
    case PROP_BYTES_SENT: g_value_set_uint64 (value, md_upload_queue_get_bytes_sent (self)); break;
    case PROP_SPEED: g_value_set_double (value, md_upload_queue_get_speed (self)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_upload_queue_class_init (MdUploadQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = md_upload_queue_dispose;
  object_class->finalize = md_upload_queue_finalize;
  object_class->get_property = md_upload_queue_get_property;

  /* Uploads sending bytes right now. */
  properties[PROP_N_ACTIVE] = g_param_spec_uint ("n-active", NULL, NULL, 0, G_MAXUINT, 0, ro);
  /* Sizes and progress of the uploads still to finish sending. */
  properties[PROP_TOTAL_BYTES] = g_param_spec_uint64 ("total-bytes", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_BYTES_SENT] = g_param_spec_uint64 ("bytes-sent", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_SPEED] = g_param_spec_double ("speed", NULL, NULL, 0, G_MAXDOUBLE, 0, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
md_upload_queue_init (MdUploadQueue *self)
{
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  self->parallel = 2;
  self->policy = MD_PLAYBACK_POLICY_PUBLIC;
  self->quality = MD_VIDEO_QUALITY_BASIC;
  self->chunk_size = MD_UPLOAD_DEFAULT_CHUNK_SIZE;
}

/* API ---------------------------------------------------------------------- */

/**
 * md_upload_queue_new:
 * @client: the client of the environment the uploads go to
 * @journal: (nullable): where the uploads are kept across runs
 *
 * Returns: (transfer full): an empty queue; md_upload_queue_restore_async()
 *   brings back the journal's uploads
 */
MdUploadQueue *
md_upload_queue_new (MdClient        *client,
                     MdUploadJournal *journal)
{
  MdUploadQueue *self;

  g_return_val_if_fail (MD_IS_CLIENT (client), NULL);
  g_return_val_if_fail (journal == NULL || MD_IS_UPLOAD_JOURNAL (journal), NULL);

  self = g_object_new (MD_TYPE_UPLOAD_QUEUE, NULL);
  self->client = g_object_ref (client);
  self->journal = journal ? g_object_ref (journal) : NULL;
  return self;
}

/**
 * md_upload_queue_set_parallel:
 * @parallel: how many uploads send bytes at once (1 or more)
 */
void
md_upload_queue_set_parallel (MdUploadQueue *self,
                              guint          parallel)
{
  g_return_if_fail (MD_IS_UPLOAD_QUEUE (self));

  self->parallel = MAX (parallel, 1);
  _md_upload_queue_pump (self);
}

guint
md_upload_queue_get_parallel (MdUploadQueue *self)
{
  g_return_val_if_fail (MD_IS_UPLOAD_QUEUE (self), 0);
  return self->parallel;
}

/**
 * md_upload_queue_set_defaults:
 * @policy: the playback policy of new uploads
 * @video_quality: their video quality
 * @chunk_size: their first chunk size in bytes
 */
void
md_upload_queue_set_defaults (MdUploadQueue    *self,
                              MdPlaybackPolicy  policy,
                              MdVideoQuality    video_quality,
                              guint64           chunk_size)
{
  g_return_if_fail (MD_IS_UPLOAD_QUEUE (self));

  self->policy = policy;
  self->quality = video_quality;
  self->chunk_size = chunk_size;
}

/**
 * md_upload_queue_set_max_resolution_tier:
 * @tier: (nullable): `1080p`, `1440p` or `2160p` for new uploads; %NULL
 *   leaves it to Mux
 */
void
md_upload_queue_set_max_resolution_tier (MdUploadQueue *self,
                                         const char    *tier)
{
  g_return_if_fail (MD_IS_UPLOAD_QUEUE (self));

  g_free (self->max_resolution_tier);
  self->max_resolution_tier = g_strdup (tier);
}

/**
 * md_upload_queue_set_task_setup:
 * @setup: (nullable): called with each new task before it starts
 *
 * Lets tests and benchmarks tune tasks (retry delays, poll interval).
 */
void
md_upload_queue_set_task_setup (MdUploadQueue *self,
                                GFunc          setup,
                                gpointer       user_data)
{
  g_return_if_fail (MD_IS_UPLOAD_QUEUE (self));

  self->task_setup = setup;
  self->task_setup_data = user_data;
}

void
md_upload_queue_pause (MdUploadQueue *self,
                       MdUploadTask  *task)
{
  g_return_if_fail (MD_IS_UPLOAD_QUEUE (self));
  g_return_if_fail (_md_upload_queue_find_entry (self, task, NULL) != NULL);

  md_upload_task_pause (task);
}

/* Puts a paused upload back in line; it starts when a slot is free. */
void
md_upload_queue_resume (MdUploadQueue *self,
                        MdUploadTask  *task)
{
  g_return_if_fail (MD_IS_UPLOAD_QUEUE (self));
  g_return_if_fail (_md_upload_queue_find_entry (self, task, NULL) != NULL);

  if (md_upload_task_get_state (task) == MD_UPLOAD_TASK_STATE_PAUSED)
    md_upload_task_requeue (task);
  _md_upload_queue_pump (self);
}

static void
on_task_cancelled_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  MdUploadQueue *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!md_upload_task_cancel_finish (MD_UPLOAD_TASK (object), result, &error))
    g_warning ("Could not cancel the upload at Mux: %s", error->message);

  /* The reference that kept the queue alive while Mux was asked. */
  g_object_unref (self);
}

/**
 * md_upload_queue_cancel:
 *
 * Cancels the upload (at Mux too) and takes it off the list and the journal.
 */
void
md_upload_queue_cancel (MdUploadQueue *self,
                        MdUploadTask  *task)
{
  g_return_if_fail (MD_IS_UPLOAD_QUEUE (self));
  g_return_if_fail (_md_upload_queue_find_entry (self, task, NULL) != NULL);

  md_upload_task_cancel_async (task, NULL, on_task_cancelled_cb, g_object_ref (self));
  md_upload_queue_remove (self, task);
}

/**
 * md_upload_queue_remove:
 *
 * Takes a finished, failed or cancelled upload off the list and the
 * journal. A running upload is cancelled first.
 */
void
md_upload_queue_remove (MdUploadQueue *self,
                        MdUploadTask  *task)
{
  g_autoptr(MdUploadTask) keep = NULL;
  Entry *entry;
  guint position;

  g_return_if_fail (MD_IS_UPLOAD_QUEUE (self));
  entry = _md_upload_queue_find_entry (self, task, &position);
  if (entry == NULL)
    return;

  keep = g_object_ref (task);
  if (md_upload_task_is_active (task) && md_upload_task_get_state (task) != MD_UPLOAD_TASK_STATE_CANCELLED)
    md_upload_task_cancel_async (task, NULL, on_task_cancelled_cb, g_object_ref (self));

  if (self->journal != NULL && entry->local_id != NULL)
    md_upload_journal_remove_async (self->journal, entry->local_id, NULL,
                                    _md_upload_queue_on_journal_changed_cb, NULL);

  g_ptr_array_remove_index (self->entries, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  _md_upload_queue_pump (self);
  notify_totals (self);
}

/**
 * md_upload_queue_move:
 * @position: the new place, 0 first
 *
 * Reorders the queue: queued uploads start in list order.
 */
void
md_upload_queue_move (MdUploadQueue *self,
                      MdUploadTask  *task,
                      guint          position)
{
  Entry *entry;
  guint from;

  g_return_if_fail (MD_IS_UPLOAD_QUEUE (self));
  entry = _md_upload_queue_find_entry (self, task, &from);
  g_return_if_fail (entry != NULL);

  position = MIN (position, self->entries->len - 1);
  if (position == from)
    return;

  g_ptr_array_steal_index (self->entries, from);
  g_ptr_array_insert (self->entries, position, entry);
  /* Every item between the two places shifted by one: one change over the
   * whole span, so a view never shows one upload twice and another not. */
  g_list_model_items_changed (G_LIST_MODEL (self), MIN (from, position),
                              MAX (from, position) - MIN (from, position) + 1,
                              MAX (from, position) - MIN (from, position) + 1);

  if (self->journal != NULL && entry->local_id != NULL)
    md_upload_journal_move_async (self->journal, entry->local_id, position, NULL,
                                  _md_upload_queue_on_journal_changed_cb, NULL);
}

/* For "pause uploads" when the window closes: everything stops, resumable. */
void
md_upload_queue_pause_all (MdUploadQueue *self)
{
  g_return_if_fail (MD_IS_UPLOAD_QUEUE (self));

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);
      MdUploadTaskState state = md_upload_task_get_state (entry->task);

      if (state == MD_UPLOAD_TASK_STATE_QUEUED || state == MD_UPLOAD_TASK_STATE_UPLOADING ||
          state == MD_UPLOAD_TASK_STATE_RETRYING)
        md_upload_task_pause (entry->task);
    }
}

guint
md_upload_queue_get_n_active (MdUploadQueue *self)
{
  g_return_val_if_fail (MD_IS_UPLOAD_QUEUE (self), 0);
  return self->n_active;
}

static gboolean
counts_in_totals (MdUploadTask *task)
{
  MdUploadTaskState state = md_upload_task_get_state (task);

  return state == MD_UPLOAD_TASK_STATE_QUEUED || state == MD_UPLOAD_TASK_STATE_UPLOADING ||
         state == MD_UPLOAD_TASK_STATE_RETRYING || state == MD_UPLOAD_TASK_STATE_PAUSED;
}

/* The size of the uploads still sending or waiting to. */
guint64
md_upload_queue_get_total_bytes (MdUploadQueue *self)
{
  guint64 total = 0;

  g_return_val_if_fail (MD_IS_UPLOAD_QUEUE (self), 0);

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (counts_in_totals (entry->task))
        total += md_upload_task_get_total_bytes (entry->task);
    }
  return total;
}

guint64
md_upload_queue_get_bytes_sent (MdUploadQueue *self)
{
  guint64 sent = 0;

  g_return_val_if_fail (MD_IS_UPLOAD_QUEUE (self), 0);

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (counts_in_totals (entry->task))
        sent += md_upload_task_get_bytes_sent (entry->task);
    }
  return sent;
}

double
md_upload_queue_get_speed (MdUploadQueue *self)
{
  double speed = 0;

  g_return_val_if_fail (MD_IS_UPLOAD_QUEUE (self), 0);

  for (guint i = 0; i < self->entries->len; i++)
    speed += md_upload_task_get_speed (((Entry *) g_ptr_array_index (self->entries, i))->task);
  return speed;
}
