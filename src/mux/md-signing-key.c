/* md-signing-key.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-signing-key"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "md-signing-key.h"

#include "md-json-reader-private.h"

/* The private key exists only in the creation answer: it is handed to the
 * caller once (for the keyring) and never kept here. */
struct _MdSigningKey
{
  GObject  parent_instance;

  char    *id;
  gint64   created_at;
};

G_DEFINE_FINAL_TYPE (MdSigningKey, md_signing_key, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_CREATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
md_signing_key_finalize (GObject *object)
{
  MdSigningKey *self = (MdSigningKey *)object;

  g_clear_pointer (&self->id, g_free);

  G_OBJECT_CLASS (md_signing_key_parent_class)->finalize (object);
}

static void
md_signing_key_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  MdSigningKey *self = MD_SIGNING_KEY (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_CREATED_AT: g_value_set_int64 (value, self->created_at); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_signing_key_class_init (MdSigningKeyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = md_signing_key_finalize;
  object_class->get_property = md_signing_key_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CREATED_AT] =
    g_param_spec_int64 ("created-at", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
md_signing_key_init (MdSigningKey *self)
{
}

/**
 * md_signing_key_new_from_json:
 *
 * Any `private_key` member is ignored.
 *
 * Returns: (transfer full) (nullable): the key, or %NULL with
 *   %MD_CLIENT_ERROR_BAD_RESPONSE
 */
MdSigningKey *
md_signing_key_new_from_json (JsonObject  *object,
                              GError     **error)
{
  g_autoptr(MdSigningKey) self = NULL;

  g_return_val_if_fail (object != NULL, NULL);

  self = g_object_new (MD_TYPE_SIGNING_KEY, NULL);
  if (!_md_json_read_string (object, "id", &self->id, error) ||
      !_md_json_read_timestamp (object, "created_at", &self->created_at, error))
    return NULL;

  if (!_md_json_require_id (self->id, _("a signing key has no “id”"), error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * md_signing_key_new_from_created_json:
 * @out_private_key: (out): the base64 PEM private key; store it in the
 *   keyring and free it with g_free() after wiping it
 *
 * Parses the answer to creating a key, which alone carries the private key.
 *
 * Returns: (transfer full) (nullable): the key, or %NULL with
 *   %MD_CLIENT_ERROR_BAD_RESPONSE (also when the private key is missing)
 */
MdSigningKey *
md_signing_key_new_from_created_json (JsonObject  *object,
                                      char       **out_private_key,
                                      GError     **error)
{
  g_autoptr(MdSigningKey) self = NULL;
  char *private_key = NULL;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (out_private_key != NULL, NULL);

  self = md_signing_key_new_from_json (object, error);
  if (self == NULL)
    return NULL;

  if (!_md_json_read_string (object, "private_key", &private_key, error))
    return NULL;

  if (private_key == NULL || private_key[0] == '\0')
    {
      g_free (private_key);
      _md_json_bad_response (error, _("the new signing key has no private key"));
      return NULL;
    }

  *out_private_key = private_key;
  return g_steal_pointer (&self);
}

const char *
md_signing_key_get_id (MdSigningKey *self)
{
  g_return_val_if_fail (MD_IS_SIGNING_KEY (self), NULL);

  return self->id;
}

gint64
md_signing_key_get_created_at (MdSigningKey *self)
{
  g_return_val_if_fail (MD_IS_SIGNING_KEY (self), 0);

  return self->created_at;
}

/**
 * md_signing_key_list_new_from_json:
 *
 * Returns: (transfer full) (element-type MdSigningKey) (nullable): the keys
 *   of one page, or %NULL with %MD_CLIENT_ERROR_BAD_RESPONSE
 */
GPtrArray *
md_signing_key_list_new_from_json (JsonNode  *root,
                                   GError   **error)
{
  g_return_val_if_fail (root != NULL, NULL);

  return _md_json_parse_list (root, (MdObjectParseFunc) md_signing_key_new_from_json,
                              _("a signing key is not an object"), error);
}
