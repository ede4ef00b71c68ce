/* md-client.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-client"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "md-client-private.h"

#include "md-backoff.h"
#include "md-json-private.h"
#include "md-rate-limiter.h"

/* An answer is read this much at a time, up to MD_JSON_MAX_BYTES. */
#define READ_CHUNK_SIZE (64 * 1024)

/* libsoup 3.2 has no name for it. */
#define STATUS_TOO_MANY_REQUESTS 429

/* One client per Mux environment: one SoupSession, one token, one set of
 * rate limiters. The token secret is taken at construction and kept only
 * inside the ready-made Authorization header: it is no property, so no
 * property dump, binding or log can show it. */
struct _MdClient
{
  GObject         parent_instance;

  SoupSession    *session;
  char           *token_id;
  char           *authorization;
  char           *api_url;
  char           *stream_url;
  char           *image_url;
  char           *stats_url;
  guint           max_attempts;
  guint           retry_min_delay;
  guint           retry_max_delay;
  gboolean        rate_limit;

  /* Mux's published limits: POST to /video ~1/s, other Video ~5/s, Data ~5/s. */
  MdRateLimiter  *video_write_limiter;
  MdRateLimiter  *video_read_limiter;
  MdRateLimiter  *other_limiter;
  /* Mux asks status polling to stay at one request a second: shared by
   * every upload of the environment, whatever their number. */
  MdRateLimiter  *status_poll_limiter;
};

G_DEFINE_FINAL_TYPE (MdClient, md_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TOKEN_ID,
  PROP_API_URL,
  PROP_STREAM_URL,
  PROP_IMAGE_URL,
  PROP_STATS_URL,
  PROP_MAX_ATTEMPTS,
  PROP_RETRY_MIN_DELAY,
  PROP_RETRY_MAX_DELAY,
  PROP_RATE_LIMIT,
  PROP_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _MdRequest
{
  gatomicrefcount  ref_count;
  char            *method;
  GUri            *uri;
  MdRequestFlags   flags;
  char            *content_type;
  GBytes          *body;
  GPtrArray       *headers;   /* name, value, name, value, … */
};

typedef struct
{
  MdClient     *client;
  MdRequest    *request;
  SoupMessage  *message;
  GInputStream *stream;    /* the answer being read */
  GByteArray   *body;      /* what was read of it */
  GSource      *wait_source;
  guint         attempt;
} SendState;

typedef struct
{
  MdParseFunc        parse;
  MdObjectParseFunc  read_data;
  GDestroyNotify     free_result;
} CallState;

/* ------------------------------------------------------------------------ */
/* MdRequest                                                                */

MdRequest *
_md_request_new (const char     *method,
                 GUri           *uri,
                 MdRequestFlags  flags)
{
  MdRequest *self;

  g_return_val_if_fail (method != NULL, NULL);
  g_return_val_if_fail (uri != NULL, NULL);

  self = g_new0 (MdRequest, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->method = g_strdup (method);
  self->uri = g_uri_ref (uri);
  self->flags = flags;
  self->headers = g_ptr_array_new_with_free_func (g_free);

  if (g_str_equal (method, "GET") || g_str_equal (method, "HEAD") ||
      g_str_equal (method, "PUT") || g_str_equal (method, "DELETE"))
    self->flags |= MD_REQUEST_FLAGS_IDEMPOTENT;

  return self;
}

MdRequest *
_md_request_ref (MdRequest *self)
{
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
_md_request_unref (MdRequest *self)
{
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->method);
  g_uri_unref (self->uri);
  g_free (self->content_type);
  g_clear_pointer (&self->body, g_bytes_unref);
  g_ptr_array_unref (self->headers);
  g_free (self);
}

void
_md_request_set_body (MdRequest  *self,
                      const char *content_type,
                      GBytes     *body)
{
  g_free (self->content_type);
  self->content_type = g_strdup (content_type);
  g_clear_pointer (&self->body, g_bytes_unref);
  self->body = body != NULL ? g_bytes_ref (body) : NULL;
}

void
_md_request_set_json_body (MdRequest *self,
                           JsonNode  *body)
{
  g_autofree char *text = json_to_string (body, FALSE);
  gsize length = strlen (text);
  g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&text), length);

  _md_request_set_body (self, "application/json", bytes);
}

