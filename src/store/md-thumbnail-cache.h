/* md-thumbnail-cache.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MD_THUMBNAIL_CACHE_DEFAULT_MAX_BYTES (64 * 1024 * 1024)

#define MD_TYPE_THUMBNAIL_CACHE (md_thumbnail_cache_get_type ())

G_DECLARE_FINAL_TYPE (MdThumbnailCache, md_thumbnail_cache, MD, THUMBNAIL_CACHE, GObject)

MdThumbnailCache *md_thumbnail_cache_new             (const char          *directory,
                                                      guint64              max_bytes);
MdThumbnailCache *md_thumbnail_cache_get_default     (void);
const char       *md_thumbnail_cache_get_directory   (MdThumbnailCache    *self);
guint64           md_thumbnail_cache_get_max_bytes   (MdThumbnailCache    *self);
char             *md_thumbnail_cache_dup_path_for_url (MdThumbnailCache   *self,
                                                      const char          *url);

void              md_thumbnail_cache_load_async      (MdThumbnailCache    *self,
                                                      const char          *url,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
GBytes           *md_thumbnail_cache_load_finish     (MdThumbnailCache    *self,
                                                      GAsyncResult        *result,
                                                      gboolean            *out_from_disk,
                                                      GError             **error);

void              md_thumbnail_cache_trim_async      (MdThumbnailCache    *self,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean          md_thumbnail_cache_trim_finish     (MdThumbnailCache    *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

G_END_DECLS
