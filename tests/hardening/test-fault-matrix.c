/* test-fault-matrix.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every API call of MdClient (whoami; signing keys: list, create, get,
 * delete; live counts; assets: list, get, update, delete, add and delete a
 * playback ID, input info; uploads: create, get, cancel; live streams: list,
 * get; engagement: heatmap, hotspots), each under every fault the sandbox
 * can inject (POST {admin}/_sandbox/faults): 401, 403, 404, 429, 500, 503
 * (once and for good), a connection reset, malformed JSON and a slow link.
 * For each pair the user-visible outcome is asserted: success or the GError
 * code, a message that says what happened (the server's own words and the
 * HTTP status, or the connection, or the unreadable answer) and never holds
 * the token secret, and how many times the request reached the server
 * (retried or not). A call that changes something is checked against the
 * sandbox afterwards: done when it succeeded, not done (nothing half-done,
 * no second copy from a repeated POST) when it failed. The upload URL's
 * chunk PUTs under faults are test-fault-journal's. Two more
 * faults send an answer too large to read: one announced by its
 * Content-Length (and never sent, so only a client that believes the header
 * finishes), one without a length that never ends (so only a client that
 * stops reading at its limit finishes).
 *
 * The client's documented policy: a 429 is always retried (nothing was done);
 * 408/502/503/504 and dropped connections only for idempotent methods (GET,
 * PUT, DELETE), never for a POST; other statuses are final.
 */

#include "config.h"

#include <string.h>

#include "md-client.h"
#include "md-client-error.h"
#include "md-jwt.h"
#include "md-test-sandbox.h"
#include "md-test-utils.h"

#define MAX_ATTEMPTS 3

typedef struct
{
  MdTestSandbox *sandbox;
  MdClient      *client;
  MdJwtSigner   *signer;
  char          *key_id;          /* a signing key that exists */
  char          *asset_id;        /* an asset that exists */
  char          *live_stream_id;  /* a live stream that exists */
  char          *upload_id;       /* an upload that exists */
  GPtrArray     *spare_assets;    /* ids of assets for the deletions */
  char          *target;          /* the case's own object, from prepare */
  guint          n_before;        /* what prepare counted */
  guint          serial;
  GAsyncResult  *result;
} Fixture;

typedef struct
{
  const char *name;
  const char *method;
  const char *path;          /* "%k" the key id, "%a" the asset id, "%l" the
                              * live stream id, "%u" the upload id, "%t"
                              * the case's own object */
  gboolean  (*run) (Fixture *fixture, GError **error);
  /* Before the fault: makes the case's own object (a call that deletes
   * needs a new one each time) or counts what the call may add. */
  void      (*prepare) (Fixture *fixture);
  /* After it: the sandbox's state agrees with what the call said. */
  void      (*verify) (Fixture *fixture, gboolean ok);
} Call;

typedef enum
{
  EXPECT_SUCCESS,
  EXPECT_ERROR,
  EXPECT_SUCCESS_IF_IDEMPOTENT,   /* else MdClientError @code */
} Outcome;

typedef struct
{
  const char   *name;
  const char   *rule;            /* JSON members after match/path/method */
  Outcome       outcome;
  MdClientError code;
  guint         attempts;        /* for a final outcome */
  guint         idempotent_attempts;
  guint         idempotent_attempts_max;  /* 0: exactly idempotent_attempts */
  const char   *message_part;   /* the error message has it */
} Fault;

static void
on_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fixture *fixture = user_data;

  g_assert_null (fixture->result);
  fixture->result = g_object_ref (result);
}

static gboolean
has_result (gpointer user_data)
{
  return ((Fixture *) user_data)->result != NULL;
}

static GAsyncResult *
wait_result (Fixture *fixture)
{
  g_assert_true (md_test_wait_until (has_result, fixture, 60000));
  return fixture->result;
}

static gboolean
run_whoami (Fixture  *fixture,
            GError  **error)
{
  g_autoptr(MdWhoami) whoami = NULL;

  md_client_whoami_async (fixture->client, NULL, on_done_cb, fixture);
  whoami = md_client_whoami_finish (fixture->client, wait_result (fixture), error);
  if (whoami != NULL)
    g_assert_nonnull (md_whoami_get_environment_id (whoami));
  return whoami != NULL;
}

