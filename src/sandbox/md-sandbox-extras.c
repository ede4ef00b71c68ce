/* md-sandbox-extras.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plugs the sandbox's extras into the server: signing keys and signed
 * playback, engagement, fault injection and Mux's rate limits. They live as
 * long as the server.
 */

#define G_LOG_DOMAIN "md-sandbox-extras"

#include "config.h"

#include "md-sandbox-extras.h"
#include "md-sandbox-engagement-routes.h"
#include "md-sandbox-fault-injector.h"
#include "md-sandbox-keys-routes.h"
#include "md-sandbox-rate-limiter.h"

typedef struct
{
  MdSandboxSigningKeys      *keys;
  MdSandboxEngagement       *engagement;
  MdSandboxEngagementRoutes *engagement_routes;
  MdSandboxFaults           *faults;
  MdSandboxRateLimiter      *rate_limiter;
} Extras;

static void
extras_free (Extras *extras)
{
  g_clear_pointer (&extras->engagement_routes, md_sandbox_engagement_routes_free);
  g_clear_pointer (&extras->engagement, md_sandbox_engagement_free);
  g_clear_pointer (&extras->faults, md_sandbox_faults_free);
  g_clear_pointer (&extras->rate_limiter, md_sandbox_rate_limiter_free);
  g_clear_object (&extras->keys);
  g_free (extras);
}

/* Pre-dispatch hook: Mux's 429, unless --no-rate-limit. */
static gboolean
on_rate_limit_cb (MdSandboxServer   *server,
                  SoupServerMessage *msg,
                  gpointer           user_data)
{
  MdSandboxRateLimiter *limiter = user_data;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *seconds = NULL;
  guint retry_after = 1;

  if (!md_sandbox_server_get_rate_limit (server)
      || md_sandbox_rate_limiter_admit (limiter, soup_server_message_get_method (msg),
                                        g_uri_get_path (soup_server_message_get_uri (msg)),
                                        g_get_monotonic_time (), &retry_after))
    return FALSE;

  seconds = g_strdup_printf ("%u", retry_after);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", seconds);
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "errors");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "Too many requests, retry later.");
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  md_sandbox_reply_node (msg, 429, json_builder_get_root (builder));
  soup_server_message_set_status (msg, 429, "Too Many Requests");
  return TRUE;
}

/**
 * md_sandbox_extras_register:
 *
 * Adds the extras' routes and hooks to @server. Of the pre-dispatch hooks,
 * faults come first, so an injected 429 or 5xx wins; then the rate limits.
 */
gboolean
md_sandbox_extras_register (MdSandboxServer  *server,
                            GError          **error)
{
  MdSandboxState *state = md_sandbox_server_get_state (server);
  Extras *extras = g_new0 (Extras, 1);

  if (!(extras->keys = md_sandbox_signing_keys_new (md_sandbox_state_get_dir (state), error))
      || !(extras->engagement = md_sandbox_engagement_new (md_sandbox_state_get_dir (state), error)))
    {
      extras_free (extras);
      return FALSE;
    }
  extras->faults = md_sandbox_faults_new ();
  extras->rate_limiter = md_sandbox_rate_limiter_new ();

  /* Reply hooks run in order: playlists get their sessions before a slow
   * link paces them out. */
  extras->engagement_routes = md_sandbox_engagement_routes_register (server, extras->engagement, extras->keys);
  md_sandbox_keys_routes_register (server, extras->keys);
  md_sandbox_fault_injector_register (server, extras->faults);
  md_sandbox_server_add_hook (server, on_rate_limit_cb, extras->rate_limiter);

  g_object_set_data_full (G_OBJECT (server), "md-sandbox-extras", extras, (GDestroyNotify) extras_free);
  return TRUE;
}
