/* md-stream-source.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "md-client.h"
#include "md-jwt.h"

G_BEGIN_DECLS

#define MD_TYPE_STREAM_SOURCE (md_stream_source_get_type ())

G_DECLARE_FINAL_TYPE (MdStreamSource, md_stream_source, MD, STREAM_SOURCE, GObject)

MdStreamSource *md_stream_source_new                 (MdClient        *client,
                                                      MdPlaybackId    *playback_id,
                                                      MdJwtSigner     *signer,
                                                      double           duration);
gint64          md_stream_source_get_expiry          (MdStreamSource  *self);
char           *md_stream_source_build_uri           (MdStreamSource  *self,
                                                      GError         **error);
char           *md_stream_source_build_storyboard_uri (MdStreamSource *self);

G_END_DECLS
