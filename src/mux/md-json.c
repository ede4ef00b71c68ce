/* md-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-json"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "md-client-error.h"
#include "md-json-private.h"
#include "md-json-reader-private.h"

void
_md_json_bad_response (GError     **error,
                       const char  *what)
{
  g_set_error (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_BAD_RESPONSE,
               _("The server sent an answer Muxdesk does not understand (%s)."), what);
}

/* json-glib's parser recurses per nesting level; refuse absurd depths before
 * handing it the text so a hostile answer cannot exhaust the stack. */
static gboolean
nesting_is_sane (const char *data,
                 gsize       length)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > MD_JSON_MAX_DEPTH)
            return FALSE;
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }

  return TRUE;
}

JsonNode *
_md_json_parse_data (const char  *data,
                     gsize        length,
                     GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (length > MD_JSON_MAX_BYTES)
    {
      _md_json_bad_response (error, _("the answer is too large"));
      return NULL;
    }

  if (length == 0 || data == NULL)
    {
      _md_json_bad_response (error, _("the answer is empty"));
      return NULL;
    }

  if (!nesting_is_sane (data, length))
    {
      _md_json_bad_response (error, _("the answer is nested too deeply"));
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      _md_json_bad_response (error, _("the answer is not valid JSON"));
      return NULL;
    }

  root = json_parser_steal_root (parser);
  if (root == NULL)
    {
      _md_json_bad_response (error, _("the answer is empty"));
      return NULL;
    }

  return root;
}

JsonNode *
_md_json_parse_bytes (GBytes  *bytes,
                      GError **error)
{
  gsize length = 0;
  const char *data = NULL;

  if (bytes != NULL)
    data = g_bytes_get_data (bytes, &length);

  return _md_json_parse_data (data, length, error);
}

JsonObject *
_md_json_node_object (JsonNode    *node,
                      const char  *what,
                      GError     **error)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      _md_json_bad_response (error, what);
      return NULL;
    }

  return json_node_get_object (node);
}

JsonNode *
_md_json_get_data (JsonNode  *root,
                   GError   **error)
{
  JsonObject *object;
  JsonNode *data;

  object = _md_json_node_object (root, _("the answer is not an object"), error);
  if (object == NULL)
    return NULL;

  data = json_object_get_member (object, "data");
  if (data == NULL || JSON_NODE_HOLDS_NULL (data))
    {
      _md_json_bad_response (error, _("“data” is missing"));
      return NULL;
    }

  return data;
}

JsonObject *
_md_json_get_data_object (JsonNode  *root,
                          GError   **error)
{
  JsonNode *data = _md_json_get_data (root, error);

  if (data == NULL)
    return NULL;

  return _md_json_node_object (data, _("“data” is not an object"), error);
}

JsonArray *
_md_json_get_data_array (JsonNode  *root,
                         GError   **error)
{
  JsonNode *data = _md_json_get_data (root, error);

  if (data == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_ARRAY (data))
    {
      _md_json_bad_response (error, _("“data” is not a list"));
      return NULL;
    }

  return json_node_get_array (data);
}

/* Returns the member if present and not null, else NULL. */
static JsonNode *
lookup (JsonObject *object,
        const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;

  return node;
}

static gboolean
wrong_type (GError     **error,
            const char  *member)
{
  g_autofree char *what = g_strdup_printf (_("“%s” has the wrong type"), member);

  _md_json_bad_response (error, what);
  return FALSE;
}

