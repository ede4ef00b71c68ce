/* md-test-sandbox.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sys/prctl.h>
#include <string.h>

#include "md-test-sandbox.h"

struct _MdTestSandbox
{
  GSubprocess *process;
  SoupSession *session;
  char        *state_dir;
  gboolean     owns_state_dir;
  char        *api_url;
  char        *stream_url;
  char        *image_url;
  char        *stats_url;
  char        *upload_url;
  char        *admin_url;
  char        *token_id;
  char        *token_secret;
  gboolean     started;  /* printed its ready line: its exit is checked */
  char        *report_dir;  /* under ASan: where its sanitizer reports go */
};

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

/* A test that aborts must not leave its sandbox running. */
static void
child_setup (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* The sandbox is a GStreamer program: as for gst_test_env (tests/meson.build),
 * LeakSanitizer needs real stacks to match the allocations GLib and
 * GStreamer make for good at load time to tests/lsan.supp. One of them is
 * GLib's first quark block (gquark.c drops it by design once a process has
 * made 2048 quarks, which gst_init does): with the fast unwinder, which
 * cannot walk GLib's frames, its stack is just malloc + g_malloc and matches
 * nothing, so every sandbox under ASan reported it at SIGTERM. A short slow
 * unwind reaches _dl_init and costs the sandbox far less than a full one. */
static gboolean
set_sanitizer_options (MdTestSandbox        *sandbox,
                       GSubprocessLauncher  *launcher,
                       GError              **error)
{
  const char *options = g_getenv ("ASAN_OPTIONS");
  g_autofree char *child = NULL;

  /* Whatever the test itself runs with (later options win): a window's
   * ten frames do not reach g_socket_accept under libsoup's server, and a
   * test that plays HLS turns its own leak checking off, not the sandbox's.
   * Reports go to a file md_test_sandbox_stop() reads and repeats. */
  if (options == NULL)
    return TRUE;
  sandbox->report_dir = g_dir_make_tmp ("md-test-sandbox-report-XXXXXX", error);
  if (sandbox->report_dir == NULL)
    return FALSE;
  child = g_strdup_printf ("%s%sdetect_leaks=1:fast_unwind_on_malloc=0:malloc_context_size=16:log_path=%s/asan",
                           options, options[0] != '\0' ? ":" : "", sandbox->report_dir);
  g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", child, TRUE);
  return TRUE;
}

/* Returns: (transfer full): what the sanitizers wrote (to stderr too), "" for nothing */
static char *
read_sanitizer_reports (MdTestSandbox *sandbox)
{
  g_autoptr(GString) reports = g_string_new (NULL);
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (sandbox->report_dir == NULL || (dir = g_dir_open (sandbox->report_dir, 0, NULL)) == NULL)
    return g_strdup ("");
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (sandbox->report_dir, name, NULL);
      g_autofree char *contents = NULL;

      if (g_file_get_contents (path, &contents, NULL, NULL))
        g_string_append (reports, contents);
    }
  if (reports->len > 0)
    g_printerr ("muxdesk-sandbox's sanitizer report:\n%s", reports->str);
  return g_string_free (g_steal_pointer (&reports), FALSE);
}

/* LeakSanitizer's own stop-the-world tracer crashes now and then at exit
 * ("Tracer caught signal 11", google/sanitizers#1353): no leak verdict,
 * not a finding. Anything the sanitizers found reads otherwise. */
static gboolean
is_only_tracer_crash (const char *reports)
{
  return strstr (reports, "LeakSanitizer has encountered a fatal error") != NULL
         && strstr (reports, "Tracer caught signal") != NULL
         && strstr (reports, "ERROR: AddressSanitizer") == NULL
         && strstr (reports, "detected memory leaks") == NULL
         && strstr (reports, "runtime error") == NULL;
}

static gboolean
has_state_dir_arg (const char *const *args)
{
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    if (strcmp (args[i], "--state-dir") == 0 || g_str_has_prefix (args[i], "--state-dir="))
      return TRUE;
  return FALSE;
}

static char *
dup_member (JsonObject *object,
            const char *name)
{
  return g_strdup (json_object_get_string_member_with_default (object, name, NULL));
}

static const char *
find_state_dir_arg (const char *const *args)
{
  for (guint i = 0; args[i] != NULL; i++)
    {
      if (strcmp (args[i], "--state-dir") == 0 && args[i + 1] != NULL)
        return args[i + 1];
      if (g_str_has_prefix (args[i], "--state-dir="))
        return args[i] + strlen ("--state-dir=");
    }
  return NULL;
}

