/* md-pager.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-pager"

#include "config.h"

#include "md-pager.h"

/* Items are loaded a page at a time: when a list view asks for an item near
 * the end, when md_pager_load_more() is called, or continuously while
 * #MdPager:autoload is set. A refresh fetches again as many items as are
 * listed, updates the objects already listed in place (rows bound to them
 * just change), drops the ones that are gone and inserts new ones, with as
 * few items-changed as the change needs. */

#define DEFAULT_PAGE_SIZE 100

typedef struct
{
  MdClient     *client;
  GPtrArray    *items;
  GHashTable   *by_id;        /* id -> item (both owned by items) */
  char         *cursor;
  GError       *error;
  GCancellable *cancellable;
  guint         generation;
  guint         page_size;
  guint         loading : 1;
  guint         complete : 1;
  guint         autoload : 1;
} MdPagerPrivate;

static void md_pager_list_model_init (GListModelInterface *iface);

G_DEFINE_TYPE_WITH_CODE (MdPager, md_pager, G_TYPE_OBJECT,
                         G_ADD_PRIVATE (MdPager)
                         G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, md_pager_list_model_init))

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_PAGE_SIZE,
  PROP_LOADING,
  PROP_COMPLETE,
  PROP_AUTOLOAD,
  PROP_ERROR,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A page load holds the pager weakly: a list nobody shows any more is
 * disposed, which cancels the load, instead of loading on for nobody. */
typedef struct
{
  GWeakRef  self;
  char     *cursor;
  guint     generation;
} FetchData;

typedef struct
{
  GPtrArray  *fresh;
  GHashTable *fresh_ids;
  char       *cursor;
  guint       target;
  guint       generation;
} RefreshData;

static void fetch (MdPager *self, const char *cursor, GCancellable *cancellable,
                   GAsyncReadyCallback callback, gpointer user_data);

static const char *
item_id (MdPager  *self,
         gpointer  item)
{
  return MD_PAGER_GET_CLASS (self)->get_item_id (item);
}

static void
fetch_data_free (FetchData *data)
{
  g_weak_ref_clear (&data->self);
  g_free (data->cursor);
  g_free (data);
}

static void
refresh_data_free (RefreshData *data)
{
  g_clear_pointer (&data->fresh, g_ptr_array_unref);
  g_clear_pointer (&data->fresh_ids, g_hash_table_unref);
  g_free (data->cursor);
  g_free (data);
}

