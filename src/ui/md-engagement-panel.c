/* md-engagement-panel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-engagement-panel"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "md-date-range.h"
#include "md-engagement-export.h"
#include "md-engagement-panel.h"
#include "md-hotspot.h"
#include "md-time.h"

/* Engagement on the player: the live counts badge (or a hint pointing to
 * Preferences when no signing key is set), and a card with the identifier
 * and timeframe choice, the hot/cold toggle and the ranked hotspot list,
 * whose rows seek the player. The heatmap and markers themselves are
 * timeline layers fed by an MdEngagementController. Nothing here waits on
 * the network: playback starts first, engagement fills in when it comes.
 * The counts follow the identifier chosen (their token's `aud` is asset_id,
 * video_id or playback_id); a live stream has its counts (live_stream_id)
 * and no card. */
struct _MdEngagementPanel
{
  GtkWidget               parent_instance;

  GtkWidget              *badge_box;
  GtkLabel               *badge_label;
  GtkLabel               *updated_label;
  GtkButton              *hint_button;
  GtkToggleButton        *expand_button;
  GtkDropDown            *source_dropdown;
  GtkDropDown            *timeframe_dropdown;
  MdDateRange            *date_range;
  GtkLabel               *list_title;
  GtkDropDown            *limit_dropdown;
  GtkSwitch              *cold_switch;
  GtkListBox             *hotspot_list;
  GtkLabel               *empty_label;
  GtkLabel               *status_label;
  GtkButton              *export_csv_button;
  GtkButton              *export_png_button;

  MdEngagementController *controller;
  MdLiveCounts           *live_counts;
  MdClient               *client;
  MdJwtSigner            *signer;
  MdTimeline             *timeline;          /* weak */
  char                   *asset_id;
  double                  duration;          /* of the asset; 0: live */
  GPtrArray              *source_kinds;      /* MdEngagementKind, as pointers */
  GPtrArray              *source_ids;
  char                   *badge_text;
  guint                   updated_timeout_id;
  GSettings              *settings;
  MdEngagementChoices    *choices;           /* nullable: the session's */
  gboolean                applying_default;  /* a timeframe not chosen by the user */
};

G_DEFINE_FINAL_TYPE (MdEngagementPanel, md_engagement_panel, GTK_TYPE_WIDGET)

static const char *const timeframes[] = {
  MD_ENGAGEMENT_TIMEFRAME_DAY,
  MD_ENGAGEMENT_TIMEFRAME_WEEK,
  MD_ENGAGEMENT_TIMEFRAME_MONTH,
};

/* How many hotspots to list: the limit dropdown's items. */
static const guint limits[] = { 3, 5, 10 };
#define DEFAULT_LIMIT_INDEX 1

/* The dropdown's last item: the days picked in the date range. */
#define CUSTOM_RANGE G_N_ELEMENTS (timeframes)

#define PANEL_KEY "md-engagement-panel"

/* A counts token outlives a whole viewing of the video, pauses included. */
#define WATCH_MARGIN_SECONDS (10 * 60)
#define CHOICES_KEY "md-engagement-choices"

/* Without choices kept for the environment (md_engagement_panel_set_choices()),
 * those of this session: kept on the client so they last as long as the
 * signed-in environment. */
static MdEngagementChoices *
get_choices (MdEngagementPanel *self)
{
  MdEngagementChoices *choices;

  if (self->choices != NULL)
    return self->choices;

  choices = g_object_get_data (G_OBJECT (self->client), CHOICES_KEY);
  if (choices == NULL)
    {
      choices = md_engagement_choices_new (NULL);
      g_object_set_data_full (G_OBJECT (self->client), CHOICES_KEY, choices, g_object_unref);
    }
  return choices;
}

/* How a choice names the identifier: by what it is, not by its place in
 * the dropdown (an asset given a video ID since gets one more entry). */
static const char *
identifier_name (MdEngagementKind kind)
{
  switch (kind)
    {
    case MD_ENGAGEMENT_KIND_VIDEO: return "video";
    case MD_ENGAGEMENT_KIND_PLAYBACK_ID: return "playback-id";
    case MD_ENGAGEMENT_KIND_ASSET:
    default:
      return "asset";
    }
}

/* The timeframe Preferences gives an asset with no choice of its own. */
static guint
default_timeframe (MdEngagementPanel *self)
{
  g_autofree char *timeframe = g_settings_get_string (self->settings, "engagement-timeframe");

  for (guint i = 0; i < G_N_ELEMENTS (timeframes); i++)
    if (g_str_equal (timeframes[i], timeframe))
      return i;
  return 1;
}

static guint
selected_limit (MdEngagementPanel *self)
{
  guint i = gtk_drop_down_get_selected (self->limit_dropdown);

  return limits[i < G_N_ELEMENTS (limits) ? i : DEFAULT_LIMIT_INDEX];
}

static guint
limit_index (guint limit)
{
  for (guint i = 0; i < G_N_ELEMENTS (limits); i++)
    if (limits[i] == limit)
      return i;
  return DEFAULT_LIMIT_INDEX;
}

static gboolean
has_choice (MdEngagementPanel *self)
{
  g_autoptr(JsonObject) choice = NULL;

  if (self->controller == NULL || self->asset_id == NULL)
    return FALSE;

  choice = md_engagement_choices_lookup (get_choices (self), self->asset_id);
  return choice != NULL;
}

