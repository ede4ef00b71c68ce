/* md-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-window"

#include "config.h"

#include <glib/gi18n.h>

#include "md-keyring.h"
#include "md-window.h"

struct _MdWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  GtkStack             *shell_stack;
  AdwWindowTitle       *window_title;
  AdwStatusPage        *loading_page;
  GtkSpinner           *loading_spinner;
  AdwStatusPage        *problem_page;
  GtkButton            *retry_button;
  AdwStatusPage        *session_page;
  GMenu                *environment_section;

  GSettings            *settings;
  MdEnvironmentStore   *store;
  MdSession            *session;
  GCancellable         *open_cancellable;
  /* What "Try Again" re-opens after a keyring problem. */
  MdEnvironment        *retry_environment;
};

G_DEFINE_FINAL_TYPE (MdWindow, md_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
md_window_show_shell_page (MdWindow   *self,
                           const char *name)
{
  gtk_spinner_set_spinning (self->loading_spinner, g_str_equal (name, "loading"));
  gtk_stack_set_visible_child_name (self->shell_stack, name);
  gtk_stack_set_visible_child_name (self->main_stack, "shell");
}

static void
md_window_update_title (MdWindow *self)
{
  MdEnvironment *environment = self->session ? md_session_get_environment (self->session) : NULL;

  adw_window_title_set_subtitle (self->window_title,
                                 environment ? md_environment_get_display_name (environment) : NULL);
}

static void
md_window_rebuild_environment_menu (MdWindow *self)
{
  GListModel *model = G_LIST_MODEL (self->store);
  guint n_items = g_list_model_get_n_items (model);

  g_menu_remove_all (self->environment_section);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(MdEnvironment) environment = g_list_model_get_item (model, i);
      g_autoptr(GMenuItem) item = g_menu_item_new (md_environment_get_display_name (environment), NULL);

      g_menu_item_set_action_and_target (item, "win.environment", "s",
                                         md_environment_get_id (environment));
      g_menu_append_item (self->environment_section, item);
    }
}

static void
on_store_items_changed_cb (MdWindow   *self,
                           guint       position,
                           guint       removed,
                           guint       added,
                           GListModel *model)
{
  g_assert (MD_IS_WINDOW (self));

  md_window_rebuild_environment_menu (self);
}

static void
md_window_set_session (MdWindow  *self,
                       MdSession *session)
{
  GAction *action;

  if (!g_set_object (&self->session, session))
    return;

  action = g_action_map_lookup_action (G_ACTION_MAP (self), "environment");
  g_simple_action_set_state (G_SIMPLE_ACTION (action),
                             g_variant_new_string (session
                                                   ? md_environment_get_id (md_session_get_environment (session))
                                                   : ""));
  md_window_update_title (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

static void
on_session_opened_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(MdWindow) self = user_data;
  g_autoptr(MdSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  MdEnvironment *environment;

  session = md_session_open_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->open_cancellable);

  if (session == NULL)
    {
      if (error->domain == MD_KEYRING_ERROR)
        md_window_show_problem (self, _("The Keyring Is Not Available"), error->message, "win.retry");
      else
        md_window_show_problem (self, _("Cannot Open This Environment"), error->message, "app.sign-in");
      return;
    }

  g_clear_object (&self->retry_environment);
  md_window_set_session (self, session);

  environment = md_session_get_environment (session);
  adw_status_page_set_title (self->session_page, md_environment_get_display_name (environment));
  description = g_strdup_printf (_("Signed in with token %s"), md_environment_get_token_id (environment));
  adw_status_page_set_description (self->session_page, description);
  md_window_show_shell_page (self, "session");
}

static void
md_window_save_state (MdWindow *self)
{
  int width;
  int height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
}

static gboolean
md_window_close_request (GtkWindow *window)
{
  md_window_save_state (MD_WINDOW (window));

  return GTK_WINDOW_CLASS (md_window_parent_class)->close_request (window);
}

static void
md_window_environment_change_state (GSimpleAction *action,
                                    GVariant      *state,
                                    gpointer       user_data)
{
  MdWindow *self = user_data;
  MdEnvironment *environment;

  environment = md_environment_store_lookup (self->store, g_variant_get_string (state, NULL));
  if (environment == NULL)
    return;

  md_environment_store_set_active_async (self->store, environment, NULL, NULL, NULL);
  md_window_open_environment (self, environment, NULL);
}

static void
md_window_retry_action (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  MdWindow *self = user_data;

  if (self->retry_environment != NULL)
    {
      g_autoptr(MdEnvironment) environment = g_object_ref (self->retry_environment);

      md_window_open_environment (self, environment, NULL);
    }
  else
    md_window_show_welcome (self);
}

static const GActionEntry window_actions[] = {
  { "environment", NULL, "s", "''", md_window_environment_change_state },
  { "retry", md_window_retry_action },
};

static void
md_window_dispose (GObject *object)
{
  MdWindow *self = MD_WINDOW (object);

  g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
  g_clear_object (&self->retry_environment);
  g_clear_object (&self->session);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), MD_TYPE_WINDOW);

  G_OBJECT_CLASS (md_window_parent_class)->dispose (object);
}

