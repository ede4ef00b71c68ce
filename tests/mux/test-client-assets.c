/* test-client-assets.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "md-asset-pager.h"
#include "md-client-test-util.h"
#include "md-live-stream-pager.h"
#include "md-test-utils.h"

/* Assets, playback IDs, uploads, live streams, URLs and the pagers against
 * the real muxdesk-sandbox, with its Mux-like rate limits on. */

static MdTestSandbox *sandbox;

#define CALL(call_expr) \
  ({ MdTestCall _c = { NULL }; \
     MdTestCall *call = &_c; \
     call_expr; \
     md_test_call_wait (call); \
     call->result; })

static void
add_records (guint n)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *body = g_strdup_printf ("{\"assets\":%u}", n);

  g_assert_true (md_test_sandbox_admin (sandbox, "POST", "/_sandbox/records", body, NULL, &error));
  g_assert_no_error (error);
}

static guint
logged (const char *path,
        guint       status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = NULL;
  JsonArray *entries;
  guint n = 0;

  g_assert_true (md_test_sandbox_admin (sandbox, "GET", "/_sandbox/requests", NULL, &reply, &error));
  g_assert_no_error (error);
  entries = json_object_get_array_member (json_node_get_object (reply), "data");
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);

      if ((path == NULL || g_strcmp0 (json_object_get_string_member (entry, "path"), path) == 0) &&
          (status == 0 || json_object_get_int_member (entry, "status") == status))
        n++;
    }

  return n;
}

static MdAsset *
first_asset (MdClient *client)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) page = NULL;

  result = CALL (md_client_list_assets_async (client, NULL, 1, NULL, md_test_call_done, call));
  page = md_client_list_assets_finish (client, result, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 1);
  return g_object_ref (g_ptr_array_index (page, 0));
}

static MdJwtSigner *
create_signer (MdClient *client)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(MdSigningKey) key = NULL;
  g_autofree char *private_key = NULL;
  MdJwtSigner *signer;

  result = CALL (md_client_create_signing_key_async (client, NULL, md_test_call_done, call));
  key = md_client_create_signing_key_finish (client, result, &private_key, &error);
  g_assert_no_error (error);
  signer = md_jwt_signer_new (md_signing_key_get_id (key), private_key, &error);
  g_assert_no_error (error);
  return signer;
}

/* GET @url outside the client, as the player would. */
static guint
fetch (const char  *url,
       char       **out_content_type,
       GBytes     **out_body)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read (session, msg, NULL, &error);

  g_assert_no_error (error);
  if (out_content_type != NULL)
    *out_content_type = g_strdup (soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL));
  if (out_body != NULL)
    *out_body = g_steal_pointer (&body);
  return soup_message_get_status (msg);
}

