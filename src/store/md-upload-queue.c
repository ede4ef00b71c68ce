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

#include "md-upload-queue.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "md-mux-enumtypes.h"
#include "md-upload-file.h"

typedef struct
{
  MdUploadTask *task;
  char         *local_id;          /* NULL when not journaled (bad input) */
  char         *journal_upload_id; /* the upload id the journal holds */
} Entry;

/* One journal write for a checkpoint: upload id if new, then the offset. */
typedef struct
{
  MdUploadQueue *queue;
  MdUploadTask  *task;
  char          *local_id;
  guint64        offset;
} CheckpointOp;

struct _MdUploadQueue
{
  GObject           parent_instance;

  MdClient         *client;
  MdUploadJournal  *journal;
  GPtrArray        *entries;
  guint             parallel;
  MdPlaybackPolicy  policy;
  MdVideoQuality    quality;
  char             *max_resolution_tier;
  guint64           chunk_size;
  GFunc             task_setup;
  gpointer          task_setup_data;
  gboolean          pumping;
  guint             n_active;
};

static void md_upload_queue_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MdUploadQueue, md_upload_queue, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, md_upload_queue_list_model_init))

enum {
  PROP_0,
  PROP_N_ACTIVE,
  PROP_TOTAL_BYTES,
  PROP_BYTES_SENT,
  PROP_SPEED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void pump (MdUploadQueue *self);

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

static void
checkpoint_op_free (CheckpointOp *op)
{
  g_object_unref (op->queue);
  g_object_unref (op->task);
  g_free (op->local_id);
  g_free (op);
}

static Entry *
find_entry (MdUploadQueue *self,
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

static MdUploadState
journal_state_for (MdUploadTaskState state)
{
  switch (state)
    {
    case MD_UPLOAD_TASK_STATE_QUEUED: return MD_UPLOAD_STATE_QUEUED;
    case MD_UPLOAD_TASK_STATE_UPLOADING:
    case MD_UPLOAD_TASK_STATE_RETRYING: return MD_UPLOAD_STATE_UPLOADING;
    case MD_UPLOAD_TASK_STATE_PAUSED: return MD_UPLOAD_STATE_PAUSED;
    case MD_UPLOAD_TASK_STATE_PROCESSING: return MD_UPLOAD_STATE_PROCESSING;
    case MD_UPLOAD_TASK_STATE_READY: return MD_UPLOAD_STATE_READY;
    case MD_UPLOAD_TASK_STATE_CANCELLED: return MD_UPLOAD_STATE_CANCELLED;
    case MD_UPLOAD_TASK_STATE_FAILED:
    default: return MD_UPLOAD_STATE_FAILED;
    }
}

static void
on_journal_changed_cb (GObject      *object,
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

/* Checkpoints -------------------------------------------------------------- */

static void
on_offset_saved_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  CheckpointOp *op = user_data;
  g_autoptr(GError) error = NULL;

  md_upload_journal_change_finish (MD_UPLOAD_JOURNAL (object), result, &error);
  md_upload_task_checkpoint_done (op->task, error);
  checkpoint_op_free (op);
}

static void
on_upload_saved_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  CheckpointOp *op = user_data;
  g_autoptr(GError) error = NULL;

  if (!md_upload_journal_change_finish (MD_UPLOAD_JOURNAL (object), result, &error))
    {
      md_upload_task_checkpoint_done (op->task, error);
      checkpoint_op_free (op);
      return;
    }
  md_upload_journal_update_offset_async (op->queue->journal, op->local_id, op->offset, NULL,
                                         on_offset_saved_cb, op);
}

static void
on_task_checkpoint (MdUploadTask *task,
                    guint64       offset,
                    gpointer      user_data)
{
  Entry *entry = user_data;
  MdUploadQueue *self;
  CheckpointOp *op;

  self = g_object_get_data (G_OBJECT (task), "md-upload-queue");
  if (self == NULL || self->journal == NULL || entry->local_id == NULL)
    {
      md_upload_task_checkpoint_done (task, NULL);
      return;
    }

  op = g_new0 (CheckpointOp, 1);
  op->queue = g_object_ref (self);
  op->task = g_object_ref (task);
  op->local_id = g_strdup (entry->local_id);
  op->offset = offset;

  if (g_strcmp0 (entry->journal_upload_id, md_upload_task_get_upload_id (task)) != 0)
    {
      g_free (entry->journal_upload_id);
      entry->journal_upload_id = g_strdup (md_upload_task_get_upload_id (task));
      md_upload_journal_set_upload_async (self->journal, entry->local_id,
                                          md_upload_task_get_upload_id (task),
                                          md_upload_task_get_upload_url (task),
                                          NULL, on_upload_saved_cb, op);
      return;
    }

  md_upload_journal_update_offset_async (self->journal, entry->local_id, offset, NULL,
                                         on_offset_saved_cb, op);
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
                                       journal_state_for (md_upload_task_get_state (task)),
                                       md_upload_task_get_error_message (task),
                                       NULL, on_journal_changed_cb, NULL);
  pump (self);
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
                                          NULL, on_journal_changed_cb, NULL);
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
static Entry *
append_task (MdUploadQueue *self,
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
  md_upload_task_set_checkpoint_func (task, on_task_checkpoint, entry, NULL);
  g_signal_connect (task, "notify::state", G_CALLBACK (on_task_state_cb), entry);
  g_signal_connect (task, "notify::asset-id", G_CALLBACK (on_task_asset_id_cb), entry);
  g_signal_connect (task, "notify::bytes-sent", G_CALLBACK (on_task_progress_cb), entry);

  g_ptr_array_add (self->entries, entry);
  g_list_model_items_changed (G_LIST_MODEL (self), self->entries->len - 1, 0, 1);
  notify_totals (self);

  return entry;
}

