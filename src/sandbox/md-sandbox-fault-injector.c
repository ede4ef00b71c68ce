/* md-sandbox-fault-injector.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Applies the fault rules (md-sandbox-faults.c) to real HTTP messages:
 *   POST   {admin}/_sandbox/faults  add rules (see src/sandbox/README.md)
 *   GET    {admin}/_sandbox/faults  list them with their counters
 *   DELETE {admin}/_sandbox/faults  clear them
 * A rule is chosen when a request's headers arrive. "status",
 * "malformed-json", "reset", "huge-body" and an endless "stall" keep the
 * request from its handler (an upload chunk is then not stored); "stall"
 * with stall_ms and "slow" let the handler answer and hold or pace its reply.
 */

#define G_LOG_DOMAIN "md-sandbox-fault-injector"

#include "config.h"

#include "md-sandbox-fault-injector.h"

#include <string.h>
#include <sys/socket.h>

#define FAULT_KEY "md-sandbox-fault"
#define SLOW_TICK_MS 100
#define HUGE_PIECE_SIZE (256 * 1024)

typedef struct
{
  SoupServerMessage *msg;
  GBytes            *body;
  gsize              offset;
  gsize              per_tick;
  guint              source;
  gulong             finished_handler;
} SlowReply;

/* A "huge-body" answer. Endless: made a piece at a time as the client
 * takes it, so the sandbox holds one piece however much is read. With a
 * Content-Length: one piece, then nothing, as if the rest were slow to come:
 * only a client that believes the header gives up at once. */
typedef struct
{
  SoupServerMessage *msg;
  gint64             total;      /* the Content-Length announced; -1: endless */
  guint64            appended;   /* bytes handed to libsoup */
  guint              pieces_appended;
  guint              pieces_written;
  guint              source;
  gulong             wrote_handler;
  gulong             finished_handler;
} HugeBody;

static const char *
error_type_for_status (guint status)
{
  switch (status)
    {
    case 400:
    case 422:
      return "invalid_parameters";
    case 401:
      return "unauthorized";
    case 403:
      return "forbidden";
    case 404:
      return "not_found";
    case 429:
      return "too_many_requests";
    default:
      return status >= 500 ? "internal_error" : "error";
    }
}

/* Drops the connection the hard way: the peer sees it reset mid-request. */
static void
reset_connection (SoupServerMessage *msg)
{
  GSocket *socket = soup_server_message_get_socket (msg);
  struct linger linger = { 1, 0 };

  if (socket == NULL || g_object_get_data (G_OBJECT (msg), "md-sandbox-reset") != NULL)
    return;
  g_object_set_data (G_OBJECT (msg), "md-sandbox-reset", GINT_TO_POINTER (1));
  /* linger 0: the close libsoup makes next sends RST, not FIN */
  setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_LINGER, &linger, sizeof linger);
  g_socket_shutdown (socket, TRUE, TRUE, NULL);
}

static void
on_reset_got_chunk_cb (SoupServerMessage *msg,
                       GBytes            *chunk,
                       gpointer           user_data)
{
  MdSandboxFault *fault = g_object_get_data (G_OBJECT (msg), FAULT_KEY);
  gint64 *received = user_data;

  *received += g_bytes_get_size (chunk);
  if (*received >= fault->after_bytes)
    reset_connection (msg);
}

static void
huge_body_free (HugeBody *huge)
{
  g_clear_handle_id (&huge->source, g_source_remove);
  g_clear_signal_handler (&huge->wrote_handler, huge->msg);
  g_clear_signal_handler (&huge->finished_handler, huge->msg);
  g_clear_object (&huge->msg);
  g_free (huge);
}

/* Appends the next piece of `{"data":{"access_token_name":"xxxx…`, a
 * string that never ends. */