/* {"identifier": "asset"|"video"|"playback-id", "timeframe": "7:days"|…|"custom",
 *  "first_day", "last_day" (Unix seconds in the custom range's days), "limit"} */
static void
remember_choice (MdEngagementPanel *self)
{
  g_autoptr(JsonObject) choice = NULL;
  guint source, timeframe;

  if (self->controller == NULL || self->asset_id == NULL || self->applying_default)
    return;

  source = gtk_drop_down_get_selected (self->source_dropdown);
  timeframe = gtk_drop_down_get_selected (self->timeframe_dropdown);
  choice = json_object_new ();
  json_object_set_string_member (choice, "identifier",
                                 identifier_name (source < self->source_kinds->len
                                                  ? GPOINTER_TO_UINT (g_ptr_array_index (self->source_kinds, source))
                                                  : MD_ENGAGEMENT_KIND_ASSET));
  json_object_set_string_member (choice, "timeframe", timeframe < G_N_ELEMENTS (timeframes)
                                                      ? timeframes[timeframe] : "custom");
  json_object_set_int_member (choice, "first_day",
                              g_date_time_to_unix (md_date_range_get_first_day (self->date_range)));
  json_object_set_int_member (choice, "last_day",
                              g_date_time_to_unix (md_date_range_get_last_day (self->date_range)));
  json_object_set_int_member (choice, "limit", selected_limit (self));
  md_engagement_choices_remember (get_choices (self), self->asset_id, choice);
}

/* A member of a choice read from disk: of the type expected, or none. */
static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : NULL;
}

static gint64
member_int (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && json_node_get_value_type (node) == G_TYPE_INT64 ? json_node_get_int (node) : 0;
}

/* Reads @choice (from a former run, maybe another version: anything
 * unknown, missing or of another type keeps what the caller set). */
static void
read_choice (MdEngagementPanel *self,
             JsonObject        *choice,
             guint             *source,
             guint             *timeframe,
             guint             *limit)
{
  const char *identifier = member_string (choice, "identifier");
  const char *value = member_string (choice, "timeframe");
  gint64 first_day = member_int (choice, "first_day");
  gint64 last_day = member_int (choice, "last_day");
  gint64 n = member_int (choice, "limit");

  for (guint i = 0; i < self->source_kinds->len; i++)
    if (g_strcmp0 (identifier_name (GPOINTER_TO_UINT (g_ptr_array_index (self->source_kinds, i))), identifier) == 0)
      *source = i;

  for (guint i = 0; i < G_N_ELEMENTS (timeframes); i++)
    if (g_strcmp0 (timeframes[i], value) == 0)
      *timeframe = i;
  if (g_strcmp0 (value, "custom") == 0 && first_day > 0 && last_day >= first_day)
    {
      g_autoptr(GDateTime) first = g_date_time_new_from_unix_local (first_day);
      g_autoptr(GDateTime) last = g_date_time_new_from_unix_local (last_day);

      if (first != NULL && last != NULL)
        {
          md_date_range_set_days (self->date_range, first, last);
          *timeframe = CUSTOM_RANGE;
        }
    }

  if (n > 0 && n <= G_MAXUINT)
    *limit = (guint) n;
}

/* The `timeframe[]` value(s) of the dropdown's choice: a custom range is
 * two epoch times, "FROM,TO". */
static char *
selected_timeframe (MdEngagementPanel *self)
{
  guint i = gtk_drop_down_get_selected (self->timeframe_dropdown);

  gtk_widget_set_visible (GTK_WIDGET (self->date_range), i == CUSTOM_RANGE);
  if (i < G_N_ELEMENTS (timeframes))
    return g_strdup (timeframes[i]);
  return md_date_range_to_timeframe (self->date_range, g_get_real_time () / G_USEC_PER_SEC);
}

/* "updated 12 s ago", as the clock moves on. */
static void
update_updated_label (MdEngagementPanel *self)
{
  g_autofree char *text = NULL;

  if (self->live_counts != NULL && md_live_counts_get_available (self->live_counts))
    text = md_live_counts_format_updated (self->live_counts, g_get_real_time () / G_USEC_PER_SEC);
  gtk_widget_set_visible (GTK_WIDGET (self->updated_label), text != NULL);
  if (text != NULL)
    gtk_label_set_label (self->updated_label, text);
}

static gboolean
on_updated_timeout_cb (gpointer user_data)
{
  MdEngagementPanel *self = user_data;

  update_updated_label (self);
  return G_SOURCE_CONTINUE;
}

/* The age is counted every second while the counts are polled (the
 * badge on screen), and not at all otherwise. */
static void
update_updated_timer (MdEngagementPanel *self)
{
  gboolean wanted = self->live_counts != NULL && md_live_counts_get_active (self->live_counts)
                    && md_live_counts_get_has_counts (self->live_counts);

  if (wanted && self->updated_timeout_id == 0)
    self->updated_timeout_id = g_timeout_add_seconds (1, on_updated_timeout_cb, self);
  else if (!wanted)
    g_clear_handle_id (&self->updated_timeout_id, g_source_remove);
  update_updated_label (self);
}

