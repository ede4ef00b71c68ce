/* md-asset-format.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-asset-format"

#include "config.h"

#include "md-asset-format.h"

#include <glib/gi18n.h>
#include <math.h>

#define MAX_SHOWN_DURATION (366.0 * 24 * 3600)

/* How an asset's fields read in the library: shared by the row and the
 * detail pane so both say the same thing the same way. */

/**
 * md_asset_format_title:
 *
 * Returns: (transfer full): the title, or the id when the asset has none
 */
char *
md_asset_format_title (MdAsset *asset)
{
  const char *title = md_asset_get_title (asset);

  if (title != NULL && title[0] != '\0')
    return g_strdup (title);
  return g_strdup (md_asset_get_id (asset));
}

char *
md_asset_format_duration (double seconds)
{
  gint64 total;

  /* Unknown, or absurd (beyond a year): llround() would wrap around and
   * show a negative time. */
  if (!(seconds > 0) || !isfinite (seconds) || seconds > MAX_SHOWN_DURATION)
    return g_strdup ("–");

  total = (gint64) llround (seconds);
  if (total >= 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d", total / 3600,
                            (int) (total / 60 % 60), (int) (total % 60));
  return g_strdup_printf ("%d:%02d", (int) (total / 60), (int) (total % 60));
}

/* "1080p" from the video track's height, else the API's tier ("1080p"). */
char *
md_asset_format_resolution (MdAsset *asset)
{
  const MdTrack *video = md_asset_find_track (asset, "video");
  const char *tier;

  if (video != NULL && video->max_height > 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT "p", MIN (video->max_height, video->max_width > 0 ? video->max_width : video->max_height));

  tier = md_asset_get_resolution_tier (asset);
  if (tier == NULL)
    tier = md_asset_get_max_resolution_tier (asset);
  return g_strdup (tier != NULL ? tier : "–");
}

char *
md_asset_format_relative_date (gint64 unix_seconds,
                               gint64 now)
{
  gint64 ago = now - unix_seconds;

  if (unix_seconds <= 0)
    return g_strdup ("–");
  if (ago < 60)
    return g_strdup (_("Just now"));
  if (ago < 3600)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute ago", "%d minutes ago", ago / 60),
                            (int) (ago / 60));
  if (ago < 86400)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour ago", "%d hours ago", ago / 3600),
                            (int) (ago / 3600));
  if (ago < 86400 * 30)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago", ago / 86400),
                            (int) (ago / 86400));
  return md_asset_format_absolute_date (unix_seconds);
}

char *
md_asset_format_absolute_date (gint64 unix_seconds)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_seconds);
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL || unix_seconds <= 0)
    return g_strdup ("–");
  local = g_date_time_to_local (utc);
  /* Translators: a date and time, see g_date_time_format() */
  return g_date_time_format (local, _("%e %b %Y, %H:%M"));
}

char *
md_asset_format_status (MdAsset *asset)
{
  switch (md_asset_get_status (asset))
    {
    case MD_ASSET_STATUS_PREPARING:
      if (md_asset_get_progress (asset) > 0)
        return g_strdup_printf (_("Preparing %.0f%%"), md_asset_get_progress (asset));
      return g_strdup (_("Preparing"));
    case MD_ASSET_STATUS_READY:
      return g_strdup (_("Ready"));
    case MD_ASSET_STATUS_ERRORED:
      return g_strdup (_("Errored"));
    case MD_ASSET_STATUS_UNKNOWN:
    default:
      return g_strdup (_("Unknown"));
    }
}

/* The asset's own error messages, one a line; NULL when it has none. */
char *
md_asset_format_error (MdAsset *asset)
{
  const char *const *messages = md_asset_get_error_messages (asset);
  const char *type = md_asset_get_error_type (asset);

  if (messages != NULL && messages[0] != NULL)
    return g_strjoinv ("\n", (char **) messages);
  if (type != NULL)
    return g_strdup (type);
  if (md_asset_get_status (asset) == MD_ASSET_STATUS_ERRORED)
    return g_strdup (_("Mux gave no reason."));
  return NULL;
}

const char *
md_asset_format_policy (MdPlaybackPolicy policy)
{
  switch (policy)
    {
    case MD_PLAYBACK_POLICY_PUBLIC:
      return _("Public");
    case MD_PLAYBACK_POLICY_SIGNED:
      return _("Signed");
    case MD_PLAYBACK_POLICY_DRM:
      return _("DRM");
    case MD_PLAYBACK_POLICY_UNKNOWN:
    default:
      return _("Unknown");
    }
}

const char *
md_asset_format_live_status (MdLiveStreamStatus status)
{
  switch (status)
    {
    case MD_LIVE_STREAM_STATUS_IDLE:
      return _("Idle");
    case MD_LIVE_STREAM_STATUS_ACTIVE:
      return _("Active");
    case MD_LIVE_STREAM_STATUS_DISABLED:
      return _("Disabled");
    case MD_LIVE_STREAM_STATUS_UNKNOWN:
    default:
      return _("Unknown");
    }
}
