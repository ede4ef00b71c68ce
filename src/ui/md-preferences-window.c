/* md-preferences-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "md-preferences-environments.h"
#include "md-preferences-signing-keys.h"
#include "md-preferences-window.h"

/**
 * MdPreferencesWindow:
 *
 * The preferences: environments and signing keys (their own pages), the
 * GSettings defaults of uploads and playback, and the servers of the
 * environment open in the main window. Secrets stay in the keyring; nothing
 * here writes one to GSettings.
 */
struct _MdPreferencesWindow
{
  AdwPreferencesWindow       parent_instance;

  MdPreferencesEnvironments *environments_page;
  MdPreferencesSigningKeys  *signing_keys_page;
  AdwComboRow               *playback_policy_row;
  AdwComboRow               *video_quality_row;
  AdwComboRow               *max_resolution_row;
  GtkSpinButton             *chunk_size_spin;
  GtkSpinButton             *parallel_spin;
  GtkSwitch                 *keep_running_switch;
  AdwComboRow               *timeframe_row;
  GtkSpinButton             *counts_interval_spin;
  AdwComboRow               *heatmap_ramp_row;
  GtkSpinButton             *token_lifetime_spin;
  AdwPreferencesGroup       *servers_group;
  AdwEntryRow               *api_url_row;
  AdwEntryRow               *stream_url_row;
  AdwEntryRow               *image_url_row;
  AdwEntryRow               *stats_url_row;

  GSettings                 *settings;
  MdWindow                  *window;        /* weak */
  MdEnvironmentStore        *store;
};

G_DEFINE_FINAL_TYPE (MdPreferencesWindow, md_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* The values of a string key in the order of its combo row's items. */
static const char *const playback_policies[] = { "public", "signed", NULL };
static const char *const video_qualities[] = { "basic", "plus", "premium", NULL };
static const char *const max_resolutions[] = { "1080p", "1440p", "2160p", NULL };
static const char *const timeframes[] = { "24:hours", "7:days", "30:days", NULL };
static const char *const heatmap_ramps[] = { "accent", "heat", "grayscale", NULL };

static gboolean
choice_to_selected (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  const char * const *choices = user_data;
  const char *choice = g_variant_get_string (variant, NULL);

  for (guint i = 0; choices[i] != NULL; i++)
    if (g_str_equal (choices[i], choice))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }

  return FALSE;
}

static GVariant *
selected_to_choice (const GValue       *value,
                    const GVariantType *expected_type,
                    gpointer            user_data)
{
  const char * const *choices = user_data;
  guint selected = g_value_get_uint (value);

  if (selected >= g_strv_length ((char **) choices))
    return NULL;

  return g_variant_new_string (choices[selected]);
}

static void
bind_choice (GSettings          *settings,
             const char         *key,
             AdwComboRow        *row,
             const char * const *choices)
{
  g_settings_bind_with_mapping (settings, key, row, "selected", G_SETTINGS_BIND_DEFAULT,
                                choice_to_selected, selected_to_choice,
                                (gpointer) choices, NULL);
}

static MdEnvironment *
md_preferences_window_get_environment (MdPreferencesWindow *self)
{
  MdSession *session = self->window ? md_window_get_session (self->window) : NULL;

  return session ? md_session_get_environment (session) : NULL;
}

