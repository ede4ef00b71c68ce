/* md-thumbnail-cache.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-thumbnail-cache"

#include "config.h"

#include "md-thumbnail-cache.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <utime.h>

/* Thumbnails from the image host, kept on disk under the XDG cache so the
 * library shows pictures at once the next time and offline. One file per
 * URL (its token, which changes with every signing, left out of the key);
 * the least recently used files go when the folder outgrows its limit.
 * Thumbnails are public pictures, never secrets; the token is not stored. */
struct _MdThumbnailCache
{
  GObject      parent_instance;

  char        *directory;
  guint64      max_bytes;
  SoupSession *session;
  guint64      written_since_trim;
  guint        trimming : 1;
};

typedef struct
{
  char   *url;
  char   *path;
  GBytes *bytes;
} LoadData;

G_DEFINE_FINAL_TYPE (MdThumbnailCache, md_thumbnail_cache, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DIRECTORY,
  PROP_MAX_BYTES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A thumbnail is tens of kilobytes; anything far larger is not one. */
#define MAX_IMAGE_BYTES (8 * 1024 * 1024)

static void
load_data_free (LoadData *data)
{
  g_free (data->url);
  g_free (data->path);
  g_clear_pointer (&data->bytes, g_bytes_unref);
  g_free (data);
}

/* The URL without its `token=` parameter: the same picture signed again
 * is the same file. */
static char *
cache_key_for_url (const char *url)
{
  const char *query = strchr (url, '?');
  g_auto(GStrv) params = NULL;
  g_autoptr(GString) key = NULL;

  if (query == NULL)
    return g_strdup (url);

  key = g_string_new_len (url, query - url);
  params = g_strsplit (query + 1, "&", -1);
  for (guint i = 0; params[i] != NULL; i++)
    {
      if (g_str_has_prefix (params[i], "token=") || params[i][0] == '\0')
        continue;
      g_string_append_c (key, key->len == (gsize) (query - url) ? '?' : '&');
      g_string_append (key, params[i]);
    }
  return g_string_free (g_steal_pointer (&key), FALSE);
}

/* Runs in a worker thread: a hit is read and marked as recently used. */
static void
read_job (GTask        *task,
          gpointer      source_object,
          gpointer      task_data,
          GCancellable *cancellable)
{
  LoadData *data = task_data;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (g_file_get_contents (data->path, &contents, &length, NULL) && length > 0)
    {
      /* mtime is the recency the trim sorts by. */
      g_utime (data->path, NULL);
      g_task_return_pointer (task, g_bytes_new_take (g_steal_pointer (&contents), length),
                             (GDestroyNotify) g_bytes_unref);
      return;
    }
  g_task_return_pointer (task, NULL, NULL);
}

static void
write_job (GTask        *task,
           gpointer      source_object,
           gpointer      task_data,
           GCancellable *cancellable)
{
  LoadData *data = task_data;
  g_autofree char *dir = g_path_get_dirname (data->path);
  g_autoptr(GError) error = NULL;
  gsize size = 0;
  const char *contents = g_bytes_get_data (data->bytes, &size);

  /* A cache that cannot be written only costs a download next time. */
  if (g_mkdir_with_parents (dir, 0700) != 0)
    g_debug ("Cannot create %s: %s", dir, g_strerror (errno));
  else if (!g_file_set_contents_full (data->path, contents, size,
                                      G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    g_debug ("Cannot keep a thumbnail: %s", error->message);

  g_task_return_pointer (task, g_bytes_ref (data->bytes), (GDestroyNotify) g_bytes_unref);
}

typedef struct
{
  char    *path;
  guint64  size;
  gint64   mtime;
} CacheEntry;

static void
cache_entry_free (CacheEntry *entry)
{
  g_free (entry->path);
  g_free (entry);
}

static int
compare_entries_oldest_first (gconstpointer a,
                              gconstpointer b)
{
  const CacheEntry *ea = *(CacheEntry **) a;
  const CacheEntry *eb = *(CacheEntry **) b;

  return (ea->mtime > eb->mtime) - (ea->mtime < eb->mtime);
}

/* Runs in a worker thread: deletes the least recently used files until the
 * folder holds at most three quarters of its limit (so trims are rare). */
static void
trim_job (GTask        *task,
          gpointer      source_object,
          gpointer      task_data,
          GCancellable *cancellable)
{
  MdThumbnailCache *self = source_object;
  g_autoptr(GFile) dir = g_file_new_for_path (self->directory);
  g_autoptr(GFileEnumerator) enumerator = NULL;
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) cache_entry_free);
  g_autoptr(GError) error = NULL;
  guint64 total = 0;
  GFileInfo *info;

  enumerator = g_file_enumerate_children (dir,
                                          G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                          G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                                          G_FILE_ATTRIBUTE_TIME_MODIFIED,
                                          G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, cancellable, &error);
  if (enumerator == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  while ((info = g_file_enumerator_next_file (enumerator, cancellable, &error)) != NULL)
    {
      CacheEntry *entry = g_new0 (CacheEntry, 1);

      entry->path = g_build_filename (self->directory, g_file_info_get_name (info), NULL);
      entry->size = g_file_info_get_size (info);
      entry->mtime = g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED);
      total += entry->size;
      g_ptr_array_add (entries, entry);
      g_object_unref (info);
    }
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (total > self->max_bytes)
    {
      guint64 goal = self->max_bytes / 4 * 3;

      g_ptr_array_sort (entries, compare_entries_oldest_first);
      for (guint i = 0; i < entries->len && total > goal; i++)
        {
          CacheEntry *entry = g_ptr_array_index (entries, i);

          if (g_unlink (entry->path) == 0)
            total -= entry->size;
        }
    }

  g_task_return_boolean (task, TRUE);
}

static void
on_trim_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  MdThumbnailCache *self = MD_THUMBNAIL_CACHE (object);
  g_autoptr(GError) error = NULL;

  if (!md_thumbnail_cache_trim_finish (self, result, &error))
    g_debug ("Cannot trim the thumbnail cache: %s", error->message);
  self->trimming = FALSE;
}