static void
set_loading (MdPager  *self,
             gboolean  loading)
{
  MdPagerPrivate *priv = md_pager_get_instance_private (self);

  if (priv->loading == !!loading)
    return;

  priv->loading = !!loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
set_cursor (MdPager    *self,
            const char *cursor)
{
  MdPagerPrivate *priv = md_pager_get_instance_private (self);
  gboolean complete = cursor == NULL;

  g_free (priv->cursor);
  priv->cursor = g_strdup (cursor);

  if (priv->complete != complete)
    {
      priv->complete = complete;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
    }
}

static void
set_error (MdPager      *self,
           const GError *error)
{
  MdPagerPrivate *priv = md_pager_get_instance_private (self);

  if (priv->error == NULL && error == NULL)
    return;

  g_clear_error (&priv->error);
  priv->error = error != NULL ? g_error_copy (error) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
emit_changed (MdPager *self,
              guint    position,
              guint    removed,
              guint    added)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/* Appends a page; an item listed already (the list moved under us) is
 * updated in place instead of appearing twice. */
static void
append_page (MdPager   *self,
             GPtrArray *page)
{
  MdPagerPrivate *priv = md_pager_get_instance_private (self);
  guint position = priv->items->len;

  for (guint i = 0; i < page->len; i++)
    {
      gpointer item = g_ptr_array_index (page, i);
      gpointer listed = g_hash_table_lookup (priv->by_id, item_id (self, item));

      if (listed != NULL)
        {
          MD_PAGER_GET_CLASS (self)->update_item (listed, item);
          continue;
        }

      g_ptr_array_add (priv->items, g_object_ref (item));
      g_hash_table_insert (priv->by_id, (gpointer) item_id (self, item), item);
    }

  if (priv->items->len > position)
    emit_changed (self, position, 0, priv->items->len - position);
}

static void
remove_range (MdPager *self,
              guint    position,
              guint    n)
{
  MdPagerPrivate *priv = md_pager_get_instance_private (self);

  for (guint k = position; k < position + n; k++)
    {
      gpointer item = g_ptr_array_index (priv->items, k);

      if (g_hash_table_lookup (priv->by_id, item_id (self, item)) == item)
        g_hash_table_remove (priv->by_id, item_id (self, item));
    }
  g_ptr_array_remove_range (priv->items, position, n);
  emit_changed (self, position, n, 0);
}

static guint
find_position (GPtrArray *items,
               gpointer   item,
               guint      from)
{
  for (guint k = from; k < items->len; k++)
    if (g_ptr_array_index (items, k) == item)
      return k;

  return G_MAXUINT;
}

/* Makes the list equal @final (whose objects are listed ones where the id
 * was already listed), emitting one items-changed per run of removals or
 * insertions. */
static void
apply_final (MdPager   *self,
             GPtrArray *final)
{
  MdPagerPrivate *priv = md_pager_get_instance_private (self);
  g_autoptr(GHashTable) in_final = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) listed = g_hash_table_new (NULL, NULL);
  guint i = 0;
  guint j = 0;

  for (guint k = 0; k < final->len; k++)
    g_hash_table_add (in_final, g_ptr_array_index (final, k));
  for (guint k = 0; k < priv->items->len; k++)
    g_hash_table_add (listed, g_ptr_array_index (priv->items, k));

  while (j < final->len)
    {
      gpointer wanted = g_ptr_array_index (final, j);
      guint run_end;

      if (i < priv->items->len && g_ptr_array_index (priv->items, i) == wanted)
        {
          i++;
          j++;
          continue;
        }

      if (i < priv->items->len && !g_hash_table_contains (in_final, g_ptr_array_index (priv->items, i)))
        {
          run_end = i;
          while (run_end < priv->items->len &&
                 !g_hash_table_contains (in_final, g_ptr_array_index (priv->items, run_end)))
            {
              g_hash_table_remove (listed, g_ptr_array_index (priv->items, run_end));
              run_end++;
            }
          remove_range (self, i, run_end - i);
          continue;
        }

      /* A listed item that moved further up: take it out where it was. */
      if (g_hash_table_contains (listed, wanted))
        {
          guint position = find_position (priv->items, wanted, i);

          g_assert (position != G_MAXUINT);
          g_object_ref (wanted);
          remove_range (self, position, 1);
          g_hash_table_remove (listed, wanted);
          g_ptr_array_insert (priv->items, i, wanted);
          g_hash_table_insert (priv->by_id, (gpointer) item_id (self, wanted), wanted);
          g_hash_table_add (listed, wanted);
          emit_changed (self, i, 0, 1);
          i++;
          j++;
          continue;
        }

      /* A run of new items goes in with one signal. */
      run_end = j;
      while (run_end < final->len && !g_hash_table_contains (listed, g_ptr_array_index (final, run_end)))
        {
          gpointer item = g_ptr_array_index (final, run_end);

          g_ptr_array_insert (priv->items, i + (run_end - j), g_object_ref (item));
          g_hash_table_insert (priv->by_id, (gpointer) item_id (self, item), item);
          g_hash_table_add (listed, item);
          run_end++;
        }
      emit_changed (self, i, 0, run_end - j);
      i += run_end - j;
      j = run_end;
    }

  if (i < priv->items->len)
    remove_range (self, i, priv->items->len - i);
}

/* ------------------------------------------------------------------------ */
/* Loading more                                                             */

static void
on_page_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  FetchData *data = user_data;
  g_autoptr(MdPager) self = g_weak_ref_get (&data->self);
  MdPagerPrivate *priv;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *next_cursor = NULL;

  /* The pager is gone: the unclaimed result is freed with its task. */
  if (self == NULL)
    {
      fetch_data_free (data);
      return;
    }

  g_assert (MD_IS_PAGER (self));
  priv = md_pager_get_instance_private (self);

  page = MD_PAGER_GET_CLASS (self)->fetch_page_finish (self, result, data->cursor, &next_cursor, &error);

  /* A refresh (or dispose) took over: its result wins. */
  if (data->generation != priv->generation)
    {
      fetch_data_free (data);
      return;
    }

  set_loading (self, FALSE);

  if (page == NULL)
    {
      g_debug ("Loading a page failed: %s", error->message);
      set_error (self, error);
      fetch_data_free (data);
      return;
    }

  /* The cursor moves first: a list view asking for items while the page's
   * items-changed is emitted may start the next load, from the right place. */
  set_error (self, NULL);
  set_cursor (self, next_cursor);
  append_page (self, page);

  if (priv->autoload && !priv->complete)
    md_pager_load_more (self);

  fetch_data_free (data);
}

