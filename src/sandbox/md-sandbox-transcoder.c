/* md-sandbox-transcoder.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Blocking GStreamer work, run in worker threads: probe a file, turn it
 * into an HLS VOD rendition (2 s segments) plus a storyboard sprite, and
 * grab thumbnails.
 */

#define G_LOG_DOMAIN "md-sandbox-transcoder"

#include "config.h"

#include <gst/app/gstappsink.h>
#include <gst/pbutils/pbutils.h>
#include <gst/video/video.h>
#include <math.h>
#include <string.h>

#include "md-sandbox-transcoder.h"

#define PIPELINE_TIMEOUT (15 * 60 * GST_SECOND)
#define MAX_LONG_EDGE    1920
#define TILE_LONG_EDGE   256
#define MAX_TILES        50
#define TILE_COLUMNS     10

G_DEFINE_QUARK (md-sandbox-transcoder-error-quark, md_sandbox_transcoder_error)

static const char *
codec_name (GstCaps *caps)
{
  const char *name;

  if (caps == NULL || gst_caps_get_size (caps) == 0)
    return NULL;
  name = gst_structure_get_name (gst_caps_get_structure (caps, 0));
  if (strcmp (name, "video/x-h264") == 0) return "h264";
  if (strcmp (name, "video/x-h265") == 0) return "hevc";
  if (strcmp (name, "video/x-vp8") == 0) return "vp8";
  if (strcmp (name, "video/x-vp9") == 0) return "vp9";
  if (strcmp (name, "video/x-av1") == 0) return "av1";
  if (strcmp (name, "video/x-theora") == 0) return "theora";
  if (strcmp (name, "image/jpeg") == 0) return "mjpeg";
  if (strcmp (name, "video/x-raw") == 0) return "rawvideo";
  if (strcmp (name, "audio/x-opus") == 0) return "opus";
  if (strcmp (name, "audio/x-vorbis") == 0) return "vorbis";
  if (strcmp (name, "audio/x-flac") == 0) return "flac";
  if (strcmp (name, "audio/x-raw") == 0) return "pcm";
  if (strcmp (name, "audio/mpeg") == 0)
    {
      gint version = 1;

      gst_structure_get_int (gst_caps_get_structure (caps, 0), "mpegversion", &version);
      return version == 1 ? "mp3" : "aac";
    }
  return name;
}

static const char *
container_name (GstCaps *caps)
{
  const char *name;

  if (caps == NULL || gst_caps_get_size (caps) == 0)
    return NULL;
  name = gst_structure_get_name (gst_caps_get_structure (caps, 0));
  if (strcmp (name, "video/quicktime") == 0) return "mov,mp4,m4a,3gp,3g2,mj2";
  if (strcmp (name, "video/x-matroska") == 0 || strcmp (name, "video/webm") == 0) return "matroska,webm";
  if (strcmp (name, "video/mpegts") == 0) return "mpegts";
  if (strcmp (name, "application/ogg") == 0) return "ogg";
  if (strcmp (name, "video/x-msvideo") == 0) return "avi";
  return name;
}

