/* md-sandbox-state.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-sandbox-state"

#include "config.h"

#include <glib/gstdio.h>

#include "md-sandbox-state.h"

#define SAVE_DELAY_MS 200

struct _MdSandboxState
{
  GObject     parent_instance;

  char       *dir;
  char       *state_path;
  GHashTable *collections;   /* name -> MdSandboxCollection */
  GHashTable *playback_ids;  /* playback id -> PlaybackOwner */
  guint       save_source;
  gint64      clock_offset_us;
};

typedef struct
{
  const char *collection;  /* interned */
  char       *record_id;
} PlaybackOwner;

G_DEFINE_FINAL_TYPE (MdSandboxState, md_sandbox_state, G_TYPE_OBJECT)

static void
playback_owner_free (PlaybackOwner *owner)
{
  g_free (owner->record_id);
  g_free (owner);
}

static void
index_playback_id (MdSandboxState *self,
                   const char     *playback_id,
                   const char     *collection,
                   JsonObject     *record)
{
  PlaybackOwner *owner = g_new0 (PlaybackOwner, 1);

  owner->collection = g_intern_string (collection);
  owner->record_id = g_strdup (md_sandbox_record_get_string (record, "id"));
  g_hash_table_replace (self->playback_ids, g_strdup (playback_id), owner);
}

static void
index_record_playback_ids (MdSandboxState *self,
                           const char     *collection,
                           JsonObject     *record)
{
  JsonArray *ids;

  if (!json_object_has_member (record, "playback_ids"))
    return;
  ids = json_object_get_array_member (record, "playback_ids");
  for (guint i = 0; ids != NULL && i < json_array_get_length (ids); i++)
    {
      JsonObject *pid = json_array_get_object_element (ids, i);
      const char *id = md_sandbox_record_get_string (pid, "id");

      if (id != NULL)
        index_playback_id (self, id, collection, record);
    }
}

static gboolean
load_state (MdSandboxState  *self,
            GError         **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (!g_file_test (self->state_path, G_FILE_TEST_EXISTS))
    return TRUE;
  if (!json_parser_load_from_mapped_file (parser, self->state_path, error))
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s is not a sandbox state file", self->state_path);
      return FALSE;
    }

  root = json_node_get_object (json_parser_get_root (parser));
  json_object_iter_init (&iter, root);
  while (json_object_iter_next (&iter, &name, &value))
    {
      MdSandboxCollection *collection;

      if (!JSON_NODE_HOLDS_ARRAY (value))
        continue;
      collection = md_sandbox_state_get_collection (self, name);
      md_sandbox_collection_load (collection, json_node_get_array (value));
      for (guint i = 0; i < md_sandbox_collection_get_n_items (collection); i++)
        index_record_playback_ids (self, name, md_sandbox_collection_get_item (collection, i));
    }
  return TRUE;
}

static gboolean
on_save_timeout_cb (gpointer user_data)
{
  MdSandboxState *self = MD_SANDBOX_STATE (user_data);
  g_autoptr(GError) error = NULL;

  self->save_source = 0;
  if (!md_sandbox_state_save (self, &error))
    g_warning ("Could not save the sandbox state: %s", error->message);
  return G_SOURCE_REMOVE;
}

static void
md_sandbox_state_finalize (GObject *object)
{
  MdSandboxState *self = MD_SANDBOX_STATE (object);

  if (self->save_source != 0)
    {
      g_autoptr(GError) error = NULL;

      g_clear_handle_id (&self->save_source, g_source_remove);
      if (!md_sandbox_state_save (self, &error))
        g_warning ("Could not save the sandbox state: %s", error->message);
    }
  g_clear_pointer (&self->collections, g_hash_table_unref);
  g_clear_pointer (&self->playback_ids, g_hash_table_unref);
  g_free (self->dir);
  g_free (self->state_path);

  G_OBJECT_CLASS (md_sandbox_state_parent_class)->finalize (object);
}

static void
md_sandbox_state_class_init (MdSandboxStateClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = md_sandbox_state_finalize;
}

static void
md_sandbox_state_init (MdSandboxState *self)
{
  self->collections = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) md_sandbox_collection_free);
  self->playback_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify) playback_owner_free);
}

