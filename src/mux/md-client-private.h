/* md-client-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "md-client.h"
#include "md-json-private.h"

G_BEGIN_DECLS

/* The request machinery under every call, kept apart from the calls so the
 * upload engine (chunked PUTs to an upload URL) can reuse the retries,
 * pacing, error mapping and cancellation. */

typedef enum
{
  MD_HOST_API,
  MD_HOST_STREAM,
  MD_HOST_IMAGE,
  MD_HOST_STATS,
} MdHost;

typedef enum
{
  MD_REQUEST_FLAGS_NONE          = 0,
  /* Safe to repeat: retried after network errors and 502/503/504.
   * Set automatically for GET, HEAD, PUT and DELETE. */
  MD_REQUEST_FLAGS_IDEMPOTENT    = 1 << 0,
  /* No Authorization header (upload URLs, the stats host). */
  MD_REQUEST_FLAGS_NO_AUTH       = 1 << 1,
  /* Not paced by the client's rate limiter (upload URLs). */
  MD_REQUEST_FLAGS_NO_RATE_LIMIT = 1 << 2,
} MdRequestFlags;

typedef struct _MdRequest MdRequest;

MdRequest *_md_request_new           (const char     *method,
                                      GUri           *uri,
                                      MdRequestFlags  flags);
MdRequest *_md_request_ref           (MdRequest      *self);
void       _md_request_unref         (MdRequest      *self);
void       _md_request_set_body      (MdRequest      *self,
                                      const char     *content_type,
                                      GBytes         *body);
void       _md_request_set_json_body (MdRequest      *self,
                                      JsonNode       *body);
void       _md_request_set_header    (MdRequest      *self,
                                      const char     *name,
                                      const char     *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdRequest, _md_request_unref)

typedef struct
{
  guint               status;
  SoupMessageHeaders *headers;
  GBytes             *body;
} MdResponse;

void _md_response_free (MdResponse *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdResponse, _md_response_free)

/* @query: name, value pairs ending at the first NULL name or value, so a
 * trailing optional pair can be switched off with a NULL. Values are escaped. */
GUri       *_md_client_build_uri  (MdClient            *self,
                                   MdHost               host,
                                   const char          *path,
                                   const char *const   *query);
char       *_md_escape_segment    (const char          *segment);

/* Sends @request with pacing and retries. Succeeds for any status < 400
 * (e.g. 308 for upload chunks); a status >= 400 left after retries fails
 * with its MD_CLIENT_ERROR code and Mux's message. */
void        _md_client_send_async  (MdClient            *self,
                                    MdRequest           *request,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
MdResponse *_md_client_send_finish (MdClient            *self,
                                    GAsyncResult        *result,
                                    GError             **error);

/* Sends @request and turns the JSON answer into a result with @parse (a
 * pure function, unit-tested apart from the network). A NULL @parse makes
 * a call whose result is a boolean (DELETE -> 204). */
typedef gpointer (*MdParseFunc) (JsonNode  *root,
                                 GError   **error);

void        _md_client_call_async          (MdClient            *self,
                                            MdRequest           *request,
                                            MdParseFunc          parse,
                                            GDestroyNotify       free_result,
                                            gpointer             source_tag,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gpointer    _md_client_call_finish         (MdClient            *self,
                                            GAsyncResult        *result,
                                            gpointer             source_tag,
                                            GError             **error);
gboolean    _md_client_call_finish_boolean (MdClient            *self,
                                            GAsyncResult        *result,
                                            gpointer             source_tag,
                                            GError             **error);

/* A model's _new_from_json() as a reader for the calls below. */
#define MD_DATA_READER(reader) ((MdObjectParseFunc) (reader))

/* As _md_client_call_async(), for the common answer `{"data": {...}}`:
 * the `data` object becomes the result through @read_data, a model reader
 * such as md_asset_new_from_json() (so the result is an object). A NULL
 * @read_data makes a boolean call. */
void        _md_client_call_data_async     (MdClient            *self,
                                            MdRequest           *request,
                                            MdObjectParseFunc    read_data,
                                            gpointer             source_tag,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);

/* A request to the API host; @query as for _md_client_build_uri(), @body
 * (nullable) sent as JSON. */
MdRequest  *_md_client_new_api_request     (MdClient            *self,
                                            const char          *method,
                                            const char          *path,
                                            const char *const   *query,
                                            JsonNode            *body);

/* Most API calls in one line: _md_client_new_api_request() sent with
 * _md_client_call_data_async(). */
void        _md_client_call_api_async      (MdClient            *self,
                                            const char          *method,
                                            const char          *path,
                                            const char *const   *query,
                                            JsonNode            *body,
                                            MdObjectParseFunc    read_data,
                                            gpointer             source_tag,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);

G_END_DECLS