gboolean
md_sandbox_transcoder_probe (const char          *path,
                             MdSandboxMediaInfo  *info,
                             GError             **error)
{
  g_autoptr(GstDiscoverer) discoverer = NULL;
  g_autoptr(GstDiscovererInfo) result = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *uri = g_filename_to_uri (path, NULL, error);
  GList *videos, *audios;
  GstDiscovererStreamInfo *top;

  if (uri == NULL)
    return FALSE;
  discoverer = gst_discoverer_new (30 * GST_SECOND, error);
  if (discoverer == NULL)
    return FALSE;

  result = gst_discoverer_discover_uri (discoverer, uri, &local_error);
  if (result == NULL || gst_discoverer_info_get_result (result) != GST_DISCOVERER_OK)
    {
      g_set_error (error, MD_SANDBOX_TRANSCODER_ERROR, MD_SANDBOX_TRANSCODER_ERROR_NOT_MEDIA,
                   "The input file does not contain any media that could be processed (%s)",
                   local_error ? local_error->message : "unknown format");
      return FALSE;
    }

  videos = gst_discoverer_info_get_video_streams (result);
  audios = gst_discoverer_info_get_audio_streams (result);
  /* A still image is not a video to Mux. */
  if (videos != NULL && gst_discoverer_video_info_is_image (videos->data))
    g_clear_pointer (&videos, gst_discoverer_stream_info_list_free);

  if (videos == NULL && audios == NULL)
    {
      g_set_error (error, MD_SANDBOX_TRANSCODER_ERROR, MD_SANDBOX_TRANSCODER_ERROR_NOT_MEDIA,
                   "The input file has no video or audio track");
      return FALSE;
    }

  memset (info, 0, sizeof *info);
  info->duration = (double) gst_discoverer_info_get_duration (result) / GST_SECOND;
  top = gst_discoverer_info_get_stream_info (result);
  if (GST_IS_DISCOVERER_CONTAINER_INFO (top))
    {
      g_autoptr(GstCaps) caps = gst_discoverer_stream_info_get_caps (top);

      info->container_format = g_strdup (container_name (caps));
    }
  g_clear_object (&top);

  if (videos != NULL)
    {
      GstDiscovererVideoInfo *video = videos->data;
      g_autoptr(GstCaps) caps = gst_discoverer_stream_info_get_caps (GST_DISCOVERER_STREAM_INFO (video));
      guint num = gst_discoverer_video_info_get_framerate_num (video);
      guint den = gst_discoverer_video_info_get_framerate_denom (video);

      info->has_video = TRUE;
      info->width = gst_discoverer_video_info_get_width (video);
      info->height = gst_discoverer_video_info_get_height (video);
      info->frame_rate = den > 0 && num > 0 ? (double) num / den : 30.0;
      info->video_encoding = g_strdup (codec_name (caps));
    }
  if (audios != NULL)
    {
      GstDiscovererAudioInfo *audio = audios->data;
      g_autoptr(GstCaps) caps = gst_discoverer_stream_info_get_caps (GST_DISCOVERER_STREAM_INFO (audio));

      info->has_audio = TRUE;
      info->channels = gst_discoverer_audio_info_get_channels (audio);
      info->sample_rate = gst_discoverer_audio_info_get_sample_rate (audio);
      info->audio_encoding = g_strdup (codec_name (caps));
    }
  gst_discoverer_stream_info_list_free (videos);
  gst_discoverer_stream_info_list_free (audios);

  if (info->has_video && (info->width < 2 || info->height < 2))
    {
      md_sandbox_media_info_clear (info);
      g_set_error (error, MD_SANDBOX_TRANSCODER_ERROR, MD_SANDBOX_TRANSCODER_ERROR_NOT_MEDIA,
                   "The input file's video track has no usable size");
      return FALSE;
    }
  return TRUE;
}

/* Fits @width x @height into @long_edge, keeping even sizes for 4:2:0. */
static void
fit_size (guint  width,
          guint  height,
          guint  long_edge,
          guint *out_width,
          guint *out_height)
{
  double scale = MIN (1.0, (double) long_edge / MAX (width, height));

  *out_width = MAX (2, ((guint) (width * scale)) & ~1u);
  *out_height = MAX (2, ((guint) (height * scale)) & ~1u);
}

typedef struct
{
  GMutex   lock;
  guint8  *sprite;          /* RGB, columns x rows tiles */
  guint    tile_width;
  guint    tile_height;
  guint    columns;
  guint    rows;
  guint    n_tiles;
  guint    filled;
  GstElement *video_queue;
  GstElement *audio_queue;
  gint64      position;     /* stream time reached, ns (-1: none yet); under lock */
} TranscodeData;

