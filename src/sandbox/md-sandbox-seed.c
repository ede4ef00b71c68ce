/* md-sandbox-seed.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-sandbox-seed"

#include "config.h"

#include <glib/gstdio.h>

#include "md-sandbox-ingest.h"
#include "md-sandbox-seed.h"
#include "md-sandbox-transcoder.h"

#define SHARED_MEDIA "shared-synthetic"

typedef struct
{
  const char *title;
  double      duration;
  guint       width;
  guint       height;
  const char *pattern;
  gboolean    audio;
  const char *policy;
} SeedClip;

/* Small sizes and 15 fps keep the whole seed near 10 s on two idle cores. */
static const SeedClip seed_clips[] = {
  { "Welcome to Muxdesk",         20,  320, 180, "smpte",      TRUE,  "public" },
  { "Bouncing Ball",              45,  320, 180, "ball",       TRUE,  "public" },
  { "Pinwheel Study (silent)",    15,  240, 240, "pinwheel",   FALSE, "public" },
  { "Vertical Story",             30,  180, 320, "spokes",     TRUE,  "public" },
  { "Archive Reel 1987",          120, 240, 180, "smpte75",    TRUE,  "public" },
  { "Color Bars Long Take",       40,  320, 180, "bar",        TRUE,  "public" },
  { "Zone Plate Test",            10,  320, 240, "zone-plate", TRUE,  "public" },
  { "Circular Motion",            25,  240, 240, "circular",   TRUE,  "public" },
  { "Gradient Sunset",            20,  320, 180, "gradient",   TRUE,  "public" },
  { "Members Only Preview",       12,  320, 240, "checkers-8", TRUE,  "signed" },
};

static const SeedClip shared_clip = { "Synthetic", 10, 320, 180, "smpte", TRUE, "public" };

static gboolean
ensure_media (MdSandboxState      *state,
              const char          *name,
              const SeedClip      *clip,
              MdSandboxMediaInfo  *info,
              GError             **error)
{
  g_autofree char *dir = g_build_filename (md_sandbox_state_get_dir (state), "media", name, NULL);
  g_autofree char *info_path = g_build_filename (dir, "info.json", NULL);
  g_autofree char *source = g_build_filename (dir, "source", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();

  /* Cached from an earlier run. */
  if (json_parser_load_from_file (parser, info_path, NULL) &&
      md_sandbox_media_info_from_node (info, json_parser_get_root (parser)))
    return TRUE;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Could not create %s", dir);
      return FALSE;
    }
  return md_sandbox_transcoder_generate (source, clip->duration, clip->width, clip->height,
                                         clip->pattern, clip->audio, error) &&
         md_sandbox_ingest_process (source, dir, info, error);
}

gboolean
md_sandbox_seed_ensure_shared_media (MdSandboxState      *state,
                                     MdSandboxMediaInfo  *info,
                                     GError             **error)
{
  return ensure_media (state, SHARED_MEDIA, &shared_clip, info, error);
}

static JsonObject *
new_asset (MdSandboxState *state,
           const char     *title,
           const char     *policy,
           gint64          created)
{
  g_autoptr(JsonObject) settings = json_object_new ();
  JsonObject *meta = json_object_new ();
  JsonArray *policies = json_array_new ();
  g_autofree char *created_at = g_strdup_printf ("%" G_GINT64_FORMAT, created);
  JsonObject *asset;

  json_object_set_string_member (meta, "title", title);
  json_object_set_object_member (settings, "meta", meta);
  json_array_add_string_element (policies, policy);
  json_object_set_array_member (settings, "playback_policies", policies);
  asset = md_sandbox_asset_create (state, settings, "on_demand_url");
  json_object_set_string_member (asset, "created_at", created_at);
  return asset;
}

void
md_sandbox_seed_add_records (MdSandboxState           *state,
                             const MdSandboxMediaInfo *info,
                             guint                     count)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  for (guint i = 0; i < count; i++)
    {
      g_autofree char *title = g_strdup_printf ("Synthetic asset %u", i + 1);
      JsonObject *asset = new_asset (state, title, "public", now);

      md_sandbox_asset_set_ready (asset, info, SHARED_MEDIA);
    }
  md_sandbox_state_changed (state);
}

gboolean
md_sandbox_seed_run (MdSandboxServer       *server,
                     MdSandboxLive  *live,
                     GError               **error)
{
  MdSandboxState *state = md_sandbox_server_get_state (server);
  g_autofree char *marker = g_build_filename (md_sandbox_state_get_dir (state), "seeded", NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 started = g_get_monotonic_time ();
  guint n = G_N_ELEMENTS (seed_clips);
  JsonObject *asset;

  if (g_file_test (marker, G_FILE_TEST_EXISTS))
    return TRUE;

  for (guint i = 0; i < n; i++)
    {
      const SeedClip *clip = &seed_clips[i];
      g_autofree char *name = g_strdup_printf ("seed-%02u", i);
      MdSandboxMediaInfo info = { 0 };

      if (!ensure_media (state, name, clip, &info, error))
        return FALSE;
      /* Spread over the last days, oldest first, so the list looks lived in. */
      asset = new_asset (state, clip->title, clip->policy, now - (gint64) (n + 2 - i) * 7 * 3600);
      md_sandbox_asset_set_ready (asset, &info, name);
      md_sandbox_media_info_clear (&info);
    }

  asset = new_asset (state, "Corrupted Upload", "public", now - 2 * 3600);
  md_sandbox_asset_set_errored (asset, "invalid_input",
                                "The input file does not contain any media that could be processed");
  /* Stays preparing: no input is ever processed for it. */
  new_asset (state, "Still Processing", "public", now - 600);

  md_sandbox_live_create (live, "Sandbox Live Camera");

  g_debug ("Seeded the library in %.1f s", (g_get_monotonic_time () - started) / 1e6);
  if (!md_sandbox_state_save (state, error))
    return FALSE;
  return g_file_set_contents (marker, "", 0, error);
}
