/* md-player-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-player-page"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>
#include <math.h>

#include "md-player-page.h"
#include "md-player-page-private.h"
#include "md-storyboard-preview.h"
#include "md-stream-source.h"
#include "md-time.h"

/* The player: video area with black bars, an OSD controls bar that hides
 * itself during playback and comes back on pointer motion, the keyboard
 * shortcuts, and an error state with Retry (or, for a signed video without
 * a signing key, a way to Preferences). It only observes MdPlayer's
 * properties and calls its API; it never sees GStreamer nor signs URLs. */

G_DEFINE_FINAL_TYPE (MdPlayerPage, md_player_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PLAYER,
  PROP_TITLE,
  PROP_CONTROLS_VISIBLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* How long the controls stay after the pointer stops moving. */
#define HIDE_CONTROLS_MS 2500

static void
set_controls_visible (MdPlayerPage *self,
                      gboolean      visible)
{
  if (gtk_revealer_get_reveal_child (self->controls_revealer) == visible)
    return;

  gtk_revealer_set_reveal_child (self->controls_revealer, visible);
  gtk_revealer_set_reveal_child (self->title_revealer, visible && self->title != NULL);
  /* Hidden controls take the pointer with them, as in every video player. */
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self->overlay), visible ? NULL : "none");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTROLS_VISIBLE]);
}

static gboolean
on_hide_timeout_cb (gpointer user_data)
{
  MdPlayerPage *self = user_data;

  g_assert (MD_IS_PLAYER_PAGE (self));

  self->hide_timeout_id = 0;

  if (md_player_get_state (self->player) == MD_PLAYER_STATE_PLAYING
      && !self->pointer_in_controls
      && !md_timeline_get_dragging (self->timeline))
    set_controls_visible (self, FALSE);

  return G_SOURCE_REMOVE;
}

void
_md_player_page_show_controls (MdPlayerPage *self)
{
  set_controls_visible (self, TRUE);

  g_clear_handle_id (&self->hide_timeout_id, g_source_remove);
  if (md_player_get_state (self->player) == MD_PLAYER_STATE_PLAYING)
    self->hide_timeout_id = g_timeout_add (HIDE_CONTROLS_MS, on_hide_timeout_cb, self);
}

static void
show_error (MdPlayerPage *self,
            const GError *error)
{
  /* A signed video with no signing key: the way out is a key, made or
   * imported in Preferences (the window opens the environment again with
   * it); trying again without one would only fail the same way. */
  gboolean needs_key = g_error_matches (error, MD_STREAM_SOURCE_ERROR, MD_STREAM_SOURCE_ERROR_NO_SIGNING_KEY);

  gtk_widget_set_visible (GTK_WIDGET (self->preferences_button), needs_key);
  gtk_widget_set_visible (GTK_WIDGET (self->retry_button), !needs_key);

  adw_status_page_set_title (self->error_page, md_player_get_is_live (self->player)
                                                ? _("Cannot Play This Live Stream")
                                                : _("Cannot Play This Video"));
  adw_status_page_set_description (self->error_page, error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_page), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->buffering_spinner), FALSE);
  gtk_spinner_set_spinning (self->buffering_spinner, FALSE);
  _md_player_page_show_controls (self);
}

static void
update_spinner (MdPlayerPage *self)
{
  MdPaintable *paintable = md_player_get_paintable (self->player);
  MdPlayerState state = md_player_get_state (self->player);
  gboolean waiting;

  /* Waiting on the network, or on the first frame. */
  waiting = md_player_get_buffering (self->player)
            || (state == MD_PLAYER_STATE_PLAYING && md_paintable_get_n_frames (paintable) == 0);

  gtk_widget_set_visible (GTK_WIDGET (self->buffering_spinner), waiting);
  gtk_spinner_set_spinning (self->buffering_spinner, waiting);
}

