/* md-session.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-session"

#include "config.h"

#include <glib/gi18n.h>

#include "md-keyring.h"
#include "md-session.h"

/**
 * MdSession:
 *
 * What the window works with once an environment is open: the environment,
 * an #MdClient authenticated with its token, its library cache, and the
 * signer of its active signing key when this computer's keyring holds it
 * (for signed playback IDs and engagement counts), its upload queue
 * restored from the upload journal, and the engagement choices made for
 * its assets (read before the session is handed over). The
 * token secret goes from the keyring (or, for the demo, from its sandbox's
 * launcher, which holds it in memory) straight into the client and is not
 * kept here.
 */
struct _MdSession
{
  GObject         parent_instance;

  MdEnvironment  *environment;
  MdClient       *client;
  MdLibraryCache *library_cache;
  MdJwtSigner    *signer;
  MdUploadQueue  *upload_queue;
  MdEngagementChoices *engagement_choices;
};

G_DEFINE_FINAL_TYPE (MdSession, md_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ENVIRONMENT,
  PROP_CLIENT,
  PROP_LIBRARY_CACHE,
  PROP_SIGNER,
  PROP_UPLOAD_QUEUE,
  PROP_ENGAGEMENT_CHOICES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static MdSession *
md_session_new (MdEnvironment *environment,
                const char    *token_secret)
{
  MdSession *self = g_object_new (MD_TYPE_SESSION, NULL);
  g_autoptr(MdUploadJournal) journal = md_upload_journal_new (md_environment_get_id (environment));
  g_autofree char *choices_path = md_engagement_choices_dup_default_path (md_environment_get_id (environment));

  self->environment = g_object_ref (environment);
  self->client = md_client_new (md_environment_get_token_id (environment), token_secret);
  md_client_set_api_url (self->client, md_environment_get_api_url (environment));
  md_client_set_stream_url (self->client, md_environment_get_stream_url (environment));
  md_client_set_image_url (self->client, md_environment_get_image_url (environment));
  md_client_set_stats_url (self->client, md_environment_get_stats_url (environment));
  self->library_cache = md_library_cache_new (md_environment_get_id (environment));
  self->upload_queue = md_upload_queue_new (self->client, journal);
  self->engagement_choices = md_engagement_choices_new (choices_path);

  return self;
}

static void
on_choices_loaded_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MdSession *self = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* Not fatal: the choices start afresh. */
  if (!md_engagement_choices_load_finish (MD_ENGAGEMENT_CHOICES (object), result, &error))
    g_message ("%s", error->message);

  g_task_return_pointer (task, g_object_ref (self), g_object_unref);
}

/* Returns @self (taken) to @task once the engagement choices are read. */
static void
md_session_load_choices (MdSession *self,
                         GTask     *task)
{
  g_task_set_task_data (task, self, g_object_unref);
  md_engagement_choices_load_async (self->engagement_choices, g_task_get_cancellable (task),
                                    on_choices_loaded_cb, g_object_ref (task));
}

static void
on_signing_key_looked_up_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MdSession *self = g_task_get_task_data (task);
  g_autoptr(MdKeyringSecret) private_key = NULL;
  g_autoptr(GError) error = NULL;
  const char *key_id = md_environment_get_signing_key_id (self->environment);

  private_key = md_keyring_lookup_signing_key_finish (result, &error);

  /* Not fatal: only signed playback and counts need it, and they say so. */
  if (private_key == NULL)
    g_message ("Signing key %s of “%s” is not usable here: %s", key_id,
               md_environment_get_display_name (self->environment),
               error ? error->message : "not in this computer's keyring");
  else if (!(self->signer = md_jwt_signer_new (key_id, private_key, &error)))
    g_warning ("Signing key %s cannot sign: %s", key_id, error->message);

  md_session_load_choices (g_object_ref (self), task);
}

/* Returns @self (taken) to @task once its signer, if any, and its
 * engagement choices are loaded. */
static void
md_session_load_signer (MdSession *self,
                        GTask     *task)
{
  const char *key_id = md_environment_get_signing_key_id (self->environment);

  if (key_id == NULL || key_id[0] == '\0')
    {
      md_session_load_choices (self, task);
      return;
    }

  g_task_set_task_data (task, self, g_object_unref);
  md_keyring_lookup_signing_key_async (md_environment_get_id (self->environment), key_id,
                                       g_task_get_cancellable (task),
                                       on_signing_key_looked_up_cb, g_object_ref (task));
}

static void
on_token_looked_up_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MdEnvironment *environment = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  char *secret;

  secret = md_keyring_lookup_token_finish (result, &error);

  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (secret == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("The keyring holds no access token for “%s”. Sign in again."),
                               md_environment_get_display_name (environment));
      return;
    }

  md_session_load_signer (md_session_new (environment, secret), task);
  md_keyring_secret_free (secret);
}