static gboolean
run_list_keys (Fixture  *fixture,
               GError  **error)
{
  g_autoptr(GPtrArray) keys = NULL;

  md_client_list_signing_keys_async (fixture->client, 1, 100, NULL, on_done_cb, fixture);
  keys = md_client_list_signing_keys_finish (fixture->client, wait_result (fixture), error);
  if (keys != NULL)
    g_assert_cmpuint (keys->len, >=, 1);
  return keys != NULL;
}

static gboolean
run_create_key (Fixture  *fixture,
                GError  **error)
{
  g_autoptr(MdSigningKey) key = NULL;
  g_autofree char *private_key = NULL;

  md_client_create_signing_key_async (fixture->client, NULL, on_done_cb, fixture);
  key = md_client_create_signing_key_finish (fixture->client, wait_result (fixture), &private_key, error);
  if (key == NULL)
    {
      /* A failed creation hands out no half key. */
      g_assert_null (private_key);
      return FALSE;
    }
  g_assert_nonnull (private_key);
  explicit_bzero (private_key, strlen (private_key));
  return TRUE;
}

static gboolean
run_get_key (Fixture  *fixture,
             GError  **error)
{
  g_autoptr(MdSigningKey) key = NULL;

  md_client_get_signing_key_async (fixture->client, fixture->key_id, NULL, on_done_cb, fixture);
  key = md_client_get_signing_key_finish (fixture->client, wait_result (fixture), error);
  if (key != NULL)
    g_assert_cmpstr (md_signing_key_get_id (key), ==, fixture->key_id);
  return key != NULL;
}

static gboolean
run_counts (Fixture  *fixture,
            GError  **error)
{
  g_autoptr(MdViewerCount) count = NULL;

  md_client_get_viewer_count_async (fixture->client, fixture->signer, MD_COUNTS_KIND_ASSET, "fault-asset",
                                    NULL, on_done_cb, fixture);
  count = md_client_get_viewer_count_finish (fixture->client, wait_result (fixture), error);
  if (count != NULL)
    g_assert_cmpint (md_viewer_count_get_views (count), >=, 0);
  return count != NULL;
}

static gboolean
run_list_assets (Fixture  *fixture,
                 GError  **error)
{
  g_autoptr(GPtrArray) assets = NULL;
  g_autofree char *next_cursor = NULL;

  /* A page of two: the slow link's answer stays short. */
  md_client_list_assets_async (fixture->client, NULL, 2, NULL, on_done_cb, fixture);
  assets = md_client_list_assets_finish (fixture->client, wait_result (fixture), &next_cursor, error);
  if (assets != NULL)
    {
      g_assert_cmpuint (assets->len, ==, 2);
      g_assert_nonnull (next_cursor);
    }
  return assets != NULL;
}

static gboolean
run_get_asset (Fixture  *fixture,
               GError  **error)
{
  g_autoptr(MdAsset) asset = NULL;

  md_client_get_asset_async (fixture->client, fixture->asset_id, NULL, on_done_cb, fixture);
  asset = md_client_get_asset_finish (fixture->client, wait_result (fixture), error);
  if (asset != NULL)
    g_assert_cmpstr (md_asset_get_id (asset), ==, fixture->asset_id);
  return asset != NULL;
}

static gboolean
run_create_upload (Fixture  *fixture,
                   GError  **error)
{
  g_autoptr(MdUpload) upload = NULL;

  md_client_create_upload_async (fixture->client, MD_PLAYBACK_POLICY_PUBLIC, MD_VIDEO_QUALITY_BASIC,
                                 "fault", 3600, NULL, on_done_cb, fixture);
  upload = md_client_create_upload_finish (fixture->client, wait_result (fixture), error);
  if (upload != NULL)
    g_assert_nonnull (md_upload_get_url (upload));
  return upload != NULL;
}

static gboolean
run_heatmap (Fixture  *fixture,
             GError  **error)
{
  g_autoptr(MdHeatmap) heatmap = NULL;

  md_client_get_heatmap_async (fixture->client, MD_ENGAGEMENT_KIND_ASSET, fixture->asset_id, NULL,
                               NULL, on_done_cb, fixture);
  heatmap = md_client_get_heatmap_finish (fixture->client, wait_result (fixture), error);
  return heatmap != NULL;
}

/* The sandbox's own view, asked past the client while no fault rule is
 * installed (run_case() clears it before verify, prepare runs before it). */
static JsonObject *
api_get_data (Fixture    *fixture,
              const char *path,
              guint      *out_status)
{
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GError) error = NULL;
  guint status;

  status = md_test_sandbox_api (fixture->sandbox, "GET", path, NULL, &reply, &error);
  g_assert_no_error (error);
  if (out_status != NULL)
    *out_status = status;
  if (status != 200)
    return NULL;
  g_assert_nonnull (reply);
  return json_object_ref (json_object_get_object_member (json_node_get_object (reply), "data"));
}

