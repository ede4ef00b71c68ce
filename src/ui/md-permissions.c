/* md-permissions.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-permissions"

#include "config.h"

#include <glib/gi18n.h>

#include "md-permissions.h"

static const char *
describe_area (const char * const *permissions,
               const char         *area)
{
  g_autofree char *read = g_strdup_printf ("%s:read", area);
  g_autofree char *write = g_strdup_printf ("%s:write", area);
  gboolean can_read = permissions && g_strv_contains (permissions, read);
  gboolean can_write = permissions && g_strv_contains (permissions, write);

  if (can_read && can_write)
    return _("read and write");
  if (can_write)
    return _("write");
  if (can_read)
    return _("read only");
  return _("no access");
}

/**
 * md_permissions_describe:
 * @permissions: (nullable): permission names as whoami reports them,
 *   such as `video:read` or `system:write`
 *
 * Says in a sentence what a token may do, and what a missing permission
 * will keep from working, so users learn it at sign-in and not later.
 *
 * Returns: (transfer full): a translated sentence
 */
char *
md_permissions_describe (const char * const *permissions)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_string_append_printf (text, _("Video: %s. Data: %s. System: %s."),
                          describe_area (permissions, "video"),
                          describe_area (permissions, "data"),
                          describe_area (permissions, "system"));

  if (permissions == NULL || !g_strv_contains (permissions, "video:write"))
    g_string_append_printf (text, " %s", _("Uploading and editing need Video write permission."));
  if (permissions == NULL || !g_strv_contains (permissions, "data:read"))
    g_string_append_printf (text, " %s", _("Engagement needs Data read permission."));
  if (permissions == NULL || !g_strv_contains (permissions, "system:write"))
    g_string_append_printf (text, " %s", _("Signing keys need System write permission."));

  return g_string_free (g_steal_pointer (&text), FALSE);
}
