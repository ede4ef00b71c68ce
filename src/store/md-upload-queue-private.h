/* md-upload-queue-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "md-upload-queue.h"

G_BEGIN_DECLS

/* Shared by md-upload-queue.c (the list, its slots and its API) and
 * md-upload-queue-journal.c (what the queue keeps in its journal). */

typedef struct
{
  MdUploadTask *task;
  char         *local_id;          /* NULL when not journaled (bad input) */
  char         *journal_upload_id; /* the upload id the journal holds */
} Entry;

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

/* The queue's properties, for notify_totals() and pump(). */
enum {
  PROP_0,
  PROP_N_ACTIVE,
  PROP_TOTAL_BYTES,
  PROP_BYTES_SENT,
  PROP_SPEED,
  N_PROPS
};

Entry        *_md_upload_queue_find_entry           (MdUploadQueue     *self,
                                                     MdUploadTask      *task,
                                                     guint             *out_position);
Entry        *_md_upload_queue_append_task          (MdUploadQueue     *self,
                                                     MdUploadTask      *task,
                                                     const char        *local_id,
                                                     const char        *journal_upload_id);
void          _md_upload_queue_pump                 (MdUploadQueue     *self);
void          _md_upload_queue_on_journal_changed_cb (GObject          *object,
                                                     GAsyncResult      *result,
                                                     gpointer           user_data);

/* md-upload-queue-journal.c */
MdUploadState _md_upload_queue_journal_state_for    (MdUploadTaskState  state);
void          _md_upload_queue_on_task_checkpoint   (MdUploadTask      *task,
                                                     guint64            offset,
                                                     gpointer           user_data);

G_END_DECLS
