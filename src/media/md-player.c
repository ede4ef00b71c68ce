/* md-player.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-player"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/audio/streamvolume.h>
#include <gst/video/video.h>

#include "md-media-enums.h"
#include "md-player.h"
#include "md-player-private.h"
#include "md-video-sink.h"

/* A playbin3 pipeline seen as GObject properties. The bus is watched on
 * the main loop, so every property changes and every signal is emitted on
 * the main thread; widgets observe them and never touch GStreamer. */
struct _MdPlayer
{
  GObject        parent_instance;

  GstElement    *playbin;
  GstElement    *video_sink;
  MdPaintable   *paintable;
  guint          bus_watch_id;
  guint          tick_id;

  char          *uri;
  MdPlayerState  state;
  GstState       target_state;
  GError        *error;

  double         position;
  double         duration;
  double         buffered_position;
  double         rate;
  double         pending_seek;      /* < 0: none */
  double         seekable_start;    /* the range a seek may go to; */
  double         seekable_end;      /* for live, the DVR window */
  int            buffering_percent;
  int            video_width;
  int            video_height;
  guint          bitrate;
  guint          recoveries;
  guint          stall_timeout_ms;
  gint64         progress_time;      /* monotonic µs of the last sign of life */
  double         progress_position;
  int            progress_percent;
  GstState       progress_state;
  double         volume;
  gboolean       muted;

  guint          buffering : 1;
  guint          seeking : 1;
  guint          prerolled : 1;
  guint          seekable : 1;
  guint          is_live : 1;
};

