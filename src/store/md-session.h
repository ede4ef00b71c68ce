/* md-session.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "md-client.h"
#include "md-jwt.h"
#include "md-engagement-choices.h"
#include "md-environment.h"
#include "md-library-cache.h"
#include "md-upload-queue.h"

G_BEGIN_DECLS

#define MD_TYPE_SESSION (md_session_get_type ())

G_DECLARE_FINAL_TYPE (MdSession, md_session, MD, SESSION, GObject)

void                 md_session_open_async             (MdEnvironment        *environment,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
MdSession           *md_session_open_finish            (GAsyncResult         *result,
                                                        GError              **error);
MdEnvironment       *md_session_get_environment        (MdSession            *self);
MdClient            *md_session_get_client             (MdSession            *self);
MdLibraryCache      *md_session_get_library_cache      (MdSession            *self);
MdJwtSigner         *md_session_get_signer             (MdSession            *self);
MdUploadQueue       *md_session_get_upload_queue       (MdSession            *self);
MdEngagementChoices *md_session_get_engagement_choices (MdSession            *self);

G_END_DECLS
