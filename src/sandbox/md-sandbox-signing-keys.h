/* md-sandbox-signing-keys.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define MD_TYPE_SANDBOX_SIGNING_KEYS (md_sandbox_signing_keys_get_type ())

G_DECLARE_FINAL_TYPE (MdSandboxSigningKeys, md_sandbox_signing_keys, MD, SANDBOX_SIGNING_KEYS, GObject)

gboolean              md_sandbox_rsa_generate                (char                 **out_private_key_b64,
                                                              char                 **out_public_pem,
                                                              GError               **error);

MdSandboxSigningKeys *md_sandbox_signing_keys_new            (const char            *state_dir,
                                                              GError               **error);
void                  md_sandbox_signing_keys_create_async   (MdSandboxSigningKeys  *self,
                                                              GCancellable          *cancellable,
                                                              GAsyncReadyCallback    callback,
                                                              gpointer               user_data);
JsonNode             *md_sandbox_signing_keys_create_finish  (MdSandboxSigningKeys  *self,
                                                              GAsyncResult          *result,
                                                              GError               **error);
JsonNode             *md_sandbox_signing_keys_add            (MdSandboxSigningKeys  *self,
                                                              const char            *public_pem,
                                                              GError               **error);
JsonNode             *md_sandbox_signing_keys_list           (MdSandboxSigningKeys  *self,
                                                              guint                  page,
                                                              guint                  limit);
JsonNode             *md_sandbox_signing_keys_get            (MdSandboxSigningKeys  *self,
                                                              const char            *id);
gboolean              md_sandbox_signing_keys_delete         (MdSandboxSigningKeys  *self,
                                                              const char            *id,
                                                              GError               **error);
GBytes               *md_sandbox_signing_keys_lookup_public  (MdSandboxSigningKeys  *self,
                                                              const char            *id);
GBytes               *md_sandbox_signing_keys_lookup_cb      (const char            *kid,
                                                              gpointer               self);

G_END_DECLS