G_DEFINE_FINAL_TYPE (MdPlayer, md_player, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_URI,
  PROP_STATE,
  PROP_POSITION,
  PROP_DURATION,
  PROP_BUFFERED_POSITION,
  PROP_BUFFERING,
  PROP_BUFFERING_PERCENT,
  PROP_SEEKING,
  PROP_SEEKABLE,
  PROP_IS_LIVE,
  PROP_SEEKABLE_START,
  PROP_SEEKABLE_END,
  PROP_VOLUME,
  PROP_MUTED,
  PROP_RATE,
  PROP_VIDEO_WIDTH,
  PROP_VIDEO_HEIGHT,
  PROP_BITRATE,
  PROP_ERROR,
  PROP_PAINTABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_EOS,
  SIGNAL_ERROR,
  SIGNAL_SEEK_DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void create_pipeline  (MdPlayer *self);
static void destroy_pipeline (MdPlayer *self);
static void restart_pipeline (MdPlayer *self);
static void fail             (MdPlayer *self,
                              GError   *error);

/* Position updates while playing: often enough for a smooth playhead,
 * rare enough to cost nothing. */
#define TICK_INTERVAL_MS 100

/* Silent restarts allowed for a start-up failure of the HLS demuxer. */
#define MAX_RECOVERIES 2

/* How long a stream that should be playing may show no sign of life (no
 * position, buffering or state change) before it is restarted once, then
 * given up with an error. hlsdemux2 (GStreamer 1.22) has no download
 * timeout: a server that holds a segment would keep the spinner turning
 * for ever. */
#define DEFAULT_STALL_TIMEOUT_MS 15000

static void
set_double (MdPlayer *self,
            double   *field,
            double    value,
            guint     prop_id)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_int (MdPlayer *self,
         int      *field,
         int       value,
         guint     prop_id)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_state (MdPlayer      *self,
           MdPlayerState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_flag (MdPlayer *self,
          gboolean  current,
          gboolean  value,
          guint     prop_id)
{
  if (!!current == !!value)
    return;
  switch (prop_id)
    {
    case PROP_BUFFERING: self->buffering = !!value; break;
    case PROP_SEEKING: self->seeking = !!value; break;
    case PROP_SEEKABLE: self->seekable = !!value; break;
    case PROP_IS_LIVE: self->is_live = !!value; break;
    default: g_assert_not_reached ();
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static GstElement *
make_audio_sink (void)
{
  GstElement *sink;

  /* autoaudiosink picks the desktop's sink; with no sound device (CI, a
   * headless box) none reaches READY and playbin3 would stop with an error,
   * so play the audio into a clocked fakesink instead. */
  sink = gst_element_factory_make ("autoaudiosink", NULL);
  if (sink != NULL)
    {
      gst_object_ref_sink (sink);
      if (gst_element_set_state (sink, GST_STATE_READY) != GST_STATE_CHANGE_FAILURE)
        {
          gst_element_set_state (sink, GST_STATE_NULL);
          return sink;
        }
      gst_element_set_state (sink, GST_STATE_NULL);
      gst_object_unref (sink);
      g_debug ("No audio device; playing without sound");
    }

  sink = gst_element_factory_make ("fakesink", "md-silent-audio-sink");
  g_object_set (sink, "sync", TRUE, NULL);
  return gst_object_ref_sink (sink);
}

static void mark_live (MdPlayer *self);

/* The seekable range as the pipeline reports it. A live HLS playlist has
 * no duration and a sliding window it can seek within (hlsdemux2 keeps a
 * few target durations off the live edge): that window is the DVR range
 * and marks the stream as live. */
static void
query_seeking (MdPlayer *self,
               gboolean  has_duration)
{
  g_autoptr(GstQuery) query = gst_query_new_seeking (GST_FORMAT_TIME);
  gboolean seekable = FALSE;
  gint64 start = -1, end = -1;
  GstFormat format;

  if (!gst_element_query (self->playbin, query))
    return;

  gst_query_parse_seeking (query, &format, &seekable, &start, &end);
  if (format != GST_FORMAT_TIME || !GST_CLOCK_TIME_IS_VALID (start) || !GST_CLOCK_TIME_IS_VALID (end) || end < start)
    start = end = 0;
  set_flag (self, self->seekable, seekable, PROP_SEEKABLE);
  set_double (self, &self->seekable_start, seekable ? (double) start / GST_SECOND : 0, PROP_SEEKABLE_START);
  set_double (self, &self->seekable_end, seekable ? (double) end / GST_SECOND : 0, PROP_SEEKABLE_END);
  if (!has_duration && seekable && end > 0)
    mark_live (self);
}

static void
query_duration_and_seeking (MdPlayer *self)
{
  gint64 duration = GST_CLOCK_TIME_NONE;
  gboolean has_duration = FALSE;

  if (gst_element_query_duration (self->playbin, GST_FORMAT_TIME, &duration) && duration > 0)
    {
      set_double (self, &self->duration, (double) duration / GST_SECOND, PROP_DURATION);
      has_duration = TRUE;
    }

  query_seeking (self, has_duration);
}

static void
query_video_size (MdPlayer *self)
{
  g_autoptr(GstPad) pad = gst_element_get_static_pad (self->video_sink, "sink");
  g_autoptr(GstCaps) caps = NULL;
  GstVideoInfo info;

  if (pad == NULL || (caps = gst_pad_get_current_caps (pad)) == NULL)
    return;
  if (!gst_video_info_from_caps (&info, caps))
    return;

  set_int (self, &self->video_width, GST_VIDEO_INFO_WIDTH (&info), PROP_VIDEO_WIDTH);
  set_int (self, &self->video_height, GST_VIDEO_INFO_HEIGHT (&info), PROP_VIDEO_HEIGHT);
}

static void
query_buffered (MdPlayer *self)
{
  g_autoptr(GstQuery) query = gst_query_new_buffering (GST_FORMAT_TIME);
  double buffered = self->position;

  /* Ask how far the pipeline has data; demuxers that cannot say leave the
   * buffered range at the playhead. */
  if (gst_element_query (self->playbin, query))
    {
      GstFormat format;
      gint64 start, stop, estimated_total;

      gst_query_parse_buffering_range (query, &format, &start, &stop, &estimated_total);
      if (format == GST_FORMAT_TIME && stop > 0 && GST_CLOCK_TIME_IS_VALID (stop))
        buffered = MAX (buffered, (double) stop / GST_SECOND);
      else if (format == GST_FORMAT_PERCENT && stop > 0 && self->duration > 0)
        buffered = MAX (buffered, self->duration * stop / GST_FORMAT_PERCENT_MAX);
    }

  if (self->duration > 0)
    buffered = MIN (buffered, self->duration);
  set_double (self, &self->buffered_position, buffered, PROP_BUFFERED_POSITION);
}

static void
query_position (MdPlayer *self)
{
  gint64 position = 0;

  /* While a seek is on its way the position is the seek's target; the
   * pipeline would still answer with the old one. */
  if (self->seeking)
    return;

  if (gst_element_query_position (self->playbin, GST_FORMAT_TIME, &position) && position >= 0)
    {
      double seconds = (double) position / GST_SECOND;

      if (self->duration > 0)
        seconds = MIN (seconds, self->duration);
      set_double (self, &self->position, seconds, PROP_POSITION);
    }

  query_buffered (self);
}

/* What the watchdog compares from one tick to the next. */
static void
note_progress (MdPlayer *self)
{
  GstState current = GST_STATE_VOID_PENDING;

  gst_element_get_state (self->playbin, &current, NULL, 0);
  self->progress_time = g_get_monotonic_time ();
  self->progress_position = self->position;
  self->progress_percent = self->buffering_percent;
  self->progress_state = current;
}

/* Runs on each tick, that is while the user wants the video playing. */
static void
check_progress (MdPlayer *self)
{
  GstState current = GST_STATE_VOID_PENDING;
  guint seconds;

  gst_element_get_state (self->playbin, &current, NULL, 0);
  if (self->position != self->progress_position
      || self->buffering_percent != self->progress_percent
      || current != self->progress_state)
    {
      note_progress (self);
      return;
    }
  if (g_get_monotonic_time () - self->progress_time < (gint64) self->stall_timeout_ms * 1000)
    return;

  if (self->recoveries == 0)
    {
      g_debug ("Nothing for %u ms at %.3f s: restarting", self->stall_timeout_ms, self->position);
      self->recoveries++;
      restart_pipeline (self);
      note_progress (self);
      return;
    }

  /* A live stream also goes quiet when its broadcast stops sending. */
  seconds = MAX (1, self->stall_timeout_ms / 1000);
  if (self->is_live)
    fail (self, g_error_new (MD_PLAYER_ERROR, MD_PLAYER_ERROR_NETWORK,
                             g_dngettext (GETTEXT_PACKAGE,
                                          "Nothing has arrived from the live stream for %u second. The broadcast may have stopped, or the connection may be down.",
                                          "Nothing has arrived from the live stream for %u seconds. The broadcast may have stopped, or the connection may be down.",
                                          seconds),
                             seconds));
  else
    fail (self, g_error_new (MD_PLAYER_ERROR, MD_PLAYER_ERROR_NETWORK,
                             g_dngettext (GETTEXT_PACKAGE,
                                          "Nothing has arrived from the server for %u second. Check your connection, then try again.",
                                          "Nothing has arrived from the server for %u seconds. Check your connection, then try again.",
                                          seconds),
                             seconds));
}

static gboolean
on_tick_cb (gpointer user_data)
{
  MdPlayer *self = user_data;

  g_assert (MD_IS_PLAYER (self));

  /* A live window slides as the broadcast goes on. */
  if (self->is_live)
    query_seeking (self, FALSE);
  query_position (self);
  check_progress (self);
  return G_SOURCE_CONTINUE;
}

static void
update_tick (MdPlayer *self)
{
  gboolean want = self->state == MD_PLAYER_STATE_PLAYING;

  if (want && self->tick_id == 0)
    {
      note_progress (self);
      self->tick_id = g_timeout_add (TICK_INTERVAL_MS, on_tick_cb, self);
    }
  else if (!want)
    g_clear_handle_id (&self->tick_id, g_source_remove);
}

static void
do_seek (MdPlayer *self,
         double    seconds)
{
  gint64 target = (gint64) (seconds * GST_SECOND);

  set_flag (self, self->seeking, TRUE, PROP_SEEKING);
  if (!gst_element_seek (self->playbin, self->rate, GST_FORMAT_TIME,
                         GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE,
                         GST_SEEK_TYPE_SET, target,
                         GST_SEEK_TYPE_NONE, GST_CLOCK_TIME_NONE))
    {
      g_debug ("Seek to %.3f s refused", seconds);
      set_flag (self, self->seeking, FALSE, PROP_SEEKING);
    }
}

static void
apply_target_state (MdPlayer *self)
{
  /* While buffering the pipeline stays paused; it resumes when the buffer
   * is full again (see the BUFFERING message). */
  if (self->target_state == GST_STATE_PLAYING && self->buffering && !self->is_live)
    gst_element_set_state (self->playbin, GST_STATE_PAUSED);
  else
    gst_element_set_state (self->playbin, self->target_state);
}

/* A live stream does not wait for a full buffer (it cannot fill ahead of
 * the live edge). One held for buffering before it was known to be live
 * (the first BUFFERING messages come before the preroll that tells) is
 * let go, else it would stay paused for a 100% no later message brings. */
static void
mark_live (MdPlayer *self)
{
  set_flag (self, self->is_live, TRUE, PROP_IS_LIVE);
  if (self->buffering)
    {
      set_flag (self, self->buffering, FALSE, PROP_BUFFERING);
      apply_target_state (self);
    }
}

static void
fail (MdPlayer *self,
      GError   *error)
{
  g_autoptr(GError) owned = error;

  g_clear_error (&self->error);
  self->error = g_error_copy (owned);
  gst_element_set_state (self->playbin, GST_STATE_NULL);
  self->target_state = GST_STATE_NULL;
  self->prerolled = FALSE;
  self->pending_seek = -1;
  set_flag (self, self->seeking, FALSE, PROP_SEEKING);
  set_flag (self, self->buffering, FALSE, PROP_BUFFERING);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
  set_state (self, MD_PLAYER_STATE_ERROR);
  update_tick (self);

  g_signal_emit (self, signals[SIGNAL_ERROR], 0, owned);
}

/* Loads the stream again in a fresh pipeline and goes on where it was:
 * reusing playbin3 1.22 after a demuxer failure trips an assertion in its
 * output reconfiguration. */
static void
restart_pipeline (MdPlayer *self)
{
  double resume_at = self->position;

  destroy_pipeline (self);
  create_pipeline (self);
  self->prerolled = FALSE;
  self->pending_seek = resume_at > 0 ? resume_at : -1;
  set_flag (self, self->seeking, resume_at > 0, PROP_SEEKING);
  gst_element_set_state (self->playbin, GST_STATE_PAUSED);
  apply_target_state (self);
}

/* GStreamer 1.22.0's hlsdemux2 can fetch every segment of a short stream
 * before it has exposed its pads, then fails with "Couldn't download
 * fragments" ("Can't push EOS on non-exposed pad"). That is a race at start
 * (or right after a seek), not a broken stream: start again, a couple of
 * times at most, before telling the user. */
static gboolean
recover_demuxer_race (MdPlayer   *self,
                      GstMessage *message)
{
  GstElementFactory *factory;

  if (self->recoveries >= MAX_RECOVERIES
      || (self->prerolled && !self->seeking)
      || !GST_IS_ELEMENT (GST_MESSAGE_SRC (message)))
    return FALSE;

  factory = gst_element_get_factory (GST_ELEMENT (GST_MESSAGE_SRC (message)));
  if (factory == NULL || g_strcmp0 (GST_OBJECT_NAME (factory), "hlsdemux2") != 0)
    return FALSE;

  self->recoveries++;
  g_debug ("Restarting after an HLS demuxer failure at start (attempt %u)", self->recoveries);
  restart_pipeline (self);

  return TRUE;
}

static void
handle_error_message (MdPlayer   *self,
                      GstMessage *message)
{
  g_autoptr(GError) gst_error = NULL;
  g_autofree char *debug = NULL;
  g_autofree char *redacted = NULL;

  gst_message_parse_error (message, &gst_error, &debug);
  redacted = md_player_redact_uri (debug);
  g_debug ("Pipeline error from %s: %s (%s)",
           GST_OBJECT_NAME (GST_MESSAGE_SRC (message)), gst_error->message, redacted);

  if (recover_demuxer_race (self, message))
    return;

  fail (self, _md_player_error_from_gst (gst_error, debug));
}

static void
handle_state_changed (MdPlayer   *self,
                      GstMessage *message)
{
  GstState old_state, new_state, pending;

  if (GST_MESSAGE_SRC (message) != GST_OBJECT (self->playbin))
    return;

  gst_message_parse_state_changed (message, &old_state, &new_state, &pending);
  g_debug ("Pipeline %s -> %s (pending %s)", gst_element_state_get_name (old_state),
           gst_element_state_get_name (new_state), gst_element_state_get_name (pending));

  if (self->state == MD_PLAYER_STATE_ERROR || self->state == MD_PLAYER_STATE_ENDED)
    return;

  if (new_state == GST_STATE_PLAYING)
    set_state (self, MD_PLAYER_STATE_PLAYING);
  else if (new_state == GST_STATE_PAUSED && self->target_state == GST_STATE_PAUSED)
    set_state (self, MD_PLAYER_STATE_PAUSED);
  /* Paused on the way to PLAYING (prerolling, buffering) stays "playing"
   * for the user: the play button must not flicker. */

  update_tick (self);
}

static void
handle_async_done (MdPlayer *self)
{
  gboolean was_seeking = self->seeking;

  self->prerolled = TRUE;
  self->recoveries = 0;
  query_duration_and_seeking (self);
  query_video_size (self);

  if (self->pending_seek >= 0)
    {
      double target = self->pending_seek;

      self->pending_seek = -1;
      do_seek (self, target);
      return;
    }

  set_flag (self, self->seeking, FALSE, PROP_SEEKING);
  query_position (self);

  if (was_seeking)
    g_signal_emit (self, signals[SIGNAL_SEEK_DONE], 0);
}

static void
handle_buffering (MdPlayer   *self,
                  GstMessage *message)
{
  int percent = 0;

  gst_message_parse_buffering (message, &percent);
  g_debug ("Buffering %d%%", percent);
  set_int (self, &self->buffering_percent, percent, PROP_BUFFERING_PERCENT);

  if (self->is_live)
    {
      mark_live (self);
      return;
    }

  if (percent < 100 && !self->buffering)
    {
      set_flag (self, self->buffering, TRUE, PROP_BUFFERING);
      if (self->target_state == GST_STATE_PLAYING)
        gst_element_set_state (self->playbin, GST_STATE_PAUSED);
    }
  else if (percent >= 100 && self->buffering)
    {
      set_flag (self, self->buffering, FALSE, PROP_BUFFERING);
      if (self->target_state == GST_STATE_PLAYING)
        gst_element_set_state (self->playbin, GST_STATE_PLAYING);
    }
}

/* The bitrate of the rendition playing: the one of its video, as the video
 * sink hears it from the parser. The audio sink posts its stream's
 * bitrate too (128 kb/s of AAC for a 20 kb/s video), which is not it. */
static void
handle_tag (MdPlayer   *self,
            GstMessage *message)
{
  g_autoptr(GstTagList) tags = NULL;
  guint bitrate = 0;

  if (!gst_object_has_as_ancestor (GST_MESSAGE_SRC (message), GST_OBJECT (self->video_sink)))
    return;

  gst_message_parse_tag (message, &tags);
  if (gst_tag_list_get_uint (tags, GST_TAG_BITRATE, &bitrate)
      || gst_tag_list_get_uint (tags, GST_TAG_NOMINAL_BITRATE, &bitrate))
    {
      if (bitrate > 0 && bitrate != self->bitrate)
        {
          self->bitrate = bitrate;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BITRATE]);
        }
    }
}

static void
handle_eos (MdPlayer *self)
{
  /* Rest on the last frame; play() starts over from the beginning. */
  self->target_state = GST_STATE_PAUSED;
  gst_element_set_state (self->playbin, GST_STATE_PAUSED);
  if (self->duration > 0)
    set_double (self, &self->position, self->duration, PROP_POSITION);
  set_double (self, &self->buffered_position, MAX (self->position, self->buffered_position),
              PROP_BUFFERED_POSITION);
  set_state (self, MD_PLAYER_STATE_ENDED);
  update_tick (self);

  g_signal_emit (self, signals[SIGNAL_EOS], 0);
}

static gboolean
on_bus_message_cb (GstBus     *bus,
                   GstMessage *message,
                   gpointer    user_data)
{
  MdPlayer *self = user_data;

  g_assert (GST_IS_BUS (bus));
  g_assert (MD_IS_PLAYER (self));

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ERROR:
      handle_error_message (self, message);
      break;

    case GST_MESSAGE_WARNING:
      {
        g_autoptr(GError) warning = NULL;
        g_autofree char *debug = NULL;
        g_autofree char *redacted = NULL;

        gst_message_parse_warning (message, &warning, &debug);
        redacted = md_player_redact_uri (debug);
        g_debug ("Pipeline warning: %s (%s)", warning->message, redacted);
      }
      break;

    case GST_MESSAGE_EOS:
      handle_eos (self);
      break;

    case GST_MESSAGE_STATE_CHANGED:
      handle_state_changed (self, message);
      break;

    case GST_MESSAGE_ASYNC_DONE:
      handle_async_done (self);
      break;

    case GST_MESSAGE_BUFFERING:
      handle_buffering (self, message);
      break;

    case GST_MESSAGE_DURATION_CHANGED:
      query_duration_and_seeking (self);
      break;

    case GST_MESSAGE_TAG:
      handle_tag (self, message);
      break;

    case GST_MESSAGE_STREAM_START:
      query_video_size (self);
      break;

    default:
      break;
    }

  return G_SOURCE_CONTINUE;
}

static void
reset_stream_state (MdPlayer *self)
{
  self->prerolled = FALSE;
  self->recoveries = 0;
  self->pending_seek = -1;
  g_clear_error (&self->error);
  set_flag (self, self->seeking, FALSE, PROP_SEEKING);
  set_flag (self, self->buffering, FALSE, PROP_BUFFERING);
  set_flag (self, self->is_live, FALSE, PROP_IS_LIVE);
  set_flag (self, self->seekable, FALSE, PROP_SEEKABLE);
  set_double (self, &self->seekable_start, 0, PROP_SEEKABLE_START);
  set_double (self, &self->seekable_end, 0, PROP_SEEKABLE_END);
  set_int (self, &self->buffering_percent, 0, PROP_BUFFERING_PERCENT);
  set_double (self, &self->position, 0, PROP_POSITION);
  set_double (self, &self->duration, 0, PROP_DURATION);
  set_double (self, &self->buffered_position, 0, PROP_BUFFERED_POSITION);
  set_int (self, &self->video_width, 0, PROP_VIDEO_WIDTH);
  set_int (self, &self->video_height, 0, PROP_VIDEO_HEIGHT);
  if (self->bitrate != 0)
    {
      self->bitrate = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BITRATE]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
create_pipeline (MdPlayer *self)
{
  g_autoptr(GstBus) bus = NULL;
  GstElement *audio_sink;
  int flags = 0;

  self->playbin = gst_element_factory_make ("playbin3", NULL);
  g_assert (self->playbin != NULL);   /* md_media_init() checked */
  gst_object_ref_sink (self->playbin);

  self->video_sink = gst_object_ref_sink (md_video_sink_new (self->paintable));
  audio_sink = make_audio_sink ();

  /* No subtitles: nothing renders them yet. Native video: our sink
   * converts once, playsink need not add a second converter. */
  g_object_get (self->playbin, "flags", &flags, NULL);
  flags &= ~0x04;   /* GST_PLAY_FLAG_TEXT */
  flags |= 0x40;    /* GST_PLAY_FLAG_NATIVE_VIDEO */
  g_object_set (self->playbin,
                "flags", flags,
                "video-sink", self->video_sink,
                "audio-sink", audio_sink,
                NULL);
  gst_object_unref (audio_sink);

  gst_stream_volume_set_volume (GST_STREAM_VOLUME (self->playbin),
                                GST_STREAM_VOLUME_FORMAT_CUBIC, self->volume);
  gst_stream_volume_set_mute (GST_STREAM_VOLUME (self->playbin), self->muted);
  if (self->uri != NULL)
    g_object_set (self->playbin, "uri", self->uri, NULL);

  bus = gst_element_get_bus (self->playbin);
  self->bus_watch_id = gst_bus_add_watch (bus, on_bus_message_cb, self);
}

static void
destroy_pipeline (MdPlayer *self)
{
  g_clear_handle_id (&self->bus_watch_id, g_source_remove);
  if (self->playbin != NULL)
    gst_element_set_state (self->playbin, GST_STATE_NULL);
  g_clear_pointer (&self->playbin, gst_object_unref);
  g_clear_pointer (&self->video_sink, gst_object_unref);
}

static void
md_player_dispose (GObject *object)
{
  MdPlayer *self = MD_PLAYER (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  destroy_pipeline (self);
  g_clear_object (&self->paintable);

  G_OBJECT_CLASS (md_player_parent_class)->dispose (object);
}

static void
md_player_finalize (GObject *object)
{
  MdPlayer *self = MD_PLAYER (object);

  g_clear_pointer (&self->uri, g_free);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (md_player_parent_class)->finalize (object);
}

static void
md_player_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  MdPlayer *self = MD_PLAYER (object);

  switch (prop_id)
    {
    case PROP_URI: g_value_set_string (value, self->uri); break;
    case PROP_STATE: g_value_set_enum (value, self->state); break;
    case PROP_POSITION: g_value_set_double (value, self->position); break;
    case PROP_DURATION: g_value_set_double (value, self->duration); break;
    case PROP_BUFFERED_POSITION: g_value_set_double (value, self->buffered_position); break;
    case PROP_BUFFERING: g_value_set_boolean (value, self->buffering); break;
    case PROP_BUFFERING_PERCENT: g_value_set_int (value, self->buffering_percent); break;
    case PROP_SEEKING: g_value_set_boolean (value, self->seeking); break;
    case PROP_SEEKABLE: g_value_set_boolean (value, self->seekable); break;
    case PROP_IS_LIVE: g_value_set_boolean (value, self->is_live); break;
    case PROP_SEEKABLE_START: g_value_set_double (value, self->seekable_start); break;
    case PROP_SEEKABLE_END: g_value_set_double (value, self->seekable_end); break;
    case PROP_VOLUME: g_value_set_double (value, md_player_get_volume (self)); break;
    case PROP_MUTED: g_value_set_boolean (value, md_player_get_muted (self)); break;
    case PROP_RATE: g_value_set_double (value, self->rate); break;
    case PROP_VIDEO_WIDTH: g_value_set_int (value, self->video_width); break;
    case PROP_VIDEO_HEIGHT: g_value_set_int (value, self->video_height); break;
    case PROP_BITRATE: g_value_set_uint (value, self->bitrate); break;
    case PROP_ERROR: g_value_set_boxed (value, self->error); break;
    case PROP_PAINTABLE: g_value_set_object (value, self->paintable); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_player_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  MdPlayer *self = MD_PLAYER (object);

  switch (prop_id)
    {
    case PROP_URI: md_player_set_uri (self, g_value_get_string (value)); break;
    case PROP_VOLUME: md_player_set_volume (self, g_value_get_double (value)); break;
    case PROP_MUTED: md_player_set_muted (self, g_value_get_boolean (value)); break;
    case PROP_RATE: md_player_set_rate (self, g_value_get_double (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_player_class_init (MdPlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = md_player_dispose;
  object_class->finalize = md_player_finalize;
  object_class->get_property = md_player_get_property;
  object_class->set_property = md_player_set_property;

  properties[PROP_URI] = g_param_spec_string ("uri", NULL, NULL, NULL, rw);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, MD_TYPE_PLAYER_STATE,
                                              MD_PLAYER_STATE_STOPPED, ro);
  properties[PROP_POSITION] = g_param_spec_double ("position", NULL, NULL, 0, G_MAXDOUBLE, 0, ro);
  properties[PROP_DURATION] = g_param_spec_double ("duration", NULL, NULL, 0, G_MAXDOUBLE, 0, ro);
  properties[PROP_BUFFERED_POSITION] = g_param_spec_double ("buffered-position", NULL, NULL,
                                                            0, G_MAXDOUBLE, 0, ro);
  properties[PROP_BUFFERING] = g_param_spec_boolean ("buffering", NULL, NULL, FALSE, ro);
  properties[PROP_BUFFERING_PERCENT] = g_param_spec_int ("buffering-percent", NULL, NULL,
                                                         0, 100, 0, ro);
  properties[PROP_SEEKING] = g_param_spec_boolean ("seeking", NULL, NULL, FALSE, ro);
  properties[PROP_SEEKABLE] = g_param_spec_boolean ("seekable", NULL, NULL, FALSE, ro);
  properties[PROP_IS_LIVE] = g_param_spec_boolean ("is-live", NULL, NULL, FALSE, ro);
  properties[PROP_SEEKABLE_START] = g_param_spec_double ("seekable-start", NULL, NULL, 0, G_MAXDOUBLE, 0, ro);
  properties[PROP_SEEKABLE_END] = g_param_spec_double ("seekable-end", NULL, NULL, 0, G_MAXDOUBLE, 0, ro);
  properties[PROP_VOLUME] = g_param_spec_double ("volume", NULL, NULL, 0, 1, 1, rw);
  properties[PROP_MUTED] = g_param_spec_boolean ("muted", NULL, NULL, FALSE, rw);
  properties[PROP_RATE] = g_param_spec_double ("rate", NULL, NULL, 0.25, 4, 1, rw);
  properties[PROP_VIDEO_WIDTH] = g_param_spec_int ("video-width", NULL, NULL, 0, G_MAXINT, 0, ro);
  properties[PROP_VIDEO_HEIGHT] = g_param_spec_int ("video-height", NULL, NULL, 0, G_MAXINT, 0, ro);
  properties[PROP_BITRATE] = g_param_spec_uint ("bitrate", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_ERROR] = g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR, ro);
  properties[PROP_PAINTABLE] = g_param_spec_object ("paintable", NULL, NULL, MD_TYPE_PAINTABLE, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_EOS] = g_signal_new ("eos", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_ERROR] = g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
  signals[SIGNAL_SEEK_DONE] = g_signal_new ("seek-done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
md_player_init (MdPlayer *self)
{
  self->rate = 1.0;
  self->volume = 1.0;
  self->pending_seek = -1;
  self->target_state = GST_STATE_NULL;
  self->stall_timeout_ms = DEFAULT_STALL_TIMEOUT_MS;
  self->paintable = md_paintable_new ();

  create_pipeline (self);
}

/**
 * md_player_new:
 *
 * md_media_init() must have succeeded first.
 *
 * Returns: (transfer full): a player with nothing loaded
 */
MdPlayer *
md_player_new (void)
{
  return g_object_new (MD_TYPE_PLAYER, NULL);
}

/**
 * md_player_set_uri:
 * @uri: (nullable): an HLS playlist URL, already signed if it needs a token
 *
 * Loads @uri, stopped. Signing is not the player's job: the caller mints
 * the token (see MdPlayerPage's URI function).
 */
void
md_player_set_uri (MdPlayer   *self,
                   const char *uri)
{
  g_return_if_fail (MD_IS_PLAYER (self));

  gst_element_set_state (self->playbin, GST_STATE_NULL);
  self->target_state = GST_STATE_NULL;
  g_clear_handle_id (&self->tick_id, g_source_remove);
  md_paintable_clear (self->paintable);
  reset_stream_state (self);
  set_state (self, MD_PLAYER_STATE_STOPPED);

  if (g_strcmp0 (self->uri, uri) != 0)
    {
      g_free (self->uri);
      self->uri = g_strdup (uri);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URI]);
    }

  if (uri != NULL)
    g_object_set (self->playbin, "uri", uri, NULL);
}

const char *
md_player_get_uri (MdPlayer *self)
{
  g_return_val_if_fail (MD_IS_PLAYER (self), NULL);

  return self->uri;
}

static void
start (MdPlayer *self,
       GstState  target)
{
  GstStateChangeReturn ret;

  if (self->uri == NULL)
    return;

  if (self->state == MD_PLAYER_STATE_ERROR)
    {
      /* Try again from scratch, keeping the position. */
      double position = self->position;

      md_player_set_uri (self, self->uri);
      if (position > 0)
        self->pending_seek = position;
    }
  else if (self->state == MD_PLAYER_STATE_ENDED)
    {
      set_state (self, target == GST_STATE_PLAYING ? MD_PLAYER_STATE_PLAYING : MD_PLAYER_STATE_PAUSED);
      self->target_state = target;
      do_seek (self, 0);
      apply_target_state (self);
      update_tick (self);
      return;
    }

  self->target_state = target;
  ret = gst_element_set_state (self->playbin, GST_STATE_PAUSED);
  if (ret == GST_STATE_CHANGE_NO_PREROLL)
    mark_live (self);
  apply_target_state (self);

  if (target == GST_STATE_PLAYING)
    set_state (self, MD_PLAYER_STATE_PLAYING);
  else if (self->state == MD_PLAYER_STATE_PLAYING)
    set_state (self, MD_PLAYER_STATE_PAUSED);
  update_tick (self);
}

/**
 * md_player_play:
 *
 * Starts or resumes playback; from the end, starts over; after an error,
 * loads the stream again and resumes where it stopped.
 */
void
md_player_play (MdPlayer *self)
{
  g_return_if_fail (MD_IS_PLAYER (self));

  start (self, GST_STATE_PLAYING);
}

void
md_player_pause (MdPlayer *self)
{
  g_return_if_fail (MD_IS_PLAYER (self));

  if (self->state == MD_PLAYER_STATE_ENDED)
    return;
  start (self, GST_STATE_PAUSED);
  if (self->state != MD_PLAYER_STATE_ERROR)
    set_state (self, MD_PLAYER_STATE_PAUSED);
  query_position (self);
}

void
md_player_toggle_play (MdPlayer *self)
{
  g_return_if_fail (MD_IS_PLAYER (self));

  if (self->state == MD_PLAYER_STATE_PLAYING)
    md_player_pause (self);
  else
    md_player_play (self);
}

/**
 * md_player_stop:
 *
 * Releases the pipeline (network, decoders); the URI stays loaded.
 */
void
md_player_stop (MdPlayer *self)
{
  g_return_if_fail (MD_IS_PLAYER (self));

  md_player_set_uri (self, self->uri);
}

/**
 * md_player_seek:
 * @seconds: where to go, clamped to the stream (for a live stream, to
 *   its DVR window: #MdPlayer:seekable-start .. #MdPlayer:seekable-end)
 *
 * #MdPlayer:position jumps to @seconds at once and stays there until the
 * pipeline has landed (#MdPlayer::seek-done); seeks asked for meanwhile
 * are merged into the last one.
 */
void
md_player_seek (MdPlayer *self,
                double    seconds)
{
  g_return_if_fail (MD_IS_PLAYER (self));

  if (self->uri == NULL || self->state == MD_PLAYER_STATE_ERROR)
    return;

  seconds = MAX (0, seconds);
  /* Not onto the very end: hlsdemux2 (GStreamer 1.22) refuses a seek past
   * its last segment after it has already cancelled its downloads, and the
   * next seek may then crash in its download thread (seen with End then J). */
  if (self->duration > 0)
    seconds = MIN (seconds, MAX (0, self->duration - MD_PLAYER_END_MARGIN));
  if (self->is_live)
    {
      /* Only within the window the playlist still holds. */
      if (!self->seekable)
        return;
      seconds = CLAMP (seconds, self->seekable_start, self->seekable_end);
    }

  if (self->state == MD_PLAYER_STATE_ENDED)
    {
      self->target_state = GST_STATE_PAUSED;
      set_state (self, MD_PLAYER_STATE_PAUSED);
    }

  set_double (self, &self->position, seconds, PROP_POSITION);

  if (!self->prerolled || self->seeking)
    {
      /* Applied once the pipeline can seek, or when the running seek is done. */
      self->pending_seek = seconds;
      set_flag (self, self->seeking, TRUE, PROP_SEEKING);
      if (self->state == MD_PLAYER_STATE_STOPPED)
        md_player_pause (self);
      return;
    }

  do_seek (self, seconds);
}

MdPlayerState
md_player_get_state (MdPlayer *self)
{
  g_return_val_if_fail (MD_IS_PLAYER (self), MD_PLAYER_STATE_STOPPED);

  return self->state;
}

/**
 * md_player_get_position:
 *
 * Returns: the playback position in seconds from the stream's start
 */
double
md_player_get_position (MdPlayer *self)
{
  g_return_val_if_fail (MD_IS_PLAYER (self), 0);

  return self->position;
}

/**
 * md_player_get_duration:
 *
 * Returns: the stream's duration in seconds, 0 while unknown
 */
double
md_player_get_duration (MdPlayer *self)
{
  g_return_val_if_fail (MD_IS_PLAYER (self), 0);

  return self->duration;
}

/**
 * md_player_get_buffered_position:
 *
 * Returns: how far, in seconds, the stream is downloaded ahead
 */
double
md_player_get_buffered_position (MdPlayer *self)
{
  g_return_val_if_fail (MD_IS_PLAYER (self), 0);

  return self->buffered_position;
}

gboolean
md_player_get_buffering (MdPlayer *self)
{
  g_return_val_if_fail (MD_IS_PLAYER (self), FALSE);

  return self->buffering;
}

int
md_player_get_buffering_percent (MdPlayer *self)
{
  g_return_val_if_fail (MD_IS_PLAYER (self), 0);

  return self->buffering_percent;
}

gboolean
md_player_get_seeking (MdPlayer *self)
{
  g_return_val_if_fail (MD_IS_PLAYER (self), FALSE);

  return self->seeking;
}

gboolean
md_player_get_seekable (MdPlayer *self)
{
  g_return_val_if_fail (MD_IS_PLAYER (self), FALSE);

  return self->seekable;
}

gboolean
md_player_get_is_live (MdPlayer *self)
{
  g_return_val_if_fail (MD_IS_PLAYER (self), FALSE);

  return self->is_live;
}

/**
 * md_player_get_seekable_range:
 * @start: (out) (optional): where the seekable range starts, seconds
 * @end: (out) (optional): where it ends
 *
 * For a live stream the DVR window, which slides while it plays.
 *
 * Returns: %FALSE when the stream cannot seek
 */
gboolean
md_player_get_seekable_range (MdPlayer *self,
                              double   *start,
                              double   *end)
{
  g_return_val_if_fail (MD_IS_PLAYER (self), FALSE);

  if (start != NULL)
    *start = self->seekable_start;
  if (end != NULL)
    *end = self->seekable_end;
  return self->seekable;
}

/**
 * md_player_get_volume:
 *
 * Returns: the volume, 0 (silent) to 1 (full), on a cubic scale as
 *   volume sliders expect
 */
double
md_player_get_volume (MdPlayer *self)
{
  g_return_val_if_fail (MD_IS_PLAYER (self), 0);

  return self->volume;
}

void
md_player_set_volume (MdPlayer *self,
                      double    volume)
{
  g_return_if_fail (MD_IS_PLAYER (self));

  volume = CLAMP (volume, 0.0, 1.0);
  if (G_APPROX_VALUE (volume, self->volume, 0.0001))
    return;

  self->volume = volume;
  gst_stream_volume_set_volume (GST_STREAM_VOLUME (self->playbin),
                                GST_STREAM_VOLUME_FORMAT_CUBIC, volume);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VOLUME]);
}

gboolean
md_player_get_muted (MdPlayer *self)
{
  g_return_val_if_fail (MD_IS_PLAYER (self), FALSE);

  return self->muted;
}

void
md_player_set_muted (MdPlayer *self,
                     gboolean  muted)
{
  g_return_if_fail (MD_IS_PLAYER (self));

  if (!!muted == !!self->muted)
    return;

  self->muted = !!muted;
  gst_stream_volume_set_mute (GST_STREAM_VOLUME (self->playbin), !!muted);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MUTED]);
}

double
md_player_get_rate (MdPlayer *self)
{
  g_return_val_if_fail (MD_IS_PLAYER (self), 1.0);

  return self->rate;
}

/**
 * md_player_set_rate:
 * @rate: playback speed, 0.25 to 4 (1 is normal)
 */
void
md_player_set_rate (MdPlayer *self,
                    double    rate)
{
  g_return_if_fail (MD_IS_PLAYER (self));

  rate = CLAMP (rate, 0.25, 4.0);
  if (self->rate == rate)
    return;

  self->rate = rate;
  /* The rate travels with a seek to where we are. */
  if (self->prerolled && !self->seeking)
    do_seek (self, self->position);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE]);
}

