/* md-upload-record.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * MdUploadState:
 * @MD_UPLOAD_STATE_QUEUED: waiting for its turn
 * @MD_UPLOAD_STATE_UPLOADING: bytes are being sent
 * @MD_UPLOAD_STATE_PAUSED: stopped by the user, resumable
 * @MD_UPLOAD_STATE_PROCESSING: all bytes sent, Mux is making the asset
 * @MD_UPLOAD_STATE_READY: the asset is ready
 * @MD_UPLOAD_STATE_FAILED: stopped with an error (see the error message)
 * @MD_UPLOAD_STATE_CANCELLED: cancelled by the user
 */
typedef enum
{
  MD_UPLOAD_STATE_QUEUED,
  MD_UPLOAD_STATE_UPLOADING,
  MD_UPLOAD_STATE_PAUSED,
  MD_UPLOAD_STATE_PROCESSING,
  MD_UPLOAD_STATE_READY,
  MD_UPLOAD_STATE_FAILED,
  MD_UPLOAD_STATE_CANCELLED,
} MdUploadState;

#define MD_TYPE_UPLOAD_STATE (md_upload_state_get_type ())
GType md_upload_state_get_type (void) G_GNUC_CONST;

/**
 * MdUploadRecord:
 * @local_id: the journal's own id (a UUID)
 * @upload_id: Mux's direct upload id, %NULL until created
 * @upload_url: where chunks go; not secret but sensitive: log it only
 *   through md_upload_redact_url()
 * @file_path: the local file
 * @file_size: its size in bytes when queued
 * @file_mtime_usec: its modification time (µs since the epoch) when queued
 * @fingerprint: md_upload_fingerprint_file_async()'s digest of the file
 * @confirmed_offset: bytes the server confirmed holding
 * @state: where the upload stands
 * @title: the asset title to give
 * @settings_json: new-asset settings (playback policy, video quality) as JSON
 * @asset_id: the asset Mux created, %NULL before
 * @error_message: why it failed, %NULL otherwise
 * @created_at: when it was queued (µs since the epoch)
 * @updated_at: when the journal last changed it (µs since the epoch)
 * @position: its place in the queue, 0 first
 *
 * One upload as the journal keeps it. Holds no secret.
 */
typedef struct
{
  char          *local_id;
  char          *upload_id;
  char          *upload_url;
  char          *file_path;
  guint64        file_size;
  gint64         file_mtime_usec;
  char          *fingerprint;
  guint64        confirmed_offset;
  MdUploadState  state;
  char          *title;
  char          *settings_json;
  char          *asset_id;
  char          *error_message;
  gint64         created_at;
  gint64         updated_at;
  guint          position;
} MdUploadRecord;

#define MD_TYPE_UPLOAD_RECORD (md_upload_record_get_type ())

GType           md_upload_record_get_type   (void) G_GNUC_CONST;
MdUploadRecord *md_upload_record_new        (void);
MdUploadRecord *md_upload_record_copy       (const MdUploadRecord *record);
void            md_upload_record_free       (MdUploadRecord       *record);

const char     *md_upload_state_to_string   (MdUploadState         state);
gboolean        md_upload_state_from_string (const char           *nick,
                                             MdUploadState        *out_state);

char           *md_upload_redact_url        (const char           *url);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdUploadRecord, md_upload_record_free)

G_END_DECLS