/* Where a pipeline's progress goes: its share [from, to] of the whole job. */
typedef struct
{
  MdSandboxTranscoderProgress  func;
  gpointer                     user_data;
  TranscodeData               *data;
  double                       duration;   /* of the input, s */
  double                       from;
  double                       to;
} ProgressSpan;

/* How often a running pipeline reports its progress. */
#define PROGRESS_INTERVAL (250 * GST_MSECOND)

static GstFlowReturn
on_tile_sample_cb (GstAppSink *sink,
                   gpointer    user_data)
{
  TranscodeData *data = user_data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);
  GstVideoFrame frame;
  GstVideoInfo vinfo;
  guint index, x, y;

  if (sample == NULL)
    return GST_FLOW_EOS;
  if (!gst_video_info_from_caps (&vinfo, gst_sample_get_caps (sample)) ||
      !gst_video_frame_map (&frame, &vinfo, gst_sample_get_buffer (sample), GST_MAP_READ))
    return GST_FLOW_OK;

  g_mutex_lock (&data->lock);
  index = data->filled;
  if (index < data->n_tiles &&
      (guint) GST_VIDEO_FRAME_WIDTH (&frame) == data->tile_width &&
      (guint) GST_VIDEO_FRAME_HEIGHT (&frame) == data->tile_height)
    {
      guint stride = data->columns * data->tile_width * 3;
      const guint8 *pixels = GST_VIDEO_FRAME_PLANE_DATA (&frame, 0);
      gint src_stride = GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0);

      x = (index % data->columns) * data->tile_width;
      y = (index / data->columns) * data->tile_height;
      for (guint row = 0; row < data->tile_height; row++)
        memcpy (data->sprite + (gsize) (y + row) * stride + x * 3,
                pixels + (gsize) row * src_stride, data->tile_width * 3);
      data->filled++;
    }
  g_mutex_unlock (&data->lock);
  gst_video_frame_unmap (&frame);
  return GST_FLOW_OK;
}

static void
on_decodebin_pad_added_cb (GstElement *decodebin,
                           GstPad     *pad,
                           gpointer    user_data)
{
  TranscodeData *data = user_data;
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
  g_autoptr(GstPad) sink = NULL;
  const char *name;

  if (caps == NULL)
    caps = gst_pad_query_caps (pad, NULL);
  name = gst_structure_get_name (gst_caps_get_structure (caps, 0));
  if (g_str_has_prefix (name, "video/x-raw") && data->video_queue != NULL)
    sink = gst_element_get_static_pad (data->video_queue, "sink");
  else if (g_str_has_prefix (name, "audio/x-raw") && data->audio_queue != NULL)
    sink = gst_element_get_static_pad (data->audio_queue, "sink");
  if (sink != NULL && !gst_pad_is_linked (sink))
    gst_pad_link (pad, sink);
}

/* Remembers the stream time of the newest buffer leaving a decoder's
 * queue: how far into the input the pipeline is. */
static GstPadProbeReturn
on_queue_buffer_cb (GstPad          *pad,
                    GstPadProbeInfo *probe_info,
                    gpointer         user_data)
{
  TranscodeData *data = user_data;
  GstBuffer *buffer = gst_pad_probe_info_get_buffer (probe_info);
  g_autoptr(GstEvent) event = gst_pad_get_sticky_event (pad, GST_EVENT_SEGMENT, 0);
  const GstSegment *segment = NULL;
  guint64 stream_time;

  if (event == NULL || buffer == NULL || !GST_BUFFER_PTS_IS_VALID (buffer))
    return GST_PAD_PROBE_OK;
  gst_event_parse_segment (event, &segment);
  stream_time = gst_segment_to_stream_time (segment, GST_FORMAT_TIME, GST_BUFFER_PTS (buffer));
  if (GST_CLOCK_TIME_IS_VALID (stream_time))
    {
      g_mutex_lock (&data->lock);
      data->position = (gint64) stream_time;
      g_mutex_unlock (&data->lock);
    }
  return GST_PAD_PROBE_OK;
}

