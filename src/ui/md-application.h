/* md-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "md-environment-store.h"
#include "md-sandbox-launcher.h"

G_BEGIN_DECLS

#define MD_TYPE_APPLICATION (md_application_get_type ())

G_DECLARE_FINAL_TYPE (MdApplication, md_application, MD, APPLICATION, AdwApplication)

MdApplication      *md_application_new                   (void);
MdEnvironmentStore *md_application_get_environment_store (MdApplication *self);
MdSandboxLauncher  *md_application_get_demo_launcher     (MdApplication *self);
int                 md_application_get_exit_status       (MdApplication *self);

G_END_DECLS