static void
md_session_dispose (GObject *object)
{
  MdSession *self = MD_SESSION (object);

  g_clear_object (&self->upload_queue);
  g_clear_object (&self->engagement_choices);
  g_clear_object (&self->signer);
  g_clear_object (&self->library_cache);
  g_clear_object (&self->client);
  g_clear_object (&self->environment);

  G_OBJECT_CLASS (md_session_parent_class)->dispose (object);
}

static void
md_session_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  MdSession *self = MD_SESSION (object);

  switch (prop_id)
    {
    case PROP_ENVIRONMENT:
      g_value_set_object (value, self->environment);
      break;

    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_LIBRARY_CACHE:
      g_value_set_object (value, self->library_cache);
      break;

    case PROP_SIGNER:
      g_value_set_object (value, self->signer);
      break;

    case PROP_UPLOAD_QUEUE:
      g_value_set_object (value, self->upload_queue);
      break;
    case PROP_ENGAGEMENT_CHOICES:
      g_value_set_object (value, self->engagement_choices);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_session_class_init (MdSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = md_session_dispose;
  object_class->get_property = md_session_get_property;

  properties[PROP_ENVIRONMENT] =
    g_param_spec_object ("environment", NULL, NULL,
                         MD_TYPE_ENVIRONMENT,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL,
                         MD_TYPE_CLIENT,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_LIBRARY_CACHE] =
    g_param_spec_object ("library-cache", NULL, NULL,
                         MD_TYPE_LIBRARY_CACHE,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_SIGNER] =
    g_param_spec_object ("signer", NULL, NULL,
                         MD_TYPE_JWT_SIGNER,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_UPLOAD_QUEUE] =
    g_param_spec_object ("upload-queue", NULL, NULL,
                         MD_TYPE_UPLOAD_QUEUE,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_ENGAGEMENT_CHOICES] =
    g_param_spec_object ("engagement-choices", NULL, NULL,
                         MD_TYPE_ENGAGEMENT_CHOICES,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
md_session_init (MdSession *self)
{
}

/**
 * md_session_open_async:
 * @environment: the environment to open
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the session is ready or failed
 * @user_data: data for @callback
 *
 * Opens @environment with its token secret from the keyring or, for the
 * demo, from the launcher of its sandbox. Fails with an #MdKeyringError
 * when the keyring cannot be reached or stays locked, with
 * %G_IO_ERROR_NOT_FOUND when it has no token for @environment, and with
 * %G_IO_ERROR_NOT_CONNECTED when the demo's sandbox is not running.
 */
void
md_session_open_async (MdEnvironment       *environment,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  MdSandboxLauncher *launcher;

  g_return_if_fail (MD_IS_ENVIRONMENT (environment));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, md_session_open_async);
  g_task_set_task_data (task, g_object_ref (environment), g_object_unref);

  /* The demo's token is in no keyring: only its running sandbox knows it. */
  if (md_environment_get_is_demo (environment))
    {
      launcher = md_environment_get_demo_launcher (environment);
      if (launcher == NULL || !md_sandbox_launcher_get_running (launcher) ||
          md_sandbox_launcher_get_token_secret (launcher) == NULL)
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                                   _("The demo sandbox is not running. Start the demo again."));
          return;
        }

      md_session_load_signer (md_session_new (environment, md_sandbox_launcher_get_token_secret (launcher)),
                              task);
      return;
    }

  md_keyring_lookup_token_async (md_environment_get_id (environment), cancellable,
                                 on_token_looked_up_cb, g_steal_pointer (&task));
}

MdSession *
md_session_open_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == md_session_open_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

MdEnvironment *
md_session_get_environment (MdSession *self)
{
  g_return_val_if_fail (MD_IS_SESSION (self), NULL);
  return self->environment;
}

MdClient *
md_session_get_client (MdSession *self)
{
  g_return_val_if_fail (MD_IS_SESSION (self), NULL);
  return self->client;
}

MdLibraryCache *
md_session_get_library_cache (MdSession *self)
{
  g_return_val_if_fail (MD_IS_SESSION (self), NULL);
  return self->library_cache;
}

/**
 * md_session_get_signer:
 *
 * Returns: (nullable): the signer of the environment's active signing key,
 *   or %NULL when none is chosen or this keyring lacks its private key
 */
MdJwtSigner *
md_session_get_signer (MdSession *self)
{
  g_return_val_if_fail (MD_IS_SESSION (self), NULL);
  return self->signer;
}

/**
 * md_session_get_upload_queue:
 *
 * Returns: (transfer none): the environment's uploads; restore the
 *   journal's with md_upload_queue_restore_async()
 */
MdUploadQueue *
md_session_get_upload_queue (MdSession *self)
{
  g_return_val_if_fail (MD_IS_SESSION (self), NULL);
  return self->upload_queue;
}

/**
 * md_session_get_engagement_choices:
 *
 * Returns: (transfer none): what was chosen to see of each asset's
 *   engagement in this environment
 */
MdEngagementChoices *
md_session_get_engagement_choices (MdSession *self)
{
  g_return_val_if_fail (MD_IS_SESSION (self), NULL);

  return self->engagement_choices;
}