/* Watches the buffers leaving @queue (the video's, else the audio's). */
static void
watch_position (TranscodeData *data)
{
  GstElement *queue = data->video_queue != NULL ? data->video_queue : data->audio_queue;
  g_autoptr(GstPad) pad = NULL;

  data->position = -1;
  if (queue == NULL)
    return;
  pad = gst_element_get_static_pad (queue, "src");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, on_queue_buffer_cb, data, NULL);
}

static void
report_progress (const ProgressSpan *span)
{
  gint64 position;
  double fraction;

  if (span == NULL || span->func == NULL)
    return;
  g_mutex_lock (&span->data->lock);
  position = span->data->position;
  g_mutex_unlock (&span->data->lock);
  if (position < 0 || span->duration <= 0)
    return;
  fraction = CLAMP ((double) position / GST_SECOND / span->duration, 0.0, 1.0);
  span->func (span->from + (span->to - span->from) * fraction, span->user_data);
}

/* Runs @pipeline to EOS, telling @span (nullable) how far it is meanwhile;
 * FALSE with @error on an error message. */
static gboolean
run_to_eos (GstElement          *pipeline,
            const ProgressSpan  *span,
            GError             **error)
{
  g_autoptr(GstBus) bus = gst_element_get_bus (pipeline);
  g_autoptr(GstMessage) message = NULL;
  gint64 deadline = g_get_monotonic_time () + PIPELINE_TIMEOUT / GST_USECOND;
  gboolean ok = TRUE;

  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_set_error (error, MD_SANDBOX_TRANSCODER_ERROR, MD_SANDBOX_TRANSCODER_ERROR_FAILED,
                   "The media pipeline could not start");
      gst_element_set_state (pipeline, GST_STATE_NULL);
      return FALSE;
    }
  while ((message = gst_bus_timed_pop_filtered (bus, span != NULL ? PROGRESS_INTERVAL : PIPELINE_TIMEOUT,
                                                GST_MESSAGE_EOS | GST_MESSAGE_ERROR)) == NULL &&
         span != NULL && g_get_monotonic_time () < deadline)
    report_progress (span);
  if (message == NULL)
    {
      g_set_error (error, MD_SANDBOX_TRANSCODER_ERROR, MD_SANDBOX_TRANSCODER_ERROR_FAILED,
                   "Processing the media took too long");
      ok = FALSE;
    }
  else if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      g_autoptr(GError) gst_error = NULL;

      gst_message_parse_error (message, &gst_error, NULL);
      g_set_error (error, MD_SANDBOX_TRANSCODER_ERROR, MD_SANDBOX_TRANSCODER_ERROR_FAILED,
                   "Processing the media failed: %s", gst_error->message);
      ok = FALSE;
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  return ok;
}

static gboolean
write_sample_as_image (GstSample   *sample,
                       const char  *mime_type,
                       guint        width,
                       guint        height,
                       const char  *path,
                       GError     **error)
{
  g_autoptr(GstCaps) caps = gst_caps_new_simple (mime_type,
                                                 "width", G_TYPE_INT, (int) width,
                                                 "height", G_TYPE_INT, (int) height,
                                                 "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1,
                                                 NULL);
  g_autoptr(GstSample) jpeg = gst_video_convert_sample (sample, caps, 30 * GST_SECOND, error);
  GstMapInfo map;
  gboolean ok;

  if (jpeg == NULL)
    return FALSE;
  if (!gst_buffer_map (gst_sample_get_buffer (jpeg), &map, GST_MAP_READ))
    {
      g_set_error (error, MD_SANDBOX_TRANSCODER_ERROR, MD_SANDBOX_TRANSCODER_ERROR_FAILED,
                   "Could not read the encoded image");
      return FALSE;
    }
  ok = g_file_set_contents (path, (const char *) map.data, map.size, error);
  gst_buffer_unmap (gst_sample_get_buffer (jpeg), &map);
  return ok;
}