static void
md_preferences_window_show_urls (MdPreferencesWindow *self)
{
  MdEnvironment *environment = md_preferences_window_get_environment (self);
  g_autofree char *title = NULL;

  if (environment == NULL)
    {
      adw_preferences_group_set_title (self->servers_group, _("Servers"));
      adw_preferences_group_set_description (self->servers_group,
                                             _("Open an environment to see the servers it talks to."));
      gtk_widget_set_sensitive (GTK_WIDGET (self->servers_group), FALSE);
      return;
    }

  title = g_strdup_printf (_("Servers of “%s”"), md_environment_get_display_name (environment));
  adw_preferences_group_set_title (self->servers_group, title);
  if (md_environment_get_is_demo (environment))
    adw_preferences_group_set_description (self->servers_group,
                                           _("The demo runs its own local sandbox; its servers cannot be changed."));
  else
    adw_preferences_group_set_description (self->servers_group,
                                           _("Change these only to use a Mux-compatible sandbox or a gateway."));
  gtk_widget_set_sensitive (GTK_WIDGET (self->servers_group), !md_environment_get_is_demo (environment));

  gtk_editable_set_text (GTK_EDITABLE (self->api_url_row), md_environment_get_api_url (environment));
  gtk_editable_set_text (GTK_EDITABLE (self->stream_url_row), md_environment_get_stream_url (environment));
  gtk_editable_set_text (GTK_EDITABLE (self->image_url_row), md_environment_get_image_url (environment));
  gtk_editable_set_text (GTK_EDITABLE (self->stats_url_row), md_environment_get_stats_url (environment));
}

static void
on_urls_saved_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(MdPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  MdEnvironment *environment;

  g_assert (MD_IS_PREFERENCES_WINDOW (self));

  if (!md_environment_store_change_finish (MD_ENVIRONMENT_STORE (object), result, &error))
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                        adw_toast_new (error->message));
      return;
    }

  /* The session's client was made with the old URLs: open it again. */
  environment = md_preferences_window_get_environment (self);
  if (environment != NULL && self->window != NULL)
    md_window_open_environment (self->window, environment);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                    adw_toast_new (_("Servers saved")));
}

static gboolean
url_is_valid (const char *url)
{
  return g_uri_is_valid (url, G_URI_FLAGS_NONE, NULL) &&
         (g_str_has_prefix (url, "https://") || g_str_has_prefix (url, "http://"));
}

static void
md_preferences_window_save_urls (MdPreferencesWindow *self)
{
  MdEnvironment *environment = md_preferences_window_get_environment (self);

  if (environment == NULL || self->store == NULL)
    return;

  md_environment_store_save_async (self->store, NULL, on_urls_saved_cb, g_object_ref (self));
}

static void
on_url_row_apply_cb (MdPreferencesWindow *self,
                     AdwEntryRow         *row)
{
  MdEnvironment *environment = md_preferences_window_get_environment (self);
  const char *url = gtk_editable_get_text (GTK_EDITABLE (row));

  g_assert (MD_IS_PREFERENCES_WINDOW (self));
  g_assert (ADW_IS_ENTRY_ROW (row));

  if (environment == NULL)
    return;

  if (!url_is_valid (url))
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                        adw_toast_new (_("Enter a full http:// or https:// address")));
      return;
    }

  if (row == self->api_url_row)
    md_environment_set_api_url (environment, url);
  else if (row == self->stream_url_row)
    md_environment_set_stream_url (environment, url);
  else if (row == self->image_url_row)
    md_environment_set_image_url (environment, url);
  else
    md_environment_set_stats_url (environment, url);

  md_preferences_window_save_urls (self);
}

static void
on_reset_urls_button_clicked_cb (MdPreferencesWindow *self)
{
  MdEnvironment *environment = md_preferences_window_get_environment (self);

  g_assert (MD_IS_PREFERENCES_WINDOW (self));

  if (environment == NULL)
    return;

  md_environment_reset_urls (environment);
  md_preferences_window_show_urls (self);
  md_preferences_window_save_urls (self);
}

static void
on_window_session_changed_cb (MdPreferencesWindow *self)
{
  MdSession *session = self->window ? md_window_get_session (self->window) : NULL;

  g_assert (MD_IS_PREFERENCES_WINDOW (self));

  md_preferences_window_show_urls (self);
  md_preferences_signing_keys_set_session (self->signing_keys_page, session, self->store);
}

static void
md_preferences_window_dispose (GObject *object)
{
  MdPreferencesWindow *self = MD_PREFERENCES_WINDOW (object);

  g_clear_weak_pointer (&self->window);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (md_preferences_window_parent_class)->dispose (object);
}

