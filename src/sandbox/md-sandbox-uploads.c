/* md-sandbox-uploads.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Direct uploads (/video/v1/uploads) and the upload URL, which speaks the
 * resumable protocol UpChunk and the official clients use: PUT chunks with
 * Content-Range, 308 + Range while incomplete, `bytes * /TOTAL` status
 * queries, and whole-file PUTs. Bodies stream to disk chunk by chunk.
 */

#define G_LOG_DOMAIN "md-sandbox-uploads"
#define _GNU_SOURCE   /* sync_file_range() */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "md-sandbox-asset.h"
#include "md-sandbox-assets.h"
#include "md-sandbox-content-range.h"
#include "md-sandbox-uploads.h"

#define CHUNK_UNIT        (256 * 1024)
#define DEFAULT_TIMEOUT   3600
#define MIN_TIMEOUT       60
#define MAX_TIMEOUT       604800

/* The state of one PUT to the upload URL, kept on the message. */
typedef struct
{
  char    *upload_id;
  int      fd;
  gboolean query;       /* a status request, bytes * /T */
  gboolean whole_file;  /* no Content-Range */
  gint64   start;
  gint64   end;         /* inclusive; -1 when unknown */
  gint64   total;       /* -1 when unknown */
  gint64   written;
  gint64   writeback;   /* bytes of this body handed to the disk so far */
  gboolean write_failed;
} PutContext;

/* A body is handed to the disk as it arrives, a few MiB at a time, so the
 * fsync() that confirms a chunk only waits for its tail, as a real upload
 * server that streams to storage does, instead of for the whole chunk
 * while the client idles. */
#define WRITEBACK_STEP (8 * 1024 * 1024)

static void
put_context_free (PutContext *ctx)
{
  if (ctx->fd >= 0)
    close (ctx->fd);
  g_free (ctx->upload_id);
  g_free (ctx);
}

static char *
data_path (MdSandboxState *state,
           const char     *upload_id)
{
  g_autofree char *dir = g_build_filename (md_sandbox_state_get_dir (state), "uploads", NULL);

  g_mkdir_with_parents (dir, 0700);
  return g_strdup_printf ("%s/%s.part", dir, upload_id);
}

static JsonObject *
upload_private (JsonObject *upload)
{
  return md_sandbox_record_get_private (upload);
}

static gint64
upload_received (JsonObject *upload)
{
  return json_object_get_int_member_with_default (upload_private (upload), "received", 0);
}

static gint64
upload_total (JsonObject *upload)
{
  return json_object_get_int_member_with_default (upload_private (upload), "total", -1);
}

static gboolean
upload_complete (JsonObject *upload)
{
  return json_object_get_boolean_member_with_default (upload_private (upload), "complete", FALSE);
}

/* Waiting uploads past their timeout become timed_out when next seen. */
static void
check_timeout (MdSandboxState *state,
               JsonObject     *upload)
{
  gint64 created = json_object_get_int_member_with_default (upload_private (upload), "created_us", 0);
  gint64 timeout = json_object_get_int_member_with_default (upload, "timeout", DEFAULT_TIMEOUT);

  if (g_strcmp0 (md_sandbox_record_get_string (upload, "status"), "waiting") == 0 &&
      !upload_complete (upload) &&
      md_sandbox_state_get_now (state) - created > timeout * G_USEC_PER_SEC)
    {
      g_autofree char *path = data_path (state, md_sandbox_record_get_string (upload, "id"));

      json_object_set_string_member (upload, "status", "timed_out");
      g_unlink (path);
      md_sandbox_state_changed (state);
    }
}

static JsonObject *
lookup_upload (MdSandboxServer *server,
               const char      *upload_id)
{
  MdSandboxState *state = md_sandbox_server_get_state (server);
  JsonObject *upload = md_sandbox_collection_lookup (md_sandbox_state_get_collection (state, MD_SANDBOX_UPLOADS),
                                                     upload_id);

  if (upload != NULL)
    check_timeout (state, upload);
  return upload;
}

static JsonObject *
lookup_or_404 (MdSandboxServer   *server,
               SoupServerMessage *msg,
               GHashTable        *params)
{
  JsonObject *upload = lookup_upload (server, g_hash_table_lookup (params, "upload_id"));

  if (upload == NULL)
    md_sandbox_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "Upload not found");
  return upload;
}