static void
update_time_label (MdPlayerPage *self)
{
  double duration = md_player_get_duration (self->player);
  g_autofree char *position = md_time_format (md_player_get_position (self->player), duration);
  /* A 5.97 s video is "0:06" long, as every player says. */
  g_autofree char *total = md_time_format (round (duration), duration);
  g_autofree char *text = NULL;

  if (md_player_get_is_live (self->player))
    text = g_steal_pointer (&position);
  else
    text = g_strdup_printf ("%s / %s", position, total);
  gtk_label_set_label (self->time_label, text);
}

static void
update_rendition_label (MdPlayerPage *self)
{
  int width = md_player_get_video_width (self->player);
  int height = md_player_get_video_height (self->player);
  guint bitrate = md_player_get_bitrate (self->player);
  g_autofree char *size = NULL;
  g_autofree char *text = NULL;

  if (width <= 0 || height <= 0)
    {
      gtk_label_set_label (self->rendition_label, "");
      return;
    }

  size = g_strdup_printf ("%d×%d", width, height);
  if (bitrate > 0)
    /* Translators: the current rendition, e.g. "1280×720 · 2400 kb/s" */
    text = g_strdup_printf (_("%s · %u kb/s"), size, bitrate / 1000);
  else
    text = g_steal_pointer (&size);

  gtk_label_set_label (self->rendition_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->rendition_label), _("Current rendition"));
}