static gboolean
write_storyboard (TranscodeData  *data,
                  double          duration,
                  const char     *out_dir,
                  GError        **error)
{
  guint width = data->columns * data->tile_width;
  guint height = data->rows * data->tile_height;
  gsize size = (gsize) width * height * 3;
  g_autoptr(GstBuffer) buffer = gst_buffer_new_wrapped (g_memdup2 (data->sprite, size), size);
  g_autoptr(GstCaps) caps = gst_caps_new_simple ("video/x-raw",
                                                 "format", G_TYPE_STRING, "RGB",
                                                 "width", G_TYPE_INT, (int) width,
                                                 "height", G_TYPE_INT, (int) height,
                                                 "framerate", GST_TYPE_FRACTION, 0, 1,
                                                 NULL);
  g_autoptr(GstSample) sample = NULL;
  g_autofree char *sprite_path = g_build_filename (out_dir, "storyboard.jpg", NULL);
  g_autofree char *grid_path = g_build_filename (out_dir, "storyboard-grid.json", NULL);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  GstVideoInfo vinfo;

  /* RGB rows are padded to 4 bytes in GStreamer: repack when needed. */
  gst_video_info_set_format (&vinfo, GST_VIDEO_FORMAT_RGB, width, height);
  if ((gsize) GST_VIDEO_INFO_PLANE_STRIDE (&vinfo, 0) != (gsize) width * 3)
    {
      gsize stride = GST_VIDEO_INFO_PLANE_STRIDE (&vinfo, 0);
      guint8 *padded = g_malloc0 (stride * height);

      for (guint row = 0; row < height; row++)
        memcpy (padded + row * stride, data->sprite + (gsize) row * width * 3, (gsize) width * 3);
      gst_clear_buffer (&buffer);
      buffer = gst_buffer_new_wrapped (padded, stride * height);
    }

  sample = gst_sample_new (buffer, caps, NULL, NULL);
  if (!write_sample_as_image (sample, "image/jpeg", width, height, sprite_path, error))
    return FALSE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "tile_width");
  json_builder_add_int_value (builder, data->tile_width);
  json_builder_set_member_name (builder, "tile_height");
  json_builder_add_int_value (builder, data->tile_height);
  json_builder_set_member_name (builder, "columns");
  json_builder_add_int_value (builder, data->columns);
  json_builder_set_member_name (builder, "tiles");
  json_builder_add_int_value (builder, MAX (1u, data->filled));
  json_builder_set_member_name (builder, "duration");
  json_builder_add_double_value (builder, duration);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  return g_file_set_contents (grid_path, text, -1, error);
}

static guint
bitrate_for (guint  width,
             guint  height,
             double frame_rate)
{
  double kbps = width * height * MIN (frame_rate, 60.0) * 0.07 / 1000.0;

  return (guint) CLAMP (kbps, 200.0, 3000.0);
}

/* A second decode of the input, apart from the encode: in one pipeline a
 * tee into the storyboard's videorate stalls hlssink2. */
