/* test-upload-resume.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The uploading process is SIGKILLed half-way; a new process resumes from
 * the server's offset (journal + `bytes * /TOTAL`) and completes, and the
 * bytes sent over both runs stay under 1.1 × the file.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "md-upload-test-util.h"
#include "md-test-utils.h"

typedef struct
{
  GSubprocess      *process;
  GDataInputStream *out;
} Helper;

static Helper *
helper_start (MdTestSandbox *sandbox,
              const char    *journal,
              const char    *file)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autofree char *exe = g_test_build_filename (G_TEST_BUILT, "mux", "upload-helper", NULL);
  g_autoptr(GError) error = NULL;
  Helper *helper = g_new0 (Helper, 1);

  g_subprocess_launcher_setenv (launcher, "MUXDESK_TEST_TOKEN_SECRET",
                                md_test_sandbox_get_token_secret (sandbox), TRUE);
  helper->process = g_subprocess_launcher_spawn (launcher, &error, exe,
                                                 md_test_sandbox_get_api_url (sandbox),
                                                 md_test_sandbox_get_token_id (sandbox),
                                                 journal, file, NULL);
  g_assert_no_error (error);
  helper->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (helper->process));
  return helper;
}

static char *
helper_read_line (Helper *helper)
{
  g_autoptr(GError) error = NULL;
  char *line = g_data_input_stream_read_line (helper->out, NULL, NULL, &error);

  g_assert_no_error (error);
  if (line != NULL)
    g_test_message ("helper: %s", line);
  return line;
}

static void
helper_free (Helper *helper)
{
  g_object_unref (helper->out);
  g_object_unref (helper->process);
  g_free (helper);
}

static void
test_kill_and_resume (void)
{
  const char *args[] = { "--no-rate-limit", NULL };
  g_autoptr(MdTestSandbox) sandbox = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("md-resume-XXXXXX", &error);
  g_autofree char *journal = g_build_filename (dir, "uploads.sqlite", NULL);
  g_autofree char *file = md_test_make_video (dir, "long.ts", 240);
  Helper *helper;
  GStatBuf st;
  guint64 killed_at = 0, logged, n_chunks_before;
  guint n_chunks;
  gboolean ready = FALSE;
  char *line;

  g_assert_no_error (error);
  g_assert_cmpint (g_stat (file, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 12 * MD_TEST_CHUNK);

  sandbox = md_test_sandbox_start (args, &error);
  g_assert_no_error (error);
  /* 2 MiB/s: the upload takes a few seconds, time to kill it half-way. */
  md_test_add_fault (sandbox,
                     "{\"match\":\"upload-chunk\",\"action\":\"slow\",\"bytes_per_second\":2097152,\"count\":0}");

  helper = helper_start (sandbox, journal, file);
  while ((line = helper_read_line (helper)) != NULL)
    {
      guint64 confirmed;

      if (sscanf (line, "confirmed %" G_GUINT64_FORMAT, &confirmed) == 1 && confirmed >= (guint64) st.st_size / 2)
        killed_at = confirmed;
      g_assert_false (g_str_has_prefix (line, "ready") || g_str_has_prefix (line, "failed"));
      g_free (line);
      if (killed_at > 0)
        break;
    }
  g_assert_cmpuint (killed_at, >, 0);
  g_subprocess_send_signal (helper->process, SIGKILL);
  g_subprocess_wait (helper->process, NULL, NULL);
  helper_free (helper);
  md_test_sandbox_chunk_bytes (sandbox, &n_chunks);
  n_chunks_before = n_chunks;

  md_test_sandbox_admin (sandbox, "DELETE", "/_sandbox/faults", NULL, NULL, NULL);
  helper = helper_start (sandbox, journal, file);
  line = helper_read_line (helper);
  g_assert_cmpstr (line, ==, "restored 1");
  g_free (line);
  while ((line = helper_read_line (helper)) != NULL)
    {
      ready |= g_str_has_prefix (line, "ready");
      g_assert_false (g_str_has_prefix (line, "failed"));
      g_free (line);
    }
  g_assert_true (ready);
  g_assert_true (g_subprocess_wait_check (helper->process, NULL, &error));
  g_assert_no_error (error);
  helper_free (helper);

  g_assert_true (md_test_sandbox_has_file (sandbox, file));

  /* Every answered chunk of both runs, plus at most the one the kill cut. */
  logged = md_test_sandbox_chunk_bytes (sandbox, &n_chunks);
  g_assert_cmpuint (n_chunks, >, n_chunks_before);
  g_test_message ("file %" G_GINT64_FORMAT " bytes, chunks sent %" G_GUINT64_FORMAT " + ≤ %d cut",
                  (gint64) st.st_size, logged, MD_TEST_CHUNK);
  g_assert_cmpfloat ((double) (logged + MD_TEST_CHUNK), <, 1.1 * st.st_size);

  g_unlink (journal);
  {
    g_autofree char *wal = g_strconcat (journal, "-wal", NULL);
    g_autofree char *shm = g_strconcat (journal, "-shm", NULL);
    g_unlink (wal);
    g_unlink (shm);
  }
  g_unlink (file);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/upload-resume/kill-and-resume", test_kill_and_resume);
  return g_test_run ();
}
