/* md-upload-queue-journal.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What MdUploadQueue keeps in its MdUploadJournal: each new file recorded
 * before it is queued, each confirmed offset written before the next chunk,
 * and the uploads brought back (and retried) from it.
 */

#define G_LOG_DOMAIN "md-upload-queue"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "md-upload-queue-private.h"

#include "md-mux-enumtypes.h"
#include "md-upload-file.h"

/* One journal write for a checkpoint: upload id if new, then the offset. */
typedef struct
{
  MdUploadQueue *queue;
  MdUploadTask  *task;
  char          *local_id;
  guint64        offset;
} CheckpointOp;

static void
checkpoint_op_free (CheckpointOp *op)
{
  g_object_unref (op->queue);
  g_object_unref (op->task);
  g_free (op->local_id);
  g_free (op);
}

MdUploadState
_md_upload_queue_journal_state_for (MdUploadTaskState state)
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

void
_md_upload_queue_on_task_checkpoint (MdUploadTask *task,
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
      _md_upload_queue_append_task (self, upload, NULL, NULL);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  _md_upload_queue_append_task (self, upload, record->local_id, NULL);
  _md_upload_queue_pump (self);
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
      _md_upload_queue_append_task (self, upload, NULL, NULL);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* So a queued row shows its size before it starts, and the task sends
   * only this version of the file. */
  md_upload_task_set_resume_point (upload, NULL, NULL, record->file_size, 0);
  md_upload_task_set_file_identity (upload, record->file_mtime_usec, record->fingerprint);
  record->title = g_strdup (md_upload_task_get_title (upload));
  record->settings_json = settings_json (upload);

  if (self->journal == NULL)
    {
      _md_upload_queue_append_task (self, upload, NULL, NULL);
      _md_upload_queue_pump (self);
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
    _md_upload_queue_pump (op->queue);

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
                                          _md_upload_queue_on_journal_changed_cb, NULL);
          continue;
        }

      parse_settings (record->settings_json, &policy, &quality, &tier);
      upload = md_upload_task_new (self->client, record->file_path, record->title, policy, quality);
      md_upload_task_set_max_resolution_tier (upload, tier);
      md_upload_task_set_resume_point (upload, record->upload_id, record->upload_url,
                                       record->file_size, record->confirmed_offset);
      if (record->fingerprint != NULL)
        md_upload_task_set_file_identity (upload, record->file_mtime_usec, record->fingerprint);
      _md_upload_queue_append_task (self, upload, record->local_id, record->upload_id);
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
      _md_upload_queue_pump (op->queue);
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
  Entry *entry = _md_upload_queue_find_entry (op->queue, op->task, NULL);

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
  _md_upload_queue_pump (op->queue);
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
  entry = _md_upload_queue_find_entry (self, task, NULL);
  g_return_if_fail (entry != NULL);

  if (md_upload_task_get_state (task) != MD_UPLOAD_TASK_STATE_FAILED)
    return;

  if (self->journal == NULL || entry->local_id == NULL)
    {
      md_upload_task_requeue (task);
      _md_upload_queue_pump (self);
      return;
    }

  op = g_new0 (CheckOp, 1);
  op->queue = g_object_ref (self);
  op->task = g_object_ref (task);
  md_upload_journal_list_async (self->journal, NULL, on_retry_listed_cb, op);
}