static void
test_asset_calls (void)
{
  g_autoptr(MdClient) client = md_test_client_new (sandbox);
  g_autoptr(MdAsset) asset = first_asset (client);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) r1 = NULL, r2 = NULL, r3 = NULL, r4 = NULL, r5 = NULL, r6 = NULL, r7 = NULL;
  g_autoptr(MdAsset) fetched = NULL;
  g_autoptr(MdAsset) updated = NULL;
  g_autoptr(MdAsset) again = NULL;
  g_autoptr(MdPlaybackId) signed_pid = NULL;
  g_autoptr(JsonNode) input_info = NULL;
  g_autofree char *id = g_strdup (md_asset_get_id (asset));
  guint title_notified = 0;

  g_assert_cmpint (md_asset_get_status (asset), ==, MD_ASSET_STATUS_READY);
  g_assert_cmpuint (g_list_model_get_n_items (md_asset_get_playback_ids (asset)), >=, 1);

  r1 = CALL (md_client_get_asset_async (client, id, NULL, md_test_call_done, call));
  fetched = md_client_get_asset_finish (client, r1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (md_asset_get_id (fetched), ==, id);
  g_assert_cmpfloat (md_asset_get_duration (fetched), >, 0);
  g_assert_cmpint (md_asset_get_created_at (fetched), >, 0);

  r2 = CALL (md_client_update_asset_async (client, id, "Renamed in a test", NULL, "ext-1", "pass-1",
                                           NULL, md_test_call_done, call));
  updated = md_client_update_asset_finish (client, r2, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (md_asset_get_title (updated), ==, "Renamed in a test");
  g_assert_cmpstr (md_asset_get_external_id (updated), ==, "ext-1");
  g_assert_cmpstr (md_asset_get_passthrough (updated), ==, "pass-1");

  /* Applying the answer to a listed object updates it in place. */
  g_signal_connect_swapped (asset, "notify::title", G_CALLBACK (g_atomic_int_inc), &title_notified);
  md_asset_update_from (asset, updated);
  g_assert_cmpstr (md_asset_get_title (asset), ==, "Renamed in a test");
  g_assert_cmpuint (title_notified, ==, 1);

  r3 = CALL (md_client_add_playback_id_async (client, id, MD_PLAYBACK_POLICY_SIGNED,
                                              NULL, md_test_call_done, call));
  signed_pid = md_client_add_playback_id_finish (client, r3, &error);
  g_assert_no_error (error);
  g_assert_cmpint (md_playback_id_get_policy (signed_pid), ==, MD_PLAYBACK_POLICY_SIGNED);

  r4 = CALL (md_client_get_asset_async (client, id, NULL, md_test_call_done, call));
  again = md_client_get_asset_finish (client, r4, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (md_playback_id_get_id (md_asset_find_playback_id (again, MD_PLAYBACK_POLICY_SIGNED)),
                   ==, md_playback_id_get_id (signed_pid));

  r5 = CALL (md_client_delete_playback_id_async (client, id, md_playback_id_get_id (signed_pid),
                                                 NULL, md_test_call_done, call));
  g_assert_true (md_client_delete_playback_id_finish (client, r5, &error));
  g_assert_no_error (error);

  r6 = CALL (md_client_get_input_info_async (client, id, NULL, md_test_call_done, call));
  input_info = md_client_get_input_info_finish (client, r6, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (input_info));

  r7 = CALL (md_client_delete_playback_id_async (client, id, "no-such-playback-id",
                                                 NULL, md_test_call_done, call));
  g_assert_false (md_client_delete_playback_id_finish (client, r7, &error));
  g_assert_error (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_NOT_FOUND);
}

static void
test_asset_errors (void)
{
  g_autoptr(MdClient) client = md_test_client_new (sandbox);
  g_autoptr(MdAsset) asset = first_asset (client);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) r1 = NULL, r2 = NULL, r3 = NULL;
  g_autoptr(MdAsset) missing = NULL;
  g_autoptr(MdAsset) refused = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autofree char *long_title = g_strnfill (600, 'x');

  /* 404 with Mux's message */
  r1 = CALL (md_client_get_asset_async (client, "no-such-asset", NULL, md_test_call_done, call));
  missing = md_client_get_asset_finish (client, r1, &error);
  g_assert_null (missing);
  g_assert_error (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "Asset not found (HTTP 404)");
  g_clear_error (&error);

  /* 400 with the reason */
  r2 = CALL (md_client_update_asset_async (client, md_asset_get_id (asset), long_title, NULL, NULL, NULL,
                                           NULL, md_test_call_done, call));
  refused = md_client_update_asset_finish (client, r2, &error);
  g_assert_null (refused);
  g_assert_error (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_INVALID_PARAMETERS);
  g_assert_nonnull (strstr (error->message, "meta.title"));
  g_clear_error (&error);

  r3 = CALL (md_client_list_assets_async (client, "not-a-cursor!", 100, NULL, md_test_call_done, call));
  page = md_client_list_assets_finish (client, r3, NULL, &error);
  g_assert_null (page);
  g_assert_error (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_INVALID_PARAMETERS);
  g_assert_nonnull (strstr (error->message, "cursor is not valid"));
}

static void
test_delete_asset (void)
{
  g_autoptr(MdClient) client = md_test_client_new (sandbox);
  g_autoptr(MdAsset) asset = first_asset (client);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) r1 = NULL, r2 = NULL, r3 = NULL;
  g_autoptr(MdAsset) gone = NULL;

  r1 = CALL (md_client_delete_asset_async (client, md_asset_get_id (asset), NULL, md_test_call_done, call));
  g_assert_true (md_client_delete_asset_finish (client, r1, &error));
  g_assert_no_error (error);

  r2 = CALL (md_client_get_asset_async (client, md_asset_get_id (asset), NULL, md_test_call_done, call));
  gone = md_client_get_asset_finish (client, r2, &error);
  g_assert_null (gone);
  g_assert_error (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A first DELETE meeting 404 is an error (only a repeat may find it gone). */
  r3 = CALL (md_client_delete_asset_async (client, md_asset_get_id (asset), NULL, md_test_call_done, call));
  g_assert_false (md_client_delete_asset_finish (client, r3, &error));
  g_assert_error (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_NOT_FOUND);
}

static void
test_uploads (void)
{
  g_autoptr(MdClient) client = md_test_client_new (sandbox);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) r1 = NULL, r2 = NULL, r3 = NULL, r4 = NULL;
  g_autoptr(MdUpload) upload = NULL;
  g_autoptr(MdUpload) fetched = NULL;
  g_autoptr(MdUpload) cancelled = NULL;
  g_autoptr(MdUpload) refused = NULL;

  r1 = CALL (md_client_create_upload_async (client, MD_PLAYBACK_POLICY_PUBLIC, MD_VIDEO_QUALITY_BASIC,
                                            "From a test", 600, NULL, md_test_call_done, call));
  upload = md_client_create_upload_finish (client, r1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (md_upload_get_status (upload), ==, MD_UPLOAD_STATUS_WAITING);
  g_assert_true (g_str_has_prefix (md_upload_get_url (upload), "http://127.0.0.1:"));
  g_assert_cmpint (md_upload_get_timeout (upload), ==, 600);

  r2 = CALL (md_client_get_upload_async (client, md_upload_get_id (upload), NULL, md_test_call_done, call));
  fetched = md_client_get_upload_finish (client, r2, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (md_upload_get_id (fetched), ==, md_upload_get_id (upload));
  g_assert_cmpint (md_upload_get_status (fetched), ==, MD_UPLOAD_STATUS_WAITING);

  r3 = CALL (md_client_cancel_upload_async (client, md_upload_get_id (upload), NULL, md_test_call_done, call));
  cancelled = md_client_cancel_upload_finish (client, r3, &error);
  g_assert_no_error (error);
  g_assert_cmpint (md_upload_get_status (cancelled), ==, MD_UPLOAD_STATUS_CANCELLED);

  /* Updating in place follows the status. */
  md_upload_update_from (upload, cancelled);
  g_assert_cmpint (md_upload_get_status (upload), ==, MD_UPLOAD_STATUS_CANCELLED);

  /* Once it left "waiting", cancelling is refused (403). */
  r4 = CALL (md_client_cancel_upload_async (client, md_upload_get_id (upload), NULL, md_test_call_done, call));
  refused = md_client_cancel_upload_finish (client, r4, &error);
  g_assert_null (refused);
  g_assert_error (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_FORBIDDEN);
}

static void
test_urls (void)
{
  g_autoptr(MdClient) client = md_test_client_new (sandbox);
  g_autoptr(MdAsset) asset = first_asset (client);
  g_autoptr(MdJwtSigner) signer = create_signer (client);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) r1 = NULL;
  g_autoptr(MdPlaybackId) signed_pid = NULL;
  MdPlaybackId *public_pid = md_asset_find_playback_id (asset, MD_PLAYBACK_POLICY_PUBLIC);
  g_autofree char *stream = NULL;
  g_autofree char *thumbnail = NULL;
  g_autofree char *storyboard = NULL;
  g_autofree char *signed_stream = NULL;
  g_autofree char *signed_thumbnail = NULL;
  g_autofree char *signed_storyboard = NULL;
  g_autofree char *unsigned_stream = NULL;
  g_autofree char *bare = NULL;
  g_autofree char *content_type = NULL;
  g_autoptr(GBytes) body = NULL;

  g_assert_nonnull (public_pid);
  stream = md_client_build_stream_url (client, public_pid, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (stream, "token="));
  g_assert_cmpuint (fetch (stream, NULL, &body), ==, 200);
  g_assert_true (g_str_has_prefix (g_bytes_get_data (body, NULL), "#EXTM3U"));

  thumbnail = md_client_build_thumbnail_url (client, public_pid, NULL, 0, 1.0, 320, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fetch (thumbnail, &content_type, NULL), ==, 200);
  g_assert_cmpstr (content_type, ==, "image/jpeg");

  storyboard = md_client_build_storyboard_url (client, public_pid, NULL, 0, "vtt", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fetch (storyboard, NULL, NULL), ==, 200);

  r1 = CALL (md_client_add_playback_id_async (client, md_asset_get_id (asset), MD_PLAYBACK_POLICY_SIGNED,
                                              NULL, md_test_call_done, call));
  signed_pid = md_client_add_playback_id_finish (client, r1, &error);
  g_assert_no_error (error);

  /* A signed ID without a signing key: a clear error, no URL. */
  unsigned_stream = md_client_build_stream_url (client, signed_pid, NULL, 0, &error);
  g_assert_null (unsigned_stream);
  g_assert_error (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_FORBIDDEN);
  g_clear_error (&error);

  /* With one, each host accepts its token (verified on the public key). */
  signed_stream = md_client_build_stream_url (client, signed_pid, signer, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (signed_stream, "?token="));
  g_assert_cmpuint (fetch (signed_stream, NULL, NULL), ==, 200);
  signed_thumbnail = md_client_build_thumbnail_url (client, signed_pid, signer, 0, 2.0, 160, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (signed_thumbnail, "width="));
  g_assert_cmpuint (fetch (signed_thumbnail, NULL, NULL), ==, 200);
  signed_storyboard = md_client_build_storyboard_url (client, signed_pid, signer, 0, "json", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fetch (signed_storyboard, NULL, NULL), ==, 200);

  /* The verifier can refuse: the same URL without its token is 403. */
  bare = g_strndup (signed_stream, strstr (signed_stream, "?token=") - signed_stream);
  g_assert_cmpuint (fetch (bare, NULL, NULL), ==, 403);
}

static void
test_engagement (void)
{
  g_autoptr(MdClient) client = md_test_client_new (sandbox);
  g_autoptr(MdAsset) asset = first_asset (client);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) r1 = NULL, r2 = NULL;
  g_autoptr(MdHeatmap) heatmap = NULL;
  g_autoptr(GListModel) hotspots = NULL;
  const char *timeframe[] = { "7:days", NULL };
  gint64 total_views = -1;

  r1 = CALL (md_client_get_heatmap_async (client, MD_ENGAGEMENT_KIND_ASSET, md_asset_get_id (asset),
                                          timeframe, NULL, md_test_call_done, call));
  heatmap = md_client_get_heatmap_finish (client, r1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (md_heatmap_get_n_buckets (heatmap), >=, 10);
  g_assert_cmpuint (md_heatmap_get_n_buckets (heatmap), <=, 1000);
  g_assert_cmpint (md_heatmap_get_timeframe_end (heatmap), >, md_heatmap_get_timeframe_start (heatmap));

  r2 = CALL (md_client_get_hotspots_async (client, MD_ENGAGEMENT_KIND_ASSET, md_asset_get_id (asset),
                                           timeframe, MD_HOTSPOT_ORDER_ASC, 3, NULL, md_test_call_done, call));
  hotspots = md_client_get_hotspots_finish (client, r2, &total_views, &error);
  g_assert_no_error (error);
  g_assert_cmpint (total_views, >=, 0);
  g_assert_cmpuint (g_list_model_get_n_items (hotspots), <=, 3);
}

typedef struct
{
  guint signals;
  guint removed;
  guint added;
} Changes;

static void
on_items_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     gpointer    user_data)
{
  Changes *changes = user_data;

  changes->signals++;
  changes->removed += removed;
  changes->added += added;
}