static gboolean
validate_create (JsonObject  *body,
                 char       **out_message)
{
  JsonNode *timeout = json_object_get_member (body, "timeout");
  JsonNode *settings = json_object_get_member (body, "new_asset_settings");
  JsonNode *cors = json_object_get_member (body, "cors_origin");

  if (timeout != NULL && !JSON_NODE_HOLDS_NULL (timeout))
    {
      gint64 value;

      if (!JSON_NODE_HOLDS_VALUE (timeout) || json_node_get_value_type (timeout) != G_TYPE_INT64 ||
          (value = json_node_get_int (timeout)) < MIN_TIMEOUT || value > MAX_TIMEOUT)
        {
          *out_message = g_strdup_printf ("timeout must be an integer between %d and %d", MIN_TIMEOUT, MAX_TIMEOUT);
          return FALSE;
        }
    }
  if (cors != NULL && !JSON_NODE_HOLDS_NULL (cors) &&
      (!JSON_NODE_HOLDS_VALUE (cors) || json_node_get_value_type (cors) != G_TYPE_STRING))
    {
      *out_message = g_strdup ("cors_origin must be a string");
      return FALSE;
    }
  if (settings != NULL && !JSON_NODE_HOLDS_NULL (settings))
    {
      JsonObject *object;
      JsonNode *policies;
      JsonNode *quality;
      JsonNode *tier;

      if (!JSON_NODE_HOLDS_OBJECT (settings))
        {
          *out_message = g_strdup ("new_asset_settings must be an object");
          return FALSE;
        }
      object = json_node_get_object (settings);
      policies = json_object_get_member (object, "playback_policies");
      if (policies == NULL)
        policies = json_object_get_member (object, "playback_policy");
      if (policies != NULL)
        {
          if (!JSON_NODE_HOLDS_ARRAY (policies))
            {
              *out_message = g_strdup ("new_asset_settings.playback_policies must be an array");
              return FALSE;
            }
          for (guint i = 0; i < json_array_get_length (json_node_get_array (policies)); i++)
            {
              JsonNode *policy = json_array_get_element (json_node_get_array (policies), i);

              if (!JSON_NODE_HOLDS_VALUE (policy) ||
                  json_node_get_value_type (policy) != G_TYPE_STRING ||
                  !md_sandbox_playback_policy_is_valid (json_node_get_string (policy)))
                {
                  *out_message = g_strdup ("new_asset_settings.playback_policies must contain public or signed");
                  return FALSE;
                }
            }
        }
      if (!md_sandbox_asset_validate_update (object, out_message))
        return FALSE;
      quality = json_object_get_member (object, "video_quality");
      if (quality != NULL &&
          (!JSON_NODE_HOLDS_VALUE (quality) || json_node_get_value_type (quality) != G_TYPE_STRING ||
           !g_strv_contains ((const char *const[]) { "basic", "plus", "premium", NULL },
                             json_node_get_string (quality))))
        {
          *out_message = g_strdup ("new_asset_settings.video_quality must be basic, plus or premium");
          return FALSE;
        }
      tier = json_object_get_member (object, "max_resolution_tier");
      if (tier != NULL &&
          (!JSON_NODE_HOLDS_VALUE (tier) || json_node_get_value_type (tier) != G_TYPE_STRING ||
           !g_strv_contains ((const char *const[]) { "1080p", "1440p", "2160p", NULL },
                             json_node_get_string (tier))))
        {
          *out_message = g_strdup ("new_asset_settings.max_resolution_tier must be 1080p, 1440p or 2160p");
          return FALSE;
        }
    }
  return TRUE;
}

