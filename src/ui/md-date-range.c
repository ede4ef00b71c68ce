/* md-date-range.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-date-range"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "md-date-range.h"

/* A custom engagement timeframe: a first and a last day (local time),
 * each picked on a calendar in a popover. It turns into the two epoch
 * `timeframe[]` values the Data API takes, from the first day's midnight
 * to the end of the last day (or now, if that is earlier). */
struct _MdDateRange
{
  GtkWidget      parent_instance;

  GtkMenuButton *first_button;
  GtkMenuButton *last_button;
  GtkCalendar   *first_calendar;
  GtkCalendar   *last_calendar;

  GDateTime     *first;   /* local midnights */
  GDateTime     *last;
  gboolean       updating;
};

G_DEFINE_FINAL_TYPE (MdDateRange, md_date_range, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_FIRST_DAY,
  PROP_LAST_DAY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GDateTime *
midnight_of (GDateTime *time)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (time);

  return g_date_time_new_local (g_date_time_get_year (local), g_date_time_get_month (local),
                                g_date_time_get_day_of_month (local), 0, 0, 0);
}

static void
update_buttons (MdDateRange *self)
{
  /* Translators: a date in the custom range buttons, strftime format */
  g_autofree char *first = g_date_time_format (self->first, _("%e %b %Y"));
  g_autofree char *last = g_date_time_format (self->last, _("%e %b %Y"));

  gtk_menu_button_set_label (self->first_button, g_strstrip (first));
  gtk_menu_button_set_label (self->last_button, g_strstrip (last));
  /* Selecting a day emits day-selected: not a choice of the user's. */
  self->updating = TRUE;
  gtk_calendar_select_day (self->first_calendar, self->first);
  gtk_calendar_select_day (self->last_calendar, self->last);
  self->updating = FALSE;
}

static void
on_day_selected_cb (GtkCalendar *calendar,
                    MdDateRange *self)
{
  g_autoptr(GDateTime) day = gtk_calendar_get_date (calendar);
  g_autoptr(GDateTime) first = NULL;
  g_autoptr(GDateTime) last = NULL;

  g_assert (MD_IS_DATE_RANGE (self));

  if (self->updating)
    return;

  /* Moving one end past the other drags the other along. */
  if (calendar == self->first_calendar)
    {
      first = g_date_time_ref (day);
      last = g_date_time_compare (day, self->last) > 0 ? g_date_time_ref (day) : g_date_time_ref (self->last);
      gtk_menu_button_popdown (self->first_button);
    }
  else
    {
      last = g_date_time_ref (day);
      first = g_date_time_compare (day, self->first) < 0 ? g_date_time_ref (day) : g_date_time_ref (self->first);
      gtk_menu_button_popdown (self->last_button);
    }
  md_date_range_set_days (self, first, last);
}

static GtkMenuButton *
add_day_button (MdDateRange  *self,
                GtkWidget    *box,
                const char   *tooltip,
                GtkCalendar **out_calendar)
{
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *calendar = gtk_calendar_new ();

  gtk_widget_set_hexpand (button, TRUE);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_popover_set_child (GTK_POPOVER (popover), calendar);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  g_signal_connect_object (calendar, "day-selected", G_CALLBACK (on_day_selected_cb), self, 0);
  gtk_box_append (GTK_BOX (box), button);
  *out_calendar = GTK_CALENDAR (calendar);
  return GTK_MENU_BUTTON (button);
}

static void
md_date_range_dispose (GObject *object)
{
  MdDateRange *self = MD_DATE_RANGE (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->first, g_date_time_unref);
  g_clear_pointer (&self->last, g_date_time_unref);

  G_OBJECT_CLASS (md_date_range_parent_class)->dispose (object);
}