static void
update_badge (MdEngagementPanel *self)
{
  gboolean available = self->live_counts != NULL && md_live_counts_get_available (self->live_counts);
  g_autofree char *tooltip = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->hint_button), self->live_counts != NULL && !available);
  g_clear_pointer (&self->badge_text, g_free);
  update_updated_timer (self);

  if (!available || !md_live_counts_get_has_counts (self->live_counts))
    {
      gtk_widget_set_visible (self->badge_box, available && md_live_counts_get_error (self->live_counts) != NULL);
      if (available && md_live_counts_get_error (self->live_counts) != NULL)
        {
          gtk_label_set_label (self->badge_label, _("Live counts unavailable"));
          gtk_widget_set_tooltip_text (self->badge_box, md_live_counts_get_error (self->live_counts));
        }
      return;
    }

  self->badge_text = md_live_counts_format (self->live_counts);
  gtk_label_set_label (self->badge_label, self->badge_text);
  gtk_widget_set_visible (self->badge_box, TRUE);

  tooltip = md_live_counts_format_tooltip (self->live_counts);
  gtk_widget_set_tooltip_text (self->badge_box, tooltip);
}

static void
on_live_counts_notify_cb (MdLiveCounts      *counts,
                          GParamSpec        *pspec,
                          MdEngagementPanel *self)
{
  g_assert (MD_IS_LIVE_COUNTS (counts));
  g_assert (MD_IS_ENGAGEMENT_PANEL (self));

  update_badge (self);
}

static MdCountsKind
counts_kind_of (MdEngagementKind kind)
{
  switch (kind)
    {
    case MD_ENGAGEMENT_KIND_VIDEO: return MD_COUNTS_KIND_VIDEO;
    case MD_ENGAGEMENT_KIND_PLAYBACK_ID: return MD_COUNTS_KIND_PLAYBACK_ID;
    case MD_ENGAGEMENT_KIND_ASSET:
    default:
      return MD_COUNTS_KIND_ASSET;
    }
}

static void
drop_live_counts (MdEngagementPanel *self)
{
  if (self->live_counts == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->live_counts, self);
  g_settings_unbind (self->live_counts, "interval");
  md_live_counts_follow_widget (self->live_counts, NULL);
  md_live_counts_set_active (self->live_counts, FALSE);
  g_clear_object (&self->live_counts);
  g_clear_handle_id (&self->updated_timeout_id, g_source_remove);
}

/* The counts of @id (what @kind says it is), polled while the panel is on
 * screen (not while its window is hidden or minimized), as often as
 * Preferences says. */
static void
set_live_counts (MdEngagementPanel *self,
                 MdCountsKind       kind,
                 const char        *id)
{
  drop_live_counts (self);
  self->live_counts = md_live_counts_new (self->client, self->signer, kind, id);
  if (self->duration > 0)
    md_live_counts_set_token_lifetime (self->live_counts,
                                       (guint) MIN (MAX ((double) MD_LIVE_COUNTS_DEFAULT_TOKEN_LIFETIME,
                                                         ceil (self->duration) + WATCH_MARGIN_SECONDS),
                                                    G_MAXUINT));
  g_settings_bind (self->settings, "counts-poll-interval", self->live_counts, "interval", G_SETTINGS_BIND_GET);
  g_signal_connect_object (self->live_counts, "notify", G_CALLBACK (on_live_counts_notify_cb), self, 0);
  update_badge (self);
  md_live_counts_follow_widget (self->live_counts, GTK_WIDGET (self));
}

static void
on_hotspot_row_activated_cb (GtkListBox        *list,
                             GtkListBoxRow     *row,
                             MdEngagementPanel *self)
{
  MdHotspot *hotspot = g_object_get_data (G_OBJECT (row), "md-hotspot");

  g_assert (GTK_IS_LIST_BOX (list));
  g_assert (MD_IS_ENGAGEMENT_PANEL (self));

  if (hotspot != NULL && self->timeline != NULL)
    g_signal_emit_by_name (self->timeline, "seek", md_hotspot_get_start_ms (hotspot) / 1000.0);
}

static GtkWidget *
create_hotspot_row (MdEngagementPanel *self,
                    MdHotspot         *hotspot,
                    guint              rank)
{
  double duration = self->timeline != NULL ? md_timeline_get_duration (self->timeline) : 0;
  double start = md_hotspot_get_start_ms (hotspot) / 1000.0;
  double end = md_hotspot_get_end_ms (hotspot) / 1000.0;
  g_autofree char *from = md_time_format (start, MAX (duration, end));
  g_autofree char *to = md_time_format (end, MAX (duration, end));
  g_autofree char *text = NULL;
  g_autofree char *score = NULL;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *label;

  /* Translators: a hotspot list entry, rank and time range, e.g. "1.  0:30–0:35" */
  text = g_strdup_printf (_("%u.  %s–%s"), rank, from, to);
  score = g_strdup_printf ("%.2f", md_hotspot_get_score (hotspot));

  gtk_widget_set_margin_start (box, 10);
  gtk_widget_set_margin_end (box, 10);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  label = gtk_label_new (text);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "numeric");
  gtk_box_append (GTK_BOX (box), label);
  label = gtk_label_new (score);
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_tooltip_text (label, _("Score: how far engagement here rises above the natural drop-off (0 to 1)"));
  gtk_box_append (GTK_BOX (box), label);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "md-hotspot", g_object_ref (hotspot), g_object_unref);
  gtk_widget_set_tooltip_text (row, _("Play from here"));
  return row;
}