/**
 * md_test_sandbox_start:
 * @extra_args: (nullable): more arguments for muxdesk-sandbox
 *
 * Starts the sandbox on port 0 with a fresh temporary state directory (unless
 * @extra_args has --state-dir) and waits for its ready line.
 */
MdTestSandbox *
md_test_sandbox_start (const char *const  *extra_args,
                       GError            **error)
{
  g_autoptr(MdTestSandbox) sandbox = g_new0 (MdTestSandbox, 1);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *line = NULL;
  const char *program = g_getenv ("MUXDESK_SANDBOX");
  JsonObject *ready;

  if (program == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "MUXDESK_SANDBOX is not set; run the test through meson");
      return NULL;
    }

  g_ptr_array_add (argv, (gpointer) program);
  if (has_state_dir_arg (extra_args))
    sandbox->state_dir = g_strdup (find_state_dir_arg (extra_args));
  else
    {
      sandbox->state_dir = g_dir_make_tmp ("md-test-sandbox-XXXXXX", error);
      if (sandbox->state_dir == NULL)
        return NULL;
      sandbox->owns_state_dir = TRUE;
      g_ptr_array_add (argv, (gpointer) "--state-dir");
      g_ptr_array_add (argv, sandbox->state_dir);
    }
  for (guint i = 0; extra_args != NULL && extra_args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) extra_args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  if (!set_sanitizer_options (sandbox, launcher, error))
    return NULL;
  /* The sandbox runs with GLib's slice allocator off whichever test starts
   * it (the GStreamer and GTK tests keep it on for themselves, see
   * tests/meson.build): with slices, a GObject, hash table or JSON node the
   * sandbox loses stays in a slice block LeakSanitizer counts as in use,
   * and its leaks would be found only by the tests that happen to run with
   * G_SLICE=always-malloc. The sandbox's GStreamer work (ingest, seed, live
   * streams) leaves nothing behind at exit this way either. */
  g_subprocess_launcher_setenv (launcher, "G_SLICE", "always-malloc", TRUE);
  sandbox->process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, error);
  if (sandbox->process == NULL)
    return NULL;

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sandbox->process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, error);
  if (line == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                     "muxdesk-sandbox exited before it was ready");
      return NULL;
    }
  if (!json_parser_load_from_data (parser, line, -1, error))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "muxdesk-sandbox printed an unexpected ready line");
      return NULL;
    }

  ready = json_node_get_object (json_parser_get_root (parser));
  sandbox->api_url = dup_member (ready, "api_url");
  sandbox->stream_url = dup_member (ready, "stream_url");
  sandbox->image_url = dup_member (ready, "image_url");
  sandbox->stats_url = dup_member (ready, "stats_url");
  sandbox->upload_url = dup_member (ready, "upload_url");
  sandbox->admin_url = dup_member (ready, "admin_url");
  sandbox->token_id = dup_member (ready, "token_id");
  sandbox->token_secret = dup_member (ready, "token_secret");
  if (sandbox->api_url == NULL || sandbox->admin_url == NULL || sandbox->token_id == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "muxdesk-sandbox's ready line lacks its URLs or token");
      return NULL;
    }
  sandbox->session = soup_session_new ();
  sandbox->started = TRUE;
  return g_steal_pointer (&sandbox);
}

const char *md_test_sandbox_get_api_url (MdTestSandbox *s) { return s->api_url; }
const char *md_test_sandbox_get_stream_url (MdTestSandbox *s) { return s->stream_url; }
const char *md_test_sandbox_get_image_url (MdTestSandbox *s) { return s->image_url; }
const char *md_test_sandbox_get_stats_url (MdTestSandbox *s) { return s->stats_url; }
const char *md_test_sandbox_get_upload_url (MdTestSandbox *s) { return s->upload_url; }
const char *md_test_sandbox_get_admin_url (MdTestSandbox *s) { return s->admin_url; }
const char *md_test_sandbox_get_token_id (MdTestSandbox *s) { return s->token_id; }
const char *md_test_sandbox_get_token_secret (MdTestSandbox *s) { return s->token_secret; }
const char *md_test_sandbox_get_state_dir (MdTestSandbox *s) { return s->state_dir; }