static void
on_player_state_cb (MdPlayer     *player,
                    GParamSpec   *pspec,
                    MdPlayerPage *self)
{
  MdPlayerState state = md_player_get_state (player);
  gboolean playing = state == MD_PLAYER_STATE_PLAYING;

  g_assert (MD_IS_PLAYER (player));
  g_assert (MD_IS_PLAYER_PAGE (self));

  gtk_button_set_icon_name (self->play_button,
                            playing ? "media-playback-pause-symbolic" : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->play_button),
                               playing ? _("Pause (Space)") : _("Play (Space)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->play_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  playing ? _("Pause") : _("Play"), -1);

  if (state == MD_PLAYER_STATE_ERROR && md_player_get_error (player) != NULL)
    show_error (self, md_player_get_error (player));
  else
    gtk_widget_set_visible (GTK_WIDGET (self->error_page), FALSE);

  update_spinner (self);
  _md_player_page_show_controls (self);
}

/* Where the timeline starts in the stream: 0, or for a live stream the
 * start of its DVR window, so the timeline spans only what can be seeked
 * to (up to the live edge). */
static double
timeline_origin (MdPlayerPage *self)
{
  double start = 0;

  if (md_player_get_is_live (self->player))
    md_player_get_seekable_range (self->player, &start, NULL);
  return start;
}

static void
sync_timeline (MdPlayerPage *self)
{
  double origin = timeline_origin (self);
  double position = md_player_get_position (self->player);
  double duration = md_player_get_duration (self->player);

  if (md_player_get_is_live (self->player))
    {
      double end = 0;

      md_player_get_seekable_range (self->player, NULL, &end);
      duration = MAX (end, position) - origin;
    }

  md_timeline_set_duration (self->timeline, MAX (duration, 0));
  md_timeline_set_position (self->timeline, MAX (position - origin, 0));
  md_timeline_set_buffered_position (self->timeline, MAX (md_player_get_buffered_position (self->player) - origin, 0));
}

static void
on_player_position_cb (MdPlayer     *player,
                       GParamSpec   *pspec,
                       MdPlayerPage *self)
{
  g_assert (MD_IS_PLAYER (player));
  g_assert (MD_IS_PLAYER_PAGE (self));

  sync_timeline (self);
  update_time_label (self);
}

static void
on_player_duration_cb (MdPlayer     *player,
                       GParamSpec   *pspec,
                       MdPlayerPage *self)
{
  g_assert (MD_IS_PLAYER (player));
  g_assert (MD_IS_PLAYER_PAGE (self));

  sync_timeline (self);
  update_time_label (self);
}

static void
on_player_buffered_cb (MdPlayer     *player,
                       GParamSpec   *pspec,
                       MdPlayerPage *self)
{
  g_assert (MD_IS_PLAYER (player));
  g_assert (MD_IS_PLAYER_PAGE (self));

  sync_timeline (self);
}

static void
on_player_buffering_cb (MdPlayer     *player,
                        GParamSpec   *pspec,
                        MdPlayerPage *self)
{
  g_assert (MD_IS_PLAYER (player));
  g_assert (MD_IS_PLAYER_PAGE (self));

  update_spinner (self);
}

static void
on_player_rendition_cb (MdPlayer     *player,
                        GParamSpec   *pspec,
                        MdPlayerPage *self)
{
  g_assert (MD_IS_PLAYER (player));
  g_assert (MD_IS_PLAYER_PAGE (self));

  update_rendition_label (self);
}

static void
on_player_is_live_cb (MdPlayer     *player,
                      GParamSpec   *pspec,
                      MdPlayerPage *self)
{
  gboolean live = md_player_get_is_live (player);

  g_assert (MD_IS_PLAYER (player));
  g_assert (MD_IS_PLAYER_PAGE (self));

  gtk_widget_set_visible (GTK_WIDGET (self->live_label), live);
  sync_timeline (self);
  update_time_label (self);
}

static void
on_paintable_size_cb (GdkPaintable *paintable,
                      MdPlayerPage *self)
{
  g_assert (GDK_IS_PAINTABLE (paintable));
  g_assert (MD_IS_PLAYER_PAGE (self));

  update_spinner (self);
}

static void
on_timeline_seek_cb (MdTimeline   *timeline,
                     double        seconds,
                     MdPlayerPage *self)
{
  g_assert (MD_IS_TIMELINE (timeline));
  g_assert (MD_IS_PLAYER_PAGE (self));

  md_player_seek (self->player, timeline_origin (self) + seconds);
  _md_player_page_show_controls (self);
}

static void
on_motion_cb (GtkEventControllerMotion *controller,
              double                    x,
              double                    y,
              MdPlayerPage             *self)
{
  g_assert (GTK_IS_EVENT_CONTROLLER_MOTION (controller));
  g_assert (MD_IS_PLAYER_PAGE (self));

  /* Some systems send motion events without motion (e.g. when the
   * cursor changes): only a real move brings the controls back. */
  if (ABS (x - self->last_motion_x) < 1 && ABS (y - self->last_motion_y) < 1)
    return;

  self->last_motion_x = x;
  self->last_motion_y = y;
  _md_player_page_show_controls (self);
}

static void
on_controls_enter_cb (GtkEventControllerMotion *controller,
                      double                    x,
                      double                    y,
                      MdPlayerPage             *self)
{
  g_assert (MD_IS_PLAYER_PAGE (self));

  self->pointer_in_controls = TRUE;
}

static void
on_controls_leave_cb (GtkEventControllerMotion *controller,
                      MdPlayerPage             *self)
{
  g_assert (MD_IS_PLAYER_PAGE (self));

  self->pointer_in_controls = FALSE;
  _md_player_page_show_controls (self);
}

static void
on_video_pressed_cb (GtkGestureClick *gesture,
                     int              n_press,
                     double           x,
                     double           y,
                     MdPlayerPage    *self)
{
  g_assert (GTK_IS_GESTURE_CLICK (gesture));
  g_assert (MD_IS_PLAYER_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (n_press == 2)
    gtk_widget_activate_action (GTK_WIDGET (self), "player.toggle-fullscreen", NULL);
  else
    _md_player_page_show_controls (self);
}

static void
on_window_fullscreened_cb (GtkWindow    *window,
                           GParamSpec   *pspec,
                           MdPlayerPage *self)
{
  gboolean fullscreen = gtk_window_is_fullscreen (window);

  g_assert (MD_IS_PLAYER_PAGE (self));

  gtk_button_set_icon_name (self->fullscreen_button,
                            fullscreen ? "view-restore-symbolic" : "view-fullscreen-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->fullscreen_button),
                               fullscreen ? _("Leave Fullscreen (Esc)") : _("Fullscreen (F)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->fullscreen_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  fullscreen ? _("Leave Fullscreen") : _("Fullscreen"), -1);
}

static void
on_timeline_hover_cb (MdTimeline   *timeline,
                      GParamSpec   *pspec,
                      MdPlayerPage *self)
{
  double seconds = md_timeline_get_hover_position (timeline);
  graphene_point_t point;
  int overlay_width, overlay_height;
  int width, tile_width;

  g_assert (MD_IS_TIMELINE (timeline));
  g_assert (MD_IS_PLAYER_PAGE (self));

  if (seconds < 0 || !md_storyboard_preview_has_storyboard (self->storyboard_preview)
      || !gtk_widget_compute_point (GTK_WIDGET (timeline), GTK_WIDGET (self->overlay),
                                    &GRAPHENE_POINT_INIT (md_timeline_time_to_x (timeline, seconds), 0),
                                    &point))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->storyboard_picture), FALSE);
      return;
    }

  md_storyboard_preview_set_time (self->storyboard_preview, seconds);

  /* Centred over the pointer, kept inside the video, above the timeline. */
  tile_width = gdk_paintable_get_intrinsic_width (GDK_PAINTABLE (self->storyboard_preview));
  overlay_width = gtk_widget_get_width (GTK_WIDGET (self->overlay));
  overlay_height = gtk_widget_get_height (GTK_WIDGET (self->overlay));
  width = MIN (tile_width, MAX (overlay_width - 16, 1));
  gtk_widget_set_margin_start (GTK_WIDGET (self->storyboard_picture),
                               CLAMP ((int) point.x - width / 2, 8, MAX (8, overlay_width - width - 8)));
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->storyboard_picture),
                                MAX (0, overlay_height - (int) point.y + 4));
  gtk_widget_set_visible (GTK_WIDGET (self->storyboard_picture), TRUE);
}