int
md_player_get_video_width (MdPlayer *self)
{
  g_return_val_if_fail (MD_IS_PLAYER (self), 0);

  return self->video_width;
}

int
md_player_get_video_height (MdPlayer *self)
{
  g_return_val_if_fail (MD_IS_PLAYER (self), 0);

  return self->video_height;
}

/**
 * md_player_get_bitrate:
 *
 * Returns: the bitrate of the current rendition's video in bits per
 *   second as its stream's tags say (the parser's running average), 0
 *   when unknown
 */
guint
md_player_get_bitrate (MdPlayer *self)
{
  g_return_val_if_fail (MD_IS_PLAYER (self), 0);

  return self->bitrate;
}

/**
 * md_player_get_error:
 *
 * Returns: (nullable) (transfer none): why playback failed, in the
 *   #MD_PLAYER_ERROR domain
 */
const GError *
md_player_get_error (MdPlayer *self)
{
  g_return_val_if_fail (MD_IS_PLAYER (self), NULL);

  return self->error;
}

/**
 * md_player_get_paintable:
 *
 * Returns: (transfer none): the video frames, for a GtkPicture
 */
MdPaintable *
md_player_get_paintable (MdPlayer *self)
{
  g_return_val_if_fail (MD_IS_PLAYER (self), NULL);

  return self->paintable;
}

/* For tests: a shorter wait than a user's before a silent stream counts
 * as stalled. */
void
_md_player_set_stall_timeout (MdPlayer *self,
                              guint     timeout_ms)
{
  g_return_if_fail (MD_IS_PLAYER (self));
  g_return_if_fail (timeout_ms > 0);

  self->stall_timeout_ms = timeout_ms;
}
