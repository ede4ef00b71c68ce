/* md-paintable.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gdk/gdk.h>

G_BEGIN_DECLS

#define MD_TYPE_PAINTABLE (md_paintable_get_type ())

G_DECLARE_FINAL_TYPE (MdPaintable, md_paintable, MD, PAINTABLE, GObject)

MdPaintable *md_paintable_new            (void);
void         md_paintable_queue_texture  (MdPaintable *self,
                                          GdkTexture  *texture,
                                          double       pixel_aspect_ratio,
                                          double       frame_time);
GdkTexture  *md_paintable_get_texture    (MdPaintable *self);
double       md_paintable_get_frame_time (MdPaintable *self);
guint64      md_paintable_get_n_frames   (MdPaintable *self);
void         md_paintable_clear          (MdPaintable *self);

G_END_DECLS
