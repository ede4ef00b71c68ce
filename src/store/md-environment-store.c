/* md-environment-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-environment-store"

#include "config.h"

#include "md-environment-store.h"

#include <glib/gi18n.h>

#include "md-environment-files.h"
#include "md-keyring.h"

/* The environments the user signed in to, as a list model, and which one
 * is active. Kept in a small JSON file under XDG config, replaced
 * atomically on each change; the token secrets are only in the keyring,
 * and the demo environment is never written. */
struct _MdEnvironmentStore
{
  GObject        parent_instance;

  char          *path;
  GPtrArray     *items;
  MdEnvironment *active;
  /* The active id as saved: kept while the unsaved demo is active. */
  char          *saved_active_id;

  /* Saves run one at a time; changes made meanwhile wait for the next. */
  gboolean       writing;
  GPtrArray     *waiting_tasks;
};

/* What load hands from its thread to the main thread. */
typedef struct
{
  GPtrArray *items;
  char      *active_id;
} Loaded;

static void md_environment_store_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MdEnvironmentStore, md_environment_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, md_environment_store_list_model_init))

enum {
  PROP_0,
  PROP_PATH,
  PROP_ACTIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void start_write (MdEnvironmentStore *self);

static void
loaded_free (Loaded *loaded)
{
  g_clear_pointer (&loaded->items, g_ptr_array_unref);
  g_free (loaded->active_id);
  g_free (loaded);
}

static gboolean
find_index (MdEnvironmentStore *self,
            MdEnvironment      *environment,
            guint              *out_index)
{
  for (guint i = 0; i < self->items->len; i++)
    {
      MdEnvironment *item = g_ptr_array_index (self->items, i);

      if (g_str_equal (md_environment_get_id (item), md_environment_get_id (environment)))
        {
          *out_index = i;
          return TRUE;
        }
    }

  return FALSE;
}

static void
set_active (MdEnvironmentStore *self,
            MdEnvironment      *environment)
{
  if (!g_set_object (&self->active, environment))
    return;

  if (environment != NULL && !md_environment_get_is_demo (environment))
    {
      g_free (self->saved_active_id);
      self->saved_active_id = g_strdup (md_environment_get_id (environment));
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
}

/* Saving */

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  MdEnvironmentStore *self = source_object;
  GError *error = NULL;

  if (md_environment_files_write (self->path, task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_write_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  MdEnvironmentStore *self = MD_ENVIRONMENT_STORE (source);
  g_autoptr(GPtrArray) written_for = user_data;
  g_autoptr(GError) error = NULL;

  g_assert (MD_IS_ENVIRONMENT_STORE (self));

  g_task_propagate_boolean (G_TASK (result), &error);

  for (guint i = 0; i < written_for->len; i++)
    {
      GTask *task = g_ptr_array_index (written_for, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
    }

  self->writing = FALSE;
  if (self->waiting_tasks->len > 0)
    start_write (self);
}

static void
start_write (MdEnvironmentStore *self)
{
  g_autoptr(GTask) task = NULL;
  GPtrArray *written_for;

  g_assert (!self->writing);

  written_for = g_steal_pointer (&self->waiting_tasks);
  self->waiting_tasks = g_ptr_array_new_with_free_func (g_object_unref);
  self->writing = TRUE;

  task = g_task_new (self, NULL, on_write_done_cb, written_for);
  g_task_set_source_tag (task, start_write);
  g_task_set_task_data (task, md_environment_files_serialize (self->items, self->saved_active_id), g_free);
  g_task_run_in_thread (task, write_thread);
}

/* Returns @task once a write that includes the current state is on disk. */
static void
save_then_return (MdEnvironmentStore *self,
                  GTask              *task)
{
  g_ptr_array_add (self->waiting_tasks, g_object_ref (task));
  if (!self->writing)
    start_write (self);
}

/* Loading */

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  MdEnvironmentStore *self = source_object;
  Loaded *loaded = g_new0 (Loaded, 1);
  GError *error = NULL;

  if (md_environment_files_read (self->path, &loaded->items, &loaded->active_id, &error))
    g_task_return_pointer (task, loaded, (GDestroyNotify) loaded_free);
  else
    {
      g_task_return_error (task, error);
      loaded_free (loaded);
    }
}

/* Removing */

typedef struct
{
  MdEnvironment *environment;
} RemoveOp;

static void
remove_op_free (RemoveOp *op)
{
  g_clear_object (&op->environment);
  g_free (op);
}

static void
delete_data_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  RemoveOp *op = task_data;
  GError *error = NULL;

  if (md_environment_files_delete_data (op->environment, NULL, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_dirs_deleted_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_removal_saved_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GTask) delete_task = NULL;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }

  delete_task = g_task_new (source, NULL, on_dirs_deleted_cb, g_object_ref (task));
  g_task_set_source_tag (delete_task, delete_data_thread);
  g_task_set_task_data (delete_task, g_task_get_task_data (task), NULL);
  g_task_run_in_thread (delete_task, delete_data_thread);
}

static void
remove_from_model (MdEnvironmentStore *self,
                   GTask              *task)
{
  RemoveOp *op = g_task_get_task_data (task);
  g_autoptr(GTask) save_task = NULL;
  guint index;

  if (find_index (self, op->environment, &index))
    {
      g_autoptr(MdEnvironment) removed = g_object_ref (g_ptr_array_index (self->items, index));

      g_ptr_array_remove_index (self->items, index);
      g_list_model_items_changed (G_LIST_MODEL (self), index, 1, 0);

      if (self->active == removed)
        {
          if (g_strcmp0 (self->saved_active_id, md_environment_get_id (removed)) == 0)
            g_clear_pointer (&self->saved_active_id, g_free);
          set_active (self, self->items->len > 0 ? g_ptr_array_index (self->items, 0) : NULL);
        }
    }

  /* The demo keeps nothing on disk: its sandbox state is not ours to delete. */
  if (md_environment_get_is_demo (op->environment))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  save_task = g_task_new (self, NULL, on_removal_saved_cb, g_object_ref (task));
  g_task_set_source_tag (save_task, remove_from_model);
  save_then_return (self, save_task);
}

static void
on_secrets_deleted_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  /* The token must be gone before the environment is: a locked keyring
   * stops sign-out here, with nothing removed, so it can be retried. */
  if (!md_keyring_delete_environment_finish (result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  remove_from_model (g_task_get_source_object (task), task);
}

/* Adding */

static void
add_to_model (MdEnvironmentStore *self,
              MdEnvironment      *environment)
{
  guint index;

  if (find_index (self, environment, &index))
    {
      /* Signing in again to a known environment replaces it in place. */
      g_autoptr(MdEnvironment) old = g_ptr_array_index (self->items, index);

      g_ptr_array_index (self->items, index) = g_object_ref (environment);
      g_list_model_items_changed (G_LIST_MODEL (self), index, 1, 1);
      if (self->active == old)
        set_active (self, environment);
    }
  else
    {
      g_ptr_array_add (self->items, g_object_ref (environment));
      g_list_model_items_changed (G_LIST_MODEL (self), self->items->len - 1, 0, 1);
    }

  if (self->active == NULL)
    set_active (self, environment);
}

static void
on_token_stored_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MdEnvironmentStore *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!md_keyring_store_token_finish (result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  add_to_model (self, g_task_get_task_data (task));
  save_then_return (self, task);
}

/* GListModel */

static GType
md_environment_store_get_item_type (GListModel *model)
{
  return MD_TYPE_ENVIRONMENT;
}

static guint
md_environment_store_get_n_items (GListModel *model)
{
  return MD_ENVIRONMENT_STORE (model)->items->len;
}

static gpointer
md_environment_store_get_item (GListModel *model,
                               guint       position)
{
  MdEnvironmentStore *self = MD_ENVIRONMENT_STORE (model);

  if (position >= self->items->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
md_environment_store_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = md_environment_store_get_item_type;
  iface->get_n_items = md_environment_store_get_n_items;
  iface->get_item = md_environment_store_get_item;
}

static void
md_environment_store_finalize (GObject *object)
{
  MdEnvironmentStore *self = (MdEnvironmentStore *) object;

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_object (&self->active);
  g_clear_pointer (&self->saved_active_id, g_free);
  g_clear_pointer (&self->waiting_tasks, g_ptr_array_unref);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (md_environment_store_parent_class)->finalize (object);
}

static void
md_environment_store_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  MdEnvironmentStore *self = MD_ENVIRONMENT_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_ACTIVE:
      g_value_set_object (value, self->active);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_environment_store_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  MdEnvironmentStore *self = MD_ENVIRONMENT_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_environment_store_class_init (MdEnvironmentStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = md_environment_store_finalize;
  object_class->get_property = md_environment_store_get_property;
  object_class->set_property = md_environment_store_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTIVE] =
    g_param_spec_object ("active", NULL, NULL, MD_TYPE_ENVIRONMENT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
md_environment_store_init (MdEnvironmentStore *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->waiting_tasks = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * md_environment_store_dup_default_path:
 *
 * Returns: `$XDG_CONFIG_HOME/muxdesk/environments.json`
 */
char *
md_environment_store_dup_default_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "muxdesk", "environments.json", NULL);
}

/**
 * md_environment_store_new:
 *
 * An empty store on the default path; call md_environment_store_load_async().
 */
MdEnvironmentStore *
md_environment_store_new (void)
{
  g_autofree char *path = md_environment_store_dup_default_path ();

  return md_environment_store_new_for_path (path);
}

MdEnvironmentStore *
md_environment_store_new_for_path (const char *path)
{
  g_return_val_if_fail (path != NULL, NULL);

  return g_object_new (MD_TYPE_ENVIRONMENT_STORE, "path", path, NULL);
}

const char *
md_environment_store_get_path (MdEnvironmentStore *self)
{
  g_return_val_if_fail (MD_IS_ENVIRONMENT_STORE (self), NULL);

  return self->path;
}

/**
 * md_environment_store_get_active:
 *
 * Returns: (transfer none) (nullable): the environment in use
 */
MdEnvironment *
md_environment_store_get_active (MdEnvironmentStore *self)
{
  g_return_val_if_fail (MD_IS_ENVIRONMENT_STORE (self), NULL);

  return self->active;
}

/**
 * md_environment_store_lookup:
 * @id_or_name: an id, a display name or Mux's environment name
 *   (`muxdesk --environment NAME`)
 *
 * Returns: (transfer none) (nullable): the first environment that matches
 */
MdEnvironment *
md_environment_store_lookup (MdEnvironmentStore *self,
                             const char         *id_or_name)
{
  g_return_val_if_fail (MD_IS_ENVIRONMENT_STORE (self), NULL);
  g_return_val_if_fail (id_or_name != NULL, NULL);

  for (guint i = 0; i < self->items->len; i++)
    {
      MdEnvironment *item = g_ptr_array_index (self->items, i);

      if (g_str_equal (md_environment_get_id (item), id_or_name) ||
          g_str_equal (md_environment_get_display_name (item), id_or_name) ||
          g_strcmp0 (md_environment_get_environment_name (item), id_or_name) == 0)
        return item;
    }

  return NULL;
}

/**
 * md_environment_store_load_async:
 *
 * Reads the saved environments (in a worker thread) and replaces the
 * list with them; a missing file is an empty list. A damaged file fails
 * with %G_IO_ERROR_INVALID_DATA and is kept aside, renamed, so that the
 * next save does not destroy what the user could still recover.
 */
void
md_environment_store_load_async (MdEnvironmentStore  *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MD_IS_ENVIRONMENT_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, md_environment_store_load_async);
  g_task_run_in_thread (task, load_thread);
}

gboolean
md_environment_store_load_finish (MdEnvironmentStore  *self,
                                  GAsyncResult        *result,
                                  GError             **error)
{
  Loaded *loaded;
  MdEnvironment *active = NULL;
  guint removed;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == md_environment_store_load_async, FALSE);

  loaded = g_task_propagate_pointer (G_TASK (result), error);
  if (loaded == NULL)
    return FALSE;

  /* Applied here, on the caller's thread, where the model's signals belong. */
  removed = self->items->len;
  g_ptr_array_unref (self->items);
  self->items = g_steal_pointer (&loaded->items);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->items->len);

  g_free (self->saved_active_id);
  self->saved_active_id = g_steal_pointer (&loaded->active_id);
  if (self->saved_active_id != NULL)
    active = md_environment_store_lookup (self, self->saved_active_id);
  if (active == NULL && self->items->len > 0)
    active = g_ptr_array_index (self->items, 0);
  set_active (self, active);

  loaded_free (loaded);
  return TRUE;
}

/**
 * md_environment_store_add_async:
 * @environment: a new environment, or a new version of a stored one
 *   (same id: replaces it in place)
 * @token_secret: (nullable): the token secret, stored in the keyring first
 *   (a keyring failure adds nothing); %NULL for the demo, whose token
 *   lives in memory only
 *
 * Adds an environment and saves the list. The first one becomes active.
 */
void
md_environment_store_add_async (MdEnvironmentStore  *self,
                                MdEnvironment       *environment,
                                const char          *token_secret,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MD_IS_ENVIRONMENT_STORE (self));
  g_return_if_fail (MD_IS_ENVIRONMENT (environment));
  g_return_if_fail (token_secret == NULL || md_environment_get_token_id (environment) != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, md_environment_store_add_async);
  g_task_set_task_data (task, g_object_ref (environment), g_object_unref);

