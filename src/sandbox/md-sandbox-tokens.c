/* md-sandbox-tokens.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-sandbox-tokens"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "md-sandbox-state.h"
#include "md-sandbox-tokens.h"

#define MAX_TOKENS 1000

struct _MdSandboxTokens
{
  GObject         parent_instance;

  MdSandboxToken  main_token;
  char           *main_secret;
  char           *environment_id;
  GPtrArray      *extra;    /* MdSandboxToken, never removed: pointers stay valid */
  char           *path;     /* DIR/tokens.json, NULL until loaded */
};

G_DEFINE_FINAL_TYPE (MdSandboxTokens, md_sandbox_tokens, G_TYPE_OBJECT)

/* The permissions a Mux access token can carry (dashboard: Mux Video,
 * Mux Data and System, each read or write). */
static const char *const known_permissions[] = {
  "video:read", "video:write", "data:read", "data:write", "system:read", "system:write", NULL
};

static void
token_free (MdSandboxToken *token)
{
  g_free (token->id);
  g_free (token->name);
  g_strfreev (token->permissions);
  g_free (token->secret_sha256);
  g_free (token);
}

static char *
hash_secret (const char *secret)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, secret, -1);
}

static gboolean
save (MdSandboxTokens  *self,
      GError          **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  if (self->path == NULL)
    return TRUE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "tokens");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->extra->len; i++)
    {
      MdSandboxToken *token = g_ptr_array_index (self->extra, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "token_id");
      json_builder_add_string_value (builder, token->id);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, token->name);
      json_builder_set_member_name (builder, "secret_sha256");
      json_builder_add_string_value (builder, token->secret_sha256);
      json_builder_set_member_name (builder, "created_at");
      json_builder_add_int_value (builder, token->created_at);
      json_builder_set_member_name (builder, "permissions");
      json_builder_begin_array (builder);
      for (guint j = 0; token->permissions[j] != NULL; j++)
        json_builder_add_string_value (builder, token->permissions[j]);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);

  return g_file_set_contents_full (self->path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

/* Checks @permissions and returns them sorted, without repeats. */
static GStrv
normalize_permissions (const char * const  *permissions,
                       GError             **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  gboolean any = FALSE;

  for (guint i = 0; permissions != NULL && permissions[i] != NULL; i++)
    if (!g_strv_contains (known_permissions, permissions[i]))
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     "Unknown permission %s; use video:read, video:write, data:read, data:write, "
                     "system:read or system:write", permissions[i]);
        return NULL;
      }

  /* In the order of known_permissions: the same set reads the same way. */
  for (guint i = 0; known_permissions[i] != NULL; i++)
    if (permissions != NULL && g_strv_contains (permissions, known_permissions[i]))
      {
        g_strv_builder_add (builder, known_permissions[i]);
        any = TRUE;
      }
  if (!any)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "An access token needs at least one permission");
      return NULL;
    }

  return g_strv_builder_end (builder);
}

static MdSandboxToken *
token_from_json (JsonObject  *object,
                 GError     **error)
{
  g_autoptr(GPtrArray) permissions = g_ptr_array_new ();
  const char *id = json_object_get_string_member_with_default (object, "token_id", NULL);
  const char *name = json_object_get_string_member_with_default (object, "name", NULL);
  const char *hash = json_object_get_string_member_with_default (object, "secret_sha256", NULL);
  JsonArray *array = json_object_has_member (object, "permissions")
                     ? json_object_get_array_member (object, "permissions") : NULL;
  MdSandboxToken *token;
  GStrv normalized;

  if (id == NULL || name == NULL || hash == NULL || array == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "a token lacks token_id, name, secret_sha256 or permissions");
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_ptr_array_add (permissions, (gpointer) json_array_get_string_element (array, i));
  g_ptr_array_add (permissions, NULL);
  if (!(normalized = normalize_permissions ((const char * const *) permissions->pdata, error)))
    return NULL;

  token = g_new0 (MdSandboxToken, 1);
  token->id = g_strdup (id);
  token->name = g_strdup (name);
  token->secret_sha256 = g_strdup (hash);
  token->permissions = normalized;
  token->created_at = json_object_get_int_member_with_default (object, "created_at", 0);

  return token;
}

