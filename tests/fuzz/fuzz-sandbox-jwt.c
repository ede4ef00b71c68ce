/* fuzz-sandbox-jwt.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sandbox's RS256 verifier (md_sandbox_jwt_verify). The first byte
 * chooses how the rest is used:
 *   even: the rest is a compact token, verified as it is (parsing, base64url,
 *         algorithm, key look-up and signature checks);
 *   odd:  the rest is "HEADER-JSON\nCLAIMS-JSON", signed here with a real
 *         key, so the claim checks behind the signature are reached too.
 * Bit 1 picks the playback or the counts audiences.
 */

#include "config.h"

#include <string.h>

#include "md-fuzz.h"
#include "md-sandbox-jwt.h"
#include "md-test-jwt-sign.h"

#define FUZZ_NOW G_GINT64_CONSTANT (1700000000)

static char *private_key_b64;
static char *public_pem;

static const char *const video_audiences[] = { "v", "t", "s", NULL };
static const char *const counts_audiences[] = { "asset_id", "playback_id", "live_stream_id", "video_id", NULL };

static GBytes *
lookup_key (const char *kid,
            gpointer    user_data)
{
  /* One unknown id keeps the "no such key" path reachable. */
  if (g_strcmp0 (kid, "unknown") == 0)
    return NULL;
  return g_bytes_new_static (public_pem, strlen (public_pem));
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  md_fuzz_setup_logging ();
  private_key_b64 = md_test_rsa_generate (&public_pem);
  return 0;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(MdSandboxJwtClaims) claims = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *token = NULL;
  const char *const *audiences;
  guint8 mode;

  if (size < 1)
    return 0;
  mode = data[0];
  text = md_fuzz_dup_string (data + 1, size - 1);
  audiences = (mode & 2) ? counts_audiences : video_audiences;

  if (mode & 1)
    {
      char *newline = strchr (text, '\n');

      if (newline == NULL)
        return 0;
      *newline = '\0';
      token = md_test_jwt_sign_raw (private_key_b64, text, newline + 1);
    }
  else
    token = g_steal_pointer (&text);

  claims = md_sandbox_jwt_verify (token, lookup_key, NULL, audiences,
                                  (mode & 4) ? "pid1" : NULL, FUZZ_NOW, &error);
  /* Exactly one of a result and an error, and a result is complete. */
  g_assert ((claims == NULL) != (error == NULL));
  if (claims != NULL)
    {
      g_assert_nonnull (claims->kid);
      g_assert_nonnull (claims->sub);
      g_assert_nonnull (claims->aud);
      g_assert_cmpint (claims->exp, >, FUZZ_NOW);
    }
  else
    g_assert_true (error->domain == MD_SANDBOX_JWT_ERROR && error->message != NULL);
  return 0;
}
