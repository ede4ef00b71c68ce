/* test-upload-journal.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "md-store-test.h"
#include "md-upload-file.h"
#include "md-upload-journal.h"

#define MIB (1024 * 1024)

static MdUploadRecord *
journal_add (MdUploadJournal *journal,
             const char      *title)
{
  g_autoptr(MdUploadRecord) record = md_upload_record_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  MdUploadRecord *stored;

  record->file_path = g_strdup_printf ("/videos/%s.mp4", title);
  record->file_size = 5 * MIB;
  record->file_mtime_usec = G_GINT64_CONSTANT (1700000000) * G_USEC_PER_SEC + 42;
  record->fingerprint = g_strdup ("sha256:abc");
  record->title = g_strdup (title);
  record->settings_json = g_strdup ("{\"playback_policies\":[\"public\"],\"video_quality\":\"basic\"}");
  record->state = MD_UPLOAD_STATE_QUEUED;

  md_upload_journal_add_async (journal, record, NULL, store_test_done_cb, &slot);
  result = store_test_wait (&slot);
  stored = md_upload_journal_add_finish (journal, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stored->local_id);
  return stored;
}

static void
expect_change (MdUploadJournal *journal,
               GAsyncResult   **slot,
               GQuark           domain,
               int              code)
{
  g_autoptr(GAsyncResult) result = store_test_wait (slot);
  g_autoptr(GError) error = NULL;
  gboolean ok = md_upload_journal_change_finish (journal, result, &error);

  if (domain == 0)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
    }
  else
    {
      g_assert_error (error, domain, code);
      g_assert_false (ok);
    }
}

static GPtrArray *
journal_list (MdUploadJournal *journal)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  GPtrArray *records;

  md_upload_journal_list_async (journal, NULL, store_test_done_cb, &slot);
  result = store_test_wait (&slot);
  records = md_upload_journal_list_finish (journal, result, &error);
  g_assert_no_error (error);
  return records;
}

#define RECORD(records, i) ((MdUploadRecord *) g_ptr_array_index ((records), (i)))

static void
test_changes_survive_reopening (void)
{
  g_autoptr(MdUploadJournal) journal = md_upload_journal_new ("env-journal");
  g_autoptr(MdUploadRecord) a = NULL;
  g_autoptr(MdUploadRecord) b = NULL;
  g_autoptr(MdUploadRecord) c = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autofree char *expected_path = g_build_filename (g_get_user_data_dir (), "muxdesk", "env-journal",
                                                     "uploads.db", NULL);
  g_autofree char *path = NULL;
  GAsyncResult *slot = NULL;

  g_assert_cmpstr (md_upload_journal_get_path (journal), ==, expected_path);
  path = g_strdup (md_upload_journal_get_path (journal));

  a = journal_add (journal, "first");
  b = journal_add (journal, "second");
  c = journal_add (journal, "third");
  g_assert_cmpuint (a->position, ==, 0);
  g_assert_cmpuint (c->position, ==, 2);

  md_upload_journal_set_upload_async (journal, a->local_id, "upload-1",
                                      "https://storage.example.com/upload/1?signature=sensitive",
                                      NULL, store_test_done_cb, &slot);
  expect_change (journal, &slot, 0, 0);
  md_upload_journal_update_offset_async (journal, a->local_id, 3 * MIB, NULL, store_test_done_cb, &slot);
  expect_change (journal, &slot, 0, 0);
  md_upload_journal_set_asset_id_async (journal, a->local_id, "asset-1", NULL, store_test_done_cb, &slot);
  expect_change (journal, &slot, 0, 0);
  md_upload_journal_set_state_async (journal, a->local_id, MD_UPLOAD_STATE_PROCESSING, NULL,
                                     NULL, store_test_done_cb, &slot);
  expect_change (journal, &slot, 0, 0);
  md_upload_journal_set_state_async (journal, b->local_id, MD_UPLOAD_STATE_FAILED, "The file is not a video",
                                     NULL, store_test_done_cb, &slot);
  expect_change (journal, &slot, 0, 0);
  md_upload_journal_move_async (journal, c->local_id, 0, NULL, store_test_done_cb, &slot);
  expect_change (journal, &slot, 0, 0);

  /* Unknown ids are an error, not a silent no-op. */
  md_upload_journal_update_offset_async (journal, "no-such-upload", 1, NULL, store_test_done_cb, &slot);
  expect_change (journal, &slot, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  md_upload_journal_move_async (journal, "no-such-upload", 1, NULL, store_test_done_cb, &slot);
  expect_change (journal, &slot, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

  g_clear_object (&journal);

  /* A new journal on the same file: everything is there, in queue order. */
  journal = md_upload_journal_new_for_path (path);
  records = journal_list (journal);
  g_assert_cmpuint (records->len, ==, 3);
  g_assert_cmpstr (RECORD (records, 0)->local_id, ==, c->local_id);
  g_assert_cmpstr (RECORD (records, 1)->local_id, ==, a->local_id);
  g_assert_cmpstr (RECORD (records, 2)->local_id, ==, b->local_id);
  for (guint i = 0; i < records->len; i++)
    g_assert_cmpuint (RECORD (records, i)->position, ==, i);

  g_assert_cmpstr (RECORD (records, 1)->upload_id, ==, "upload-1");
  g_assert_cmpstr (RECORD (records, 1)->upload_url, ==, "https://storage.example.com/upload/1?signature=sensitive");
  g_assert_cmpuint (RECORD (records, 1)->confirmed_offset, ==, 3 * MIB);
  g_assert_cmpstr (RECORD (records, 1)->asset_id, ==, "asset-1");
  g_assert_cmpint (RECORD (records, 1)->state, ==, MD_UPLOAD_STATE_PROCESSING);
  g_assert_null (RECORD (records, 1)->error_message);
  g_assert_cmpstr (RECORD (records, 1)->file_path, ==, "/videos/first.mp4");
  g_assert_cmpuint (RECORD (records, 1)->file_size, ==, 5 * MIB);
  g_assert_cmpint (RECORD (records, 1)->file_mtime_usec, ==, G_GINT64_CONSTANT (1700000000) * G_USEC_PER_SEC + 42);
  g_assert_cmpstr (RECORD (records, 1)->fingerprint, ==, "sha256:abc");
  g_assert_cmpstr (RECORD (records, 1)->title, ==, "first");
  g_assert_cmpstr (RECORD (records, 1)->settings_json, ==,
                   "{\"playback_policies\":[\"public\"],\"video_quality\":\"basic\"}");
  g_assert_cmpint (RECORD (records, 1)->created_at, >, 0);
  g_assert_cmpint (RECORD (records, 1)->updated_at, >=, RECORD (records, 1)->created_at);
  g_assert_cmpint (RECORD (records, 2)->state, ==, MD_UPLOAD_STATE_FAILED);
  g_assert_cmpstr (RECORD (records, 2)->error_message, ==, "The file is not a video");
  g_assert_cmpint (RECORD (records, 0)->state, ==, MD_UPLOAD_STATE_QUEUED);
  g_assert_cmpuint (RECORD (records, 0)->confirmed_offset, ==, 0);

  /* A new upload URL (the old one expired) starts over at byte 0. */
  md_upload_journal_set_upload_async (journal, a->local_id, "upload-2", "https://storage.example.com/upload/2",
                                      NULL, store_test_done_cb, &slot);
  expect_change (journal, &slot, 0, 0);

  /* Move past the end = last; remove closes the gap. */
  md_upload_journal_move_async (journal, c->local_id, 99, NULL, store_test_done_cb, &slot);
  expect_change (journal, &slot, 0, 0);
  md_upload_journal_remove_async (journal, b->local_id, NULL, store_test_done_cb, &slot);
  expect_change (journal, &slot, 0, 0);
  md_upload_journal_remove_async (journal, b->local_id, NULL, store_test_done_cb, &slot);
  expect_change (journal, &slot, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_object (&journal);

  journal = md_upload_journal_new_for_path (path);
  g_clear_pointer (&records, g_ptr_array_unref);
  records = journal_list (journal);
  g_assert_cmpuint (records->len, ==, 2);
  g_assert_cmpstr (RECORD (records, 0)->local_id, ==, a->local_id);
  g_assert_cmpstr (RECORD (records, 0)->upload_id, ==, "upload-2");
  g_assert_cmpuint (RECORD (records, 0)->confirmed_offset, ==, 0);
  g_assert_cmpstr (RECORD (records, 1)->local_id, ==, c->local_id);
}

static void
test_journal_mode (void)
{
  g_autoptr(MdUploadJournal) journal = md_upload_journal_new ("env-wal");
  g_autoptr(MdUploadRecord) a = journal_add (journal, "wal");
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (md_upload_journal_get_path (journal), &db, SQLITE_OPEN_READONLY, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/* Changes queued without waiting apply in the order they were made. */
static void
test_changes_apply_in_order (void)
{
  g_autoptr(MdUploadJournal) journal = md_upload_journal_new ("env-order");
  g_autoptr(MdUploadRecord) a = journal_add (journal, "ordered");
  g_autoptr(GPtrArray) records = NULL;
  GAsyncResult *slots[50] = { NULL, };

  for (guint i = 0; i < G_N_ELEMENTS (slots); i++)
    md_upload_journal_update_offset_async (journal, a->local_id, (i + 1) * 256 * 1024, NULL,
                                           store_test_done_cb, &slots[i]);
  for (guint i = 0; i < G_N_ELEMENTS (slots); i++)
    expect_change (journal, &slots[i], 0, 0);

  records = journal_list (journal);
  g_assert_cmpuint (RECORD (records, 0)->confirmed_offset, ==, G_N_ELEMENTS (slots) * 256 * 1024);
}

static void
test_cancelled (void)
{
  g_autoptr(MdUploadJournal) journal = md_upload_journal_new ("env-cancel");
  g_autoptr(MdUploadRecord) a = journal_add (journal, "cancel");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) records = NULL;
  GAsyncResult *slot = NULL;

  g_cancellable_cancel (cancellable);
  md_upload_journal_update_offset_async (journal, a->local_id, 1234, cancellable, store_test_done_cb, &slot);
  expect_change (journal, &slot, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  records = journal_list (journal);
  g_assert_cmpuint (RECORD (records, 0)->confirmed_offset, ==, 0);
}

/* The helper confirms offsets, says which one returned last, and is
 * SIGKILLed at once: that offset must be in the database. */
static void
test_offset_survives_sigkill (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "killed", "uploads.db", NULL);
  g_autofree char *writer = g_test_build_filename (G_TEST_BUILT, "store", "journal-writer", NULL);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) output = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MdUploadJournal) journal = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autofree char *line = NULL;
  g_auto(GStrv) fields = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDIN_PIPE, &error,
                              writer, path, "40", NULL);
  g_assert_no_error (error);

  output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  line = g_data_input_stream_read_line (output, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);

  g_subprocess_force_exit (process);  /* SIGKILL */
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (process));
  g_assert_cmpint (g_subprocess_get_term_sig (process), ==, SIGKILL);

  fields = g_strsplit (line, " ", 2);
  g_assert_cmpuint (g_strv_length (fields), ==, 2);

  journal = md_upload_journal_new_for_path (path);
  records = journal_list (journal);
  g_assert_cmpuint (records->len, ==, 1);
  g_assert_cmpstr (RECORD (records, 0)->local_id, ==, fields[0]);
  g_assert_cmpuint (RECORD (records, 0)->confirmed_offset, ==, g_ascii_strtoull (fields[1], NULL, 10));
  g_assert_cmpuint (RECORD (records, 0)->confirmed_offset, ==, 40 * 256 * 1024);
  g_assert_cmpint (RECORD (records, 0)->state, ==, MD_UPLOAD_STATE_UPLOADING);
}

