/* md-sandbox-launcher.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-sandbox-launcher"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#ifdef __linux__
# include <sys/prctl.h>
#endif

#include "md-sandbox-launcher.h"

/* Seeding the demo library encodes a dozen short videos on first start. */
#define READY_TIMEOUT_SECONDS 120
#define STOP_GRACE_MS 3000

/**
 * MdSandboxLauncher:
 *
 * Runs `muxdesk-sandbox` as a child process for the demo: starts it, reads
 * the one JSON line it prints when ready (base URLs and the sandbox's own
 * generated token), and stops it when asked or when Muxdesk exits. The
 * token lives only in memory, so the demo works without a keyring.
 */
struct _MdSandboxLauncher
{
  GObject           parent_instance;

  char             *executable;
  char             *state_dir;

  GSubprocess      *process;
  GDataInputStream *stdout_lines;
  GCancellable     *watch_cancellable;
  gboolean          ready;
  gboolean          stopping;

  char             *api_url;
  char             *stream_url;
  char             *image_url;
  char             *stats_url;
  char             *token_id;
  char             *token_secret;
};

G_DEFINE_FINAL_TYPE (MdSandboxLauncher, md_sandbox_launcher, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RUNNING,
  N_PROPS
};

enum {
  EXITED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  /* Our own reference: the process may exit, and the launcher drop its
   * stream, while a read is still on its way to the EOF we want to see. */
  GDataInputStream *lines;
  guint             timeout_id;
} StartData;

static void
start_data_free (StartData *data)
{
  g_clear_handle_id (&data->timeout_id, g_source_remove);
  g_clear_object (&data->lines);
  g_free (data);
}

static void
child_setup (gpointer user_data)
{
#ifdef __linux__
  /* If Muxdesk dies without a chance to stop it, the sandbox goes too. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
#endif
}

static void md_sandbox_launcher_read_next_line (MdSandboxLauncher *self,
                                                GTask             *task);

static gboolean
md_sandbox_launcher_take_ready_line (MdSandboxLauncher  *self,
                                     const char         *line,
                                     GError            **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  struct {
    const char *key;
    char **field;
  } fields[] = {
    { "api_url", &self->api_url },
    { "stream_url", &self->stream_url },
    { "image_url", &self->image_url },
    { "stats_url", &self->stats_url },
    { "token_id", &self->token_id },
    { "token_secret", &self->token_secret },
  };
  JsonObject *object;

  if (!json_parser_load_from_data (parser, line, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The demo sandbox did not say where it is listening"));
      return FALSE;
    }

  object = json_node_get_object (json_parser_get_root (parser));

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      JsonNode *node = json_object_get_member (object, fields[i].key);

      if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("The demo sandbox’s ready message lacks “%s”"), fields[i].key);
          return FALSE;
        }

      g_free (*fields[i].field);
      *fields[i].field = json_node_dup_string (node);
    }

  return TRUE;
}

/* After the ready line, keep reading so a chatty sandbox never blocks on a full pipe. */
static void
on_drain_line_read_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  GDataInputStream *lines = G_DATA_INPUT_STREAM (object);
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (lines, result, NULL, NULL);
  if (line == NULL)
    return;

  g_debug ("sandbox: %s", line);
  /* No reference to the launcher: the read ends at EOF when the sandbox exits. */
  g_data_input_stream_read_line_async (lines, G_PRIORITY_LOW, NULL, on_drain_line_read_cb, NULL);
}

