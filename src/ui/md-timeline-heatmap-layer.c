/* md-timeline-heatmap-layer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-timeline-heatmap-layer"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "md-time.h"
#include "md-timeline.h"
#include "md-timeline-heatmap-layer.h"

/* The engagement heatmap: a band of bars above the track, one per bucket,
 * whose height and colour both say how many views watched that part, so
 * the band reads without colour too. The colour ramp is the one chosen in
 * Preferences (heatmap-color-ramp), made from the style's colours. Values are normalized into a float
 * array when they are set, and drawn into a texture once per size;
 * snapshot only appends it. */
struct _MdTimelineHeatmapLayer
{
  MdTimelineLayer  parent_instance;

  float           *levels;       /* value / max, 0..1 */
  double          *values;       /* as the API gave them */
  guint            n_values;
  gint64           total_views;
  gboolean         has_views;
  MdHeatmapRamp    ramp;
  GdkRGBA          accent_color;
  GdkRGBA          background_color;
  GdkRGBA          baseline_color;
  GSettings       *settings;

  /* The band drawn once into a texture for a given size; every frame
   * after that is one texture node. */
  GdkTexture      *band;
  int              band_width;
  int              band_scale;
};

G_DEFINE_FINAL_TYPE (MdTimelineHeatmapLayer, md_timeline_heatmap_layer, MD_TYPE_TIMELINE_LAYER)

enum {
  PROP_0,
  PROP_COLOR_RAMP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define BAND_HEIGHT 22.0f
#define BAND_GAP 3.0f
#define MIN_BAR 1.0f

/* "heat": blue for the least watched to red for the most, through violet.
 * Every stop has a middle lightness, so both ends stand out on light and
 * dark styles alike; blue against red stays apart for the common forms of
 * colour blindness, and the bar height says the same as the colour. */
static const float heat_ramp[][3] = {
  { 0.19f, 0.39f, 0.85f },
  { 0.45f, 0.33f, 0.78f },
  { 0.70f, 0.26f, 0.60f },
  { 0.86f, 0.22f, 0.33f },
  { 0.90f, 0.16f, 0.13f },
};

static const char *const ramp_names[] = {
  [MD_HEATMAP_RAMP_ACCENT] = "accent",
  [MD_HEATMAP_RAMP_HEAT] = "heat",
  [MD_HEATMAP_RAMP_GRAYSCALE] = "grayscale",
};

static void
mix (const GdkRGBA *from,
     const GdkRGBA *to,
     float          t,
     GdkRGBA       *color)
{
  color->red = from->red + (to->red - from->red) * t;
  color->green = from->green + (to->green - from->green) * t;
  color->blue = from->blue + (to->blue - from->blue) * t;
  color->alpha = 1.0f;
}

static gboolean
is_dark (const GdkRGBA *color)
{
  return 0.2126f * color->red + 0.7152f * color->green + 0.0722f * color->blue < 0.5f;
}

/**
 * md_heatmap_ramp_color:
 * @ramp: which ramp
 * @level: 0..1 (clamped)
 * @accent: the style's accent colour (for %MD_HEATMAP_RAMP_ACCENT)
 * @background: the colour the band is drawn on
 * @color: (out): the colour of @level on the ramp, opaque
 *
 * The accent and grey ramps run from close to @background to far from it
 * (the accent colour; white on dark styles, black on light ones), so the
 * most watched buckets always contrast most; the heat ramp runs from blue
 * to red on any background.
 */
void
md_heatmap_ramp_color (MdHeatmapRamp  ramp,
                       double         level,
                       const GdkRGBA *accent,
                       const GdkRGBA *background,
                       GdkRGBA       *color)
{
  static const GdkRGBA white = { 1.0f, 1.0f, 1.0f, 1.0f };
  static const GdkRGBA black = { 0.0f, 0.0f, 0.0f, 1.0f };
  guint last = G_N_ELEMENTS (heat_ramp) - 1;
  double pos;
  guint i;
  float t;

  if (isnan (level))
    level = 0;
  level = CLAMP (level, 0.0, 1.0);

  switch (ramp)
    {
    case MD_HEATMAP_RAMP_ACCENT:
      mix (background, accent, 0.3f + 0.7f * (float) level, color);
      return;
    case MD_HEATMAP_RAMP_GRAYSCALE:
      mix (background, is_dark (background) ? &white : &black, 0.2f + 0.7f * (float) level, color);
      /* Exactly grey whatever the background's tint. */
      color->red = color->green = color->blue =
        0.2126f * color->red + 0.7152f * color->green + 0.0722f * color->blue;
      return;
    case MD_HEATMAP_RAMP_HEAT:
    default:
      break;
    }

  pos = level * last;
  i = MIN ((guint) floor (pos), last - 1);
  t = (float) (pos - i);
  color->red = heat_ramp[i][0] + (heat_ramp[i + 1][0] - heat_ramp[i][0]) * t;
  color->green = heat_ramp[i][1] + (heat_ramp[i + 1][1] - heat_ramp[i][1]) * t;
  color->blue = heat_ramp[i][2] + (heat_ramp[i + 1][2] - heat_ramp[i][2]) * t;
  color->alpha = 1.0f;
}

/**
 * md_heatmap_ramp_from_name:
 * @name: (nullable): a `heatmap-color-ramp` value: "accent", "heat", "grayscale"
 *
 * Returns: the ramp, %MD_HEATMAP_RAMP_ACCENT for an unknown name
 */
MdHeatmapRamp
md_heatmap_ramp_from_name (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (ramp_names); i++)
    if (g_strcmp0 (ramp_names[i], name) == 0)
      return i;
  return MD_HEATMAP_RAMP_ACCENT;
}