static gboolean
make_storyboard (const char                *input,
                 const char                *out_dir,
                 const MdSandboxMediaInfo  *info,
                 ProgressSpan              *span,
                 GError                   **error)
{
  g_autoptr(GstElement) pipeline = NULL;
  g_autofree char *description = NULL;
  GstAppSinkCallbacks callbacks = { .new_sample = on_tile_sample_cb };
  TranscodeData data = { 0 };
  double duration = MAX (info->duration, 0.5);
  GstElement *element;
  gint rate_num, rate_den;
  gboolean ok;

  fit_size (info->width, info->height, TILE_LONG_EDGE, &data.tile_width, &data.tile_height);
  data.n_tiles = CLAMP ((guint) ceil (duration), 1u, MAX_TILES);
  data.columns = MIN (data.n_tiles, TILE_COLUMNS);
  data.rows = (data.n_tiles + data.columns - 1) / data.columns;
  gst_util_double_to_fraction (data.n_tiles / duration, &rate_num, &rate_den);

  description = g_strdup_printf (
    "filesrc name=src ! decodebin name=dec "
    "queue name=vq max-size-buffers=0 max-size-bytes=0 max-size-time=0 ! videoconvert ! videorate ! videoscale "
    "! video/x-raw,format=RGB,width=%u,height=%u,pixel-aspect-ratio=1/1,framerate=%d/%d "
    "! appsink name=tiles sync=false async=false %s",
    data.tile_width, data.tile_height, rate_num, rate_den,
    /* Audio must reach a sink too, or the pipeline never sees EOS. */
    info->has_audio ? "queue name=aq max-size-buffers=0 max-size-bytes=0 max-size-time=0 "
                      "! fakesink sync=false async=false" : "");
  pipeline = gst_parse_launch (description, error);
  if (pipeline == NULL)
    return FALSE;
  gst_object_ref_sink (pipeline);

  g_mutex_init (&data.lock);
  data.sprite = g_malloc0 ((gsize) data.columns * data.rows * data.tile_width * data.tile_height * 3);
  element = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  g_object_set (element, "location", input, NULL);
  gst_object_unref (element);
  data.video_queue = gst_bin_get_by_name (GST_BIN (pipeline), "vq");
  data.audio_queue = gst_bin_get_by_name (GST_BIN (pipeline), "aq");
  element = gst_bin_get_by_name (GST_BIN (pipeline), "dec");
  g_signal_connect (element, "pad-added", G_CALLBACK (on_decodebin_pad_added_cb), &data);
  gst_object_unref (element);
  element = gst_bin_get_by_name (GST_BIN (pipeline), "tiles");
  gst_app_sink_set_callbacks (GST_APP_SINK (element), &callbacks, &data, NULL);
  gst_object_unref (element);

  watch_position (&data);
  if (span != NULL)
    span->data = &data;
  ok = run_to_eos (pipeline, span, error) && write_storyboard (&data, info->duration, out_dir, error);

  g_clear_object (&data.video_queue);
  g_clear_object (&data.audio_queue);
  g_free (data.sprite);
  g_mutex_clear (&data.lock);
  return ok;
}

/* The playable duration: the sum of the rendition's segment durations. */
static double
playlist_duration (const char *playlist)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  double total = 0;

  if (!g_file_get_contents (playlist, &text, NULL, NULL))
    return 0;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "#EXTINF:"))
      total += g_ascii_strtod (lines[i] + strlen ("#EXTINF:"), NULL);
  return total;
}