static guint
api_get_status (Fixture    *fixture,
                const char *path)
{
  g_autoptr(JsonObject) data = NULL;
  guint status;

  data = api_get_data (fixture, path, &status);
  return status;
}

static guint
api_count (Fixture    *fixture,
           const char *path)
{
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (md_test_sandbox_api (fixture->sandbox, "GET", path, NULL, &reply, &error), ==, 200);
  g_assert_no_error (error);
  return json_array_get_length (json_object_get_array_member (json_node_get_object (reply), "data"));
}

/* POSTs @body to the API and returns the new object's id. */
static char *
api_create (Fixture    *fixture,
            const char *path,
            const char *body)
{
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *data;

  g_assert_cmpuint (md_test_sandbox_api (fixture->sandbox, "POST", path, body, &reply, &error), ==, 201);
  g_assert_no_error (error);
  data = json_object_get_object_member (json_node_get_object (reply), "data");
  return g_strdup (json_object_get_string_member (data, "id"));
}

static guint
count_playback_ids (Fixture *fixture)
{
  g_autofree char *path = g_strconcat ("/video/v1/assets/", fixture->asset_id, NULL);
  g_autoptr(JsonObject) asset = api_get_data (fixture, path, NULL);

  g_assert_nonnull (asset);
  return json_array_get_length (json_object_get_array_member (asset, "playback_ids"));
}

static void
prepare_count_keys (Fixture *fixture)
{
  fixture->n_before = api_count (fixture, "/system/v1/signing-keys?limit=100");
}

static void
verify_key_created (Fixture  *fixture,
                    gboolean  ok)
{
  g_assert_cmpuint (api_count (fixture, "/system/v1/signing-keys?limit=100"), ==, fixture->n_before + (ok ? 1 : 0));
}

static void
prepare_count_uploads (Fixture *fixture)
{
  fixture->n_before = api_count (fixture, "/video/v1/uploads?limit=100");
}

static void
verify_upload_created (Fixture  *fixture,
                       gboolean  ok)
{
  g_assert_cmpuint (api_count (fixture, "/video/v1/uploads?limit=100"), ==, fixture->n_before + (ok ? 1 : 0));
}

static void
prepare_count_playback_ids (Fixture *fixture)
{
  fixture->n_before = count_playback_ids (fixture);
}

static void
verify_playback_id_added (Fixture  *fixture,
                          gboolean  ok)
{
  g_assert_cmpuint (count_playback_ids (fixture), ==, fixture->n_before + (ok ? 1 : 0));
}

static void
prepare_title (Fixture *fixture)
{
  fixture->target = g_strdup_printf ("Fault title %u", ++fixture->serial);
}

static void
verify_title (Fixture  *fixture,
              gboolean  ok)
{
  g_autofree char *path = g_strconcat ("/video/v1/assets/", fixture->asset_id, NULL);
  g_autoptr(JsonObject) asset = api_get_data (fixture, path, NULL);
  JsonObject *meta;

  g_assert_nonnull (asset);
  meta = json_object_get_object_member (asset, "meta");
  g_assert_cmpint (g_strcmp0 (meta != NULL ? json_object_get_string_member_with_default (meta, "title", NULL) : NULL,
                              fixture->target) == 0, ==, ok);
}

static void
prepare_spare_asset (Fixture *fixture)
{
  g_assert_cmpuint (fixture->spare_assets->len, >, 0);
  fixture->target = g_ptr_array_steal_index (fixture->spare_assets, fixture->spare_assets->len - 1);
}

static void
verify_asset_deleted (Fixture  *fixture,
                      gboolean  ok)
{
  g_autofree char *path = g_strconcat ("/video/v1/assets/", fixture->target, NULL);

  g_assert_cmpuint (api_get_status (fixture, path), ==, ok ? 404 : 200);
}

static void
prepare_playback_id (Fixture *fixture)
{
  g_autofree char *path = g_strdup_printf ("/video/v1/assets/%s/playback-ids", fixture->asset_id);

  fixture->target = api_create (fixture, path, "{\"policy\":\"public\"}");
}