static void
huge_body_append (HugeBody *huge)
{
  static const char prefix[] = "{\"data\":{\"access_token_name\":\"";
  SoupMessageBody *body = soup_server_message_get_response_body (huge->msg);
  guint64 size = HUGE_PIECE_SIZE;
  char *piece;

  if (huge->total >= 0)
    size = MIN (size, (guint64) huge->total);
  if (size == 0)
    {
      soup_message_body_complete (body);
      return;
    }
  piece = g_malloc (size);
  memset (piece, 'x', size);
  if (huge->appended == 0)
    memcpy (piece, prefix, MIN (size, sizeof prefix - 1));
  soup_message_body_append_take (body, (guchar *) piece, size);
  huge->appended += size;
  huge->pieces_appended++;
  if (huge->total >= 0 && huge->appended == (guint64) huge->total)
    soup_message_body_complete (body);
}

static gboolean
on_huge_body_next_cb (gpointer user_data)
{
  HugeBody *huge = user_data;
  g_autoptr(SoupServerMessage) msg = g_object_ref (huge->msg);

  huge->source = 0;
  huge_body_append (huge);
  /* may finish the message (client gone) and free @huge */
  soup_server_message_unpause (msg);
  return G_SOURCE_REMOVE;
}

static void
on_huge_body_wrote_chunk_cb (SoupServerMessage *msg,
                             gpointer           user_data)
{
  HugeBody *huge = user_data;

  /* Once all is out, libsoup pauses the message: the next piece then. */
  if (++huge->pieces_written == huge->pieces_appended && huge->total < 0 && huge->source == 0)
    huge->source = g_idle_add (on_huge_body_next_cb, huge);
}

static void
on_huge_body_finished_cb (SoupServerMessage *msg,
                          gpointer           user_data)
{
  HugeBody *huge = user_data;

  /* The client went away (or read all that was announced). */
  huge->finished_handler = 0;
  huge_body_free (huge);
}

static void
start_huge_body (SoupServerMessage *msg,
                 MdSandboxFault    *fault)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  HugeBody *huge = g_new0 (HugeBody, 1);

  huge->msg = g_object_ref (msg);
  huge->total = fault->content_length;
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_replace (headers, "Content-Type", "application/json; charset=utf-8");
  if (huge->total >= 0)
    soup_message_headers_set_content_length (headers, huge->total);
  else
    soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  huge->wrote_handler = g_signal_connect (msg, "wrote-chunk", G_CALLBACK (on_huge_body_wrote_chunk_cb), huge);
  huge->finished_handler = g_signal_connect (msg, "finished", G_CALLBACK (on_huge_body_finished_cb), huge);
  huge_body_append (huge);
}

/* Early hook: picks the fault for a request whose headers just arrived. */
static gboolean
on_early_cb (MdSandboxServer   *server,
             SoupServerMessage *msg,
             gpointer           user_data)
{
  MdSandboxFaults *faults = user_data;
  const char *method = soup_server_message_get_method (msg);
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));
  gboolean is_upload_chunk = g_strcmp0 (method, "PUT") == 0 && g_str_has_prefix (path, "/upload/");
  MdSandboxFault *fault;

  if (g_str_has_prefix (path, "/_sandbox/"))
    return FALSE;

  fault = md_sandbox_faults_take (faults, method, path, is_upload_chunk);
  if (fault == NULL)
    return FALSE;
  g_debug ("Injecting %s into %s %s", md_sandbox_fault_action_name (fault->action), method, path);
  g_object_set_data_full (G_OBJECT (msg), FAULT_KEY, fault, (GDestroyNotify) md_sandbox_fault_unref);

  switch (fault->action)
    {
    case MD_SANDBOX_FAULT_ACTION_RESET:
      {
        goffset length = soup_message_headers_get_content_length (soup_server_message_get_request_headers (msg));
        gint64 threshold = fault->after_bytes >= 0 ? fault->after_bytes : length / 2;

        if (length > 0 && threshold < length)
          {
            fault->after_bytes = MAX (threshold, 1);
            g_signal_connect_data (msg, "got-chunk", G_CALLBACK (on_reset_got_chunk_cb),
                                   g_new0 (gint64, 1), (GClosureNotify) G_CALLBACK (g_free), 0);
          }
      }
      return TRUE;

    case MD_SANDBOX_FAULT_ACTION_STATUS:
    case MD_SANDBOX_FAULT_ACTION_MALFORMED_JSON:
    case MD_SANDBOX_FAULT_ACTION_HUGE_BODY:
      return TRUE;

    case MD_SANDBOX_FAULT_ACTION_STALL:
      return fault->stall_ms == 0;

    case MD_SANDBOX_FAULT_ACTION_SLOW:
    default:
      return FALSE;
    }
}

