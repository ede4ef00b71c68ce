/* md-sandbox-tokens.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The access tokens the sandbox accepts: its own pair (every permission)
 * and the extra ones made through POST /_sandbox/tokens with the
 * permissions a test asks for. Extra tokens are kept in DIR/tokens.json
 * (mode 0600) with a SHA-256 of their secret only, as Mux keeps a hash.
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct
{
  char   *id;
  char   *name;
  GStrv   permissions;     /* e.g. "video:read", "system:write" */
  char   *secret_sha256;   /* NULL for the sandbox's own pair */
  gint64  created_at;
} MdSandboxToken;

#define MD_TYPE_SANDBOX_TOKENS (md_sandbox_tokens_get_type ())

G_DECLARE_FINAL_TYPE (MdSandboxTokens, md_sandbox_tokens, MD, SANDBOX_TOKENS, GObject)

MdSandboxTokens      *md_sandbox_tokens_new                 (const char          *main_token_id,
                                                             const char          *main_token_secret);
gboolean              md_sandbox_tokens_load                (MdSandboxTokens     *self,
                                                             const char          *state_dir,
                                                             GError             **error);
const char           *md_sandbox_tokens_get_environment_id  (MdSandboxTokens     *self);
const MdSandboxToken *md_sandbox_tokens_authenticate        (MdSandboxTokens     *self,
                                                             const char          *authorization);
const MdSandboxToken *md_sandbox_tokens_create              (MdSandboxTokens     *self,
                                                             const char          *name,
                                                             const char * const  *permissions,
                                                             char               **out_secret,
                                                             GError             **error);

const char           *md_sandbox_token_required_permission  (const char          *method,
                                                             const char          *path);
gboolean              md_sandbox_token_allows               (const MdSandboxToken *token,
                                                             const char          *permission);

G_END_DECLS
