/* md-paintable.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-paintable"

#include "config.h"

#include "md-paintable.h"

/* The video frames of a player as a GdkPaintable. Frames arrive on
 * GStreamer's streaming thread through md_paintable_queue_texture(), which
 * only swaps a pointer under a mutex: the newest frame wins and the
 * streaming thread never waits on the main loop. The main loop picks the
 * frame up in an idle callback and invalidates the paintable. */
struct _MdPaintable
{
  GObject     parent_instance;

  /* Main thread only. */
  GdkTexture *texture;
  double      pixel_aspect_ratio;
  double      frame_time;
  guint64     n_frames;

  /* Shared with the streaming thread, under @lock. */
  GMutex      lock;
  GdkTexture *pending_texture;
  double      pending_pixel_aspect_ratio;
  double      pending_frame_time;
  gboolean    idle_queued;
};

static void md_paintable_paintable_init (GdkPaintableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MdPaintable, md_paintable, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GDK_TYPE_PAINTABLE,
                                                      md_paintable_paintable_init))

static int
scaled_width (MdPaintable *self)
{
  if (self->texture == NULL)
    return 0;

  return (int) (gdk_texture_get_width (self->texture) * self->pixel_aspect_ratio + 0.5);
}

static gboolean
on_idle_take_frame_cb (gpointer user_data)
{
  MdPaintable *self = user_data;
  g_autoptr(GdkTexture) texture = NULL;
  gboolean size_changed;
  double par, frame_time;

  g_assert (MD_IS_PAINTABLE (self));

  g_mutex_lock (&self->lock);
  texture = g_steal_pointer (&self->pending_texture);
  par = self->pending_pixel_aspect_ratio;
  frame_time = self->pending_frame_time;
  self->idle_queued = FALSE;
  g_mutex_unlock (&self->lock);

  if (texture == NULL)
    return G_SOURCE_REMOVE;

  size_changed = self->texture == NULL
                 || gdk_texture_get_width (self->texture) != gdk_texture_get_width (texture)
                 || gdk_texture_get_height (self->texture) != gdk_texture_get_height (texture)
                 || self->pixel_aspect_ratio != par;

  g_set_object (&self->texture, texture);
  self->pixel_aspect_ratio = par;
  self->frame_time = frame_time;
  self->n_frames++;

  if (size_changed)
    gdk_paintable_invalidate_size (GDK_PAINTABLE (self));
  gdk_paintable_invalidate_contents (GDK_PAINTABLE (self));

  return G_SOURCE_REMOVE;
}

static void
md_paintable_snapshot (GdkPaintable *paintable,
                       GdkSnapshot  *snapshot,
                       double        width,
                       double        height)
{
  MdPaintable *self = MD_PAINTABLE (paintable);

  if (self->texture == NULL)
    return;

  gdk_paintable_snapshot (GDK_PAINTABLE (self->texture), snapshot, width, height);
}

static GdkPaintable *
md_paintable_get_current_image (GdkPaintable *paintable)
{
  MdPaintable *self = MD_PAINTABLE (paintable);

  if (self->texture == NULL)
    return gdk_paintable_new_empty (0, 0);

  return g_object_ref (GDK_PAINTABLE (self->texture));
}

static int
md_paintable_get_intrinsic_width (GdkPaintable *paintable)
{
  return scaled_width (MD_PAINTABLE (paintable));
}

static int
md_paintable_get_intrinsic_height (GdkPaintable *paintable)
{
  MdPaintable *self = MD_PAINTABLE (paintable);

  return self->texture != NULL ? gdk_texture_get_height (self->texture) : 0;
}

static double
md_paintable_get_intrinsic_aspect_ratio (GdkPaintable *paintable)
{
  MdPaintable *self = MD_PAINTABLE (paintable);

  if (self->texture == NULL || gdk_texture_get_height (self->texture) == 0)
    return 0.0;

  return (double) gdk_texture_get_width (self->texture) * self->pixel_aspect_ratio
         / gdk_texture_get_height (self->texture);
}

static void
md_paintable_paintable_init (GdkPaintableInterface *iface)
{
  iface->snapshot = md_paintable_snapshot;
  iface->get_current_image = md_paintable_get_current_image;
  iface->get_intrinsic_width = md_paintable_get_intrinsic_width;
  iface->get_intrinsic_height = md_paintable_get_intrinsic_height;
  iface->get_intrinsic_aspect_ratio = md_paintable_get_intrinsic_aspect_ratio;
}