/* Files for the fingerprint tests. */

static char *
write_random_file (const char *name,
                   gsize       size)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), name, NULL);
  g_autofree guint32 *data = g_new (guint32, size / 4 + 1);
  g_autoptr(GError) error = NULL;

  for (gsize i = 0; i < size / 4 + 1; i++)
    data[i] = g_random_int ();
  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  g_file_set_contents (path, (const char *) data, size, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static void
overwrite_byte (const char *path,
                goffset     offset)
{
  struct stat before;
  struct timespec times[2];
  int fd;
  guchar byte;

  g_assert_cmpint (g_stat (path, &before), ==, 0);
  fd = g_open (path, O_RDWR, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pread (fd, &byte, 1, offset), ==, 1);
  byte ^= 0xff;
  g_assert_cmpint (pwrite (fd, &byte, 1, offset), ==, 1);
  /* Same size, same modification time: only the content tells. */
  times[0] = before.st_atim;
  times[1] = before.st_mtim;
  g_assert_cmpint (futimens (fd, times), ==, 0);
  close (fd);
}

static MdUploadRecord *
record_for_file (const char  *path,
                 GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  md_upload_record_new_for_file_async (path, NULL, store_test_done_cb, &slot);
  result = store_test_wait (&slot);
  return md_upload_record_new_for_file_finish (result, error);
}

static gboolean
check_file (const MdUploadRecord  *record,
            GError               **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  md_upload_file_check_async (record, NULL, store_test_done_cb, &slot);
  result = store_test_wait (&slot);
  return md_upload_file_check_finish (result, error);
}

static char *
fingerprint (const char *path)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  char *digest;

  md_upload_fingerprint_file_async (path, NULL, store_test_done_cb, &slot);
  result = store_test_wait (&slot);
  digest = md_upload_fingerprint_file_finish (result, &error);
  g_assert_no_error (error);
  return digest;
}