static void
fetch (MdPager             *self,
       const char          *cursor,
       GCancellable        *cancellable,
       GAsyncReadyCallback  callback,
       gpointer             user_data)
{
  MD_PAGER_GET_CLASS (self)->fetch_page (self, cursor, cancellable, callback, user_data);
}

/**
 * md_pager_load_more:
 *
 * Loads the next page unless one is loading or all are loaded. A failure
 * sets #MdPager:error; calling again retries.
 */
void
md_pager_load_more (MdPager *self)
{
  MdPagerPrivate *priv = md_pager_get_instance_private (self);
  FetchData *data;

  g_return_if_fail (MD_IS_PAGER (self));

  if (priv->loading || priv->complete)
    return;

  set_loading (self, TRUE);

  data = g_new0 (FetchData, 1);
  g_weak_ref_init (&data->self, self);
  data->cursor = g_strdup (priv->cursor);
  data->generation = priv->generation;
  fetch (self, data->cursor, priv->cancellable, on_page_loaded_cb, data);
}

/* ------------------------------------------------------------------------ */
/* Refresh                                                                  */

static void
finish_refresh (GTask *task)
{
  MdPager *self = g_task_get_source_object (task);
  MdPagerPrivate *priv = md_pager_get_instance_private (self);
  RefreshData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) final = g_ptr_array_new_full (data->fresh->len, g_object_unref);

  for (guint k = 0; k < data->fresh->len; k++)
    {
      gpointer newer = g_ptr_array_index (data->fresh, k);
      gpointer listed = g_hash_table_lookup (priv->by_id, item_id (self, newer));

      if (listed != NULL)
        {
          MD_PAGER_GET_CLASS (self)->update_item (listed, newer);
          g_ptr_array_add (final, g_object_ref (listed));
        }
      else
        g_ptr_array_add (final, g_object_ref (newer));
    }

  g_object_freeze_notify (G_OBJECT (self));
  set_cursor (self, data->cursor);
  set_error (self, NULL);
  set_loading (self, FALSE);
  apply_final (self, final);
  g_object_thaw_notify (G_OBJECT (self));

  g_task_return_boolean (task, TRUE);

  if (priv->autoload && !priv->complete)
    md_pager_load_more (self);
}

