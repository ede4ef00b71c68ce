/* md-upload-transfer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The upload URL's resumable protocol (../shared/mux-api.md): one PUT per
 * chunk with Content-Range, 308 + Range while incomplete, 200/201 at the
 * end, and `bytes * /TOTAL` to ask what the server holds. These calls block:
 * MdUploadTask runs them in a worker thread, because libsoup's synchronous
 * path streams a GInputStream body several times faster than the async
 * one (feasibility.md §7) and needs no chunk in memory.
 */

#define G_LOG_DOMAIN "md-upload-transfer"

#include "config.h"

#include "md-upload-transfer.h"

#include <glib/gi18n.h>
#include <string.h>

#include "md-client-error.h"
#include "md-backoff.h"
#include "md-file-range-stream.h"
#include "md-upload-fingerprint.h"

G_DEFINE_QUARK (md-upload-error-quark, md_upload_error)

static gboolean
is_retryable_status (guint status)
{
  return status == 408 || status == 429 || status == 500 ||
         status == 502 || status == 503 || status == 504;
}

/* Sends @msg and reads the (small) answer into @out_reply. */
static gboolean
send_message (SoupSession      *session,
              SoupMessage      *msg,
              GCancellable     *cancellable,
              MdUploadPutReply *out_reply,
              GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) body = NULL;
  SoupMessageHeaders *headers;
  guint status;

  out_reply->status = 0;
  out_reply->server_offset = 0;
  out_reply->complete = FALSE;
  out_reply->retry_after_ms = -1;

  body = soup_session_send_and_read (session, msg, cancellable, &local_error);
  if (body == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
          local_error->domain == MD_UPLOAD_ERROR)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      /* A dropped connection, a stall past the timeout, a refused connect. */
      g_set_error (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_NETWORK,
                   _("The connection to the upload server failed: %s"), local_error->message);
      return FALSE;
    }

  status = soup_message_get_status (msg);
  headers = soup_message_get_response_headers (msg);
  out_reply->status = status;

  if (status == 308)
    {
      out_reply->server_offset = md_upload_parse_range (soup_message_headers_get_one (headers, "Range"));
      return TRUE;
    }

  if (status == 200 || status == 201)
    {
      out_reply->complete = TRUE;
      return TRUE;
    }

  if (status == 429 || status == 503)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      out_reply->retry_after_ms =
        md_backoff_retry_after_ms (soup_message_headers_get_one (headers, "Retry-After"), now);
    }

  if (is_retryable_status (status))
    {
      g_autoptr(GError) response_error = md_client_error_new_for_response (status, body);

      /* 408 is a client status, but for the upload URL it means "try again". */
      g_set_error_literal (error, MD_CLIENT_ERROR,
                           status == 429 ? MD_CLIENT_ERROR_RATE_LIMITED : MD_CLIENT_ERROR_SERVER,
                           response_error->message);
      return FALSE;
    }

  if (status == 404 || status == 410)
    {
      g_set_error (error, MD_UPLOAD_ERROR, MD_UPLOAD_ERROR_EXPIRED,
                   _("The upload link is no longer valid (HTTP %u)."), status);
      return FALSE;
    }

  {
    g_autofree char *messages = md_client_error_parse_messages (body, NULL);

    g_set_error (error, MD_UPLOAD_ERROR, MD_UPLOAD_ERROR_REFUSED,
                 _("The upload server refused the file: %s (HTTP %u)"),
                 messages != NULL ? messages : soup_message_get_reason_phrase (msg), status);
  }
  return FALSE;
}

/**
 * md_upload_error_is_retryable:
 * @error: why a chunk or status query failed
 *
 * Returns: whether to try again: dropped connections, timeouts, 408, 429
 *   and 5xx answers
 */
gboolean
md_upload_error_is_retryable (const GError *error)
{
  g_return_val_if_fail (error != NULL, FALSE);

  return error->domain == MD_CLIENT_ERROR &&
         (error->code == MD_CLIENT_ERROR_NETWORK ||
          error->code == MD_CLIENT_ERROR_SERVER ||
          error->code == MD_CLIENT_ERROR_RATE_LIMITED);
}

/**
 * md_upload_parse_range:
 * @range: (nullable): the Range header of a 308 answer
 *
 * Reads how much of the file the upload URL holds: `bytes=0-N` means N + 1
 * bytes. A missing or odd header means nothing is stored, so the uploader
 * starts again from a point the server surely has.
 *
 * Returns: the number of bytes the server holds
 */
