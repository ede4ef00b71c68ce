/* md-sandbox-credentials.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-sandbox-credentials"

#include "config.h"

#include <json-glib/json-glib.h>

#include "md-sandbox-credentials.h"
#include "md-sandbox-state.h"

static gboolean
load (const char  *path,
      char       **out_token_id,
      char       **out_token_secret,
      GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  const char *id, *secret;

  if (!json_parser_load_from_file (parser, path, error))
    return FALSE;
  object = JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser))
           ? json_node_get_object (json_parser_get_root (parser)) : NULL;
  id = object ? json_object_get_string_member_with_default (object, "token_id", NULL) : NULL;
  secret = object ? json_object_get_string_member_with_default (object, "token_secret", NULL) : NULL;
  if (id == NULL || secret == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s lacks token_id or token_secret; delete it to make a new pair", path);
      return FALSE;
    }
  *out_token_id = g_strdup (id);
  *out_token_secret = g_strdup (secret);
  return TRUE;
}

gboolean
md_sandbox_credentials_load_or_create (const char  *state_dir,
                                       char       **out_token_id,
                                       char       **out_token_secret,
                                       GError     **error)
{
  g_autofree char *path = g_build_filename (state_dir, "credentials.json", NULL);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *token_id = NULL;
  g_autofree char *token_secret = NULL;
  g_autofree char *text = NULL;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return load (path, out_token_id, out_token_secret, error);

  /* Mux token ids are UUIDs; secrets are long random strings. */
  token_id = g_uuid_string_random ();
  token_secret = md_sandbox_new_id (75);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "token_id");
  json_builder_add_string_value (builder, token_id);
  json_builder_set_member_name (builder, "token_secret");
  json_builder_add_string_value (builder, token_secret);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);

  if (!g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return FALSE;

  *out_token_id = g_steal_pointer (&token_id);
  *out_token_secret = g_steal_pointer (&token_secret);
  return TRUE;
}
