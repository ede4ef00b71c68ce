/* md-uploads-close-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "Keep uploading in the background, or pause?" when the window closes
 * while uploads are sending. Paused uploads resume from the journal on the
 * next start.
 */

#define G_LOG_DOMAIN "md-uploads-close-dialog"

#include "config.h"

#include "md-uploads-close-dialog.h"

#include <adwaita.h>
#include <glib/gi18n.h>

typedef struct
{
  GtkWindow          *parent;
  MdUploadQueue      *queue;
  MdUploadsCloseFunc  done;
  gpointer            user_data;
  gboolean            keep_uploading;
} CloseOp;

static void
close_op_free (CloseOp *op)
{
  g_object_unref (op->parent);
  g_object_unref (op->queue);
  g_free (op);
}

/* Answered once the dialog is gone: the answer may destroy the window the
 * dialog is transient for, which must not happen under the dialog. */
static gboolean
on_answer_idle_cb (gpointer user_data)
{
  CloseOp *op = user_data;

  op->done (op->keep_uploading, op->user_data);
  close_op_free (op);
  return G_SOURCE_REMOVE;
}

static void
on_response_cb (AdwMessageDialog *dialog,
                const char       *response,
                CloseOp          *op)
{
  if (g_strcmp0 (response, "keep") == 0 || g_strcmp0 (response, "pause") == 0)
    {
      op->keep_uploading = g_strcmp0 (response, "keep") == 0;
      if (!op->keep_uploading)
        md_upload_queue_pause_all (op->queue);
      g_idle_add (on_answer_idle_cb, op);
      return;
    }
  close_op_free (op);
}

/**
 * md_uploads_confirm_close:
 * @parent: the window being closed
 * @queue: the uploads
 * @done: called with the user's choice
 *
 * Asks what to do with running uploads, if any.
 *
 * Returns: %TRUE when the dialog is shown (keep the window open for now),
 *   %FALSE when nothing is uploading and the window may close at once
 */
gboolean
md_uploads_confirm_close (GtkWindow          *parent,
                          MdUploadQueue      *queue,
                          MdUploadsCloseFunc  done,
                          gpointer            user_data)
{
  GtkWidget *dialog;
  CloseOp *op;
  guint active;

  g_return_val_if_fail (GTK_IS_WINDOW (parent), FALSE);
  g_return_val_if_fail (MD_IS_UPLOAD_QUEUE (queue), FALSE);
  g_return_val_if_fail (done != NULL, FALSE);

  active = md_upload_queue_get_n_active (queue);
  if (active == 0)
    return FALSE;

  dialog = adw_message_dialog_new (parent, _("Keep Uploading?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  g_dngettext (GETTEXT_PACKAGE,
                                               "An upload is still running. It can go on in the background, or pause and resume the next time Muxdesk starts.",
                                               "%u uploads are still running. They can go on in the background, or pause and resume the next time Muxdesk starts.",
                                               active),
                                  active);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Stay"),
                                    "pause", _("_Pause Uploads"),
                                    "keep", _("_Keep Uploading"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "keep", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  op = g_new0 (CloseOp, 1);
  op->parent = g_object_ref (parent);
  op->queue = g_object_ref (queue);
  op->done = done;
  op->user_data = user_data;
  g_signal_connect (dialog, "response", G_CALLBACK (on_response_cb), op);
  gtk_window_present (GTK_WINDOW (dialog));

  return TRUE;
}
