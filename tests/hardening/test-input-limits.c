/* test-input-limits.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input the API should never send, handled without a crash or a lie:
 *  - an answer above the client's size limit is refused with a clear
 *    error, through MdClient over real HTTP (a bare loopback peer that
 *    sends one whole; test-fault-matrix has the sandbox's announced-too-large
 *    and endless answers, which the client must stop reading);
 *  - absurd values (negative or enormous durations, 10^5+ heatmap buckets,
 *    hotspots ending before they start, megabyte titles, storyboards with
 *    too many tiles) are refused or shown as unknown, never misformatted.
 */

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "md-asset-format.h"
#include "md-client.h"
#include "md-client-error.h"
#include "md-heatmap.h"
#include "md-hotspot.h"
#include "md-json-private.h"
#include "md-storyboard.h"
#include "md-time.h"
#include "md-test-utils.h"

static void
on_whoami_cb (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  gsize size = GPOINTER_TO_SIZE (user_data);
  char *body = g_malloc (size);

  /* Valid JSON, just too much of it: {"data":{"access_token_name":"xxxx…"}} */
  memset (body, 'x', size);
  memcpy (body, "{\"data\":{\"access_token_name\":\"", 31);
  memcpy (body + size - 3, "\"}}", 3);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, body, size);
}

static void
on_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
has_result (gpointer user_data)
{
  return *(GAsyncResult **) user_data != NULL;
}

static void
test_answer_too_large (void)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MdClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(MdWhoami) whoami = NULL;
  GSList *uris;
  g_autofree char *url = NULL;

  soup_server_add_handler (server, "/system/v1/whoami", on_whoami_cb,
                           GSIZE_TO_POINTER ((gsize) MD_JSON_MAX_BYTES + 1024), NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_uri_to_string ((GUri *) uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  client = md_client_new ("token-id", "token-secret");
  md_client_set_api_url (client, url);
  md_client_whoami_async (client, NULL, on_done_cb, &result);
  g_assert_true (md_test_wait_until (has_result, &result, 120000));
  whoami = md_client_whoami_finish (client, result, &error);
  g_assert_null (whoami);
  g_assert_error (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_BAD_RESPONSE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "too large"));
}

static JsonNode *
parse (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *root = _md_json_parse_data (json, strlen (json), &error);

  g_assert_no_error (error);
  return root;
}

static void
test_absurd_durations (void)
{
  static const char *const cases[] = {
    "{\"id\":\"a\",\"duration\":-5}",
    "{\"id\":\"a\",\"duration\":1e308}",
    "{\"id\":\"a\",\"duration\":9.3e18}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) root = parse (cases[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(MdAsset) asset = md_asset_new_from_json (json_node_get_object (root), &error);
      g_autofree char *shown = NULL;

      g_test_message ("%s", cases[i]);
      if (asset == NULL)
        {
          g_assert_error (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_BAD_RESPONSE);
          continue;
        }
      /* Whatever the model keeps, the library shows "unknown", not a
       * negative or wrapped-around time. */
      shown = md_asset_format_duration (md_asset_get_duration (asset));
      g_assert_cmpstr (shown, ==, "–");
    }

  /* The player's clock labels too. */
  {
    g_autofree char *huge = md_time_format (1e308, 1e308);
    g_autofree char *negative = md_time_format (-3, 60);

    g_assert_false (g_str_has_prefix (huge, "-"));
    g_assert_cmpstr (negative, ==, "0:00");
  }
}

static void
test_too_many_buckets (void)
{
  g_autoptr(GString) json = g_string_new ("{\"data\":{\"total_views\":1,\"value\":[");
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MdHeatmap) heatmap = NULL;

  for (guint i = 0; i < 200000; i++)
    g_string_append (json, i ? ",0" : "0");
  g_string_append (json, "]}}");
  root = parse (json->str);
  heatmap = md_heatmap_new_from_json (root, &error);
  g_assert_null (heatmap);
  g_assert_error (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, "buckets"));
}

static void
test_backwards_hotspot (void)
{
  g_autoptr(JsonNode) root = parse ("{\"data\":{\"total_views\":3,\"hotspots\":"
                                    "[{\"start_ms\":5000,\"end_ms\":100,\"score\":7}]}}");
  g_autoptr(GError) error = NULL;
  gint64 total_views = 0;
  g_autoptr(GListModel) hotspots = md_hotspot_list_new_from_json (root, &total_views, &error);

  g_assert_null (hotspots);
  g_assert_error (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_BAD_RESPONSE);
}

static void
test_huge_title (void)
{
  gsize length = 4 * 1024 * 1024;
  g_autoptr(GString) json = g_string_new ("{\"id\":\"a\",\"meta\":{\"title\":\"");
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MdAsset) asset = NULL;

  for (gsize i = 0; i < length; i++)
    g_string_append_c (json, 'a' + i % 26);
  g_string_append (json, "\"}}");
  root = parse (json->str);
  asset = md_asset_new_from_json (json_node_get_object (root), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (md_asset_get_title (asset)), ==, length);
}

static void
test_too_many_tiles (void)
{
  g_autoptr(GString) json = g_string_new ("{\"url\":\"s.jpg\",\"tile_width\":1,\"tile_height\":1,\"tiles\":[");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MdStoryboard) storyboard = NULL;

  for (guint i = 0; i < 150000; i++)
    g_string_append_printf (json, "%s{\"start\":%u,\"x\":0,\"y\":0}", i ? "," : "", i);
  g_string_append (json, "]}");
  bytes = g_bytes_new (json->str, json->len);
  storyboard = md_storyboard_new_from_json (bytes, NULL, &error);
  g_assert_null (storyboard);
  g_assert_error (error, MD_STORYBOARD_ERROR, MD_STORYBOARD_ERROR_INVALID);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hardening/input-limits/answer-too-large", test_answer_too_large);
  g_test_add_func ("/hardening/input-limits/absurd-durations", test_absurd_durations);
  g_test_add_func ("/hardening/input-limits/too-many-buckets", test_too_many_buckets);
  g_test_add_func ("/hardening/input-limits/backwards-hotspot", test_backwards_hotspot);
  g_test_add_func ("/hardening/input-limits/huge-title", test_huge_title);
  g_test_add_func ("/hardening/input-limits/too-many-tiles", test_too_many_tiles);

  return g_test_run ();
}