void
_md_request_set_header (MdRequest  *self,
                        const char *name,
                        const char *value)
{
  g_ptr_array_add (self->headers, g_strdup (name));
  g_ptr_array_add (self->headers, g_strdup (value));
}

void
_md_response_free (MdResponse *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->headers, soup_message_headers_unref);
  g_clear_pointer (&self->body, g_bytes_unref);
  g_free (self);
}

/* ------------------------------------------------------------------------ */
/* Sending: pace, send, retry                                               */

static void send_state_free (SendState *state);
static void start_attempt (GTask *task);

static void
send_state_free (SendState *state)
{
  if (state->wait_source != NULL)
    {
      g_source_destroy (state->wait_source);
      g_source_unref (state->wait_source);
    }
  g_clear_object (&state->stream);
  g_clear_pointer (&state->body, g_byte_array_unref);
  g_clear_object (&state->message);
  g_clear_pointer (&state->request, _md_request_unref);
  g_clear_object (&state->client);
  g_free (state);
}

static MdRateLimiter *
limiter_for (MdClient  *self,
             MdRequest *request)
{
  g_autofree char *uri = NULL;
  g_autofree char *video_prefix = NULL;

  if (!self->rate_limit || (request->flags & MD_REQUEST_FLAGS_NO_RATE_LIMIT) != 0)
    return NULL;

  /* Only the API host's /video tree has the stricter limits. */
  uri = g_uri_to_string (request->uri);
  video_prefix = g_strconcat (self->api_url, "/video/", NULL);
  if (g_str_has_prefix (uri, video_prefix))
    {
      if (g_str_equal (request->method, "POST"))
        return self->video_write_limiter;
      return self->video_read_limiter;
    }

  return self->other_limiter;
}

static gboolean
on_wait_done_cb (gpointer user_data)
{
  GTask *task = user_data;
  SendState *state = g_task_get_task_data (task);

  g_assert (G_IS_TASK (task));

  g_clear_pointer (&state->wait_source, g_source_unref);

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return G_SOURCE_REMOVE;
    }

  start_attempt (task); /* takes over our reference */
  return G_SOURCE_REMOVE;
}

static gboolean
on_wait_cancelled_cb (GCancellable *cancellable,
                      gpointer      user_data)
{
  /* Wakes the parent timeout early; its callback sees the cancellation. */
  return G_SOURCE_CONTINUE;
}

/* Waits @delay_ms (woken early by cancellation), then calls @then. */
static void
wait_then (GTask       *task,
           gint64       delay_ms,
           GSourceFunc  then)
{
  SendState *state = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GSource *source;

  source = g_timeout_source_new ((guint) CLAMP (delay_ms, 0, G_MAXUINT));
  g_source_set_static_name (source, "[md-client] wait");
  g_source_set_callback (source, then, task, NULL);
  if (cancellable != NULL)
    {
      g_autoptr(GSource) cancel_source = g_cancellable_source_new (cancellable);

      g_source_set_callback (cancel_source, G_SOURCE_FUNC (on_wait_cancelled_cb), NULL, NULL);
      g_source_add_child_source (source, cancel_source);
    }
  g_source_attach (source, g_task_get_context (task));
  state->wait_source = source;
}

static gboolean
should_retry_status (SendState *state,
                     guint      status)
{
  gboolean idempotent = (state->request->flags & MD_REQUEST_FLAGS_IDEMPOTENT) != 0;

  if (state->attempt >= state->client->max_attempts)
    return FALSE;

  /* A 429 was refused before any work: safe to repeat even for a POST. */
  if (status == STATUS_TOO_MANY_REQUESTS)
    return TRUE;

  return idempotent && (status == SOUP_STATUS_BAD_GATEWAY ||
                        status == SOUP_STATUS_SERVICE_UNAVAILABLE ||
                        status == SOUP_STATUS_GATEWAY_TIMEOUT ||
                        status == SOUP_STATUS_REQUEST_TIMEOUT);
}

