/* md-live-stream-pager.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "md-pager.h"

G_BEGIN_DECLS

#define MD_TYPE_LIVE_STREAM_PAGER (md_live_stream_pager_get_type ())

G_DECLARE_FINAL_TYPE (MdLiveStreamPager, md_live_stream_pager, MD, LIVE_STREAM_PAGER, MdPager)

MdLiveStreamPager *md_live_stream_pager_new (MdClient *client);

G_END_DECLS
