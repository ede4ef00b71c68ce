/* test-storyboard.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "md-media.h"
#include "md-storyboard.h"
#include "md-test-hls.h"
#include "md-test-utils.h"

/* The storyboard parser is a pure function: checked on the documented
 * shape, on odd but valid input, and on broken input; then loaded over
 * HTTP from 127.0.0.1 with its sprite. */

/* Mux's documented example: 256×160 tiles, 5 a row. */
static const char example[] =
  "{\"url\":\"https://image.example/PID/storyboard.jpg\","
  "\"tile_width\":256,\"tile_height\":160,\"duration\":6.5,"
  "\"tiles\":[{\"start\":0,\"x\":0,\"y\":0},{\"start\":1.3,\"x\":256,\"y\":0},"
  "{\"start\":2.6,\"x\":512,\"y\":0},{\"start\":3.9,\"x\":768,\"y\":0},"
  "{\"start\":5.2,\"x\":1024,\"y\":0},{\"start\":6.0,\"x\":0,\"y\":160}]}";

static MdStoryboard *
parse (const char  *json,
       const char  *uri,
       GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));

  return md_storyboard_new_from_json (bytes, uri, error);
}

static void
test_parses_documented_shape (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdStoryboard) storyboard = parse (example, NULL, &error);
  MdStoryboardTile tile;

  g_assert_no_error (error);
  g_assert_cmpstr (md_storyboard_get_image_uri (storyboard), ==, "https://image.example/PID/storyboard.jpg");
  g_assert_cmpint (md_storyboard_get_tile_width (storyboard), ==, 256);
  g_assert_cmpint (md_storyboard_get_tile_height (storyboard), ==, 160);
  g_assert_cmpuint (md_storyboard_get_n_tiles (storyboard), ==, 6);
  g_assert_cmpfloat (md_storyboard_get_duration (storyboard), ==, 6.5);

  /* A tile covers [start, next start). */
  md_storyboard_lookup (storyboard, 0, &tile);
  g_assert_cmpint (tile.x, ==, 0);
  g_assert_cmpfloat (tile.end, ==, 1.3);
  md_storyboard_lookup (storyboard, 1.29, &tile);
  g_assert_cmpint (tile.x, ==, 0);
  md_storyboard_lookup (storyboard, 1.3, &tile);
  g_assert_cmpint (tile.x, ==, 256);
  md_storyboard_lookup (storyboard, 4.0, &tile);
  g_assert_cmpint (tile.x, ==, 768);
  g_assert_cmpfloat (tile.start, ==, 3.9);
  g_assert_cmpfloat (tile.end, ==, 5.2);

  /* The second row, and the last tile lasting to the end. */
  md_storyboard_lookup (storyboard, 6.2, &tile);
  g_assert_cmpint (tile.x, ==, 0);
  g_assert_cmpint (tile.y, ==, 160);
  g_assert_cmpfloat (tile.end, ==, 6.5);

  /* Outside the video: the nearest end. */
  md_storyboard_lookup (storyboard, -3, &tile);
  g_assert_cmpfloat (tile.start, ==, 0);
  md_storyboard_lookup (storyboard, 1000, &tile);
  g_assert_cmpint (tile.y, ==, 160);
}

static void
test_unsorted_tiles_and_no_duration (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdStoryboard) storyboard =
    parse ("{\"url\":\"s.jpg\",\"tile_width\":10,\"tile_height\":5,"
           "\"tiles\":[{\"start\":2,\"x\":20,\"y\":0},{\"start\":0,\"x\":0,\"y\":0},{\"start\":1.0,\"x\":10,\"y\":0}]}",
           NULL, &error);
  MdStoryboardTile tile;

  g_assert_no_error (error);
  g_assert_cmpfloat (md_storyboard_get_duration (storyboard), ==, 2);
  md_storyboard_lookup (storyboard, 1.5, &tile);
  g_assert_cmpint (tile.x, ==, 10);
  g_assert_cmpfloat (tile.end, ==, 2);
  md_storyboard_lookup (storyboard, 0.5, &tile);
  g_assert_cmpint (tile.x, ==, 0);
}