static void
verify_playback_id_deleted (Fixture  *fixture,
                            gboolean  ok)
{
  g_autofree char *path = g_strdup_printf ("/video/v1/assets/%s/playback-ids/%s", fixture->asset_id, fixture->target);

  g_assert_cmpuint (api_get_status (fixture, path), ==, ok ? 404 : 200);
}

static void
prepare_signing_key (Fixture *fixture)
{
  fixture->target = api_create (fixture, "/system/v1/signing-keys", NULL);
}

static void
verify_key_deleted (Fixture  *fixture,
                    gboolean  ok)
{
  g_autofree char *path = g_strconcat ("/system/v1/signing-keys/", fixture->target, NULL);

  g_assert_cmpuint (api_get_status (fixture, path), ==, ok ? 404 : 200);
}

static void
prepare_upload (Fixture *fixture)
{
  fixture->target = api_create (fixture, "/video/v1/uploads",
                                "{\"new_asset_settings\":{\"playback_policy\":[\"public\"]}}");
}

static void
verify_upload_cancelled (Fixture  *fixture,
                         gboolean  ok)
{
  g_autofree char *path = g_strconcat ("/video/v1/uploads/", fixture->target, NULL);
  g_autoptr(JsonObject) upload = api_get_data (fixture, path, NULL);

  g_assert_nonnull (upload);
  g_assert_cmpstr (json_object_get_string_member (upload, "status"), ==, ok ? "cancelled" : "waiting");
}

static gboolean
run_update_asset (Fixture  *fixture,
                  GError  **error)
{
  g_autoptr(MdAsset) asset = NULL;

  md_client_update_asset_async (fixture->client, fixture->asset_id, fixture->target, NULL, NULL, NULL,
                                NULL, on_done_cb, fixture);
  asset = md_client_update_asset_finish (fixture->client, wait_result (fixture), error);
  if (asset != NULL)
    g_assert_cmpstr (md_asset_get_title (asset), ==, fixture->target);
  return asset != NULL;
}

static gboolean
run_delete_asset (Fixture  *fixture,
                  GError  **error)
{
  md_client_delete_asset_async (fixture->client, fixture->target, NULL, on_done_cb, fixture);
  return md_client_delete_asset_finish (fixture->client, wait_result (fixture), error);
}

static gboolean
run_add_playback_id (Fixture  *fixture,
                     GError  **error)
{
  g_autoptr(MdPlaybackId) playback_id = NULL;

  md_client_add_playback_id_async (fixture->client, fixture->asset_id, MD_PLAYBACK_POLICY_PUBLIC,
                                   NULL, on_done_cb, fixture);
  playback_id = md_client_add_playback_id_finish (fixture->client, wait_result (fixture), error);
  if (playback_id != NULL)
    g_assert_nonnull (md_playback_id_get_id (playback_id));
  return playback_id != NULL;
}

static gboolean
run_delete_playback_id (Fixture  *fixture,
                        GError  **error)
{
  md_client_delete_playback_id_async (fixture->client, fixture->asset_id, fixture->target,
                                      NULL, on_done_cb, fixture);
  return md_client_delete_playback_id_finish (fixture->client, wait_result (fixture), error);
}

static gboolean
run_input_info (Fixture  *fixture,
                GError  **error)
{
  g_autoptr(JsonNode) info = NULL;

  md_client_get_input_info_async (fixture->client, fixture->asset_id, NULL, on_done_cb, fixture);
  info = md_client_get_input_info_finish (fixture->client, wait_result (fixture), error);
  return info != NULL;
}

static gboolean
run_get_upload (Fixture  *fixture,
                GError  **error)
{
  g_autoptr(MdUpload) upload = NULL;

  md_client_get_upload_async (fixture->client, fixture->upload_id, NULL, on_done_cb, fixture);
  upload = md_client_get_upload_finish (fixture->client, wait_result (fixture), error);
  if (upload != NULL)
    g_assert_cmpstr (md_upload_get_id (upload), ==, fixture->upload_id);
  return upload != NULL;
}

static gboolean
run_cancel_upload (Fixture  *fixture,
                   GError  **error)
{
  g_autoptr(MdUpload) upload = NULL;

  md_client_cancel_upload_async (fixture->client, fixture->target, NULL, on_done_cb, fixture);
  upload = md_client_cancel_upload_finish (fixture->client, wait_result (fixture), error);
  if (upload != NULL)
    g_assert_cmpint (md_upload_get_status (upload), ==, MD_UPLOAD_STATUS_CANCELLED);
  return upload != NULL;
}

