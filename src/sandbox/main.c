/* main.c — muxdesk-sandbox, a local Mux-compatible server on 127.0.0.1
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "muxdesk-sandbox"

#include "config.h"

#include <glib-unix.h>
#include <gst/gst.h>
#include <locale.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "md-sandbox-admin.h"
#include "md-sandbox-assets.h"
#include "md-sandbox-credentials.h"
#include "md-sandbox-extras.h"
#include "md-sandbox-delivery.h"
#include "md-sandbox-live.h"
#include "md-sandbox-seed.h"
#include "md-sandbox-ingest.h"
#include "md-sandbox-server.h"
#include "md-sandbox-system.h"
#include "md-sandbox-uploads.h"

static gboolean
on_quit_signal_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

/* The ready line is the only thing on stdout: GLib prints debug messages
 * to stdout, so everything else goes to stderr. */
static void
print_ready_line (int              fd,
                  MdSandboxServer *server,
                  const char      *token_id,
                  const char      *token_secret)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *line = NULL;
  const char *base = md_sandbox_server_get_base_url (server);
  const struct { const char *key; const char *suffix; } urls[] = {
    { "api_url", "" }, { "stream_url", "/stream" }, { "image_url", "/image" },
    { "stats_url", "/stats" }, { "upload_url", "/upload" }, { "admin_url", "" },
  };

  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autofree char *url = g_strconcat (base, urls[i].suffix, NULL);

      json_builder_set_member_name (builder, urls[i].key);
      json_builder_add_string_value (builder, url);
    }
  json_builder_set_member_name (builder, "token_id");
  json_builder_add_string_value (builder, token_id);
  json_builder_set_member_name (builder, "token_secret");
  json_builder_add_string_value (builder, token_secret);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  line = json_generator_to_data (generator, NULL);

  {
    g_autofree char *text = g_strconcat (line, "\n", NULL);
    gsize length = strlen (text), done = 0;

    while (done < length)
      {
        gssize n = write (fd, text + done, length - done);

        if (n < 0 && errno == EINTR)
          continue;
        if (n <= 0)
          break;
        done += n;
      }
    close (fd);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *state_dir = NULL;
  gint port = 0;
  gboolean seed = FALSE;
  gint audience = 0;
  gboolean no_rate_limit = FALSE;
  int ready_fd;
  const GOptionEntry entries[] = {
    { "state-dir", 0, 0, G_OPTION_ARG_FILENAME, &state_dir, "Directory holding the sandbox's state", "DIR" },
    { "port", 0, 0, G_OPTION_ARG_INT, &port, "TCP port on 127.0.0.1 (0 picks a free one)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_NONE, &seed, "Create a demo library on first start", NULL },
    { "audience", 0, 0, G_OPTION_ARG_INT, &audience, "Simulate N viewers for engagement data", "N" },
    { "no-rate-limit", 0, 0, G_OPTION_ARG_NONE, &no_rate_limit, "Never answer 429", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- a local Mux API server");
  g_autoptr(GError) error = NULL;
  g_autoptr(MdSandboxState) state = NULL;
  g_autoptr(MdSandboxServer) server = NULL;
  g_autoptr(MdSandboxIngest) ingest = NULL;
  g_autoptr(MdSandboxLive) live = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *token_id = NULL;
  g_autofree char *token_secret = NULL;

  setlocale (LC_ALL, "");
  /* Worker threads (GTask, GStreamer, thumbnails, ingest) that go idle stay
   * parked rather than end on GLib's timers or as their pool is freed at
   * shutdown: a thread ending while LeakSanitizer stops the world at exit
   * is the likeliest cause of its tracer crashing ("Tracer caught signal
   * 11", twice in one CI run). The pools bound how many there are. */
  g_thread_pool_set_max_unused_threads (-1);
  g_thread_pool_set_max_idle_time (0);
  ready_fd = dup (STDOUT_FILENO);
  if (ready_fd < 0 || dup2 (STDERR_FILENO, STDOUT_FILENO) < 0)
    {
      g_printerr ("muxdesk-sandbox: cannot set up stdout: %s\n", g_strerror (errno));
      return 1;
    }
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_add_group (context, gst_init_get_option_group ());
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("muxdesk-sandbox: %s\n", error->message);
      return 2;
    }
  if (state_dir == NULL || port < 0 || port > 65535 || audience < 0)
    {
      g_printerr ("muxdesk-sandbox: --state-dir DIR is required; --port and --audience must be >= 0\n");
      return 2;
    }
  /* Media paths handed to GStreamer (filesink, file:// URIs) must be absolute. */
  if (!g_path_is_absolute (state_dir))
    {
      g_autofree char *relative = g_steal_pointer (&state_dir);
      state_dir = g_canonicalize_filename (relative, NULL);
    }
  if (g_mkdir_with_parents (state_dir, 0700) != 0)
    {
      g_printerr ("muxdesk-sandbox: cannot create %s: %s\n", state_dir, g_strerror (errno));
      return 1;
    }

  if (!md_sandbox_credentials_load_or_create (state_dir, &token_id, &token_secret, &error) ||
      !(state = md_sandbox_state_new (state_dir, &error)))
    {
      g_printerr ("muxdesk-sandbox: %s\n", error->message);
      return 1;
    }

  server = md_sandbox_server_new (state, token_id, token_secret);
  if (!md_sandbox_tokens_load (md_sandbox_server_get_tokens (server), state_dir, &error))
    {
      g_printerr ("muxdesk-sandbox: %s\n", error->message);
      return 1;
    }
  md_sandbox_server_set_audience (server, audience);
  md_sandbox_server_set_rate_limit (server, !no_rate_limit);
  if (!md_sandbox_server_listen (server, port, &error))
    {
      g_printerr ("muxdesk-sandbox: cannot listen on 127.0.0.1:%d: %s\n", port, error->message);
      return 1;
    }

  ingest = md_sandbox_ingest_new (state);

  md_sandbox_system_register (server);
  md_sandbox_assets_register (server);
  md_sandbox_uploads_register (server, ingest);
  md_sandbox_delivery_register (server);
  md_sandbox_admin_register (server);
  /* The extras (signing keys, engagement, rate limits, faults) register here. */
  if (!md_sandbox_extras_register (server, &error))
    {
      g_printerr ("muxdesk-sandbox: %s\n", error->message);
      return 1;
    }


  live = md_sandbox_live_new (server);
  if (seed && !md_sandbox_seed_run (server, live, &error))
    {
      g_printerr ("muxdesk-sandbox: could not seed the library: %s\n", error->message);
      return 1;
    }
  if (!md_sandbox_live_start (live, &error))
    {
      g_printerr ("muxdesk-sandbox: live streams stay idle: %s\n", error->message);
      g_clear_error (&error);
    }
  md_sandbox_uploads_resume (server, ingest);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, on_quit_signal_cb, loop);
  g_unix_signal_add (SIGINT, on_quit_signal_cb, loop);

  print_ready_line (ready_fd, server, token_id, token_secret);
  g_main_loop_run (loop);

  md_sandbox_live_stop (live);
  md_sandbox_ingest_shutdown (ingest);
  md_sandbox_delivery_shutdown ();

  if (!md_sandbox_state_save (state, &error))
    {
      g_printerr ("muxdesk-sandbox: could not save the state: %s\n", error->message);
      return 1;
    }
  return 0;
}
