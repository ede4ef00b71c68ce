/* secret-scenario.c — the whole life of a token and a signing key, for
 * test-secret-scan to search for leaks afterwards
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * secret-scenario API-URL STREAM-URL STATS-URL TOKEN-ID < TOKEN-SECRET
 *
 * Runs through the real code, as the app does: signs in (whoami), keeps the
 * environment (config file + keyring), lists assets and keeps the listing in
 * the library cache (library.db, as the library page does), uploads a small file
 * (direct upload, upload journal), creates a signing key and stores it in
 * the keyring, plays a signed playback ID (JWT in the stream URL) and reads
 * the live counts (JWT on the stats host); saves a GSettings key on the way.
 * Prints "ENVIRONMENT <id>" and "SIGNING-KEY <id>" for the test, never a
 * secret. Any failure exits non-zero with the GError's message.
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <libsoup/soup.h>

#include "md-asset-snapshot.h"
#include "md-client.h"
#include "md-environment-store.h"
#include "md-jwt.h"
#include "md-keyring.h"
#include "md-library-cache.h"
#include "md-upload-file.h"
#include "md-upload-journal.h"

static void
on_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* The scenario is a straight line: each async call is waited for. */
static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

#define AWAIT(call_with_slot) \
  G_STMT_START { g_clear_object (&result); call_with_slot; wait_for (&result); } G_STMT_END

static void
check (gboolean     ok,
       const char  *step,
       GError      *error)
{
  if (!ok)
    {
      fprintf (stderr, "secret-scenario: %s failed: %s\n", step, error ? error->message : "(no error)");
      exit (1);
    }
}

static char *
read_secret_from_stdin (void)
{
  char buffer[512];
  size_t length;

  if (fgets (buffer, sizeof buffer, stdin) == NULL)
    return NULL;
  length = strcspn (buffer, "\r\n");
  buffer[length] = '\0';
  return g_strdup (buffer);
}

/* Sends a whole file with one PUT, as the official CLI does (the chunked
 * uploader keeps the same journal). */
static gboolean
put_file (const char  *url,
          const char  *path,
          GError     **error)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) message = soup_message_new ("PUT", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, error))
    return FALSE;
  body = g_bytes_new_take (g_steal_pointer (&contents), length);
  soup_message_set_request_body_from_bytes (message, "application/octet-stream", body);
  reply = soup_session_send_and_read (session, message, NULL, error);
  if (reply == NULL)
    return FALSE;
  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (message)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "upload PUT answered %u",
                   soup_message_get_status (message));
      return FALSE;
    }
  return TRUE;
}

