/* md-whoami.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-whoami"

#include "config.h"

#include <glib/gi18n.h>

#include "md-whoami.h"

#include "md-json-private.h"

/* What `GET /system/v1/whoami` says about a token: used at sign-in to name
 * the environment and show what the token may do. */
struct _MdWhoami
{
  GObject   parent_instance;

  char     *access_token_name;
  char     *environment_id;
  char     *environment_name;
  char     *environment_type;
  char     *organization_id;
  char     *organization_name;
  char    **permissions;
};

G_DEFINE_FINAL_TYPE (MdWhoami, md_whoami, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ACCESS_TOKEN_NAME,
  PROP_ENVIRONMENT_ID,
  PROP_ENVIRONMENT_NAME,
  PROP_ENVIRONMENT_TYPE,
  PROP_ORGANIZATION_ID,
  PROP_ORGANIZATION_NAME,
  PROP_PERMISSIONS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
md_whoami_finalize (GObject *object)
{
  MdWhoami *self = (MdWhoami *)object;

  g_clear_pointer (&self->access_token_name, g_free);
  g_clear_pointer (&self->environment_id, g_free);
  g_clear_pointer (&self->environment_name, g_free);
  g_clear_pointer (&self->environment_type, g_free);
  g_clear_pointer (&self->organization_id, g_free);
  g_clear_pointer (&self->organization_name, g_free);
  g_clear_pointer (&self->permissions, g_strfreev);

  G_OBJECT_CLASS (md_whoami_parent_class)->finalize (object);
}

static void
md_whoami_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  MdWhoami *self = MD_WHOAMI (object);

  switch (prop_id)
    {
    case PROP_ACCESS_TOKEN_NAME: g_value_set_string (value, self->access_token_name); break;
    case PROP_ENVIRONMENT_ID: g_value_set_string (value, self->environment_id); break;
    case PROP_ENVIRONMENT_NAME: g_value_set_string (value, self->environment_name); break;
    case PROP_ENVIRONMENT_TYPE: g_value_set_string (value, self->environment_type); break;
    case PROP_ORGANIZATION_ID: g_value_set_string (value, self->organization_id); break;
    case PROP_ORGANIZATION_NAME: g_value_set_string (value, self->organization_name); break;
    case PROP_PERMISSIONS: g_value_set_boxed (value, self->permissions); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define RO (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static void
md_whoami_class_init (MdWhoamiClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = md_whoami_finalize;
  object_class->get_property = md_whoami_get_property;

  properties[PROP_ACCESS_TOKEN_NAME] =
    g_param_spec_string ("access-token-name", NULL, NULL, NULL, RO);
  properties[PROP_ENVIRONMENT_ID] = g_param_spec_string ("environment-id", NULL, NULL, NULL, RO);
  properties[PROP_ENVIRONMENT_NAME] =
    g_param_spec_string ("environment-name", NULL, NULL, NULL, RO);
  properties[PROP_ENVIRONMENT_TYPE] =
    g_param_spec_string ("environment-type", NULL, NULL, NULL, RO);
  properties[PROP_ORGANIZATION_ID] = g_param_spec_string ("organization-id", NULL, NULL, NULL, RO);
  properties[PROP_ORGANIZATION_NAME] =
    g_param_spec_string ("organization-name", NULL, NULL, NULL, RO);
  properties[PROP_PERMISSIONS] = g_param_spec_boxed ("permissions", NULL, NULL, G_TYPE_STRV, RO);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
md_whoami_init (MdWhoami *self)
{
}

/**
 * md_whoami_new_from_json:
 * @object: the `data` object of the whoami answer
 *
 * Returns: (transfer full) (nullable): the token's description, or %NULL
 *   with %MD_CLIENT_ERROR_BAD_RESPONSE
 */
MdWhoami *
md_whoami_new_from_json (JsonObject  *object,
                         GError     **error)
{
  g_autoptr(MdWhoami) self = NULL;

  g_return_val_if_fail (object != NULL, NULL);

  self = g_object_new (MD_TYPE_WHOAMI, NULL);
  if (!_md_json_read_string (object, "access_token_name", &self->access_token_name, error) ||
      !_md_json_read_string (object, "environment_id", &self->environment_id, error) ||
      !_md_json_read_string (object, "environment_name", &self->environment_name, error) ||
      !_md_json_read_string (object, "environment_type", &self->environment_type, error) ||
      !_md_json_read_string (object, "organization_id", &self->organization_id, error) ||
      !_md_json_read_string (object, "organization_name", &self->organization_name, error) ||
      !_md_json_read_strv (object, "permissions", &self->permissions, error))
    return NULL;

  if (self->environment_id == NULL && self->environment_name == NULL)
    {
      _md_json_bad_response (error, _("the token’s environment is not named"));
      return NULL;
    }

  if (self->permissions == NULL)
    self->permissions = g_new0 (char *, 1);

  return g_steal_pointer (&self);
}

#define GETTER(name) \
  const char * \
  md_whoami_get_##name (MdWhoami *self) \
  { \
    g_return_val_if_fail (MD_IS_WHOAMI (self), NULL); \
    return self->name; \
  }

GETTER (access_token_name)
GETTER (environment_id)
GETTER (environment_name)
GETTER (environment_type)
GETTER (organization_id)
GETTER (organization_name)

const char *const *
md_whoami_get_permissions (MdWhoami *self)
{
  g_return_val_if_fail (MD_IS_WHOAMI (self), NULL);

  return (const char *const *) self->permissions;
}

/**
 * md_whoami_has_permission:
 * @permission: e.g. "video:write" or "system:read"
 */
gboolean
md_whoami_has_permission (MdWhoami   *self,
                          const char *permission)
{
  g_return_val_if_fail (MD_IS_WHOAMI (self), FALSE);
  g_return_val_if_fail (permission != NULL, FALSE);

  return g_strv_contains ((const char *const *) self->permissions, permission);
}
