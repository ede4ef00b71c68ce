/* md-upload.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "md-enums.h"

G_BEGIN_DECLS

#define MD_TYPE_UPLOAD (md_upload_get_type ())

G_DECLARE_FINAL_TYPE (MdUpload, md_upload, MD, UPLOAD, GObject)

MdUpload       *md_upload_new_from_json    (JsonObject  *object,
                                            GError     **error);
gboolean        md_upload_update_from_json (MdUpload    *self,
                                            JsonObject  *object,
                                            GError     **error);
void            md_upload_update_from      (MdUpload    *self,
                                            MdUpload    *other);
const char     *md_upload_get_id           (MdUpload    *self);
const char     *md_upload_get_url          (MdUpload    *self);
MdUploadStatus  md_upload_get_status       (MdUpload    *self);
gint64          md_upload_get_timeout      (MdUpload    *self);
const char     *md_upload_get_cors_origin  (MdUpload    *self);
const char     *md_upload_get_asset_id     (MdUpload    *self);
const char     *md_upload_get_error_type   (MdUpload    *self);
const char     *md_upload_get_error_message (MdUpload   *self);
gboolean        md_upload_get_test         (MdUpload    *self);

G_END_DECLS
