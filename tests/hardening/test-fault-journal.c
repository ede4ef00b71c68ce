/* test-fault-journal.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Nothing half-written in the upload journal (issue 11): uploads go through
 * MdUploadQueue with a real journal against the real sandbox while the
 * sandbox fails the upload's creation (500, malformed JSON, a reset) or its
 * chunk PUTs (a reset half-way through the body, 500, 503). When the
 * upload has given up, the journal either has no upload id for it and
 * claims no bytes, or it names the upload the sandbox knows and claims at
 * most the bytes the sandbox says it holds (asked with `bytes * /TOTAL`
 * over a plain HTTP request, not through the uploader). Giving up is
 * bounded and says why: a fault that never goes away gets as many tries as
 * the task allows (MD_TEST_TASK_ATTEMPTS), counted at the sandbox, and the
 * message names the tries and the fault.
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "md-upload-journal.h"
#include "md-upload-queue.h"
#include "md-upload-test-util.h"
#include "md-test-utils.h"

/* Four chunks: the first may go through, the rest meet the fault. */
#define FILE_SIZE (4 * MD_TEST_CHUNK)

typedef struct
{
  MdTestSandbox   *sandbox;
  MdClient        *client;
  char            *dir;
  char            *file;
  MdUploadJournal *journal;
  MdUploadQueue   *queue;
} Fixture;

typedef struct
{
  const char *name;
  const char *rule;           /* the fault, as POSTed to the sandbox */
  gboolean    upload_created; /* whether the upload exists at Mux */
  guint       chunks_through; /* chunk PUTs the fault lets through */
  /* How many PUTs one try may make: libsoup sends an idempotent request
   * once more by itself when a kept-alive connection drops under it. */
  guint       puts_per_try;
  const char *message;        /* what the failure says */
} Scenario;

#define GAVE_UP "Gave up after 8 attempts: "
G_STATIC_ASSERT (MD_TEST_TASK_ATTEMPTS == 8);

static const Scenario scenarios[] = {
  { "create-500",
    "{\"match\":\"path\",\"path\":\"/video/v1/uploads\",\"method\":\"POST\",\"action\":\"status\",\"status\":500,\"count\":0}",
    FALSE, 0, 0, GAVE_UP "The sandbox injected this failure (HTTP 500)" },
  { "create-malformed-json",
    "{\"match\":\"path\",\"path\":\"/video/v1/uploads\",\"method\":\"POST\",\"action\":\"malformed-json\",\"status\":201,\"count\":0}",
    FALSE, 0, 0, "the answer is not valid JSON" },
  { "create-reset",
    "{\"match\":\"path\",\"path\":\"/video/v1/uploads\",\"method\":\"POST\",\"action\":\"reset\",\"count\":0}",
    FALSE, 0, 0, GAVE_UP "The connection to 127.0.0.1 failed" },
  /* Every PUT to the upload URL from the second on, chunks and status
   * queries alike, is dropped half-way through its body. */
  { "chunk-reset-mid-body",
    "{\"match\":\"upload-chunk\",\"action\":\"reset\",\"skip\":1,\"count\":0}",
    TRUE, 1, 2, GAVE_UP "The connection to the upload server failed" },
  { "chunk-500",
    "{\"match\":\"upload-chunk\",\"action\":\"status\",\"status\":500,\"skip\":1,\"count\":0}",
    TRUE, 1, 1, GAVE_UP "The sandbox injected this failure (HTTP 500)" },
  { "chunk-503",
    "{\"match\":\"upload-chunk\",\"action\":\"status\",\"status\":503,\"skip\":2,\"count\":0}",
    TRUE, 2, 1, GAVE_UP "The sandbox injected this failure (HTTP 503)" },
};

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (dir);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const char *args[] = { "--no-rate-limit", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *journal_path = NULL;
  g_autofree guint8 *bytes = g_malloc (FILE_SIZE);

  fixture->sandbox = md_test_sandbox_start (args, &error);
  g_assert_no_error (error);
  fixture->client = md_test_client_new (fixture->sandbox);
  /* Quick retries, so giving up comes soon. */
  g_object_set (fixture->client, "max-attempts", 3, "retry-min-delay", 10, "retry-max-delay", 50, NULL);

  fixture->dir = g_dir_make_tmp ("md-fault-journal-XXXXXX", &error);
  g_assert_no_error (error);
  journal_path = g_build_filename (fixture->dir, "uploads.sqlite", NULL);
  fixture->journal = md_upload_journal_new_for_path (journal_path);
  fixture->queue = md_upload_queue_new (fixture->client, fixture->journal);
  md_upload_queue_set_task_setup (fixture->queue, md_test_tune_task, NULL);
  md_upload_queue_set_defaults (fixture->queue, MD_PLAYBACK_POLICY_PUBLIC, MD_VIDEO_QUALITY_BASIC, MD_TEST_CHUNK);

  /* The bytes never reach an encoder: random is as good as a video. */
  for (gsize i = 0; i < FILE_SIZE; i++)
    bytes[i] = (guint8) g_random_int ();
  fixture->file = g_build_filename (fixture->dir, "clip.ts", NULL);
  g_assert_true (g_file_set_contents (fixture->file, (const char *) bytes, FILE_SIZE, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->queue);
  g_clear_object (&fixture->journal);
  g_clear_object (&fixture->client);
  g_clear_pointer (&fixture->sandbox, md_test_sandbox_stop);
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->file);
}

/* The journal as it is once every write queued so far is done: its jobs
 * run in order, so a listing queued now comes after them. */