static void
handle_create (MdSandboxServer   *server,
               SoupServerMessage *msg,
               GHashTable        *params,
               gpointer           user_data)
{
  MdSandboxState *state = md_sandbox_server_get_state (server);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonObject) upload = NULL;
  g_autofree char *message = NULL;
  g_autofree char *id = NULL;
  g_autofree char *url = NULL;
  JsonObject *body;
  JsonNode *settings;

  if ((body = md_sandbox_parse_body_object (msg, &root)) == NULL)
    return;
  if (!validate_create (body, &message))
    {
      md_sandbox_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_parameters", message);
      return;
    }

  id = md_sandbox_new_id (44);
  url = md_sandbox_server_build_url (server, "/upload/%s", id);
  upload = json_object_new ();
  json_object_set_string_member (upload, "id", id);
  json_object_set_string_member (upload, "url", url);
  json_object_set_string_member (upload, "status", "waiting");
  json_object_set_int_member (upload, "timeout",
                              json_object_get_int_member_with_default (body, "timeout", DEFAULT_TIMEOUT));
  json_object_set_string_member (upload, "cors_origin",
                                 json_object_get_string_member_with_default (body, "cors_origin", ""));
  settings = json_object_get_member (body, "new_asset_settings");
  if (settings != NULL && JSON_NODE_HOLDS_OBJECT (settings))
    json_object_set_member (upload, "new_asset_settings", json_node_copy (settings));
  else
    json_object_set_object_member (upload, "new_asset_settings", json_object_new ());
  if (json_object_get_boolean_member_with_default (body, "test", FALSE))
    json_object_set_boolean_member (upload, "test", TRUE);
  json_object_set_int_member (upload_private (upload), "created_us", md_sandbox_state_get_now (state));

  md_sandbox_collection_insert (md_sandbox_state_get_collection (state, MD_SANDBOX_UPLOADS), upload);
  md_sandbox_state_changed (state);
  md_sandbox_reply_json (msg, SOUP_STATUS_CREATED, md_sandbox_record_to_public (upload));
}

static void
handle_get (MdSandboxServer   *server,
            SoupServerMessage *msg,
            GHashTable        *params,
            gpointer           user_data)
{
  JsonObject *upload = lookup_or_404 (server, msg, params);

  if (upload != NULL)
    md_sandbox_reply_json (msg, SOUP_STATUS_OK, md_sandbox_record_to_public (upload));
}

static void
handle_list (MdSandboxServer   *server,
             SoupServerMessage *msg,
             GHashTable        *params,
             gpointer           user_data)
{
  MdSandboxState *state = md_sandbox_server_get_state (server);
  MdSandboxCollection *uploads = md_sandbox_state_get_collection (state, MD_SANDBOX_UPLOADS);
  g_autoptr(GPtrArray) records = NULL;
  guint limit, page;

  if (!md_sandbox_parse_paging (msg, &limit, &page))
    return;
  records = md_sandbox_collection_page (uploads, 0, (page - 1) * limit, limit, NULL, NULL, NULL);
  for (guint i = 0; i < records->len; i++)
    check_timeout (state, g_ptr_array_index (records, i));
  md_sandbox_reply_json (msg, SOUP_STATUS_OK, md_sandbox_records_to_array (records));
}

static void
handle_cancel (MdSandboxServer   *server,
               SoupServerMessage *msg,
               GHashTable        *params,
               gpointer           user_data)
{
  MdSandboxState *state = md_sandbox_server_get_state (server);
  JsonObject *upload = lookup_or_404 (server, msg, params);
  g_autofree char *path = NULL;

  if (upload == NULL)
    return;
  if (g_strcmp0 (md_sandbox_record_get_string (upload, "status"), "waiting") != 0 ||
      upload_complete (upload))
    {
      md_sandbox_reply_error (msg, SOUP_STATUS_FORBIDDEN, "forbidden",
                              "Only uploads in the waiting state can be cancelled");
      return;
    }
  json_object_set_string_member (upload, "status", "cancelled");
  path = data_path (state, md_sandbox_record_get_string (upload, "id"));
  g_unlink (path);
  md_sandbox_state_changed (state);
  md_sandbox_reply_json (msg, SOUP_STATUS_OK, md_sandbox_record_to_public (upload));
}

static gboolean
parse_content_range (const char *header,
                     PutContext *ctx)
{
  MdSandboxContentRange range;

  if (!md_sandbox_content_range_parse (header, &range))
    return FALSE;
  ctx->query = range.query;
  ctx->start = range.start;
  ctx->end = range.end;
  ctx->total = range.total;
  return TRUE;
}