/* Pre-dispatch hook: answers in the handler's place. */
static gboolean
on_request_cb (MdSandboxServer   *server,
               SoupServerMessage *msg,
               gpointer           user_data)
{
  MdSandboxFault *fault = g_object_get_data (G_OBJECT (msg), FAULT_KEY);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  static const char malformed[] = "{\"data\":{\"id\":\"";

  if (fault == NULL)
    return FALSE;

  switch (fault->action)
    {
    case MD_SANDBOX_FAULT_ACTION_STATUS:
      if (fault->retry_after >= 0)
        {
          g_autofree char *seconds = g_strdup_printf ("%d", fault->retry_after);

          soup_message_headers_replace (headers, "Retry-After", seconds);
        }
      if (fault->status == 429)
        {
          g_autoptr(JsonBuilder) builder = json_builder_new ();

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "errors");
          json_builder_begin_array (builder);
          json_builder_add_string_value (builder, "Too many requests, retry later.");
          json_builder_end_array (builder);
          json_builder_end_object (builder);
          md_sandbox_reply_node (msg, fault->status, json_builder_get_root (builder));
          soup_server_message_set_status (msg, 429, "Too Many Requests");
        }
      else
        md_sandbox_reply_error (msg, fault->status, error_type_for_status (fault->status),
                                "The sandbox injected this failure");
      return TRUE;

    case MD_SANDBOX_FAULT_ACTION_MALFORMED_JSON:
      soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_STATIC,
                                        malformed, strlen (malformed));
      soup_server_message_set_status (msg, fault->status, NULL);
      return TRUE;

    case MD_SANDBOX_FAULT_ACTION_RESET:
      reset_connection (msg);
      soup_server_message_set_status (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
      return TRUE;

    case MD_SANDBOX_FAULT_ACTION_HUGE_BODY:
      start_huge_body (msg, fault);
      return TRUE;

    case MD_SANDBOX_FAULT_ACTION_STALL:
      if (fault->stall_ms == 0)
        {
          /* Never answered: the client has to give up by itself. */
          soup_server_message_pause (msg);
          return TRUE;
        }
      return FALSE;

    case MD_SANDBOX_FAULT_ACTION_SLOW:
    default:
      return FALSE;
    }
}

static gboolean
on_stall_done_cb (gpointer user_data)
{
  soup_server_message_unpause (user_data);
  return G_SOURCE_REMOVE;
}

static void
slow_reply_free (SlowReply *slow)
{
  g_clear_handle_id (&slow->source, g_source_remove);
  g_clear_signal_handler (&slow->finished_handler, slow->msg);
  g_clear_pointer (&slow->body, g_bytes_unref);
  g_clear_object (&slow->msg);
  g_free (slow);
}

static gboolean
on_slow_tick_cb (gpointer user_data)
{
  SlowReply *slow = user_data;
  g_autoptr(SoupServerMessage) msg = g_object_ref (slow->msg);
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  gsize size = g_bytes_get_size (slow->body);
  gsize n = MIN (slow->per_tick, size - slow->offset);

  if (n > 0)
    {
      g_autoptr(GBytes) piece = g_bytes_new_from_bytes (slow->body, slow->offset, n);

      soup_message_body_append_bytes (body, piece);
      slow->offset += n;
    }

  if (slow->offset < size)
    {
      /* may finish the message (client gone) and free @slow */
      soup_server_message_unpause (msg);
      return G_SOURCE_CONTINUE;
    }

  slow->source = 0;
  slow_reply_free (slow);
  soup_message_body_complete (body);
  soup_server_message_unpause (msg);
  return G_SOURCE_REMOVE;
}

static gboolean
on_slow_start_cb (gpointer user_data)
{
  SlowReply *slow = user_data;

  slow->source = g_timeout_add (SLOW_TICK_MS, on_slow_tick_cb, slow);
  return G_SOURCE_REMOVE;
}

static void
on_slow_finished_cb (SoupServerMessage *msg,
                     gpointer           user_data)
{
  SlowReply *slow = user_data;

  /* The client went away, or the last piece went out. */
  slow->finished_handler = 0;
  slow_reply_free (slow);
}