static void
test_image_url_resolution (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdStoryboard) relative = NULL;
  g_autoptr(MdStoryboard) absolute = NULL;
  const char *json = "{\"url\":\"storyboard.jpg\",\"tile_width\":1,\"tile_height\":1,"
                     "\"tiles\":[{\"start\":0,\"x\":0,\"y\":0}]}";

  /* Relative to the storyboard, and the signed storyboard's token goes on. */
  relative = parse (json, "http://127.0.0.1:1/image/PID/storyboard.json?token=abc", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (md_storyboard_get_image_uri (relative), ==,
                   "http://127.0.0.1:1/image/PID/storyboard.jpg?token=abc");

  /* An image URL with its own query keeps it. */
  absolute = parse ("{\"url\":\"http://h/s.webp?token=img\",\"tile_width\":1,\"tile_height\":1,"
                    "\"tiles\":[{\"start\":0,\"x\":0,\"y\":0}]}",
                    "http://127.0.0.1:1/storyboard.json?token=abc", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (md_storyboard_get_image_uri (absolute), ==, "http://h/s.webp?token=img");
}

static void
test_rejects_broken_input (void)
{
  static const char *const broken[] = {
    "",
    "not json",
    "[]",
    "{\"url\":\"s.jpg\",\"tile_width\":256,\"tile_height\":160}",
    "{\"tile_width\":256,\"tile_height\":160,\"tiles\":[{\"start\":0,\"x\":0,\"y\":0}]}",
    "{\"url\":\"\",\"tile_width\":256,\"tile_height\":160,\"tiles\":[{\"start\":0,\"x\":0,\"y\":0}]}",
    "{\"url\":\"s.jpg\",\"tile_width\":0,\"tile_height\":160,\"tiles\":[{\"start\":0,\"x\":0,\"y\":0}]}",
    "{\"url\":\"s.jpg\",\"tile_width\":\"256\",\"tile_height\":160,\"tiles\":[{\"start\":0,\"x\":0,\"y\":0}]}",
    "{\"url\":\"s.jpg\",\"tile_width\":256,\"tile_height\":160,\"tiles\":[]}",
    "{\"url\":\"s.jpg\",\"tile_width\":256,\"tile_height\":160,\"tiles\":{}}",
    "{\"url\":\"s.jpg\",\"tile_width\":256,\"tile_height\":160,\"tiles\":[{\"start\":0,\"y\":0}]}",
    "{\"url\":\"s.jpg\",\"tile_width\":256,\"tile_height\":160,\"tiles\":[{\"start\":-1,\"x\":0,\"y\":0}]}",
    "{\"url\":\"s.jpg\",\"tile_width\":256,\"tile_height\":160,\"tiles\":[7]}",
    "{\"url\":\"s.jpg\",\"tile_width\":256,\"tile_height\":160,\"duration\":null,\"tiles\":[{\"start\":0,\"x\":0,\"y\":0}]}",
    "{\"url\":\"s.jpg\",\"tile_width\":256,\"tile_height\":160,\"tiles\":[{\"start\":0,\"x\":1e300,\"y\":0}]}",
    /* Found by fuzz-storyboard: an array as the url was a GLib critical. */
    "{\"url\":[\"s.jpg\"],\"tile_width\":256,\"tile_height\":160,\"tiles\":[{\"start\":0,\"x\":0,\"y\":0}]}",
    "{\"url\":{},\"tile_width\":256,\"tile_height\":160,\"tiles\":[{\"start\":0,\"x\":0,\"y\":0}]}",
    /* Found by fuzz-storyboard: an infinite duration was accepted. */
    "{\"url\":\"s.jpg\",\"tile_width\":256,\"tile_height\":160,\"duration\":1e400,\"tiles\":[{\"start\":0,\"x\":0,\"y\":0}]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MdStoryboard) storyboard = parse (broken[i], NULL, &error);

      g_test_message ("input %u: %s", i, error != NULL ? error->message : "(parsed)");
      g_assert_null (storyboard);
      g_assert_error (error, MD_STORYBOARD_ERROR, MD_STORYBOARD_ERROR_INVALID);
    }
}

typedef struct
{
  MdStoryboard *storyboard;
  GError       *error;
  gboolean      done;
} LoadResult;

static void
on_loaded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  LoadResult *load = user_data;

  load->storyboard = md_storyboard_load_finish (result, &load->error);
  load->done = TRUE;
}

static gboolean
load_is_done (gpointer user_data)
{
  return ((LoadResult *) user_data)->done;
}

static void
test_loads_over_http (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdTestHls) hls = md_test_hls_new (4, &error);
  g_autofree char *url = NULL;
  g_autofree char *forbidden = NULL;
  LoadResult load = { 0 };
  LoadResult refused = { 0 };
  MdStoryboardTile tile;
  const guchar *jpeg;
  gsize size;

  g_assert_no_error (error);
  url = md_test_hls_get_url (hls, "/hls/storyboard.json");
  md_storyboard_load_async (url, NULL, on_loaded_cb, &load);
  g_assert_true (md_test_wait_until (load_is_done, &load, 20000));
  g_assert_no_error (load.error);

  g_assert_cmpuint (md_storyboard_get_n_tiles (load.storyboard), ==, 10);
  md_storyboard_lookup (load.storyboard, 3.0, &tile);
  g_assert_cmpint (tile.x, ==, 2 * 256);
  g_assert_cmpint (tile.y, ==, 160);
  jpeg = g_bytes_get_data (md_storyboard_get_image_bytes (load.storyboard), &size);
  g_assert_cmpuint (size, >, 100);
  g_assert_cmpint (jpeg[0], ==, 0xff);
  g_assert_cmpint (jpeg[1], ==, 0xd8);

  /* A refused storyboard is an error, not a crash or an empty preview. */
  forbidden = md_test_hls_get_url (hls, "/forbidden/storyboard.json?token=x");
  md_storyboard_load_async (forbidden, NULL, on_loaded_cb, &refused);
  g_assert_true (md_test_wait_until (load_is_done, &refused, 20000));
  g_assert_null (refused.storyboard);
  g_assert_error (refused.error, MD_STORYBOARD_ERROR, MD_STORYBOARD_ERROR_HTTP);
  g_assert_nonnull (strstr (refused.error->message, "403"));

  g_clear_object (&load.storyboard);
  g_clear_error (&refused.error);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  g_test_init (&argc, &argv, NULL);
  if (!md_media_init (&error))
    g_error ("%s", error->message);

  g_test_add_func ("/storyboard/parses-documented-shape", test_parses_documented_shape);
  g_test_add_func ("/storyboard/unsorted-tiles-and-no-duration", test_unsorted_tiles_and_no_duration);
  g_test_add_func ("/storyboard/image-url-resolution", test_image_url_resolution);
  g_test_add_func ("/storyboard/rejects-broken-input", test_rejects_broken_input);
  g_test_add_func ("/storyboard/loads-over-http", test_loads_over_http);

  return g_test_run ();
}
