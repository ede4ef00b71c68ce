/* md-keyring-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsecret/secret.h>

#include "md-keyring.h"

G_BEGIN_DECLS

/* Exposed for the tests: the one place libsecret/D-Bus errors become MdKeyringError. */
GError     *md_keyring_error_map           (const GError        *error,
                                            const char          *context);

/* What an operation answers when it found nothing. */
typedef enum
{
  MD_KEYRING_RESULT_SECRET,    /* NULL */
  MD_KEYRING_RESULT_BOOLEAN,   /* TRUE: nothing left to delete */
  MD_KEYRING_RESULT_KEY_IDS,   /* an empty list */
} MdKeyringResult;

/* One operation in flight: what to do next and with which attributes.
 * The secret (for stores) is wiped when the task ends. */
typedef struct
{
  const SecretSchema *schema;
  GHashTable         *attributes;
  char               *label;
  char               *secret;
  const char         *context;
  MdKeyringResult     result_kind;
} KeyringOp;

/* The steps shared by tokens and signing keys (md-keyring.c). */
GHashTable *md_keyring_attributes_new      (const char          *first_name,
                                            ...) G_GNUC_NULL_TERMINATED;
GTask      *md_keyring_task_new            (gpointer             source_tag,
                                            const SecretSchema  *schema,
                                            GHashTable          *attributes,
                                            const char          *context,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
void        md_keyring_return_mapped_error (GTask               *task,
                                            GError              *error);
void        md_keyring_start_store         (GTask               *task,
                                            GHashTable          *replace_attributes);
void        md_keyring_start_lookup        (GTask               *task);
void        md_keyring_start_delete        (GTask               *task);
void        md_keyring_finish_unless_locked (GTask              *task);
void        md_keyring_on_cleared_cb       (GObject             *source,
                                            GAsyncResult        *result,
                                            gpointer             user_data);
gboolean    md_keyring_finish_boolean      (GAsyncResult        *result,
                                            gpointer             source_tag,
                                            GError             **error);
char       *md_keyring_finish_secret       (GAsyncResult        *result,
                                            gpointer             source_tag,
                                            GError             **error);

G_END_DECLS
