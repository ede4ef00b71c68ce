/* md-sandbox-collection.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An ordered set of JSON records (assets, uploads, live streams, …) keyed
 * by "id". Each record is the object Mux would return, plus an optional
 * "_sandbox" member for private data, which md_sandbox_record_to_public()
 * strips. Records keep their creation order through a sequence number, so
 * cursors stay valid when other records are deleted.
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _MdSandboxCollection MdSandboxCollection;

typedef gboolean (*MdSandboxRecordFilter) (JsonObject *record,
                                           gpointer    user_data);

MdSandboxCollection *md_sandbox_collection_new          (const char            *name);
void                 md_sandbox_collection_free         (MdSandboxCollection   *self);
const char          *md_sandbox_collection_get_name     (MdSandboxCollection   *self);
JsonObject          *md_sandbox_collection_lookup       (MdSandboxCollection   *self,
                                                         const char            *id);
void                 md_sandbox_collection_insert       (MdSandboxCollection   *self,
                                                         JsonObject            *record);
gboolean             md_sandbox_collection_remove       (MdSandboxCollection   *self,
                                                         const char            *id);
guint                md_sandbox_collection_get_n_items  (MdSandboxCollection   *self);
JsonObject          *md_sandbox_collection_get_item     (MdSandboxCollection   *self,
                                                         guint                  position);
GPtrArray           *md_sandbox_collection_page         (MdSandboxCollection   *self,
                                                         guint64                before_seq,
                                                         guint                  skip,
                                                         guint                  limit,
                                                         MdSandboxRecordFilter  filter,
                                                         gpointer               user_data,
                                                         gboolean              *out_more);
JsonNode            *md_sandbox_collection_to_node      (MdSandboxCollection   *self);
void                 md_sandbox_collection_load         (MdSandboxCollection   *self,
                                                         JsonArray             *records);

guint64              md_sandbox_record_get_seq          (JsonObject            *record);
JsonObject          *md_sandbox_record_get_private      (JsonObject            *record);
JsonNode            *md_sandbox_record_to_public        (JsonObject            *record);
const char          *md_sandbox_record_get_string       (JsonObject            *record,
                                                         const char            *member);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdSandboxCollection, md_sandbox_collection_free)

G_END_DECLS
