/* md-sandbox-collection.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-sandbox-collection"

#include "config.h"

#include "md-sandbox-collection.h"

struct _MdSandboxCollection
{
  char       *name;
  GHashTable *by_id;    /* id -> JsonObject (owned by items) */
  GPtrArray  *items;    /* JsonObject, ascending sequence */
  guint64     next_seq;
};

JsonObject *
md_sandbox_record_get_private (JsonObject *record)
{
  if (!json_object_has_member (record, "_sandbox"))
    json_object_set_object_member (record, "_sandbox", json_object_new ());
  return json_object_get_object_member (record, "_sandbox");
}

guint64
md_sandbox_record_get_seq (JsonObject *record)
{
  JsonObject *priv = md_sandbox_record_get_private (record);

  return (guint64) json_object_get_int_member_with_default (priv, "seq", 0);
}

const char *
md_sandbox_record_get_string (JsonObject *record,
                              const char *member)
{
  JsonNode *node;

  if (record == NULL)
    return NULL;
  node = json_object_get_member (record, member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

JsonNode *
md_sandbox_record_to_public (JsonObject *record)
{
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;
  JsonNode *node;

  json_object_iter_init (&iter, record);
  while (json_object_iter_next (&iter, &name, &value))
    if (name[0] != '_')
      json_object_set_member (copy, name, json_node_copy (value));

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, copy);
  return node;
}

MdSandboxCollection *
md_sandbox_collection_new (const char *name)
{
  MdSandboxCollection *self = g_new0 (MdSandboxCollection, 1);

  self->name = g_strdup (name);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->items = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  self->next_seq = 1;
  return self;
}

void
md_sandbox_collection_free (MdSandboxCollection *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->by_id);
  g_ptr_array_unref (self->items);
  g_free (self->name);
  g_free (self);
}

const char *
md_sandbox_collection_get_name (MdSandboxCollection *self)
{
  return self->name;
}

JsonObject *
md_sandbox_collection_lookup (MdSandboxCollection *self,
                              const char          *id)
{
  if (id == NULL)
    return NULL;
  return g_hash_table_lookup (self->by_id, id);
}

static void
add_item (MdSandboxCollection *self,
          JsonObject          *record)
{
  const char *id = md_sandbox_record_get_string (record, "id");

  g_return_if_fail (id != NULL);
  g_ptr_array_add (self->items, record);
  g_hash_table_replace (self->by_id, (gpointer) id, record);
}

/* Takes a reference on @record and gives it the next sequence number. */
void
md_sandbox_collection_insert (MdSandboxCollection *self,
                              JsonObject          *record)
{
  JsonObject *priv = md_sandbox_record_get_private (record);

  json_object_set_int_member (priv, "seq", (gint64) self->next_seq++);
  add_item (self, json_object_ref (record));
}

/* Binary search: the position of the first item whose seq >= @seq. */
static guint
lower_bound (MdSandboxCollection *self,
             guint64              seq)
{
  guint lo = 0, hi = self->items->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (md_sandbox_record_get_seq (g_ptr_array_index (self->items, mid)) < seq)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

gboolean
md_sandbox_collection_remove (MdSandboxCollection *self,
                              const char          *id)
{
  JsonObject *record = md_sandbox_collection_lookup (self, id);
  guint pos;

  if (record == NULL)
    return FALSE;
  pos = lower_bound (self, md_sandbox_record_get_seq (record));
  g_return_val_if_fail (pos < self->items->len &&
                        g_ptr_array_index (self->items, pos) == record, FALSE);
  g_hash_table_remove (self->by_id, id);
  g_ptr_array_remove_index (self->items, pos);
  return TRUE;
}

guint
md_sandbox_collection_get_n_items (MdSandboxCollection *self)
{
  return self->items->len;
}

JsonObject *
md_sandbox_collection_get_item (MdSandboxCollection *self,
                                guint                position)
{
  g_return_val_if_fail (position < self->items->len, NULL);
  return g_ptr_array_index (self->items, position);
}

/* Newest first: the records older than @before_seq (0 = from the newest)
 * that pass @filter, skipping @skip of them, at most @limit. */
GPtrArray *
md_sandbox_collection_page (MdSandboxCollection   *self,
                            guint64                before_seq,
                            guint                  skip,
                            guint                  limit,
                            MdSandboxRecordFilter  filter,
                            gpointer               user_data,
                            gboolean              *out_more)
{
  GPtrArray *page = g_ptr_array_new ();
  guint pos = before_seq == 0 ? self->items->len : lower_bound (self, before_seq);
  gboolean more = FALSE;

  while (pos > 0)
    {
      JsonObject *record = g_ptr_array_index (self->items, --pos);

      if (filter != NULL && !filter (record, user_data))
        continue;
      if (skip > 0)
        {
          skip--;
          continue;
        }
      if (page->len == limit)
        {
          more = TRUE;
          break;
        }
      g_ptr_array_add (page, record);
    }

  if (out_more != NULL)
    *out_more = more;
  return page;
}

JsonNode *
md_sandbox_collection_to_node (MdSandboxCollection *self)
{
  JsonArray *array = json_array_sized_new (self->items->len);
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; i < self->items->len; i++)
    json_array_add_object_element (array, json_object_ref (g_ptr_array_index (self->items, i)));
  json_node_take_array (node, array);
  return node;
}

void
md_sandbox_collection_load (MdSandboxCollection *self,
                            JsonArray           *records)
{
  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      JsonNode *node = json_array_get_element (records, i);
      JsonObject *record;
      guint64 seq;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      record = json_node_get_object (node);
      if (md_sandbox_record_get_string (record, "id") == NULL)
        continue;
      seq = md_sandbox_record_get_seq (record);
      if (seq == 0 || (self->items->len > 0 &&
                       seq <= md_sandbox_record_get_seq (g_ptr_array_index (self->items, self->items->len - 1))))
        {
          g_warning ("Skipping a %s record out of order", self->name);
          continue;
        }
      add_item (self, json_object_ref (record));
      self->next_seq = MAX (self->next_seq, seq + 1);
    }
}
