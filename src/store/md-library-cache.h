/* md-library-cache.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define MD_TYPE_LIBRARY_CACHE (md_library_cache_get_type ())

G_DECLARE_FINAL_TYPE (MdLibraryCache, md_library_cache, MD, LIBRARY_CACHE, GObject)

MdLibraryCache *md_library_cache_new                  (const char           *environment_id);
MdLibraryCache *md_library_cache_new_for_path         (const char           *path);
const char     *md_library_cache_get_path             (MdLibraryCache       *self);
char           *md_library_cache_dup_default_path     (const char           *environment_id);

void            md_library_cache_replace_all_async    (MdLibraryCache       *self,
                                                       GPtrArray            *assets,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
void            md_library_cache_upsert_async         (MdLibraryCache       *self,
                                                       JsonNode             *asset,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
void            md_library_cache_delete_async         (MdLibraryCache       *self,
                                                       const char           *asset_id,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
/* Finishes replace_all, upsert and delete. */
gboolean        md_library_cache_change_finish        (MdLibraryCache       *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);

void            md_library_cache_load_all_async       (MdLibraryCache       *self,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
void            md_library_cache_load_range_async     (MdLibraryCache       *self,
                                                       guint                 offset,
                                                       guint                 limit,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
/* Finishes load_all and load_range. */
GPtrArray      *md_library_cache_load_finish          (MdLibraryCache       *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);

void            md_library_cache_search_async         (MdLibraryCache       *self,
                                                       const char           *text,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
char          **md_library_cache_search_finish        (MdLibraryCache       *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);

void            md_library_cache_get_last_sync_async  (MdLibraryCache       *self,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
GDateTime      *md_library_cache_get_last_sync_finish (MdLibraryCache       *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);

G_END_DECLS