  if (!md_environment_id_is_valid (md_environment_get_id (environment)))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("“%s” cannot be used as an environment id."),
                               md_environment_get_id (environment));
      return;
    }

  if (token_secret != NULL && !md_environment_get_is_demo (environment))
    {
      md_keyring_store_token_async (md_environment_get_id (environment),
                                    md_environment_get_display_name (environment),
                                    md_environment_get_token_id (environment),
                                    md_environment_get_api_url (environment),
                                    token_secret, cancellable,
                                    on_token_stored_cb, g_object_ref (task));
      return;
    }

  add_to_model (self, environment);
  save_then_return (self, task);
}

/**
 * md_environment_store_remove_async:
 *
 * Signs out of an environment: deletes its token and signing keys from
 * the keyring, then removes it from the list, then deletes its library
 * cache and upload journal folders. If the keyring fails, nothing is
 * removed and the error says why (retry once it is unlocked). The demo
 * environment is only taken off the list.
 */
void
md_environment_store_remove_async (MdEnvironmentStore  *self,
                                   MdEnvironment       *environment,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RemoveOp *op;

  g_return_if_fail (MD_IS_ENVIRONMENT_STORE (self));
  g_return_if_fail (MD_IS_ENVIRONMENT (environment));

  op = g_new0 (RemoveOp, 1);
  op->environment = g_object_ref (environment);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, md_environment_store_remove_async);
  g_task_set_task_data (task, op, (GDestroyNotify) remove_op_free);

  if (md_environment_get_is_demo (environment))
    remove_from_model (self, task);
  else
    md_keyring_delete_environment_async (md_environment_get_id (environment), cancellable,
                                         on_secrets_deleted_cb, g_object_ref (task));
}