static gboolean
pager_settled (gpointer user_data)
{
  MdPager *pager = user_data;

  return !md_pager_get_loading (pager) &&
         (md_pager_get_complete (pager) || md_pager_get_error (pager) != NULL);
}

static void
on_refreshed_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  gboolean *done = user_data;

  g_assert_true (md_pager_refresh_finish (MD_PAGER (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static gboolean
is_true (gpointer user_data)
{
  return *(gboolean *) user_data;
}

static void
test_pager_1000 (void)
{
  g_autoptr(MdClient) client = md_test_client_new (sandbox);
  g_autoptr(MdAssetPager) pager = md_asset_pager_new (client);
  GListModel *model = G_LIST_MODEL (pager);
  g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) r1 = NULL, r2 = NULL;
  g_autoptr(MdAsset) renamed = NULL;
  g_autofree char *renamed_id = NULL;
  Changes changes = { 0 };
  guint title_notified = 0;
  guint n_before;
  gboolean refreshed = FALSE;
  gint64 last_created = G_MAXINT64;
  MdAsset *edited;

  add_records (1000);
  md_test_sandbox_clear_request_log (sandbox);

  /* Load all in the background; the client's pacing keeps every page under
   * the sandbox's limits: not one 429. */
  md_pager_set_autoload (MD_PAGER (pager), TRUE);
  g_assert_true (md_test_wait_until (pager_settled, pager, 120000));
  g_assert_null (md_pager_get_error (MD_PAGER (pager)));
  n_before = g_list_model_get_n_items (model);
  g_assert_cmpuint (n_before, >=, 1000);
  g_assert_cmpuint (logged ("/video/v1/assets", 429), ==, 0);
  g_assert_cmpuint (logged ("/video/v1/assets", 200), <=, n_before / 100 + 2);

  for (guint i = 0; i < n_before; i++)
    {
      MdAsset *asset = g_list_model_get_item (model, i);

      /* newest first, each once */
      g_assert_cmpint (md_asset_get_created_at (asset), <=, last_created);
      last_created = md_asset_get_created_at (asset);
      g_assert_true (g_hash_table_add (ids, (gpointer) md_asset_get_id (asset)));
      g_ptr_array_add (before, asset);
    }
  md_pager_set_autoload (MD_PAGER (pager), FALSE);

  /* Edit one, delete three (two neighbours and one far away) behind the pager's back. */
  edited = g_ptr_array_index (before, 5);
  renamed_id = g_strdup (md_asset_get_id (edited));
  g_signal_connect_swapped (edited, "notify::title", G_CALLBACK (g_atomic_int_inc), &title_notified);
  r1 = CALL (md_client_update_asset_async (client, renamed_id, "Edited elsewhere", NULL, NULL, NULL,
                                           NULL, md_test_call_done, call));
  renamed = md_client_update_asset_finish (client, r1, &error);
  g_assert_no_error (error);
  for (guint k = 0; k < 3; k++)
    {
      static const guint victims[] = { 10, 11, 700 };
      MdAsset *victim = g_ptr_array_index (before, victims[k]);

      g_clear_object (&r2);
      r2 = CALL (md_client_delete_asset_async (client, md_asset_get_id (victim), NULL, md_test_call_done, call));
      g_assert_true (md_client_delete_asset_finish (client, r2, &error));
      g_assert_no_error (error);
    }
  g_assert_cmpuint (title_notified, ==, 0);

  g_signal_connect (pager, "items-changed", G_CALLBACK (on_items_changed_cb), &changes);
  md_pager_refresh_async (MD_PAGER (pager), NULL, on_refreshed_cb, &refreshed);
  g_assert_true (md_test_wait_until (is_true, &refreshed, 120000));

  /* The same objects, edited in place; the deleted ones gone in two runs. */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n_before - 3);
  g_assert_cmpuint (changes.removed, ==, 3);
  g_assert_cmpuint (changes.added, ==, 0);
  g_assert_cmpuint (changes.signals, ==, 2);
  g_assert_cmpuint (title_notified, ==, 1);
  g_assert_cmpstr (md_asset_get_title (edited), ==, "Edited elsewhere");
  for (guint i = 0, j = 0; i < n_before; i++)
    {
      g_autoptr(MdAsset) listed = NULL;

      if (i == 10 || i == 11 || i == 700)
        continue;
      listed = g_list_model_get_item (model, j++);
      g_assert_true (listed == g_ptr_array_index (before, i));
    }
  g_assert_null (md_pager_find (MD_PAGER (pager), md_asset_get_id (g_ptr_array_index (before, 700)), NULL));

  /* New assets arrive at the top in one insertion. */
  add_records (2);
  memset (&changes, 0, sizeof changes);
  refreshed = FALSE;
  md_pager_refresh_async (MD_PAGER (pager), NULL, on_refreshed_cb, &refreshed);
  g_assert_true (md_test_wait_until (is_true, &refreshed, 120000));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n_before - 1);
  g_assert_cmpuint (changes.signals, ==, 1);
  g_assert_cmpuint (changes.added, ==, 2);
  g_assert_cmpuint (changes.removed, ==, 0);
  {
    g_autoptr(MdAsset) third = g_list_model_get_item (model, 2);

    g_assert_true (third == g_ptr_array_index (before, 0));
  }
  g_assert_cmpuint (logged ("/video/v1/assets", 429), ==, 0);
}