/* Starts queued uploads, in list order, while slots are free. */
static void
pump (MdUploadQueue *self)
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

/* Adding files ------------------------------------------------------------- */

static char *
title_for_path (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  char *dot = strrchr (base, '.');

  if (dot != NULL && dot != base)
    *dot = '\0';
  return g_steal_pointer (&base);
}

static const char *
enum_nick (GType type,
           int   value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *found = g_enum_get_value (klass, value);

  return found != NULL ? found->value_nick : "unknown";
}

static int
enum_from_nick (GType       type,
                const char *nick,
                int         fallback)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *found = nick != NULL ? g_enum_get_value_by_nick (klass, nick) : NULL;

  return found != NULL ? found->value : fallback;
}

/* What Mux is asked for when the upload is made, kept so a restart asks
 * the same. */
static char *
settings_json (MdUploadTask *upload)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  const char *tier = md_upload_task_get_max_resolution_tier (upload);

  json_object_set_string_member (object, "playback_policy",
                                 enum_nick (MD_TYPE_PLAYBACK_POLICY, md_upload_task_get_playback_policy (upload)));
  json_object_set_string_member (object, "video_quality",
                                 enum_nick (MD_TYPE_VIDEO_QUALITY, md_upload_task_get_video_quality (upload)));
  if (tier != NULL)
    json_object_set_string_member (object, "max_resolution_tier", tier);
  json_node_set_object (root, object);

  return json_to_string (root, FALSE);
}

/* @tier is only changed when the journal holds one. */
static void
parse_settings (const char       *json,
                MdPlaybackPolicy *policy,
                MdVideoQuality   *quality,
                char            **tier)
{
  g_autoptr(JsonNode) root = json != NULL ? json_from_string (json, NULL) : NULL;
  JsonObject *object;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return;
  object = json_node_get_object (root);
  *policy = enum_from_nick (MD_TYPE_PLAYBACK_POLICY,
                            json_object_get_string_member_with_default (object, "playback_policy", NULL),
                            *policy);
  *quality = enum_from_nick (MD_TYPE_VIDEO_QUALITY,
                             json_object_get_string_member_with_default (object, "video_quality", NULL),
                             *quality);
  if (json_object_get_string_member_with_default (object, "max_resolution_tier", NULL) != NULL)
    {
      g_free (*tier);
      *tier = g_strdup (json_object_get_string_member (object, "max_resolution_tier"));
    }
}