static void
md_sandbox_tokens_finalize (GObject *object)
{
  MdSandboxTokens *self = MD_SANDBOX_TOKENS (object);

  g_free (self->main_token.id);
  g_free (self->main_token.name);
  g_strfreev (self->main_token.permissions);
  g_free (self->main_secret);
  g_free (self->environment_id);
  g_ptr_array_unref (self->extra);
  g_free (self->path);

  G_OBJECT_CLASS (md_sandbox_tokens_parent_class)->finalize (object);
}

static void
md_sandbox_tokens_class_init (MdSandboxTokensClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = md_sandbox_tokens_finalize;
}

static void
md_sandbox_tokens_init (MdSandboxTokens *self)
{
  self->extra = g_ptr_array_new_with_free_func ((GDestroyNotify) token_free);
}

/**
 * md_sandbox_tokens_new:
 *
 * Returns: (transfer full): the tokens, with the sandbox's own pair, which
 *   holds every permission
 */
MdSandboxTokens *
md_sandbox_tokens_new (const char *main_token_id,
                       const char *main_token_secret)
{
  MdSandboxTokens *self = g_object_new (MD_TYPE_SANDBOX_TOKENS, NULL);
  g_autofree char *id_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, main_token_id, -1);

  self->main_token.id = g_strdup (main_token_id);
  self->main_token.name = g_strdup ("Muxdesk sandbox");
  self->main_token.permissions = g_strdupv ((char **) known_permissions);
  self->main_secret = g_strdup (main_token_secret);
  self->environment_id = g_strdup_printf ("sandbox-%.12s", id_hash);

  return self;
}

/**
 * md_sandbox_tokens_get_environment_id:
 *
 * Each sandbox is an environment of its own, as each Mux environment has
 * its id: derived from the sandbox's own token id, so it stays the same
 * across restarts of one state directory and differs between two.
 *
 * Returns: what whoami calls the environment's id
 */
const char *
md_sandbox_tokens_get_environment_id (MdSandboxTokens *self)
{
  g_return_val_if_fail (MD_IS_SANDBOX_TOKENS (self), NULL);
  return self->environment_id;
}

/* Reads DIR/tokens.json if there is one; later tokens are saved there. */
gboolean
md_sandbox_tokens_load (MdSandboxTokens  *self,
                        const char       *state_dir,
                        GError          **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  JsonArray *array;

  g_return_val_if_fail (MD_IS_SANDBOX_TOKENS (self), FALSE);

  g_free (self->path);
  self->path = g_build_filename (state_dir, "tokens.json", NULL);
  if (!g_file_test (self->path, G_FILE_TEST_EXISTS))
    return TRUE;

  if (!json_parser_load_from_file (parser, self->path, &local_error))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s is not readable JSON (%s); delete it to forget the extra tokens",
                   self->path, local_error->message);
      return FALSE;
    }
  root = json_parser_get_root (parser);
  array = JSON_NODE_HOLDS_OBJECT (root) && json_object_has_member (json_node_get_object (root), "tokens")
          ? json_object_get_array_member (json_node_get_object (root), "tokens") : NULL;
  if (array == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s has no \"tokens\" array; delete it to forget the extra tokens", self->path);
      return FALSE;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      MdSandboxToken *token;

      if (!JSON_NODE_HOLDS_OBJECT (element) ||
          !(token = token_from_json (json_node_get_object (element), &local_error)))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "%s: token %u is malformed (%s); delete the file to forget the extra tokens",
                       self->path, i, local_error ? local_error->message : "not an object");
          return FALSE;
        }
      g_ptr_array_add (self->extra, token);
    }

  return TRUE;
}

/**
 * md_sandbox_tokens_authenticate:
 * @authorization: (nullable): the request's Authorization header
 *
 * Returns: (transfer none) (nullable): the token of a valid HTTP Basic
 *   pair, or %NULL
 */
