/* md-signing-key.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define MD_TYPE_SIGNING_KEY (md_signing_key_get_type ())

G_DECLARE_FINAL_TYPE (MdSigningKey, md_signing_key, MD, SIGNING_KEY, GObject)

MdSigningKey *md_signing_key_new_from_json       (JsonObject    *object,
                                                  GError       **error);
MdSigningKey *md_signing_key_new_from_created_json (JsonObject  *object,
                                                  char         **out_private_key,
                                                  GError       **error);
const char   *md_signing_key_get_id              (MdSigningKey  *self);
gint64        md_signing_key_get_created_at      (MdSigningKey  *self);

GPtrArray    *md_signing_key_list_new_from_json  (JsonNode      *root,
                                                  GError       **error);

G_END_DECLS