static void
on_storyboard_loaded_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(MdPlayerPage) self = user_data;
  g_autoptr(MdStoryboard) storyboard = NULL;
  g_autoptr(GdkTexture) sprite = NULL;
  g_autoptr(GError) error = NULL;

  storyboard = md_storyboard_load_finish (result, &error);
  if (storyboard != NULL)
    sprite = gdk_texture_new_from_bytes (md_storyboard_get_image_bytes (storyboard), &error);

  if (sprite == NULL)
    {
      /* Previews are a nicety: playback goes on without them. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_message ("No hover previews for this video: %s", error->message);
      return;
    }

  md_storyboard_preview_set_storyboard (self->storyboard_preview, storyboard, sprite);
}

static void
load_storyboard (MdPlayerPage *self)
{
  g_cancellable_cancel (self->storyboard_cancellable);
  g_clear_object (&self->storyboard_cancellable);
  md_storyboard_preview_set_storyboard (self->storyboard_preview, NULL, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->storyboard_picture), FALSE);

  if (self->storyboard_uri == NULL)
    return;

  self->storyboard_cancellable = g_cancellable_new ();
  md_storyboard_load_async (self->storyboard_uri, self->storyboard_cancellable,
                            on_storyboard_loaded_cb, g_object_ref (self));
}

void
_md_player_page_load (MdPlayerPage *self,
                      gboolean      play)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  double resume_at = 0;

  gtk_widget_set_visible (GTK_WIDGET (self->error_page), FALSE);

  if (self->uri_func == NULL)
    return;

  /* After an error, pick up where playback stopped. */
  if (md_player_get_state (self->player) == MD_PLAYER_STATE_ERROR)
    resume_at = md_player_get_position (self->player);

  uri = self->uri_func (self->uri_data, &error);
  if (uri == NULL)
    {
      if (error == NULL)
        g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_FAILED, _("This video has no stream address"));
      /* Whatever played before stops: the error stands for this video. */
      md_player_set_uri (self->player, NULL);
      show_error (self, error);
      return;
    }

  md_player_set_uri (self->player, uri);
  if (play)
    md_player_play (self->player);
  else
    md_player_pause (self->player);
  if (resume_at > 0)
    md_player_seek (self->player, resume_at);
}

