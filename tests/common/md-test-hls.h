/* md-test-hls.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _MdTestHls MdTestHls;

MdTestHls  *md_test_hls_new      (guint        seconds,
                                  GError     **error);
MdTestHls  *md_test_hls_new_full (guint        seconds,
                                  guint        width,
                                  guint        height,
                                  GError     **error);
char       *md_test_hls_get_url  (MdTestHls   *self,
                                  const char  *path);
const char *md_test_hls_get_dir  (MdTestHls   *self);
void        md_test_hls_free     (MdTestHls   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdTestHls, md_test_hls_free)

G_END_DECLS