static guint
send_request (MdTestSandbox  *sandbox,
              const char     *method,
              const char     *url,
              gboolean        authenticate,
              const char     *json_body,
              JsonNode      **out_reply,
              GError        **error)
{
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize length;
  const char *data;

  if (out_reply != NULL)
    *out_reply = NULL;
  if (msg == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "Bad URL %s", url);
      return 0;
    }
  if (authenticate)
    {
      g_autofree char *pair = g_strdup_printf ("%s:%s", sandbox->token_id, sandbox->token_secret);
      g_autofree char *encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
      g_autofree char *header = g_strdup_printf ("Basic %s", encoded);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", header);
    }
  if (json_body != NULL)
    {
      g_autoptr(GBytes) request = g_bytes_new (json_body, strlen (json_body));

      soup_message_set_request_body_from_bytes (msg, "application/json", request);
    }

  body = soup_session_send_and_read (sandbox->session, msg, NULL, error);
  if (body == NULL)
    return 0;

  data = g_bytes_get_data (body, &length);
  if (out_reply != NULL && length > 0 &&
      json_parser_load_from_data (parser, data, length, NULL))
    *out_reply = json_node_ref (json_parser_get_root (parser));
  return soup_message_get_status (msg);
}

/**
 * md_test_sandbox_admin:
 *
 * Sends @method @path (e.g. "/_sandbox/records") to the admin URL. Fails
 * with the status and body when the sandbox answers an HTTP error.
 */
gboolean
md_test_sandbox_admin (MdTestSandbox  *sandbox,
                       const char     *method,
                       const char     *path,
                       const char     *json_body,
                       JsonNode      **out_reply,
                       GError        **error)
{
  g_autofree char *url = g_strconcat (sandbox->admin_url, path, NULL);
  g_autoptr(JsonNode) reply = NULL;
  guint status;

  status = send_request (sandbox, method, url, FALSE, json_body, &reply, error);
  if (status == 0)
    return FALSE;
  if (status >= 400)
    {
      g_autofree char *text = reply ? json_to_string (reply, FALSE) : g_strdup ("");

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "%s %s answered %u: %s", method, path, status, text);
      return FALSE;
    }
  if (out_reply != NULL)
    *out_reply = g_steal_pointer (&reply);
  return TRUE;
}

guint
md_test_sandbox_api (MdTestSandbox  *sandbox,
                     const char     *method,
                     const char     *path,
                     const char     *json_body,
                     JsonNode      **out_reply,
                     GError        **error)
{
  g_autofree char *url = g_strconcat (sandbox->api_url, path, NULL);
  guint status;

  /* The test's own look at the sandbox shares the rate limit with the app
   * under test; a GET that meets the limiter waits for it, as a client
   * would, rather than fail the test (nothing injects 429s on GETs the
   * test itself sends). */
  for (guint attempt = 0;; attempt++)
    {
      status = send_request (sandbox, method, url, TRUE, json_body, out_reply, error);
      if (status != 429 || g_strcmp0 (method, "GET") != 0 || attempt == 10)
        return status;
      if (out_reply != NULL)
        g_clear_pointer (out_reply, json_node_unref);
      g_usleep (G_USEC_PER_SEC / 2);
    }
}

/**
 * md_test_sandbox_request_log:
 *
 * Returns: (transfer full): the sandbox's request log, oldest first
 */
JsonArray *
md_test_sandbox_request_log (MdTestSandbox *sandbox)
{
  g_autoptr(JsonNode) log = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (md_test_sandbox_admin (sandbox, "GET", "/_sandbox/requests", NULL, &log, &error));
  g_assert_no_error (error);
  return json_array_ref (json_object_get_array_member (json_node_get_object (log), "data"));
}

void
md_test_sandbox_clear_request_log (MdTestSandbox *sandbox)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (md_test_sandbox_admin (sandbox, "DELETE", "/_sandbox/requests", NULL, NULL, &error));
  g_assert_no_error (error);
}

guint
md_test_sandbox_count_requests (MdTestSandbox *sandbox,
                                const char    *path)
{
  g_autoptr(JsonArray) entries = md_test_sandbox_request_log (sandbox);
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (entries); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (entries, i), "path"), path) == 0)
      n++;
  return n;
}

gboolean
md_test_sandbox_live_has_segments (MdTestSandbox *sandbox,
                                   const char    *playback_id,
                                   guint          n)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *url = g_strdup_printf ("%s/%s/rendition.m3u8", md_test_sandbox_get_stream_url (sandbox),
                                          playback_id);
  g_autofree char *text = NULL;
  guint found = 0;

  msg = soup_message_new ("GET", url);
  body = soup_session_send_and_read (session, msg, NULL, NULL);
  if (body == NULL || soup_message_get_status (msg) != SOUP_STATUS_OK)
    return FALSE;
  /* A 200 is a whole playlist, never an empty one (test-sandbox-seed). */
  g_assert_cmpuint (g_bytes_get_size (body), >, 0);
  text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  for (const char *p = text; (p = strstr (p, "#EXTINF")) != NULL; p++)
    found++;
  return found >= n;
}

