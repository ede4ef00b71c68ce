/* md-preferences-signing-keys-private.h
 *
 * What the signing keys page shares with its import and export half
 * (md-preferences-signing-keys-io.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "md-preferences-signing-keys.h"

G_BEGIN_DECLS

struct _MdPreferencesSigningKeys
{
  AdwPreferencesPage   parent_instance;

  AdwPreferencesGroup *explanation_group;
  AdwActionRow        *explanation_row;
  AdwPreferencesGroup *keys_group;
  GtkWidget           *create_button;
  AdwPreferencesGroup *import_group;
  AdwEntryRow         *import_key_id_row;
  AdwPasswordEntryRow *import_key_row;
  GtkLabel            *import_status_label;
  AdwPreferencesGroup *rotation_group;

  MdSession           *session;
  MdEnvironmentStore  *store;
  GCancellable        *cancellable;
  GPtrArray           *rows;
  GPtrArray           *keys;          /* MdSigningKey at Mux */
  char               **usable_ids;    /* private key in this keyring */
  guint                pending;       /* list requests still out */
  guint                busy;          /* changes still out */
};

MdEnvironment *md_preferences_signing_keys_get_environment (MdPreferencesSigningKeys *self);
void           md_preferences_signing_keys_refresh         (MdPreferencesSigningKeys *self);
void           md_preferences_signing_keys_toast           (MdPreferencesSigningKeys *self,
                                                            const char               *text);
void           md_preferences_signing_keys_busy_changed    (MdPreferencesSigningKeys *self,
                                                            int                       delta);
void           md_preferences_signing_keys_export          (MdPreferencesSigningKeys *self,
                                                            const char               *key_id);
void           md_preferences_signing_keys_import          (MdPreferencesSigningKeys *self);
void           md_preferences_signing_keys_choose_file     (MdPreferencesSigningKeys *self);
char          *md_preferences_normalize_private_key        (const char               *text,
                                                            GError                  **error);

G_END_DECLS