/**
 * md_heatmap_bucket_range:
 * @index: the bucket
 * @n_buckets: how many buckets the heatmap has
 * @duration: the content's duration in seconds
 * @start: (out): where bucket @index starts, seconds
 * @end: (out): where it ends (exclusive), seconds
 *
 * Bucket i covers `[i, i+1) × duration / n`, as Mux spreads them.
 *
 * Returns: %FALSE when there is no such bucket or no duration
 */
gboolean
md_heatmap_bucket_range (guint   index,
                         guint   n_buckets,
                         double  duration,
                         double *start,
                         double *end)
{
  if (n_buckets == 0 || index >= n_buckets || !(duration > 0) || !isfinite (duration))
    return FALSE;

  /* Multiply before dividing: the last bucket ends exactly at duration. */
  *start = duration * index / n_buckets;
  *end = duration * (index + 1) / n_buckets;
  return TRUE;
}

/**
 * md_heatmap_bucket_at:
 *
 * Returns: the bucket covering @seconds, or -1 when outside the content
 */
int
md_heatmap_bucket_at (double seconds,
                      guint  n_buckets,
                      double duration)
{
  double index;

  if (n_buckets == 0 || !(duration > 0) || !isfinite (duration)
      || !(seconds >= 0) || seconds > duration)
    return -1;

  index = floor (seconds * n_buckets / duration);
  /* The end instant belongs to the last bucket. */
  return (int) MIN (index, (double) (n_buckets - 1));
}

/* Draws the band into pixels: each device column shows the highest level
 * of the buckets it covers, so 10,000 buckets cost one column a pixel. */
static GdkTexture *
render_band (MdTimelineHeatmapLayer *self,
             int                     width,
             int                     height)
{
  gsize stride = (gsize) width * 4;
  guint8 *pixels = g_malloc0 (stride * height);
  g_autoptr(GBytes) bytes = NULL;

  for (int column = 0; column < width; column++)
    {
      guint first = (guint) ((guint64) column * self->n_values / width);
      guint last = (guint) MAX ((guint64) first + 1, ((guint64) (column + 1) * self->n_values + width - 1) / width);
      float level = 0;
      int bar;
      GdkRGBA color;
      float alpha;

      for (guint i = first; i < MIN (last, self->n_values); i++)
        level = MAX (level, self->levels[i]);

      bar = (int) lround ((MIN_BAR + level * (BAND_HEIGHT - MIN_BAR)) / BAND_HEIGHT * height);
      md_heatmap_ramp_color (self->ramp, level, &self->accent_color, &self->background_color, &color);
      alpha = 0.55f + 0.45f * level;
      for (int y = height - MAX (bar, 1); y < height; y++)
        {
          guint8 *p = pixels + (gsize) y * stride + (gsize) column * 4;

          p[0] = (guint8) lroundf (color.red * alpha * 255);
          p[1] = (guint8) lroundf (color.green * alpha * 255);
          p[2] = (guint8) lroundf (color.blue * alpha * 255);
          p[3] = (guint8) lroundf (alpha * 255);
        }
    }

  bytes = g_bytes_new_take (pixels, stride * height);
  return gdk_memory_texture_new (width, height, GDK_MEMORY_R8G8B8A8_PREMULTIPLIED, bytes, stride);
}

