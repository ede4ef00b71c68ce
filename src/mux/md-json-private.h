/* md-json-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Strict-but-tolerant readers for the API's JSON: a member that is missing
 * or null leaves the default and succeeds; a member of the wrong type fails
 * with MD_CLIENT_ERROR_BAD_RESPONSE naming the member (never its value). */

#define MD_JSON_MAX_BYTES (32 * 1024 * 1024)
#define MD_JSON_MAX_DEPTH 64

JsonNode   *_md_json_parse_bytes    (GBytes      *bytes,
                                     GError     **error);
JsonNode   *_md_json_parse_data     (const char  *data,
                                     gsize        length,
                                     GError     **error);
JsonNode   *_md_json_get_data       (JsonNode    *root,
                                     GError     **error);
JsonObject *_md_json_get_data_object (JsonNode   *root,
                                     GError     **error);
JsonArray  *_md_json_get_data_array (JsonNode    *root,
                                     GError     **error);
JsonObject *_md_json_node_object    (JsonNode    *node,
                                     const char  *what,
                                     GError     **error);

gboolean    _md_json_read_string    (JsonObject  *object,
                                     const char  *member,
                                     char       **out,
                                     GError     **error);
gboolean    _md_json_read_double    (JsonObject  *object,
                                     const char  *member,
                                     double      *out,
                                     GError     **error);
gboolean    _md_json_read_int64     (JsonObject  *object,
                                     const char  *member,
                                     gint64      *out,
                                     GError     **error);
gboolean    _md_json_read_boolean   (JsonObject  *object,
                                     const char  *member,
                                     gboolean    *out,
                                     GError     **error);
gboolean    _md_json_read_object    (JsonObject  *object,
                                     const char  *member,
                                     JsonObject **out,
                                     GError     **error);
gboolean    _md_json_read_array     (JsonObject  *object,
                                     const char  *member,
                                     JsonArray  **out,
                                     GError     **error);
gboolean    _md_json_read_strv      (JsonObject  *object,
                                     const char  *member,
                                     char      ***out,
                                     GError     **error);
gboolean    _md_json_read_timestamp (JsonObject  *object,
                                     const char  *member,
                                     gint64      *out,
                                     GError     **error);
gboolean    _md_json_read_enum      (JsonObject  *object,
                                     const char  *member,
                                     GType        enum_type,
                                     int         *out,
                                     GError     **error);

void        _md_json_bad_response   (GError     **error,
                                     const char  *what);

gboolean    _md_set_str             (char       **field,
                                     const char  *value);
gboolean    _md_strv_equal0         (const char *const *a,
                                     const char *const *b);

G_END_DECLS

G_BEGIN_DECLS

typedef gpointer (*MdObjectParseFunc) (JsonObject  *object,
                                       GError     **error);

GPtrArray  *_md_json_parse_list     (JsonNode          *root,
                                     MdObjectParseFunc  parse,
                                     const char        *what,
                                     GError           **error);

G_END_DECLS