static void
update_hotspot_list (MdEngagementPanel *self)
{
  GListModel *hotspots = self->controller ? md_engagement_controller_get_hotspots (self->controller) : NULL;
  gboolean cold = self->controller ? md_engagement_controller_get_cold (self->controller) : FALSE;
  guint n = hotspots != NULL ? g_list_model_get_n_items (hotspots) : 0;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->hotspot_list))) != NULL)
    gtk_list_box_remove (self->hotspot_list, child);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MdHotspot) hotspot = g_list_model_get_item (hotspots, i);

      gtk_list_box_append (self->hotspot_list, create_hotspot_row (self, hotspot, i + 1));
    }

  gtk_label_set_label (self->list_title, cold ? _("Cold Spots") : _("Hotspots"));
  gtk_widget_set_visible (GTK_WIDGET (self->hotspot_list), n > 0);
  /* Only once an answer came: not while loading, not after an error. */
  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), hotspots != NULL && n == 0);
}

static void
update_status (MdEngagementPanel *self)
{
  g_autofree char *text = NULL;

  if (self->controller == NULL)
    text = g_strdup ("");
  else if (md_engagement_controller_get_error (self->controller) != NULL)
    text = g_strdup (md_engagement_controller_get_error (self->controller));
  else if (md_engagement_controller_get_loading (self->controller))
    text = g_strdup (_("Loading engagement…"));
  else
    {
      gint64 views = md_engagement_controller_get_total_views (self->controller);

      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" G_GINT64_FORMAT " view in this timeframe",
                                           "%" G_GINT64_FORMAT " views in this timeframe",
                                           (gulong) MIN (views, G_MAXINT)),
                              views);
    }
  gtk_label_set_label (self->status_label, text);
}

static void
on_controller_notify_cb (MdEngagementController *controller,
                         GParamSpec             *pspec,
                         MdEngagementPanel      *self)
{
  g_assert (MD_IS_ENGAGEMENT_CONTROLLER (controller));
  g_assert (MD_IS_ENGAGEMENT_PANEL (self));

  if (g_strcmp0 (pspec->name, "hotspots") == 0)
    update_hotspot_list (self);
  else if (g_strcmp0 (pspec->name, "cold") == 0)
    gtk_switch_set_active (self->cold_switch, md_engagement_controller_get_cold (controller));
  update_status (self);
}

static void
on_source_selected_cb (GtkDropDown       *dropdown,
                       GParamSpec        *pspec,
                       MdEngagementPanel *self)
{
  guint i = gtk_drop_down_get_selected (dropdown);

  g_assert (MD_IS_ENGAGEMENT_PANEL (self));

  if (self->controller == NULL || i >= self->source_ids->len)
    return;

  md_engagement_controller_set_source (self->controller,
                                       GPOINTER_TO_UINT (g_ptr_array_index (self->source_kinds, i)),
                                       g_ptr_array_index (self->source_ids, i));
  set_live_counts (self, counts_kind_of (GPOINTER_TO_UINT (g_ptr_array_index (self->source_kinds, i))),
                   g_ptr_array_index (self->source_ids, i));
  remember_choice (self);
}

static void
on_timeframe_selected_cb (GtkDropDown       *dropdown,
                          GParamSpec        *pspec,
                          MdEngagementPanel *self)
{
  g_autofree char *timeframe = NULL;

  g_assert (MD_IS_ENGAGEMENT_PANEL (self));

  timeframe = selected_timeframe (self);
  if (self->controller == NULL)
    return;

  md_engagement_controller_set_timeframe (self->controller, timeframe);
  remember_choice (self);
}

static void
on_date_range_changed_cb (MdDateRange       *range,
                          GParamSpec        *pspec,
                          MdEngagementPanel *self)
{
  g_assert (MD_IS_ENGAGEMENT_PANEL (self));

  if (gtk_drop_down_get_selected (self->timeframe_dropdown) == CUSTOM_RANGE)
    on_timeframe_selected_cb (self->timeframe_dropdown, NULL, self);
}

static void
on_limit_selected_cb (GtkDropDown       *dropdown,
                      GParamSpec        *pspec,
                      MdEngagementPanel *self)
{
  g_assert (MD_IS_ENGAGEMENT_PANEL (self));

  if (self->controller == NULL)
    return;

  md_engagement_controller_set_limit (self->controller, selected_limit (self));
  remember_choice (self);
}

static void
on_cold_active_cb (GtkSwitch         *sw,
                   GParamSpec        *pspec,
                   MdEngagementPanel *self)
{
  g_assert (MD_IS_ENGAGEMENT_PANEL (self));

  if (self->controller != NULL)
    md_engagement_controller_set_cold (self->controller, gtk_switch_get_active (sw));
}

/* Writes the export chosen in the file chooser; a failure is shown in the
 * card with the system's message. */