static void
set_range_header (SoupServerMessage *msg,
                  gint64             received)
{
  if (received > 0)
    {
      g_autofree char *range = g_strdup_printf ("bytes=0-%" G_GINT64_FORMAT, received - 1);

      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Range", range);
    }
}

static void
on_put_got_chunk_cb (SoupServerMessage *msg,
                     GBytes            *chunk,
                     gpointer           user_data)
{
  PutContext *ctx = user_data;
  gsize length;
  const guint8 *data = g_bytes_get_data (chunk, &length);

  while (length > 0 && !ctx->write_failed)
    {
      ssize_t n = write (ctx->fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          ctx->write_failed = TRUE;
          break;
        }
      data += n;
      length -= n;
      ctx->written += n;
    }

  if (!ctx->write_failed && ctx->written - ctx->writeback >= WRITEBACK_STEP)
    {
      gint64 base = ctx->whole_file ? 0 : ctx->start;

      /* Starts the writing only: no waiting for the data to land. */
      sync_file_range (ctx->fd, base + ctx->writeback, ctx->written - ctx->writeback, SYNC_FILE_RANGE_WRITE);
      ctx->writeback = ctx->written;
    }
}

static void
start_put (MdSandboxServer   *server,
           SoupServerMessage *msg,
           GHashTable        *params,
           gpointer           user_data)
{
  MdSandboxState *state = md_sandbox_server_get_state (server);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *range = soup_message_headers_get_one (headers, "Content-Range");
  gint64 content_length = soup_message_headers_get_content_length (headers);
  JsonObject *upload = lookup_upload (server, g_hash_table_lookup (params, "upload_id"));
  PutContext *ctx;
  g_autofree char *path = NULL;
  gint64 received, known_total;

  if (upload == NULL)
    {
      md_sandbox_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "Upload not found");
      return;
    }

  ctx = g_new0 (PutContext, 1);
  ctx->fd = -1;
  ctx->end = -1;
  ctx->total = -1;
  ctx->upload_id = g_strdup (md_sandbox_record_get_string (upload, "id"));
  g_object_set_data_full (G_OBJECT (msg), "md-put", ctx, (GDestroyNotify) put_context_free);

  if (range == NULL)
    ctx->whole_file = TRUE;
  else if (!parse_content_range (range, ctx))
    {
      md_sandbox_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_parameters",
                              "Content-Range must look like bytes START-END/TOTAL or bytes */TOTAL");
      return;
    }

  /* Complete uploads answer every request with success, like GCS. */
  if (upload_complete (upload))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      return;
    }
  if (g_strcmp0 (md_sandbox_record_get_string (upload, "status"), "waiting") != 0)
    {
      md_sandbox_reply_error (msg, SOUP_STATUS_FORBIDDEN, "forbidden",
                              "This upload is no longer accepting data");
      return;
    }
  if (ctx->query)
    return;  /* answered once the (empty) body is read */

  received = upload_received (upload);
  known_total = upload_total (upload);
  if (!ctx->whole_file)
    {
      gint64 length = ctx->end - ctx->start + 1;
      gboolean last = ctx->total >= 0 && ctx->end + 1 == ctx->total;

      if (known_total >= 0 && ctx->total >= 0 && ctx->total != known_total)
        {
          md_sandbox_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_parameters",
                                  "The total size differs from the one given before");
          return;
        }
      if (ctx->start > received)
        {
          md_sandbox_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_parameters",
                                  "The chunk starts after the bytes received so far; ask with bytes */TOTAL");
          return;
        }
      if (!last && length % CHUNK_UNIT != 0)
        {
          md_sandbox_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_parameters",
                                  "Chunk sizes must be multiples of 256 KiB, except the last chunk");
          return;
        }
      if (content_length >= 0 && content_length != length)
        {
          md_sandbox_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_parameters",
                                  "Content-Length does not match Content-Range");
          return;
        }
    }

  path = data_path (state, ctx->upload_id);
  ctx->fd = g_open (path, O_WRONLY | O_CREAT, 0600);
  if (ctx->fd < 0 ||
      ftruncate (ctx->fd, ctx->whole_file ? 0 : ctx->start) != 0 ||
      lseek (ctx->fd, ctx->whole_file ? 0 : ctx->start, SEEK_SET) < 0)
    {
      md_sandbox_reply_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error",
                              "The sandbox could not store the upload");
      return;
    }

  /* Never the whole body in memory: each chunk goes to disk as it comes. */
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (on_put_got_chunk_cb), ctx);
}