const MdSandboxToken *
md_sandbox_tokens_authenticate (MdSandboxTokens *self,
                                const char      *authorization)
{
  g_autofree guchar *decoded = NULL;
  g_autofree char *pair = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *encoded = NULL;
  const char *colon;
  gsize length;

  g_return_val_if_fail (MD_IS_SANDBOX_TOKENS (self), NULL);

  if (authorization == NULL || g_ascii_strncasecmp (authorization, "Basic ", 6) != 0)
    return NULL;
  encoded = g_strstrip (g_strdup (authorization + 6));
  decoded = g_base64_decode (encoded, &length);
  pair = g_strndup ((const char *) decoded, length);
  if (strlen (pair) != length || (colon = strchr (pair, ':')) == NULL)
    return NULL;

  if (strncmp (pair, self->main_token.id, colon - pair) == 0 &&
      self->main_token.id[colon - pair] == '\0')
    return strcmp (colon + 1, self->main_secret) == 0 ? &self->main_token : NULL;

  hash = hash_secret (colon + 1);
  for (guint i = 0; i < self->extra->len; i++)
    {
      MdSandboxToken *token = g_ptr_array_index (self->extra, i);

      if (strncmp (pair, token->id, colon - pair) == 0 && token->id[colon - pair] == '\0')
        return strcmp (hash, token->secret_sha256) == 0 ? token : NULL;
    }

  return NULL;
}

/**
 * md_sandbox_tokens_create:
 * @name: (nullable): what whoami calls the token
 * @permissions: what it may do
 * @out_secret: (out): its secret, known only to the caller from now on
 *
 * Returns: (transfer none) (nullable): the new token, saved; %NULL with
 *   @error for unknown or no permissions, or when it cannot be saved
 */
const MdSandboxToken *
md_sandbox_tokens_create (MdSandboxTokens     *self,
                          const char          *name,
                          const char * const  *permissions,
                          char               **out_secret,
                          GError             **error)
{
  g_auto(GStrv) normalized = NULL;
  g_autofree char *secret = NULL;
  MdSandboxToken *token;

  g_return_val_if_fail (MD_IS_SANDBOX_TOKENS (self), NULL);
  g_return_val_if_fail (out_secret != NULL, NULL);

  if (self->extra->len >= MAX_TOKENS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   "The sandbox keeps at most %d extra tokens", MAX_TOKENS);
      return NULL;
    }
  if (!(normalized = normalize_permissions (permissions, error)))
    return NULL;

  secret = md_sandbox_new_id (75);
  token = g_new0 (MdSandboxToken, 1);
  token->id = g_uuid_string_random ();
  token->name = name != NULL && *name != '\0'
                ? g_strdup (name)
                : g_strdup_printf ("Sandbox token %u", self->extra->len + 1);
  token->permissions = g_steal_pointer (&normalized);
  token->secret_sha256 = hash_secret (secret);
  token->created_at = g_get_real_time () / G_USEC_PER_SEC;
  g_ptr_array_add (self->extra, token);

  if (!save (self, error))
    {
      g_ptr_array_remove (self->extra, token);
      return NULL;
    }

  *out_secret = g_steal_pointer (&secret);
  return token;
}

/**
 * md_sandbox_token_required_permission:
 *
 * Returns: (nullable): the permission an API request needs, as Mux maps
 *   them: reads of /video, /data and /system need `AREA:read`, anything
 *   else `AREA:write`; whoami needs none (every token may ask who it is)
 */
const char *
md_sandbox_token_required_permission (const char *method,
                                      const char *path)
{
  static const struct { const char *prefix; const char *read; const char *write; } areas[] = {
    { "/video/", "video:read", "video:write" },
    { "/data/", "data:read", "data:write" },
    { "/system/", "system:read", "system:write" },
  };
  gboolean reads = g_strcmp0 (method, "GET") == 0 || g_strcmp0 (method, "HEAD") == 0;

  g_return_val_if_fail (path != NULL, NULL);

  if (strcmp (path, "/system/v1/whoami") == 0)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (areas); i++)
    if (g_str_has_prefix (path, areas[i].prefix))
      return reads ? areas[i].read : areas[i].write;

  return NULL;
}

/* A write permission includes reading the same area. */
gboolean
md_sandbox_token_allows (const MdSandboxToken *token,
                         const char           *permission)
{
  g_autofree char *area = NULL;
  g_autofree char *write = NULL;
  const char *colon;

  g_return_val_if_fail (token != NULL, FALSE);

  if (permission == NULL || g_strv_contains ((const char * const *) token->permissions, permission))
    return TRUE;
  if (!g_str_has_suffix (permission, ":read") || (colon = strchr (permission, ':')) == NULL)
    return FALSE;
  area = g_strndup (permission, colon - permission);
  write = g_strconcat (area, ":write", NULL);

  return g_strv_contains ((const char * const *) token->permissions, write);
}