static void
on_export_response_cb (GtkNativeDialog   *dialog,
                       int                response,
                       MdEngagementPanel *self)
{
  gboolean png = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "md-png"));
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  g_assert (MD_IS_ENGAGEMENT_PANEL (self));

  if (response == GTK_RESPONSE_ACCEPT
      && (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))) != NULL
      && (path = g_file_get_path (file)) != NULL
      && self->controller != NULL)
    {
      gboolean ok;

      if (png)
        ok = self->timeline != NULL && md_engagement_export_png (GTK_WIDGET (self->timeline), path, &error);
      else
        {
          g_autofree char *csv =
            md_engagement_export_csv (md_engagement_controller_get_heatmap (self->controller),
                                      md_engagement_controller_get_hotspots (self->controller),
                                      md_engagement_controller_get_cold (self->controller),
                                      self->timeline != NULL ? md_timeline_get_duration (self->timeline) : 0);

          ok = g_file_set_contents (path, csv, -1, &error);
        }

      if (!ok)
        {
          /* Translators: %s says why, e.g. "Permission denied" */
          g_autofree char *text = g_strdup_printf (_("Could not export: %s"),
                                                   error ? error->message : _("nothing to export yet"));
          gtk_label_set_label (self->status_label, text);
        }
    }

  g_object_unref (dialog);
}

static void
on_export_clicked_cb (GtkButton         *button,
                      MdEngagementPanel *self)
{
  gboolean png = button == self->export_png_button;
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
  GtkFileChooserNative *dialog;

  g_assert (MD_IS_ENGAGEMENT_PANEL (self));

  dialog = gtk_file_chooser_native_new (png ? _("Export Timeline Image") : _("Export Engagement Data"),
                                        GTK_IS_WINDOW (native) ? GTK_WINDOW (native) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), png ? "engagement.png" : "engagement.csv");
  g_object_set_data (G_OBJECT (dialog), "md-png", GINT_TO_POINTER (png));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_export_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* A new default applies at once to an asset the user chose nothing for. */
static void
on_timeframe_setting_changed_cb (GSettings         *settings,
                                 const char        *key,
                                 MdEngagementPanel *self)
{
  g_assert (MD_IS_ENGAGEMENT_PANEL (self));

  if (self->controller == NULL || has_choice (self))
    return;

  self->applying_default = TRUE;
  gtk_drop_down_set_selected (self->timeframe_dropdown, default_timeframe (self));
  self->applying_default = FALSE;
}

static void
clear_source (MdEngagementPanel *self)
{
  if (self->controller != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->controller, self);
      md_engagement_controller_detach (self->controller);
      g_clear_object (&self->controller);
    }
  drop_live_counts (self);
  g_clear_object (&self->client);
  g_clear_object (&self->signer);
  g_clear_weak_pointer (&self->timeline);
  g_clear_pointer (&self->asset_id, g_free);
  self->duration = 0;
  g_ptr_array_set_size (self->source_kinds, 0);
  g_ptr_array_set_size (self->source_ids, 0);
}

static void
md_engagement_panel_dispose (GObject *object)
{
  MdEngagementPanel *self = MD_ENGAGEMENT_PANEL (object);
  GtkWidget *child;

  clear_source (self);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (md_engagement_panel_parent_class)->dispose (object);
}

static void
md_engagement_panel_finalize (GObject *object)
{
  MdEngagementPanel *self = MD_ENGAGEMENT_PANEL (object);

  g_clear_pointer (&self->source_kinds, g_ptr_array_unref);
  g_clear_pointer (&self->source_ids, g_ptr_array_unref);
  g_clear_pointer (&self->badge_text, g_free);
  g_clear_object (&self->settings);
  g_clear_object (&self->choices);

  G_OBJECT_CLASS (md_engagement_panel_parent_class)->finalize (object);
}

static void
md_engagement_panel_class_init (MdEngagementPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = md_engagement_panel_dispose;
  object_class->finalize = md_engagement_panel_finalize;

  g_type_ensure (MD_TYPE_DATE_RANGE);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/muxdesk/Muxdesk/ui/md-engagement-panel.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "engagementpanel");
  gtk_widget_class_bind_template_child (widget_class, MdEngagementPanel, badge_box);
  gtk_widget_class_bind_template_child (widget_class, MdEngagementPanel, badge_label);
  gtk_widget_class_bind_template_child (widget_class, MdEngagementPanel, updated_label);
  gtk_widget_class_bind_template_child (widget_class, MdEngagementPanel, hint_button);
  gtk_widget_class_bind_template_child (widget_class, MdEngagementPanel, expand_button);
  gtk_widget_class_bind_template_child (widget_class, MdEngagementPanel, source_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MdEngagementPanel, timeframe_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MdEngagementPanel, date_range);
  gtk_widget_class_bind_template_child (widget_class, MdEngagementPanel, list_title);
  gtk_widget_class_bind_template_child (widget_class, MdEngagementPanel, limit_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MdEngagementPanel, cold_switch);
  gtk_widget_class_bind_template_child (widget_class, MdEngagementPanel, hotspot_list);
  gtk_widget_class_bind_template_child (widget_class, MdEngagementPanel, empty_label);
  gtk_widget_class_bind_template_child (widget_class, MdEngagementPanel, status_label);
  gtk_widget_class_bind_template_child (widget_class, MdEngagementPanel, export_csv_button);
  gtk_widget_class_bind_template_child (widget_class, MdEngagementPanel, export_png_button);
}

