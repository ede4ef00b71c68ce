/* test-client-urls.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <string.h>

#include "md-client.h"

/* URL building needs no network: checked here for both policies. */

static MdJwtSigner *
new_signer (void)
{
  gnutls_x509_privkey_t key;
  gnutls_datum_t pem = { NULL, 0 };
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  MdJwtSigner *signer;

  g_assert_cmpint (gnutls_x509_privkey_init (&key), ==, 0);
  g_assert_cmpint (gnutls_x509_privkey_generate (key, GNUTLS_PK_RSA, 2048, 0), ==, 0);
  g_assert_cmpint (gnutls_x509_privkey_export2 (key, GNUTLS_X509_FMT_PEM, &pem), ==, 0);
  text = g_strndup ((const char *) pem.data, pem.size);
  gnutls_free (pem.data);
  gnutls_x509_privkey_deinit (key);

  signer = md_jwt_signer_new ("KID1", text, &error);
  g_assert_no_error (error);
  return signer;
}

static JsonObject *
claims_of (const char *url)
{
  const char *token = strstr (url, "token=") + strlen ("token=");
  g_auto(GStrv) parts = g_strsplit (token, ".", -1);
  g_autoptr(GString) b64 = g_string_new (parts[1]);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree guchar *json = NULL;
  gsize length = 0;

  g_string_replace (b64, "-", "+", 0);
  g_string_replace (b64, "_", "/", 0);
  while (b64->len % 4 != 0)
    g_string_append_c (b64, '=');
  json = g_base64_decode (b64->str, &length);
  g_assert_true (json_parser_load_from_data (parser, (const char *) json, length, NULL));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
test_defaults (void)
{
  g_autoptr(MdClient) client = md_client_new ("id", "secret");
  g_autofree char *api = NULL;

  g_assert_cmpstr (md_client_get_api_url (client), ==, "https://api.mux.com");
  g_assert_cmpstr (md_client_get_stream_url (client), ==, "https://stream.mux.com");
  g_assert_cmpstr (md_client_get_image_url (client), ==, "https://image.mux.com");
  g_assert_cmpstr (md_client_get_stats_url (client), ==, "https://stats.mux.com");
  g_assert_cmpstr (md_client_get_token_id (client), ==, "id");

  md_client_set_api_url (client, "http://127.0.0.1:9/");
  g_object_get (client, "api-url", &api, NULL);
  g_assert_cmpstr (api, ==, "http://127.0.0.1:9");
}

static void
test_secret_is_not_a_property (void)
{
  g_autoptr(MdClient) client = md_client_new ("token-id-1", "s3cr3t-value");
  g_autofree GParamSpec **pspecs = NULL;
  guint n = 0;

  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (client), &n);
  for (guint i = 0; i < n; i++)
    {
      g_auto(GValue) value = G_VALUE_INIT;
      g_autofree char *contents = NULL;

      g_value_init (&value, pspecs[i]->value_type);
      g_object_get_property (G_OBJECT (client), pspecs[i]->name, &value);
      contents = g_strdup_value_contents (&value);
      g_assert_null (strstr (contents, "s3cr3t"));
      g_assert_null (strstr (pspecs[i]->name, "secret"));
    }
}

