/* test-sandbox-jwt.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The RS256 verifier against tokens signed in the test with keys made in
 * the test.
 */

#include "config.h"

#include <string.h>

#include "md-sandbox-jwt.h"
#include "md-test-jwt-sign.h"

static char *key_a_private;
static char *key_b_private;
static GHashTable *public_keys;   /* kid -> PEM */

static const char *const video_audiences[] = { "v", NULL };
static const char *const counts_audiences[] = { "asset_id", "playback_id", "live_stream_id", "video_id", NULL };

static GBytes *
lookup_key (const char *kid,
            gpointer    user_data)
{
  const char *pem = g_hash_table_lookup (public_keys, kid);

  return pem ? g_bytes_new (pem, strlen (pem)) : NULL;
}

static gint64
now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static MdSandboxJwtClaims *
verify (const char         *token,
        const char *const  *audiences,
        const char         *subject,
        GError            **error)
{
  return md_sandbox_jwt_verify (token, lookup_key, NULL, audiences, subject, now (), error);
}

static void
test_kid_in_header_or_claims (void)
{
  const MdTestKidPlace places[] = {
    MD_TEST_KID_IN_HEADER, MD_TEST_KID_IN_CLAIMS, MD_TEST_KID_IN_HEADER | MD_TEST_KID_IN_CLAIMS,
  };

  for (guint i = 0; i < G_N_ELEMENTS (places); i++)
    {
      g_autofree char *token = md_test_jwt_sign (key_a_private, "keyA", places[i], "pid1", "v", now () + 600);
      g_autoptr(GError) error = NULL;
      g_autoptr(MdSandboxJwtClaims) claims = verify (token, video_audiences, "pid1", &error);

      g_assert_no_error (error);
      g_assert_nonnull (claims);
      g_assert_cmpstr (claims->kid, ==, "keyA");
      g_assert_cmpstr (claims->sub, ==, "pid1");
      g_assert_cmpstr (claims->aud, ==, "v");
    }
}

