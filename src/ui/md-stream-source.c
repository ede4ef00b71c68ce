/* md-stream-source.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-stream-source"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "md-stream-source.h"

/* What the player page plays: the stream URL of one playback ID, with a
 * freshly minted token for a signed one each time it is asked (on open and
 * on every Retry). The token lives as long as Preferences says
 * (signed-token-lifetime-minutes), read at each mint so a change applies
 * to the next one; it is stretched to outlast a longer video, since a
 * token that runs out mid-video stops its playlist reloads. */
struct _MdStreamSource
{
  GObject       parent_instance;

  MdClient     *client;
  MdPlaybackId *playback_id;
  MdJwtSigner  *signer;
  double        duration;
  GSettings    *settings;
};

G_DEFINE_FINAL_TYPE (MdStreamSource, md_stream_source, G_TYPE_OBJECT)

G_DEFINE_QUARK (md-stream-source-error-quark, md_stream_source_error)

/* Beyond the video's own length, for a pause or two. */
#define DURATION_MARGIN_SECONDS 60

static void
md_stream_source_dispose (GObject *object)
{
  MdStreamSource *self = MD_STREAM_SOURCE (object);

  g_clear_object (&self->client);
  g_clear_object (&self->playback_id);
  g_clear_object (&self->signer);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (md_stream_source_parent_class)->dispose (object);
}

static void
md_stream_source_class_init (MdStreamSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = md_stream_source_dispose;
}

static void
md_stream_source_init (MdStreamSource *self)
{
  self->settings = g_settings_new (APP_ID);
}

/**
 * md_stream_source_new:
 * @signer: (nullable): the active signing key; needed for a signed ID
 * @duration: the video's duration in seconds, 0 when unknown (live)
 */
MdStreamSource *
md_stream_source_new (MdClient     *client,
                      MdPlaybackId *playback_id,
                      MdJwtSigner  *signer,
                      double        duration)
{
  MdStreamSource *self;

  g_return_val_if_fail (MD_IS_CLIENT (client), NULL);
  g_return_val_if_fail (MD_IS_PLAYBACK_ID (playback_id), NULL);
  g_return_val_if_fail (signer == NULL || MD_IS_JWT_SIGNER (signer), NULL);

  self = g_object_new (MD_TYPE_STREAM_SOURCE, NULL);
  self->client = g_object_ref (client);
  self->playback_id = g_object_ref (playback_id);
  g_set_object (&self->signer, signer);
  self->duration = isfinite (duration) && duration > 0 ? duration : 0;
  return self;
}

/**
 * md_stream_source_get_expiry:
 *
 * Returns: the `exp` (Unix seconds) a token minted now gets
 */
gint64
md_stream_source_get_expiry (MdStreamSource *self)
{
  gint64 lifetime;

  g_return_val_if_fail (MD_IS_STREAM_SOURCE (self), 0);

  lifetime = (gint64) g_settings_get_uint (self->settings, "signed-token-lifetime-minutes") * 60;
  lifetime = MAX (lifetime, (gint64) ceil (self->duration) + DURATION_MARGIN_SECONDS);
  return g_get_real_time () / G_USEC_PER_SEC + lifetime;
}

/**
 * md_stream_source_build_uri:
 *
 * An MdPlayerPageUriFunc: the stream URL, with a new token when signed.
 *
 * Returns: (transfer full) (nullable): the URL, or %NULL with @error set
 *   (a signed ID and no signing key: %MD_STREAM_SOURCE_ERROR_NO_SIGNING_KEY,
 *   whose message says where to get one)
 */
char *
md_stream_source_build_uri (MdStreamSource  *self,
                            GError         **error)
{
  g_return_val_if_fail (MD_IS_STREAM_SOURCE (self), NULL);

  if (md_playback_id_get_policy (self->playback_id) == MD_PLAYBACK_POLICY_SIGNED && self->signer == NULL)
    {
      g_set_error_literal (error, MD_STREAM_SOURCE_ERROR, MD_STREAM_SOURCE_ERROR_NO_SIGNING_KEY,
                           _("This video has a signed playback ID, and no signing key of this "
                             "environment is in your keyring. Create or import one in Preferences, "
                             "under Signing Keys."));
      return NULL;
    }

  return md_client_build_stream_url (self->client, self->playback_id, self->signer,
                                     md_stream_source_get_expiry (self), error);
}

/**
 * md_stream_source_build_storyboard_uri:
 *
 * Returns: (transfer full) (nullable): the storyboard's JSON URL, %NULL
 *   when it cannot be signed
 */
char *
md_stream_source_build_storyboard_uri (MdStreamSource *self)
{
  g_return_val_if_fail (MD_IS_STREAM_SOURCE (self), NULL);

  if (md_playback_id_get_policy (self->playback_id) == MD_PLAYBACK_POLICY_SIGNED && self->signer == NULL)
    return NULL;

  return md_client_build_storyboard_url (self->client, self->playback_id, self->signer,
                                         md_stream_source_get_expiry (self), "json", NULL);
}
