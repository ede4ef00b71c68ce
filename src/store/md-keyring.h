/* md-keyring.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MD_KEYRING_ERROR (md_keyring_error_quark ())

/**
 * MdKeyringError:
 * @MD_KEYRING_ERROR_NO_SERVICE: no Secret Service is reachable (no session
 *   bus, or no keyring daemon on it); tell the user and offer to retry
 * @MD_KEYRING_ERROR_LOCKED: the collection is locked and stayed locked (the
 *   unlock prompt was dismissed or could not be shown)
 * @MD_KEYRING_ERROR_FAILED: the keyring answered with another failure
 *
 * What went wrong with the keyring, in terms the UI can act on.
 * Cancellation is reported as %G_IO_ERROR_CANCELLED, never mapped.
 */
typedef enum
{
  MD_KEYRING_ERROR_NO_SERVICE,
  MD_KEYRING_ERROR_LOCKED,
  MD_KEYRING_ERROR_FAILED,
} MdKeyringError;

GQuark    md_keyring_error_quark                (void);

/* Access tokens: one item per environment. */
void      md_keyring_store_token_async          (const char           *environment_id,
                                                 const char           *environment_name,
                                                 const char           *token_id,
                                                 const char           *api_url,
                                                 const char           *token_secret,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean  md_keyring_store_token_finish         (GAsyncResult         *result,
                                                 GError              **error);
void      md_keyring_lookup_token_async         (const char           *environment_id,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
char     *md_keyring_lookup_token_finish        (GAsyncResult         *result,
                                                 GError              **error);
void      md_keyring_delete_token_async         (const char           *environment_id,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean  md_keyring_delete_token_finish        (GAsyncResult         *result,
                                                 GError              **error);

/* Signing keys: one item per (environment, key id). */
void      md_keyring_store_signing_key_async    (const char           *environment_id,
                                                 const char           *environment_name,
                                                 const char           *key_id,
                                                 const char           *private_key_base64,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean  md_keyring_store_signing_key_finish   (GAsyncResult         *result,
                                                 GError              **error);
void      md_keyring_lookup_signing_key_async   (const char           *environment_id,
                                                 const char           *key_id,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
char     *md_keyring_lookup_signing_key_finish  (GAsyncResult         *result,
                                                 GError              **error);
void      md_keyring_delete_signing_key_async   (const char           *environment_id,
                                                 const char           *key_id,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean  md_keyring_delete_signing_key_finish  (GAsyncResult         *result,
                                                 GError              **error);
void      md_keyring_list_signing_keys_async    (const char           *environment_id,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
char    **md_keyring_list_signing_keys_finish   (GAsyncResult         *result,
                                                 GError              **error);

/* Everything an environment keeps in the keyring (sign-out). */
void      md_keyring_delete_environment_async   (const char           *environment_id,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean  md_keyring_delete_environment_finish  (GAsyncResult         *result,
                                                 GError              **error);

/* A secret as returned by the lookups: wiped and freed with md_keyring_secret_free(). */
typedef char MdKeyringSecret;

void      md_keyring_secret_free                (char                 *secret);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdKeyringSecret, md_keyring_secret_free)

G_END_DECLS