static void
md_timeline_heatmap_layer_snapshot (MdTimelineLayer *layer,
                                    MdTimeline      *timeline,
                                    GtkSnapshot     *snapshot,
                                    int              width,
                                    int              height)
{
  MdTimelineHeatmapLayer *self = MD_TIMELINE_HEATMAP_LAYER (layer);
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (timeline));
  graphene_rect_t track;
  float bottom;
  int band_width;

  /* No views yet: no band (a flat line would read as "nobody watched"
   * only to those who know the legend). */
  if (self->n_values == 0 || !self->has_views || md_timeline_get_duration (timeline) <= 0)
    return;

  md_timeline_get_track_rect (timeline, &track);
  bottom = track.origin.y - BAND_GAP;
  band_width = (int) ceilf (track.size.width * scale);
  if (band_width <= 0)
    return;

  gtk_snapshot_append_color (snapshot, &self->baseline_color,
                             &GRAPHENE_RECT_INIT (track.origin.x, bottom - 1, track.size.width, 1));

  if (self->band == NULL || self->band_width != band_width || self->band_scale != scale)
    {
      g_clear_object (&self->band);
      self->band = render_band (self, band_width, (int) (BAND_HEIGHT * scale));
      self->band_width = band_width;
      self->band_scale = scale;
    }

  gtk_snapshot_append_texture (snapshot, self->band,
                               &GRAPHENE_RECT_INIT (track.origin.x, bottom - BAND_HEIGHT,
                                                    track.size.width, BAND_HEIGHT));
}

static void
md_timeline_heatmap_layer_css_changed (MdTimelineLayer *layer,
                                       GtkWidget       *widget)
{
  MdTimelineHeatmapLayer *self = MD_TIMELINE_HEATMAP_LAYER (layer);

  static const GdkRGBA light_window = { 0.98f, 0.98f, 0.98f, 1.0f };
  static const GdkRGBA blue_3 = { 0.21f, 0.52f, 0.89f, 1.0f };

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &self->baseline_color);
  self->baseline_color.alpha *= 0.25f;

  /* The colours the ramps are made of follow the style (light or dark,
   * and the accent colour). */
  md_timeline_layer_lookup_color (widget, "window_bg_color", &light_window, &self->background_color);
  md_timeline_layer_lookup_color (widget, "accent_color", &blue_3, &self->accent_color);
  self->background_color.alpha = self->accent_color.alpha = 1.0f;
  g_clear_object (&self->band);
}

