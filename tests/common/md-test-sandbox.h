/* md-test-sandbox.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starts a real muxdesk-sandbox ($MUXDESK_SANDBOX) on 127.0.0.1 for a test
 * and talks to its admin and API endpoints.
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct _MdTestSandbox MdTestSandbox;

MdTestSandbox *md_test_sandbox_start            (const char *const *extra_args,
                                                 GError           **error);
const char    *md_test_sandbox_get_api_url      (MdTestSandbox     *sandbox);
const char    *md_test_sandbox_get_stream_url   (MdTestSandbox     *sandbox);
const char    *md_test_sandbox_get_image_url    (MdTestSandbox     *sandbox);
const char    *md_test_sandbox_get_stats_url    (MdTestSandbox     *sandbox);
const char    *md_test_sandbox_get_upload_url   (MdTestSandbox     *sandbox);
const char    *md_test_sandbox_get_admin_url    (MdTestSandbox     *sandbox);
const char    *md_test_sandbox_get_token_id     (MdTestSandbox     *sandbox);
const char    *md_test_sandbox_get_token_secret (MdTestSandbox     *sandbox);
const char    *md_test_sandbox_get_state_dir    (MdTestSandbox     *sandbox);
gboolean       md_test_sandbox_admin            (MdTestSandbox     *sandbox,
                                                 const char        *method,
                                                 const char        *path,
                                                 const char        *json_body,
                                                 JsonNode         **out_reply,
                                                 GError           **error);
/* A synchronous API request with the sandbox's Basic credentials. Returns
 * the HTTP status (0 on a transport error, with @error set); @out_reply gets
 * the parsed JSON body, or NULL when the body is empty or not JSON. */
guint          md_test_sandbox_api              (MdTestSandbox     *sandbox,
                                                 const char        *method,
                                                 const char        *path,
                                                 const char        *json_body,
                                                 JsonNode         **out_reply,
                                                 GError           **error);
/* The sandbox's request log (/_sandbox/requests), oldest first: one object
 * per request (method, path, query, status, content_range, ...). Fails the
 * test if it cannot be read. */
JsonArray     *md_test_sandbox_request_log      (MdTestSandbox     *sandbox);
void           md_test_sandbox_clear_request_log (MdTestSandbox    *sandbox);
/* The `token` query values of the logged requests (/_sandbox/requests)
 * whose path ends with @path_suffix, oldest first. */
GPtrArray     *md_test_sandbox_request_tokens   (MdTestSandbox     *sandbox,
                                                 const char        *path_suffix);
/* How many logged requests have exactly @path (any method). */
guint          md_test_sandbox_count_requests   (MdTestSandbox     *sandbox,
                                                 const char        *path);
/* Whether the live rendition playlist of @playback_id lists @n segments
 * yet (before the broadcast's first, it is a 404, as on Mux). */
gboolean       md_test_sandbox_live_has_segments (MdTestSandbox    *sandbox,
                                                  const char       *playback_id,
                                                  guint             n);
void           md_test_sandbox_stop             (MdTestSandbox     *sandbox);

/* The claims of a JWT, read without checking it (the sandbox does). */
JsonObject    *md_test_jwt_get_claims           (const char        *token);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdTestSandbox, md_test_sandbox_stop)

G_END_DECLS
