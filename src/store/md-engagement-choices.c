/* md-engagement-choices.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-engagement-choices"

#include "config.h"

#include "md-engagement-choices.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <string.h>

/**
 * MdEngagementChoices:
 *
 * What the user chose to see of each asset's engagement (whose engagement,
 * the timeframe, how many hotspots…), per environment, kept across
 * restarts in `$XDG_STATE_HOME/muxdesk/ENV/engagement-choices.json`:
 * `{"version":1,"choices":[{"asset":ID,…},…]}`, most recent first, at most
 * %MD_ENGAGEMENT_CHOICES_MAX_ASSETS assets (the least recently chosen go).
 * A choice is a JSON object the UI reads and writes; only `asset` means
 * anything here. Nothing secret is in it: ids, names of timeframes, days,
 * numbers. Every change is written at once, in a worker thread, the file
 * replaced whole (a crash leaves the old one or the new one); changes made
 * while a write runs are written after it. Without a path the choices last
 * as long as the object.
 */
struct _MdEngagementChoices
{
  GObject     parent_instance;

  char       *path;
  GQueue      entries;        /* JsonObject, most recent first */
  GHashTable *by_asset;       /* asset id (the entry's) -> GList link in entries */
  gboolean    saving;
  gboolean    dirty;
};

G_DEFINE_FINAL_TYPE (MdEngagementChoices, md_engagement_choices, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SAVING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define FILE_VERSION 1

/* A choice is flat (strings and numbers): copying its members copies it. */
static JsonObject *
copy_object (JsonObject *object)
{
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &node))
    json_object_set_member (copy, name, json_node_copy (node));
  return copy;
}

static const char *
entry_asset (JsonObject *entry)
{
  return json_object_get_string_member_with_default (entry, "asset", NULL);
}

static void
forget (MdEngagementChoices *self,
        const char          *asset_id)
{
  GList *link = g_hash_table_lookup (self->by_asset, asset_id);

  if (link == NULL)
    return;
  g_hash_table_remove (self->by_asset, asset_id);
  json_object_unref (link->data);
  g_queue_delete_link (&self->entries, link);
}

/* Keeps @entry (taken), most recent first when @first, else after the
 * others; the least recent beyond the bound go. */
static void
add_entry (MdEngagementChoices *self,
           JsonObject          *entry,
           gboolean             first)
{
  forget (self, entry_asset (entry));
  if (first)
    g_queue_push_head (&self->entries, entry);
  else
    g_queue_push_tail (&self->entries, entry);
  g_hash_table_insert (self->by_asset, (gpointer) entry_asset (entry),
                       first ? self->entries.head : self->entries.tail);

  while (self->entries.length > MD_ENGAGEMENT_CHOICES_MAX_ASSETS)
    forget (self, entry_asset (self->entries.tail->data));
}

static void
set_saving (MdEngagementChoices *self,
            gboolean             saving)
{
  if (self->saving == saving)
    return;
  self->saving = saving;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAVING]);
}

static char *
serialize (MdEngagementChoices *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, FILE_VERSION);
  json_builder_set_member_name (builder, "choices");
  json_builder_begin_array (builder);
  for (GList *l = self->entries.head; l != NULL; l = l->next)
    {
      JsonNode *node = json_node_new (JSON_NODE_OBJECT);

      json_node_set_object (node, l->data);
      json_builder_add_value (builder, node);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  MdEngagementChoices *self = source_object;
  const char *contents = task_data;
  g_autofree char *dir = g_path_get_dirname (self->path);
  g_autoptr(GFile) file = g_file_new_for_path (self->path);
  g_autoptr(GError) error = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               _("Could not create the folder “%s”: %s"), dir, g_strerror (saved_errno));
      return;
    }

  if (!g_file_replace_contents (file, contents, strlen (contents), NULL, FALSE,
                                G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                                NULL, cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void start_save (MdEngagementChoices *self);

static void
on_saved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  MdEngagementChoices *self = MD_ENGAGEMENT_CHOICES (source);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_warning ("Could not save the engagement choices in %s: %s", self->path, error->message);

  if (self->dirty)
    start_save (self);
  else
    set_saving (self, FALSE);
}

static void
start_save (MdEngagementChoices *self)
{
  g_autoptr(GTask) task = NULL;

  self->dirty = FALSE;
  set_saving (self, TRUE);
  task = g_task_new (self, NULL, on_saved_cb, NULL);
  g_task_set_source_tag (task, start_save);
  g_task_set_task_data (task, serialize (self), g_free);
  g_task_run_in_thread (task, write_thread);
}

static void
save (MdEngagementChoices *self)
{
  if (self->path == NULL)
    return;

  if (self->saving)
    self->dirty = TRUE;
  else
    start_save (self);
}

/* Reads what a former run saved; a choice made meanwhile stays the most
 * recent. */
static gboolean
read_contents (MdEngagementChoices  *self,
               const char           *contents,
               gsize                 length,
               GError              **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonArray *choices;

  if (!json_parser_load_from_data (parser, contents, length, error))
    return FALSE;

  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser))
      || (root = json_node_get_object (json_parser_get_root (parser))) == NULL
      || !json_object_has_member (root, "choices")
      || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, "choices")))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The file holds no list of choices"));
      return FALSE;
    }

  choices = json_object_get_array_member (root, "choices");
  for (guint i = 0; i < json_array_get_length (choices); i++)
    {
      JsonNode *node = json_array_get_element (choices, i);
      JsonObject *entry;
      const char *asset;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      entry = json_node_get_object (node);
      if (!json_object_has_member (entry, "asset")
          || json_node_get_value_type (json_object_get_member (entry, "asset")) != G_TYPE_STRING
          || (asset = entry_asset (entry)) == NULL || asset[0] == '\0'
          || g_hash_table_contains (self->by_asset, asset))
        continue;
      if (self->entries.length >= MD_ENGAGEMENT_CHOICES_MAX_ASSETS)
        break;
      add_entry (self, json_object_ref (entry), FALSE);
    }

  return TRUE;
}

