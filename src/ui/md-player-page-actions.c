/* md-player-page-actions.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-player-page-actions"

#include "config.h"

#include "md-player-page.h"
#include "md-player-page-private.h"

/* The player page's actions (`player.*`) and the keys bound to them: the
 * shortcuts of every web and desktop video player, listed in
 * help-overlay.ui. */

#define SEEK_SHORT 5.0
#define SEEK_LONG 10.0
#define VOLUME_STEP 0.1

static void
play_pause_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  MdPlayerPage *self = MD_PLAYER_PAGE (widget);

  if (md_player_get_state (self->player) == MD_PLAYER_STATE_ERROR)
    _md_player_page_load (self, TRUE);
  else
    md_player_toggle_play (self->player);
}

static void
seek_relative_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  MdPlayerPage *self = MD_PLAYER_PAGE (widget);

  md_player_seek (self->player, md_player_get_position (self->player) + g_variant_get_double (parameter));
  _md_player_page_show_controls (self);
}

static void
seek_start_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  MdPlayerPage *self = MD_PLAYER_PAGE (widget);

  md_player_seek (self->player, 0);
  _md_player_page_show_controls (self);
}

static void
seek_end_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  MdPlayerPage *self = MD_PLAYER_PAGE (widget);

  /* A live stream's end is the newest part of its DVR window. */
  md_player_seek (self->player, md_player_get_is_live (self->player) ? G_MAXDOUBLE
                                                                     : md_player_get_duration (self->player));
  _md_player_page_show_controls (self);
}

static void
change_volume_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  MdPlayerPage *self = MD_PLAYER_PAGE (widget);

  md_player_set_muted (self->player, FALSE);
  md_player_set_volume (self->player, md_player_get_volume (self->player) + g_variant_get_double (parameter));
  _md_player_page_show_controls (self);
}

static void
toggle_mute_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  MdPlayerPage *self = MD_PLAYER_PAGE (widget);

  md_player_set_muted (self->player, !md_player_get_muted (self->player));
  _md_player_page_show_controls (self);
}

static void
toggle_fullscreen_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  if (!GTK_IS_WINDOW (root))
    return;

  if (gtk_window_is_fullscreen (GTK_WINDOW (root)))
    gtk_window_unfullscreen (GTK_WINDOW (root));
  else
    gtk_window_fullscreen (GTK_WINDOW (root));
}

static void
leave_fullscreen_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  if (GTK_IS_WINDOW (root) && gtk_window_is_fullscreen (GTK_WINDOW (root)))
    gtk_window_unfullscreen (GTK_WINDOW (root));
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  _md_player_page_load (MD_PLAYER_PAGE (widget), TRUE);
}

void
_md_player_page_class_init_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "player.play-pause", NULL, play_pause_action);
  gtk_widget_class_install_action (widget_class, "player.seek-relative", "d", seek_relative_action);
  gtk_widget_class_install_action (widget_class, "player.seek-start", NULL, seek_start_action);
  gtk_widget_class_install_action (widget_class, "player.seek-end", NULL, seek_end_action);
  gtk_widget_class_install_action (widget_class, "player.change-volume", "d", change_volume_action);
  gtk_widget_class_install_action (widget_class, "player.toggle-mute", NULL, toggle_mute_action);
  gtk_widget_class_install_action (widget_class, "player.toggle-fullscreen", NULL, toggle_fullscreen_action);
  gtk_widget_class_install_action (widget_class, "player.leave-fullscreen", NULL, leave_fullscreen_action);
  gtk_widget_class_install_action (widget_class, "player.retry", NULL, retry_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "player.play-pause", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, 0, "player.play-pause", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "player.seek-relative", "d", -SEEK_SHORT);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "player.seek-relative", "d", SEEK_SHORT);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_j, 0, "player.seek-relative", "d", -SEEK_LONG);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, 0, "player.seek-relative", "d", SEEK_LONG);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "player.seek-start", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_End, 0, "player.seek-end", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, 0, "player.change-volume", "d", VOLUME_STEP);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, 0, "player.change-volume", "d", -VOLUME_STEP);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, 0, "player.toggle-mute", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, 0, "player.toggle-fullscreen", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "player.leave-fullscreen", NULL);

}