static void
on_refresh_page_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MdPager *self = g_task_get_source_object (task);
  MdPagerPrivate *priv = md_pager_get_instance_private (self);
  RefreshData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *next_cursor = NULL;

  g_assert (G_IS_TASK (task));

  page = MD_PAGER_GET_CLASS (self)->fetch_page_finish (self, result, data->cursor, &next_cursor, &error);

  if (data->generation != priv->generation)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               "Superseded by a newer refresh");
      return;
    }

  if (page == NULL)
    {
      set_loading (self, FALSE);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_error (self, error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (guint k = 0; k < page->len; k++)
    {
      gpointer item = g_ptr_array_index (page, k);

      if (g_hash_table_contains (data->fresh_ids, item_id (self, item)))
        continue;
      g_ptr_array_add (data->fresh, g_object_ref (item));
      g_hash_table_add (data->fresh_ids, (gpointer) item_id (self, item));
    }

  g_free (data->cursor);
  data->cursor = g_steal_pointer (&next_cursor);

  if (data->cursor != NULL && data->fresh->len < data->target)
    {
      GCancellable *cancellable = g_task_get_cancellable (task);

      fetch (self, data->cursor, cancellable, on_refresh_page_cb, g_steal_pointer (&task));
      return;
    }

  finish_refresh (task);
}

/**
 * md_pager_refresh_async:
 *
 * Fetches the list again from the start, as far as it was loaded (at least
 * one page), and updates the listed objects in place. Cancels a page load
 * or refresh under way (that refresh fails with %G_IO_ERROR_CANCELLED).
 */
void
md_pager_refresh_async (MdPager             *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  MdPagerPrivate *priv = md_pager_get_instance_private (self);
  g_autoptr(GTask) task = NULL;
  GCancellable *task_cancellable;
  RefreshData *data;

  g_return_if_fail (MD_IS_PAGER (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  priv->generation++;
  g_cancellable_cancel (priv->cancellable);
  g_clear_object (&priv->cancellable);
  priv->cancellable = g_cancellable_new ();

  task_cancellable = cancellable != NULL ? cancellable : priv->cancellable;
  task = g_task_new (self, task_cancellable, callback, user_data);
  g_task_set_source_tag (task, md_pager_refresh_async);

  data = g_new0 (RefreshData, 1);
  data->fresh = g_ptr_array_new_with_free_func (g_object_unref);
  data->fresh_ids = g_hash_table_new (g_str_hash, g_str_equal);
  data->target = MAX (priv->items->len, 1);
  data->generation = priv->generation;
  g_task_set_task_data (task, data, (GDestroyNotify) refresh_data_free);

  set_loading (self, TRUE);
  fetch (self, NULL, task_cancellable, on_refresh_page_cb, g_steal_pointer (&task));
}

gboolean
md_pager_refresh_finish (MdPager       *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (MD_IS_PAGER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == md_pager_refresh_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------------ */
/* GListModel                                                               */

static GType
md_pager_get_item_type (GListModel *model)
{
  return MD_PAGER_GET_CLASS (model)->item_type;
}

static guint
md_pager_get_n_items (GListModel *model)
{
  MdPagerPrivate *priv = md_pager_get_instance_private (MD_PAGER (model));

  return priv->items->len;
}

static gpointer
md_pager_get_item (GListModel *model,
                   guint       position)
{
  MdPager *self = MD_PAGER (model);
  MdPagerPrivate *priv = md_pager_get_instance_private (self);

  if (position >= priv->items->len)
    return NULL;

  /* A list view reaching the last half page asks for the next one. */
  if (position + MAX (priv->page_size / 2, 1) >= priv->items->len && !priv->complete &&
      priv->error == NULL)
    md_pager_load_more (self);

  return g_object_ref (g_ptr_array_index (priv->items, position));
}

static void
md_pager_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = md_pager_get_item_type;
  iface->get_n_items = md_pager_get_n_items;
  iface->get_item = md_pager_get_item;
}

/* ------------------------------------------------------------------------ */
/* GObject                                                                  */

static void
md_pager_dispose (GObject *object)
{
  MdPager *self = (MdPager *)object;
  MdPagerPrivate *priv = md_pager_get_instance_private (self);

  priv->generation++;
  g_cancellable_cancel (priv->cancellable);

  G_OBJECT_CLASS (md_pager_parent_class)->dispose (object);
}

static void
md_pager_finalize (GObject *object)
{
  MdPager *self = (MdPager *)object;
  MdPagerPrivate *priv = md_pager_get_instance_private (self);

  g_clear_object (&priv->cancellable);
  g_clear_object (&priv->client);
  g_clear_pointer (&priv->by_id, g_hash_table_unref);
  g_clear_pointer (&priv->items, g_ptr_array_unref);
  g_clear_pointer (&priv->cursor, g_free);
  g_clear_error (&priv->error);

  G_OBJECT_CLASS (md_pager_parent_class)->finalize (object);
}

static void
md_pager_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  MdPager *self = MD_PAGER (object);
  MdPagerPrivate *priv = md_pager_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_CLIENT: g_value_set_object (value, priv->client); break;
    case PROP_PAGE_SIZE: g_value_set_uint (value, priv->page_size); break;
    case PROP_LOADING: g_value_set_boolean (value, priv->loading); break;
    case PROP_COMPLETE: g_value_set_boolean (value, priv->complete); break;
    case PROP_AUTOLOAD: g_value_set_boolean (value, priv->autoload); break;
    case PROP_ERROR: g_value_set_boxed (value, priv->error); break;
    case PROP_N_ITEMS: g_value_set_uint (value, priv->items->len); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_pager_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  MdPager *self = MD_PAGER (object);
  MdPagerPrivate *priv = md_pager_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_CLIENT:
      priv->client = g_value_dup_object (value);
      break;
    case PROP_PAGE_SIZE:
      md_pager_set_page_size (self, g_value_get_uint (value));
      break;
    case PROP_AUTOLOAD:
      md_pager_set_autoload (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_pager_class_init (MdPagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = md_pager_dispose;
  object_class->finalize = md_pager_finalize;
  object_class->get_property = md_pager_get_property;
  object_class->set_property = md_pager_set_property;

  klass->item_type = G_TYPE_OBJECT;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, MD_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAGE_SIZE] =
    g_param_spec_uint ("page-size", NULL, NULL, 1, 100, DEFAULT_PAGE_SIZE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* TRUE once the last page is loaded. */
  properties[PROP_COMPLETE] =
    g_param_spec_boolean ("complete", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Keep loading pages in the background until the list is complete. */
  properties[PROP_AUTOLOAD] =
    g_param_spec_boolean ("autoload", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The last load's failure (a GError in MD_CLIENT_ERROR), or NULL. */
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
md_pager_init (MdPager *self)
{
  MdPagerPrivate *priv = md_pager_get_instance_private (self);

  priv->items = g_ptr_array_new_with_free_func (g_object_unref);
  priv->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  priv->cancellable = g_cancellable_new ();
  priv->page_size = DEFAULT_PAGE_SIZE;
}

/* ------------------------------------------------------------------------ */
/* API                                                                      */

/**
 * md_pager_get_client:
 *
 * Returns: (transfer none): the client the pages come from
 */
MdClient *
md_pager_get_client (MdPager *self)
{
  MdPagerPrivate *priv = md_pager_get_instance_private (self);

  g_return_val_if_fail (MD_IS_PAGER (self), NULL);

  return priv->client;
}

guint
md_pager_get_page_size (MdPager *self)
{
  MdPagerPrivate *priv = md_pager_get_instance_private (self);

  g_return_val_if_fail (MD_IS_PAGER (self), DEFAULT_PAGE_SIZE);

  return priv->page_size;
}

void
md_pager_set_page_size (MdPager *self,
                        guint    page_size)
{
  MdPagerPrivate *priv = md_pager_get_instance_private (self);

  g_return_if_fail (MD_IS_PAGER (self));

  page_size = CLAMP (page_size, 1, 100);
  if (priv->page_size == page_size)
    return;

  priv->page_size = page_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE_SIZE]);
}

gboolean
md_pager_get_loading (MdPager *self)
{
  MdPagerPrivate *priv = md_pager_get_instance_private (self);

  g_return_val_if_fail (MD_IS_PAGER (self), FALSE);

  return priv->loading;
}

gboolean
md_pager_get_complete (MdPager *self)
{
  MdPagerPrivate *priv = md_pager_get_instance_private (self);

  g_return_val_if_fail (MD_IS_PAGER (self), FALSE);

  return priv->complete;
}

gboolean
md_pager_get_autoload (MdPager *self)
{
  MdPagerPrivate *priv = md_pager_get_instance_private (self);

  g_return_val_if_fail (MD_IS_PAGER (self), FALSE);

  return priv->autoload;
}

/**
 * md_pager_set_autoload:
 *
 * When set, pages keep loading in the background (paced by the client's
 * rate limiter) until the list is complete or a load fails.
 */
void
md_pager_set_autoload (MdPager  *self,
                       gboolean  autoload)
{
  MdPagerPrivate *priv = md_pager_get_instance_private (self);

  g_return_if_fail (MD_IS_PAGER (self));

  if (priv->autoload == !!autoload)
    return;

  priv->autoload = !!autoload;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTOLOAD]);

  if (priv->autoload)
    md_pager_load_more (self);
}

/**
 * md_pager_get_error:
 *
 * Returns: (nullable): why the last load failed
 */
const GError *
md_pager_get_error (MdPager *self)
{
  MdPagerPrivate *priv = md_pager_get_instance_private (self);

  g_return_val_if_fail (MD_IS_PAGER (self), NULL);

  return priv->error;
}

/**
 * md_pager_find:
 * @out_position: (out) (optional): where it is listed
 *
 * Returns: (transfer none) (nullable): the listed item with @id
 */
gpointer
md_pager_find (MdPager    *self,
               const char *id,
               guint      *out_position)
{
  MdPagerPrivate *priv = md_pager_get_instance_private (self);
  gpointer item;

  g_return_val_if_fail (MD_IS_PAGER (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  item = g_hash_table_lookup (priv->by_id, id);
  if (item != NULL && out_position != NULL)
    *out_position = find_position (priv->items, item, 0);

  return item;
}
