/* md-upload-transfer.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

#define MD_UPLOAD_ERROR (md_upload_error_quark ())

/**
 * MdUploadError:
 * @MD_UPLOAD_ERROR_EXPIRED: the upload URL is no longer valid (the upload
 *   timed out at Mux); a new upload must be made
 * @MD_UPLOAD_ERROR_REFUSED: the upload URL refused the bytes
 * @MD_UPLOAD_ERROR_GAVE_UP: a chunk failed too many times in a row
 * @MD_UPLOAD_ERROR_ERRORED: Mux could not make an asset of the file
 * @MD_UPLOAD_ERROR_CANCELLED: the upload was cancelled at Mux
 * @MD_UPLOAD_ERROR_FILE_CHANGED: the file is not the one whose first bytes were sent
 * @MD_UPLOAD_ERROR_TOO_LARGE: the file is larger than Mux accepts
 *
 * Why an upload stopped. Network, 5xx and 429 failures of single requests
 * are %MD_CLIENT_ERROR errors and are retried.
 */
typedef enum
{
  MD_UPLOAD_ERROR_EXPIRED,
  MD_UPLOAD_ERROR_REFUSED,
  MD_UPLOAD_ERROR_GAVE_UP,
  MD_UPLOAD_ERROR_ERRORED,
  MD_UPLOAD_ERROR_CANCELLED,
  MD_UPLOAD_ERROR_FILE_CHANGED,
  MD_UPLOAD_ERROR_TOO_LARGE,
} MdUploadError;

/* Chunk sizes are multiples of this, except the last chunk. */
#define MD_UPLOAD_CHUNK_UNIT (256 * 1024)

/**
 * MdUploadPutReply:
 * @status: the HTTP status
 * @server_offset: how many bytes the server holds (from its Range header)
 * @complete: the server has the whole file
 * @retry_after_ms: what a 429's or 503's Retry-After asked for, else -1
 *
 * What the upload URL said about one chunk or status query. Filled in on
 * failure too, as far as an answer came.
 */
typedef struct
{
  guint    status;
  guint64  server_offset;
  gboolean complete;
  gint64   retry_after_ms;
} MdUploadPutReply;

GQuark   md_upload_error_quark          (void);
gboolean md_upload_error_is_retryable   (const GError     *error);
guint64  md_upload_parse_range          (const char       *range);

gboolean md_upload_put_chunk_sync       (SoupSession      *session,
                                         const char       *url,
                                         int               fd,
                                         guint64           start,
                                         guint64           length,
                                         guint64           total,
                                         gint64            mtime_usec,
                                         gint64           *counter,
                                         GCancellable     *cancellable,
                                         MdUploadPutReply *out_reply,
                                         GError          **error);
gboolean md_upload_query_offset_sync    (SoupSession      *session,
                                         const char       *url,
                                         guint64           total,
                                         GCancellable     *cancellable,
                                         MdUploadPutReply *out_reply,
                                         GError          **error);

G_END_DECLS
