/* md-sandbox-credentials.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sandbox's own access token pair, generated once and kept in
 * DIR/credentials.json (mode 0600) so a restart reuses it.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean md_sandbox_credentials_load_or_create (const char  *state_dir,
                                                char       **out_token_id,
                                                char       **out_token_secret,
                                                GError     **error);

G_END_DECLS