static void
md_engagement_panel_init (MdEngagementPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->source_kinds = g_ptr_array_new ();
  self->source_ids = g_ptr_array_new_with_free_func (g_free);
  self->settings = g_settings_new (APP_ID);
  gtk_drop_down_set_selected (self->timeframe_dropdown, default_timeframe (self));
  g_signal_connect_object (self->settings, "changed::engagement-timeframe",
                           G_CALLBACK (on_timeframe_setting_changed_cb), self, 0);

  g_signal_connect_object (self->hotspot_list, "row-activated", G_CALLBACK (on_hotspot_row_activated_cb), self, 0);
  g_signal_connect_object (self->source_dropdown, "notify::selected", G_CALLBACK (on_source_selected_cb), self, 0);
  g_signal_connect_object (self->timeframe_dropdown, "notify::selected", G_CALLBACK (on_timeframe_selected_cb), self, 0);
  g_signal_connect_object (self->date_range, "notify::first-day", G_CALLBACK (on_date_range_changed_cb), self, 0);
  g_signal_connect_object (self->date_range, "notify::last-day", G_CALLBACK (on_date_range_changed_cb), self, 0);
  g_signal_connect_object (self->cold_switch, "notify::active", G_CALLBACK (on_cold_active_cb), self, 0);
  g_signal_connect_object (self->limit_dropdown, "notify::selected", G_CALLBACK (on_limit_selected_cb), self, 0);
  g_signal_connect_object (self->export_csv_button, "clicked", G_CALLBACK (on_export_clicked_cb), self, 0);
  g_signal_connect_object (self->export_png_button, "clicked", G_CALLBACK (on_export_clicked_cb), self, 0);
}

static void
add_source (MdEngagementPanel *self,
            GtkStringList     *names,
            MdEngagementKind   kind,
            const char        *id,
            char              *text)
{
  g_ptr_array_add (self->source_kinds, GUINT_TO_POINTER (kind));
  g_ptr_array_add (self->source_ids, g_strdup (id));
  gtk_string_list_append (names, text);
  g_free (text);
}

/**
 * md_engagement_panel_set_choices:
 * @choices: (nullable): where the choices made for each asset are kept
 *   (the environment's, across restarts); %NULL: for this session only
 *
 * Takes effect with the next md_engagement_panel_set_source().
 */
void
md_engagement_panel_set_choices (MdEngagementPanel   *self,
                                 MdEngagementChoices *choices)
{
  g_return_if_fail (MD_IS_ENGAGEMENT_PANEL (self));
  g_return_if_fail (choices == NULL || MD_IS_ENGAGEMENT_CHOICES (choices));

  g_set_object (&self->choices, choices);
}

/**
 * md_engagement_panel_set_source:
 * @signer: (nullable): the active signing key, for live counts
 * @playback_id: (nullable): the playback ID being played
 *
 * Shows @asset's engagement on @timeline: the identifier, timeframe and
 * number of hotspots last chosen for it (at first the asset, the timeframe
 * set in Preferences and five), and its live counts, polled as often as
 * Preferences says.
 */
void
md_engagement_panel_set_source (MdEngagementPanel *self,
                                MdTimeline        *timeline,
                                MdClient          *client,
                                MdJwtSigner       *signer,
                                MdAsset           *asset,
                                MdPlaybackId      *playback_id)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autofree char *timeframe_value = NULL;
  g_autoptr(JsonObject) choice = NULL;
  const char *video_id;
  guint source = 0, timeframe = default_timeframe (self), limit = limits[DEFAULT_LIMIT_INDEX];

  g_return_if_fail (MD_IS_ENGAGEMENT_PANEL (self));
  g_return_if_fail (MD_IS_TIMELINE (timeline));
  g_return_if_fail (MD_IS_CLIENT (client));
  g_return_if_fail (MD_IS_ASSET (asset));

  clear_source (self);
  self->asset_id = g_strdup (md_asset_get_id (asset));
  self->duration = isfinite (md_asset_get_duration (asset)) ? md_asset_get_duration (asset) : 0;
  self->client = g_object_ref (client);
  g_set_object (&self->signer, signer);
  g_set_weak_pointer (&self->timeline, timeline);
  gtk_widget_set_visible (GTK_WIDGET (self->expand_button), TRUE);

  /* Translators: identifier choices; %s is the id */
  add_source (self, names, MD_ENGAGEMENT_KIND_ASSET, md_asset_get_id (asset),
              g_strdup_printf (_("Asset %s"), md_asset_get_id (asset)));
  video_id = md_asset_get_external_id (asset);
  if (video_id == NULL || video_id[0] == '\0')
    video_id = md_asset_get_passthrough (asset);
  if (video_id != NULL && video_id[0] != '\0')
    add_source (self, names, MD_ENGAGEMENT_KIND_VIDEO, video_id,
                g_strdup_printf (_("Video ID %s"), video_id));
  if (playback_id != NULL)
    add_source (self, names, MD_ENGAGEMENT_KIND_PLAYBACK_ID, md_playback_id_get_id (playback_id),
                g_strdup_printf (_("Playback ID %s"), md_playback_id_get_id (playback_id)));

  choice = md_engagement_choices_lookup (get_choices (self), self->asset_id);
  if (choice != NULL)
    read_choice (self, choice, &source, &timeframe, &limit);

  /* Set the choices before the controller exists: no fetch per change. */
  gtk_drop_down_set_model (self->source_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->source_dropdown, source);
  gtk_drop_down_set_selected (self->timeframe_dropdown, timeframe);
  gtk_drop_down_set_selected (self->limit_dropdown, limit_index (limit));
  gtk_switch_set_active (self->cold_switch, FALSE);

  self->controller = md_engagement_controller_new (client, timeline);
  g_signal_connect_object (self->controller, "notify", G_CALLBACK (on_controller_notify_cb), self, 0);
  timeframe_value = selected_timeframe (self);
  md_engagement_controller_set_timeframe (self->controller, timeframe_value);
  md_engagement_controller_set_limit (self->controller, selected_limit (self));
  md_engagement_controller_set_source (self->controller,
                                       GPOINTER_TO_UINT (g_ptr_array_index (self->source_kinds, source)),
                                       g_ptr_array_index (self->source_ids, source));

  set_live_counts (self, counts_kind_of (GPOINTER_TO_UINT (g_ptr_array_index (self->source_kinds, source))),
                   g_ptr_array_index (self->source_ids, source));
  update_hotspot_list (self);
  update_status (self);
}

