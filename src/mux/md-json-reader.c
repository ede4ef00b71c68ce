/* md-json-reader.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-json-reader"

#include "config.h"

#include "md-json-reader-private.h"

GPtrArray *
_md_json_parse_objects (JsonArray          *array,
                        MdObjectParseFunc   parse,
                        GDestroyNotify      free_item,
                        const char         *what,
                        GError            **error)
{
  g_autoptr(GPtrArray) items = NULL;
  guint n;

  n = array != NULL ? json_array_get_length (array) : 0;
  items = g_ptr_array_new_full (n, free_item);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *element;
      gpointer item;

      element = _md_json_node_object (json_array_get_element (array, i), what, error);
      if (element == NULL)
        return NULL;

      item = parse (element, error);
      if (item == NULL)
        return NULL;
      g_ptr_array_add (items, item);
    }

  return g_steal_pointer (&items);
}

GPtrArray *
_md_json_read_objects (JsonObject         *object,
                       const char         *member,
                       MdObjectParseFunc   parse,
                       GDestroyNotify      free_item,
                       const char         *what,
                       GError            **error)
{
  JsonArray *array;

  if (!_md_json_read_array (object, member, &array, error))
    return NULL;

  return _md_json_parse_objects (array, parse, free_item, what, error);
}

gboolean
_md_json_require_id (const char  *id,
                     const char  *message,
                     GError     **error)
{
  if (id == NULL || id[0] == '\0')
    {
      _md_json_bad_response (error, message);
      return FALSE;
    }

  return TRUE;
}

gpointer
_md_json_new_model (GType             type,
                    MdParseIntoFunc   parse_into,
                    JsonObject       *object,
                    GError          **error)
{
  g_autoptr(GObject) self = NULL;

  self = g_object_new (type, NULL);
  if (!parse_into (self, object, error))
    return NULL;

  return g_steal_pointer (&self);
}

gboolean
_md_json_update_model (gpointer            self,
                       JsonObject         *object,
                       MdObjectParseFunc   new_from_json,
                       MdModelGetIdFunc    get_id,
                       MdModelUpdateFunc   update_from,
                       const char         *message,
                       GError            **error)
{
  g_autoptr(GObject) other = NULL;

  other = new_from_json (object, error);
  if (other == NULL)
    return FALSE;

  if (!g_str_equal (get_id (other), get_id (self)))
    {
      _md_json_bad_response (error, message);
      return FALSE;
    }

  update_from (self, other);
  return TRUE;
}
