/* md-stream-source.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "md-client.h"
#include "md-jwt.h"

G_BEGIN_DECLS

/**
 * MdStreamSourceError:
 * @MD_STREAM_SOURCE_ERROR_NO_SIGNING_KEY: the playback ID is signed and no
 *   signing key of the environment is in this computer's keyring; one is
 *   created or imported in Preferences
 */
typedef enum
{
  MD_STREAM_SOURCE_ERROR_NO_SIGNING_KEY,
} MdStreamSourceError;

#define MD_STREAM_SOURCE_ERROR (md_stream_source_error_quark ())

#define MD_TYPE_STREAM_SOURCE (md_stream_source_get_type ())

G_DECLARE_FINAL_TYPE (MdStreamSource, md_stream_source, MD, STREAM_SOURCE, GObject)

GQuark          md_stream_source_error_quark         (void);

MdStreamSource *md_stream_source_new                 (MdClient        *client,
                                                      MdPlaybackId    *playback_id,
                                                      MdJwtSigner     *signer,
                                                      double           duration);
gint64          md_stream_source_get_expiry          (MdStreamSource  *self);
char           *md_stream_source_build_uri           (MdStreamSource  *self,
                                                      GError         **error);
char           *md_stream_source_build_storyboard_uri (MdStreamSource *self);

G_END_DECLS