/**
 * md_engagement_panel_set_live_stream:
 * @signer: (nullable): the active signing key, for live counts
 *
 * Shows the live counts of @live_stream (`aud` live_stream_id). A live
 * stream is no asset: no heatmap, no hotspots, no card; whatever the panel
 * showed before leaves the timeline.
 */
void
md_engagement_panel_set_live_stream (MdEngagementPanel *self,
                                     MdClient          *client,
                                     MdJwtSigner       *signer,
                                     MdLiveStream      *live_stream)
{
  g_return_if_fail (MD_IS_ENGAGEMENT_PANEL (self));
  g_return_if_fail (MD_IS_CLIENT (client));
  g_return_if_fail (MD_IS_LIVE_STREAM (live_stream));

  clear_source (self);
  self->client = g_object_ref (client);
  g_set_object (&self->signer, signer);
  gtk_toggle_button_set_active (self->expand_button, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->expand_button), FALSE);
  update_hotspot_list (self);
  update_status (self);
  set_live_counts (self, MD_COUNTS_KIND_LIVE_STREAM, md_live_stream_get_id (live_stream));
}

/* The panel over @page's video, put there the first time. */
static MdEngagementPanel *
ensure_panel (MdPlayerPage *page)
{
  MdEngagementPanel *self = g_object_get_data (G_OBJECT (page), PANEL_KEY);

  if (self == NULL)
    {
      GtkWidget *overlay = gtk_widget_get_parent (md_player_page_get_video_area (page));

      g_return_val_if_fail (GTK_IS_OVERLAY (overlay), NULL);
      self = g_object_new (MD_TYPE_ENGAGEMENT_PANEL, NULL);
      gtk_overlay_add_overlay (GTK_OVERLAY (overlay), GTK_WIDGET (self));
      g_object_set_data (G_OBJECT (page), PANEL_KEY, self);
    }
  return self;
}

/**
 * md_engagement_panel_attach:
 * @choices: (nullable): the environment's engagement choices
 *
 * Puts the panel over @page's video (once) and shows @asset's engagement
 * as last chosen for it. The one call MdWindow makes when it opens the
 * player.
 *
 * Returns: (transfer none): the panel
 */
MdEngagementPanel *
md_engagement_panel_attach (MdPlayerPage        *page,
                            MdClient            *client,
                            MdJwtSigner         *signer,
                            MdEngagementChoices *choices,
                            MdAsset             *asset,
                            MdPlaybackId        *playback_id)
{
  MdEngagementPanel *self;

  g_return_val_if_fail (MD_IS_PLAYER_PAGE (page), NULL);

  self = ensure_panel (page);
  g_return_val_if_fail (self != NULL, NULL);
  md_engagement_panel_set_choices (self, choices);
  md_engagement_panel_set_source (self, md_player_page_get_timeline (page), client, signer, asset, playback_id);
  return self;
}

/**
 * md_engagement_panel_attach_live_stream:
 *
 * md_engagement_panel_attach() for a live stream: its live counts only.
 *
 * Returns: (transfer none): the panel
 */
MdEngagementPanel *
md_engagement_panel_attach_live_stream (MdPlayerPage *page,
                                        MdClient     *client,
                                        MdJwtSigner  *signer,
                                        MdLiveStream *live_stream)
{
  MdEngagementPanel *self;

  g_return_val_if_fail (MD_IS_PLAYER_PAGE (page), NULL);

  self = ensure_panel (page);
  g_return_val_if_fail (self != NULL, NULL);
  md_engagement_panel_set_live_stream (self, client, signer, live_stream);
  return self;
}

/**
 * md_engagement_panel_get_controller:
 *
 * Returns: (transfer none) (nullable): what feeds the timeline's layers
 */
MdEngagementController *
md_engagement_panel_get_controller (MdEngagementPanel *self)
{
  g_return_val_if_fail (MD_IS_ENGAGEMENT_PANEL (self), NULL);

  return self->controller;
}

