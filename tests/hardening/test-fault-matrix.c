/* test-fault-matrix.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The API calls (whoami, signing keys, live counts, assets, uploads,
 * engagement), each under every fault the sandbox can inject
 * (POST {admin}/_sandbox/faults): 401, 403, 404, 429, 500, 503 (once and for
 * good), a connection reset, malformed JSON and a slow link. For each pair
 * the user-visible outcome is asserted: success or the GError code, a
 * message that names the HTTP status and never holds the token secret, and
 * how many times the request reached the server (retried or not). Two more
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
  char          *key_id;     /* a signing key that exists */
  char          *asset_id;   /* an asset that exists */
  GAsyncResult  *result;
} Fixture;

typedef struct
{
  const char *name;
  const char *method;
  const char *path;          /* "%k": the key id, "%a": the asset id */
  gboolean  (*run) (Fixture *fixture, GError **error);
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
  const char   *message_part;   /* the error message has it, if set */
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

  md_client_list_assets_async (fixture->client, NULL, 100, NULL, on_done_cb, fixture);
  assets = md_client_list_assets_finish (fixture->client, wait_result (fixture), &next_cursor, error);
  if (assets != NULL)
    g_assert_cmpuint (assets->len, ==, 2);
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

static const Call calls[] = {
  { "whoami", "GET", "/system/v1/whoami", run_whoami },
  { "list-signing-keys", "GET", "/system/v1/signing-keys", run_list_keys },
  { "create-signing-key", "POST", "/system/v1/signing-keys", run_create_key },
  { "get-signing-key", "GET", "/system/v1/signing-keys/%k", run_get_key },
  { "counts", "GET", "/stats/counts", run_counts },
  { "list-assets", "GET", "/video/v1/assets", run_list_assets },
  { "get-asset", "GET", "/video/v1/assets/%a", run_get_asset },
  { "create-upload", "POST", "/video/v1/uploads", run_create_upload },
  { "heatmap", "GET", "/data/v1/engagement/assets/%a/heatmap", run_heatmap },
};

static const Fault faults[] = {
  { "401", "\"action\":\"status\",\"status\":401,\"count\":0",
    EXPECT_ERROR, MD_CLIENT_ERROR_UNAUTHORIZED, 1, 1 },
  { "403", "\"action\":\"status\",\"status\":403,\"count\":0",
    EXPECT_ERROR, MD_CLIENT_ERROR_FORBIDDEN, 1, 1 },
  { "404", "\"action\":\"status\",\"status\":404,\"count\":0",
    EXPECT_ERROR, MD_CLIENT_ERROR_NOT_FOUND, 1, 1 },
  { "429-once", "\"action\":\"status\",\"status\":429,\"count\":1",
    EXPECT_SUCCESS, 0, 2, 2 },
  { "429-always", "\"action\":\"status\",\"status\":429,\"count\":0",
    EXPECT_ERROR, MD_CLIENT_ERROR_RATE_LIMITED, MAX_ATTEMPTS, MAX_ATTEMPTS },
  { "500", "\"action\":\"status\",\"status\":500,\"count\":0",
    EXPECT_ERROR, MD_CLIENT_ERROR_SERVER, 1, 1 },
  { "503-once", "\"action\":\"status\",\"status\":503,\"count\":1",
    EXPECT_SUCCESS_IF_IDEMPOTENT, MD_CLIENT_ERROR_SERVER, 1, 2 },
  { "503-always", "\"action\":\"status\",\"status\":503,\"count\":0",
    EXPECT_ERROR, MD_CLIENT_ERROR_SERVER, 1, MAX_ATTEMPTS },
  /* libsoup itself may send an idempotent request again when a kept-alive
   * connection drops, on top of the client's retry: 2 or 3. */
  { "reset-once", "\"action\":\"reset\",\"count\":1",
    EXPECT_SUCCESS_IF_IDEMPOTENT, MD_CLIENT_ERROR_NETWORK, 1, 2, 3 },
  { "malformed-json", "\"action\":\"malformed-json\",\"count\":0",
    EXPECT_ERROR, MD_CLIENT_ERROR_BAD_RESPONSE, 1, 1 },
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
 * cannot tell). */
static guint
requests_seen (Fixture    *fixture,
               const char *method,
               const char *path)
{
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *array;
  guint seen = 0;

  g_assert_true (md_test_sandbox_admin (fixture->sandbox, "GET", "/_sandbox/requests", NULL, &reply, &error));
  g_assert_no_error (error);
  array = json_object_get_array_member (json_node_get_object (reply), "data");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *entry = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member (entry, "method"), method) == 0
          && g_strcmp0 (json_object_get_string_member (entry, "path"), path) == 0)
        seen++;
    }
  return seen;
}

