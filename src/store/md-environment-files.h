/* md-environment-files.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "md-environment.h"

G_BEGIN_DECLS

/* Blocking file work for MdEnvironmentStore; call from worker threads. */
char     *md_environment_files_serialize   (GPtrArray      *environments,
                                            const char     *active_id);
gboolean  md_environment_files_write       (const char     *path,
                                            const char     *contents,
                                            GError        **error);
gboolean  md_environment_files_read        (const char     *path,
                                            GPtrArray     **out_environments,
                                            char          **out_active_id,
                                            GError        **error);
gboolean  md_environment_files_delete_data (MdEnvironment  *environment,
                                            GCancellable   *cancellable,
                                            GError        **error);

G_END_DECLS