void
md_environment_store_rename_async (MdEnvironmentStore  *self,
                                   MdEnvironment       *environment,
                                   const char          *display_name,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MD_IS_ENVIRONMENT_STORE (self));
  g_return_if_fail (MD_IS_ENVIRONMENT (environment));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, md_environment_store_rename_async);
  md_environment_set_display_name (environment, display_name);
  save_then_return (self, task);
}

void
md_environment_store_set_active_async (MdEnvironmentStore  *self,
                                       MdEnvironment       *environment,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  guint index;

  g_return_if_fail (MD_IS_ENVIRONMENT_STORE (self));
  g_return_if_fail (MD_IS_ENVIRONMENT (environment));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, md_environment_store_set_active_async);

  if (!find_index (self, environment, &index))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("“%s” is not among the environments."),
                               md_environment_get_display_name (environment));
      return;
    }

  set_active (self, g_ptr_array_index (self->items, index));
  save_then_return (self, task);
}

/**
 * md_environment_store_save_async:
 *
 * Saves the list after an environment's properties changed (base URLs,
 * permissions, the signing key in use, …).
 */
void
md_environment_store_save_async (MdEnvironmentStore  *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MD_IS_ENVIRONMENT_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, md_environment_store_save_async);
  save_then_return (self, task);
}

gboolean
md_environment_store_change_finish (MdEnvironmentStore  *self,
                                    GAsyncResult        *result,
                                    GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
