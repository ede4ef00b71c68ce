/* md-uploads-close-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "md-upload-queue.h"

G_BEGIN_DECLS

/**
 * MdUploadsCloseFunc:
 * @keep_uploading: %TRUE: hide the window and keep the app running until
 *   the uploads finish; %FALSE: the uploads are paused, close the window
 *
 * The answer to md_uploads_confirm_close(); not called when the user chose
 * to stay.
 */
typedef void (*MdUploadsCloseFunc) (gboolean keep_uploading,
                                    gpointer user_data);

gboolean md_uploads_confirm_close (GtkWindow          *parent,
                                   MdUploadQueue      *queue,
                                   MdUploadsCloseFunc  done,
                                   gpointer            user_data);

G_END_DECLS
