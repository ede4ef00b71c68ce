/* fuzz-upload-journal.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The upload journal reading a database file it did not write: the input is
 * the file (seeds are real journals made by the journal itself). Reads the
 * records back (no offset or size beyond what SQLite can hold), moves and
 * updates the first one, and redacts its URL, as the upload queue does on
 * start-up.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "md-fuzz.h"
#include "md-upload-journal.h"

static char *work_dir;
static guint run_number;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  const char *base = g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) ? "/dev/shm" : g_get_tmp_dir ();
  g_autofree char *template = g_build_filename (base, "md-fuzz-journal-XXXXXX", NULL);

  md_fuzz_setup_logging ();
  work_dir = g_mkdtemp (g_steal_pointer (&template));
  g_assert_nonnull (work_dir);
  return 0;
}

static void
on_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
remove_database (guint number)
{
  static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strdup_printf ("journal-%u.db%s", number, suffixes[i]);
      g_autofree char *path = g_build_filename (work_dir, name, NULL);

      g_unlink (path);
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(MdUploadJournal) journal = NULL;
  g_autoptr(GAsyncResult) listed = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;

  /* A new file name each run: the previous journal's worker may still be
   * closing its connection to the old one. */
  if (run_number > 0)
    remove_database (run_number - 1);
  run_number++;
  name = g_strdup_printf ("journal-%u.db", run_number);
  path = g_build_filename (work_dir, name, NULL);
  g_assert_true (g_file_set_contents (path, (const char *) data, size, NULL));

  journal = md_upload_journal_new_for_path (path);
  md_upload_journal_list_async (journal, NULL, on_done_cb, &listed);
  records = md_upload_journal_list_finish (journal, wait_for_result (&listed), &error);
  if (records == NULL)
    {
      g_assert_nonnull (error);
      return 0;
    }

  for (guint i = 0; i < records->len; i++)
    {
      const MdUploadRecord *record = g_ptr_array_index (records, i);
      g_autoptr(MdUploadRecord) copy = md_upload_record_copy (record);
      g_autofree char *redacted = md_upload_redact_url (record->upload_url);

      g_assert_nonnull (redacted);
      g_assert_nonnull (md_upload_state_to_string (copy->state));
      /* Regression: a negative offset in the file read as a huge one. */
      g_assert_cmpuint (record->file_size, <=, G_MAXINT64);
      g_assert_cmpuint (record->confirmed_offset, <=, G_MAXINT64);
    }

  if (records->len > 0)
    {
      const MdUploadRecord *first = g_ptr_array_index (records, 0);
      g_autoptr(GAsyncResult) moved = NULL;
      g_autoptr(GAsyncResult) updated = NULL;
      g_autoptr(GError) move_error = NULL;
      g_autoptr(GError) update_error = NULL;

      if (first->local_id == NULL)
        return 0;
      md_upload_journal_move_async (journal, first->local_id, records->len, NULL, on_done_cb, &moved);
      md_upload_journal_update_offset_async (journal, first->local_id, first->confirmed_offset / 2 + 1,
                                             NULL, on_done_cb, &updated);
      md_upload_journal_change_finish (journal, wait_for_result (&moved), &move_error);
      md_upload_journal_change_finish (journal, wait_for_result (&updated), &update_error);
    }
  return 0;
}
