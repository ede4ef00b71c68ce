/* test-thumbnail-cache.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <utime.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "md-store-test.h"
#include "md-thumbnail-cache.h"

/* MdThumbnailCache against a real HTTP server on 127.0.0.1 that plays the
 * image host: /pic/N answers N KiB of "image", /missing 404, /html a page. */

typedef struct
{
  SoupServer *server;
  char       *base_url;
  char       *dir;
  guint       n_requests;
} Fixture;

static void
on_request_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  Fixture *f = user_data;

  f->n_requests++;
  if (g_str_has_prefix (path, "/pic/"))
    {
      gsize size = g_ascii_strtoull (path + 5, NULL, 10) * 1024;
      char *body = g_malloc (size);

      memset (body, 'x', size);
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "image/jpeg", SOUP_MEMORY_TAKE, body, size);
    }
  else if (g_str_equal (path, "/html"))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, "<html></html>", 13);
    }
  else
    soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;

  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, on_request_cb, f, NULL);
  g_assert_true (soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  f->base_url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  f->dir = g_dir_make_tmp ("md-thumbs-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->base_url);
  g_clear_object (&f->server);
}

static GBytes *
load (MdThumbnailCache  *cache,
      const char        *url,
      GCancellable      *cancellable,
      gboolean          *from_disk,
      GError           **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  md_thumbnail_cache_load_async (cache, url, cancellable, store_test_done_cb, &slot);
  result = store_test_wait (&slot);
  return md_thumbnail_cache_load_finish (cache, result, from_disk, error);
}

static guint64
folder_size (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint64 total = 0;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      GStatBuf st;

      if (g_stat (path, &st) == 0)
        total += st.st_size;
    }
  return total;
}

static void
test_download_then_disk (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(MdThumbnailCache) cache = md_thumbnail_cache_new (f->dir, 1024 * 1024);
  g_autofree char *url = g_strconcat (f->base_url, "/pic/3?width=320&token=first-jwt", NULL);
  g_autofree char *resigned = g_strconcat (f->base_url, "/pic/3?width=320&token=second-jwt", NULL);
  g_autofree char *path = md_thumbnail_cache_dup_path_for_url (cache, url);
  g_autofree char *other = md_thumbnail_cache_dup_path_for_url (cache, resigned);
  g_autofree char *name = g_path_get_basename (path);
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) second = NULL;
  g_autoptr(GError) error = NULL;
  gboolean from_disk = TRUE;

  /* A new token names the same picture; the token is not in the name. */
  g_assert_cmpstr (path, ==, other);
  /* The name is a hex digest: it may hold any run of hex letters, never "jwt". */
  g_assert_null (strstr (name, "jwt"));

  first = load (cache, url, NULL, &from_disk, &error);
  g_assert_no_error (error);
  g_assert_false (from_disk);
  g_assert_cmpuint (g_bytes_get_size (first), ==, 3 * 1024);
  g_assert_cmpuint (f->n_requests, ==, 1);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  second = load (cache, resigned, NULL, &from_disk, &error);
  g_assert_no_error (error);
  g_assert_true (from_disk);
  g_assert_true (g_bytes_equal (first, second));
  g_assert_cmpuint (f->n_requests, ==, 1);
}

static void
test_bad_answers (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(MdThumbnailCache) cache = md_thumbnail_cache_new (f->dir, 1024 * 1024);
  g_autofree char *missing = g_strconcat (f->base_url, "/missing", NULL);
  g_autofree char *html = g_strconcat (f->base_url, "/html", NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  bytes = load (cache, missing, NULL, NULL, &error);
  g_assert_null (bytes);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "404"));
  g_clear_error (&error);

  bytes = load (cache, html, NULL, NULL, &error);
  g_assert_null (bytes);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);

  /* Nothing that failed is kept. */
  g_assert_cmpuint (folder_size (f->dir), ==, 0);
}

static void
test_cancelled (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(MdThumbnailCache) cache = md_thumbnail_cache_new (f->dir, 1024 * 1024);
  g_autofree char *url = g_strconcat (f->base_url, "/pic/1", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  bytes = load (cache, url, cancellable, NULL, &error);
  g_assert_null (bytes);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (f->n_requests, ==, 0);
}

static void
test_size_limit (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(MdThumbnailCache) cache = md_thumbnail_cache_new (f->dir, 40 * 1024);
  g_autofree char *first_url = g_strconcat (f->base_url, "/pic/10?n=0", NULL);
  g_autofree char *first_path = md_thumbnail_cache_dup_path_for_url (cache, first_url);
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 8; i++)
    {
      g_autofree char *url = g_strdup_printf ("%s/pic/10?n=%u", f->base_url, i);
      g_autoptr(GBytes) bytes = load (cache, url, NULL, NULL, &error);
      g_autofree char *path = md_thumbnail_cache_dup_path_for_url (cache, url);

      g_assert_no_error (error);
      g_assert_nonnull (bytes);
      /* Distinct mtimes, so "least recently used" is well defined. */
      {
        struct utimbuf times = { .actime = 1000 + i, .modtime = 1000 + i };
        g_assert_cmpint (g_utime (path, &times), ==, 0);
      }
    }
  md_thumbnail_cache_trim_async (cache, NULL, store_test_done_cb, &slot);
  result = store_test_wait (&slot);
  g_assert_true (md_thumbnail_cache_trim_finish (cache, result, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (folder_size (f->dir), <=, 40 * 1024);
  g_assert_cmpuint (folder_size (f->dir), >, 0);
  /* The oldest went first. */
  g_assert_false (g_file_test (first_path, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/thumbnail-cache/download-then-disk", Fixture, NULL,
              fixture_set_up, test_download_then_disk, fixture_tear_down);
  g_test_add ("/thumbnail-cache/bad-answers", Fixture, NULL,
              fixture_set_up, test_bad_answers, fixture_tear_down);
  g_test_add ("/thumbnail-cache/cancelled", Fixture, NULL,
              fixture_set_up, test_cancelled, fixture_tear_down);
  g_test_add ("/thumbnail-cache/size-limit", Fixture, NULL,
              fixture_set_up, test_size_limit, fixture_tear_down);

  return g_test_run ();
}
