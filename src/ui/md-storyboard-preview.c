/* md-storyboard-preview.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-storyboard-preview"

#include "config.h"

#include "md-storyboard-preview.h"

/* One tile of a storyboard's sprite sheet as a GdkPaintable: the sheet is
 * decoded once, and each hover only moves the crop. */
struct _MdStoryboardPreview
{
  GObject           parent_instance;

  MdStoryboard     *storyboard;
  GdkTexture       *sprite;
  MdStoryboardTile  tile;
};

static void md_storyboard_preview_paintable_init (GdkPaintableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MdStoryboardPreview, md_storyboard_preview, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GDK_TYPE_PAINTABLE,
                                                      md_storyboard_preview_paintable_init))

static void
md_storyboard_preview_snapshot (GdkPaintable *paintable,
                                GdkSnapshot  *snapshot,
                                double        width,
                                double        height)
{
  MdStoryboardPreview *self = MD_STORYBOARD_PREVIEW (paintable);
  double scale_x, scale_y;

  if (self->storyboard == NULL || self->sprite == NULL)
    return;

  scale_x = width / md_storyboard_get_tile_width (self->storyboard);
  scale_y = height / md_storyboard_get_tile_height (self->storyboard);

  gtk_snapshot_push_clip (GTK_SNAPSHOT (snapshot), &GRAPHENE_RECT_INIT (0, 0, width, height));
  gtk_snapshot_append_texture (GTK_SNAPSHOT (snapshot), self->sprite,
                               &GRAPHENE_RECT_INIT (-self->tile.x * scale_x,
                                                    -self->tile.y * scale_y,
                                                    gdk_texture_get_width (self->sprite) * scale_x,
                                                    gdk_texture_get_height (self->sprite) * scale_y));
  gtk_snapshot_pop (GTK_SNAPSHOT (snapshot));
}

static int
md_storyboard_preview_get_intrinsic_width (GdkPaintable *paintable)
{
  MdStoryboardPreview *self = MD_STORYBOARD_PREVIEW (paintable);

  return self->storyboard != NULL ? md_storyboard_get_tile_width (self->storyboard) : 0;
}

static int
md_storyboard_preview_get_intrinsic_height (GdkPaintable *paintable)
{
  MdStoryboardPreview *self = MD_STORYBOARD_PREVIEW (paintable);

  return self->storyboard != NULL ? md_storyboard_get_tile_height (self->storyboard) : 0;
}

static void
md_storyboard_preview_paintable_init (GdkPaintableInterface *iface)
{
  iface->snapshot = md_storyboard_preview_snapshot;
  iface->get_intrinsic_width = md_storyboard_preview_get_intrinsic_width;
  iface->get_intrinsic_height = md_storyboard_preview_get_intrinsic_height;
}

static void
md_storyboard_preview_dispose (GObject *object)
{
  MdStoryboardPreview *self = MD_STORYBOARD_PREVIEW (object);

  g_clear_object (&self->storyboard);
  g_clear_object (&self->sprite);

  G_OBJECT_CLASS (md_storyboard_preview_parent_class)->dispose (object);
}

static void
md_storyboard_preview_class_init (MdStoryboardPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = md_storyboard_preview_dispose;
}

static void
md_storyboard_preview_init (MdStoryboardPreview *self)
{
}

MdStoryboardPreview *
md_storyboard_preview_new (void)
{
  return g_object_new (MD_TYPE_STORYBOARD_PREVIEW, NULL);
}

/**
 * md_storyboard_preview_set_storyboard:
 * @storyboard: (nullable): the tiles
 * @sprite: (nullable): the decoded sprite sheet
 */
void
md_storyboard_preview_set_storyboard (MdStoryboardPreview *self,
                                      MdStoryboard        *storyboard,
                                      GdkTexture          *sprite)
{
  g_return_if_fail (MD_IS_STORYBOARD_PREVIEW (self));

  g_set_object (&self->storyboard, storyboard);
  g_set_object (&self->sprite, sprite);
  self->tile = (MdStoryboardTile) { 0 };
  if (storyboard != NULL)
    md_storyboard_lookup (storyboard, 0, &self->tile);

  gdk_paintable_invalidate_size (GDK_PAINTABLE (self));
  gdk_paintable_invalidate_contents (GDK_PAINTABLE (self));
}

gboolean
md_storyboard_preview_has_storyboard (MdStoryboardPreview *self)
{
  g_return_val_if_fail (MD_IS_STORYBOARD_PREVIEW (self), FALSE);

  return self->storyboard != NULL && self->sprite != NULL;
}

/**
 * md_storyboard_preview_set_time:
 *
 * Shows the tile of @seconds; redraws only when the tile changes.
 */
void
md_storyboard_preview_set_time (MdStoryboardPreview *self,
                                double               seconds)
{
  MdStoryboardTile tile;

  g_return_if_fail (MD_IS_STORYBOARD_PREVIEW (self));

  if (self->storyboard == NULL)
    return;

  md_storyboard_lookup (self->storyboard, seconds, &tile);
  if (tile.x == self->tile.x && tile.y == self->tile.y && tile.start == self->tile.start)
    return;

  self->tile = tile;
  gdk_paintable_invalidate_contents (GDK_PAINTABLE (self));
}

/**
 * md_storyboard_preview_get_tile:
 * @tile: (out): the tile shown
 */
void
md_storyboard_preview_get_tile (MdStoryboardPreview *self,
                                MdStoryboardTile    *tile)
{
  g_return_if_fail (MD_IS_STORYBOARD_PREVIEW (self));

  *tile = self->tile;
}
