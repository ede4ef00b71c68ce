/* md-uploads-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "md-upload-queue.h"

G_BEGIN_DECLS

#define MD_TYPE_UPLOADS_PAGE (md_uploads_page_get_type ())

G_DECLARE_FINAL_TYPE (MdUploadsPage, md_uploads_page, MD, UPLOADS_PAGE, GtkWidget)

GtkWidget     *md_uploads_page_new             (void);
MdUploadQueue *md_uploads_page_get_queue       (MdUploadsPage *self);
void           md_uploads_page_set_queue       (MdUploadsPage *self,
                                                MdUploadQueue *queue);
void           md_uploads_page_add_files       (MdUploadsPage *self,
                                                GFile *const  *files,
                                                guint          n_files);
void           md_uploads_page_choose_files    (MdUploadsPage *self);
void           md_uploads_page_install_actions (MdUploadsPage *self,
                                                GActionMap    *map);

G_END_DECLS