static gint64
backoff_ms (SendState *state)
{
  return md_backoff_delay_ms (state->attempt,
                              state->client->retry_min_delay,
                              state->client->retry_max_delay,
                              g_random_double ());
}

static void
retry_later (GTask  *task,
             gint64  delay_ms)
{
  SendState *state = g_task_get_task_data (task);

  g_debug ("Retrying %s %s in %" G_GINT64_FORMAT " ms (attempt %u failed)",
           state->request->method, g_uri_get_path (state->request->uri),
           delay_ms, state->attempt);
  wait_then (task, delay_ms, on_wait_done_cb);
}

/* What one attempt got: @body (the whole answer) or @error. Takes @task. */
static void
finish_attempt (GTask        *task_in,
                GBytes       *body,
                const GError *error)
{
  g_autoptr(GTask) task = task_in;
  SendState *state = g_task_get_task_data (task);
  MdResponse *response;
  guint status;

  if (error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_error_copy (error));
          return;
        }

      if ((state->request->flags & MD_REQUEST_FLAGS_IDEMPOTENT) != 0 &&
          state->attempt < state->client->max_attempts)
        {
          retry_later (g_steal_pointer (&task), backoff_ms (state));
          return;
        }

      g_task_return_new_error (task, MD_CLIENT_ERROR, MD_CLIENT_ERROR_NETWORK,
                               _("The connection to %s failed: %s"),
                               g_uri_get_host (state->request->uri), error->message);
      return;
    }

  status = soup_message_get_status (state->message);

  if (should_retry_status (state, status))
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      const char *retry_after =
        soup_message_headers_get_one (soup_message_get_response_headers (state->message), "Retry-After");

      retry_later (g_steal_pointer (&task),
                   md_backoff_retry_delay_ms (status, retry_after, now, state->attempt,
                                              state->client->retry_min_delay,
                                              state->client->retry_max_delay,
                                              g_random_double ()));
      return;
    }

  /* A DELETE repeated after a lost answer finds the object already gone. */
  if (status == SOUP_STATUS_NOT_FOUND && state->attempt > 1 &&
      g_str_equal (state->request->method, "DELETE"))
    status = SOUP_STATUS_NO_CONTENT;
  else if (status >= 400)
    {
      g_task_return_error (task, md_client_error_new_for_response (status, body));
      return;
    }

  response = g_new0 (MdResponse, 1);
  response->status = status;
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (state->message));
  response->body = g_bytes_ref (body);
  g_task_return_pointer (task, response, (GDestroyNotify) _md_response_free);
}

static void
on_stream_closed_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  /* An answer left unread only costs its connection. */
  g_input_stream_close_finish (G_INPUT_STREAM (object), result, NULL);
}

static void
close_stream (SendState *state)
{
  if (state->stream == NULL)
    return;
  g_input_stream_close_async (state->stream, G_PRIORITY_DEFAULT, NULL, on_stream_closed_cb, NULL);
  g_clear_object (&state->stream);
}

/* No answer of the API comes near the limit: refusing one early keeps a
 * broken or hostile server from filling memory. Takes @task. */
static void
return_too_large (GTask *task)
{
  SendState *state = g_task_get_task_data (task);
  g_autofree char *limit = g_format_size_full (MD_JSON_MAX_BYTES, G_FORMAT_SIZE_IEC_UNITS);

  close_stream (state);
  g_clear_pointer (&state->body, g_byte_array_unref);
  g_task_return_new_error (task, MD_CLIENT_ERROR, MD_CLIENT_ERROR_BAD_RESPONSE,
                           _("The answer from %s is too large (more than %s); Muxdesk stopped reading it."),
                           g_uri_get_host (state->request->uri), limit);
  g_object_unref (task);
}

static void on_body_read_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data);

static void
read_more (GTask *task)
{
  SendState *state = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (state->stream, READ_CHUNK_SIZE, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), on_body_read_cb, task);
}

