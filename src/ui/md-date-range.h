/* md-date-range.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MD_TYPE_DATE_RANGE (md_date_range_get_type ())

G_DECLARE_FINAL_TYPE (MdDateRange, md_date_range, MD, DATE_RANGE, GtkWidget)

GtkWidget *md_date_range_new           (void);
void       md_date_range_set_days      (MdDateRange *self,
                                        GDateTime   *first,
                                        GDateTime   *last);
GDateTime *md_date_range_get_first_day (MdDateRange *self);
GDateTime *md_date_range_get_last_day  (MdDateRange *self);
char      *md_date_range_to_timeframe  (MdDateRange *self,
                                        gint64       now);
gboolean   md_date_range_parse_timeframe (const char *timeframe,
                                          gint64     *from,
                                          gint64     *to);

G_END_DECLS