guint64
md_upload_parse_range (const char *range)
{
  const char *digits;
  guint64 last;

  if (range == NULL || !g_str_has_prefix (range, "bytes=0-"))
    return 0;
  digits = range + strlen ("bytes=0-");
  /* g_ascii_string_to_unsigned() refuses a leading space but lets a vertical
   * tab through (its strtoull skips it): insist on a digit first. */
  if (!g_ascii_isdigit (digits[0]))
    return 0;
  if (!g_ascii_string_to_unsigned (digits, 10, 0, G_MAXUINT64 - 1, &last, NULL))
    return 0;
  return last + 1;
}

/**
 * md_upload_put_chunk_sync:
 * @session: the session for the upload URL (no credentials: the URL is
 *   its own authorisation)
 * @url: the upload URL
 * @fd: the file, open for reading
 * @start: the chunk's first byte
 * @length: its length: a multiple of %MD_UPLOAD_CHUNK_UNIT unless it ends the file
 * @total: the file size
 * @mtime_usec: the file's modification time when its upload began (see
 *   md_upload_file_stat())
 * @counter: (nullable): gets every byte put on the wire, atomically
 * @cancellable: (nullable): aborts the PUT
 * @out_reply: (out caller-allocates): what the server said
 * @error: a #MdClientError (retryable, see md_upload_error_is_retryable())
 *   or a #MdUploadError
 *
 * Sends one chunk, streamed from @fd. Blocks: call it from a worker thread.
 * A file whose size or modification time is no longer @total and
 * @mtime_usec, before or during the chunk, fails with
 * %MD_UPLOAD_ERROR_FILE_CHANGED, and the chunk never completes: the server
 * keeps nothing of a newer version.
 *
 * Returns: whether the server took the chunk (308 or 200/201)
 */
gboolean
md_upload_put_chunk_sync (SoupSession      *session,
                          const char       *url,
                          int               fd,
                          guint64           start,
                          guint64           length,
                          guint64           total,
                          gint64            mtime_usec,
                          gint64           *counter,
                          GCancellable     *cancellable,
                          MdUploadPutReply *out_reply,
                          GError          **error)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GInputStream) body = NULL;

  g_return_val_if_fail (SOUP_IS_SESSION (session), FALSE);
  g_return_val_if_fail (url != NULL, FALSE);
  g_return_val_if_fail (length > 0 && start + length <= total, FALSE);

  memset (out_reply, 0, sizeof *out_reply);
  out_reply->retry_after_ms = -1;
  if (!md_upload_file_is_unchanged (fd, total, mtime_usec, error))
    return FALSE;

  msg = soup_message_new ("PUT", url);
  if (msg == NULL)
    {
      g_set_error (error, MD_UPLOAD_ERROR, MD_UPLOAD_ERROR_EXPIRED,
                   _("The upload link is not a valid URL."));
      return FALSE;
    }

  /* libsoup re-sends a request whose reused connection dropped, but with an
   * empty body under the same Content-Range (seen with 3.2): a fresh
   * connection per chunk keeps it from restarting; we retry ourselves. */
  soup_message_add_flags (msg, SOUP_MESSAGE_NEW_CONNECTION);

  body = md_file_range_stream_new (fd, start, length, counter);
  md_file_range_stream_set_guard (MD_FILE_RANGE_STREAM (body), total, mtime_usec);
  soup_message_set_request_body (msg, "application/octet-stream", body, (gssize) length);
  soup_message_headers_set_content_range (soup_message_get_request_headers (msg),
                                          start, start + length - 1, total);

  return send_message (session, msg, cancellable, out_reply, error);
}

/**
 * md_upload_query_offset_sync:
 * @session: the session for the upload URL
 * @url: the upload URL
 * @total: the file size
 * @cancellable: (nullable): aborts the query
 * @out_reply: (out caller-allocates): what the server holds
 * @error: as for md_upload_put_chunk_sync()
 *
 * Asks how much of the file the server holds (`Content-Range: bytes * /TOTAL`
 * with an empty body). Blocks.
 *
 * Returns: whether the server answered 308 or 200/201
 */
gboolean
md_upload_query_offset_sync (SoupSession      *session,
                             const char       *url,
                             guint64           total,
                             GCancellable     *cancellable,
                             MdUploadPutReply *out_reply,
                             GError          **error)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *range = NULL;

  g_return_val_if_fail (SOUP_IS_SESSION (session), FALSE);
  g_return_val_if_fail (url != NULL, FALSE);

  msg = soup_message_new ("PUT", url);
  if (msg == NULL)
    {
      g_set_error (error, MD_UPLOAD_ERROR, MD_UPLOAD_ERROR_EXPIRED,
                   _("The upload link is not a valid URL."));
      return FALSE;
    }

  range = g_strdup_printf ("bytes */%" G_GUINT64_FORMAT, total);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Content-Range", range);
  soup_message_set_request_body_from_bytes (msg, NULL, NULL);
  soup_message_headers_set_content_length (soup_message_get_request_headers (msg), 0);

  return send_message (session, msg, cancellable, out_reply, error);
}