static void
test_fingerprint_is_first_and_last_mib (void)
{
  g_autofree char *path = write_random_file ("big.bin", 3 * MIB + 17);
  g_autofree char *contents = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GError) error = NULL;
  gsize length;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_checksum_update (checksum, (const guchar *) contents, MIB);
  g_checksum_update (checksum, (const guchar *) contents + length - MIB, MIB);
  expected = g_strconcat ("sha256:", g_checksum_get_string (checksum), NULL);

  digest = fingerprint (path);
  g_assert_cmpstr (digest, ==, expected);

  /* A byte in the middle is outside the fingerprint (size and time guard the rest). */
  overwrite_byte (path, MIB + 100);
  g_clear_pointer (&digest, g_free);
  digest = fingerprint (path);
  g_assert_cmpstr (digest, ==, expected);
}

static void
test_check_detects_changed_content (void)
{
  g_autofree char *path = write_random_file ("video.bin", 4 * MIB);
  g_autoptr(MdUploadRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  struct stat after;

  record = record_for_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (record->file_size, ==, 4 * MIB);
  g_assert_true (g_str_has_prefix (record->fingerprint, "sha256:"));
  g_assert_cmpint (record->state, ==, MD_UPLOAD_STATE_QUEUED);

  g_assert_true (check_file (record, &error));
  g_assert_no_error (error);

  overwrite_byte (path, 4 * MIB - 10);
  g_assert_cmpint (g_stat (path, &after), ==, 0);
  g_assert_cmpuint (after.st_size, ==, record->file_size);
  g_assert_cmpint ((gint64) after.st_mtim.tv_sec * G_USEC_PER_SEC + after.st_mtim.tv_nsec / 1000,
                   ==, record->file_mtime_usec);

  g_assert_false (check_file (record, &error));
  g_assert_error (error, MD_UPLOAD_FILE_ERROR, MD_UPLOAD_FILE_ERROR_CHANGED);
  g_assert_nonnull (strstr (error->message, "video.bin"));
}

static void
test_check_detects_size_and_vanished (void)
{
  g_autofree char *path = write_random_file ("clip.bin", MIB / 2);
  g_autoptr(MdUploadRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  record = record_for_file (path, &error);
  g_assert_no_error (error);

  /* Appending changes the size. */
  {
    FILE *f = fopen (path, "a");
    fputs ("more", f);
    fclose (f);
  }
  g_assert_false (check_file (record, &error));
  g_assert_error (error, MD_UPLOAD_FILE_ERROR, MD_UPLOAD_FILE_ERROR_CHANGED);
  g_clear_error (&error);

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_false (check_file (record, &error));
  g_assert_error (error, MD_UPLOAD_FILE_ERROR, MD_UPLOAD_FILE_ERROR_VANISHED);
}

static void
test_bad_files_refused (void)
{
  g_autofree char *empty = g_build_filename (g_get_user_data_dir (), "empty.mp4", NULL);
  g_autofree char *missing = g_build_filename (g_get_user_data_dir (), "missing.mp4", NULL);
  g_autoptr(MdUploadRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  g_file_set_contents (empty, "", 0, &error);
  g_assert_no_error (error);

  record = record_for_file (empty, &error);
  g_assert_null (record);
  g_assert_error (error, MD_UPLOAD_FILE_ERROR, MD_UPLOAD_FILE_ERROR_EMPTY);
  g_clear_error (&error);

  record = record_for_file (g_get_user_data_dir (), &error);
  g_assert_null (record);
  g_assert_error (error, MD_UPLOAD_FILE_ERROR, MD_UPLOAD_FILE_ERROR_NOT_REGULAR);
  g_clear_error (&error);

  record = record_for_file (missing, &error);
  g_assert_null (record);
  g_assert_error (error, MD_UPLOAD_FILE_ERROR, MD_UPLOAD_FILE_ERROR_VANISHED);
}

/* GIO's own words ("Error opening file …: Permission denied") never reach
 * the user: the message says what is wrong with the file in ours. */
static void
assert_our_words (const GError *error,
                  const char   *name)
{
  g_assert_nonnull (strstr (error->message, name));
  g_assert_null (strstr (error->message, "Error opening"));
  g_assert_null (strstr (error->message, "Error when getting information"));
  g_test_message ("%s", error->message);
}

static void
test_unreadable_permission (void)
{
  g_autofree char *path = write_random_file ("private.mov", MIB / 4);
  g_autoptr(MdUploadRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  if (geteuid () == 0)
    {
      g_test_skip ("Running as root, which reads a file of mode 000 anyway; "
                   "/upload-file/unreadable/not-a-folder checks our wording instead");
      return;
    }

  g_assert_cmpint (g_chmod (path, 0), ==, 0);
  record = record_for_file (path, &error);
  g_assert_cmpint (g_chmod (path, 0600), ==, 0);
  g_assert_null (record);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_nonnull (strstr (error->message, "not allowed to read"));
  assert_our_words (error, "private.mov");
}

/* A path that goes through a file as if it were a folder (say, a file name
 * typed with a slash after it and more). */
static void
test_unreadable_not_a_folder (void)
{
  g_autofree char *file = write_random_file ("clip.mp4", MIB / 4);
  g_autofree char *path = g_build_filename (file, "take-2.mp4", NULL);
  g_autoptr(MdUploadRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  record = record_for_file (path, &error);
  g_assert_null (record);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY);
  g_assert_nonnull (strstr (error->message, "not a folder"));
  assert_our_words (error, "clip.mp4/take-2.mp4");
}

static void
test_redact_url (void)
{
  g_autofree char *redacted = md_upload_redact_url ("https://storage.googleapis.com/video/abc?X-Goog-Signature=123");

  g_assert_cmpstr (redacted, ==, "https://storage.googleapis.com/…");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/upload-journal/changes-survive-reopening", test_changes_survive_reopening);
  g_test_add_func ("/upload-journal/journal-mode", test_journal_mode);
  g_test_add_func ("/upload-journal/changes-apply-in-order", test_changes_apply_in_order);
  g_test_add_func ("/upload-journal/cancelled", test_cancelled);
  g_test_add_func ("/upload-journal/offset-survives-sigkill", test_offset_survives_sigkill);
  g_test_add_func ("/upload-file/fingerprint-is-first-and-last-mib", test_fingerprint_is_first_and_last_mib);
  g_test_add_func ("/upload-file/check-detects-changed-content", test_check_detects_changed_content);
  g_test_add_func ("/upload-file/check-detects-size-and-vanished", test_check_detects_size_and_vanished);
  g_test_add_func ("/upload-file/unreadable/permission", test_unreadable_permission);
  g_test_add_func ("/upload-file/unreadable/not-a-folder", test_unreadable_not_a_folder);
  g_test_add_func ("/upload-file/bad-files-refused", test_bad_files_refused);
  g_test_add_func ("/upload-file/redact-url", test_redact_url);

  return g_test_run ();
}