static void
md_preferences_window_class_init (MdPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = md_preferences_window_dispose;

  g_type_ensure (MD_TYPE_PREFERENCES_ENVIRONMENTS);
  g_type_ensure (MD_TYPE_PREFERENCES_SIGNING_KEYS);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/muxdesk/Muxdesk/ui/md-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MdPreferencesWindow, environments_page);
  gtk_widget_class_bind_template_child (widget_class, MdPreferencesWindow, signing_keys_page);
  gtk_widget_class_bind_template_child (widget_class, MdPreferencesWindow, playback_policy_row);
  gtk_widget_class_bind_template_child (widget_class, MdPreferencesWindow, video_quality_row);
  gtk_widget_class_bind_template_child (widget_class, MdPreferencesWindow, max_resolution_row);
  gtk_widget_class_bind_template_child (widget_class, MdPreferencesWindow, chunk_size_spin);
  gtk_widget_class_bind_template_child (widget_class, MdPreferencesWindow, parallel_spin);
  gtk_widget_class_bind_template_child (widget_class, MdPreferencesWindow, keep_running_switch);
  gtk_widget_class_bind_template_child (widget_class, MdPreferencesWindow, timeframe_row);
  gtk_widget_class_bind_template_child (widget_class, MdPreferencesWindow, counts_interval_spin);
  gtk_widget_class_bind_template_child (widget_class, MdPreferencesWindow, heatmap_ramp_row);
  gtk_widget_class_bind_template_child (widget_class, MdPreferencesWindow, token_lifetime_spin);
  gtk_widget_class_bind_template_child (widget_class, MdPreferencesWindow, servers_group);
  gtk_widget_class_bind_template_child (widget_class, MdPreferencesWindow, api_url_row);
  gtk_widget_class_bind_template_child (widget_class, MdPreferencesWindow, stream_url_row);
  gtk_widget_class_bind_template_child (widget_class, MdPreferencesWindow, image_url_row);
  gtk_widget_class_bind_template_child (widget_class, MdPreferencesWindow, stats_url_row);
  gtk_widget_class_bind_template_callback (widget_class, on_url_row_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_reset_urls_button_clicked_cb);
}

static void
md_preferences_window_init (MdPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  bind_choice (self->settings, "upload-playback-policy", self->playback_policy_row, playback_policies);
  bind_choice (self->settings, "upload-video-quality", self->video_quality_row, video_qualities);
  bind_choice (self->settings, "upload-max-resolution", self->max_resolution_row, max_resolutions);
  bind_choice (self->settings, "engagement-timeframe", self->timeframe_row, timeframes);
  bind_choice (self->settings, "heatmap-color-ramp", self->heatmap_ramp_row, heatmap_ramps);
  g_settings_bind (self->settings, "upload-chunk-size-mib", self->chunk_size_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "upload-parallel", self->parallel_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "upload-keep-running", self->keep_running_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "counts-poll-interval", self->counts_interval_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "signed-token-lifetime-minutes", self->token_lifetime_spin, "value", G_SETTINGS_BIND_DEFAULT);
}

/**
 * md_preferences_window_new:
 * @window: the main window whose open environment the signing keys and
 *   connection pages show
 * @store: the application's environments
 *
 * Returns: (transfer full): a new preferences window, transient for @window
 */
MdPreferencesWindow *
md_preferences_window_new (MdWindow           *window,
                           MdEnvironmentStore *store)
{
  MdPreferencesWindow *self;

  g_return_val_if_fail (MD_IS_WINDOW (window), NULL);
  g_return_val_if_fail (MD_IS_ENVIRONMENT_STORE (store), NULL);

  self = g_object_new (MD_TYPE_PREFERENCES_WINDOW,
                       "transient-for", window,
                       NULL);
  g_set_weak_pointer (&self->window, window);
  self->store = g_object_ref (store);
  md_preferences_environments_set_store (self->environments_page, store, window);
  g_signal_connect_object (window, "notify::session",
                           G_CALLBACK (on_window_session_changed_cb), self,
                           G_CONNECT_SWAPPED);
  on_window_session_changed_cb (self);

  return self;
}
