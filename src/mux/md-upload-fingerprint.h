/* md-upload-fingerprint.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* How much of each end of the file the fingerprint reads. */
#define MD_UPLOAD_FINGERPRINT_SPAN (1024 * 1024)

char     *md_upload_fingerprint_fd      (int            fd,
                                         guint64        size,
                                         GCancellable  *cancellable,
                                         GError       **error);
gboolean  md_upload_file_stat           (int            fd,
                                         guint64       *out_size,
                                         gint64        *out_mtime_usec,
                                         GError       **error);
gboolean  md_upload_file_is_unchanged   (int            fd,
                                         guint64        size,
                                         gint64         mtime_usec,
                                         GError       **error);

GError   *md_upload_unreadable_error_new (const char    *path,
                                         int            code);

G_END_DECLS