static void
on_ingest_done_cb (MdSandboxState *state,
                   JsonObject     *asset,
                   const GError   *error,
                   gpointer        user_data)
{
  const char *upload_id = user_data;
  JsonObject *upload = md_sandbox_collection_lookup (md_sandbox_state_get_collection (state, MD_SANDBOX_UPLOADS),
                                                     upload_id);

  if (upload == NULL || error == NULL)
    return;
  {
    JsonObject *upload_error = json_object_new ();

    json_object_set_string_member (upload_error, "type", "invalid_input");
    json_object_set_string_member (upload_error, "message", error->message);
    json_object_set_object_member (upload, "error", upload_error);
    json_object_set_string_member (upload, "status", "errored");
    md_sandbox_state_changed (state);
  }
}

/* The whole file is here: Mux creates the asset at once, preparing. */
static void
complete_upload (MdSandboxServer *server,
                 MdSandboxIngest *ingest,
                 JsonObject      *upload)
{
  MdSandboxState *state = md_sandbox_server_get_state (server);
  const char *upload_id = md_sandbox_record_get_string (upload, "id");
  JsonObject *settings = NULL;
  JsonObject *asset;
  g_autofree char *path = data_path (state, upload_id);

  if (json_object_has_member (upload, "new_asset_settings"))
    settings = json_object_get_object_member (upload, "new_asset_settings");
  asset = md_sandbox_asset_create (state, settings, "on_demand_direct_upload");
  json_object_set_string_member (asset, "upload_id", upload_id);
  json_object_set_boolean_member (upload_private (upload), "complete", TRUE);
  json_object_set_string_member (upload, "status", "asset_created");
  json_object_set_string_member (upload, "asset_id", md_sandbox_record_get_string (asset, "id"));
  md_sandbox_state_changed (state);

  md_sandbox_ingest_queue (ingest, md_sandbox_record_get_string (asset, "id"), path,
                           on_ingest_done_cb, g_strdup (upload_id), g_free);
}

static void
handle_put (MdSandboxServer   *server,
            SoupServerMessage *msg,
            GHashTable        *params,
            gpointer           user_data)
{
  MdSandboxIngest *ingest = user_data;
  MdSandboxState *state = md_sandbox_server_get_state (server);
  PutContext *ctx = g_object_get_data (G_OBJECT (msg), "md-put");
  JsonObject *upload = ctx ? lookup_upload (server, ctx->upload_id) : NULL;
  gint64 received, total;

  if (upload == NULL)
    {
      md_sandbox_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "Upload not found");
      return;
    }

  if (ctx->query)
    {
      if (ctx->total >= 0 && upload_total (upload) < 0)
        json_object_set_int_member (upload_private (upload), "total", ctx->total);
      set_range_header (msg, upload_received (upload));
      soup_server_message_set_status (msg, 308, "Resume Incomplete");
      return;
    }

  if (ctx->write_failed || ctx->fd < 0)
    {
      md_sandbox_reply_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error",
                              "The sandbox could not store the upload");
      return;
    }
  if (!ctx->whole_file && ctx->written != ctx->end - ctx->start + 1)
    {
      md_sandbox_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_parameters",
                              "The body length does not match Content-Range");
      return;
    }
  if (fsync (ctx->fd) != 0)
    {
      md_sandbox_reply_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error",
                              "The sandbox could not store the upload");
      return;
    }
  close (ctx->fd);
  ctx->fd = -1;

  received = ctx->whole_file ? ctx->written : ctx->end + 1;
  total = ctx->whole_file ? ctx->written : ctx->total;
  json_object_set_int_member (upload_private (upload), "received", received);
  if (total >= 0)
    json_object_set_int_member (upload_private (upload), "total", total);
  md_sandbox_state_changed (state);

  if (total >= 0 && received == total && total > 0)
    {
      complete_upload (server, ingest, upload);
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      return;
    }
  set_range_header (msg, received);
  soup_server_message_set_status (msg, 308, "Resume Incomplete");
}

