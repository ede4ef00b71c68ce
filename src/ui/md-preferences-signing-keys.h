/* md-preferences-signing-keys.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "md-environment-store.h"
#include "md-session.h"

G_BEGIN_DECLS

#define MD_TYPE_PREFERENCES_SIGNING_KEYS (md_preferences_signing_keys_get_type ())

G_DECLARE_FINAL_TYPE (MdPreferencesSigningKeys, md_preferences_signing_keys, MD, PREFERENCES_SIGNING_KEYS, AdwPreferencesPage)

void     md_preferences_signing_keys_set_session (MdPreferencesSigningKeys *self,
                                                  MdSession                *session,
                                                  MdEnvironmentStore       *store);
gboolean md_preferences_signing_keys_get_busy    (MdPreferencesSigningKeys *self);

G_END_DECLS
