/* md-timeline.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-timeline"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "md-time.h"
#include "md-timeline.h"
#include "md-timeline-buffered-layer.h"
#include "md-timeline-hover-layer.h"
#include "md-timeline-played-layer.h"
#include "md-timeline-track-layer.h"

/* The seek bar: a stack of MdTimelineLayers drawn in snapshot, bottom to
 * top (track, buffered range, overlays such as the engagement heatmap,
 * played range with the playhead, hover label). The widget knows times and
 * pointer positions; it never touches the player: it shows what it is told
 * (#MdTimeline:position) and asks for seeks with #MdTimeline::seek. While
 * the user drags, position updates are kept but not shown, so the playhead
 * never fights the pointer. */
struct _MdTimeline
{
  GtkWidget                parent_instance;

  GListStore              *layers;
  MdTimelineLayer         *played_layer;
  MdTimelineHoverLayer    *hover_layer;

  double                   duration;
  double                   position;
  double                   buffered_position;
  double                   drag_position;
  double                   drag_start_x;
  double                   hover_position;    /* < 0: not hovered */
  double                   step;
  gint64                   announced_second;

  guint                    dragging : 1;
};

G_DEFINE_FINAL_TYPE (MdTimeline, md_timeline, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DURATION,
  PROP_POSITION,
  PROP_BUFFERED_POSITION,
  PROP_HOVER_POSITION,
  PROP_DRAGGING,
  PROP_STEP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_SEEK,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Room at each end for the playhead knob, the track's thickness, and the
 * track's centre from the bottom; above the track is room for the hover
 * label and for overlays such as the engagement heatmap. */
#define KNOB_RADIUS 7.0
#define TRACK_HEIGHT 6.0
#define TRACK_CENTER_FROM_BOTTOM 12.0
#define MIN_HEIGHT 44
#define CLICK_SLOP 4.0

static void
update_accessible_value (MdTimeline *self,
                         gboolean    force)
{
  double shown = md_timeline_get_display_position (self);
  gint64 second = (gint64) floor (shown);
  g_autofree char *now = NULL;
  g_autofree char *total = NULL;
  g_autofree char *text = NULL;

  /* Screen readers want whole seconds, not ten updates a second. */
  if (!force && second == self->announced_second)
    return;
  self->announced_second = second;

  now = md_time_format (shown, self->duration);
  total = md_time_format (self->duration, self->duration);
  /* Translators: the timeline's value for screen readers, e.g. "1:23 of 5:00" */
  text = g_strdup_printf (_("%s of %s"), now, total);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MIN, 0.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, MAX (self->duration, 0.0),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, shown,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text,
                                  -1);
}

static void
set_hover (MdTimeline *self,
           double      seconds)
{
  if (self->duration <= 0)
    seconds = -1;

  if (self->hover_position == seconds)
    return;

  self->hover_position = seconds;
  md_timeline_hover_layer_set_hover (self->hover_layer, GTK_WIDGET (self), seconds, self->duration);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOVER_POSITION]);
}

static void
request_seek (MdTimeline *self,
              double      seconds)
{
  if (self->duration <= 0)
    return;

  seconds = CLAMP (seconds, 0, self->duration);
  g_signal_emit (self, signals[SIGNAL_SEEK], 0, seconds);
}

static void
set_dragging (MdTimeline *self,
              gboolean    dragging)
{
  if (self->dragging == !!dragging)
    return;

  self->dragging = !!dragging;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DRAGGING]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_drag_begin_cb (GtkGestureDrag *gesture,
                  double          x,
                  double          y,
                  MdTimeline     *self)
{
  g_assert (GTK_IS_GESTURE_DRAG (gesture));
  g_assert (MD_IS_TIMELINE (self));

  if (self->duration <= 0)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_widget_grab_focus (GTK_WIDGET (self));

  self->drag_start_x = x;
  self->drag_position = md_timeline_x_to_time (self, x);
  set_dragging (self, TRUE);
  set_hover (self, self->drag_position);
  update_accessible_value (self, FALSE);
}

