/* md-preferences-environments.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "md-environment-store.h"
#include "md-window.h"

G_BEGIN_DECLS

#define MD_TYPE_PREFERENCES_ENVIRONMENTS (md_preferences_environments_get_type ())

G_DECLARE_FINAL_TYPE (MdPreferencesEnvironments, md_preferences_environments, MD, PREFERENCES_ENVIRONMENTS, AdwPreferencesPage)

void md_preferences_environments_set_store (MdPreferencesEnvironments *self,
                                            MdEnvironmentStore        *store,
                                            MdWindow                  *window);

G_END_DECLS