static gboolean
is_value_of (JsonNode *node,
             GType     type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

gboolean
_md_json_read_string (JsonObject  *object,
                      const char  *member,
                      char       **out,
                      GError     **error)
{
  JsonNode *node = lookup (object, member);

  if (node == NULL)
    return TRUE;

  if (!is_value_of (node, G_TYPE_STRING))
    return wrong_type (error, member);

  g_free (*out);
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

gboolean
_md_json_read_double (JsonObject  *object,
                      const char  *member,
                      double      *out,
                      GError     **error)
{
  JsonNode *node = lookup (object, member);

  if (node == NULL)
    return TRUE;

  if (!is_value_of (node, G_TYPE_DOUBLE) && !is_value_of (node, G_TYPE_INT64))
    return wrong_type (error, member);

  *out = json_node_get_double (node);
  return TRUE;
}

gboolean
_md_json_read_int64 (JsonObject  *object,
                     const char  *member,
                     gint64      *out,
                     GError     **error)
{
  JsonNode *node = lookup (object, member);

  if (node == NULL)
    return TRUE;

  if (is_value_of (node, G_TYPE_INT64))
    {
      *out = json_node_get_int (node);
      return TRUE;
    }

  /* Some counters arrive as 12.0; accept whole numbers in range only. */
  if (is_value_of (node, G_TYPE_DOUBLE))
    {
      double value = json_node_get_double (node);

      if (value >= -9.0e15 && value <= 9.0e15 && value == (double) (gint64) value)
        {
          *out = (gint64) value;
          return TRUE;
        }
    }

  return wrong_type (error, member);
}

gboolean
_md_json_read_boolean (JsonObject  *object,
                       const char  *member,
                       gboolean    *out,
                       GError     **error)
{
  JsonNode *node = lookup (object, member);

  if (node == NULL)
    return TRUE;

  if (!is_value_of (node, G_TYPE_BOOLEAN))
    return wrong_type (error, member);

  *out = json_node_get_boolean (node);
  return TRUE;
}

gboolean
_md_json_read_object (JsonObject  *object,
                      const char  *member,
                      JsonObject **out,
                      GError     **error)
{
  JsonNode *node = lookup (object, member);

  *out = NULL;
  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return wrong_type (error, member);

  *out = json_node_get_object (node);
  return TRUE;
}

gboolean
_md_json_read_array (JsonObject  *object,
                     const char  *member,
                     JsonArray  **out,
                     GError     **error)
{
  JsonNode *node = lookup (object, member);

  *out = NULL;
  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return wrong_type (error, member);

  *out = json_node_get_array (node);
  return TRUE;
}

gboolean
_md_json_read_strv (JsonObject   *object,
                    const char   *member,
                    char       ***out,
                    GError      **error)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonArray *array;
  guint n;

  if (!_md_json_read_array (object, member, &array, error))
    return FALSE;
  if (array == NULL)
    return TRUE;

  builder = g_strv_builder_new ();
  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!is_value_of (element, G_TYPE_STRING))
        return wrong_type (error, member);
      g_strv_builder_add (builder, json_node_get_string (element));
    }

  g_strfreev (*out);
  *out = g_strv_builder_end (builder);
  return TRUE;
}

/* Mux sends timestamps as strings of Unix seconds ("1609459200"); accept a
 * bare number too, since older answers and other tools do. */
gboolean
_md_json_read_timestamp (JsonObject  *object,
                         const char  *member,
                         gint64      *out,
                         GError     **error)
{
  JsonNode *node = lookup (object, member);
  const char *text;
  char *end = NULL;
  gint64 value;

  if (node == NULL)
    return TRUE;

  if (!is_value_of (node, G_TYPE_STRING))
    return _md_json_read_int64 (object, member, out, error);

  text = json_node_get_string (node);
  if (text[0] == '\0' || !g_ascii_isdigit (text[0]))
    return wrong_type (error, member);

  errno = 0;
  value = g_ascii_strtoll (text, &end, 10);
  if (errno != 0 || end == NULL || *end != '\0')
    return wrong_type (error, member);

  *out = value;
  return TRUE;
}

/* Unknown values (the API adds new ones) map to the enum's 0 ("unknown"). */
gboolean
_md_json_read_enum (JsonObject  *object,
                    const char  *member,
                    GType        enum_type,
                    int         *out,
                    GError     **error)
{
  g_autoptr(GEnumClass) klass = NULL;
  g_autofree char *text = NULL;
  GEnumValue *value;

  if (!_md_json_read_string (object, member, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;

  klass = g_type_class_ref (enum_type);
  value = g_enum_get_value_by_nick (klass, text);
  *out = value != NULL ? value->value : 0;
  return TRUE;
}

gboolean
_md_set_str (char       **field,
             const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

gboolean
_md_strv_equal0 (const char *const *a,
                 const char *const *b)
{
  if (a == NULL || b == NULL)
    return (a == NULL || a[0] == NULL) && (b == NULL || b[0] == NULL);

  return g_strv_equal (a, b);
}

/* Parses `{"data":[…]}` with @parse per element; all or nothing. */
GPtrArray *
_md_json_parse_list (JsonNode           *root,
                     MdObjectParseFunc   parse,
                     const char         *what,
                     GError            **error)
{
  JsonArray *array;

  array = _md_json_get_data_array (root, error);
  if (array == NULL)
    return NULL;

  return _md_json_parse_objects (array, parse, g_object_unref, what, error);
}