static void
md_paintable_dispose (GObject *object)
{
  MdPaintable *self = MD_PAINTABLE (object);

  g_clear_object (&self->texture);
  g_mutex_lock (&self->lock);
  g_clear_object (&self->pending_texture);
  g_mutex_unlock (&self->lock);

  G_OBJECT_CLASS (md_paintable_parent_class)->dispose (object);
}

static void
md_paintable_finalize (GObject *object)
{
  MdPaintable *self = MD_PAINTABLE (object);

  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (md_paintable_parent_class)->finalize (object);
}

static void
md_paintable_class_init (MdPaintableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = md_paintable_dispose;
  object_class->finalize = md_paintable_finalize;
}

static void
md_paintable_init (MdPaintable *self)
{
  g_mutex_init (&self->lock);
  self->pixel_aspect_ratio = 1.0;
  self->frame_time = -1;
}

/**
 * md_paintable_new:
 *
 * Returns: (transfer full): an empty paintable
 */
MdPaintable *
md_paintable_new (void)
{
  return g_object_new (MD_TYPE_PAINTABLE, NULL);
}

/**
 * md_paintable_queue_texture:
 * @self: a #MdPaintable
 * @texture: the newest frame
 * @pixel_aspect_ratio: width of a pixel over its height (1.0 for square pixels)
 * @frame_time: where the frame is in the stream, seconds (its stream
 *   time), or negative when unknown
 *
 * Hands a frame over from any thread. Never blocks on the main loop: a frame
 * not yet shown is replaced by a newer one.
 */
void
md_paintable_queue_texture (MdPaintable *self,
                            GdkTexture  *texture,
                            double       pixel_aspect_ratio,
                            double       frame_time)
{
  gboolean queue_idle;

  g_return_if_fail (MD_IS_PAINTABLE (self));
  g_return_if_fail (GDK_IS_TEXTURE (texture));

  if (pixel_aspect_ratio <= 0.0)
    pixel_aspect_ratio = 1.0;

  g_mutex_lock (&self->lock);
  g_set_object (&self->pending_texture, texture);
  self->pending_pixel_aspect_ratio = pixel_aspect_ratio;
  self->pending_frame_time = frame_time >= 0 ? frame_time : -1;
  queue_idle = !self->idle_queued;
  self->idle_queued = TRUE;
  g_mutex_unlock (&self->lock);

  /* An idle on the default main context, the one GTK draws from, so the
   * frame is taken and the widget told on the main thread only.
   * (g_main_context_invoke() would run it right here, on the streaming
   * thread, whenever the main thread does not hold that context at the
   * moment, e.g. between two iterations of its loop.) The idle holds a
   * reference, so the paintable outlives a frame in flight. */
  if (queue_idle)
    {
      g_autoptr(GSource) source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, on_idle_take_frame_cb, g_object_ref (self), g_object_unref);
      g_source_set_static_name (source, "[md-paintable] take frame");
      g_source_attach (source, NULL);
    }
}

/**
 * md_paintable_get_texture:
 *
 * Returns: (transfer none) (nullable): the frame shown now
 */
GdkTexture *
md_paintable_get_texture (MdPaintable *self)
{
  g_return_val_if_fail (MD_IS_PAINTABLE (self), NULL);

  return self->texture;
}

/**
 * md_paintable_get_frame_time:
 *
 * Where the frame shown is in the stream: what the pipeline delivered,
 * not where a seek asked to go.
 *
 * Returns: the frame's stream time in seconds, -1 when unknown or no frame
 */
double
md_paintable_get_frame_time (MdPaintable *self)
{
  g_return_val_if_fail (MD_IS_PAINTABLE (self), -1);

  return self->frame_time;
}

/**
 * md_paintable_get_n_frames:
 *
 * Returns: how many frames were shown since the paintable was made
 */
guint64
md_paintable_get_n_frames (MdPaintable *self)
{
  g_return_val_if_fail (MD_IS_PAINTABLE (self), 0);

  return self->n_frames;
}

/**
 * md_paintable_clear:
 *
 * Drops the frame shown and any frame in flight (a new source starts black).
 */
void
md_paintable_clear (MdPaintable *self)
{
  g_return_if_fail (MD_IS_PAINTABLE (self));

  g_mutex_lock (&self->lock);
  g_clear_object (&self->pending_texture);
  g_mutex_unlock (&self->lock);

  self->frame_time = -1;
  if (self->texture != NULL)
    {
      g_clear_object (&self->texture);
      gdk_paintable_invalidate_size (GDK_PAINTABLE (self));
      gdk_paintable_invalidate_contents (GDK_PAINTABLE (self));
    }
}