static void
on_line_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MdSandboxLauncher *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  g_assert (MD_IS_SANDBOX_LAUNCHER (self));

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL, &error);

  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (line == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CLOSED,
                               _("The demo sandbox stopped before it was ready"));
      return;
    }

  /* The sandbox may log other lines before the ready line; it is the only JSON one. */
  if (line[0] != '{')
    {
      g_debug ("sandbox: %s", line);
      md_sandbox_launcher_read_next_line (self, g_steal_pointer (&task));
      return;
    }

  if (!md_sandbox_launcher_take_ready_line (self, line, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  self->ready = TRUE;
  g_data_input_stream_read_line_async (G_DATA_INPUT_STREAM (object), G_PRIORITY_LOW, NULL,
                                       on_drain_line_read_cb, NULL);
  g_task_return_boolean (task, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
md_sandbox_launcher_read_next_line (MdSandboxLauncher *self,
                                    GTask             *task)
{
  StartData *data = g_task_get_task_data (task);

  g_data_input_stream_read_line_async (data->lines,
                                       G_PRIORITY_DEFAULT,
                                       g_task_get_cancellable (task),
                                       on_line_read_cb,
                                       task);
}

static void
on_process_exited_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(MdSandboxLauncher) self = user_data;
  g_autoptr(GError) error = NULL;
  GSubprocess *process = G_SUBPROCESS (object);

  if (!g_subprocess_wait_finish (process, result, &error))
    return; /* cancelled: the launcher is being disposed */

  if (process != self->process)
    return;

  g_clear_object (&self->process);
  g_clear_object (&self->stdout_lines);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  /* Before it was ready, the start call reports the failure instead. */
  if (self->ready && !self->stopping)
    {
      g_autoptr(GError) exit_error = NULL;

      if (g_subprocess_get_if_signaled (process))
        exit_error = g_error_new (G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED,
                                  _("The demo sandbox stopped unexpectedly (signal %d)"),
                                  g_subprocess_get_term_sig (process));
      else
        exit_error = g_error_new (G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED,
                                  _("The demo sandbox stopped unexpectedly (exit status %d)"),
                                  g_subprocess_get_exit_status (process));
      g_signal_emit (self, signals[EXITED], 0, exit_error);
    }
}

static gboolean
on_ready_timeout_cb (gpointer user_data)
{
  GTask *task = user_data;
  StartData *data = g_task_get_task_data (task);

  data->timeout_id = 0;
  g_cancellable_cancel (g_task_get_cancellable (task));

  return G_SOURCE_REMOVE;
}

static void
md_sandbox_launcher_dispose (GObject *object)
{
  MdSandboxLauncher *self = MD_SANDBOX_LAUNCHER (object);

  md_sandbox_launcher_stop (self);
  g_cancellable_cancel (self->watch_cancellable);
  g_clear_object (&self->watch_cancellable);

  G_OBJECT_CLASS (md_sandbox_launcher_parent_class)->dispose (object);
}

static void
md_sandbox_launcher_finalize (GObject *object)
{
  MdSandboxLauncher *self = MD_SANDBOX_LAUNCHER (object);

  g_clear_pointer (&self->executable, g_free);
  g_clear_pointer (&self->state_dir, g_free);
  g_clear_pointer (&self->api_url, g_free);
  g_clear_pointer (&self->stream_url, g_free);
  g_clear_pointer (&self->image_url, g_free);
  g_clear_pointer (&self->stats_url, g_free);
  g_clear_pointer (&self->token_id, g_free);
  g_clear_pointer (&self->token_secret, g_free);

  G_OBJECT_CLASS (md_sandbox_launcher_parent_class)->finalize (object);
}

static void
md_sandbox_launcher_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  MdSandboxLauncher *self = MD_SANDBOX_LAUNCHER (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, md_sandbox_launcher_get_running (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_sandbox_launcher_class_init (MdSandboxLauncherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = md_sandbox_launcher_dispose;
  object_class->finalize = md_sandbox_launcher_finalize;
  object_class->get_property = md_sandbox_launcher_get_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MdSandboxLauncher::exited:
   * @error: why it stopped
   *
   * The sandbox stopped without md_sandbox_launcher_stop() being called.
   */
  signals[EXITED] =
    g_signal_new ("exited",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
md_sandbox_launcher_init (MdSandboxLauncher *self)
{
  self->watch_cancellable = g_cancellable_new ();
}

/**
 * md_sandbox_launcher_find_executable:
 *
 * Looks for `muxdesk-sandbox`: `$MUXDESK_SANDBOX`, then beside the running
 * executable (installed, or `src/sandbox/` of the build tree), then BINDIR.
 *
 * Returns: (transfer full) (nullable): the path, or %NULL if none exists
 */
char *
md_sandbox_launcher_find_executable (void)
{
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *self_dir = self_exe ? g_path_get_dirname (self_exe) : NULL;
  const char *from_env = g_getenv ("MUXDESK_SANDBOX");
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func (g_free);

  if (from_env != NULL && from_env[0] != '\0')
    g_ptr_array_add (candidates, g_strdup (from_env));
  if (self_dir != NULL)
    {
      g_ptr_array_add (candidates, g_build_filename (self_dir, "muxdesk-sandbox", NULL));
      g_ptr_array_add (candidates, g_build_filename (self_dir, "sandbox", "muxdesk-sandbox", NULL));
      g_ptr_array_add (candidates, g_build_filename (self_dir, "..", "..", "src", "sandbox",
                                                     "muxdesk-sandbox", NULL));
    }
  g_ptr_array_add (candidates, g_build_filename (BINDIR, "muxdesk-sandbox", NULL));

  for (guint i = 0; i < candidates->len; i++)
    {
      const char *path = g_ptr_array_index (candidates, i);

      if (g_file_test (path, G_FILE_TEST_IS_EXECUTABLE) && !g_file_test (path, G_FILE_TEST_IS_DIR))
        return g_canonicalize_filename (path, NULL);
    }

  return NULL;
}

MdSandboxLauncher *
md_sandbox_launcher_new (const char *executable,
                         const char *state_dir)
{
  MdSandboxLauncher *self;

  g_return_val_if_fail (executable != NULL, NULL);
  g_return_val_if_fail (state_dir != NULL, NULL);

  self = g_object_new (MD_TYPE_SANDBOX_LAUNCHER, NULL);
  self->executable = g_strdup (executable);
  self->state_dir = g_strdup (state_dir);

  return self;
}

/**
 * md_sandbox_launcher_start_async:
 * @self: a #MdSandboxLauncher
 * @extra_args: (nullable): more arguments, e.g. `--seed`
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once the sandbox is ready or failed to start
 * @user_data: data for @callback
 *
 * Starts the sandbox on a free loopback port with its state in the state
 * directory. Fails if it is already running.
 */
void
md_sandbox_launcher_start_async (MdSandboxLauncher   *self,
                                 const char * const  *extra_args,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GCancellable) task_cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  StartData *data;

  g_return_if_fail (MD_IS_SANDBOX_LAUNCHER (self));

  /* The caller's cancellable cancels ours, and so does the ready timeout. */
  task = g_task_new (self, task_cancellable, callback, user_data);
  g_task_set_source_tag (task, md_sandbox_launcher_start_async);
  data = g_new0 (StartData, 1);
  g_task_set_task_data (task, data, (GDestroyNotify) start_data_free);
  if (cancellable != NULL)
    g_signal_connect_object (cancellable, "cancelled",
                             G_CALLBACK (g_cancellable_cancel), task_cancellable,
                             G_CONNECT_SWAPPED);

  if (self->process != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_EXISTS,
                               _("The demo sandbox is already running"));
      return;
    }

  if (g_mkdir_with_parents (self->state_dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               _("Could not create the demo folder “%s”: %s"),
                               self->state_dir, g_strerror (saved_errno));
      return;
    }

  g_ptr_array_add (argv, self->executable);
  g_ptr_array_add (argv, (char *) "--state-dir");
  g_ptr_array_add (argv, self->state_dir);
  for (guint i = 0; extra_args != NULL && extra_args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) extra_args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  self->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);

  if (self->process == NULL)
    {
      g_task_return_new_error (task, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED,
                               _("Could not start the demo sandbox: %s"), error->message);
      return;
    }

  self->stopping = FALSE;
  self->ready = FALSE;
  self->stdout_lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  data->lines = g_object_ref (self->stdout_lines);
  g_subprocess_wait_async (self->process, self->watch_cancellable,
                           on_process_exited_cb, g_object_ref (self));

  data->timeout_id = g_timeout_add_seconds (READY_TIMEOUT_SECONDS, on_ready_timeout_cb, task);
  md_sandbox_launcher_read_next_line (self, g_steal_pointer (&task));
}

gboolean
md_sandbox_launcher_start_finish (MdSandboxLauncher  *self,
                                  GAsyncResult       *result,
                                  GError            **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (MD_IS_SANDBOX_LAUNCHER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == md_sandbox_launcher_start_async, FALSE);

  if (g_task_propagate_boolean (G_TASK (result), &local_error))
    return TRUE;

  /* Whatever went wrong, do not leave a half-started sandbox behind. */
  md_sandbox_launcher_stop (self);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static gboolean
on_stop_grace_timeout_cb (gpointer user_data)
{
  gboolean *expired = user_data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

/**
 * md_sandbox_launcher_stop:
 * @self: a #MdSandboxLauncher
 *
 * Asks the sandbox to shut down (SIGTERM) and waits for it briefly; a
 * sandbox that does not exit in time is killed. Safe to call when it is
 * not running.
 */
void
md_sandbox_launcher_stop (MdSandboxLauncher *self)
{
  g_autoptr(GSubprocess) process = NULL;
  gboolean expired = FALSE;
  guint grace_id;

  g_return_if_fail (MD_IS_SANDBOX_LAUNCHER (self));

  if (self->process == NULL)
    return;

  self->stopping = TRUE;
  process = g_object_ref (self->process);
  g_subprocess_send_signal (process, SIGTERM);

  /* Our own wait_async callback clears self->process when it exits. */
  grace_id = g_timeout_add (STOP_GRACE_MS, on_stop_grace_timeout_cb, &expired);
  while (self->process == process && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (grace_id);

  if (self->process == process)
    {
      g_warning ("The demo sandbox did not stop in time; killing it");
      g_subprocess_force_exit (process);
      g_subprocess_wait (process, NULL, NULL);
      g_clear_object (&self->process);
      g_clear_object (&self->stdout_lines);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
    }
}

gboolean
md_sandbox_launcher_get_running (MdSandboxLauncher *self)
{
  g_return_val_if_fail (MD_IS_SANDBOX_LAUNCHER (self), FALSE);

  return self->process != NULL && self->ready;
}

const char *
md_sandbox_launcher_get_api_url (MdSandboxLauncher *self)
{
  g_return_val_if_fail (MD_IS_SANDBOX_LAUNCHER (self), NULL);
  return self->api_url;
}

const char *
md_sandbox_launcher_get_stream_url (MdSandboxLauncher *self)
{
  g_return_val_if_fail (MD_IS_SANDBOX_LAUNCHER (self), NULL);
  return self->stream_url;
}

const char *
md_sandbox_launcher_get_image_url (MdSandboxLauncher *self)
{
  g_return_val_if_fail (MD_IS_SANDBOX_LAUNCHER (self), NULL);
  return self->image_url;
}

const char *
md_sandbox_launcher_get_stats_url (MdSandboxLauncher *self)
{
  g_return_val_if_fail (MD_IS_SANDBOX_LAUNCHER (self), NULL);
  return self->stats_url;
}

const char *
md_sandbox_launcher_get_token_id (MdSandboxLauncher *self)
{
  g_return_val_if_fail (MD_IS_SANDBOX_LAUNCHER (self), NULL);
  return self->token_id;
}

const char *
md_sandbox_launcher_get_token_secret (MdSandboxLauncher *self)
{
  g_return_val_if_fail (MD_IS_SANDBOX_LAUNCHER (self), NULL);
  return self->token_secret;
}

/**
 * md_sandbox_launcher_get_process_id:
 *
 * Returns: (nullable): the sandbox's process id as a string, while it runs
 */
const char *
md_sandbox_launcher_get_process_id (MdSandboxLauncher *self)
{
  g_return_val_if_fail (MD_IS_SANDBOX_LAUNCHER (self), NULL);

  return self->process ? g_subprocess_get_identifier (self->process) : NULL;
}