static void
test_counts_audience_returned (void)
{
  g_autofree char *token = md_test_jwt_sign (key_b_private, "keyB", MD_TEST_KID_IN_CLAIMS,
                                             "asset9", "asset_id", now () + 600);
  g_autoptr(GError) error = NULL;
  g_autoptr(MdSandboxJwtClaims) claims = verify (token, counts_audiences, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (claims->aud, ==, "asset_id");
  g_assert_cmpstr (claims->sub, ==, "asset9");
}

static void
test_audience_array (void)
{
  g_autofree char *claims_json = g_strdup_printf ("{\"sub\":\"pid1\",\"aud\":[\"t\",\"v\"],\"exp\":%" G_GINT64_FORMAT ",\"kid\":\"keyA\"}",
                                                  now () + 60);
  g_autofree char *token = md_test_jwt_sign_raw (key_a_private, "{\"alg\":\"RS256\",\"typ\":\"JWT\"}", claims_json);
  g_autoptr(GError) error = NULL;
  g_autoptr(MdSandboxJwtClaims) claims = verify (token, video_audiences, "pid1", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (claims->aud, ==, "v");
}

static void
expect_error (const char        *token,
              const char *const *audiences,
              const char        *subject,
              MdSandboxJwtError  code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdSandboxJwtClaims) claims = verify (token, audiences, subject, &error);

  g_assert_null (claims);
  g_assert_error (error, MD_SANDBOX_JWT_ERROR, (gint) code);
  /* Messages never quote the token back. */
  if (token != NULL && *token != '\0')
    g_assert_null (strstr (error->message, token));
}

static void
test_tampered (void)
{
  g_autofree char *token = md_test_jwt_sign (key_a_private, "keyA", MD_TEST_KID_IN_CLAIMS, "pid1", "v", now () + 600);
  g_autofree char *other = md_test_jwt_sign (key_a_private, "keyA", MD_TEST_KID_IN_CLAIMS, "pid2", "v", now () + 600);
  g_auto(GStrv) parts = g_strsplit (token, ".", -1);
  g_auto(GStrv) other_parts = g_strsplit (other, ".", -1);
  g_autofree char *swapped = g_strjoin (".", parts[0], other_parts[1], parts[2], NULL);
  g_autofree char *flipped = g_strdup (token);
  char *last = flipped + strlen (flipped) - 3;

  /* Claims of one token with the signature of another. */
  expect_error (swapped, video_audiences, "pid2", MD_SANDBOX_JWT_ERROR_SIGNATURE);
  /* One character of the signature changed. */
  *last = (*last == 'A') ? 'B' : 'A';
  expect_error (flipped, video_audiences, "pid1", MD_SANDBOX_JWT_ERROR_SIGNATURE);
}

static void
test_signed_by_another_key (void)
{
  g_autofree char *token = md_test_jwt_sign (key_b_private, "keyA", MD_TEST_KID_IN_HEADER, "pid1", "v", now () + 600);

  expect_error (token, video_audiences, "pid1", MD_SANDBOX_JWT_ERROR_SIGNATURE);
}

static void
test_expired (void)
{
  g_autofree char *token = md_test_jwt_sign (key_a_private, "keyA", MD_TEST_KID_IN_CLAIMS, "pid1", "v", now () - 1);
  g_autofree char *no_exp = md_test_jwt_sign_raw (key_a_private, "{\"alg\":\"RS256\"}",
                                                  "{\"sub\":\"pid1\",\"aud\":\"v\",\"kid\":\"keyA\"}");
  g_autofree char *nbf_claims = g_strdup_printf ("{\"sub\":\"pid1\",\"aud\":\"v\",\"kid\":\"keyA\",\"exp\":%" G_GINT64_FORMAT ",\"nbf\":%" G_GINT64_FORMAT "}",
                                                 now () + 600, now () + 300);
  g_autofree char *not_yet = md_test_jwt_sign_raw (key_a_private, "{\"alg\":\"RS256\"}", nbf_claims);

  expect_error (token, video_audiences, "pid1", MD_SANDBOX_JWT_ERROR_EXPIRED);
  expect_error (no_exp, video_audiences, "pid1", MD_SANDBOX_JWT_ERROR_EXPIRED);
  expect_error (not_yet, video_audiences, "pid1", MD_SANDBOX_JWT_ERROR_EXPIRED);

  /* An expiry beyond any clock is not a number we can compare. */
  {
    g_autofree char *huge = md_test_jwt_sign_raw (key_a_private, "{\"alg\":\"RS256\"}",
                                                  "{\"sub\":\"pid1\",\"aud\":\"v\",\"kid\":\"keyA\",\"exp\":1e308}");

    expect_error (huge, video_audiences, "pid1", MD_SANDBOX_JWT_ERROR_EXPIRED);
  }
}

static void
test_unknown_kid (void)
{
  g_autofree char *token = md_test_jwt_sign (key_a_private, "nokey", MD_TEST_KID_IN_CLAIMS, "pid1", "v", now () + 600);
  g_autofree char *no_kid = md_test_jwt_sign (key_a_private, "keyA", 0, "pid1", "v", now () + 600);

  expect_error (token, video_audiences, "pid1", MD_SANDBOX_JWT_ERROR_UNKNOWN_KEY);
  expect_error (no_kid, video_audiences, "pid1", MD_SANDBOX_JWT_ERROR_UNKNOWN_KEY);
}

static void
test_wrong_audience_and_subject (void)
{
  g_autofree char *thumb = md_test_jwt_sign (key_a_private, "keyA", MD_TEST_KID_IN_CLAIMS, "pid1", "t", now () + 600);
  g_autofree char *video = md_test_jwt_sign (key_a_private, "keyA", MD_TEST_KID_IN_CLAIMS, "pid1", "v", now () + 600);

  expect_error (thumb, video_audiences, "pid1", MD_SANDBOX_JWT_ERROR_AUDIENCE);
  expect_error (video, counts_audiences, NULL, MD_SANDBOX_JWT_ERROR_AUDIENCE);
  expect_error (video, video_audiences, "pid2", MD_SANDBOX_JWT_ERROR_SUBJECT);
}

static void
test_algorithm (void)
{
  g_autofree char *claims = g_strdup_printf ("{\"sub\":\"pid1\",\"aud\":\"v\",\"kid\":\"keyA\",\"exp\":%" G_GINT64_FORMAT "}",
                                             now () + 600);
  g_autofree char *hs256 = md_test_jwt_sign_raw (key_a_private, "{\"alg\":\"HS256\"}", claims);
  g_autofree char *none = md_test_jwt_sign_raw (key_a_private, "{\"alg\":\"none\"}", claims);

  expect_error (hs256, video_audiences, "pid1", MD_SANDBOX_JWT_ERROR_ALGORITHM);
  expect_error (none, video_audiences, "pid1", MD_SANDBOX_JWT_ERROR_ALGORITHM);
}

static void
test_malformed (void)
{
  const char *tokens[] = {
    "", "abc", "a.b", "a.b.c.d", "!!!.e30.c2ln", "e30.!!!.c2ln",
    "W10.e30.c2ln",         /* header is an array */
    "bm90IGpzb24.e30.c2ln", /* header is not JSON */
  };

  for (guint i = 0; i < G_N_ELEMENTS (tokens); i++)
    expect_error (tokens[i], video_audiences, "pid1", MD_SANDBOX_JWT_ERROR_MALFORMED);
  expect_error (NULL, video_audiences, "pid1", MD_SANDBOX_JWT_ERROR_MALFORMED);
}

static void
test_base64url (void)
{
  gsize len = 0;
  g_autofree guint8 *ok = md_sandbox_base64url_decode ("-_8", 3, &len);
  g_autofree guint8 *padded = md_sandbox_base64url_decode ("YQ==", 4, &len);

  g_assert_nonnull (ok);
  g_assert_cmpuint (len, ==, 2);
  g_assert_cmpuint (ok[0], ==, 0xfb);
  g_assert_cmpuint (ok[1], ==, 0xff);
  g_assert_null (padded);
  g_assert_null (md_sandbox_base64url_decode ("a+b/", 4, &len));
  g_assert_null (md_sandbox_base64url_decode ("abcde", 5, &len));
}

int
main (int    argc,
      char **argv)
{
  char *pem_a = NULL, *pem_b = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  public_keys = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  key_a_private = md_test_rsa_generate (&pem_a);
  key_b_private = md_test_rsa_generate (&pem_b);
  g_hash_table_insert (public_keys, "keyA", pem_a);
  g_hash_table_insert (public_keys, "keyB", pem_b);

  g_test_add_func ("/sandbox/jwt/kid-in-header-or-claims", test_kid_in_header_or_claims);
  g_test_add_func ("/sandbox/jwt/counts-audience", test_counts_audience_returned);
  g_test_add_func ("/sandbox/jwt/audience-array", test_audience_array);
  g_test_add_func ("/sandbox/jwt/tampered", test_tampered);
  g_test_add_func ("/sandbox/jwt/signed-by-another-key", test_signed_by_another_key);
  g_test_add_func ("/sandbox/jwt/expired", test_expired);
  g_test_add_func ("/sandbox/jwt/unknown-kid", test_unknown_kid);
  g_test_add_func ("/sandbox/jwt/wrong-audience-and-subject", test_wrong_audience_and_subject);
  g_test_add_func ("/sandbox/jwt/algorithm", test_algorithm);
  g_test_add_func ("/sandbox/jwt/malformed", test_malformed);
  g_test_add_func ("/sandbox/jwt/base64url", test_base64url);

  status = g_test_run ();

  g_hash_table_unref (public_keys);
  g_free (key_a_private);
  g_free (key_b_private);
  return status;
}
