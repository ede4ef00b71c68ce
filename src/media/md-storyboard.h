/* md-storyboard.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  MD_STORYBOARD_ERROR_INVALID,
  MD_STORYBOARD_ERROR_HTTP,
} MdStoryboardError;

#define MD_STORYBOARD_ERROR (md_storyboard_error_quark ())

/**
 * MdStoryboardTile:
 * @x: left edge of the tile in the sprite sheet, in pixels
 * @y: top edge of the tile in the sprite sheet, in pixels
 * @start: first second the tile shows
 * @end: the next tile's start (the duration for the last tile)
 */
typedef struct
{
  int    x;
  int    y;
  double start;
  double end;
} MdStoryboardTile;

#define MD_TYPE_STORYBOARD (md_storyboard_get_type ())

G_DECLARE_FINAL_TYPE (MdStoryboard, md_storyboard, MD, STORYBOARD, GObject)

GQuark        md_storyboard_error_quark       (void);

MdStoryboard *md_storyboard_new_from_json     (GBytes               *json,
                                               const char           *storyboard_uri,
                                               GError              **error);
const char   *md_storyboard_get_image_uri     (MdStoryboard         *self);
int           md_storyboard_get_tile_width    (MdStoryboard         *self);
int           md_storyboard_get_tile_height   (MdStoryboard         *self);
double        md_storyboard_get_duration      (MdStoryboard         *self);
guint         md_storyboard_get_n_tiles       (MdStoryboard         *self);
gboolean      md_storyboard_lookup            (MdStoryboard         *self,
                                               double                seconds,
                                               MdStoryboardTile     *tile);
GBytes       *md_storyboard_get_image_bytes   (MdStoryboard         *self);

void          md_storyboard_load_async        (const char           *storyboard_uri,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
MdStoryboard *md_storyboard_load_finish       (GAsyncResult         *result,
                                               GError              **error);

G_END_DECLS
