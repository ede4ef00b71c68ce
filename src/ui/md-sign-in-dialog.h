/* md-sign-in-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "md-environment-store.h"

G_BEGIN_DECLS

#define MD_TYPE_SIGN_IN_DIALOG (md_sign_in_dialog_get_type ())

G_DECLARE_FINAL_TYPE (MdSignInDialog, md_sign_in_dialog, MD, SIGN_IN_DIALOG, AdwWindow)

MdSignInDialog *md_sign_in_dialog_new (GtkWindow          *parent,
                                       MdEnvironmentStore *store);

G_END_DECLS
