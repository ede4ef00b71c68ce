/* journal-writer.c — a process for test-upload-journal to kill
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * journal-writer JOURNAL-PATH N: queues an upload, confirms N offsets one
 * after the other (each waited for), prints "LOCAL-ID OFFSET" once the last
 * update_offset returned, then blocks until killed.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "md-upload-journal.h"

typedef struct
{
  MdUploadJournal *journal;
  char            *local_id;
  guint            remaining;
  guint64          offset;
  GMainLoop       *loop;
} Writer;

static void write_next (Writer *writer);

static void
on_offset_updated_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  Writer *writer = user_data;
  g_autoptr(GError) error = NULL;

  if (!md_upload_journal_change_finish (writer->journal, result, &error))
    g_error ("update_offset failed: %s", error->message);

  write_next (writer);
}

static void
write_next (Writer *writer)
{
  if (writer->remaining == 0)
    {
      /* The last update returned: say so, and wait to be killed. */
      printf ("%s %" G_GUINT64_FORMAT "\n", writer->local_id, writer->offset);
      fflush (stdout);
      g_main_loop_quit (writer->loop);
      return;
    }

  writer->remaining--;
  writer->offset += 256 * 1024;
  md_upload_journal_update_offset_async (writer->journal, writer->local_id, writer->offset,
                                         NULL, on_offset_updated_cb, writer);
}

static void
on_added_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Writer *writer = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MdUploadRecord) record = NULL;

  record = md_upload_journal_add_finish (writer->journal, result, &error);
  if (record == NULL)
    g_error ("add failed: %s", error->message);

  writer->local_id = g_strdup (record->local_id);
  write_next (writer);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(MdUploadRecord) record = md_upload_record_new ();
  Writer writer = { 0, };

  if (argc != 3)
    {
      fprintf (stderr, "usage: journal-writer JOURNAL-PATH N\n");
      return 2;
    }

  writer.journal = md_upload_journal_new_for_path (argv[1]);
  writer.remaining = (guint) g_ascii_strtoull (argv[2], NULL, 10);
  writer.loop = g_main_loop_new (NULL, FALSE);

  record->file_path = g_strdup ("/nonexistent/video.mp4");
  record->file_size = 1024 * 1024 * 1024;
  record->fingerprint = g_strdup ("sha256:0");
  record->state = MD_UPLOAD_STATE_UPLOADING;
  md_upload_journal_add_async (writer.journal, record, NULL, on_added_cb, &writer);
  g_main_loop_run (writer.loop);

  /* Blocks until the test kills us (or closes our stdin). */
  while (getchar () != EOF)
    ;

  g_main_loop_unref (writer.loop);
  g_object_unref (writer.journal);
  g_free (writer.local_id);
  return 0;
}
