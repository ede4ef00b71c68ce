/* md-upload-record.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-upload-record"

#include "config.h"

#include "md-upload-record.h"

G_DEFINE_ENUM_TYPE (MdUploadState, md_upload_state,
  G_DEFINE_ENUM_VALUE (MD_UPLOAD_STATE_QUEUED, "queued"),
  G_DEFINE_ENUM_VALUE (MD_UPLOAD_STATE_UPLOADING, "uploading"),
  G_DEFINE_ENUM_VALUE (MD_UPLOAD_STATE_PAUSED, "paused"),
  G_DEFINE_ENUM_VALUE (MD_UPLOAD_STATE_PROCESSING, "processing"),
  G_DEFINE_ENUM_VALUE (MD_UPLOAD_STATE_READY, "ready"),
  G_DEFINE_ENUM_VALUE (MD_UPLOAD_STATE_FAILED, "failed"),
  G_DEFINE_ENUM_VALUE (MD_UPLOAD_STATE_CANCELLED, "cancelled"))

G_DEFINE_BOXED_TYPE (MdUploadRecord, md_upload_record, md_upload_record_copy, md_upload_record_free)

MdUploadRecord *
md_upload_record_new (void)
{
  return g_new0 (MdUploadRecord, 1);
}

MdUploadRecord *
md_upload_record_copy (const MdUploadRecord *record)
{
  MdUploadRecord *copy;

  g_return_val_if_fail (record != NULL, NULL);

  copy = g_memdup2 (record, sizeof *record);
  copy->local_id = g_strdup (record->local_id);
  copy->upload_id = g_strdup (record->upload_id);
  copy->upload_url = g_strdup (record->upload_url);
  copy->file_path = g_strdup (record->file_path);
  copy->fingerprint = g_strdup (record->fingerprint);
  copy->title = g_strdup (record->title);
  copy->settings_json = g_strdup (record->settings_json);
  copy->asset_id = g_strdup (record->asset_id);
  copy->error_message = g_strdup (record->error_message);

  return copy;
}

void
md_upload_record_free (MdUploadRecord *record)
{
  if (record == NULL)
    return;

  g_free (record->local_id);
  g_free (record->upload_id);
  g_free (record->upload_url);
  g_free (record->file_path);
  g_free (record->fingerprint);
  g_free (record->title);
  g_free (record->settings_json);
  g_free (record->asset_id);
  g_free (record->error_message);
  g_free (record);
}

/* The nicks as the journal stores them; in the enum's order. */
static const char *const state_nicks[] = {
  "queued", "uploading", "paused", "processing", "ready", "failed", "cancelled",
};

G_STATIC_ASSERT (G_N_ELEMENTS (state_nicks) == MD_UPLOAD_STATE_CANCELLED + 1);

/**
 * md_upload_state_to_string:
 *
 * Returns: the state's nick ("queued", "uploading", …), as the journal stores it
 */
const char *
md_upload_state_to_string (MdUploadState state)
{
  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (state_nicks), NULL);

  return state_nicks[state];
}

gboolean
md_upload_state_from_string (const char    *nick,
                             MdUploadState *out_state)
{
  for (guint i = 0; nick != NULL && i < G_N_ELEMENTS (state_nicks); i++)
    {
      if (g_str_equal (nick, state_nicks[i]))
        {
          *out_state = (MdUploadState) i;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * md_upload_redact_url:
 * @url: (nullable): an upload URL
 *
 * Upload URLs carry a signature that lets anyone write to the upload: logs
 * get only the scheme and host.
 *
 * Returns: (transfer full): e.g. "https://storage.example.com/…"
 */
char *
md_upload_redact_url (const char *url)
{
  g_autoptr(GUri) uri = NULL;

  if (url == NULL)
    return g_strdup ("(none)");

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_strdup ("(unparsable URL)");

  return g_strdup_printf ("%s://%s/…", g_uri_get_scheme (uri), g_uri_get_host (uri));
}