gboolean
md_sandbox_transcoder_run (const char                  *input,
                           const char                  *out_dir,
                           MdSandboxMediaInfo          *info,
                           gboolean                     realtime,
                           MdSandboxTranscoderProgress  progress,
                           gpointer                     progress_data,
                           GError                     **error)
{
  /* Unbounded queues: hlssink2 needs a whole GOP of both streams before it
   * writes, and bounded queues deadlock on files interleaved loosely. */
  g_autoptr(GString) description = g_string_new ("filesrc name=src ! decodebin name=dec ");
  g_autoptr(GstElement) pipeline = NULL;
  g_autofree char *segments = g_build_filename (out_dir, "segment%05d.ts", NULL);
  g_autofree char *playlist = g_build_filename (out_dir, "rendition.m3u8", NULL);
  TranscodeData data = { 0 };
  /* The encode is most of the work; the storyboard's decode the rest. */
  ProgressSpan span = { progress, progress_data, &data, info->duration, 0.0, info->has_video ? 0.9 : 1.0 };
  /* Read no faster than the media plays: clocksync holds each buffer
   * until its time on the pipeline's clock. */
  const char *pace = realtime ? "! clocksync " : "";
  GstElement *element;
  guint width = 0, height = 0;
  gboolean ok;

  g_mutex_init (&data.lock);
  if (info->has_video)
    {
      guint key_interval = (guint) MAX (1.0, round (2.0 * (info->frame_rate > 0 ? info->frame_rate : 30.0)));

      fit_size (info->width, info->height, MAX_LONG_EDGE, &width, &height);

      g_string_append_printf (description,
        "queue name=vq max-size-buffers=0 max-size-bytes=0 max-size-time=0 %s! videoconvert ! videoscale "
        "! video/x-raw,format=I420,width=%u,height=%u,pixel-aspect-ratio=1/1 "
        "! x264enc speed-preset=ultrafast bitrate=%u key-int-max=%u bframes=0 threads=2 "
        "! video/x-h264,profile=constrained-baseline ! h264parse ! queue max-size-buffers=0 max-size-bytes=0 max-size-time=0 ! hls.video ",
        pace, width, height, bitrate_for (width, height, info->frame_rate), key_interval);
    }
  if (info->has_audio)
    g_string_append_printf (description,
      "queue name=aq max-size-buffers=0 max-size-bytes=0 max-size-time=0 %s! audioconvert ! audioresample "
      "! audio/x-raw,channels=[1,2] ! avenc_aac bitrate=128000 ! aacparse ! queue max-size-buffers=0 max-size-bytes=0 max-size-time=0 ! hls.audio ",
      pace);
  /* x264's fixed GOP already cuts every 2 s; hlssink2's upstream keyframe
   * requests stall the pipeline when they meet the storyboard's videorate. */
  g_string_append (description,
    "hlssink2 name=hls target-duration=2 max-files=0 playlist-length=0 send-keyframe-requests=false");

  pipeline = gst_parse_launch (description->str, error);
  if (pipeline == NULL)
    {
      g_free (data.sprite);
      g_mutex_clear (&data.lock);
      return FALSE;
    }
  gst_object_ref_sink (pipeline);

  element = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  g_object_set (element, "location", input, NULL);
  gst_object_unref (element);
  element = gst_bin_get_by_name (GST_BIN (pipeline), "hls");
  g_object_set (element, "location", segments, "playlist-location", playlist, NULL);
  gst_object_unref (element);
  data.video_queue = gst_bin_get_by_name (GST_BIN (pipeline), "vq");
  data.audio_queue = gst_bin_get_by_name (GST_BIN (pipeline), "aq");
  element = gst_bin_get_by_name (GST_BIN (pipeline), "dec");
  g_signal_connect (element, "pad-added", G_CALLBACK (on_decodebin_pad_added_cb), &data);
  gst_object_unref (element);

  watch_position (&data);
  ok = run_to_eos (pipeline, progress != NULL ? &span : NULL, error);
  /* Some containers do not say how long they are. */
  if (ok && info->duration <= 0)
    info->duration = playlist_duration (playlist);
  g_clear_object (&data.video_queue);
  g_clear_object (&data.audio_queue);
  g_mutex_clear (&data.lock);
  if (ok && info->has_video)
    {
      span.duration = info->duration;
      span.from = span.to;
      span.to = 1.0;
      ok = make_storyboard (input, out_dir, info, progress != NULL ? &span : NULL, error);
    }
  return ok;
}

/* Decodes @source at @time and writes an image (@mime_type: image/jpeg or
 * image/png) of @width (0: the video's own; the height follows the aspect
 * ratio unless given). */