static void
md_player_page_root (GtkWidget *widget)
{
  MdPlayerPage *self = MD_PLAYER_PAGE (widget);
  GtkRoot *root;

  GTK_WIDGET_CLASS (md_player_page_parent_class)->root (widget);

  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    {
      self->window = GTK_WINDOW (root);
      g_signal_connect_object (root, "notify::fullscreened",
                               G_CALLBACK (on_window_fullscreened_cb), self, 0);
      on_window_fullscreened_cb (self->window, NULL, self);
    }
}

static void
md_player_page_unroot (GtkWidget *widget)
{
  MdPlayerPage *self = MD_PLAYER_PAGE (widget);

  if (self->window != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->window, on_window_fullscreened_cb, self);
      self->window = NULL;
    }

  GTK_WIDGET_CLASS (md_player_page_parent_class)->unroot (widget);
}

static void
clear_uri_func (MdPlayerPage *self)
{
  if (self->uri_destroy != NULL)
    self->uri_destroy (self->uri_data);
  self->uri_func = NULL;
  self->uri_data = NULL;
  self->uri_destroy = NULL;
}

static void
md_player_page_dispose (GObject *object)
{
  MdPlayerPage *self = MD_PLAYER_PAGE (object);

  g_clear_handle_id (&self->hide_timeout_id, g_source_remove);
  if (self->player != NULL)
    md_player_stop (self->player);
  clear_uri_func (self);
  g_cancellable_cancel (self->storyboard_cancellable);
  g_clear_object (&self->storyboard_cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), MD_TYPE_PLAYER_PAGE);
  g_clear_object (&self->player);
  g_clear_object (&self->storyboard_preview);

  G_OBJECT_CLASS (md_player_page_parent_class)->dispose (object);
}

static void
md_player_page_finalize (GObject *object)
{
  MdPlayerPage *self = MD_PLAYER_PAGE (object);

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->storyboard_uri, g_free);

  G_OBJECT_CLASS (md_player_page_parent_class)->finalize (object);
}