static void
maybe_trim (MdThumbnailCache *self,
            gsize             just_written)
{
  self->written_since_trim += just_written;
  /* Check the folder after each eighth of the limit written, and at first. */
  if (self->trimming ||
      (self->written_since_trim != just_written && self->written_since_trim < self->max_bytes / 8))
    return;

  self->written_since_trim = 0;
  self->trimming = TRUE;
  md_thumbnail_cache_trim_async (self, NULL, on_trim_done_cb, NULL);
}

static void
on_write_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GBytes *bytes;

  bytes = g_task_propagate_pointer (G_TASK (result), &error);
  g_assert (bytes != NULL);
  maybe_trim (MD_THUMBNAIL_CACHE (object), g_bytes_get_size (bytes));
  g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
}

static void
on_download_done_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MdThumbnailCache *self = g_task_get_source_object (task);
  LoadData *data = g_task_get_task_data (task);
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) write_task = NULL;
  const char *content_type;
  guint status;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (bytes == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE,
                                 _("The thumbnail could not be loaded: %s"), error->message);
      return;
    }

  status = soup_message_get_status (message);
  content_type = soup_message_headers_get_content_type (soup_message_get_response_headers (message), NULL);
  if (status != SOUP_STATUS_OK)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("The image host answered %u %s for a thumbnail."),
                               status, soup_message_get_reason_phrase (message));
      return;
    }
  if (content_type == NULL || !g_str_has_prefix (content_type, "image/") ||
      g_bytes_get_size (bytes) == 0 || g_bytes_get_size (bytes) > MAX_IMAGE_BYTES)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("The image host sent something that is not a thumbnail."));
      return;
    }

  data->bytes = g_steal_pointer (&bytes);
  write_task = g_task_new (self, NULL, on_write_done_cb, g_object_ref (task));
  g_task_set_source_tag (write_task, write_job);
  g_task_set_task_data (write_task, g_steal_pointer (&data), NULL);
  g_task_run_in_thread (write_task, write_job);
}

static void
on_read_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MdThumbnailCache *self = MD_THUMBNAIL_CACHE (object);
  LoadData *data = g_task_get_task_data (task);
  g_autoptr(SoupMessage) message = NULL;
  GBytes *bytes;

  bytes = g_task_propagate_pointer (G_TASK (result), NULL);
  if (bytes != NULL)
    {
      g_object_set_data (G_OBJECT (task), "from-disk", GINT_TO_POINTER (TRUE));
      g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  message = soup_message_new (SOUP_METHOD_GET, data->url);
  if (message == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("“%s” is not a thumbnail address."), data->url);
      return;
    }
  soup_session_send_and_read_async (self->session, message, G_PRIORITY_LOW,
                                    g_task_get_cancellable (task),
                                    on_download_done_cb, g_object_ref (task));
}

static void
md_thumbnail_cache_finalize (GObject *object)
{
  MdThumbnailCache *self = (MdThumbnailCache *) object;

  g_clear_object (&self->session);
  g_clear_pointer (&self->directory, g_free);

  G_OBJECT_CLASS (md_thumbnail_cache_parent_class)->finalize (object);
}

