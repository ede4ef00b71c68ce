/* md-environment.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-environment"

#include "config.h"

#include "md-environment.h"

#include <glib/gi18n.h>

/* One Mux environment the user signed in to: everything about it but the
 * token secret, which only the keyring holds (see md-keyring.h). The demo's
 * token is in no keyring: its environment points to the launcher of its
 * sandbox, which holds it in memory while the sandbox runs. */
struct _MdEnvironment
{
  GObject   parent_instance;

  char     *id;
  gboolean  is_demo;
  char     *display_name;
  char     *token_id;
  char     *api_url;
  char     *stream_url;
  char     *image_url;
  char     *stats_url;
  char    **permissions;
  char     *environment_name;
  char     *signing_key_id;
  MdSandboxLauncher *demo_launcher;
};

G_DEFINE_FINAL_TYPE (MdEnvironment, md_environment, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_IS_DEMO,
  PROP_DISPLAY_NAME,
  PROP_TOKEN_ID,
  PROP_API_URL,
  PROP_STREAM_URL,
  PROP_IMAGE_URL,
  PROP_STATS_URL,
  PROP_PERMISSIONS,
  PROP_ENVIRONMENT_NAME,
  PROP_SIGNING_KEY_ID,
  PROP_DEMO_LAUNCHER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* GLib 2.74 has no g_set_str(). */
static gboolean
set_str (char       **field,
         const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
set_string_property (MdEnvironment *self,
                     char         **field,
                     const char    *value,
                     guint          prop_id)
{
  if (set_str (field, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

/* An empty or missing URL means Mux's own host. */
static void
set_url_property (MdEnvironment *self,
                  char         **field,
                  const char    *value,
                  const char    *fallback,
                  guint          prop_id)
{
  set_string_property (self, field, value != NULL && *value != '\0' ? value : fallback, prop_id);
}

static void
md_environment_dispose (GObject *object)
{
  MdEnvironment *self = (MdEnvironment *) object;

  g_clear_object (&self->demo_launcher);

  G_OBJECT_CLASS (md_environment_parent_class)->dispose (object);
}

static void
md_environment_finalize (GObject *object)
{
  MdEnvironment *self = (MdEnvironment *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->token_id, g_free);
  g_clear_pointer (&self->api_url, g_free);
  g_clear_pointer (&self->stream_url, g_free);
  g_clear_pointer (&self->image_url, g_free);
  g_clear_pointer (&self->stats_url, g_free);
  g_clear_pointer (&self->permissions, g_strfreev);
  g_clear_pointer (&self->environment_name, g_free);
  g_clear_pointer (&self->signing_key_id, g_free);

  G_OBJECT_CLASS (md_environment_parent_class)->finalize (object);
}

static void
md_environment_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  MdEnvironment *self = MD_ENVIRONMENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_IS_DEMO:
      g_value_set_boolean (value, self->is_demo);
      break;

    case PROP_DISPLAY_NAME:
      g_value_set_string (value, md_environment_get_display_name (self));
      break;

    case PROP_TOKEN_ID:
      g_value_set_string (value, self->token_id);
      break;

    case PROP_API_URL:
      g_value_set_string (value, self->api_url);
      break;

    case PROP_STREAM_URL:
      g_value_set_string (value, self->stream_url);
      break;

    case PROP_IMAGE_URL:
      g_value_set_string (value, self->image_url);
      break;

    case PROP_STATS_URL:
      g_value_set_string (value, self->stats_url);
      break;

    case PROP_PERMISSIONS:
      g_value_set_boxed (value, self->permissions);
      break;

    case PROP_ENVIRONMENT_NAME:
      g_value_set_string (value, self->environment_name);
      break;

    case PROP_SIGNING_KEY_ID:
      g_value_set_string (value, self->signing_key_id);
      break;

    case PROP_DEMO_LAUNCHER:
      g_value_set_object (value, self->demo_launcher);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_environment_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  MdEnvironment *self = MD_ENVIRONMENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;

    case PROP_IS_DEMO:
      self->is_demo = g_value_get_boolean (value);
      break;

    case PROP_DISPLAY_NAME:
      md_environment_set_display_name (self, g_value_get_string (value));
      break;

    case PROP_TOKEN_ID:
      md_environment_set_token_id (self, g_value_get_string (value));
      break;

    case PROP_API_URL:
      md_environment_set_api_url (self, g_value_get_string (value));
      break;

    case PROP_STREAM_URL:
      md_environment_set_stream_url (self, g_value_get_string (value));
      break;

    case PROP_IMAGE_URL:
      md_environment_set_image_url (self, g_value_get_string (value));
      break;

    case PROP_STATS_URL:
      md_environment_set_stats_url (self, g_value_get_string (value));
      break;

    case PROP_PERMISSIONS:
      md_environment_set_permissions (self, g_value_get_boxed (value));
      break;

    case PROP_ENVIRONMENT_NAME:
      md_environment_set_environment_name (self, g_value_get_string (value));
      break;

    case PROP_SIGNING_KEY_ID:
      md_environment_set_signing_key_id (self, g_value_get_string (value));
      break;

    case PROP_DEMO_LAUNCHER:
      md_environment_set_demo_launcher (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_environment_class_init (MdEnvironmentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = md_environment_dispose;
  object_class->finalize = md_environment_finalize;
  object_class->get_property = md_environment_get_property;
  object_class->set_property = md_environment_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IS_DEMO] =
    g_param_spec_boolean ("is-demo", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DISPLAY_NAME] = g_param_spec_string ("display-name", NULL, NULL, NULL, flags);
  properties[PROP_TOKEN_ID] = g_param_spec_string ("token-id", NULL, NULL, NULL, flags);
  properties[PROP_API_URL] = g_param_spec_string ("api-url", NULL, NULL, MD_DEFAULT_API_URL, flags);
  properties[PROP_STREAM_URL] = g_param_spec_string ("stream-url", NULL, NULL, MD_DEFAULT_STREAM_URL, flags);
  properties[PROP_IMAGE_URL] = g_param_spec_string ("image-url", NULL, NULL, MD_DEFAULT_IMAGE_URL, flags);
  properties[PROP_STATS_URL] = g_param_spec_string ("stats-url", NULL, NULL, MD_DEFAULT_STATS_URL, flags);
  properties[PROP_PERMISSIONS] = g_param_spec_boxed ("permissions", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_ENVIRONMENT_NAME] = g_param_spec_string ("environment-name", NULL, NULL, NULL, flags);
  properties[PROP_SIGNING_KEY_ID] = g_param_spec_string ("signing-key-id", NULL, NULL, NULL, flags);
  properties[PROP_DEMO_LAUNCHER] = g_param_spec_object ("demo-launcher", NULL, NULL,
                                                        MD_TYPE_SANDBOX_LAUNCHER, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
md_environment_init (MdEnvironment *self)
{
  self->api_url = g_strdup (MD_DEFAULT_API_URL);
  self->stream_url = g_strdup (MD_DEFAULT_STREAM_URL);
  self->image_url = g_strdup (MD_DEFAULT_IMAGE_URL);
  self->stats_url = g_strdup (MD_DEFAULT_STATS_URL);
  self->permissions = g_new0 (char *, 1);
}

/**
 * md_environment_id_is_valid:
 *
 * Ids name folders (the cache and journal live under them), so only
 * letters, digits, '.', '_' and '-' are allowed, and never "." or "..".
 */
gboolean
md_environment_id_is_valid (const char *id)
{
  if (id == NULL || *id == '\0' || g_str_equal (id, ".") || g_str_equal (id, ".."))
    return FALSE;

  for (const char *p = id; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '.' && *p != '_' && *p != '-')
        return FALSE;
    }

  return TRUE;
}

/**
 * md_environment_new:
 * @id: (nullable): a stable id (Mux's environment id from whoami, say);
 *   %NULL for a new random one
 * @is_demo: whether this is the demo on the local sandbox (never persisted)
 */
MdEnvironment *
md_environment_new (const char *id,
                    gboolean    is_demo)
{
  g_autofree char *random_id = NULL;

  if (id == NULL)
    id = random_id = g_uuid_string_random ();

  return g_object_new (MD_TYPE_ENVIRONMENT, "id", id, "is-demo", is_demo, NULL);
}

static const char *
object_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/**
 * md_environment_new_from_json:
 * @node: an object as md_environment_to_json() writes it
 *
 * Returns: (transfer full): the environment, or %NULL with
 *   %G_IO_ERROR_INVALID_DATA when @node has no valid id
 */
MdEnvironment *
md_environment_new_from_json (JsonNode  *node,
                              GError   **error)
{
  g_autoptr(MdEnvironment) self = NULL;
  g_autoptr(GStrvBuilder) permissions = g_strv_builder_new ();
  g_auto(GStrv) permission_strv = NULL;
  JsonObject *object;
  JsonNode *member;
  const char *id;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) ||
      !md_environment_id_is_valid (id = object_string (json_node_get_object (node), "id")))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("A saved environment has no valid id."));
      return NULL;
    }

  object = json_node_get_object (node);
  self = md_environment_new (id, FALSE);
  md_environment_set_display_name (self, object_string (object, "display_name"));
  md_environment_set_token_id (self, object_string (object, "token_id"));
  md_environment_set_api_url (self, object_string (object, "api_url"));
  md_environment_set_stream_url (self, object_string (object, "stream_url"));
  md_environment_set_image_url (self, object_string (object, "image_url"));
  md_environment_set_stats_url (self, object_string (object, "stats_url"));
  md_environment_set_environment_name (self, object_string (object, "environment_name"));
  md_environment_set_signing_key_id (self, object_string (object, "signing_key_id"));

  if ((member = json_object_get_member (object, "permissions")) != NULL && JSON_NODE_HOLDS_ARRAY (member))
    {
      JsonArray *array = json_node_get_array (member);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
            g_strv_builder_add (permissions, json_node_get_string (element));
        }
    }
  permission_strv = g_strv_builder_end (permissions);
  md_environment_set_permissions (self, (const char * const *) permission_strv);

  return g_steal_pointer (&self);
}

static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  if (value == NULL)
    return;

  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

/**
 * md_environment_to_json:
 *
 * Everything that is kept about the environment. There is no secret in
 * an environment, so none can be written.
 *
 * Returns: (transfer full): a JSON object
 */
JsonNode *
md_environment_to_json (MdEnvironment *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (MD_IS_ENVIRONMENT (self), NULL);

  json_builder_begin_object (builder);
  add_string_member (builder, "id", self->id);
  add_string_member (builder, "display_name", self->display_name);
  add_string_member (builder, "token_id", self->token_id);
  add_string_member (builder, "api_url", self->api_url);
  add_string_member (builder, "stream_url", self->stream_url);
  add_string_member (builder, "image_url", self->image_url);
  add_string_member (builder, "stats_url", self->stats_url);
  add_string_member (builder, "environment_name", self->environment_name);
  add_string_member (builder, "signing_key_id", self->signing_key_id);
  json_builder_set_member_name (builder, "permissions");
  json_builder_begin_array (builder);
  for (guint i = 0; self->permissions[i] != NULL; i++)
    json_builder_add_string_value (builder, self->permissions[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

const char *
md_environment_get_id (MdEnvironment *self)
{
  g_return_val_if_fail (MD_IS_ENVIRONMENT (self), NULL);

  return self->id;
}

gboolean
md_environment_get_is_demo (MdEnvironment *self)
{
  g_return_val_if_fail (MD_IS_ENVIRONMENT (self), FALSE);

  return self->is_demo;
}

/**
 * md_environment_get_demo_launcher:
 *
 * Returns: (transfer none) (nullable): for the demo, the launcher of its
 *   sandbox, which holds its token while the sandbox runs
 */
MdSandboxLauncher *
md_environment_get_demo_launcher (MdEnvironment *self)
{
  g_return_val_if_fail (MD_IS_ENVIRONMENT (self), NULL);

  return self->demo_launcher;
}

/**
 * md_environment_set_demo_launcher:
 * @launcher: (nullable): the launcher of the demo's sandbox
 *
 * Tells the demo environment where its token comes from (never saved).
 */
void
md_environment_set_demo_launcher (MdEnvironment     *self,
                                  MdSandboxLauncher *launcher)
{
  g_return_if_fail (MD_IS_ENVIRONMENT (self));
  g_return_if_fail (launcher == NULL || MD_IS_SANDBOX_LAUNCHER (launcher));
  g_return_if_fail (launcher == NULL || self->is_demo);

  if (g_set_object (&self->demo_launcher, launcher))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEMO_LAUNCHER]);
}

/**
 * md_environment_get_display_name:
 *
 * Returns: the name the user gave, else the one from whoami, else the id
 */
const char *
md_environment_get_display_name (MdEnvironment *self)
{
  g_return_val_if_fail (MD_IS_ENVIRONMENT (self), NULL);

  if (self->display_name != NULL && *self->display_name != '\0')
    return self->display_name;
  if (self->environment_name != NULL && *self->environment_name != '\0')
    return self->environment_name;
  return self->id;
}

void
md_environment_set_display_name (MdEnvironment *self,
                                 const char    *display_name)
{
  g_return_if_fail (MD_IS_ENVIRONMENT (self));

  set_string_property (self, &self->display_name, display_name, PROP_DISPLAY_NAME);
}

const char *
md_environment_get_token_id (MdEnvironment *self)
{
  g_return_val_if_fail (MD_IS_ENVIRONMENT (self), NULL);

  return self->token_id;
}

void
md_environment_set_token_id (MdEnvironment *self,
                             const char    *token_id)
{
  g_return_if_fail (MD_IS_ENVIRONMENT (self));

  set_string_property (self, &self->token_id, token_id, PROP_TOKEN_ID);
}

const char *
md_environment_get_api_url (MdEnvironment *self)
{
  g_return_val_if_fail (MD_IS_ENVIRONMENT (self), NULL);

  return self->api_url;
}

/**
 * md_environment_set_api_url:
 * @api_url: (nullable): a base URL; %NULL or empty for Mux's
 */
void
md_environment_set_api_url (MdEnvironment *self,
                            const char    *api_url)
{
  g_return_if_fail (MD_IS_ENVIRONMENT (self));

  set_url_property (self, &self->api_url, api_url, MD_DEFAULT_API_URL, PROP_API_URL);
}

const char *
md_environment_get_stream_url (MdEnvironment *self)
{
  g_return_val_if_fail (MD_IS_ENVIRONMENT (self), NULL);

  return self->stream_url;
}

void
md_environment_set_stream_url (MdEnvironment *self,
                               const char    *stream_url)
{
  g_return_if_fail (MD_IS_ENVIRONMENT (self));

  set_url_property (self, &self->stream_url, stream_url, MD_DEFAULT_STREAM_URL, PROP_STREAM_URL);
}

const char *
md_environment_get_image_url (MdEnvironment *self)
{
  g_return_val_if_fail (MD_IS_ENVIRONMENT (self), NULL);

  return self->image_url;
}

void
md_environment_set_image_url (MdEnvironment *self,
                              const char    *image_url)
{
  g_return_if_fail (MD_IS_ENVIRONMENT (self));

  set_url_property (self, &self->image_url, image_url, MD_DEFAULT_IMAGE_URL, PROP_IMAGE_URL);
}

const char *
md_environment_get_stats_url (MdEnvironment *self)
{
  g_return_val_if_fail (MD_IS_ENVIRONMENT (self), NULL);

  return self->stats_url;
}

void
md_environment_set_stats_url (MdEnvironment *self,
                              const char    *stats_url)
{
  g_return_if_fail (MD_IS_ENVIRONMENT (self));

  set_url_property (self, &self->stats_url, stats_url, MD_DEFAULT_STATS_URL, PROP_STATS_URL);
}

/**
 * md_environment_reset_urls:
 *
 * Points every host back at Mux ("Reset to Mux defaults").
 */
void
md_environment_reset_urls (MdEnvironment *self)
{
  g_return_if_fail (MD_IS_ENVIRONMENT (self));

  g_object_freeze_notify (G_OBJECT (self));
  md_environment_set_api_url (self, NULL);
  md_environment_set_stream_url (self, NULL);
  md_environment_set_image_url (self, NULL);
  md_environment_set_stats_url (self, NULL);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * md_environment_get_permissions:
 *
 * Returns: (transfer none): the token's permissions as whoami listed them
 *   (e.g. "video:read", "system:write"); never %NULL
 */
const char * const *
md_environment_get_permissions (MdEnvironment *self)
{
  g_return_val_if_fail (MD_IS_ENVIRONMENT (self), NULL);

  return (const char * const *) self->permissions;
}

void
md_environment_set_permissions (MdEnvironment      *self,
                                const char * const *permissions)
{
  static const char * const none[] = { NULL };

  g_return_if_fail (MD_IS_ENVIRONMENT (self));

  if (permissions == NULL)
    permissions = none;
  if (g_strv_equal ((const char * const *) self->permissions, permissions))
    return;

  g_strfreev (self->permissions);
  self->permissions = g_strdupv ((char **) permissions);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERMISSIONS]);
}

gboolean
md_environment_has_permission (MdEnvironment *self,
                               const char    *permission)
{
  g_return_val_if_fail (MD_IS_ENVIRONMENT (self), FALSE);
  g_return_val_if_fail (permission != NULL, FALSE);

  return g_strv_contains ((const char * const *) self->permissions, permission);
}

const char *
md_environment_get_environment_name (MdEnvironment *self)
{
  g_return_val_if_fail (MD_IS_ENVIRONMENT (self), NULL);

  return self->environment_name;
}

void
md_environment_set_environment_name (MdEnvironment *self,
                                     const char    *environment_name)
{
  g_return_if_fail (MD_IS_ENVIRONMENT (self));

  if (!set_str (&self->environment_name, environment_name))
    return;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENVIRONMENT_NAME]);
  /* The shown name falls back to this one. */
  if (self->display_name == NULL || *self->display_name == '\0')
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);
}

/**
 * md_environment_get_signing_key_id:
 *
 * Returns: (nullable): the signing key chosen to sign playback and counts
 *   tokens (its private key is in the keyring)
 */
const char *
md_environment_get_signing_key_id (MdEnvironment *self)
{
  g_return_val_if_fail (MD_IS_ENVIRONMENT (self), NULL);

  return self->signing_key_id;
}

void
md_environment_set_signing_key_id (MdEnvironment *self,
                                   const char    *signing_key_id)
{
  g_return_if_fail (MD_IS_ENVIRONMENT (self));

  set_string_property (self, &self->signing_key_id, signing_key_id, PROP_SIGNING_KEY_ID);
}
