/* test-keyring.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "md-secret-schemas.h"

/* A fresh value each run, so a leftover item can never make the test pass. */
static char *
random_secret (void)
{
  return g_strdup_printf ("test-secret-%08x%08x", g_random_int (), g_random_int ());
}

static void
test_token_roundtrip (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = random_secret ();
  g_autofree char *found = NULL;
  gboolean ok;

  ok = secret_password_store_sync (MD_TOKEN_SCHEMA, SECRET_COLLECTION_DEFAULT,
                                   "Muxdesk test token", secret, NULL, &error,
                                   MD_SECRET_ATTR_ENVIRONMENT, "env-test",
                                   MD_SECRET_ATTR_TOKEN_ID, "token-test",
                                   MD_SECRET_ATTR_API_URL, "http://127.0.0.1:1",
                                   NULL);
  g_assert_no_error (error);
  g_assert_true (ok);

  found = secret_password_lookup_sync (MD_TOKEN_SCHEMA, NULL, &error,
                                       MD_SECRET_ATTR_ENVIRONMENT, "env-test",
                                       MD_SECRET_ATTR_TOKEN_ID, "token-test",
                                       NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, secret);

  ok = secret_password_clear_sync (MD_TOKEN_SCHEMA, NULL, &error,
                                   MD_SECRET_ATTR_ENVIRONMENT, "env-test",
                                   NULL);
  g_assert_no_error (error);
  g_assert_true (ok);

  g_clear_pointer (&found, g_free);
  found = secret_password_lookup_sync (MD_TOKEN_SCHEMA, NULL, &error,
                                       MD_SECRET_ATTR_ENVIRONMENT, "env-test",
                                       NULL);
  g_assert_no_error (error);
  g_assert_null (found);
}

static void
test_schemas_are_distinct (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = random_secret ();
  g_autofree char *as_token = NULL;

  secret_password_store_sync (MD_SIGNING_KEY_SCHEMA, SECRET_COLLECTION_DEFAULT,
                              "Muxdesk test signing key", secret, NULL, &error,
                              MD_SECRET_ATTR_ENVIRONMENT, "env-test",
                              MD_SECRET_ATTR_KEY_ID, "key-test",
                              NULL);
  g_assert_no_error (error);

  /* A signing key must never be found when looking for a token. */
  as_token = secret_password_lookup_sync (MD_TOKEN_SCHEMA, NULL, &error,
                                          MD_SECRET_ATTR_ENVIRONMENT, "env-test",
                                          NULL);
  g_assert_no_error (error);
  g_assert_null (as_token);

  g_assert_true (secret_password_clear_sync (MD_SIGNING_KEY_SCHEMA, NULL, &error,
                                             MD_SECRET_ATTR_KEY_ID, "key-test",
                                             NULL));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/keyring/token-roundtrip", test_token_roundtrip);
  g_test_add_func ("/keyring/schemas-are-distinct", test_schemas_are_distinct);

  return g_test_run ();
}
