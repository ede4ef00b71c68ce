/* md-media.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-media"

#include "config.h"

#include <glib/gi18n.h>

#include "md-media.h"

/* Elements HLS playback cannot do without, with the Debian package that
 * ships each, so a missing one is named in words a user can act on. */
static const struct {
  const char *factory;
  const char *package;
} required_elements[] = {
  { "playbin3", "gstreamer1.0-plugins-base" },
  { "souphttpsrc", "gstreamer1.0-plugins-good" },
  { "hlsdemux2", "gstreamer1.0-plugins-good" },
  { "tsdemux", "gstreamer1.0-plugins-bad" },
  { "avdec_h264", "gstreamer1.0-libav" },
  { "avdec_aac", "gstreamer1.0-libav" },
};

/**
 * md_media_init:
 * @error: return location for a #GError
 *
 * Initialises GStreamer and checks that every element HLS playback needs is
 * installed.
 *
 * Returns: %TRUE if playback can work; else %FALSE with @error naming
 *   the missing elements and the packages that provide them
 */
gboolean
md_media_init (GError **error)
{
  g_autoptr(GString) missing = NULL;

  if (!gst_init_check (NULL, NULL, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (required_elements); i++)
    {
      g_autoptr(GstElementFactory) factory = gst_element_factory_find (required_elements[i].factory);

      if (factory != NULL)
        continue;

      if (missing == NULL)
        missing = g_string_new (NULL);
      else
        g_string_append (missing, ", ");
      g_string_append_printf (missing, "%s (%s)",
                              required_elements[i].factory,
                              required_elements[i].package);
    }

  if (missing != NULL)
    {
      g_set_error (error, GST_CORE_ERROR, GST_CORE_ERROR_MISSING_PLUGIN,
                   _("Video playback needs GStreamer elements that are not installed: %s"),
                   missing->str);
      return FALSE;
    }

  return TRUE;
}
