/* md-timeline-layer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-timeline-layer"

#include "config.h"

#include "md-timeline-layer.h"

typedef struct
{
  gboolean visible;
} MdTimelineLayerPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (MdTimelineLayer, md_timeline_layer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_VISIBLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
md_timeline_layer_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  MdTimelineLayer *self = MD_TIMELINE_LAYER (object);

  switch (prop_id)
    {
    case PROP_VISIBLE:
      g_value_set_boolean (value, md_timeline_layer_get_visible (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_timeline_layer_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  MdTimelineLayer *self = MD_TIMELINE_LAYER (object);

  switch (prop_id)
    {
    case PROP_VISIBLE:
      md_timeline_layer_set_visible (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_timeline_layer_class_init (MdTimelineLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = md_timeline_layer_get_property;
  object_class->set_property = md_timeline_layer_set_property;

  properties[PROP_VISIBLE] =
    g_param_spec_boolean ("visible", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MdTimelineLayer::changed:
   *
   * The layer's data changed: the timeline redraws.
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
md_timeline_layer_init (MdTimelineLayer *self)
{
  MdTimelineLayerPrivate *priv = md_timeline_layer_get_instance_private (self);

  priv->visible = TRUE;
}

void
md_timeline_layer_snapshot (MdTimelineLayer *self,
                            MdTimeline      *timeline,
                            GtkSnapshot     *snapshot,
                            int              width,
                            int              height)
{
  g_return_if_fail (MD_IS_TIMELINE_LAYER (self));

  if (md_timeline_layer_get_visible (self) && MD_TIMELINE_LAYER_GET_CLASS (self)->snapshot != NULL)
    MD_TIMELINE_LAYER_GET_CLASS (self)->snapshot (self, timeline, snapshot, width, height);
}

void
md_timeline_layer_css_changed (MdTimelineLayer *self,
                               GtkWidget       *widget)
{
  g_return_if_fail (MD_IS_TIMELINE_LAYER (self));

  if (MD_TIMELINE_LAYER_GET_CLASS (self)->css_changed != NULL)
    MD_TIMELINE_LAYER_GET_CLASS (self)->css_changed (self, widget);
}

/**
 * md_timeline_layer_query_tooltip:
 *
 * Returns: (transfer full) (nullable): the tooltip at @seconds
 */
char *
md_timeline_layer_query_tooltip (MdTimelineLayer *self,
                                 MdTimeline      *timeline,
                                 double           seconds)
{
  g_return_val_if_fail (MD_IS_TIMELINE_LAYER (self), NULL);

  if (!md_timeline_layer_get_visible (self) || MD_TIMELINE_LAYER_GET_CLASS (self)->query_tooltip == NULL)
    return NULL;

  return MD_TIMELINE_LAYER_GET_CLASS (self)->query_tooltip (self, timeline, seconds);
}

/**
 * md_timeline_layer_lookup_seek:
 * @seconds: (out): where a click at @x should seek
 *
 * Returns: %TRUE when the layer has an item under @x to seek to
 */
gboolean
md_timeline_layer_lookup_seek (MdTimelineLayer *self,
                               MdTimeline      *timeline,
                               double           x,
                               double          *seconds)
{
  g_return_val_if_fail (MD_IS_TIMELINE_LAYER (self), FALSE);

  if (!md_timeline_layer_get_visible (self) || MD_TIMELINE_LAYER_GET_CLASS (self)->lookup_seek == NULL)
    return FALSE;

  return MD_TIMELINE_LAYER_GET_CLASS (self)->lookup_seek (self, timeline, x, seconds);
}

/**
 * md_timeline_layer_changed:
 *
 * Tells the timeline to redraw; call after preparing new data.
 */
void
md_timeline_layer_changed (MdTimelineLayer *self)
{
  g_return_if_fail (MD_IS_TIMELINE_LAYER (self));

  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

gboolean
md_timeline_layer_get_visible (MdTimelineLayer *self)
{
  MdTimelineLayerPrivate *priv = md_timeline_layer_get_instance_private (self);

  g_return_val_if_fail (MD_IS_TIMELINE_LAYER (self), FALSE);

  return priv->visible;
}

void
md_timeline_layer_set_visible (MdTimelineLayer *self,
                               gboolean         visible)
{
  MdTimelineLayerPrivate *priv = md_timeline_layer_get_instance_private (self);

  g_return_if_fail (MD_IS_TIMELINE_LAYER (self));

  visible = !!visible;
  if (priv->visible == visible)
    return;

  priv->visible = visible;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIBLE]);
  md_timeline_layer_changed (self);
}

/**
 * md_timeline_layer_lookup_color:
 * @widget: the timeline
 * @name: a named colour of the theme, e.g. "accent_bg_color"
 * @fallback: used when the theme has no such colour
 * @color: (out): the colour
 *
 * For css_changed implementations: the theme's named colours, so light,
 * dark and high-contrast styles work without code.
 */
void
md_timeline_layer_lookup_color (GtkWidget     *widget,
                                const char    *name,
                                const GdkRGBA *fallback,
                                GdkRGBA       *color)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);

  if (!gtk_style_context_lookup_color (context, name, color))
    *color = *fallback;
}
