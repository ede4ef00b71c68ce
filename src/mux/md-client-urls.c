/* md-client-urls.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-client-urls"

#include "config.h"

#include <glib/gi18n.h>

#include "md-client-private.h"

/* URLs for a playback ID on the stream and image hosts. A signed playback
 * ID gets `?token=JWT` and carries every other parameter inside the token,
 * as Mux requires; never build a URL from an asset ID. */

#define DEFAULT_LIFETIME (24 * 60 * 60)

static char *
sign_for (MdPlaybackId  *playback_id,
          MdJwtSigner   *signer,
          const char    *audience,
          gint64         expires_at,
          const char    *const *claims,
          GError       **error)
{
  if (md_playback_id_get_policy (playback_id) == MD_PLAYBACK_POLICY_PUBLIC)
    return NULL;

  if (md_playback_id_get_policy (playback_id) != MD_PLAYBACK_POLICY_SIGNED)
    {
      g_set_error_literal (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_FORBIDDEN,
                           _("This playback ID’s policy is not supported by Muxdesk."));
      return NULL;
    }

  if (signer == NULL)
    {
      g_set_error_literal (error, MD_CLIENT_ERROR, MD_CLIENT_ERROR_FORBIDDEN,
                           _("This video is signed. Choose a signing key in Preferences to play it."));
      return NULL;
    }

  if (expires_at <= 0)
    expires_at = g_get_real_time () / G_USEC_PER_SEC + DEFAULT_LIFETIME;

  return md_jwt_signer_sign (signer, md_playback_id_get_id (playback_id), audience,
                             expires_at, claims, error);
}

static char *
build (MdClient           *self,
       MdHost              host,
       const char         *path,
       const char *const  *query)
{
  g_autoptr(GUri) uri = _md_client_build_uri (self, host, path, query);

  return uri != NULL ? g_uri_to_string (uri) : NULL;
}

static gboolean
needs_token (MdPlaybackId *playback_id)
{
  return md_playback_id_get_policy (playback_id) != MD_PLAYBACK_POLICY_PUBLIC;
}

/**
 * md_client_build_stream_url:
 * @signer: (nullable): needed when @playback_id is signed
 * @expires_at: the token's expiry (Unix seconds), 0 for a day from now;
 *   make it outlast the video
 *
 * Returns: (transfer full) (nullable): `{stream}/{ID}.m3u8[?token=…]`, or
 *   %NULL with an error when a signed ID has no signer
 */
char *
md_client_build_stream_url (MdClient      *self,
                            MdPlaybackId  *playback_id,
                            MdJwtSigner   *signer,
                            gint64         expires_at,
                            GError       **error)
{
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  g_autofree char *token = NULL;

  g_return_val_if_fail (MD_IS_CLIENT (self), NULL);
  g_return_val_if_fail (MD_IS_PLAYBACK_ID (playback_id), NULL);
  g_return_val_if_fail (!signer || MD_IS_JWT_SIGNER (signer), NULL);

  if (needs_token (playback_id))
    {
      token = sign_for (playback_id, signer, "v", expires_at, NULL, error);
      if (token == NULL)
        return NULL;
    }

  escaped = _md_escape_segment (md_playback_id_get_id (playback_id));
  path = g_strconcat ("/", escaped, ".m3u8", NULL);
  {
    const char *query[] = { "token", token, NULL };

    return build (self, MD_HOST_STREAM, path, token != NULL ? query : NULL);
  }
}

/**
 * md_client_build_thumbnail_url:
 * @time: seconds into the video, or < 0 for Mux's default (the middle)
 * @width: pixels, 0 for the original size
 *
 * Returns: (transfer full) (nullable): `{image}/{ID}/thumbnail.jpg?…`
 */
char *
md_client_build_thumbnail_url (MdClient      *self,
                               MdPlaybackId  *playback_id,
                               MdJwtSigner   *signer,
                               gint64         expires_at,
                               double         time,
                               guint          width,
                               GError       **error)
{
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  g_autofree char *token = NULL;

  g_return_val_if_fail (MD_IS_CLIENT (self), NULL);
  g_return_val_if_fail (MD_IS_PLAYBACK_ID (playback_id), NULL);
  g_return_val_if_fail (!signer || MD_IS_JWT_SIGNER (signer), NULL);

  if (time >= 0)
    {
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];

      g_ptr_array_add (params, g_strdup ("time"));
      g_ptr_array_add (params, g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.3f", time)));
    }
  if (width > 0)
    {
      g_ptr_array_add (params, g_strdup ("width"));
      g_ptr_array_add (params, g_strdup_printf ("%u", width));
    }
  g_ptr_array_add (params, NULL);

  escaped = _md_escape_segment (md_playback_id_get_id (playback_id));
  path = g_strconcat ("/", escaped, "/thumbnail.jpg", NULL);

  if (!needs_token (playback_id))
    return build (self, MD_HOST_IMAGE, path, (const char *const *) params->pdata);

  token = sign_for (playback_id, signer, "t", expires_at, (const char *const *) params->pdata, error);
  if (token == NULL)
    return NULL;

  {
    const char *query[] = { "token", token, NULL };

    return build (self, MD_HOST_IMAGE, path, query);
  }
}

/**
 * md_client_build_storyboard_url:
 * @format: "vtt" or "json"
 *
 * Returns: (transfer full) (nullable): `{image}/{ID}/storyboard.{format}`
 */
char *
md_client_build_storyboard_url (MdClient      *self,
                                MdPlaybackId  *playback_id,
                                MdJwtSigner   *signer,
                                gint64         expires_at,
                                const char    *format,
                                GError       **error)
{
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  g_autofree char *token = NULL;

  g_return_val_if_fail (MD_IS_CLIENT (self), NULL);
  g_return_val_if_fail (MD_IS_PLAYBACK_ID (playback_id), NULL);
  g_return_val_if_fail (g_strcmp0 (format, "vtt") == 0 || g_strcmp0 (format, "json") == 0, NULL);

  if (needs_token (playback_id))
    {
      token = sign_for (playback_id, signer, "s", expires_at, NULL, error);
      if (token == NULL)
        return NULL;
    }

  escaped = _md_escape_segment (md_playback_id_get_id (playback_id));
  path = g_strconcat ("/", escaped, "/storyboard.", format, NULL);
  {
    const char *query[] = { "token", token, NULL };

    return build (self, MD_HOST_IMAGE, path, token != NULL ? query : NULL);
  }
}
