/* md-track.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-track"

#include "config.h"

#include "md-track.h"

#include "md-json-private.h"

G_DEFINE_BOXED_TYPE (MdTrack, md_track, md_track_copy, md_track_free)

MdTrack *
md_track_copy (const MdTrack *self)
{
  MdTrack *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->id = g_strdup (self->id);
  copy->type = g_strdup (self->type);
  copy->status = g_strdup (self->status);
  copy->name = g_strdup (self->name);
  copy->language_code = g_strdup (self->language_code);
  copy->text_type = g_strdup (self->text_type);
  return copy;
}

void
md_track_free (MdTrack *self)
{
  if (self == NULL)
    return;

  g_free (self->id);
  g_free (self->type);
  g_free (self->status);
  g_free (self->name);
  g_free (self->language_code);
  g_free (self->text_type);
  g_free (self);
}

/**
 * md_track_new_from_json:
 *
 * Returns: (transfer full) (nullable): the track, or %NULL with
 *   %MD_CLIENT_ERROR_BAD_RESPONSE if a known member has the wrong type
 */
MdTrack *
md_track_new_from_json (JsonObject  *object,
                        GError     **error)
{
  g_autoptr(MdTrack) self = g_new0 (MdTrack, 1);

  g_return_val_if_fail (object != NULL, NULL);

  if (!_md_json_read_string (object, "id", &self->id, error) ||
      !_md_json_read_string (object, "type", &self->type, error) ||
      !_md_json_read_string (object, "status", &self->status, error) ||
      !_md_json_read_string (object, "name", &self->name, error) ||
      !_md_json_read_string (object, "language_code", &self->language_code, error) ||
      !_md_json_read_string (object, "text_type", &self->text_type, error) ||
      !_md_json_read_double (object, "duration", &self->duration, error) ||
      !_md_json_read_double (object, "max_frame_rate", &self->max_frame_rate, error) ||
      !_md_json_read_int64 (object, "max_width", &self->max_width, error) ||
      !_md_json_read_int64 (object, "max_height", &self->max_height, error) ||
      !_md_json_read_int64 (object, "max_channels", &self->max_channels, error) ||
      !_md_json_read_boolean (object, "primary", &self->primary, error))
    return NULL;

  return g_steal_pointer (&self);
}

gboolean
md_track_equal (const MdTrack *a,
                const MdTrack *b)
{
  return g_strcmp0 (a->id, b->id) == 0 &&
         g_strcmp0 (a->type, b->type) == 0 &&
         g_strcmp0 (a->status, b->status) == 0 &&
         g_strcmp0 (a->name, b->name) == 0 &&
         g_strcmp0 (a->language_code, b->language_code) == 0 &&
         g_strcmp0 (a->text_type, b->text_type) == 0 &&
         a->duration == b->duration &&
         a->max_frame_rate == b->max_frame_rate &&
         a->max_width == b->max_width &&
         a->max_height == b->max_height &&
         a->max_channels == b->max_channels &&
         a->primary == b->primary;
}
