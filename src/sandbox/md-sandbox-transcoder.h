/* md-sandbox-transcoder.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Blocking GStreamer work for worker threads (never the main thread).
 */

#pragma once

#include "md-sandbox-asset.h"

G_BEGIN_DECLS

#define MD_SANDBOX_TRANSCODER_ERROR (md_sandbox_transcoder_error_quark ())

typedef enum {
  MD_SANDBOX_TRANSCODER_ERROR_NOT_MEDIA,
  MD_SANDBOX_TRANSCODER_ERROR_FAILED,
} MdSandboxTranscoderError;

GQuark   md_sandbox_transcoder_error_quark (void);

gboolean md_sandbox_transcoder_probe      (const char                *path,
                                           MdSandboxMediaInfo        *info,
                                           GError                   **error);
/* How far a transcode is, 0..1; called from the transcoding thread. */
typedef void (*MdSandboxTranscoderProgress) (double   fraction,
                                             gpointer user_data);

/* Writes rendition.m3u8 + segmentNNNNN.ts (VOD, 2 s), storyboard.jpg and
 * storyboard-grid.json into @out_dir; fills in @info's duration from the
 * playlist when the container did not tell it. With @realtime the media is
 * read no faster than it plays (a slow ingest for tests); @progress
 * (nullable) hears how far it is a few times a second. */
gboolean md_sandbox_transcoder_run        (const char                *input,
                                           const char                *out_dir,
                                           MdSandboxMediaInfo        *info,
                                           gboolean                   realtime,
                                           MdSandboxTranscoderProgress progress,
                                           gpointer                   progress_data,
                                           GError                   **error);
gboolean md_sandbox_transcoder_thumbnail  (const char                *source,
                                           const char                *mime_type,
                                           double                     time,
                                           guint                      width,
                                           guint                      height,
                                           const char                *out_path,
                                           GError                   **error);
/* A test-source clip (videotestsrc + audiotestsrc) as Matroska, for the
 * seed and the synthetic records. */
gboolean md_sandbox_transcoder_generate   (const char                *out_path,
                                           double                     duration,
                                           guint                      width,
                                           guint                      height,
                                           const char                *pattern,
                                           gboolean                   with_audio,
                                           GError                   **error);

G_END_DECLS
