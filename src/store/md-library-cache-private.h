/* md-library-cache-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "md-database.h"
#include "md-library-cache.h"

G_BEGIN_DECLS

/* One call's arguments, as its job in the worker thread reads them. */
typedef struct
{
  GPtrArray *assets;     /* JsonNode, for replace_all and upsert */
  char      *text;       /* asset id for delete, query for search */
  gint64     offset;     /* for loads */
  gint64     limit;      /* for loads; -1 for all */
  gboolean   replace;    /* write: a full refresh */
} CacheOp;

void     md_library_cache_op_free            (CacheOp  *op);

/* Run by MdDatabase in its worker thread (md-library-cache-jobs.c). */
gboolean md_library_cache_setup_database     (sqlite3  *db,
                                              GError  **error);
gboolean md_library_cache_write_assets_job   (sqlite3  *db,
                                              GTask    *task,
                                              GError  **error);
gboolean md_library_cache_delete_job         (sqlite3  *db,
                                              GTask    *task,
                                              GError  **error);
gboolean md_library_cache_load_job           (sqlite3  *db,
                                              GTask    *task,
                                              GError  **error);
gboolean md_library_cache_search_job         (sqlite3  *db,
                                              GTask    *task,
                                              GError  **error);
gboolean md_library_cache_last_sync_job      (sqlite3  *db,
                                              GTask    *task,
                                              GError  **error);

G_END_DECLS