static void
on_body_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  SendState *state = g_task_get_task_data (task);
  g_autoptr(GBytes) chunk = NULL;
  g_autoptr(GError) error = NULL;

  g_assert (G_IS_INPUT_STREAM (object));
  g_assert (G_IS_TASK (task));

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (chunk == NULL)
    {
      /* Cut off mid-answer: as if the connection had failed at once. */
      close_stream (state);
      g_clear_pointer (&state->body, g_byte_array_unref);
      finish_attempt (task, NULL, error);
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      g_autoptr(GBytes) body = g_byte_array_free_to_bytes (g_steal_pointer (&state->body));

      close_stream (state);
      finish_attempt (task, body, NULL);
      return;
    }

  /* Stop at the limit: the rest is never read, let alone kept. */
  if (state->body->len + g_bytes_get_size (chunk) > MD_JSON_MAX_BYTES)
    {
      return_too_large (task);
      return;
    }

  g_byte_array_append (state->body, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  read_more (task);
}

static void
on_sent_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  SendState *state = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;

  g_assert (SOUP_IS_SESSION (object));
  g_assert (G_IS_TASK (task));

  state->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (state->stream == NULL)
    {
      finish_attempt (task, NULL, error);
      return;
    }

  /* An answer announced too large is refused before a byte of it is read. */
  headers = soup_message_get_response_headers (state->message);
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > MD_JSON_MAX_BYTES)
    {
      return_too_large (task);
      return;
    }

  state->body = g_byte_array_new ();
  read_more (task);
}

static void
send_now (GTask *task)
{
  SendState *state = g_task_get_task_data (task);
  MdRequest *request = state->request;
  SoupMessageHeaders *headers;

  g_clear_object (&state->message);
  state->message = soup_message_new_from_uri (request->method, request->uri);
  soup_message_add_flags (state->message, SOUP_MESSAGE_NO_REDIRECT);

  headers = soup_message_get_request_headers (state->message);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if ((request->flags & MD_REQUEST_FLAGS_NO_AUTH) == 0)
    soup_message_headers_replace (headers, "Authorization", state->client->authorization);
  for (guint i = 0; i + 1 < request->headers->len; i += 2)
    soup_message_headers_replace (headers,
                                  g_ptr_array_index (request->headers, i),
                                  g_ptr_array_index (request->headers, i + 1));

  if (request->body != NULL)
    soup_message_set_request_body_from_bytes (state->message, request->content_type, request->body);

  soup_session_send_async (state->client->session,
                           state->message,
                           G_PRIORITY_DEFAULT,
                           g_task_get_cancellable (task),
                           on_sent_cb,
                           task);
}

static gboolean
on_paced_cb (gpointer user_data)
{
  GTask *task = user_data;
  SendState *state = g_task_get_task_data (task);

  g_clear_pointer (&state->wait_source, g_source_unref);

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return G_SOURCE_REMOVE;
    }

  send_now (task);
  return G_SOURCE_REMOVE;
}

/* Takes a reference on @task that the attempt's callback releases. */
static void
start_attempt (GTask *task)
{
  SendState *state = g_task_get_task_data (task);
  MdRateLimiter *limiter;
  gint64 delay_us = 0;

  state->attempt++;

  limiter = limiter_for (state->client, state->request);
  if (limiter != NULL)
    delay_us = md_rate_limiter_reserve (limiter, g_get_monotonic_time ());

  if (delay_us > 0)
    wait_then (task, (delay_us + 999) / 1000, on_paced_cb);
  else
    send_now (task);
}

void
_md_client_send_async (MdClient            *self,
                       MdRequest           *request,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SendState *state;

  g_return_if_fail (MD_IS_CLIENT (self));
  g_return_if_fail (request != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _md_client_send_async);

  state = g_new0 (SendState, 1);
  state->client = g_object_ref (self);
  state->request = _md_request_ref (request);
  g_task_set_task_data (task, state, (GDestroyNotify) send_state_free);

  start_attempt (g_steal_pointer (&task));
}

/**
 * _md_client_send_finish:
 *
 * Returns: (transfer full) (nullable): the answer (status < 400), or %NULL
 *   with an %MD_CLIENT_ERROR or %G_IO_ERROR_CANCELLED
 */