/* A boolean member of @body, if there: FALSE when it is there but not a
 * boolean. */
static gboolean
read_boolean (JsonObject *body,
              const char *name,
              gboolean   *present,
              gboolean   *value)
{
  JsonNode *node = json_object_get_member (body, name);

  *present = node != NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;
  *value = json_node_get_boolean (node);
  return TRUE;
}

/* Admin: {"hold": true|false} holds or releases ingest, so uploaded assets
 * stay preparing as long as a test needs; {"realtime": true|false} makes
 * the ingests that start from then on run no faster than their media
 * plays, so their progress climbs slowly. One or both. */
static void
handle_ingest_hold (MdSandboxServer   *server,
                    SoupServerMessage *msg,
                    GHashTable        *params,
                    gpointer           user_data)
{
  MdSandboxIngest *ingest = user_data;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *body, *data;
  JsonNode *node;
  gboolean has_hold, hold = FALSE, has_realtime, realtime = FALSE;

  if ((body = md_sandbox_parse_body_object (msg, &root)) == NULL)
    return;
  if (!read_boolean (body, "hold", &has_hold, &hold))
    {
      md_sandbox_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_parameters", "hold must be true or false");
      return;
    }
  if (!read_boolean (body, "realtime", &has_realtime, &realtime))
    {
      md_sandbox_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_parameters", "realtime must be true or false");
      return;
    }
  if (!has_hold && !has_realtime)
    {
      md_sandbox_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_parameters", "hold or realtime is required");
      return;
    }
  /* Paced first: jobs released by the same request start paced. */
  if (has_realtime)
    md_sandbox_ingest_set_realtime (ingest, realtime);
  if (has_hold)
    md_sandbox_ingest_set_held (ingest, hold);
  data = json_object_new ();
  if (has_hold)
    json_object_set_boolean_member (data, "hold", hold);
  if (has_realtime)
    json_object_set_boolean_member (data, "realtime", realtime);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, data);
  md_sandbox_reply_json (msg, SOUP_STATUS_OK, node);
}

void
md_sandbox_uploads_register (MdSandboxServer *server,
                             MdSandboxIngest *ingest)
{
  const MdSandboxRouteFlags auth = MD_SANDBOX_ROUTE_AUTH;

  md_sandbox_server_add_route (server, "POST", "/video/v1/uploads", auth, handle_create, NULL);
  md_sandbox_server_add_route (server, "GET", "/video/v1/uploads", auth, handle_list, NULL);
  md_sandbox_server_add_route (server, "GET", "/video/v1/uploads/{upload_id}", auth, handle_get, NULL);
  md_sandbox_server_add_route (server, "PUT", "/video/v1/uploads/{upload_id}/cancel", auth, handle_cancel, NULL);
  md_sandbox_server_add_streaming_route (server, "PUT", "/upload/{upload_id}", MD_SANDBOX_ROUTE_PUBLIC,
                                         start_put, handle_put, ingest);
  md_sandbox_server_add_route (server, "POST", "/_sandbox/ingest", MD_SANDBOX_ROUTE_LOOPBACK,
                               handle_ingest_hold, ingest);
}

/* Assets whose ingest the last run did not finish start again. */
void
md_sandbox_uploads_resume (MdSandboxServer *server,
                           MdSandboxIngest *ingest)
{
  MdSandboxState *state = md_sandbox_server_get_state (server);
  MdSandboxCollection *assets = md_sandbox_state_get_collection (state, MD_SANDBOX_ASSETS);

  for (guint i = 0; i < md_sandbox_collection_get_n_items (assets); i++)
    {
      JsonObject *asset = md_sandbox_collection_get_item (assets, i);
      const char *input = md_sandbox_record_get_string (md_sandbox_record_get_private (asset), "pending_input");
      const char *upload_id = md_sandbox_record_get_string (asset, "upload_id");

      if (input != NULL && g_strcmp0 (md_sandbox_record_get_string (asset, "status"), "preparing") == 0)
        md_sandbox_ingest_queue (ingest, md_sandbox_record_get_string (asset, "id"), input,
                                 on_ingest_done_cb, g_strdup (upload_id), g_free);
    }
}
