/* md-test-jwt-sign.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A JWT signer for tests, written apart from the sandbox's verifier so the
 * two check each other.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  MD_TEST_KID_IN_HEADER = 1 << 0,
  MD_TEST_KID_IN_CLAIMS = 1 << 1,
} MdTestKidPlace;

char *md_test_jwt_sign_raw (const char     *private_key_b64,
                            const char     *header_json,
                            const char     *claims_json);
char *md_test_jwt_sign     (const char     *private_key_b64,
                            const char     *kid,
                            MdTestKidPlace  kid_place,
                            const char     *sub,
                            const char     *aud,
                            gint64          exp);
char *md_test_rsa_generate (char          **out_public_pem);

G_END_DECLS