MdResponse *
_md_client_send_finish (MdClient      *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (MD_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == _md_client_send_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------ */
/* JSON calls                                                               */

static void
on_call_sent_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CallState *state = g_task_get_task_data (task);
  g_autoptr(MdResponse) response = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  gpointer parsed;

  g_assert (MD_IS_CLIENT (object));
  g_assert (G_IS_TASK (task));

  response = _md_client_send_finish (MD_CLIENT (object), result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (state->parse == NULL && state->read_data == NULL)
    {
      /* Mux confirms a deletion with no body (204). A body that is not JSON
       * (a proxy's page, a broken answer) confirms nothing: the object may
       * well be still there. */
      if (response->body != NULL && g_bytes_get_size (response->body) > 0 &&
          (root = _md_json_parse_bytes (response->body, &error)) == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_task_return_boolean (task, TRUE);
      return;
    }

  root = _md_json_parse_bytes (response->body, &error);
  if (root == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (state->read_data != NULL)
    {
      JsonObject *data = _md_json_get_data_object (root, &error);

      parsed = data != NULL ? state->read_data (data, &error) : NULL;
    }
  else
    parsed = state->parse (root, &error);
  if (parsed == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, parsed, state->free_result);
}

static void
call_async (MdClient            *self,
            MdRequest           *request,
            MdParseFunc          parse,
            MdObjectParseFunc    read_data,
            GDestroyNotify       free_result,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CallState *state;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  state = g_new0 (CallState, 1);
  state->parse = parse;
  state->read_data = read_data;
  state->free_result = free_result;
  g_task_set_task_data (task, state, g_free);

  _md_client_send_async (self, request, cancellable, on_call_sent_cb, g_steal_pointer (&task));
}

void
_md_client_call_async (MdClient            *self,
                       MdRequest           *request,
                       MdParseFunc          parse,
                       GDestroyNotify       free_result,
                       gpointer             source_tag,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_return_if_fail (MD_IS_CLIENT (self));

  call_async (self, request, parse, NULL, free_result,
              source_tag, cancellable, callback, user_data);
}

void
_md_client_call_data_async (MdClient            *self,
                            MdRequest           *request,
                            MdObjectParseFunc    read_data,
                            gpointer             source_tag,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (MD_IS_CLIENT (self));

  call_async (self, request, NULL, read_data, read_data != NULL ? g_object_unref : NULL,
              source_tag, cancellable, callback, user_data);
}

MdRequest *
_md_client_new_api_request (MdClient          *self,
                            const char        *method,
                            const char        *path,
                            const char *const *query,
                            JsonNode          *body)
{
  g_autoptr(GUri) uri = NULL;
  MdRequest *request;

  g_return_val_if_fail (MD_IS_CLIENT (self), NULL);

  uri = _md_client_build_uri (self, MD_HOST_API, path, query);
  request = _md_request_new (method, uri, MD_REQUEST_FLAGS_NONE);
  if (body != NULL)
    _md_request_set_json_body (request, body);

  return request;
}

void
_md_client_call_api_async (MdClient            *self,
                           const char          *method,
                           const char          *path,
                           const char *const   *query,
                           JsonNode            *body,
                           MdObjectParseFunc    read_data,
                           gpointer             source_tag,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(MdRequest) request = NULL;

  g_return_if_fail (MD_IS_CLIENT (self));

  request = _md_client_new_api_request (self, method, path, query, body);
  _md_client_call_data_async (self, request, read_data,
                              source_tag, cancellable, callback, user_data);
}

gpointer
_md_client_call_finish (MdClient      *self,
                        GAsyncResult  *result,
                        gpointer       source_tag,
                        GError       **error)
{
  g_return_val_if_fail (MD_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
_md_client_call_finish_boolean (MdClient      *self,
                                GAsyncResult  *result,
                                gpointer       source_tag,
                                GError       **error)
{
  g_return_val_if_fail (MD_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------------ */
/* URLs                                                                     */

char *
_md_escape_segment (const char *segment)
{
  return g_uri_escape_string (segment, NULL, FALSE);
}

static const char *
base_for (MdClient *self,
          MdHost    host)
{
  switch (host)
    {
    case MD_HOST_STREAM: return self->stream_url;
    case MD_HOST_IMAGE: return self->image_url;
    case MD_HOST_STATS: return self->stats_url;
    case MD_HOST_API:
    default:
      return self->api_url;
    }
}

/**
 * _md_client_build_uri:
 * @path: starts with '/', segments already escaped
 * @query: (nullable): name, value pairs; names are used as given
 *   ("timeframe[]"), values are escaped
 */
GUri *
_md_client_build_uri (MdClient          *self,
                      MdHost             host,
                      const char        *path,
                      const char *const *query)
{
  g_autoptr(GString) text = g_string_new (base_for (self, host));
  g_autoptr(GError) error = NULL;
  GUri *uri;

  g_string_append (text, path);
  for (guint i = 0; query != NULL && query[i] != NULL && query[i + 1] != NULL; i += 2)
    {
      g_autofree char *value = g_uri_escape_string (query[i + 1], NULL, FALSE);

      g_string_append_c (text, i == 0 ? '?' : '&');
      g_string_append (text, query[i]);
      g_string_append_c (text, '=');
      g_string_append (text, value);
    }

  uri = g_uri_parse (text->str, SOUP_HTTP_URI_FLAGS, &error);
  if (uri == NULL)
    {
      /* The base URLs are checked when set, so this is a programming error. */
      g_critical ("Invalid request URL: %s", error->message);
    }

  return uri;
}

/* Base URLs are stored without a trailing slash; only http(s) is allowed. */
static gboolean
set_base_url (char       **field,
              const char  *url)
{
  g_autofree char *normalized = NULL;
  g_autoptr(GUri) uri = NULL;

  g_return_val_if_fail (url != NULL, FALSE);

  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  g_return_val_if_fail (uri != NULL, FALSE);
  g_return_val_if_fail (g_strcmp0 (g_uri_get_scheme (uri), "http") == 0 ||
                        g_strcmp0 (g_uri_get_scheme (uri), "https") == 0, FALSE);

  normalized = g_strdup (url);
  while (g_str_has_suffix (normalized, "/"))
    normalized[strlen (normalized) - 1] = '\0';

  return _md_set_str (field, normalized);
}

/* ------------------------------------------------------------------------ */
/* GObject                                                                  */

static void
md_client_dispose (GObject *object)
{
  MdClient *self = (MdClient *)object;

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (md_client_parent_class)->dispose (object);
}

static void
md_client_finalize (GObject *object)
{
  MdClient *self = (MdClient *)object;

  if (self->authorization != NULL)
    explicit_bzero (self->authorization, strlen (self->authorization));
  g_clear_pointer (&self->authorization, g_free);
  g_clear_pointer (&self->token_id, g_free);
  g_clear_pointer (&self->api_url, g_free);
  g_clear_pointer (&self->stream_url, g_free);
  g_clear_pointer (&self->image_url, g_free);
  g_clear_pointer (&self->stats_url, g_free);
  g_clear_pointer (&self->video_write_limiter, md_rate_limiter_free);
  g_clear_pointer (&self->video_read_limiter, md_rate_limiter_free);
  g_clear_pointer (&self->other_limiter, md_rate_limiter_free);
  g_clear_pointer (&self->status_poll_limiter, md_rate_limiter_free);

  G_OBJECT_CLASS (md_client_parent_class)->finalize (object);
}

static void
md_client_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  MdClient *self = MD_CLIENT (object);

  switch (prop_id)
    {
    case PROP_TOKEN_ID: g_value_set_string (value, self->token_id); break;
    case PROP_API_URL: g_value_set_string (value, self->api_url); break;
    case PROP_STREAM_URL: g_value_set_string (value, self->stream_url); break;
    case PROP_IMAGE_URL: g_value_set_string (value, self->image_url); break;
    case PROP_STATS_URL: g_value_set_string (value, self->stats_url); break;
    case PROP_MAX_ATTEMPTS: g_value_set_uint (value, self->max_attempts); break;
    case PROP_RETRY_MIN_DELAY: g_value_set_uint (value, self->retry_min_delay); break;
    case PROP_RETRY_MAX_DELAY: g_value_set_uint (value, self->retry_max_delay); break;
    case PROP_RATE_LIMIT: g_value_set_boolean (value, self->rate_limit); break;
    case PROP_TIMEOUT: g_value_set_uint (value, soup_session_get_timeout (self->session)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
set_uint_prop (MdClient *self,
               guint    *field,
               guint     value,
               guint     prop_id)
{
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
md_client_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  MdClient *self = MD_CLIENT (object);

  switch (prop_id)
    {
    case PROP_TOKEN_ID:
      self->token_id = g_value_dup_string (value);
      break;
    case PROP_API_URL:
      md_client_set_api_url (self, g_value_get_string (value));
      break;
    case PROP_STREAM_URL:
      md_client_set_stream_url (self, g_value_get_string (value));
      break;
    case PROP_IMAGE_URL:
      md_client_set_image_url (self, g_value_get_string (value));
      break;
    case PROP_STATS_URL:
      md_client_set_stats_url (self, g_value_get_string (value));
      break;
    case PROP_MAX_ATTEMPTS:
      set_uint_prop (self, &self->max_attempts, g_value_get_uint (value), prop_id);
      break;
    case PROP_RETRY_MIN_DELAY:
      set_uint_prop (self, &self->retry_min_delay, g_value_get_uint (value), prop_id);
      break;
    case PROP_RETRY_MAX_DELAY:
      set_uint_prop (self, &self->retry_max_delay, g_value_get_uint (value), prop_id);
      break;
    case PROP_RATE_LIMIT:
      if (self->rate_limit != g_value_get_boolean (value))
        {
          self->rate_limit = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_TIMEOUT:
      if (soup_session_get_timeout (self->session) != g_value_get_uint (value))
        {
          soup_session_set_timeout (self->session, g_value_get_uint (value));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define RW (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static void
md_client_class_init (MdClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = md_client_dispose;
  object_class->finalize = md_client_finalize;
  object_class->get_property = md_client_get_property;
  object_class->set_property = md_client_set_property;

  /* The token id is not secret (it names the token); the secret is no property. */
  properties[PROP_TOKEN_ID] =
    g_param_spec_string ("token-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_API_URL] = g_param_spec_string ("api-url", NULL, NULL, MD_DEFAULT_API_URL, RW);
  properties[PROP_STREAM_URL] =
    g_param_spec_string ("stream-url", NULL, NULL, MD_DEFAULT_STREAM_URL, RW);
  properties[PROP_IMAGE_URL] =
    g_param_spec_string ("image-url", NULL, NULL, MD_DEFAULT_IMAGE_URL, RW);
  properties[PROP_STATS_URL] =
    g_param_spec_string ("stats-url", NULL, NULL, MD_DEFAULT_STATS_URL, RW);

  /**
   * MdClient:max-attempts:
   *
   * How many times a request is sent at most (the first try included)
   * when it meets a 429, a 502/503/504 or a dropped connection.
   */
  properties[PROP_MAX_ATTEMPTS] =
    g_param_spec_uint ("max-attempts", NULL, NULL, 1, 20, 5, RW);

  /**
   * MdClient:retry-min-delay:
   *
   * The first backoff delay in milliseconds; it doubles per attempt
   * (with jitter) up to #MdClient:retry-max-delay. Tests lower both to
   * keep retries quick; the app keeps the defaults.
   */
  properties[PROP_RETRY_MIN_DELAY] =
    g_param_spec_uint ("retry-min-delay", NULL, NULL, 0, G_MAXINT32, 500, RW);

  /**
   * MdClient:retry-max-delay:
   *
   * The longest wait between attempts in milliseconds. It also caps a
   * server's `Retry-After`, so one answer cannot stall the app for long.
   */
  properties[PROP_RETRY_MAX_DELAY] =
    g_param_spec_uint ("retry-max-delay", NULL, NULL, 0, G_MAXINT32, 30000, RW);

  /**
   * MdClient:rate-limit:
   *
   * Whether requests are paced to Mux's published limits. Turn it off
   * only against a local server (the sandbox with `--no-rate-limit`),
   * e.g. for benchmarks.
   */
  properties[PROP_RATE_LIMIT] = g_param_spec_boolean ("rate-limit", NULL, NULL, TRUE, RW);

  /**
   * MdClient:timeout:
   *
   * Seconds a connection may stay silent before the request fails as a
   * network error (and is retried if it is safe to). 0 waits forever.
   */
  properties[PROP_TIMEOUT] = g_param_spec_uint ("timeout", NULL, NULL, 0, 3600, 60, RW);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
md_client_init (MdClient *self)
{
  self->session = soup_session_new_with_options ("user-agent", "Muxdesk/" PACKAGE_VERSION,
                                                 "timeout", 60,
                                                 "idle-timeout", 60,
                                                 NULL);
  self->api_url = g_strdup (MD_DEFAULT_API_URL);
  self->stream_url = g_strdup (MD_DEFAULT_STREAM_URL);
  self->image_url = g_strdup (MD_DEFAULT_IMAGE_URL);
  self->stats_url = g_strdup (MD_DEFAULT_STATS_URL);
  self->max_attempts = 5;
  self->retry_min_delay = 500;
  self->retry_max_delay = 30000;
  self->rate_limit = TRUE;
  self->video_write_limiter = md_rate_limiter_new (1, 1);
  self->video_read_limiter = md_rate_limiter_new (5, 5);
  self->other_limiter = md_rate_limiter_new (5, 5);
  self->status_poll_limiter = md_rate_limiter_new (1, 1);
}

/**
 * md_client_reserve_status_poll:
 *
 * Takes the next turn for a status request (an upload or an asset polled
 * until it is ready). All pollers of the client share one request a second,
 * as Mux asks, on top of the API's own rate limits; a poller waits the
 * returned time, then sends. Unlike the rate limits, this pacing is always
 * on.
 *
 * Returns: how long to wait before sending, in microseconds (0 = now)
 */
gint64
md_client_reserve_status_poll (MdClient *self)
{
  g_return_val_if_fail (MD_IS_CLIENT (self), 0);

  return md_rate_limiter_reserve (self->status_poll_limiter, g_get_monotonic_time ());
}

/**
 * md_client_new:
 * @token_id: the access token's id
 * @token_secret: its secret; kept only in memory, never logged or exposed
 *
 * Returns: (transfer full): a client for the environment the token belongs
 *   to, talking to Mux's hosts until told otherwise
 */
MdClient *
md_client_new (const char *token_id,
               const char *token_secret)
{
  MdClient *self;
  g_autofree char *pair = NULL;
  g_autofree char *encoded = NULL;

  g_return_val_if_fail (token_id != NULL, NULL);
  g_return_val_if_fail (token_secret != NULL, NULL);

  self = g_object_new (MD_TYPE_CLIENT, "token-id", token_id, NULL);

  pair = g_strconcat (token_id, ":", token_secret, NULL);
  encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
  self->authorization = g_strconcat ("Basic ", encoded, NULL);
  explicit_bzero (pair, strlen (pair));
  explicit_bzero (encoded, strlen (encoded));

  return self;
}

const char *
md_client_get_token_id (MdClient *self)
{
  g_return_val_if_fail (MD_IS_CLIENT (self), NULL);

  return self->token_id;
}

#define URL_ACCESSORS(name, PROP) \
  const char * \
  md_client_get_##name (MdClient *self) \
  { \
    g_return_val_if_fail (MD_IS_CLIENT (self), NULL); \
    return self->name; \
  } \
  void \
  md_client_set_##name (MdClient   *self, \
                        const char *url) \
  { \
    g_return_if_fail (MD_IS_CLIENT (self)); \
    if (set_base_url (&self->name, url)) \
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]); \
  }

URL_ACCESSORS (api_url, PROP_API_URL)
URL_ACCESSORS (stream_url, PROP_STREAM_URL)
URL_ACCESSORS (image_url, PROP_IMAGE_URL)
URL_ACCESSORS (stats_url, PROP_STATS_URL)