static GPtrArray *
list_journal (Fixture *fixture)
{
  MdTestCall call = { NULL };
  g_autoptr(GError) error = NULL;
  GPtrArray *records;

  while (g_main_context_iteration (NULL, FALSE))
    ;
  md_upload_journal_list_async (fixture->journal, NULL, md_test_call_done, &call);
  records = md_upload_journal_list_finish (fixture->journal, md_test_call_wait (&call), &error);
  md_test_call_clear (&call);
  g_assert_no_error (error);
  return records;
}

/* How many bytes the sandbox holds for @upload_id, asked as Mux documents
 * it: an empty PUT with `Content-Range: bytes * /TOTAL`. */
static guint64
sandbox_holds (Fixture    *fixture,
               const char *upload_url)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new ("PUT", upload_url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *range = g_strdup_printf ("bytes */%d", FILE_SIZE);
  const char *answer;
  guint64 last;

  g_assert_nonnull (msg);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Content-Range", range);
  soup_message_set_request_body_from_bytes (msg, NULL, NULL);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 308);
  answer = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Range");
  if (answer == NULL)
    return 0;
  g_assert_true (g_str_has_prefix (answer, "bytes=0-"));
  g_assert_true (g_ascii_string_to_unsigned (answer + strlen ("bytes=0-"), 10, 0, FILE_SIZE - 1, &last, &error));
  return last + 1;
}

static guint
count_requests (Fixture    *fixture,
                const char *method,
                const char *path_prefix)
{
  g_autoptr(JsonArray) array = NULL;
  guint n = 0;

  array = md_test_sandbox_request_log (fixture->sandbox);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *entry = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member (entry, "method"), method) == 0 &&
          g_str_has_prefix (json_object_get_string_member (entry, "path"), path_prefix))
        n++;
    }
  return n;
}

static void
test_fault (Fixture       *fixture,
            gconstpointer  data)
{
  const Scenario *scenario = data;
  MdTestCall call = { NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(MdUploadTask) task = NULL;
  g_autoptr(GPtrArray) records = NULL;
  MdUploadRecord *record;

  md_test_add_fault (fixture->sandbox, scenario->rule);

  md_upload_queue_add_file_async (fixture->queue, fixture->file, NULL, NULL, md_test_call_done, &call);
  task = md_upload_queue_add_file_finish (fixture->queue, md_test_call_wait (&call), &error);
  md_test_call_clear (&call);
  g_assert_no_error (error);
  g_assert_nonnull (task);

  /* It gives up: the fault does not go away. */
  g_assert_false (md_test_wait_for_state (task, MD_UPLOAD_TASK_STATE_READY, 120000));
  g_assert_cmpint (md_upload_task_get_state (task), ==, MD_UPLOAD_TASK_STATE_FAILED);
  g_test_message ("%s: %s", scenario->name, md_upload_task_get_error_message (task));
  g_assert_nonnull (strstr (md_upload_task_get_error_message (task), scenario->message));

  records = list_journal (fixture);
  /* The queue journals a file before anything is sent; a record that went
   * missing would be an upload lost, not a half-written one. */
  g_assert_cmpuint (records->len, ==, 1);
  record = g_ptr_array_index (records, 0);
  g_assert_cmpuint (record->file_size, ==, FILE_SIZE);
  g_assert_cmpint (record->state, ==, MD_UPLOAD_STATE_FAILED);

  if (!scenario->upload_created)
    {
      g_assert_cmpuint (count_requests (fixture, "POST", "/video/v1/uploads"), >=, 1);
      g_assert_null (record->upload_id);
      g_assert_null (record->upload_url);
      g_assert_cmpuint (record->confirmed_offset, ==, 0);
      g_assert_cmpuint (count_requests (fixture, "PUT", "/upload/"), ==, 0);
    }
  else
    {
      guint puts = count_requests (fixture, "PUT", "/upload/");
      guint64 held;

      /* Bounded: the chunks that went through, then the task's tries. */
      g_test_message ("%s: %u PUTs", scenario->name, puts);
      g_assert_cmpuint (puts, >=, scenario->chunks_through + MD_TEST_TASK_ATTEMPTS);
      g_assert_cmpuint (puts, <=, scenario->chunks_through + MD_TEST_TASK_ATTEMPTS * scenario->puts_per_try);

      g_assert_cmpstr (record->upload_id, ==, md_upload_task_get_upload_id (task));
      g_assert_nonnull (record->upload_url);
      /* The question must not meet the fault itself. */
      g_assert_true (md_test_sandbox_admin (fixture->sandbox, "DELETE", "/_sandbox/faults", NULL, NULL, &error));
      g_assert_no_error (error);
      held = sandbox_holds (fixture, record->upload_url);
      g_test_message ("%s: journal %" G_GUINT64_FORMAT ", sandbox %" G_GUINT64_FORMAT,
                      scenario->name, record->confirmed_offset, held);
      /* Never ahead of the server: a resume from it skips no byte. */
      g_assert_cmpuint (record->confirmed_offset, <=, held);
      /* The chunks before the fault were confirmed and journaled, so the
       * check above compares something; nothing of a refused or dropped
       * chunk was kept. */
      g_assert_cmpuint (record->confirmed_offset, >=, MD_TEST_CHUNK);
      g_assert_cmpuint (held, ==, scenario->chunks_through * MD_TEST_CHUNK);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (scenarios); i++)
    {
      g_autofree char *path = g_strdup_printf ("/hardening/fault-journal/%s", scenarios[i].name);

      g_test_add (path, Fixture, &scenarios[i], fixture_set_up, test_fault, fixture_tear_down);
    }

  return g_test_run ();
}