static void
md_date_range_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  MdDateRange *self = MD_DATE_RANGE (object);

  switch (prop_id)
    {
    case PROP_FIRST_DAY:
      g_value_set_boxed (value, self->first);
      break;
    case PROP_LAST_DAY:
      g_value_set_boxed (value, self->last);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_date_range_class_init (MdDateRangeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = md_date_range_dispose;
  object_class->get_property = md_date_range_get_property;

  properties[PROP_FIRST_DAY] = g_param_spec_boxed ("first-day", NULL, NULL, G_TYPE_DATE_TIME, ro);
  properties[PROP_LAST_DAY] = g_param_spec_boxed ("last-day", NULL, NULL, G_TYPE_DATE_TIME, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "daterange");
}

static void
md_date_range_init (MdDateRange *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) today = midnight_of (now);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *dash = gtk_label_new ("–");

  self->first_button = add_day_button (self, box, _("First day"), &self->first_calendar);
  gtk_box_append (GTK_BOX (box), dash);
  self->last_button = add_day_button (self, box, _("Last day"), &self->last_calendar);
  gtk_widget_set_parent (box, GTK_WIDGET (self));

  /* The last week until the user picks. */
  self->first = g_date_time_add_days (today, -6);
  self->last = g_date_time_ref (today);
  update_buttons (self);
}

GtkWidget *
md_date_range_new (void)
{
  return g_object_new (MD_TYPE_DATE_RANGE, NULL);
}

/**
 * md_date_range_set_days:
 * @first: the first day (any time in it)
 * @last: the last day, not before @first's day
 */
void
md_date_range_set_days (MdDateRange *self,
                        GDateTime   *first,
                        GDateTime   *last)
{
  g_autoptr(GDateTime) first_day = NULL;
  g_autoptr(GDateTime) last_day = NULL;
  gboolean first_changed, last_changed;

  g_return_if_fail (MD_IS_DATE_RANGE (self));
  g_return_if_fail (first != NULL && last != NULL);

  first_day = midnight_of (first);
  last_day = midnight_of (last);
  if (g_date_time_compare (first_day, last_day) > 0)
    {
      g_date_time_unref (last_day);
      last_day = g_date_time_ref (first_day);
    }

  first_changed = !g_date_time_equal (first_day, self->first);
  last_changed = !g_date_time_equal (last_day, self->last);
  g_date_time_unref (self->first);
  self->first = g_steal_pointer (&first_day);
  g_date_time_unref (self->last);
  self->last = g_steal_pointer (&last_day);

  update_buttons (self);
  if (first_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIRST_DAY]);
  if (last_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_DAY]);
}

/**
 * md_date_range_get_first_day:
 *
 * Returns: (transfer none): the local midnight starting the first day
 */
GDateTime *
md_date_range_get_first_day (MdDateRange *self)
{
  g_return_val_if_fail (MD_IS_DATE_RANGE (self), NULL);

  return self->first;
}

/**
 * md_date_range_get_last_day:
 *
 * Returns: (transfer none): the local midnight starting the last day
 */
GDateTime *
md_date_range_get_last_day (MdDateRange *self)
{
  g_return_val_if_fail (MD_IS_DATE_RANGE (self), NULL);

  return self->last;
}

/**
 * md_date_range_to_timeframe:
 * @now: Unix seconds
 *
 * Returns: (transfer full): "FROM,TO" in Unix seconds: the first day's
 *   midnight to the end of the last day, or @now when that is earlier
 *   (never before FROM)
 */
char *
md_date_range_to_timeframe (MdDateRange *self,
                            gint64       now)
{
  g_autoptr(GDateTime) end = NULL;
  gint64 from, to;

  g_return_val_if_fail (MD_IS_DATE_RANGE (self), NULL);

  end = g_date_time_add_days (self->last, 1);
  from = g_date_time_to_unix (self->first);
  to = MAX (from, MIN (g_date_time_to_unix (end), now));
  return g_strdup_printf ("%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT, from, to);
}

/**
 * md_date_range_parse_timeframe:
 * @timeframe: (nullable): a timeframe such as "7:days" or "FROM,TO"
 *
 * Returns: %TRUE when @timeframe is a custom range, with its ends
 */
gboolean
md_date_range_parse_timeframe (const char *timeframe,
                               gint64     *from,
                               gint64     *to)
{
  gint64 a, b;
  int end = 0;

  if (timeframe == NULL
      || sscanf (timeframe, "%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT "%n", &a, &b, &end) != 2
      || timeframe[end] != '\0' || a < 0 || b < a)
    return FALSE;

  *from = a;
  *to = b;
  return TRUE;
}