static gboolean
run_list_live_streams (Fixture  *fixture,
                       GError  **error)
{
  g_autoptr(GPtrArray) streams = NULL;

  md_client_list_live_streams_async (fixture->client, 1, 25, NULL, on_done_cb, fixture);
  streams = md_client_list_live_streams_finish (fixture->client, wait_result (fixture), error);
  if (streams != NULL)
    {
      g_assert_cmpuint (streams->len, ==, 1);
      g_assert_cmpstr (md_live_stream_get_id (g_ptr_array_index (streams, 0)), ==, fixture->live_stream_id);
    }
  return streams != NULL;
}

static gboolean
run_get_live_stream (Fixture  *fixture,
                     GError  **error)
{
  g_autoptr(MdLiveStream) stream = NULL;

  md_client_get_live_stream_async (fixture->client, fixture->live_stream_id, NULL, on_done_cb, fixture);
  stream = md_client_get_live_stream_finish (fixture->client, wait_result (fixture), error);
  if (stream != NULL)
    g_assert_cmpstr (md_live_stream_get_id (stream), ==, fixture->live_stream_id);
  return stream != NULL;
}

static gboolean
run_delete_key (Fixture  *fixture,
                GError  **error)
{
  md_client_delete_signing_key_async (fixture->client, fixture->target, NULL, on_done_cb, fixture);
  return md_client_delete_signing_key_finish (fixture->client, wait_result (fixture), error);
}

static gboolean
run_hotspots (Fixture  *fixture,
              GError  **error)
{
  g_autoptr(GListModel) hotspots = NULL;
  gint64 total_views = -1;

  md_client_get_hotspots_async (fixture->client, MD_ENGAGEMENT_KIND_ASSET, fixture->asset_id, NULL,
                                MD_HOTSPOT_ORDER_DESC, 5, NULL, on_done_cb, fixture);
  hotspots = md_client_get_hotspots_finish (fixture->client, wait_result (fixture), &total_views, error);
  if (hotspots != NULL)
    g_assert_cmpint (total_views, >=, 0);
  return hotspots != NULL;
}

static const Call calls[] = {
  { "whoami", "GET", "/system/v1/whoami", run_whoami },
  { "list-signing-keys", "GET", "/system/v1/signing-keys", run_list_keys },
  { "create-signing-key", "POST", "/system/v1/signing-keys", run_create_key,
    prepare_count_keys, verify_key_created },
  { "get-signing-key", "GET", "/system/v1/signing-keys/%k", run_get_key },
  { "delete-signing-key", "DELETE", "/system/v1/signing-keys/%t", run_delete_key,
    prepare_signing_key, verify_key_deleted },
  { "counts", "GET", "/stats/counts", run_counts },
  { "list-assets", "GET", "/video/v1/assets", run_list_assets },
  { "get-asset", "GET", "/video/v1/assets/%a", run_get_asset },
  { "update-asset", "PATCH", "/video/v1/assets/%a", run_update_asset,
    prepare_title, verify_title },
  { "delete-asset", "DELETE", "/video/v1/assets/%t", run_delete_asset,
    prepare_spare_asset, verify_asset_deleted },
  { "add-playback-id", "POST", "/video/v1/assets/%a/playback-ids", run_add_playback_id,
    prepare_count_playback_ids, verify_playback_id_added },
  { "delete-playback-id", "DELETE", "/video/v1/assets/%a/playback-ids/%t", run_delete_playback_id,
    prepare_playback_id, verify_playback_id_deleted },
  { "input-info", "GET", "/video/v1/assets/%a/input-info", run_input_info },
  { "create-upload", "POST", "/video/v1/uploads", run_create_upload,
    prepare_count_uploads, verify_upload_created },
  { "get-upload", "GET", "/video/v1/uploads/%u", run_get_upload },
  { "cancel-upload", "PUT", "/video/v1/uploads/%t/cancel", run_cancel_upload,
    prepare_upload, verify_upload_cancelled },
  { "list-live-streams", "GET", "/video/v1/live-streams", run_list_live_streams },
  { "get-live-stream", "GET", "/video/v1/live-streams/%l", run_get_live_stream },
  { "heatmap", "GET", "/data/v1/engagement/assets/%a/heatmap", run_heatmap },
  { "hotspots", "GET", "/data/v1/engagement/assets/%a/hotspots", run_hotspots },
};

#define INJECTED "The sandbox injected this failure"

