/* md-playback-id.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-playback-id"

#include "config.h"

#include <glib/gi18n.h>

#include "md-playback-id-private.h"

#include "md-json-reader-private.h"
#include "md-mux-enumtypes.h"

struct _MdPlaybackId
{
  GObject           parent_instance;

  char             *id;
  MdPlaybackPolicy  policy;
};

G_DEFINE_FINAL_TYPE (MdPlaybackId, md_playback_id, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_POLICY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
md_playback_id_finalize (GObject *object)
{
  MdPlaybackId *self = (MdPlaybackId *)object;

  g_clear_pointer (&self->id, g_free);

  G_OBJECT_CLASS (md_playback_id_parent_class)->finalize (object);
}

static void
md_playback_id_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  MdPlaybackId *self = MD_PLAYBACK_ID (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_POLICY:
      g_value_set_enum (value, self->policy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_playback_id_class_init (MdPlaybackIdClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = md_playback_id_finalize;
  object_class->get_property = md_playback_id_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_POLICY] =
    g_param_spec_enum ("policy", NULL, NULL,
                       MD_TYPE_PLAYBACK_POLICY, MD_PLAYBACK_POLICY_UNKNOWN,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
md_playback_id_init (MdPlaybackId *self)
{
}

MdPlaybackId *
md_playback_id_new (const char       *id,
                    MdPlaybackPolicy  policy)
{
  MdPlaybackId *self;

  g_return_val_if_fail (id != NULL, NULL);

  self = g_object_new (MD_TYPE_PLAYBACK_ID, NULL);
  self->id = g_strdup (id);
  self->policy = policy;
  return self;
}

/**
 * md_playback_id_new_from_json:
 * @object: a PlaybackId object (`{"id","policy"}`)
 *
 * Returns: (transfer full) (nullable): the playback ID, or %NULL with
 *   %MD_CLIENT_ERROR_BAD_RESPONSE when @object is not one
 */
MdPlaybackId *
md_playback_id_new_from_json (JsonObject  *object,
                              GError     **error)
{
  g_autofree char *id = NULL;
  int policy = MD_PLAYBACK_POLICY_UNKNOWN;

  g_return_val_if_fail (object != NULL, NULL);

  if (!_md_json_read_string (object, "id", &id, error) ||
      !_md_json_read_enum (object, "policy", MD_TYPE_PLAYBACK_POLICY, &policy, error))
    return NULL;

  if (!_md_json_require_id (id, _("a playback ID has no “id”"), error))
    return NULL;

  return md_playback_id_new (id, policy);
}

const char *
md_playback_id_get_id (MdPlaybackId *self)
{
  g_return_val_if_fail (MD_IS_PLAYBACK_ID (self), NULL);

  return self->id;
}

MdPlaybackPolicy
md_playback_id_get_policy (MdPlaybackId *self)
{
  g_return_val_if_fail (MD_IS_PLAYBACK_ID (self), MD_PLAYBACK_POLICY_UNKNOWN);

  return self->policy;
}

gboolean
md_playback_id_equal (MdPlaybackId *a,
                      MdPlaybackId *b)
{
  g_return_val_if_fail (MD_IS_PLAYBACK_ID (a), FALSE);
  g_return_val_if_fail (MD_IS_PLAYBACK_ID (b), FALSE);

  return g_str_equal (a->id, b->id) && a->policy == b->policy;
}

/* Parses an optional array of playback IDs; always returns an array on success. */
GPtrArray *
_md_playback_ids_parse (JsonObject  *object,
                        const char  *member,
                        GError     **error)
{
  return _md_json_read_objects (object, member, (MdObjectParseFunc) md_playback_id_new_from_json,
                                g_object_unref, _("a playback ID is not an object"), error);
}

/* Makes @store hold @ids, keeping it untouched (no items-changed) when equal. */
gboolean
_md_playback_ids_sync (GListStore *store,
                       GPtrArray  *ids)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));
  gboolean same = n == ids->len;

  for (guint i = 0; same && i < n; i++)
    {
      g_autoptr(MdPlaybackId) current = g_list_model_get_item (G_LIST_MODEL (store), i);

      same = md_playback_id_equal (current, g_ptr_array_index (ids, i));
    }

  if (same)
    return FALSE;

  g_list_store_splice (store, 0, n, ids->pdata, ids->len);
  return TRUE;
}

/* Reads the optional array @member of @object into @store (as
 * _md_playback_ids_sync()). */
gboolean
_md_playback_ids_read (GListStore  *store,
                       JsonObject  *object,
                       const char  *member,
                       GError     **error)
{
  g_autoptr(GPtrArray) ids = NULL;

  ids = _md_playback_ids_parse (object, member, error);
  if (ids == NULL)
    return FALSE;

  _md_playback_ids_sync (store, ids);
  return TRUE;
}

/* Makes @store hold the playback IDs @other holds (as _md_playback_ids_sync()). */
void
_md_playback_ids_sync_store (GListStore *store,
                             GListStore *other)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (other));
  g_autoptr(GPtrArray) ids = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (ids, g_list_model_get_item (G_LIST_MODEL (other), i));
  _md_playback_ids_sync (store, ids);
}