static char *
md_timeline_heatmap_layer_query_tooltip (MdTimelineLayer *layer,
                                         MdTimeline      *timeline,
                                         double           seconds)
{
  MdTimelineHeatmapLayer *self = MD_TIMELINE_HEATMAP_LAYER (layer);
  double duration = md_timeline_get_duration (timeline);
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  double start, end;
  int index;

  index = md_heatmap_bucket_at (seconds, self->n_values, duration);
  if (index < 0 || !md_heatmap_bucket_range (index, self->n_values, duration, &start, &end))
    return NULL;

  from = md_time_format (start, duration);
  to = md_time_format (end, duration);
  /* Translators: heatmap tooltip: time range, share of views that watched
   * it, and the views counted, e.g. "0:10–0:15: watched by 42% of 120 views" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s–%s: watched by %.0f%% of %" G_GINT64_FORMAT " view",
                                       "%s–%s: watched by %.0f%% of %" G_GINT64_FORMAT " views",
                                       (gulong) MIN (self->total_views, G_MAXINT)),
                          from, to, 100.0 * self->values[index], self->total_views);
}

static void
md_timeline_heatmap_layer_finalize (GObject *object)
{
  MdTimelineHeatmapLayer *self = MD_TIMELINE_HEATMAP_LAYER (object);

  g_clear_pointer (&self->levels, g_free);
  g_clear_pointer (&self->values, g_free);
  g_clear_object (&self->band);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (md_timeline_heatmap_layer_parent_class)->finalize (object);
}

static void
md_timeline_heatmap_layer_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  MdTimelineHeatmapLayer *self = MD_TIMELINE_HEATMAP_LAYER (object);

  switch (prop_id)
    {
    case PROP_COLOR_RAMP:
      g_value_set_string (value, ramp_names[self->ramp]);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_timeline_heatmap_layer_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  MdTimelineHeatmapLayer *self = MD_TIMELINE_HEATMAP_LAYER (object);

  switch (prop_id)
    {
    case PROP_COLOR_RAMP:
      md_timeline_heatmap_layer_set_color_ramp (self, md_heatmap_ramp_from_name (g_value_get_string (value)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_timeline_heatmap_layer_class_init (MdTimelineHeatmapLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  MdTimelineLayerClass *layer_class = MD_TIMELINE_LAYER_CLASS (klass);

  object_class->finalize = md_timeline_heatmap_layer_finalize;
  object_class->get_property = md_timeline_heatmap_layer_get_property;
  object_class->set_property = md_timeline_heatmap_layer_set_property;

  layer_class->snapshot = md_timeline_heatmap_layer_snapshot;
  layer_class->css_changed = md_timeline_heatmap_layer_css_changed;
  layer_class->query_tooltip = md_timeline_heatmap_layer_query_tooltip;

  /* A heatmap-color-ramp name: "accent", "heat" or "grayscale". */
  properties[PROP_COLOR_RAMP] =
    g_param_spec_string ("color-ramp", NULL, NULL, "accent",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
md_timeline_heatmap_layer_init (MdTimelineHeatmapLayer *self)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  GSettingsSchemaSource *schemas;

  self->baseline_color = (GdkRGBA) { 0.5f, 0.5f, 0.5f, 0.25f };
  self->background_color = (GdkRGBA) { 0.98f, 0.98f, 0.98f, 1.0f };
  self->accent_color = (GdkRGBA) { 0.21f, 0.52f, 0.89f, 1.0f };

  /* The ramp chosen in Preferences, changed live (when the schema is
   * installed: the benchmark draws the layer without it). */
  schemas = g_settings_schema_source_get_default ();
  schema = schemas != NULL ? g_settings_schema_source_lookup (schemas, APP_ID, TRUE) : NULL;
  if (schema != NULL)
    {
      self->settings = g_settings_new_full (schema, NULL, NULL);
      g_settings_bind (self->settings, "heatmap-color-ramp", self, "color-ramp", G_SETTINGS_BIND_GET);
    }
}

MdTimelineLayer *
md_timeline_heatmap_layer_new (void)
{
  return g_object_new (MD_TYPE_TIMELINE_HEATMAP_LAYER, NULL);
}

/**
 * md_timeline_heatmap_layer_set_values:
 * @values: (array length=n_values) (nullable): the heatmap's buckets
 *
 * Normalizes @values against their maximum; %NULL or empty clears the band.
 */
void
md_timeline_heatmap_layer_set_values (MdTimelineHeatmapLayer *self,
                                      const double           *values,
                                      guint                   n_values,
                                      gint64                  total_views)
{
  double max = 0;

  g_return_if_fail (MD_IS_TIMELINE_HEATMAP_LAYER (self));
  g_return_if_fail (values != NULL || n_values == 0);

  g_clear_pointer (&self->levels, g_free);
  g_clear_pointer (&self->values, g_free);
  g_clear_object (&self->band);
  self->n_values = n_values;
  self->total_views = MAX (total_views, 0);

  if (n_values > 0)
    {
      self->values = g_new (double, n_values);
      self->levels = g_new (float, n_values);

      for (guint i = 0; i < n_values; i++)
        {
          self->values[i] = isfinite (values[i]) ? MAX (values[i], 0.0) : 0.0;
          max = MAX (max, self->values[i]);
        }
      for (guint i = 0; i < n_values; i++)
        self->levels[i] = max > 0 ? (float) (self->values[i] / max) : 0.0f;
    }
  self->has_views = max > 0;

  md_timeline_layer_changed (MD_TIMELINE_LAYER (self));
}

/**
 * md_timeline_heatmap_layer_set_color_ramp:
 *
 * Usually set from Preferences (heatmap-color-ramp) by the layer itself.
 */
void
md_timeline_heatmap_layer_set_color_ramp (MdTimelineHeatmapLayer *self,
                                          MdHeatmapRamp           ramp)
{
  g_return_if_fail (MD_IS_TIMELINE_HEATMAP_LAYER (self));
  g_return_if_fail (ramp <= MD_HEATMAP_RAMP_GRAYSCALE);

  if (self->ramp == ramp)
    return;

  self->ramp = ramp;
  g_clear_object (&self->band);
  md_timeline_layer_changed (MD_TIMELINE_LAYER (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLOR_RAMP]);
}

MdHeatmapRamp
md_timeline_heatmap_layer_get_color_ramp (MdTimelineHeatmapLayer *self)
{
  g_return_val_if_fail (MD_IS_TIMELINE_HEATMAP_LAYER (self), MD_HEATMAP_RAMP_ACCENT);

  return self->ramp;
}

guint
md_timeline_heatmap_layer_get_n_values (MdTimelineHeatmapLayer *self)
{
  g_return_val_if_fail (MD_IS_TIMELINE_HEATMAP_LAYER (self), 0);

  return self->n_values;
}

/**
 * md_timeline_heatmap_layer_get_levels:
 *
 * Returns: (array length=n_levels) (nullable): the normalized levels
 */
const float *
md_timeline_heatmap_layer_get_levels (MdTimelineHeatmapLayer *self,
                                      guint                  *n_levels)
{
  g_return_val_if_fail (MD_IS_TIMELINE_HEATMAP_LAYER (self), NULL);

  if (n_levels != NULL)
    *n_levels = self->n_values;
  return self->levels;
}
