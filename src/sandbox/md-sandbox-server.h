/* md-sandbox-server.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The HTTP core of muxdesk-sandbox: a SoupServer on 127.0.0.1 with a route
 * table, Basic auth for the API routes, a pre-dispatch hook chain and the
 * JSON reply helpers every endpoint uses. See src/sandbox/README.md.
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "md-sandbox-state.h"
#include "md-sandbox-tokens.h"

G_BEGIN_DECLS

#define MD_TYPE_SANDBOX_SERVER (md_sandbox_server_get_type ())

G_DECLARE_FINAL_TYPE (MdSandboxServer, md_sandbox_server, MD, SANDBOX_SERVER, GObject)

typedef enum {
  MD_SANDBOX_ROUTE_PUBLIC   = 0,       /* stream, image, stats, upload url */
  MD_SANDBOX_ROUTE_AUTH     = 1 << 0,  /* API: HTTP Basic with a token that has the permission */
  MD_SANDBOX_ROUTE_LOOPBACK = 1 << 1,  /* admin: loopback peers only */
} MdSandboxRouteFlags;

/* @params maps the route's {name} segments to their (unescaped) values. */
typedef void (*MdSandboxHandler) (MdSandboxServer   *server,
                                  SoupServerMessage *msg,
                                  GHashTable        *params,
                                  gpointer           user_data);

/* Runs for every request before routing (after the body was read).
 * Return TRUE when the hook answered the message: routing stops there. */
typedef gboolean (*MdSandboxHook) (MdSandboxServer   *server,
                                   SoupServerMessage *msg,
                                   gpointer           user_data);

/* Called when a request's headers arrived, before its body is read, for
 * routes added with md_sandbox_server_add_streaming_route(). It may set up
 * got-chunk handling, or answer the message at once (set a status). */
typedef void (*MdSandboxBodyStarter) (MdSandboxServer   *server,
                                      SoupServerMessage *msg,
                                      GHashTable        *params,
                                      gpointer           user_data);

/* md_sandbox_server_open_playback() answers 404 for an unknown playback id
 * and 403 when a signed one lacks a valid ?token=, and returns NULL then;
 * else the owning asset or live stream record. */

/* Decides whether a request may read a signed playback id's media.
 * @aud is "v" (video), "t" (thumbnail), "s" (storyboard) or "g" (gif).
 * Without a verifier, signed playback ids need a non-empty ?token= only. */
typedef gboolean (*MdSandboxTokenVerifier) (MdSandboxServer   *server,
                                            const char        *playback_id,
                                            const char        *aud,
                                            const char        *token,
                                            gpointer           user_data);

MdSandboxServer *md_sandbox_server_new                  (MdSandboxState        *state,
                                                         const char            *token_id,
                                                         const char            *token_secret);
gboolean         md_sandbox_server_listen               (MdSandboxServer       *self,
                                                         guint                  port,
                                                         GError               **error);
SoupServer      *md_sandbox_server_get_soup_server      (MdSandboxServer       *self);
MdSandboxTokens *md_sandbox_server_get_tokens           (MdSandboxServer       *self);
const MdSandboxToken *md_sandbox_request_get_token      (SoupServerMessage     *msg);
MdSandboxState  *md_sandbox_server_get_state            (MdSandboxServer       *self);
guint            md_sandbox_server_get_port             (MdSandboxServer       *self);
const char      *md_sandbox_server_get_base_url         (MdSandboxServer       *self);
char            *md_sandbox_server_build_url            (MdSandboxServer       *self,
                                                         const char            *format,
                                                         ...) G_GNUC_PRINTF (2, 3);

/* Options of the command line the extras act on. */
void             md_sandbox_server_set_audience         (MdSandboxServer       *self,
                                                         guint                  audience);
guint            md_sandbox_server_get_audience         (MdSandboxServer       *self);
void             md_sandbox_server_set_rate_limit       (MdSandboxServer       *self,
                                                         gboolean               enabled);
gboolean         md_sandbox_server_get_rate_limit       (MdSandboxServer       *self);

void             md_sandbox_server_add_route            (MdSandboxServer       *self,
                                                         const char            *method,
                                                         const char            *pattern,
                                                         MdSandboxRouteFlags    flags,
                                                         MdSandboxHandler       handler,
                                                         gpointer               user_data);
void             md_sandbox_server_add_streaming_route  (MdSandboxServer       *self,
                                                         const char            *method,
                                                         const char            *pattern,
                                                         MdSandboxRouteFlags    flags,
                                                         MdSandboxBodyStarter   starter,
                                                         MdSandboxHandler       handler,
                                                         gpointer               user_data);
void             md_sandbox_server_add_hook             (MdSandboxServer       *self,
                                                         MdSandboxHook          hook,
                                                         gpointer               user_data);
void             md_sandbox_server_set_token_verifier   (MdSandboxServer       *self,
                                                         MdSandboxTokenVerifier verifier,
                                                         gpointer               user_data);
JsonObject      *md_sandbox_server_open_playback        (MdSandboxServer       *self,
                                                         SoupServerMessage     *msg,
                                                         const char            *playback_id,
                                                         const char            *aud);
void             md_sandbox_server_add_early_hook       (MdSandboxServer       *self,
                                                         MdSandboxHook          hook,
                                                         gpointer               user_data);
void             md_sandbox_server_add_reply_hook       (MdSandboxServer       *self,
                                                         MdSandboxHook          hook,
                                                         gpointer               user_data);
JsonNode        *md_sandbox_server_dup_request_log      (MdSandboxServer       *self);
void             md_sandbox_server_clear_request_log    (MdSandboxServer       *self);

/* Replies. _json wraps @data (taken) in {"data": …}; _error gives Mux's
 * {"error":{"type":…,"messages":[…]}}. */
void             md_sandbox_reply_json                  (SoupServerMessage     *msg,
                                                         guint                  status,
                                                         JsonNode              *data);
void             md_sandbox_reply_node                  (SoupServerMessage     *msg,
                                                         guint                  status,
                                                         JsonNode              *root);
void             md_sandbox_reply_error                 (SoupServerMessage     *msg,
                                                         guint                  status,
                                                         const char            *type,
                                                         const char            *message);
void             md_sandbox_reply_empty                 (SoupServerMessage     *msg,
                                                         guint                  status);
void             md_sandbox_reply_bytes                 (SoupServerMessage     *msg,
                                                         guint                  status,
                                                         const char            *content_type,
                                                         GBytes                *bytes);
void             md_sandbox_reply_file                  (SoupServerMessage     *msg,
                                                         const char            *path,
                                                         const char            *content_type);
JsonObject      *md_sandbox_parse_body_object           (SoupServerMessage     *msg,
                                                         JsonNode             **out_root);
const char      *md_sandbox_query_get                   (SoupServerMessage     *msg,
                                                         const char            *name);

G_END_DECLS