static const Fault faults[] = {
  { "401", "\"action\":\"status\",\"status\":401,\"count\":0",
    EXPECT_ERROR, MD_CLIENT_ERROR_UNAUTHORIZED, 1, 1, 0, INJECTED " (HTTP 401)" },
  { "403", "\"action\":\"status\",\"status\":403,\"count\":0",
    EXPECT_ERROR, MD_CLIENT_ERROR_FORBIDDEN, 1, 1, 0, INJECTED " (HTTP 403)" },
  { "404", "\"action\":\"status\",\"status\":404,\"count\":0",
    EXPECT_ERROR, MD_CLIENT_ERROR_NOT_FOUND, 1, 1, 0, INJECTED " (HTTP 404)" },
  { "429-once", "\"action\":\"status\",\"status\":429,\"count\":1",
    EXPECT_SUCCESS, 0, 2, 2 },
  { "429-always", "\"action\":\"status\",\"status\":429,\"count\":0",
    EXPECT_ERROR, MD_CLIENT_ERROR_RATE_LIMITED, MAX_ATTEMPTS, MAX_ATTEMPTS, 0,
    "Too many requests, retry later. (HTTP 429)" },
  { "500", "\"action\":\"status\",\"status\":500,\"count\":0",
    EXPECT_ERROR, MD_CLIENT_ERROR_SERVER, 1, 1, 0, INJECTED " (HTTP 500)" },
  { "503-once", "\"action\":\"status\",\"status\":503,\"count\":1",
    EXPECT_SUCCESS_IF_IDEMPOTENT, MD_CLIENT_ERROR_SERVER, 1, 2, 0, INJECTED " (HTTP 503)" },
  { "503-always", "\"action\":\"status\",\"status\":503,\"count\":0",
    EXPECT_ERROR, MD_CLIENT_ERROR_SERVER, 1, MAX_ATTEMPTS, 0, INJECTED " (HTTP 503)" },
  /* libsoup itself may send an idempotent request again when a kept-alive
   * connection drops, on top of the client's retry: 2 or 3. */
  { "reset-once", "\"action\":\"reset\",\"count\":1",
    EXPECT_SUCCESS_IF_IDEMPOTENT, MD_CLIENT_ERROR_NETWORK, 1, 2, 3, "The connection to 127.0.0.1 failed" },
  { "malformed-json", "\"action\":\"malformed-json\",\"count\":0",
    EXPECT_ERROR, MD_CLIENT_ERROR_BAD_RESPONSE, 1, 1, 0, "the answer is not valid JSON" },
  { "slow-link", "\"action\":\"slow\",\"bytes_per_second\":2048,\"count\":0",
    EXPECT_SUCCESS, 0, 1, 1 },
  /* 1 TiB announced; 256 KiB sent, then nothing. */
  { "huge-content-length", "\"action\":\"huge-body\",\"content_length\":1099511627776,\"count\":0",
    EXPECT_ERROR, MD_CLIENT_ERROR_BAD_RESPONSE, 1, 1, 0, "too large" },
  { "endless-body", "\"action\":\"huge-body\",\"count\":0",
    EXPECT_ERROR, MD_CLIENT_ERROR_BAD_RESPONSE, 1, 1, 0, "too large" },
};

/* How many @method @path requests reached the sandbox since the log was
 * cleared (a rule that has fired its count is gone, so its own counters
 * cannot tell), and whether one of them was answered with success. */
static guint
requests_seen (Fixture    *fixture,
               const char *method,
               const char *path,
               gboolean   *out_succeeded)
{
  g_autoptr(JsonArray) array = NULL;
  guint seen = 0;

  *out_succeeded = FALSE;
  array = md_test_sandbox_request_log (fixture->sandbox);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *entry = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member (entry, "method"), method) == 0
          && g_strcmp0 (json_object_get_string_member (entry, "path"), path) == 0)
        {
          seen++;
          if (json_object_get_int_member (entry, "status") < 300)
            *out_succeeded = TRUE;
        }
    }
  return seen;
}

typedef struct
{
  Fixture    *fixture;
  const char *method;
  const char *path;
  guint       expected;
  gboolean    success;
  guint       seen;
} SeenWait;

static gboolean
enough_seen (gpointer user_data)
{
  SeenWait *wait = user_data;
  gboolean succeeded;

  wait->seen = requests_seen (wait->fixture, wait->method, wait->path, &succeeded);
  return wait->seen >= wait->expected && (succeeded || !wait->success);
}

static gboolean
on_tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* The sandbox logs a request when libsoup says it finished, which for a
 * slowed answer can come after the client already has it: wait for the
 * log to catch up (a tick re-checks it), then count. A call that succeeded
 * is settled once its successful attempt, the last one, is in the log. */
