/* md-player-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-player-error"

#include "config.h"

#include <glib/gi18n.h>

#include "md-player.h"
#include "md-player-private.h"

/* Pipeline errors, from GStreamer's words to the user's: what happened and
 * what to do, never with the URL (a signed one holds a token). */

G_DEFINE_QUARK (md-player-error-quark, md_player_error)

/**
 * md_player_redact_uri:
 * @text: a message that may quote a URL
 *
 * Signed playback URLs carry a token in their query: whatever goes to a
 * log or an error message loses every query string first.
 *
 * Returns: (transfer full): @text with `?…` after each URL replaced by `?…`
 */
char *
md_player_redact_uri (const char *text)
{
  g_autoptr(GRegex) regex = NULL;

  if (text == NULL)
    return NULL;

  regex = g_regex_new ("\\?[^\\s\"')]*", G_REGEX_OPTIMIZE, 0, NULL);
  return g_regex_replace_literal (regex, text, -1, 0, "?…", 0, NULL);
}

static gboolean
debug_mentions (const char *debug,
                const char *word)
{
  return debug != NULL && strstr (debug, word) != NULL;
}

/**
 * _md_player_error_from_gst:
 * @gst_error: a pipeline error
 * @debug: (nullable): its debug text (never shown: it may hold URLs)
 *
 * Returns: (transfer full): the error in the #MD_PLAYER_ERROR domain, in
 *   words a user can act on
 */
GError *
_md_player_error_from_gst (const GError *gst_error,
                           const char   *debug)
{
  g_autofree char *detail = md_player_redact_uri (gst_error->message);

  if ((gst_error->domain == GST_RESOURCE_ERROR && gst_error->code == GST_RESOURCE_ERROR_NOT_AUTHORIZED)
      || debug_mentions (debug, "403") || debug_mentions (debug, "401"))
    return g_error_new (MD_PLAYER_ERROR, MD_PLAYER_ERROR_FORBIDDEN,
                        _("The video server refused access to this stream (HTTP 403). "
                          "A signed playback ID needs a valid token: check the signing key in Preferences, then try again."));

  /* The HLS demuxer reports segments it could not fetch (lost network,
   * expired token on a segment) as "not found": not the stream's fault. */
  if (debug_mentions (gst_error->message, "download"))
    return g_error_new (MD_PLAYER_ERROR, MD_PLAYER_ERROR_NETWORK,
                        _("The video’s segments could not be downloaded (%s). "
                          "Check the network, then try again."), detail);

  if ((gst_error->domain == GST_RESOURCE_ERROR && gst_error->code == GST_RESOURCE_ERROR_NOT_FOUND)
      || debug_mentions (debug, "404"))
    return g_error_new (MD_PLAYER_ERROR, MD_PLAYER_ERROR_NOT_FOUND,
                        _("The video server has no such stream (HTTP 404). "
                          "The asset may still be preparing, or its playback ID was removed."));

  if (gst_error->domain == GST_CORE_ERROR && gst_error->code == GST_CORE_ERROR_MISSING_PLUGIN)
    return g_error_new (MD_PLAYER_ERROR, MD_PLAYER_ERROR_MISSING_PLUGIN,
                        _("This stream needs a GStreamer plugin that is not installed: %s"), detail);

  if (gst_error->domain == GST_STREAM_ERROR
      && (gst_error->code == GST_STREAM_ERROR_CODEC_NOT_FOUND))
    return g_error_new (MD_PLAYER_ERROR, MD_PLAYER_ERROR_MISSING_PLUGIN,
                        _("No decoder is installed for this stream’s format: %s"), detail);

  /* Sources report lost connections as resource errors; the HLS demuxer
   * reports segments it could not fetch as stream errors about downloads. */
  if (gst_error->domain == GST_RESOURCE_ERROR
      || debug_mentions (debug, "download")
      || debug_mentions (gst_error->message, "download"))
    return g_error_new (MD_PLAYER_ERROR, MD_PLAYER_ERROR_NETWORK,
                        _("The connection to the video server failed (%s). "
                          "Check the network, then try again."), detail);

  if (gst_error->domain == GST_STREAM_ERROR)
    return g_error_new (MD_PLAYER_ERROR, MD_PLAYER_ERROR_UNPLAYABLE,
                        _("This stream cannot be played: %s"), detail);

  return g_error_new (MD_PLAYER_ERROR, MD_PLAYER_ERROR_FAILED,
                      _("Playback failed: %s"), detail);
}
