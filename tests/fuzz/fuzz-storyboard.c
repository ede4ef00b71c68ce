/* fuzz-storyboard.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The storyboard parser (md_storyboard_new_from_json): the input is a
 * storyboard.json body, resolved against a signed storyboard URL as the
 * player does; a storyboard that parses is looked up across its timeline.
 */

#include "config.h"

#include <math.h>

#include "md-fuzz.h"
#include "md-storyboard.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  md_fuzz_setup_logging ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) json = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(MdStoryboard) storyboard = NULL;
  const char *uri = (size & 1) ? "http://127.0.0.1:1/image/PID/storyboard.json?token=abc" : NULL;
  double duration;

  storyboard = md_storyboard_new_from_json (json, uri, &error);
  if (storyboard == NULL)
    {
      g_assert_error (error, MD_STORYBOARD_ERROR, MD_STORYBOARD_ERROR_INVALID);
      return 0;
    }

  g_assert_nonnull (md_storyboard_get_image_uri (storyboard));
  g_assert_cmpint (md_storyboard_get_tile_width (storyboard), >=, 1);
  g_assert_cmpint (md_storyboard_get_tile_height (storyboard), >=, 1);
  g_assert_cmpuint (md_storyboard_get_n_tiles (storyboard), >, 0);
  duration = md_storyboard_get_duration (storyboard);
  g_assert_true (isfinite (duration) && duration >= 0);

  for (int i = -1; i <= 11; i++)
    {
      MdStoryboardTile tile;

      g_assert_true (md_storyboard_lookup (storyboard, duration * i / 10.0, &tile));
      g_assert_cmpint (tile.x, >=, 0);
      g_assert_cmpint (tile.y, >=, 0);
      g_assert_true (tile.start <= tile.end);
    }
  return 0;
}