static void
md_player_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  MdPlayerPage *self = MD_PLAYER_PAGE (object);

  switch (prop_id)
    {
    case PROP_PLAYER: g_value_set_object (value, self->player); break;
    case PROP_TITLE: g_value_set_string (value, self->title); break;
    case PROP_CONTROLS_VISIBLE: g_value_set_boolean (value, md_player_page_get_controls_visible (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_player_page_class_init (MdPlayerPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = md_player_page_dispose;
  object_class->finalize = md_player_page_finalize;
  object_class->get_property = md_player_page_get_property;
  widget_class->root = md_player_page_root;
  widget_class->unroot = md_player_page_unroot;

  properties[PROP_PLAYER] = g_param_spec_object ("player", NULL, NULL, MD_TYPE_PLAYER, ro);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, ro);
  properties[PROP_CONTROLS_VISIBLE] = g_param_spec_boolean ("controls-visible", NULL, NULL, TRUE, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (MD_TYPE_TIMELINE);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/muxdesk/Muxdesk/ui/md-player-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MdPlayerPage, overlay);
  gtk_widget_class_bind_template_child (widget_class, MdPlayerPage, picture);
  gtk_widget_class_bind_template_child (widget_class, MdPlayerPage, buffering_spinner);
  gtk_widget_class_bind_template_child (widget_class, MdPlayerPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, MdPlayerPage, retry_button);
  gtk_widget_class_bind_template_child (widget_class, MdPlayerPage, preferences_button);
  gtk_widget_class_bind_template_child (widget_class, MdPlayerPage, title_revealer);
  gtk_widget_class_bind_template_child (widget_class, MdPlayerPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, MdPlayerPage, controls_revealer);
  gtk_widget_class_bind_template_child (widget_class, MdPlayerPage, controls);
  gtk_widget_class_bind_template_child (widget_class, MdPlayerPage, timeline);
  gtk_widget_class_bind_template_child (widget_class, MdPlayerPage, play_button);
  gtk_widget_class_bind_template_child (widget_class, MdPlayerPage, volume_button);
  gtk_widget_class_bind_template_child (widget_class, MdPlayerPage, time_label);
  gtk_widget_class_bind_template_child (widget_class, MdPlayerPage, live_label);
  gtk_widget_class_bind_template_child (widget_class, MdPlayerPage, rendition_label);
  gtk_widget_class_bind_template_child (widget_class, MdPlayerPage, fullscreen_button);
  gtk_widget_class_bind_template_child (widget_class, MdPlayerPage, storyboard_picture);

  _md_player_page_class_init_actions (widget_class);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "mdplayerpage");
}

static void
md_player_page_init (MdPlayerPage *self)
{
  GtkEventController *motion;
  GtkEventController *controls_motion;
  GtkGesture *click;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->player = md_player_new ();
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (md_player_get_paintable (self->player)));

  g_signal_connect_object (self->player, "notify::state", G_CALLBACK (on_player_state_cb), self, 0);
  g_signal_connect_object (self->player, "notify::position", G_CALLBACK (on_player_position_cb), self, 0);
  g_signal_connect_object (self->player, "notify::duration", G_CALLBACK (on_player_duration_cb), self, 0);
  g_signal_connect_object (self->player, "notify::buffered-position", G_CALLBACK (on_player_buffered_cb), self, 0);
  g_signal_connect_object (self->player, "notify::buffering", G_CALLBACK (on_player_buffering_cb), self, 0);
  g_signal_connect_object (self->player, "notify::video-width", G_CALLBACK (on_player_rendition_cb), self, 0);
  g_signal_connect_object (self->player, "notify::video-height", G_CALLBACK (on_player_rendition_cb), self, 0);
  g_signal_connect_object (self->player, "notify::bitrate", G_CALLBACK (on_player_rendition_cb), self, 0);
  g_signal_connect_object (self->player, "notify::is-live", G_CALLBACK (on_player_is_live_cb), self, 0);
  g_signal_connect_object (self->player, "notify::seekable-end", G_CALLBACK (on_player_buffered_cb), self, 0);
  g_signal_connect_object (md_player_get_paintable (self->player), "invalidate-size",
                           G_CALLBACK (on_paintable_size_cb), self, 0);
  g_signal_connect_object (self->timeline, "seek", G_CALLBACK (on_timeline_seek_cb), self, 0);
  g_signal_connect_object (self->timeline, "notify::hover-position", G_CALLBACK (on_timeline_hover_cb), self, 0);

  self->storyboard_preview = md_storyboard_preview_new ();
  gtk_picture_set_paintable (self->storyboard_picture, GDK_PAINTABLE (self->storyboard_preview));

  g_object_bind_property (self->player, "volume", self->volume_button, "value",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  controls_motion = gtk_event_controller_motion_new ();
  g_signal_connect (controls_motion, "enter", G_CALLBACK (on_controls_enter_cb), self);
  g_signal_connect (controls_motion, "leave", G_CALLBACK (on_controls_leave_cb), self);
  gtk_widget_add_controller (self->controls, controls_motion);

  click = gtk_gesture_click_new ();
  g_signal_connect (click, "pressed", G_CALLBACK (on_video_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->picture), GTK_EVENT_CONTROLLER (click));

  on_player_state_cb (self->player, NULL, self);
}

GtkWidget *
md_player_page_new (void)
{
  return g_object_new (MD_TYPE_PLAYER_PAGE, NULL);
}

static char *
dup_uri_cb (gpointer   user_data,
            GError   **error)
{
  return g_strdup (user_data);
}

/**
 * md_player_page_open_uri:
 * @uri: a stream URL that needs no (fresh) token, e.g. a public playback ID's
 * @title: (nullable): shown over the video
 * @storyboard_uri: (nullable): the storyboard.json for hover previews
 *
 * Opens and plays @uri. For a signed playback ID use md_player_page_open(),
 * so Retry can mint a new token.
 */
void
md_player_page_open_uri (MdPlayerPage *self,
                         const char   *uri,
                         const char   *title,
                         const char   *storyboard_uri)
{
  g_return_if_fail (MD_IS_PLAYER_PAGE (self));
  g_return_if_fail (uri != NULL);

  md_player_page_open (self, dup_uri_cb, g_strdup (uri), g_free, title, storyboard_uri);
}

/**
 * md_player_page_open:
 * @uri_func: mints the stream URL, now and on each Retry
 * @user_data: for @uri_func
 * @destroy: (nullable): frees @user_data when the page closes or opens
 *   another video
 * @title: (nullable): shown over the video
 * @storyboard_uri: (nullable): the storyboard.json for hover previews
 *
 * Opens a video and starts playing it.
 */
void
md_player_page_open (MdPlayerPage        *self,
                     MdPlayerPageUriFunc  uri_func,
                     gpointer             user_data,
                     GDestroyNotify       destroy,
                     const char          *title,
                     const char          *storyboard_uri)
{
  g_return_if_fail (MD_IS_PLAYER_PAGE (self));
  g_return_if_fail (uri_func != NULL);

  clear_uri_func (self);
  self->uri_func = uri_func;
  self->uri_data = user_data;
  self->uri_destroy = destroy;

  if (g_strcmp0 (self->title, title) != 0)
    {
      g_free (self->title);
      self->title = g_strdup (title);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
    }
  gtk_label_set_label (self->title_label, title != NULL ? title : "");
  gtk_revealer_set_reveal_child (self->title_revealer,
                                 title != NULL && gtk_revealer_get_reveal_child (self->controls_revealer));

  g_free (self->storyboard_uri);
  self->storyboard_uri = g_strdup (storyboard_uri);

  load_storyboard (self);
  _md_player_page_load (self, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

/**
 * md_player_page_close:
 *
 * Stops playback and lets go of the network.
 */
void
md_player_page_close (MdPlayerPage *self)
{
  g_return_if_fail (MD_IS_PLAYER_PAGE (self));

  md_player_set_uri (self->player, NULL);
  clear_uri_func (self);
  g_clear_pointer (&self->storyboard_uri, g_free);
  load_storyboard (self);
}

const char *
md_player_page_get_title (MdPlayerPage *self)
{
  g_return_val_if_fail (MD_IS_PLAYER_PAGE (self), NULL);

  return self->title;
}

const char *
md_player_page_get_storyboard_uri (MdPlayerPage *self)
{
  g_return_val_if_fail (MD_IS_PLAYER_PAGE (self), NULL);

  return self->storyboard_uri;
}

/**
 * md_player_page_get_player:
 *
 * Returns: (transfer none): the page's player
 */
MdPlayer *
md_player_page_get_player (MdPlayerPage *self)
{
  g_return_val_if_fail (MD_IS_PLAYER_PAGE (self), NULL);

  return self->player;
}

/**
 * md_player_page_get_timeline:
 *
 * Returns: (transfer none): the timeline, for overlays such as engagement
 */
MdTimeline *
md_player_page_get_timeline (MdPlayerPage *self)
{
  g_return_val_if_fail (MD_IS_PLAYER_PAGE (self), NULL);

  return self->timeline;
}

/**
 * md_player_page_get_video_area:
 *
 * Returns: (transfer none): the widget the video is drawn in
 */
GtkWidget *
md_player_page_get_video_area (MdPlayerPage *self)
{
  g_return_val_if_fail (MD_IS_PLAYER_PAGE (self), NULL);

  return GTK_WIDGET (self->picture);
}

gboolean
md_player_page_get_controls_visible (MdPlayerPage *self)
{
  g_return_val_if_fail (MD_IS_PLAYER_PAGE (self), FALSE);

  return gtk_revealer_get_reveal_child (self->controls_revealer);
}

/**
 * md_player_page_get_storyboard_preview:
 *
 * Returns: (transfer none): the hover preview widget (hidden when the
 *   pointer is not over the timeline or the video has no storyboard)
 */
GtkWidget *
md_player_page_get_storyboard_preview (MdPlayerPage *self)
{
  g_return_val_if_fail (MD_IS_PLAYER_PAGE (self), NULL);

  return GTK_WIDGET (self->storyboard_picture);
}
