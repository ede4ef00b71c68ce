/* test-upload-range.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "md-file-range-stream.h"
#include "md-upload-fingerprint.h"
#include "md-upload-transfer.h"

/* The 308 answer's Range header: what the uploader resumes from. Anything
 * but a plain `bytes=0-N` must read as "nothing held" (0), never as a
 * larger offset, or bytes would be skipped. */

static void
test_well_formed (void)
{
  g_assert_cmpuint (md_upload_parse_range ("bytes=0-0"), ==, 1);
  g_assert_cmpuint (md_upload_parse_range ("bytes=0-262143"), ==, 262144);
  g_assert_cmpuint (md_upload_parse_range ("bytes=0-8388607"), ==, 8388608);
  g_assert_cmpuint (md_upload_parse_range ("bytes=0-00042"), ==, 43);
  g_assert_cmpuint (md_upload_parse_range ("bytes=0-18446744073709551614"), ==, G_MAXUINT64);
}

static void
test_odd_headers_hold_nothing (void)
{
  const char *odd[] = {
    "",
    "bytes=0-",
    "bytes=0--1",
    "bytes=0-+5",
    "bytes=0- 5",
    "bytes=0-\v5",  /* found by fuzz-upload-range */
    "bytes=0-\t5",
    "bytes=0-5 ",
    "bytes=0-5x",
    "bytes=0-0x10",
    "bytes=0-262143, 300-400",
    "bytes=100-200",
    "bytes=1-200",
    "bytes 0-200",
    "Bytes=0-200",
    "items=0-200",
    "bytes=0-18446744073709551615",
    "bytes=0-99999999999999999999999",
  };

  g_assert_cmpuint (md_upload_parse_range (NULL), ==, 0);
  for (gsize i = 0; i < G_N_ELEMENTS (odd); i++)
    {
      g_test_message ("Range: %s", odd[i]);
      g_assert_cmpuint (md_upload_parse_range (odd[i]), ==, 0);
    }
}

/* A chunk is streamed from the file a few KiB at a time: when the file is
 * written to half-way, the stream stops before handing on a byte read
 * after the write, so a chunk never mixes two versions. */
static void
test_stream_refuses_changed_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("md-range-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "clip.bin", NULL);
  g_autofree guchar *old = g_malloc (64 * 1024);
  g_autofree guchar *buffer = g_malloc (64 * 1024);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  struct timespec times[2] = { { 1000000000, 0 }, { 1000000000, 0 } };
  guint64 size;
  gint64 mtime;
  gssize n;
  int fd;

  for (guint i = 0; i < 64 * 1024; i++)
    old[i] = i % 251;
  g_file_set_contents (path, (const char *) old, 64 * 1024, &error);
  g_assert_no_error (error);
  fd = g_open (path, O_RDWR, 0);
  g_assert_cmpint (fd, >=, 0);
  /* An old time, so the write below surely changes it. */
  g_assert_cmpint (futimens (fd, times), ==, 0);
  g_assert_true (md_upload_file_stat (fd, &size, &mtime, &error));
  g_assert_cmpuint (size, ==, 64 * 1024);

  stream = md_file_range_stream_new (fd, 0, 64 * 1024, NULL);
  md_file_range_stream_set_guard (MD_FILE_RANGE_STREAM (stream), size, mtime);
  n = g_input_stream_read (stream, buffer, 16 * 1024, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 16 * 1024);
  g_assert_cmpmem (buffer, n, old, n);

  /* Edited in place, same size. */
  memset (buffer, 0xee, 64 * 1024);
  g_assert_cmpint (pwrite (fd, buffer, 64 * 1024, 0), ==, 64 * 1024);
  g_assert_true (md_upload_file_stat (fd, &size, &mtime, NULL));
  g_assert_cmpuint (size, ==, 64 * 1024);

  n = g_input_stream_read (stream, buffer, 16 * 1024, NULL, &error);
  g_assert_cmpint (n, ==, -1);
  g_assert_error (error, MD_UPLOAD_ERROR, MD_UPLOAD_ERROR_FILE_CHANGED);
  g_clear_error (&error);

  /* And a chunk does not even start. */
  {
    g_autoptr(SoupSession) session = soup_session_new ();
    MdUploadPutReply reply;

    g_assert_false (md_upload_put_chunk_sync (session, "http://127.0.0.1:9/upload/x", fd, 0, 64 * 1024,
                                              64 * 1024, G_GINT64_CONSTANT (1000000000) * G_USEC_PER_SEC, NULL, NULL,
                                              &reply, &error));
    g_assert_error (error, MD_UPLOAD_ERROR, MD_UPLOAD_ERROR_FILE_CHANGED);
  }

  close (fd);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/upload-range/well-formed", test_well_formed);
  g_test_add_func ("/upload-range/odd-headers-hold-nothing", test_odd_headers_hold_nothing);
  g_test_add_func ("/upload-range/stream-refuses-changed-file", test_stream_refuses_changed_file);

  return g_test_run ();
}