typedef struct
{
  Fixture    *fixture;
  const char *method;
  const char *path;
  guint       expected;
  guint       seen;
} SeenWait;

static gboolean
enough_seen (gpointer user_data)
{
  SeenWait *wait = user_data;

  wait->seen = requests_seen (wait->fixture, wait->method, wait->path);
  return wait->seen >= wait->expected;
}

static gboolean
on_tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* The sandbox logs a request when libsoup says it finished, which for a
 * slowed answer can come after the client already has it: wait for the
 * log to catch up (a tick re-checks it), then count. */
static guint
requests_seen_settled (Fixture    *fixture,
                       const char *method,
                       const char *path,
                       guint       expected,
                       guint       timeout_ms)
{
  SeenWait wait = { fixture, method, path, expected, 0 };
  guint tick = g_timeout_add (20, on_tick_cb, NULL);

  md_test_wait_until (enough_seen, &wait, timeout_ms);
  g_source_remove (tick);
  return wait.seen;
}

static char *
call_path (const Fixture *fixture,
           const Call    *call)
{
  g_autoptr(GString) path = g_string_new (call->path);

  g_string_replace (path, "%k", fixture->key_id, 0);
  g_string_replace (path, "%a", fixture->asset_id, 0);
  return g_string_free (g_steal_pointer (&path), FALSE);
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

  g_assert_true (md_test_sandbox_admin (fixture->sandbox, "DELETE", "/_sandbox/faults", NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (md_test_sandbox_admin (fixture->sandbox, "POST", "/_sandbox/faults", rule, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (md_test_sandbox_admin (fixture->sandbox, "DELETE", "/_sandbox/requests", NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
check_message (const Fixture *fixture,
               const Fault   *fault,
               const GError  *error)
{
  g_assert_true (error->message != NULL && error->message[0] != '\0');
  if (fault->message_part != NULL)
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
  g_autofree char *path = call_path (fixture, call);
  gboolean idempotent = !g_str_equal (call->method, "POST");
  gboolean expect_success;
  guint expected_attempts;
  gboolean ok;

  g_test_message ("%s under %s", call->name, fault->name);
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
      /* Let a possible last attempt reach the log before the next case. */
      guint seen = requests_seen_settled (fixture, call->method, path, fault->idempotent_attempts_max, 1000);

      g_assert_cmpuint (seen, >=, expected_attempts);
      g_assert_cmpuint (seen, <=, fault->idempotent_attempts_max);
    }
  else
    g_assert_cmpuint (requests_seen_settled (fixture, call->method, path, expected_attempts, 10000),
                      ==, expected_attempts);
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

  fixture->sandbox = md_test_sandbox_start (args, &error);
  g_assert_no_error (error);
  g_assert_true (md_test_sandbox_admin (fixture->sandbox, "POST", "/_sandbox/records", "{\"assets\":2}", NULL, &error));
  g_assert_no_error (error);
  fixture->client = md_client_new (md_test_sandbox_get_token_id (fixture->sandbox),
                                   md_test_sandbox_get_token_secret (fixture->sandbox));
  md_client_set_api_url (fixture->client, md_test_sandbox_get_api_url (fixture->sandbox));
  md_client_set_stats_url (fixture->client, md_test_sandbox_get_stats_url (fixture->sandbox));
  /* Quick retries through the documented properties. */
  g_object_set (fixture->client,
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
}

static void
fixture_tear_down (Fixture *fixture)
{
  g_clear_object (&fixture->result);
  g_clear_object (&fixture->signer);
  g_clear_object (&fixture->client);
  g_clear_pointer (&fixture->key_id, g_free);
  g_clear_pointer (&fixture->asset_id, g_free);
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
