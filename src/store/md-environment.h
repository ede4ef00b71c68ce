/* md-environment.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "md-sandbox-launcher.h"

G_BEGIN_DECLS

#define MD_DEFAULT_API_URL    "https://api.mux.com"
#define MD_DEFAULT_STREAM_URL "https://stream.mux.com"
#define MD_DEFAULT_IMAGE_URL  "https://image.mux.com"
#define MD_DEFAULT_STATS_URL  "https://stats.mux.com"

#define MD_TYPE_ENVIRONMENT (md_environment_get_type ())

G_DECLARE_FINAL_TYPE (MdEnvironment, md_environment, MD, ENVIRONMENT, GObject)

gboolean            md_environment_id_is_valid          (const char         *id);

MdEnvironment      *md_environment_new                  (const char         *id,
                                                         gboolean            is_demo);
MdEnvironment      *md_environment_new_from_json        (JsonNode           *node,
                                                         GError            **error);
JsonNode           *md_environment_to_json              (MdEnvironment      *self);

const char         *md_environment_get_id               (MdEnvironment      *self);
gboolean            md_environment_get_is_demo          (MdEnvironment      *self);
MdSandboxLauncher  *md_environment_get_demo_launcher    (MdEnvironment      *self);
void                md_environment_set_demo_launcher    (MdEnvironment      *self,
                                                         MdSandboxLauncher  *launcher);
const char         *md_environment_get_display_name     (MdEnvironment      *self);
void                md_environment_set_display_name     (MdEnvironment      *self,
                                                         const char         *display_name);
const char         *md_environment_get_token_id         (MdEnvironment      *self);
void                md_environment_set_token_id         (MdEnvironment      *self,
                                                         const char         *token_id);
const char         *md_environment_get_api_url          (MdEnvironment      *self);
void                md_environment_set_api_url          (MdEnvironment      *self,
                                                         const char         *api_url);
const char         *md_environment_get_stream_url       (MdEnvironment      *self);
void                md_environment_set_stream_url       (MdEnvironment      *self,
                                                         const char         *stream_url);
const char         *md_environment_get_image_url        (MdEnvironment      *self);
void                md_environment_set_image_url        (MdEnvironment      *self,
                                                         const char         *image_url);
const char         *md_environment_get_stats_url        (MdEnvironment      *self);
void                md_environment_set_stats_url        (MdEnvironment      *self,
                                                         const char         *stats_url);
void                md_environment_reset_urls           (MdEnvironment      *self);
const char * const *md_environment_get_permissions      (MdEnvironment      *self);
void                md_environment_set_permissions      (MdEnvironment      *self,
                                                         const char * const *permissions);
gboolean            md_environment_has_permission       (MdEnvironment      *self,
                                                         const char         *permission);
const char         *md_environment_get_environment_name (MdEnvironment      *self);
void                md_environment_set_environment_name (MdEnvironment      *self,
                                                         const char         *environment_name);
const char         *md_environment_get_signing_key_id   (MdEnvironment      *self);
void                md_environment_set_signing_key_id   (MdEnvironment      *self,
                                                         const char         *signing_key_id);

G_END_DECLS
