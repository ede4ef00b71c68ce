/* md-storyboard-preview.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "md-storyboard.h"

G_BEGIN_DECLS

#define MD_TYPE_STORYBOARD_PREVIEW (md_storyboard_preview_get_type ())

G_DECLARE_FINAL_TYPE (MdStoryboardPreview, md_storyboard_preview, MD, STORYBOARD_PREVIEW, GObject)

MdStoryboardPreview *md_storyboard_preview_new            (void);
void                 md_storyboard_preview_set_storyboard (MdStoryboardPreview *self,
                                                           MdStoryboard        *storyboard,
                                                           GdkTexture          *sprite);
gboolean             md_storyboard_preview_has_storyboard (MdStoryboardPreview *self);
void                 md_storyboard_preview_set_time       (MdStoryboardPreview *self,
                                                           double               seconds);
void                 md_storyboard_preview_get_tile       (MdStoryboardPreview *self,
                                                           MdStoryboardTile    *tile);

G_END_DECLS
