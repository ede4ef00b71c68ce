/* md-player-page-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "md-player-page.h"
#include "md-storyboard-preview.h"

G_BEGIN_DECLS

struct _MdPlayerPage
{
  GtkWidget            parent_instance;

  /* Template children */
  GtkOverlay          *overlay;
  GtkPicture          *picture;
  GtkSpinner          *buffering_spinner;
  AdwStatusPage       *error_page;
  GtkButton           *retry_button;
  GtkButton           *preferences_button;
  GtkRevealer         *title_revealer;
  GtkLabel            *title_label;
  GtkRevealer         *controls_revealer;
  GtkWidget           *controls;
  MdTimeline          *timeline;
  GtkButton           *play_button;
  GtkScaleButton      *volume_button;
  GtkLabel            *time_label;
  GtkLabel            *live_label;
  GtkLabel            *rendition_label;
  GtkButton           *fullscreen_button;
  GtkPicture          *storyboard_picture;

  MdPlayer            *player;
  MdStoryboardPreview *storyboard_preview;
  GCancellable        *storyboard_cancellable;
  MdPlayerPageUriFunc  uri_func;
  gpointer             uri_data;
  GDestroyNotify       uri_destroy;
  char                *title;
  char                *storyboard_uri;

  GtkWindow           *window;
  guint                hide_timeout_id;
  double               last_motion_x;
  double               last_motion_y;
  gboolean             pointer_in_controls;
};

void _md_player_page_show_controls      (MdPlayerPage   *self);
void _md_player_page_load               (MdPlayerPage   *self,
                                         gboolean        play);
void _md_player_page_class_init_actions (GtkWidgetClass *widget_class);

G_END_DECLS