static guint
requests_seen_settled (Fixture    *fixture,
                       const char *method,
                       const char *path,
                       guint       expected,
                       gboolean    success)
{
  SeenWait wait = { fixture, method, path, expected, success, 0 };
  guint tick = g_timeout_add (20, on_tick_cb, NULL);

  md_test_wait_until (enough_seen, &wait, 10000);
  g_source_remove (tick);
  return wait.seen;
}

static char *
call_path (const Fixture *fixture,
           const Call    *call)
{
  g_autoptr(GString) path = g_string_new (call->path);
  const struct { const char *name; const char *value; } ids[] = {
    { "%k", fixture->key_id }, { "%a", fixture->asset_id }, { "%l", fixture->live_stream_id },
    { "%u", fixture->upload_id }, { "%t", fixture->target },
  };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    if (strstr (path->str, ids[i].name) != NULL)
      {
        g_assert_nonnull (ids[i].value);
        g_string_replace (path, ids[i].name, ids[i].value, 0);
      }
  return g_string_free (g_steal_pointer (&path), FALSE);
}

static void
clear_faults (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (md_test_sandbox_admin (fixture->sandbox, "DELETE", "/_sandbox/faults", NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
install_fault (Fixture    *fixture,
               const Call *call,
               const Fault *fault)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = call_path (fixture, call);
  g_autofree char *rule = g_strdup_printf ("{\"match\":\"path\",\"path\":\"%s\",\"method\":\"%s\",%s}",
                                           path, call->method, fault->rule);

  clear_faults (fixture);
  g_assert_true (md_test_sandbox_admin (fixture->sandbox, "POST", "/_sandbox/faults", rule, NULL, &error));
  g_assert_no_error (error);
  md_test_sandbox_clear_request_log (fixture->sandbox);
}

static void
check_message (const Fixture *fixture,
               const Fault   *fault,
               const GError  *error)
{
  g_assert_true (error->message != NULL && error->message[0] != '\0');
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, fault->message_part));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_null (strstr (error->message, md_test_sandbox_get_token_secret (fixture->sandbox)));
  switch (error->code)
    {
    case MD_CLIENT_ERROR_UNAUTHORIZED:
    case MD_CLIENT_ERROR_FORBIDDEN:
    case MD_CLIENT_ERROR_NOT_FOUND:
    case MD_CLIENT_ERROR_RATE_LIMITED:
    case MD_CLIENT_ERROR_SERVER:
      /* The status is named, so support can tell 500 from 503. */
      g_assert_nonnull (strstr (error->message, "(HTTP "));
      break;
    default:
      break;
    }
}

static void
run_case (Fixture     *fixture,
          const Call  *call,
          const Fault *fault)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  gboolean idempotent = !g_str_equal (call->method, "POST");
  gboolean expect_success;
  guint expected_attempts;
  gboolean ok;

  g_test_message ("%s under %s", call->name, fault->name);
  if (call->prepare != NULL)
    call->prepare (fixture);
  path = call_path (fixture, call);
  install_fault (fixture, call, fault);
  g_clear_object (&fixture->result);
  ok = call->run (fixture, &error);
  g_clear_object (&fixture->result);

  expect_success = fault->outcome == EXPECT_SUCCESS
                   || (fault->outcome == EXPECT_SUCCESS_IF_IDEMPOTENT && idempotent);
  expected_attempts = idempotent ? fault->idempotent_attempts : fault->attempts;

  if (expect_success)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
    }
  else
    {
      g_assert_false (ok);
      g_assert_error (error, MD_CLIENT_ERROR, (gint) fault->code);
      check_message (fixture, fault, error);
    }
  if (idempotent && fault->idempotent_attempts_max > 0)
    {
      guint seen = requests_seen_settled (fixture, call->method, path, expected_attempts, expect_success);

      g_assert_cmpuint (seen, >=, expected_attempts);
      g_assert_cmpuint (seen, <=, fault->idempotent_attempts_max);
    }
  else
    g_assert_cmpuint (requests_seen_settled (fixture, call->method, path, expected_attempts, expect_success),
                      ==, expected_attempts);

  /* The rule goes before the sandbox is asked for its state (a GET the
   * rule matches would meet it too). */
  clear_faults (fixture);
  if (call->verify != NULL)
    call->verify (fixture, ok);
  g_clear_pointer (&fixture->target, g_free);
}