static void
on_drag_update_cb (GtkGestureDrag *gesture,
                   double          offset_x,
                   double          offset_y,
                   MdTimeline     *self)
{
  g_assert (GTK_IS_GESTURE_DRAG (gesture));
  g_assert (MD_IS_TIMELINE (self));

  if (!self->dragging)
    return;

  self->drag_position = md_timeline_x_to_time (self, self->drag_start_x + offset_x);
  set_hover (self, self->drag_position);
  update_accessible_value (self, FALSE);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
lookup_seek (MdTimeline *self,
             double      x,
             double     *seconds)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->layers));

  for (guint i = n; i > 0; i--)
    {
      g_autoptr(MdTimelineLayer) layer = g_list_model_get_item (G_LIST_MODEL (self->layers), i - 1);

      if (md_timeline_layer_lookup_seek (layer, self, x, seconds))
        return TRUE;
    }

  return FALSE;
}

static void
on_drag_end_cb (GtkGestureDrag *gesture,
                double          offset_x,
                double          offset_y,
                MdTimeline     *self)
{
  double target;

  g_assert (GTK_IS_GESTURE_DRAG (gesture));
  g_assert (MD_IS_TIMELINE (self));

  if (!self->dragging)
    return;

  target = md_timeline_x_to_time (self, self->drag_start_x + offset_x);
  /* A click (not a drag) on a layer's item, e.g. a hotspot, seeks to it. */
  if (fabs (offset_x) < CLICK_SLOP)
    lookup_seek (self, self->drag_start_x, &target);
  /* Show the target until the player reports it: no jump back. */
  self->position = target;
  set_dragging (self, FALSE);
  request_seek (self, target);
  update_accessible_value (self, TRUE);
}

static void
on_drag_cancel_cb (GtkGesture       *gesture,
                   GdkEventSequence *sequence,
                   MdTimeline       *self)
{
  g_assert (GTK_IS_GESTURE (gesture));
  g_assert (MD_IS_TIMELINE (self));

  set_dragging (self, FALSE);
  update_accessible_value (self, TRUE);
}

static void
on_motion_cb (GtkEventControllerMotion *controller,
              double                    x,
              double                    y,
              MdTimeline               *self)
{
  g_assert (GTK_IS_EVENT_CONTROLLER_MOTION (controller));
  g_assert (MD_IS_TIMELINE (self));

  if (!self->dragging)
    set_hover (self, md_timeline_x_to_time (self, x));
}

static void
on_leave_cb (GtkEventControllerMotion *controller,
             MdTimeline               *self)
{
  g_assert (GTK_IS_EVENT_CONTROLLER_MOTION (controller));
  g_assert (MD_IS_TIMELINE (self));

  if (!self->dragging)
    set_hover (self, -1);
}

static gboolean
on_key_pressed_cb (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   MdTimeline            *self)
{
  double from;

  g_assert (GTK_IS_EVENT_CONTROLLER_KEY (controller));
  g_assert (MD_IS_TIMELINE (self));

  if (self->duration <= 0 || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return GDK_EVENT_PROPAGATE;

  from = self->position;

  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      request_seek (self, from - self->step);
      return GDK_EVENT_STOP;

    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      request_seek (self, from + self->step);
      return GDK_EVENT_STOP;

    case GDK_KEY_Page_Down:
      request_seek (self, from - self->duration / 10);
      return GDK_EVENT_STOP;

    case GDK_KEY_Page_Up:
      request_seek (self, from + self->duration / 10);
      return GDK_EVENT_STOP;

    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      request_seek (self, 0);
      return GDK_EVENT_STOP;

    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      request_seek (self, self->duration);
      return GDK_EVENT_STOP;

    default:
      return GDK_EVENT_PROPAGATE;
    }
}

static gboolean
md_timeline_query_tooltip (GtkWidget  *widget,
                           int         x,
                           int         y,
                           gboolean    keyboard_mode,
                           GtkTooltip *tooltip)
{
  MdTimeline *self = MD_TIMELINE (widget);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->layers));
  double seconds;

  if (self->duration <= 0 || keyboard_mode)
    return FALSE;

  seconds = md_timeline_x_to_time (self, x);

  /* The topmost layer with something to say wins. */
  for (guint i = n; i > 0; i--)
    {
      g_autoptr(MdTimelineLayer) layer = g_list_model_get_item (G_LIST_MODEL (self->layers), i - 1);
      g_autofree char *text = md_timeline_layer_query_tooltip (layer, self, seconds);

      if (text != NULL)
        {
          gtk_tooltip_set_text (tooltip, text);
          return TRUE;
        }
    }

  return FALSE;
}

