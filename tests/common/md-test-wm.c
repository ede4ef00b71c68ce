/* md-test-wm.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "md-test-wm.h"

#include <glib-unix.h>
#include <gdk/x11/gdkx.h>
#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <X11/Xutil.h>

/* The part of a window manager that fullscreen and minimizing need, for
 * the Xvfb of build-aux/headless-run, where no window manager runs and
 * GTK's requests to go fullscreen or to be minimized go unanswered. A
 * window asks for fullscreen with an EWMH _NET_WM_STATE client message to
 * the root window; a window manager answers by covering the screen with it
 * and listing _NET_WM_STATE_FULLSCREEN in its _NET_WM_STATE property,
 * which is what GTK reads back (GtkWindow:fullscreened). A window asks to
 * be minimized (iconified) with an ICCCM WM_CHANGE_STATE message; a window
 * manager unmaps it and sets its WM_STATE to IconicState, and maps it
 * again when the user brings it back (from a task bar, say:
 * md_test_wm_set_minimized()). GDK, which finds no window manager telling
 * it about _NET_WM_STATE_HIDDEN, takes the unmap for minimized and the
 * map for restored (GDK_TOPLEVEL_STATE_MINIMIZED). This does the same for
 * one window only, over its own X connection, so other tests sharing the
 * Xvfb are left alone. */
struct _MdTestWm
{
  Display *display;
  Window   window;
  Atom     wm_state;
  Atom     wm_state_fullscreen;
  Atom     wm_change_state;
  Atom     icccm_wm_state;
  guint    watch_id;

  gboolean minimized;

  gboolean fullscreen;
  int      saved_x;
  int      saved_y;
  guint    saved_width;
  guint    saved_height;
};

static void
set_fullscreen (MdTestWm *self,
                gboolean  fullscreen)
{
  if (self->fullscreen == fullscreen)
    return;
  self->fullscreen = fullscreen;

  if (fullscreen)
    {
      Window root;
      guint border, depth;
      Screen *screen = DefaultScreenOfDisplay (self->display);

      XGetGeometry (self->display, self->window, &root, &self->saved_x, &self->saved_y,
                    &self->saved_width, &self->saved_height, &border, &depth);
      XChangeProperty (self->display, self->window, self->wm_state, XA_ATOM, 32, PropModeReplace,
                       (const guchar *) &self->wm_state_fullscreen, 1);
      XMoveResizeWindow (self->display, self->window, 0, 0,
                         WidthOfScreen (screen), HeightOfScreen (screen));
    }
  else
    {
      XChangeProperty (self->display, self->window, self->wm_state, XA_ATOM, 32, PropModeReplace,
                       NULL, 0);
      XMoveResizeWindow (self->display, self->window, self->saved_x, self->saved_y,
                         self->saved_width, self->saved_height);
    }
  XFlush (self->display);
  g_test_message ("window manager: fullscreen %s", fullscreen ? "on" : "off");
}

static void
set_minimized (MdTestWm *self,
               gboolean  minimized)
{
  long state[2] = { minimized ? IconicState : NormalState, None };

  if (self->minimized == minimized)
    return;
  self->minimized = minimized;

  XChangeProperty (self->display, self->window, self->icccm_wm_state, self->icccm_wm_state, 32,
                   PropModeReplace, (const guchar *) state, 2);
  if (minimized)
    XUnmapWindow (self->display, self->window);
  else
    XMapWindow (self->display, self->window);
  XFlush (self->display);
  g_test_message ("window manager: %s", minimized ? "minimized" : "restored");
}

static gboolean
on_x_events_cb (int          fd,
                GIOCondition condition,
                gpointer     user_data)
{
  MdTestWm *self = user_data;

  while (XPending (self->display) > 0)
    {
      XEvent event;

      XNextEvent (self->display, &event);
      if (event.type != ClientMessage || event.xclient.window != self->window)
        continue;

      /* data.l[0]: the state asked for; only IconicState means anything. */
      if (event.xclient.message_type == self->wm_change_state)
        {
          if (event.xclient.data.l[0] == IconicState)
            set_minimized (self, TRUE);
          continue;
        }

      if (event.xclient.message_type != self->wm_state)
        continue;

      /* data.l[0]: 0 remove, 1 add, 2 toggle; l[1], l[2]: the states. */
      if ((Atom) event.xclient.data.l[1] == self->wm_state_fullscreen
          || (Atom) event.xclient.data.l[2] == self->wm_state_fullscreen)
        {
          switch (event.xclient.data.l[0])
            {
            case 0: set_fullscreen (self, FALSE); break;
            case 1: set_fullscreen (self, TRUE); break;
            case 2: set_fullscreen (self, !self->fullscreen); break;
            default: break;
            }
        }
    }

  return G_SOURCE_CONTINUE;
}

/**
 * md_test_wm_new:
 * @window: a realized window on an X11 display
 *
 * Answers @window's fullscreen and minimize requests as a window manager
 * would.
 *
 * Returns: (nullable): the stand-in, %NULL when the display is not X11
 */
MdTestWm *
md_test_wm_new (GtkWindow *window)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  MdTestWm *self;

  if (!GDK_IS_X11_SURFACE (surface))
    return NULL;

  self = g_new0 (MdTestWm, 1);
  self->display = XOpenDisplay (gdk_display_get_name (gtk_widget_get_display (GTK_WIDGET (window))));
  g_assert_nonnull (self->display);
  self->window = gdk_x11_surface_get_xid (surface);
  self->wm_state = XInternAtom (self->display, "_NET_WM_STATE", False);
  self->wm_state_fullscreen = XInternAtom (self->display, "_NET_WM_STATE_FULLSCREEN", False);
  self->wm_change_state = XInternAtom (self->display, "WM_CHANGE_STATE", False);
  self->icccm_wm_state = XInternAtom (self->display, "WM_STATE", False);

  /* Client messages to the root reach whoever listens for substructure
   * changes there; only a window manager takes the redirection. */
  XSelectInput (self->display, DefaultRootWindow (self->display), SubstructureNotifyMask);
  XSync (self->display, False);
  self->watch_id = g_unix_fd_add (ConnectionNumber (self->display), G_IO_IN, on_x_events_cb, self);

  return self;
}

void
md_test_wm_free (MdTestWm *self)
{
  g_clear_handle_id (&self->watch_id, g_source_remove);
  XCloseDisplay (self->display);
  g_free (self);
}

/**
 * md_test_wm_set_minimized:
 *
 * Minimizes the window, or brings it back, as the window manager does when
 * the user asks it to (a title bar button, a task bar entry).
 */
void
md_test_wm_set_minimized (MdTestWm *self,
                          gboolean  minimized)
{
  g_return_if_fail (self != NULL);

  set_minimized (self, !!minimized);
}