/* One sandbox for every call: starting one (and making its media) is the
 * slow part. */
static void
fixture_set_up (Fixture *fixture)
{
  const char *const args[] = { "--no-rate-limit", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(MdSigningKey) key = NULL;
  g_autofree char *private_key = NULL;
  g_autoptr(GPtrArray) assets = NULL;

  g_autofree char *records = g_strdup_printf ("{\"assets\":%u}", 2 + (guint) G_N_ELEMENTS (faults));
  g_autoptr(JsonNode) live = NULL;
  JsonObject *live_data;

  fixture->sandbox = md_test_sandbox_start (args, &error);
  g_assert_no_error (error);
  /* One asset to read and change, one more for a page of two, and one for
   * each fault to delete. */
  g_assert_true (md_test_sandbox_admin (fixture->sandbox, "POST", "/_sandbox/records", records, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (md_test_sandbox_admin (fixture->sandbox, "POST", "/_sandbox/live-streams",
                                        "{\"title\":\"Fault stream\"}", &live, &error));
  g_assert_no_error (error);
  live_data = json_object_get_object_member (json_node_get_object (live), "data");
  g_assert_cmpstr (json_object_get_string_member (live_data, "status"), ==, "idle");
  fixture->live_stream_id = g_strdup (json_object_get_string_member (live_data, "id"));
  fixture->upload_id = api_create (fixture, "/video/v1/uploads",
                                   "{\"new_asset_settings\":{\"playback_policy\":[\"public\"]}}");
  fixture->client = md_client_new (md_test_sandbox_get_token_id (fixture->sandbox),
                                   md_test_sandbox_get_token_secret (fixture->sandbox));
  md_client_set_api_url (fixture->client, md_test_sandbox_get_api_url (fixture->sandbox));
  md_client_set_stats_url (fixture->client, md_test_sandbox_get_stats_url (fixture->sandbox));
  /* Quick retries through the documented properties, and no pacing: a
   * POST would wait its second each time (test-pacing tests that). */
  g_object_set (fixture->client,
                "rate-limit", FALSE,
                "max-attempts", MAX_ATTEMPTS,
                "retry-min-delay", 10,
                "retry-max-delay", 50,
                NULL);

  md_client_create_signing_key_async (fixture->client, NULL, on_done_cb, fixture);
  key = md_client_create_signing_key_finish (fixture->client, wait_result (fixture), &private_key, &error);
  g_assert_no_error (error);
  g_clear_object (&fixture->result);
  fixture->key_id = g_strdup (md_signing_key_get_id (key));
  fixture->signer = md_jwt_signer_new (fixture->key_id, private_key, &error);
  g_assert_no_error (error);
  explicit_bzero (private_key, strlen (private_key));

  md_client_list_assets_async (fixture->client, NULL, 100, NULL, on_done_cb, fixture);
  assets = md_client_list_assets_finish (fixture->client, wait_result (fixture), NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&fixture->result);
  fixture->asset_id = g_strdup (md_asset_get_id (g_ptr_array_index (assets, 0)));
  g_assert_cmpuint (assets->len, ==, 2 + G_N_ELEMENTS (faults));
  fixture->spare_assets = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 1; i < assets->len; i++)
    g_ptr_array_add (fixture->spare_assets, g_strdup (md_asset_get_id (g_ptr_array_index (assets, i))));
}

static void
fixture_tear_down (Fixture *fixture)
{
  g_clear_object (&fixture->result);
  g_clear_object (&fixture->signer);
  g_clear_object (&fixture->client);
  g_clear_pointer (&fixture->key_id, g_free);
  g_clear_pointer (&fixture->asset_id, g_free);
  g_clear_pointer (&fixture->live_stream_id, g_free);
  g_clear_pointer (&fixture->upload_id, g_free);
  g_clear_pointer (&fixture->spare_assets, g_ptr_array_unref);
  g_clear_pointer (&fixture->target, g_free);
  g_clear_pointer (&fixture->sandbox, md_test_sandbox_stop);
}

static Fixture shared;

static void
test_call_under_every_fault (gconstpointer user_data)
{
  const Call *call = user_data;
  Fixture *fixture = &shared;

  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    run_case (fixture, call, &faults[i]);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    {
      g_autofree char *path = g_strdup_printf ("/hardening/faults/%s", calls[i].name);

      g_test_add_data_func (path, &calls[i], test_call_under_every_fault);
    }

  fixture_set_up (&shared);
  status = g_test_run ();
  fixture_tear_down (&shared);
  return status;
}
