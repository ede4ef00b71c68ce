/* md-whoami.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define MD_TYPE_WHOAMI (md_whoami_get_type ())

G_DECLARE_FINAL_TYPE (MdWhoami, md_whoami, MD, WHOAMI, GObject)

MdWhoami          *md_whoami_new_from_json           (JsonObject  *object,
                                                      GError     **error);
const char        *md_whoami_get_access_token_name   (MdWhoami    *self);
const char        *md_whoami_get_environment_id      (MdWhoami    *self);
const char        *md_whoami_get_environment_name    (MdWhoami    *self);
const char        *md_whoami_get_environment_type    (MdWhoami    *self);
const char        *md_whoami_get_organization_id     (MdWhoami    *self);
const char        *md_whoami_get_organization_name   (MdWhoami    *self);
const char *const *md_whoami_get_permissions         (MdWhoami    *self);
gboolean           md_whoami_has_permission          (MdWhoami    *self,
                                                      const char  *permission);

G_END_DECLS