static void
on_record_added_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = G_TASK (user_data);
  MdUploadQueue *self = g_task_get_source_object (task);
  MdUploadTask *upload = g_task_get_task_data (task);
  g_autoptr(MdUploadRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  record = md_upload_journal_add_finish (MD_UPLOAD_JOURNAL (object), result, &error);
  if (record == NULL)
    {
      md_upload_task_fail (upload, error);
      append_task (self, upload, NULL, NULL);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  append_task (self, upload, record->local_id, NULL);
  pump (self);
  g_task_return_pointer (task, g_object_ref (upload), g_object_unref);
}

static void
on_record_made_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = G_TASK (user_data);
  MdUploadQueue *self = g_task_get_source_object (task);
  MdUploadTask *upload = g_task_get_task_data (task);
  g_autoptr(MdUploadRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;

  record = md_upload_record_new_for_file_finish (result, &error);
  if (record == NULL)
    {
      /* Shown as a failed row with the reason; nothing else is touched. */
      g_autoptr(GError) shown = g_error_new (error->domain, error->code, "%s", error->message);

      md_upload_task_fail (upload, shown);
      append_task (self, upload, NULL, NULL);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* So a queued row shows its size before it starts. */
  md_upload_task_set_resume_point (upload, NULL, NULL, record->file_size, 0);
  record->title = g_strdup (md_upload_task_get_title (upload));
  record->settings_json = settings_json (upload);

  if (self->journal == NULL)
    {
      append_task (self, upload, NULL, NULL);
      pump (self);
      g_task_return_pointer (task, g_object_ref (upload), g_object_unref);
      return;
    }

  cancellable = g_task_get_cancellable (task);
  md_upload_journal_add_async (self->journal, record, cancellable,
                               on_record_added_cb, g_steal_pointer (&task));
}

/* Restoring ---------------------------------------------------------------- */

typedef struct
{
  MdUploadQueue *queue;
  MdUploadTask  *task;
} CheckOp;

static void
on_restored_file_checked_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  CheckOp *op = user_data;
  g_autoptr(GError) error = NULL;

  if (!md_upload_file_check_finish (result, &error))
    md_upload_task_fail (op->task, error);
  else if (md_upload_task_get_state (op->task) == MD_UPLOAD_TASK_STATE_QUEUED)
    pump (op->queue);

  g_object_unref (op->queue);
  g_object_unref (op->task);
  g_free (op);
}

static void
on_journal_listed_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = G_TASK (user_data);
  MdUploadQueue *self = g_task_get_source_object (task);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  guint restored = 0;

  records = md_upload_journal_list_finish (MD_UPLOAD_JOURNAL (object), result, &error);
  if (records == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (guint i = 0; i < records->len; i++)
    {
      MdUploadRecord *record = g_ptr_array_index (records, i);
      MdPlaybackPolicy policy = self->policy;
      MdVideoQuality quality = self->quality;
      g_autofree char *tier = NULL;
      g_autoptr(MdUploadTask) upload = NULL;
      CheckOp *op;

      if (record->state == MD_UPLOAD_STATE_READY || record->state == MD_UPLOAD_STATE_CANCELLED)
        {
          md_upload_journal_remove_async (self->journal, record->local_id, NULL,
                                          on_journal_changed_cb, NULL);
          continue;
        }

      parse_settings (record->settings_json, &policy, &quality, &tier);
      upload = md_upload_task_new (self->client, record->file_path, record->title, policy, quality);
      md_upload_task_set_max_resolution_tier (upload, tier);
      md_upload_task_set_resume_point (upload, record->upload_id, record->upload_url,
                                       record->file_size, record->confirmed_offset);
      append_task (self, upload, record->local_id, record->upload_id);
      restored++;

      if (record->state == MD_UPLOAD_STATE_FAILED)
        {
          g_autoptr(GError) failed = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED,
                                                          record->error_message ?: _("The upload failed."));
          md_upload_task_fail (upload, failed);
          continue;
        }
      if (record->state == MD_UPLOAD_STATE_PAUSED)
        md_upload_task_pause (upload);

      /* Never send bytes of a file that is not the one begun with. */
      op = g_new0 (CheckOp, 1);
      op->queue = g_object_ref (self);
      op->task = g_object_ref (upload);
      md_upload_file_check_async (record, NULL, on_restored_file_checked_cb, op);
    }

  g_task_return_int (task, restored);
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
  pump (self);
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

/**
 * md_upload_queue_add_file_async:
 * @path: the file
 * @title: (nullable): the asset title; the file name without extension if %NULL
 *
 * Checks the file (a readable, non-empty regular file), records it in the
 * journal and queues it. A file that fails the check still appears, as a
 * failed upload with the reason, and the finish call returns the error.
 */
void
md_upload_queue_add_file_async (MdUploadQueue       *self,
                                const char          *path,
                                const char          *title,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *default_title = NULL;
  MdUploadTask *upload;

  g_return_if_fail (MD_IS_UPLOAD_QUEUE (self));
  g_return_if_fail (path != NULL);

  if (title == NULL || *title == '\0')
    title = default_title = title_for_path (path);

  upload = md_upload_task_new (self->client, path, title, self->policy, self->quality);
  md_upload_task_set_max_resolution_tier (upload, self->max_resolution_tier);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, md_upload_queue_add_file_async);
  g_task_set_task_data (task, upload, g_object_unref);

  md_upload_record_new_for_file_async (path, cancellable, on_record_made_cb, g_steal_pointer (&task));
}

/**
 * md_upload_queue_add_file_finish:
 *
 * Returns: (transfer full): the queued upload, or %NULL with the reason
 */
MdUploadTask *
md_upload_queue_add_file_finish (MdUploadQueue  *self,
                                 GAsyncResult   *result,
                                 GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == md_upload_queue_add_file_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * md_upload_queue_restore_async:
 *
 * Brings back the journal's unfinished uploads: each file is checked first
 * (changed or vanished -> failed with the reason, nothing sent), paused ones
 * stay paused, the others continue from what the server holds.
 */
void
md_upload_queue_restore_async (MdUploadQueue       *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MD_IS_UPLOAD_QUEUE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, md_upload_queue_restore_async);

  if (self->journal == NULL)
    {
      g_task_return_int (task, 0);
      return;
    }
  md_upload_journal_list_async (self->journal, cancellable, on_journal_listed_cb, g_steal_pointer (&task));
}