static void
md_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  MdWindow *self = MD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_window_class_init (MdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = md_window_dispose;
  object_class->get_property = md_window_get_property;
  window_class->close_request = md_window_close_request;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         MD_TYPE_SESSION,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/muxdesk/Muxdesk/ui/md-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MdWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MdWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, MdWindow, shell_stack);
  gtk_widget_class_bind_template_child (widget_class, MdWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, MdWindow, loading_page);
  gtk_widget_class_bind_template_child (widget_class, MdWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, MdWindow, problem_page);
  gtk_widget_class_bind_template_child (widget_class, MdWindow, retry_button);
  gtk_widget_class_bind_template_child (widget_class, MdWindow, session_page);
  gtk_widget_class_bind_template_child (widget_class, MdWindow, environment_section);
}

static void
md_window_init (MdWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_action_map_add_action_entries (G_ACTION_MAP (self), window_actions,
                                   G_N_ELEMENTS (window_actions), self);

  self->settings = g_settings_new (APP_ID);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

MdWindow *
md_window_new (MdApplication      *application,
               MdEnvironmentStore *store)
{
  MdWindow *self;

  g_return_val_if_fail (MD_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (MD_IS_ENVIRONMENT_STORE (store), NULL);

  self = g_object_new (MD_TYPE_WINDOW,
                       "application", application,
                       NULL);
  self->store = g_object_ref (store);
  g_signal_connect_object (store, "items-changed",
                           G_CALLBACK (on_store_items_changed_cb), self,
                           G_CONNECT_SWAPPED);
  md_window_rebuild_environment_menu (self);

  return self;
}

/**
 * md_window_open_environment:
 * @self: a #MdWindow
 * @environment: the environment to show
 * @token_secret: (nullable): its secret when the caller holds it (the
 *   demo); %NULL to take it from the keyring
 *
 * Opens @environment in this window, replacing what it showed. Keyring
 * problems show a page that says what is wrong and offers to try again.
 */
void
md_window_open_environment (MdWindow      *self,
                            MdEnvironment *environment,
                            const char    *token_secret)
{
  g_autofree char *title = NULL;

  g_return_if_fail (MD_IS_WINDOW (self));
  g_return_if_fail (MD_IS_ENVIRONMENT (environment));

  g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
  self->open_cancellable = g_cancellable_new ();
  if (!md_environment_get_is_demo (environment))
    g_set_object (&self->retry_environment, environment);

  md_window_set_session (self, NULL);
  title = g_strdup_printf (_("Opening “%s”…"), md_environment_get_display_name (environment));
  md_window_show_loading (self, title, NULL);

  md_session_open_async (environment, token_secret, self->open_cancellable,
                         on_session_opened_cb, g_object_ref (self));
}

void
md_window_show_welcome (MdWindow *self)
{
  g_return_if_fail (MD_IS_WINDOW (self));

  g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
  md_window_set_session (self, NULL);
  md_window_show_shell_page (self, "welcome");
}

void
md_window_show_loading (MdWindow   *self,
                        const char *title,
                        const char *description)
{
  g_return_if_fail (MD_IS_WINDOW (self));

  adw_status_page_set_title (self->loading_page, title);
  adw_status_page_set_description (self->loading_page, description);
  md_window_show_shell_page (self, "loading");
}

/**
 * md_window_show_problem:
 * @self: a #MdWindow
 * @title: what went wrong, as a page title
 * @description: the details and what to do
 * @retry_action: (nullable): the detailed action of the page's button
 */
void
md_window_show_problem (MdWindow   *self,
                        const char *title,
                        const char *description,
                        const char *retry_action)
{
  g_return_if_fail (MD_IS_WINDOW (self));

  adw_status_page_set_title (self->problem_page, title);
  adw_status_page_set_description (self->problem_page, description);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->retry_button), retry_action);
  gtk_widget_set_visible (GTK_WIDGET (self->retry_button), retry_action != NULL);
  md_window_show_shell_page (self, "problem");
}

void
md_window_add_toast (MdWindow   *self,
                     const char *text)
{
  AdwToast *toast;

  g_return_if_fail (MD_IS_WINDOW (self));

  toast = adw_toast_new (text);
  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

MdSession *
md_window_get_session (MdWindow *self)
{
  g_return_val_if_fail (MD_IS_WINDOW (self), NULL);
  return self->session;
}

/**
 * md_window_get_visible_page:
 *
 * Returns: the name of the page shown: `welcome`, `loading`, `problem`,
 *   `session`, or a page of the main stack
 */
const char *
md_window_get_visible_page (MdWindow *self)
{
  const char *name;

  g_return_val_if_fail (MD_IS_WINDOW (self), NULL);

  name = gtk_stack_get_visible_child_name (self->main_stack);
  if (g_strcmp0 (name, "shell") == 0)
    name = gtk_stack_get_visible_child_name (self->shell_stack);

  return name;
}