/* Reply hook: holds (stall_ms) or paces (slow) the handler's reply. */
static gboolean
on_reply_cb (MdSandboxServer   *server,
             SoupServerMessage *msg,
             gpointer           user_data)
{
  MdSandboxFault *fault = g_object_get_data (G_OBJECT (msg), FAULT_KEY);
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
  SlowReply *slow;
  goffset sent;
  guint delay_ms;

  if (fault == NULL || soup_server_message_get_status (msg) == 0)
    return FALSE;

  if (fault->action == MD_SANDBOX_FAULT_ACTION_STALL)
    {
      soup_server_message_pause (msg);
      g_timeout_add_full (G_PRIORITY_DEFAULT, fault->stall_ms, on_stall_done_cb,
                          g_object_ref (msg), g_object_unref);
      return FALSE;
    }
  if (fault->action != MD_SANDBOX_FAULT_ACTION_SLOW)
    return FALSE;

  /* The request's bytes "arrive" at the link's speed before the answer... */
  sent = MAX (soup_message_headers_get_content_length (request_headers), 0);
  delay_ms = (guint) MIN ((guint64) sent / fault->bytes_per_second * 1000
                          + (guint64) sent % fault->bytes_per_second * 1000 / fault->bytes_per_second,
                          3600 * 1000);

  /* ...and the answer leaves at that speed, in chunks. */
  slow = g_new0 (SlowReply, 1);
  slow->msg = g_object_ref (msg);
  slow->body = soup_message_body_flatten (soup_server_message_get_response_body (msg));
  slow->per_tick = MAX (1, fault->bytes_per_second * SLOW_TICK_MS / 1000);
  soup_message_body_truncate (soup_server_message_get_response_body (msg));
  soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg), SOUP_ENCODING_CHUNKED);
  soup_server_message_pause (msg);
  slow->finished_handler = g_signal_connect (msg, "finished", G_CALLBACK (on_slow_finished_cb), slow);
  slow->source = g_timeout_add (delay_ms, on_slow_start_cb, slow);
  return FALSE;
}

static void
handle_faults_post (MdSandboxServer   *server,
                    SoupServerMessage *msg,
                    GHashTable        *params,
                    gpointer           user_data)
{
  MdSandboxFaults *faults = user_data;
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error)
      || !md_sandbox_faults_add_json (faults, json_parser_get_root (parser), &error))
    {
      md_sandbox_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_parameters", error->message);
      return;
    }
  md_sandbox_reply_json (msg, SOUP_STATUS_CREATED, md_sandbox_faults_to_json (faults));
}

static void
handle_faults_get (MdSandboxServer   *server,
                   SoupServerMessage *msg,
                   GHashTable        *params,
                   gpointer           user_data)
{
  md_sandbox_reply_json (msg, SOUP_STATUS_OK, md_sandbox_faults_to_json (user_data));
}

static void
handle_faults_delete (MdSandboxServer   *server,
                      SoupServerMessage *msg,
                      GHashTable        *params,
                      gpointer           user_data)
{
  md_sandbox_faults_clear (user_data);
  md_sandbox_reply_empty (msg, SOUP_STATUS_NO_CONTENT);
}

void
md_sandbox_fault_injector_register (MdSandboxServer *server,
                                    MdSandboxFaults *faults)
{
  md_sandbox_server_add_route (server, "POST", "/_sandbox/faults", MD_SANDBOX_ROUTE_LOOPBACK,
                               handle_faults_post, faults);
  md_sandbox_server_add_route (server, "GET", "/_sandbox/faults", MD_SANDBOX_ROUTE_LOOPBACK,
                               handle_faults_get, faults);
  md_sandbox_server_add_route (server, "DELETE", "/_sandbox/faults", MD_SANDBOX_ROUTE_LOOPBACK,
                               handle_faults_delete, faults);
  md_sandbox_server_add_early_hook (server, on_early_cb, faults);
  md_sandbox_server_add_hook (server, on_request_cb, faults);
  md_sandbox_server_add_reply_hook (server, on_reply_cb, faults);
}
