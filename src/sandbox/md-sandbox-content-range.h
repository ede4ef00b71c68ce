/* md-sandbox-content-range.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  gboolean query;   /* a status request, bytes * /T */
  gint64   start;
  gint64   end;     /* inclusive; -1 for a query */
  gint64   total;   /* -1 when unknown (a "*" total) */
} MdSandboxContentRange;

gboolean md_sandbox_content_range_parse (const char            *header,
                                         MdSandboxContentRange *out_range);

G_END_DECLS