/* Returns: how many uploads came back */
guint
md_upload_queue_restore_finish (MdUploadQueue  *self,
                                GAsyncResult   *result,
                                GError        **error)
{
  gssize n;

  g_return_val_if_fail (g_task_is_valid (result, self), 0);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == md_upload_queue_restore_async, 0);

  n = g_task_propagate_int (G_TASK (result), error);
  return n < 0 ? 0 : (guint) n;
}

void
md_upload_queue_pause (MdUploadQueue *self,
                       MdUploadTask  *task)
{
  g_return_if_fail (MD_IS_UPLOAD_QUEUE (self));
  g_return_if_fail (find_entry (self, task, NULL) != NULL);

  md_upload_task_pause (task);
}

/* Puts a paused upload back in line; it starts when a slot is free. */
void
md_upload_queue_resume (MdUploadQueue *self,
                        MdUploadTask  *task)
{
  g_return_if_fail (MD_IS_UPLOAD_QUEUE (self));
  g_return_if_fail (find_entry (self, task, NULL) != NULL);

  if (md_upload_task_get_state (task) == MD_UPLOAD_TASK_STATE_PAUSED)
    md_upload_task_requeue (task);
  pump (self);
}

static void
on_retry_file_checked_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  CheckOp *op = user_data;
  g_autoptr(GError) error = NULL;

  if (!md_upload_file_check_finish (result, &error))
    md_upload_task_fail (op->task, error);
  else
    {
      md_upload_task_requeue (op->task);
      pump (op->queue);
    }

  g_object_unref (op->queue);
  g_object_unref (op->task);
  g_free (op);
}

static void
on_retry_listed_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  CheckOp *op = user_data;
  g_autoptr(GPtrArray) records = md_upload_journal_list_finish (MD_UPLOAD_JOURNAL (object), result, NULL);
  Entry *entry = find_entry (op->queue, op->task, NULL);

  for (guint i = 0; records != NULL && entry != NULL && i < records->len; i++)
    {
      MdUploadRecord *record = g_ptr_array_index (records, i);

      if (g_strcmp0 (record->local_id, entry->local_id) == 0)
        {
          md_upload_file_check_async (record, NULL, on_retry_file_checked_cb, op);
          return;
        }
    }

  md_upload_task_requeue (op->task);
  pump (op->queue);
  g_object_unref (op->queue);
  g_object_unref (op->task);
  g_free (op);
}

/**
 * md_upload_queue_retry:
 *
 * Tries a failed upload again, after checking its file is still the one
 * the journal knows.
 */
void
md_upload_queue_retry (MdUploadQueue *self,
                       MdUploadTask  *task)
{
  Entry *entry;
  CheckOp *op;

  g_return_if_fail (MD_IS_UPLOAD_QUEUE (self));
  entry = find_entry (self, task, NULL);
  g_return_if_fail (entry != NULL);

  if (md_upload_task_get_state (task) != MD_UPLOAD_TASK_STATE_FAILED)
    return;

  if (self->journal == NULL || entry->local_id == NULL)
    {
      md_upload_task_requeue (task);
      pump (self);
      return;
    }

  op = g_new0 (CheckOp, 1);
  op->queue = g_object_ref (self);
  op->task = g_object_ref (task);
  md_upload_journal_list_async (self->journal, NULL, on_retry_listed_cb, op);
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
  g_return_if_fail (find_entry (self, task, NULL) != NULL);

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
  entry = find_entry (self, task, &position);
  if (entry == NULL)
    return;

  keep = g_object_ref (task);
  if (md_upload_task_is_active (task) && md_upload_task_get_state (task) != MD_UPLOAD_TASK_STATE_CANCELLED)
    md_upload_task_cancel_async (task, NULL, on_task_cancelled_cb, g_object_ref (self));

  if (self->journal != NULL && entry->local_id != NULL)
    md_upload_journal_remove_async (self->journal, entry->local_id, NULL, on_journal_changed_cb, NULL);

  g_ptr_array_remove_index (self->entries, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  pump (self);
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
  entry = find_entry (self, task, &from);
  g_return_if_fail (entry != NULL);

  position = MIN (position, self->entries->len - 1);
  if (position == from)
    return;

  g_ptr_array_steal_index (self->entries, from);
  g_ptr_array_insert (self->entries, position, entry);
  g_list_model_items_changed (G_LIST_MODEL (self), MIN (from, position), 1, 0);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);

  if (self->journal != NULL && entry->local_id != NULL)
    md_upload_journal_move_async (self->journal, entry->local_id, position, NULL, on_journal_changed_cb, NULL);
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