static gboolean
not_loading (gpointer user_data)
{
  return !md_pager_get_loading (user_data);
}

static void
test_pager_on_demand (void)
{
  g_autoptr(MdClient) client = md_test_client_new (sandbox);
  g_autoptr(MdAssetPager) pager = md_asset_pager_new (client);
  GListModel *model = G_LIST_MODEL (pager);
  g_autoptr(MdAsset) near_end = NULL;

  md_pager_set_page_size (MD_PAGER (pager), 50);
  md_pager_load_more (MD_PAGER (pager));
  g_assert_true (md_pager_get_loading (MD_PAGER (pager)));
  g_assert_true (md_test_wait_until (not_loading, pager, 60000));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 50);
  g_assert_false (md_pager_get_complete (MD_PAGER (pager)));

  /* A list view asking for an item in the last half page loads the next. */
  near_end = g_list_model_get_item (model, 40);
  g_assert_true (md_pager_get_loading (MD_PAGER (pager)));
  g_assert_true (md_test_wait_until (not_loading, pager, 60000));
  g_assert_null (md_pager_get_error (MD_PAGER (pager)));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 100);
}

/* What a GtkListView does: realize the rows that just arrived. */
static void
on_rows_added_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  for (guint i = position; i < position + added; i++)
    g_object_unref (g_list_model_get_item (model, i));
}