static void
on_loaded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MdEngagementChoices *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_load_contents_finish (G_FILE (source), result, &contents, &length, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!read_contents (self, contents, length, &error))
    {
      g_task_return_new_error (task, error->domain, error->code,
                               _("Could not read the engagement choices in “%s”: %s"),
                               self->path, error->message);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
md_engagement_choices_finalize (GObject *object)
{
  MdEngagementChoices *self = MD_ENGAGEMENT_CHOICES (object);

  g_clear_pointer (&self->by_asset, g_hash_table_unref);
  g_queue_clear_full (&self->entries, (GDestroyNotify) json_object_unref);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (md_engagement_choices_parent_class)->finalize (object);
}

static void
md_engagement_choices_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  MdEngagementChoices *self = MD_ENGAGEMENT_CHOICES (object);

  switch (prop_id)
    {
    case PROP_SAVING:
      g_value_set_boolean (value, self->saving);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_engagement_choices_class_init (MdEngagementChoicesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = md_engagement_choices_finalize;
  object_class->get_property = md_engagement_choices_get_property;

  /**
   * MdEngagementChoices:saving:
   *
   * Whether a write of the file runs (or waits to run).
   */
  properties[PROP_SAVING] =
    g_param_spec_boolean ("saving", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
md_engagement_choices_init (MdEngagementChoices *self)
{
  /* Keys are the entries' own "asset" strings. */
  self->by_asset = g_hash_table_new (g_str_hash, g_str_equal);
}

/**
 * md_engagement_choices_dup_default_path:
 *
 * Returns: (transfer full): `$XDG_STATE_HOME/muxdesk/ENV/engagement-choices.json`
 */
char *
md_engagement_choices_dup_default_path (const char *environment_id)
{
  g_return_val_if_fail (environment_id != NULL && *environment_id != '\0', NULL);
  g_return_val_if_fail (strchr (environment_id, G_DIR_SEPARATOR) == NULL, NULL);

  return g_build_filename (g_get_user_state_dir (), "muxdesk", environment_id, "engagement-choices.json", NULL);
}

/**
 * md_engagement_choices_new:
 * @path: (nullable): the file to keep them in; %NULL: in memory only
 *
 * Returns: (transfer full): no choices yet; md_engagement_choices_load_async()
 *   reads those @path holds
 */
MdEngagementChoices *
md_engagement_choices_new (const char *path)
{
  MdEngagementChoices *self = g_object_new (MD_TYPE_ENGAGEMENT_CHOICES, NULL);

  self->path = g_strdup (path);
  return self;
}

/**
 * md_engagement_choices_get_path:
 *
 * Returns: (nullable): the file, %NULL when kept in memory only
 */
const char *
md_engagement_choices_get_path (MdEngagementChoices *self)
{
  g_return_val_if_fail (MD_IS_ENGAGEMENT_CHOICES (self), NULL);

  return self->path;
}

/**
 * md_engagement_choices_load_async:
 *
 * Reads the choices a former run kept. No file is no error; a damaged one
 * fails with the reason (the choices start empty and the next change
 * replaces it).
 */
void
md_engagement_choices_load_async (MdEngagementChoices *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GFile) file = NULL;

  g_return_if_fail (MD_IS_ENGAGEMENT_CHOICES (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, md_engagement_choices_load_async);
  if (self->path == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  file = g_file_new_for_path (self->path);
  g_file_load_contents_async (file, cancellable, on_loaded_cb, g_steal_pointer (&task));
}

gboolean
md_engagement_choices_load_finish (MdEngagementChoices  *self,
                                   GAsyncResult         *result,
                                   GError              **error)
{
  g_return_val_if_fail (MD_IS_ENGAGEMENT_CHOICES (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == md_engagement_choices_load_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * md_engagement_choices_lookup:
 *
 * Returns: (transfer full) (nullable): a copy of the choice kept for
 *   @asset_id
 */
JsonObject *
md_engagement_choices_lookup (MdEngagementChoices *self,
                              const char          *asset_id)
{
  GList *link;

  g_return_val_if_fail (MD_IS_ENGAGEMENT_CHOICES (self), NULL);
  g_return_val_if_fail (asset_id != NULL, NULL);

  link = g_hash_table_lookup (self->by_asset, asset_id);
  return link != NULL ? copy_object (link->data) : NULL;
}

/**
 * md_engagement_choices_remember:
 * @choice: what was chosen for @asset_id (copied)
 *
 * Keeps @choice as the most recent one (the least recent beyond the bound
 * go) and saves the choices.
 */
void
md_engagement_choices_remember (MdEngagementChoices *self,
                                const char          *asset_id,
                                JsonObject          *choice)
{
  JsonObject *entry;

  g_return_if_fail (MD_IS_ENGAGEMENT_CHOICES (self));
  g_return_if_fail (asset_id != NULL && asset_id[0] != '\0');
  g_return_if_fail (choice != NULL);

  entry = copy_object (choice);
  json_object_set_string_member (entry, "asset", asset_id);
  add_entry (self, entry, TRUE);
  save (self);
}

guint
md_engagement_choices_get_n_assets (MdEngagementChoices *self)
{
  g_return_val_if_fail (MD_IS_ENGAGEMENT_CHOICES (self), 0);

  return self->entries.length;
}

gboolean
md_engagement_choices_get_saving (MdEngagementChoices *self)
{
  g_return_val_if_fail (MD_IS_ENGAGEMENT_CHOICES (self), FALSE);

  return self->saving;
}