static void
md_timeline_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  MdTimeline *self = MD_TIMELINE (widget);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->layers));
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MdTimelineLayer) layer = g_list_model_get_item (G_LIST_MODEL (self->layers), i);

      md_timeline_layer_snapshot (layer, self, snapshot, width, height);
    }
}

static void
md_timeline_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 4 * KNOB_RADIUS;
      *natural = 300;
    }
  else
    {
      *minimum = MIN_HEIGHT;
      *natural = MIN_HEIGHT;
    }
}

static void
md_timeline_css_changed (GtkWidget         *widget,
                         GtkCssStyleChange *change)
{
  MdTimeline *self = MD_TIMELINE (widget);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->layers));

  GTK_WIDGET_CLASS (md_timeline_parent_class)->css_changed (widget, change);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MdTimelineLayer) layer = g_list_model_get_item (G_LIST_MODEL (self->layers), i);

      md_timeline_layer_css_changed (layer, widget);
    }

  gtk_widget_queue_draw (widget);
}

static void
on_layer_changed_cb (MdTimelineLayer *layer,
                     MdTimeline      *self)
{
  g_assert (MD_IS_TIMELINE_LAYER (layer));
  g_assert (MD_IS_TIMELINE (self));

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
insert_layer (MdTimeline      *self,
              MdTimelineLayer *layer,
              guint            position)
{
  g_signal_connect_object (layer, "changed", G_CALLBACK (on_layer_changed_cb), self, 0);
  g_list_store_insert (self->layers, position, layer);
  if (gtk_widget_get_realized (GTK_WIDGET (self)))
    md_timeline_layer_css_changed (layer, GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
md_timeline_dispose (GObject *object)
{
  MdTimeline *self = MD_TIMELINE (object);

  g_clear_object (&self->layers);
  self->played_layer = NULL;
  self->hover_layer = NULL;

  G_OBJECT_CLASS (md_timeline_parent_class)->dispose (object);
}

static void
md_timeline_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  MdTimeline *self = MD_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_DURATION: g_value_set_double (value, self->duration); break;
    case PROP_POSITION: g_value_set_double (value, self->position); break;
    case PROP_BUFFERED_POSITION: g_value_set_double (value, self->buffered_position); break;
    case PROP_HOVER_POSITION: g_value_set_double (value, self->hover_position); break;
    case PROP_DRAGGING: g_value_set_boolean (value, self->dragging); break;
    case PROP_STEP: g_value_set_double (value, self->step); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_timeline_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  MdTimeline *self = MD_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_DURATION: md_timeline_set_duration (self, g_value_get_double (value)); break;
    case PROP_POSITION: md_timeline_set_position (self, g_value_get_double (value)); break;
    case PROP_BUFFERED_POSITION: md_timeline_set_buffered_position (self, g_value_get_double (value)); break;
    case PROP_STEP: md_timeline_set_step (self, g_value_get_double (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_timeline_class_init (MdTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = md_timeline_dispose;
  object_class->get_property = md_timeline_get_property;
  object_class->set_property = md_timeline_set_property;

  widget_class->snapshot = md_timeline_snapshot;
  widget_class->measure = md_timeline_measure;
  widget_class->css_changed = md_timeline_css_changed;
  widget_class->query_tooltip = md_timeline_query_tooltip;

  properties[PROP_DURATION] = g_param_spec_double ("duration", NULL, NULL, 0, G_MAXDOUBLE, 0, rw);
  properties[PROP_POSITION] = g_param_spec_double ("position", NULL, NULL, 0, G_MAXDOUBLE, 0, rw);
  properties[PROP_BUFFERED_POSITION] = g_param_spec_double ("buffered-position", NULL, NULL,
                                                            0, G_MAXDOUBLE, 0, rw);
  properties[PROP_HOVER_POSITION] = g_param_spec_double ("hover-position", NULL, NULL,
                                                         -1, G_MAXDOUBLE, -1, ro);
  properties[PROP_DRAGGING] = g_param_spec_boolean ("dragging", NULL, NULL, FALSE, ro);
  properties[PROP_STEP] = g_param_spec_double ("step", NULL, NULL, 0.1, G_MAXDOUBLE, 5, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MdTimeline::seek:
   * @seconds: where the user wants to go
   *
   * Emitted on a click, at the end of a drag, and for the arrow, Page,
   * Home and End keys.
   */
  signals[SIGNAL_SEEK] =
    g_signal_new ("seek", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_DOUBLE);

  gtk_widget_class_set_css_name (widget_class, "mdtimeline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_SLIDER);
}

static void
md_timeline_init (MdTimeline *self)
{
  GtkGesture *drag;
  GtkEventController *motion;
  GtkEventController *key;
  g_autoptr(MdTimelineLayer) track = NULL;
  g_autoptr(MdTimelineLayer) buffered = NULL;
  g_autoptr(MdTimelineLayer) played = NULL;
  g_autoptr(MdTimelineLayer) hover = NULL;

  self->hover_position = -1;
  self->step = 5;
  self->announced_second = -1;
  self->layers = g_list_store_new (MD_TYPE_TIMELINE_LAYER);

  track = md_timeline_track_layer_new ();
  buffered = md_timeline_buffered_layer_new ();
  played = md_timeline_played_layer_new ();
  hover = md_timeline_hover_layer_new ();
  self->played_layer = played;
  self->hover_layer = MD_TIMELINE_HOVER_LAYER (hover);
  insert_layer (self, track, 0);
  insert_layer (self, buffered, 1);
  insert_layer (self, played, 2);
  insert_layer (self, hover, 3);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "pointer");

  drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end_cb), self);
  g_signal_connect (drag, "cancel", G_CALLBACK (on_drag_cancel_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  key = gtk_event_controller_key_new ();
  g_signal_connect (key, "key-pressed", G_CALLBACK (on_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);

  update_accessible_value (self, TRUE);
}

GtkWidget *
md_timeline_new (void)
{
  return g_object_new (MD_TYPE_TIMELINE, NULL);
}

double
md_timeline_get_duration (MdTimeline *self)
{
  g_return_val_if_fail (MD_IS_TIMELINE (self), 0);

  return self->duration;
}

/**
 * md_timeline_set_duration:
 * @duration: in seconds; 0 when unknown (the timeline then ignores input)
 */
void
md_timeline_set_duration (MdTimeline *self,
                          double      duration)
{
  g_return_if_fail (MD_IS_TIMELINE (self));

  duration = MAX (duration, 0);
  if (self->duration == duration)
    return;

  self->duration = duration;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
  update_accessible_value (self, TRUE);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

double
md_timeline_get_position (MdTimeline *self)
{
  g_return_val_if_fail (MD_IS_TIMELINE (self), 0);

  return self->position;
}

/**
 * md_timeline_set_position:
 * @position: the player's position in seconds
 *
 * Kept but not shown while the user drags the playhead.
 */
void
md_timeline_set_position (MdTimeline *self,
                          double      position)
{
  g_return_if_fail (MD_IS_TIMELINE (self));

  position = MAX (position, 0);
  if (self->position == position)
    return;

  self->position = position;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);

  if (!self->dragging)
    {
      update_accessible_value (self, FALSE);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

double
md_timeline_get_buffered_position (MdTimeline *self)
{
  g_return_val_if_fail (MD_IS_TIMELINE (self), 0);

  return self->buffered_position;
}

void
md_timeline_set_buffered_position (MdTimeline *self,
                                   double      position)
{
  g_return_if_fail (MD_IS_TIMELINE (self));

  position = MAX (position, 0);
  if (self->buffered_position == position)
    return;

  self->buffered_position = position;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUFFERED_POSITION]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * md_timeline_get_display_position:
 *
 * Returns: where the playhead is drawn: the pointer's time while dragging,
 *   else #MdTimeline:position
 */
double
md_timeline_get_display_position (MdTimeline *self)
{
  g_return_val_if_fail (MD_IS_TIMELINE (self), 0);

  return self->dragging ? self->drag_position : self->position;
}

/**
 * md_timeline_get_hover_position:
 *
 * Returns: the time under the pointer, or -1
 */
double
md_timeline_get_hover_position (MdTimeline *self)
{
  g_return_val_if_fail (MD_IS_TIMELINE (self), -1);

  return self->hover_position;
}

gboolean
md_timeline_get_dragging (MdTimeline *self)
{
  g_return_val_if_fail (MD_IS_TIMELINE (self), FALSE);

  return self->dragging;
}

double
md_timeline_get_step (MdTimeline *self)
{
  g_return_val_if_fail (MD_IS_TIMELINE (self), 0);

  return self->step;
}

/**
 * md_timeline_set_step:
 * @step: seconds moved by the arrow keys
 */
void
md_timeline_set_step (MdTimeline *self,
                      double      step)
{
  g_return_if_fail (MD_IS_TIMELINE (self));

  if (self->step == step)
    return;

  self->step = step;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
}

/**
 * md_timeline_get_track_rect:
 * @rect: (out): the track's bounds in widget coordinates
 *
 * Layers draw relative to this bar; time runs from its left edge (0) to
 * its right edge (the duration).
 */
void
md_timeline_get_track_rect (MdTimeline      *self,
                            graphene_rect_t *rect)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  g_return_if_fail (MD_IS_TIMELINE (self));

  graphene_rect_init (rect,
                      KNOB_RADIUS,
                      floor (height - TRACK_CENTER_FROM_BOTTOM - TRACK_HEIGHT / 2),
                      MAX (0, width - 2 * KNOB_RADIUS),
                      TRACK_HEIGHT);
}

double
md_timeline_time_to_x (MdTimeline *self,
                       double      seconds)
{
  graphene_rect_t track;

  g_return_val_if_fail (MD_IS_TIMELINE (self), 0);

  md_timeline_get_track_rect (self, &track);
  if (self->duration <= 0)
    return track.origin.x;

  return track.origin.x + track.size.width * CLAMP (seconds / self->duration, 0, 1);
}

double
md_timeline_x_to_time (MdTimeline *self,
                       double      x)
{
  graphene_rect_t track;

  g_return_val_if_fail (MD_IS_TIMELINE (self), 0);

  md_timeline_get_track_rect (self, &track);
  if (self->duration <= 0 || track.size.width <= 0)
    return 0;

  return self->duration * CLAMP ((x - track.origin.x) / track.size.width, 0, 1);
}

/**
 * md_timeline_add_layer:
 *
 * Adds @layer on top of all the others (above the hover label).
 */
void
md_timeline_add_layer (MdTimeline      *self,
                       MdTimelineLayer *layer)
{
  g_return_if_fail (MD_IS_TIMELINE (self));
  g_return_if_fail (MD_IS_TIMELINE_LAYER (layer));

  insert_layer (self, layer, g_list_model_get_n_items (G_LIST_MODEL (self->layers)));
}

/**
 * md_timeline_add_overlay:
 *
 * Adds @layer above the track and buffered range but below the played
 * range and playhead: the place for data drawn along the video, such as
 * the engagement heatmap and hotspot markers.
 */
void
md_timeline_add_overlay (MdTimeline      *self,
                         MdTimelineLayer *layer)
{
  guint position = 0;

  g_return_if_fail (MD_IS_TIMELINE (self));
  g_return_if_fail (MD_IS_TIMELINE_LAYER (layer));

  if (!g_list_store_find (self->layers, self->played_layer, &position))
    g_assert_not_reached ();
  insert_layer (self, layer, position);
}

void
md_timeline_remove_layer (MdTimeline      *self,
                          MdTimelineLayer *layer)
{
  guint position;

  g_return_if_fail (MD_IS_TIMELINE (self));
  g_return_if_fail (MD_IS_TIMELINE_LAYER (layer));

  if (!g_list_store_find (self->layers, layer, &position))
    return;

  g_signal_handlers_disconnect_by_func (layer, on_layer_changed_cb, self);
  g_list_store_remove (self->layers, position);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * md_timeline_get_layers:
 *
 * Returns: (transfer none): the layers, bottom first
 */
GListModel *
md_timeline_get_layers (MdTimeline *self)
{
  g_return_val_if_fail (MD_IS_TIMELINE (self), NULL);

  return G_LIST_MODEL (self->layers);
}
