/* md-sandbox-launcher.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MD_TYPE_SANDBOX_LAUNCHER (md_sandbox_launcher_get_type ())

G_DECLARE_FINAL_TYPE (MdSandboxLauncher, md_sandbox_launcher, MD, SANDBOX_LAUNCHER, GObject)

char              *md_sandbox_launcher_find_executable (void);
MdSandboxLauncher *md_sandbox_launcher_new             (const char           *executable,
                                                        const char           *state_dir);
void               md_sandbox_launcher_start_async     (MdSandboxLauncher    *self,
                                                        const char * const   *extra_args,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
gboolean           md_sandbox_launcher_start_finish    (MdSandboxLauncher    *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
void               md_sandbox_launcher_stop            (MdSandboxLauncher    *self);
gboolean           md_sandbox_launcher_get_running     (MdSandboxLauncher    *self);
const char        *md_sandbox_launcher_get_api_url     (MdSandboxLauncher    *self);
const char        *md_sandbox_launcher_get_stream_url  (MdSandboxLauncher    *self);
const char        *md_sandbox_launcher_get_image_url   (MdSandboxLauncher    *self);
const char        *md_sandbox_launcher_get_stats_url   (MdSandboxLauncher    *self);
const char        *md_sandbox_launcher_get_token_id    (MdSandboxLauncher    *self);
const char        *md_sandbox_launcher_get_token_secret(MdSandboxLauncher    *self);
const char        *md_sandbox_launcher_get_process_id  (MdSandboxLauncher    *self);

G_END_DECLS