gboolean
md_sandbox_transcoder_thumbnail (const char  *source,
                                 const char  *mime_type,
                                 double       time,
                                 guint        width,
                                 guint        height,
                                 const char  *out_path,
                                 GError     **error)
{
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstSample) sample = NULL;
  TranscodeData data = { 0 };
  GstElement *element;
  GstStructure *structure;
  gint video_width = 0, video_height = 0;
  gboolean ok;

  pipeline = gst_parse_launch ("filesrc name=src ! decodebin name=dec "
                               "queue name=vq ! videoconvert ! videoscale "
                               "! video/x-raw,format=RGB,pixel-aspect-ratio=1/1 "
                               "! appsink name=sink sync=false", error);
  if (pipeline == NULL)
    return FALSE;
  gst_object_ref_sink (pipeline);
  element = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  g_object_set (element, "location", source, NULL);
  gst_object_unref (element);
  data.video_queue = gst_bin_get_by_name (GST_BIN (pipeline), "vq");
  element = gst_bin_get_by_name (GST_BIN (pipeline), "dec");
  g_signal_connect (element, "pad-added", G_CALLBACK (on_decodebin_pad_added_cb), &data);
  gst_object_unref (element);
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");

  ok = gst_element_set_state (pipeline, GST_STATE_PAUSED) != GST_STATE_CHANGE_FAILURE &&
       gst_element_get_state (pipeline, NULL, NULL, 30 * GST_SECOND) == GST_STATE_CHANGE_SUCCESS;
  if (ok && time > 0)
    ok = gst_element_seek_simple (pipeline, GST_FORMAT_TIME,
                                  GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE,
                                  (gint64) (time * GST_SECOND)) &&
         gst_element_get_state (pipeline, NULL, NULL, 30 * GST_SECOND) == GST_STATE_CHANGE_SUCCESS;
  if (ok)
    sample = gst_app_sink_try_pull_preroll (GST_APP_SINK (sink), 30 * GST_SECOND);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  g_clear_object (&data.video_queue);

  if (sample == NULL)
    {
      g_set_error (error, MD_SANDBOX_TRANSCODER_ERROR, MD_SANDBOX_TRANSCODER_ERROR_FAILED,
                   "Could not decode a frame at %.3f s", time);
      return FALSE;
    }

  structure = gst_caps_get_structure (gst_sample_get_caps (sample), 0);
  gst_structure_get_int (structure, "width", &video_width);
  gst_structure_get_int (structure, "height", &video_height);
  if (width == 0 && height == 0)
    {
      width = video_width;
      height = video_height;
    }
  else if (height == 0)
    height = MAX (1, (guint) round ((double) width * video_height / MAX (1, video_width)));
  else if (width == 0)
    width = MAX (1, (guint) round ((double) height * video_width / MAX (1, video_height)));

  return write_sample_as_image (sample, mime_type, width, height, out_path, error);
}

gboolean
md_sandbox_transcoder_generate (const char  *out_path,
                                double       duration,
                                guint        width,
                                guint        height,
                                const char  *pattern,
                                gboolean     with_audio,
                                GError     **error)
{
  const guint fps = 15;
  g_autoptr(GString) description = g_string_new (NULL);
  g_autoptr(GstElement) pipeline = NULL;
  GstElement *sink;

  g_string_append_printf (description,
    "videotestsrc pattern=%s num-buffers=%u ! video/x-raw,width=%u,height=%u,framerate=%u/1 "
    "! videoconvert ! video/x-raw,format=I420 ! x264enc speed-preset=ultrafast bitrate=400 key-int-max=%u "
    "! h264parse ! queue ! mux. ",
    pattern, (guint) ceil (duration * fps), width, height, fps, fps * 2);
  /* 1024 samples a buffer at 48 kHz: enough buffers to cover the video. */
  if (with_audio)
    g_string_append_printf (description,
      "audiotestsrc wave=sine freq=440 volume=0.2 samplesperbuffer=1024 num-buffers=%u "
      "! audio/x-raw,rate=48000,channels=2,format=S16LE ! queue ! mux. ",
      (guint) ceil (duration * 48000 / 1024));
  g_string_append (description, "matroskamux name=mux ! filesink name=sink");

  pipeline = gst_parse_launch (description->str, error);
  if (pipeline == NULL)
    return FALSE;
  gst_object_ref_sink (pipeline);
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_object_set (sink, "location", out_path, NULL);
  gst_object_unref (sink);
  return run_to_eos (pipeline, NULL, error);
}