static gboolean
get_url (const char  *url,
         GError     **error)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) message = soup_message_new ("GET", url);
  g_autoptr(GBytes) reply = soup_session_send_and_read (session, message, NULL, error);

  if (reply == NULL)
    return FALSE;
  if (soup_message_get_status (message) != SOUP_STATUS_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "GET answered %u", soup_message_get_status (message));
      return FALSE;
    }
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MdClient) client = NULL;
  g_autoptr(MdWhoami) whoami = NULL;
  g_autoptr(MdEnvironment) environment = NULL;
  g_autoptr(MdEnvironmentStore) store = NULL;
  g_autoptr(MdUploadJournal) journal = NULL;
  g_autoptr(MdUploadRecord) record = NULL;
  g_autoptr(MdSigningKey) key = NULL;
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GPtrArray) snapshots = NULL;
  g_autoptr(GPtrArray) cached = NULL;
  g_autoptr(MdLibraryCache) cache = NULL;
  g_autoptr(MdUpload) upload = NULL;
  g_autoptr(MdPlaybackId) playback_id = NULL;
  const char *asset_id;
  g_autoptr(MdJwtSigner) signer = NULL;
  g_autoptr(MdViewerCount) count = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *token_secret = NULL;
  g_autofree char *private_key = NULL;
  g_autofree char *file_path = NULL;
  g_autofree char *stream_url = NULL;
  const char *environment_id;
  gint64 expires_at = g_get_real_time () / G_USEC_PER_SEC + 3600;

  if (argc != 5)
    {
      fprintf (stderr, "usage: secret-scenario API-URL STREAM-URL STATS-URL TOKEN-ID < TOKEN-SECRET\n");
      return 2;
    }
  token_secret = read_secret_from_stdin ();
  check (token_secret != NULL && *token_secret != '\0', "reading the token secret", NULL);

  /* Sign in: check the token, name the environment, keep it. */
  client = md_client_new (argv[4], token_secret);
  md_client_set_api_url (client, argv[1]);
  md_client_set_stream_url (client, argv[2]);
  md_client_set_stats_url (client, argv[3]);
  AWAIT (md_client_whoami_async (client, NULL, on_done_cb, &result));
  whoami = md_client_whoami_finish (client, result, &error);
  check (whoami != NULL, "whoami", error);
  environment_id = md_whoami_get_environment_id (whoami);
  g_message ("Signed in to %s (%s)", md_whoami_get_environment_name (whoami), environment_id);

  environment = md_environment_new (environment_id, FALSE);
  md_environment_set_display_name (environment, md_whoami_get_environment_name (whoami));
  md_environment_set_token_id (environment, argv[4]);
  md_environment_set_api_url (environment, argv[1]);
  md_environment_set_stream_url (environment, argv[2]);
  store = md_environment_store_new ();
  AWAIT (md_environment_store_add_async (store, environment, token_secret, NULL, on_done_cb, &result));
  check (md_environment_store_change_finish (store, result, &error), "keeping the environment", error);

  settings = g_settings_new (APP_ID);
  g_settings_set_int (settings, "window-width", 1000);
  g_settings_sync ();

  /* The library. */
  AWAIT (md_client_list_assets_async (client, NULL, 100, NULL, on_done_cb, &result));
  assets = md_client_list_assets_finish (client, result, NULL, &error);
  check (assets != NULL && assets->len > 0, "listing assets", error);
  asset_id = md_asset_get_id (g_ptr_array_index (assets, 0));

  /* The listing kept in the library cache and read back, as the library
   * page refreshes it: a SQLite file in the cache folder. */
  cache = md_library_cache_new (environment_id);
  snapshots = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  for (guint i = 0; i < assets->len; i++)
    g_ptr_array_add (snapshots, md_asset_snapshot_to_json (g_ptr_array_index (assets, i)));
  AWAIT (md_library_cache_replace_all_async (cache, snapshots, NULL, on_done_cb, &result));
  check (md_library_cache_change_finish (cache, result, &error), "caching the library", error);
  AWAIT (md_library_cache_load_all_async (cache, NULL, on_done_cb, &result));
  cached = md_library_cache_load_finish (cache, result, &error);
  check (cached != NULL && cached->len == assets->len, "reading the library cache", error);

  /* An upload, journaled as the upload queue does. */
  file_path = g_build_filename (g_get_user_data_dir (), "clip.bin", NULL);
  check (g_mkdir_with_parents (g_get_user_data_dir (), 0700) == 0, "making the data folder", NULL);
  check (g_file_set_contents (file_path, "not really a video, just bytes to send", -1, &error),
         "writing the file to upload", error);
  AWAIT (md_upload_record_new_for_file_async (file_path, NULL, on_done_cb, &result));
  record = md_upload_record_new_for_file_finish (result, &error);
  check (record != NULL, "fingerprinting the file", error);
  journal = md_upload_journal_new (environment_id);
  AWAIT (md_upload_journal_add_async (journal, record, NULL, on_done_cb, &result));
  g_clear_pointer (&record, md_upload_record_free);
  record = md_upload_journal_add_finish (journal, result, &error);
  check (record != NULL, "journaling the upload", error);
  AWAIT (md_client_create_upload_async (client, MD_PLAYBACK_POLICY_PUBLIC, MD_VIDEO_QUALITY_BASIC,
                                        "clip", 3600, NULL, on_done_cb, &result));
  upload = md_client_create_upload_finish (client, result, &error);
  check (upload != NULL, "creating the upload", error);
  AWAIT (md_upload_journal_set_upload_async (journal, record->local_id, md_upload_get_id (upload),
                                             md_upload_get_url (upload), NULL, on_done_cb, &result));
  check (md_upload_journal_change_finish (journal, result, &error), "journaling the upload URL", error);
  check (put_file (md_upload_get_url (upload), file_path, &error), "sending the file", error);
  AWAIT (md_upload_journal_update_offset_async (journal, record->local_id, record->file_size,
                                                NULL, on_done_cb, &result));
  check (md_upload_journal_change_finish (journal, result, &error), "journaling the offset", error);

  /* A signing key, straight into the keyring. */
  AWAIT (md_client_create_signing_key_async (client, NULL, on_done_cb, &result));
  key = md_client_create_signing_key_finish (client, result, &private_key, &error);
  check (key != NULL && private_key != NULL, "creating a signing key", error);
  AWAIT (md_keyring_store_signing_key_async (environment_id, md_whoami_get_environment_name (whoami),
                                             md_signing_key_get_id (key), private_key,
                                             NULL, on_done_cb, &result));
  check (md_keyring_store_signing_key_finish (result, &error), "storing the signing key", error);
  signer = md_jwt_signer_new (md_signing_key_get_id (key), private_key, &error);
  check (signer != NULL, "loading the signing key", error);
  explicit_bzero (private_key, strlen (private_key));
  g_clear_pointer (&private_key, g_free);

  /* Play a signed playback ID, then read the live counts (a counts token
   * on the stats host). */
  AWAIT (md_client_add_playback_id_async (client, asset_id, MD_PLAYBACK_POLICY_SIGNED, NULL, on_done_cb, &result));
  playback_id = md_client_add_playback_id_finish (client, result, &error);
  check (playback_id != NULL, "adding a signed playback ID", error);
  stream_url = md_client_build_stream_url (client, playback_id, signer, expires_at, &error);
  check (stream_url != NULL, "minting the playback token", error);
  check (get_url (stream_url, &error), "opening the signed stream", error);
  AWAIT (md_client_get_viewer_count_async (client, signer, MD_COUNTS_KIND_ASSET, asset_id,
                                           NULL, on_done_cb, &result));
  count = md_client_get_viewer_count_finish (client, result, &error);
  check (count != NULL, "reading the live counts", error);

  printf ("ENVIRONMENT %s\nSIGNING-KEY %s\n", environment_id, md_signing_key_get_id (key));
  return 0;
}