static void
test_pager_like_a_list_view (void)
{
  g_autoptr(MdClient) client = md_test_client_new (sandbox);
  g_autoptr(MdAssetPager) pager = md_asset_pager_new (client);
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GListModel *model = G_LIST_MODEL (pager);
  guint n;

  /* Rows realized while a page's items-changed is emitted ask for the next
   * page: each page is fetched once, from the right cursor, to the end. */
  md_test_sandbox_clear_request_log (sandbox);
  md_pager_set_page_size (MD_PAGER (pager), 100);
  g_signal_connect (pager, "items-changed", G_CALLBACK (on_rows_added_cb), NULL);
  md_pager_load_more (MD_PAGER (pager));
  g_assert_true (md_test_wait_until (pager_settled, pager, 120000));
  g_assert_null (md_pager_get_error (MD_PAGER (pager)));
  g_assert_true (md_pager_get_complete (MD_PAGER (pager)));

  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MdAsset) asset = g_list_model_get_item (model, i);

      g_assert_true (g_hash_table_add (ids, g_strdup (md_asset_get_id (asset))));
    }
  /* One request per page, plus at most the empty last one. */
  g_assert_cmpuint (logged ("/video/v1/assets", 0), <=, (n + 99) / 100 + 1);
  g_assert_cmpuint (logged ("/video/v1/assets", 0), >=, (n + 99) / 100);
}