static void
test_public_urls (void)
{
  g_autoptr(MdClient) client = md_client_new ("id", "secret");
  g_autoptr(MdPlaybackId) pid = md_playback_id_new ("PUBpid", MD_PLAYBACK_POLICY_PUBLIC);
  g_autoptr(GError) error = NULL;
  g_autofree char *stream = NULL;
  g_autofree char *thumbnail = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *storyboard = NULL;

  /* The sandbox serves every host under a path prefix of one port. */
  md_client_set_stream_url (client, "http://127.0.0.1:5/stream");
  md_client_set_image_url (client, "http://127.0.0.1:5/image/");

  stream = md_client_build_stream_url (client, pid, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stream, ==, "http://127.0.0.1:5/stream/PUBpid.m3u8");

  thumbnail = md_client_build_thumbnail_url (client, pid, NULL, 0, 12.5, 640, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (thumbnail, ==, "http://127.0.0.1:5/image/PUBpid/thumbnail.jpg?time=12.500&width=640");

  plain = md_client_build_thumbnail_url (client, pid, NULL, 0, -1, 0, &error);
  g_assert_cmpstr (plain, ==, "http://127.0.0.1:5/image/PUBpid/thumbnail.jpg");

  storyboard = md_client_build_storyboard_url (client, pid, NULL, 0, "vtt", &error);
  g_assert_cmpstr (storyboard, ==, "http://127.0.0.1:5/image/PUBpid/storyboard.vtt");
}

static void
test_signed_urls (void)
{
  g_autoptr(MdClient) client = md_client_new ("id", "secret");
  g_autoptr(MdPlaybackId) pid = md_playback_id_new ("SIGpid", MD_PLAYBACK_POLICY_SIGNED);
  g_autoptr(MdPlaybackId) drm = md_playback_id_new ("DRMpid", MD_PLAYBACK_POLICY_DRM);
  g_autoptr(MdJwtSigner) signer = new_signer ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) stream_claims = NULL;
  g_autoptr(JsonObject) thumb_claims = NULL;
  g_autoptr(JsonObject) board_claims = NULL;
  g_autofree char *refused = NULL;
  g_autofree char *stream = NULL;
  g_autofree char *thumbnail = NULL;
  g_autofree char *storyboard = NULL;
  g_autofree char *unsupported = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  refused = md_client_build_stream_url (client, pid, NULL, 0, &error);
  g_assert_null (refused);
  g_assert_error (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_FORBIDDEN);
  g_clear_error (&error);

  stream = md_client_build_stream_url (client, pid, signer, 2000000000, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (stream, "https://stream.mux.com/SIGpid.m3u8?token="));
  stream_claims = claims_of (stream);
  g_assert_cmpstr (json_object_get_string_member (stream_claims, "sub"), ==, "SIGpid");
  g_assert_cmpstr (json_object_get_string_member (stream_claims, "aud"), ==, "v");
  g_assert_cmpint (json_object_get_int_member (stream_claims, "exp"), ==, 2000000000);

  /* Parameters of a signed thumbnail travel inside the token only. */
  thumbnail = md_client_build_thumbnail_url (client, pid, signer, 0, 3, 320, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (thumbnail, "https://image.mux.com/SIGpid/thumbnail.jpg?token="));
  g_assert_null (strstr (thumbnail, "width="));
  thumb_claims = claims_of (thumbnail);
  g_assert_cmpstr (json_object_get_string_member (thumb_claims, "aud"), ==, "t");
  g_assert_cmpstr (json_object_get_string_member (thumb_claims, "width"), ==, "320");
  g_assert_cmpstr (json_object_get_string_member (thumb_claims, "time"), ==, "3.000");
  /* 0 means a day from now. */
  g_assert_cmpint (json_object_get_int_member (thumb_claims, "exp"), >, now);
  g_assert_cmpint (json_object_get_int_member (thumb_claims, "exp"), <=, now + 24 * 3600 + 60);

  storyboard = md_client_build_storyboard_url (client, pid, signer, 0, "json", &error);
  g_assert_no_error (error);
  board_claims = claims_of (storyboard);
  g_assert_cmpstr (json_object_get_string_member (board_claims, "aud"), ==, "s");

  unsupported = md_client_build_stream_url (client, drm, signer, 0, &error);
  g_assert_null (unsupported);
  g_assert_error (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_FORBIDDEN);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/client-urls/defaults", test_defaults);
  g_test_add_func ("/client-urls/secret-is-not-a-property", test_secret_is_not_a_property);
  g_test_add_func ("/client-urls/public", test_public_urls);
  g_test_add_func ("/client-urls/signed", test_signed_urls);

  return g_test_run ();
}