/**
 * md_engagement_panel_get_live_counts:
 *
 * Returns: (transfer none) (nullable): the live counts shown in the badge
 */
MdLiveCounts *
md_engagement_panel_get_live_counts (MdEngagementPanel *self)
{
  g_return_val_if_fail (MD_IS_ENGAGEMENT_PANEL (self), NULL);

  return self->live_counts;
}

/**
 * md_engagement_panel_get_hotspot_list:
 *
 * Returns: (transfer none): the ranked list
 */
GtkListBox *
md_engagement_panel_get_hotspot_list (MdEngagementPanel *self)
{
  g_return_val_if_fail (MD_IS_ENGAGEMENT_PANEL (self), NULL);

  return self->hotspot_list;
}

void
md_engagement_panel_set_expanded (MdEngagementPanel *self,
                                  gboolean           expanded)
{
  g_return_if_fail (MD_IS_ENGAGEMENT_PANEL (self));

  gtk_toggle_button_set_active (self->expand_button, expanded);
}

/**
 * md_engagement_panel_select_timeframe:
 * @timeframe: one of the offered `timeframe[]` values, e.g. "24:hours",
 *   or a custom range of days "FROM,TO" (Unix seconds in the first and
 *   the last day)
 *
 * Chooses @timeframe as the user does in the popover: it is fetched and
 * remembered for the asset.
 */
void
md_engagement_panel_select_timeframe (MdEngagementPanel *self,
                                      const char        *timeframe)
{
  gint64 from, to;

  g_return_if_fail (MD_IS_ENGAGEMENT_PANEL (self));
  g_return_if_fail (timeframe != NULL);

  if (md_date_range_parse_timeframe (timeframe, &from, &to))
    {
      g_autoptr(GDateTime) first = g_date_time_new_from_unix_local (from);
      g_autoptr(GDateTime) last = g_date_time_new_from_unix_local (to);

      g_return_if_fail (first != NULL && last != NULL);
      md_date_range_set_days (self->date_range, first, last);
      gtk_drop_down_set_selected (self->timeframe_dropdown, CUSTOM_RANGE);
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (timeframes); i++)
    if (g_str_equal (timeframes[i], timeframe))
      {
        gtk_drop_down_set_selected (self->timeframe_dropdown, i);
        return;
      }
  g_return_if_reached ();
}

/**
 * md_engagement_panel_get_source_dropdown:
 *
 * Returns: (transfer none): the identifier choice (asset, video ID,
 *   playback ID), in that order when the asset has them
 */
GtkDropDown *
md_engagement_panel_get_source_dropdown (MdEngagementPanel *self)
{
  g_return_val_if_fail (MD_IS_ENGAGEMENT_PANEL (self), NULL);

  return self->source_dropdown;
}

/**
 * md_engagement_panel_get_timeframe_dropdown:
 *
 * Returns: (transfer none): the timeframe choice; the custom range's day
 *   pickers follow it
 */
GtkDropDown *
md_engagement_panel_get_timeframe_dropdown (MdEngagementPanel *self)
{
  g_return_val_if_fail (MD_IS_ENGAGEMENT_PANEL (self), NULL);

  return self->timeframe_dropdown;
}

/**
 * md_engagement_panel_get_limit_dropdown:
 *
 * Returns: (transfer none): how many hotspots to list: 3, 5 or 10
 */
GtkDropDown *
md_engagement_panel_get_limit_dropdown (MdEngagementPanel *self)
{
  g_return_val_if_fail (MD_IS_ENGAGEMENT_PANEL (self), NULL);

  return self->limit_dropdown;
}

/**
 * md_engagement_panel_get_badge_text:
 *
 * Returns: (nullable): the badge's text once counts came
 */
const char *
md_engagement_panel_get_badge_text (MdEngagementPanel *self)
{
  g_return_val_if_fail (MD_IS_ENGAGEMENT_PANEL (self), NULL);

  return self->badge_text;
}

/**
 * md_engagement_panel_get_updated_text:
 *
 * Returns: (nullable): when the badge's counts were updated, e.g.
 *   "updated 12 s ago", while shown
 */
const char *
md_engagement_panel_get_updated_text (MdEngagementPanel *self)
{
  g_return_val_if_fail (MD_IS_ENGAGEMENT_PANEL (self), NULL);

  if (!gtk_widget_get_visible (self->badge_box) || !gtk_widget_get_visible (GTK_WIDGET (self->updated_label)))
    return NULL;
  return gtk_label_get_label (self->updated_label);
}

gboolean
md_engagement_panel_get_hint_visible (MdEngagementPanel *self)
{
  g_return_val_if_fail (MD_IS_ENGAGEMENT_PANEL (self), FALSE);

  return gtk_widget_get_visible (GTK_WIDGET (self->hint_button));
}

/**
 * md_engagement_panel_get_empty_text:
 *
 * Returns: (nullable): the empty-list message when shown
 */
const char *
md_engagement_panel_get_empty_text (MdEngagementPanel *self)
{
  g_return_val_if_fail (MD_IS_ENGAGEMENT_PANEL (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->empty_label)))
    return NULL;
  return gtk_label_get_label (self->empty_label);
}
