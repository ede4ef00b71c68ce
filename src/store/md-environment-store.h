/* md-environment-store.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "md-environment.h"

G_BEGIN_DECLS

#define MD_TYPE_ENVIRONMENT_STORE (md_environment_store_get_type ())

G_DECLARE_FINAL_TYPE (MdEnvironmentStore, md_environment_store, MD, ENVIRONMENT_STORE, GObject)

MdEnvironmentStore *md_environment_store_new               (void);
MdEnvironmentStore *md_environment_store_new_for_path      (const char          *path);
const char         *md_environment_store_get_path          (MdEnvironmentStore  *self);
char               *md_environment_store_dup_default_path  (void);

MdEnvironment      *md_environment_store_get_active        (MdEnvironmentStore  *self);
MdEnvironment      *md_environment_store_lookup            (MdEnvironmentStore  *self,
                                                            const char          *id_or_name);

void                md_environment_store_load_async        (MdEnvironmentStore  *self,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
gboolean            md_environment_store_load_finish       (MdEnvironmentStore  *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

void                md_environment_store_add_async         (MdEnvironmentStore  *self,
                                                            MdEnvironment       *environment,
                                                            const char          *token_secret,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
void                md_environment_store_remove_async      (MdEnvironmentStore  *self,
                                                            MdEnvironment       *environment,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
void                md_environment_store_rename_async      (MdEnvironmentStore  *self,
                                                            MdEnvironment       *environment,
                                                            const char          *display_name,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
void                md_environment_store_set_active_async  (MdEnvironmentStore  *self,
                                                            MdEnvironment       *environment,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
void                md_environment_store_save_async        (MdEnvironmentStore  *self,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
/* Finishes add, remove, rename, set_active and save. */
gboolean            md_environment_store_change_finish     (MdEnvironmentStore  *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

G_END_DECLS
