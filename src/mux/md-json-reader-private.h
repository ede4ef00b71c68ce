/* md-json-reader-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "md-json-private.h"

G_BEGIN_DECLS

/* What the API models (asset, live stream, upload, …) share around their
 * own field readers: lists of objects, the required id, creating a model
 * from JSON and updating one in place from a newer answer. */

/* Reads a model's fields from @object into @self (a new, empty model). */
typedef gboolean (*MdParseIntoFunc) (gpointer     self,
                                     JsonObject  *object,
                                     GError     **error);

/* Parses every element of @array with @parse; all or nothing. @what names
 * an element that is not an object in the error. */
GPtrArray *_md_json_parse_objects       (JsonArray          *array,
                                         MdObjectParseFunc   parse,
                                         GDestroyNotify      free_item,
                                         const char         *what,
                                         GError            **error);
/* The same for the optional array @member of @object: a missing or null
 * member gives an empty array. */
GPtrArray *_md_json_read_objects        (JsonObject         *object,
                                         const char         *member,
                                         MdObjectParseFunc   parse,
                                         GDestroyNotify      free_item,
                                         const char         *what,
                                         GError            **error);

/* Fails with @message unless @id is set and not empty. */
gboolean   _md_json_require_id          (const char         *id,
                                         const char         *message,
                                         GError            **error);

gpointer   _md_json_new_model           (GType               type,
                                         MdParseIntoFunc     parse_into,
                                         JsonObject         *object,
                                         GError            **error);

/* Parses @object completely with @new_from_json first; only when it is a
 * valid model with @self's id (read with @get_id) is @self changed with
 * @update_from, so a bad answer never leaves it half-updated. @message
 * says that the answer describes another model. */
typedef const char *(*MdModelGetIdFunc)  (gpointer self);
typedef void        (*MdModelUpdateFunc) (gpointer self,
                                          gpointer other);

gboolean   _md_json_update_model        (gpointer            self,
                                         JsonObject         *object,
                                         MdObjectParseFunc   new_from_json,
                                         MdModelGetIdFunc    get_id,
                                         MdModelUpdateFunc   update_from,
                                         const char         *message,
                                         GError            **error);

/* For a model's update_from(): copy @other's field into @self's and notify
 * @prop only when it changed. Need `self`, `other` and `properties[]`. */
#define MD_SYNC_STR(field, prop) \
  if (_md_set_str (&self->field, other->field)) \
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop])
#define MD_SYNC_VALUE(field, prop) \
  if (self->field != other->field) \
    { \
      self->field = other->field; \
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop]); \
    }

G_END_DECLS
