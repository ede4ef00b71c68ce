/* md-file-range-stream.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MD_TYPE_FILE_RANGE_STREAM (md_file_range_stream_get_type ())

G_DECLARE_FINAL_TYPE (MdFileRangeStream, md_file_range_stream, MD, FILE_RANGE_STREAM, GInputStream)

GInputStream *md_file_range_stream_new (int      fd,
                                        guint64  offset,
                                        guint64  length,
                                        gint64  *counter);
void          md_file_range_stream_set_guard (MdFileRangeStream *self,
                                              guint64            file_size,
                                              gint64             mtime_usec);

G_END_DECLS