static void
md_thumbnail_cache_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  MdThumbnailCache *self = MD_THUMBNAIL_CACHE (object);

  switch (prop_id)
    {
    case PROP_DIRECTORY:
      g_value_set_string (value, self->directory);
      break;
    case PROP_MAX_BYTES:
      g_value_set_uint64 (value, self->max_bytes);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_thumbnail_cache_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  MdThumbnailCache *self = MD_THUMBNAIL_CACHE (object);

  switch (prop_id)
    {
    case PROP_DIRECTORY:
      self->directory = g_value_dup_string (value);
      break;
    case PROP_MAX_BYTES:
      self->max_bytes = g_value_get_uint64 (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_thumbnail_cache_class_init (MdThumbnailCacheClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = md_thumbnail_cache_finalize;
  object_class->get_property = md_thumbnail_cache_get_property;
  object_class->set_property = md_thumbnail_cache_set_property;

  properties[PROP_DIRECTORY] =
    g_param_spec_string ("directory", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_BYTES] =
    g_param_spec_uint64 ("max-bytes", NULL, NULL, 0, G_MAXUINT64, MD_THUMBNAIL_CACHE_DEFAULT_MAX_BYTES,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
md_thumbnail_cache_init (MdThumbnailCache *self)
{
  self->session = soup_session_new_with_options ("max-conns-per-host", 6,
                                                 "user-agent", "Muxdesk/" PACKAGE_VERSION,
                                                 "timeout", 30,
                                                 NULL);
}

/**
 * md_thumbnail_cache_new:
 * @directory: the folder the files go to (created when needed)
 * @max_bytes: how much the folder may hold before old files go
 */
MdThumbnailCache *
md_thumbnail_cache_new (const char *directory,
                        guint64     max_bytes)
{
  g_return_val_if_fail (directory != NULL, NULL);

  return g_object_new (MD_TYPE_THUMBNAIL_CACHE,
                       "directory", directory,
                       "max-bytes", max_bytes,
                       NULL);
}

/**
 * md_thumbnail_cache_get_default:
 *
 * Returns: (transfer none): the cache under `$XDG_CACHE_HOME/muxdesk/thumbnails`
 */
MdThumbnailCache *
md_thumbnail_cache_get_default (void)
{
  static MdThumbnailCache *instance;

  if (instance == NULL)
    {
      g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "muxdesk", "thumbnails", NULL);

      instance = md_thumbnail_cache_new (dir, MD_THUMBNAIL_CACHE_DEFAULT_MAX_BYTES);
    }
  return instance;
}

const char *
md_thumbnail_cache_get_directory (MdThumbnailCache *self)
{
  g_return_val_if_fail (MD_IS_THUMBNAIL_CACHE (self), NULL);

  return self->directory;
}

guint64
md_thumbnail_cache_get_max_bytes (MdThumbnailCache *self)
{
  g_return_val_if_fail (MD_IS_THUMBNAIL_CACHE (self), 0);

  return self->max_bytes;
}

/**
 * md_thumbnail_cache_dup_path_for_url:
 *
 * Returns: (transfer full): where the picture at @url is kept
 */
char *
md_thumbnail_cache_dup_path_for_url (MdThumbnailCache *self,
                                     const char       *url)
{
  g_autofree char *key = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (MD_IS_THUMBNAIL_CACHE (self), NULL);
  g_return_val_if_fail (url != NULL, NULL);

  key = cache_key_for_url (url);
  name = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);
  return g_build_filename (self->directory, name, NULL);
}

/**
 * md_thumbnail_cache_load_async:
 * @url: the thumbnail's address on the image host
 *
 * Gives the picture from disk when it is kept, else downloads and keeps it.
 * Cancel it when the picture is no longer wanted (a recycled row).
 */
void
md_thumbnail_cache_load_async (MdThumbnailCache    *self,
                               const char          *url,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) read_task = NULL;
  LoadData *data;

  g_return_if_fail (MD_IS_THUMBNAIL_CACHE (self));
  g_return_if_fail (url != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (LoadData, 1);
  data->url = g_strdup (url);
  data->path = md_thumbnail_cache_dup_path_for_url (self, url);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, md_thumbnail_cache_load_async);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);

  read_task = g_task_new (self, cancellable, on_read_done_cb, g_object_ref (task));
  g_task_set_source_tag (read_task, read_job);
  g_task_set_task_data (read_task, data, NULL);
  g_task_run_in_thread (read_task, read_job);
}

/**
 * md_thumbnail_cache_load_finish:
 * @out_from_disk: (out) (optional): whether it came from the disk cache
 *
 * Returns: (transfer full): the encoded picture (JPEG, PNG or WebP)
 */
GBytes *
md_thumbnail_cache_load_finish (MdThumbnailCache  *self,
                                GAsyncResult      *result,
                                gboolean          *out_from_disk,
                                GError           **error)
{
  g_return_val_if_fail (MD_IS_THUMBNAIL_CACHE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == md_thumbnail_cache_load_async, NULL);

  if (out_from_disk != NULL)
    *out_from_disk = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (result), "from-disk"));
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * md_thumbnail_cache_trim_async:
 *
 * Removes the least recently used files until the folder is well under
 * its limit. Loading trims on its own; this is for tests and start-up.
 */
void
md_thumbnail_cache_trim_async (MdThumbnailCache    *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MD_IS_THUMBNAIL_CACHE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, md_thumbnail_cache_trim_async);
  g_task_run_in_thread (task, trim_job);
}

gboolean
md_thumbnail_cache_trim_finish (MdThumbnailCache  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (MD_IS_THUMBNAIL_CACHE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