static void
add_fault (const char *json)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (md_test_sandbox_admin (sandbox, "POST", "/_sandbox/faults", json, NULL, &error));
  g_assert_no_error (error);
}

static guint
load_all (MdClient *client)
{
  g_autoptr(MdAssetPager) pager = md_asset_pager_new (client);

  md_pager_set_autoload (MD_PAGER (pager), TRUE);
  g_assert_true (md_test_wait_until (pager_settled, pager, 120000));
  g_assert_null (md_pager_get_error (MD_PAGER (pager)));
  return g_list_model_get_n_items (G_LIST_MODEL (pager));
}

static void
test_pager_survives_faults (void)
{
  g_autoptr(MdClient) client = md_test_client_new (sandbox);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) rules = NULL;
  guint expected = load_all (client);

  /* Mid-way through the pages: a 503, a 429 with Retry-After, a dropped
   * connection. The client's retries carry the listing through. */
  g_object_set (client, "retry-max-delay", 2000, NULL);
  add_fault ("{\"match\":\"path\",\"path\":\"/video/v1/assets\",\"method\":\"GET\","
             "\"action\":\"status\",\"status\":503,\"skip\":1,\"count\":1}");
  add_fault ("{\"match\":\"path\",\"path\":\"/video/v1/assets\",\"method\":\"GET\","
             "\"action\":\"status\",\"status\":429,\"retry_after\":1,\"skip\":3,\"count\":1}");
  add_fault ("{\"match\":\"path\",\"path\":\"/video/v1/assets\",\"method\":\"GET\","
             "\"action\":\"reset\",\"skip\":5,\"count\":1}");
  g_assert_cmpuint (load_all (client), ==, expected);

  /* Every fault did hit: its rule is used up. */
  g_assert_true (md_test_sandbox_admin (sandbox, "GET", "/_sandbox/faults", NULL, &rules, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (rules), "data")), ==, 0);

  g_assert_true (md_test_sandbox_admin (sandbox, "DELETE", "/_sandbox/faults", NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
test_live_streams (void)
{
  const char *args[] = { "--seed", NULL };
  g_autoptr(MdTestSandbox) seeded = NULL;
  g_autoptr(MdClient) client = NULL;
  g_autoptr(MdLiveStreamPager) pager = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) r1 = NULL, r2 = NULL;
  g_autoptr(MdLiveStream) first = NULL;
  g_autoptr(MdLiveStream) fetched = NULL;
  g_autoptr(MdLiveStream) missing = NULL;

  seeded = md_test_sandbox_start (args, &error);
  g_assert_no_error (error);
  client = md_test_client_new (seeded);

  pager = md_live_stream_pager_new (client);
  md_pager_set_autoload (MD_PAGER (pager), TRUE);
  g_assert_true (md_test_wait_until (pager_settled, pager, 60000));
  g_assert_null (md_pager_get_error (MD_PAGER (pager)));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (pager)), >=, 1);
  first = g_list_model_get_item (G_LIST_MODEL (pager), 0);
  g_assert_nonnull (md_live_stream_get_stream_key (first));
  g_assert_cmpint (md_live_stream_get_status (first), !=, MD_LIVE_STREAM_STATUS_UNKNOWN);

  r1 = CALL (md_client_get_live_stream_async (client, md_live_stream_get_id (first), NULL, md_test_call_done, call));
  fetched = md_client_get_live_stream_finish (client, r1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (md_live_stream_get_id (fetched), ==, md_live_stream_get_id (first));

  r2 = CALL (md_client_get_live_stream_async (client, "no-such-stream", NULL, md_test_call_done, call));
  missing = md_client_get_live_stream_finish (client, r2, &error);
  g_assert_null (missing);
  g_assert_error (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  sandbox = md_test_sandbox_start (NULL, &error);
  g_assert_no_error (error);
  add_records (20);

  g_test_add_func ("/client-assets/calls", test_asset_calls);
  g_test_add_func ("/client-assets/errors", test_asset_errors);
  g_test_add_func ("/client-assets/delete", test_delete_asset);
  g_test_add_func ("/client-assets/uploads", test_uploads);
  g_test_add_func ("/client-assets/urls", test_urls);
  g_test_add_func ("/client-assets/engagement", test_engagement);
  g_test_add_func ("/client-assets/pager/1000", test_pager_1000);
  g_test_add_func ("/client-assets/pager/on-demand", test_pager_on_demand);
  g_test_add_func ("/client-assets/pager/survives-faults", test_pager_survives_faults);
  g_test_add_func ("/client-assets/pager/like-a-list-view", test_pager_like_a_list_view);
  g_test_add_func ("/client-assets/live-streams", test_live_streams);

  ret = g_test_run ();
  md_test_sandbox_stop (sandbox);
  return ret;
}