MdSandboxState *
md_sandbox_state_new (const char  *dir,
                      GError     **error)
{
  g_autoptr(MdSandboxState) self = g_object_new (MD_TYPE_SANDBOX_STATE, NULL);
  g_autofree char *media = g_build_filename (dir, "media", NULL);

  if (g_mkdir_with_parents (media, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Could not create %s: %s", media, g_strerror (saved));
      return NULL;
    }

  self->dir = g_strdup (dir);
  self->state_path = g_build_filename (dir, "state.json", NULL);
  md_sandbox_state_get_collection (self, MD_SANDBOX_ASSETS);
  md_sandbox_state_get_collection (self, MD_SANDBOX_UPLOADS);
  md_sandbox_state_get_collection (self, MD_SANDBOX_LIVE_STREAMS);
  if (!load_state (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

const char *
md_sandbox_state_get_dir (MdSandboxState *self)
{
  g_return_val_if_fail (MD_IS_SANDBOX_STATE (self), NULL);
  return self->dir;
}

/* Created on first use; every collection is saved with the state. */
MdSandboxCollection *
md_sandbox_state_get_collection (MdSandboxState *self,
                                 const char     *name)
{
  MdSandboxCollection *collection;

  g_return_val_if_fail (MD_IS_SANDBOX_STATE (self), NULL);

  collection = g_hash_table_lookup (self->collections, name);
  if (collection == NULL)
    {
      collection = md_sandbox_collection_new (name);
      g_hash_table_insert (self->collections, g_strdup (name), collection);
    }
  return collection;
}

void
md_sandbox_state_changed (MdSandboxState *self)
{
  g_return_if_fail (MD_IS_SANDBOX_STATE (self));

  if (self->save_source == 0)
    self->save_source = g_timeout_add (SAVE_DELAY_MS, on_save_timeout_cb, self);
}

gboolean
md_sandbox_state_save (MdSandboxState  *self,
                       GError         **error)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  JsonObject *object = json_object_new ();
  g_autofree char *text = NULL;
  GHashTableIter iter;
  gpointer key, value;
  gsize length;

  g_return_val_if_fail (MD_IS_SANDBOX_STATE (self), FALSE);

  g_clear_handle_id (&self->save_source, g_source_remove);
  g_hash_table_iter_init (&iter, self->collections);
  while (g_hash_table_iter_next (&iter, &key, &value))
    json_object_set_member (object, key, md_sandbox_collection_to_node (value));
  json_node_take_object (root, object);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);
  return g_file_set_contents_full (self->state_path, text, length,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

JsonObject *
md_sandbox_state_lookup_playback_id (MdSandboxState  *self,
                                     const char      *playback_id,
                                     const char     **out_collection,
                                     const char     **out_policy)
{
  PlaybackOwner *owner;
  JsonObject *record;
  JsonArray *ids;

  g_return_val_if_fail (MD_IS_SANDBOX_STATE (self), NULL);

  if (playback_id == NULL)
    return NULL;
  owner = g_hash_table_lookup (self->playback_ids, playback_id);
  if (owner == NULL)
    return NULL;
  record = md_sandbox_collection_lookup (md_sandbox_state_get_collection (self, owner->collection),
                                         owner->record_id);
  if (record == NULL || !json_object_has_member (record, "playback_ids"))
    return NULL;

  ids = json_object_get_array_member (record, "playback_ids");
  for (guint i = 0; i < json_array_get_length (ids); i++)
    {
      JsonObject *pid = json_array_get_object_element (ids, i);

      if (g_strcmp0 (md_sandbox_record_get_string (pid, "id"), playback_id) == 0)
        {
          if (out_collection != NULL)
            *out_collection = owner->collection;
          if (out_policy != NULL)
            *out_policy = md_sandbox_record_get_string (pid, "policy");
          return record;
        }
    }
  return NULL;
}

void
md_sandbox_state_index_playback_ids (MdSandboxState *self,
                                     const char     *collection,
                                     JsonObject     *record)
{
  index_record_playback_ids (self, collection, record);
}

void
md_sandbox_state_unindex_playback_ids (MdSandboxState *self,
                                       JsonObject     *record)
{
  JsonArray *ids;

  if (!json_object_has_member (record, "playback_ids"))
    return;
  ids = json_object_get_array_member (record, "playback_ids");
  for (guint i = 0; i < json_array_get_length (ids); i++)
    {
      const char *id = md_sandbox_record_get_string (json_array_get_object_element (ids, i), "id");

      if (id != NULL)
        g_hash_table_remove (self->playback_ids, id);
    }
}

JsonObject *
md_sandbox_state_add_playback_id (MdSandboxState *self,
                                  const char     *collection,
                                  JsonObject     *record,
                                  const char     *policy)
{
  JsonObject *pid = json_object_new ();
  g_autofree char *id = md_sandbox_new_id (44);

  json_object_set_string_member (pid, "policy", policy);
  json_object_set_string_member (pid, "id", id);
  if (!json_object_has_member (record, "playback_ids"))
    json_object_set_array_member (record, "playback_ids", json_array_new ());
  json_array_add_object_element (json_object_get_array_member (record, "playback_ids"), pid);
  index_playback_id (self, id, collection, record);
  return pid;
}

JsonObject *
md_sandbox_state_lookup_asset (MdSandboxState *self,
                               const char     *asset_id)
{
  return md_sandbox_collection_lookup (md_sandbox_state_get_collection (self, MD_SANDBOX_ASSETS), asset_id);
}

double
md_sandbox_state_get_asset_duration (MdSandboxState *self,
                                     const char     *asset_id)
{
  JsonObject *asset = md_sandbox_state_lookup_asset (self, asset_id);

  if (asset == NULL)
    return 0.0;
  return json_object_get_double_member_with_default (asset, "duration", 0.0);
}

char *
md_sandbox_state_get_media_dir (MdSandboxState *self,
                                JsonObject     *record)
{
  JsonObject *priv = md_sandbox_record_get_private (record);
  const char *media = md_sandbox_record_get_string (priv, "media");

  if (media == NULL)
    return NULL;
  return g_build_filename (self->dir, "media", media, NULL);
}

gint64
md_sandbox_state_get_now (MdSandboxState *self)
{
  g_return_val_if_fail (MD_IS_SANDBOX_STATE (self), 0);
  return g_get_real_time () + self->clock_offset_us;
}

void
md_sandbox_state_advance_clock (MdSandboxState *self,
                                gint64          seconds)
{
  g_return_if_fail (MD_IS_SANDBOX_STATE (self));
  self->clock_offset_us += seconds * G_USEC_PER_SEC;
}

/* Mux's ids are long strings of letters and digits. */
char *
md_sandbox_new_id (guint length)
{
  static const char alphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  char *id = g_new (char, length + 1);

  for (guint i = 0; i < length; i++)
    id[i] = alphabet[g_random_int_range (0, sizeof alphabet - 1)];
  id[length] = '\0';
  return id;
}

char *
md_sandbox_now_string (void)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / G_USEC_PER_SEC);
}
