/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "md-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(MdApplication) app = NULL;
  int status;

  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = md_application_new ();

  status = g_application_run (G_APPLICATION (app), argc, argv);
  return status != 0 ? status : md_application_get_exit_status (app);
}