/**
 * md_test_sandbox_request_tokens:
 *
 * Returns: (transfer container) (element-type utf8): the tokens, e.g. of
 *   the counts requests ("/counts")
 */
GPtrArray *
md_test_sandbox_request_tokens (MdTestSandbox *sandbox,
                                const char    *path_suffix)
{
  g_autoptr(JsonArray) entries = md_test_sandbox_request_log (sandbox);
  GPtrArray *tokens = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);
      const char *query = json_object_get_string_member_with_default (entry, "query", NULL);
      g_autoptr(GHashTable) params = NULL;
      const char *token;

      if (query == NULL || !g_str_has_suffix (json_object_get_string_member (entry, "path"), path_suffix))
        continue;
      params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL);
      if (params != NULL && (token = g_hash_table_lookup (params, "token")) != NULL)
        g_ptr_array_add (tokens, g_strdup (token));
    }
  return tokens;
}

/**
 * md_test_jwt_get_claims:
 *
 * Returns: (transfer full): the payload of @token
 */
JsonObject *
md_test_jwt_get_claims (const char *token)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) parts = g_strsplit (token, ".", 4);
  g_autofree guchar *payload = NULL;
  g_autofree char *padded = NULL;
  gsize length = 0;

  g_assert_cmpuint (g_strv_length (parts), ==, 3);
  padded = g_strdup_printf ("%s%s", parts[1], (const char *[]) { "", "===", "==", "=" }[strlen (parts[1]) % 4]);
  g_strdelimit (padded, "-", '+');
  g_strdelimit (padded, "_", '/');
  payload = g_base64_decode (padded, &length);
  json_parser_load_from_data (parser, (const char *) payload, length, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/**
 * md_test_sandbox_stop:
 *
 * Sends SIGTERM, waits for the sandbox to exit and removes the temporary
 * state directory (a directory given with --state-dir is kept).
 */
void
md_test_sandbox_stop (MdTestSandbox *sandbox)
{
  g_autofree char *failure = NULL;
  gboolean started;

  if (sandbox == NULL)
    return;

  started = sandbox->started;
  if (sandbox->process != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *reports = NULL;

      /* SIGTERM shuts the sandbox down cleanly (issue 3): status 0, and
       * under ASan no sanitizer or leak report at exit, which makes the
       * status non-zero (the report is repeated on the test's stderr). A
       * sandbox that never got ready has said why through
       * md_test_sandbox_start(). */
      g_subprocess_send_signal (sandbox->process, SIGTERM);
      if (!g_subprocess_wait (sandbox->process, NULL, &error))
        failure = g_strdup_printf ("waiting for muxdesk-sandbox failed: %s", error->message);
      reports = read_sanitizer_reports (sandbox);
      if (failure == NULL && g_subprocess_get_if_signaled (sandbox->process))
        failure = g_strdup_printf ("muxdesk-sandbox was killed by signal %d after SIGTERM",
                                   g_subprocess_get_term_sig (sandbox->process));
      else if (failure == NULL && g_subprocess_get_exit_status (sandbox->process) != 0
               && is_only_tracer_crash (reports))
        g_test_message ("muxdesk-sandbox: LeakSanitizer's tracer crashed at exit, so its leaks "
                        "went unchecked this once (a sanitizer fault, not a report)");
      else if (failure == NULL && g_subprocess_get_exit_status (sandbox->process) != 0)
        failure = g_strdup_printf ("muxdesk-sandbox exited with status %d after SIGTERM "
                                   "(a sanitizer report or an error above)",
                                   g_subprocess_get_exit_status (sandbox->process));
    }
  if (sandbox->owns_state_dir && sandbox->state_dir != NULL)
    remove_tree (sandbox->state_dir);
  if (sandbox->report_dir != NULL)
    remove_tree (sandbox->report_dir);

  g_clear_object (&sandbox->session);
  g_clear_object (&sandbox->process);
  g_free (sandbox->state_dir);
  g_free (sandbox->report_dir);
  g_free (sandbox->api_url);
  g_free (sandbox->stream_url);
  g_free (sandbox->image_url);
  g_free (sandbox->stats_url);
  g_free (sandbox->upload_url);
  g_free (sandbox->admin_url);
  g_free (sandbox->token_id);
  g_free (sandbox->token_secret);
  g_free (sandbox);

  if (failure != NULL && started)
    g_assertion_message (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC, failure);
}
