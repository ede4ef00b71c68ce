/* md-keyring-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "md-keyring.h"

G_BEGIN_DECLS

/* Exposed for the tests: the one place libsecret/D-Bus errors become MdKeyringError. */
GError *md_keyring_error_map (const GError *error,
                              const char   *context);

G_END_DECLS
