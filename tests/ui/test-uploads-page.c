/* test-uploads-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The uploads page, header progress and drop overlay in a real window under
 * Xvfb, uploading to the real sandbox. Screenshots (mid-upload, paused,
 * failed, drop overlay) land in the build dir: tests/ui/screenshots.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "md-upload-progress.h"
#include "md-upload-row.h"
#include "md-upload-test-util.h"
#include "md-uploads-page.h"
#include "md-window-dnd.h"
#include "md-test-utils.h"
#include "md-test-widgets.h"

typedef struct
{
  MdTestSandbox    *sandbox;
  MdClient         *client;
  char             *dir;
  MdUploadJournal  *journal;
  MdUploadQueue    *queue;
  GtkWindow        *window;
  MdUploadsPage    *page;
  MdUploadProgress *progress;
} Fixture;

static char *video_path;

static gboolean
page_is_laid_out (gpointer user_data)
{
  Fixture *f = user_data;

  return gtk_widget_get_mapped (GTK_WIDGET (f->page)) && gtk_widget_get_width (GTK_WIDGET (f->page)) > 0;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  const char *args[] = { "--no-rate-limit", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *journal_path = NULL;
  GtkWidget *box, *header;

  f->sandbox = md_test_sandbox_start (args, &error);
  g_assert_no_error (error);
  f->client = md_test_client_new (f->sandbox);
  f->dir = g_dir_make_tmp ("md-uploads-page-XXXXXX", &error);
  g_assert_no_error (error);
  journal_path = g_build_filename (f->dir, "uploads.sqlite", NULL);
  f->journal = md_upload_journal_new_for_path (journal_path);
  f->queue = md_upload_queue_new (f->client, f->journal);
  md_upload_queue_set_task_setup (f->queue, md_test_tune_task, NULL);

  f->window = GTK_WINDOW (adw_application_window_new (NULL));
  gtk_window_set_title (f->window, "Uploads");
  gtk_window_set_default_size (f->window, 900, 560);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  f->progress = MD_UPLOAD_PROGRESS (md_upload_progress_new ());
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), GTK_WIDGET (f->progress));
  f->page = MD_UPLOADS_PAGE (md_uploads_page_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (f->page), TRUE);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->page));
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (f->window), box);

  /* What the integrator does in MdWindow. */
  md_window_dnd_init (ADW_APPLICATION_WINDOW (f->window));
  md_uploads_page_install_actions (f->page, G_ACTION_MAP (f->window));
  md_uploads_page_set_queue (f->page, f->queue);
  md_upload_progress_set_queue (f->progress, f->queue);
  /* The page applied the settings; the tests want small chunks. */
  md_upload_queue_set_defaults (f->queue, MD_PLAYBACK_POLICY_PUBLIC, MD_VIDEO_QUALITY_BASIC, MD_TEST_CHUNK);

  gtk_window_present (f->window);
  g_assert_true (md_test_wait_until (page_is_laid_out, f, 10000));
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (dir);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (f->window);
  g_clear_object (&f->queue);
  g_clear_object (&f->journal);
  g_clear_object (&f->client);
  g_clear_pointer (&f->sandbox, md_test_sandbox_stop);
  remove_tree (f->dir);
  g_free (f->dir);
}

static char *
copy_video (Fixture    *f,
            const char *name)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GFile) from = g_file_new_for_path (video_path);
  g_autoptr(GFile) to = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

typedef struct
{
  Fixture *f;
  guint    n;
} CountWait;

static gboolean
has_n_items (gpointer user_data)
{
  CountWait *wait = user_data;

  return g_list_model_get_n_items (G_LIST_MODEL (wait->f->queue)) >= wait->n;
}

static MdUploadTask *
task_at (Fixture *f,
         guint    position)
{
  MdUploadTask *task = g_list_model_get_item (G_LIST_MODEL (f->queue), position);

  g_object_unref (task);   /* the queue keeps it */
  return task;
}

static gboolean
both_sending (gpointer user_data)
{
  Fixture *f = user_data;

  return md_upload_task_get_speed (task_at (f, 0)) > 0 && md_upload_task_get_eta (task_at (f, 0)) >= 0 &&
         md_upload_task_get_speed (task_at (f, 1)) > 0;
}

/* Files through the same path as a drop / `muxdesk FILE…`, then the states. */
static void
test_states (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *a = copy_video (f, "Holiday in Lisbon.ts");
  g_autofree char *b = copy_video (f, "Interview take 2.ts");
  g_autofree char *c = copy_video (f, "B-roll.ts");
  g_autofree char *empty = g_build_filename (f->dir, "empty.mov", NULL);
  GFile *files[3];
  CountWait wait = { f, 3 };

  g_file_set_contents (empty, "", 0, NULL);

  /* 512 KiB/s: slow enough to watch. */
  md_test_add_fault (f->sandbox,
                     "{\"match\":\"upload-chunk\",\"action\":\"slow\",\"bytes_per_second\":524288,\"count\":0}");

  files[0] = g_file_new_for_path (a);
  files[1] = g_file_new_for_path (b);
  files[2] = g_file_new_for_path (c);
  md_window_dnd_upload_files (f->window, files, 3);
  for (guint i = 0; i < 3; i++)
    g_object_unref (files[i]);

  g_assert_true (md_test_wait_until (has_n_items, &wait, 30000));
  g_assert_true (md_test_wait_until (both_sending, f, 60000));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->progress)));
  g_assert_cmpint (md_upload_task_get_state (task_at (f, 2)), ==, MD_UPLOAD_TASK_STATE_QUEUED);
  md_test_screenshot (GTK_WIDGET (f->window), "uploads-mid-upload.png");

  md_upload_queue_pause (f->queue, task_at (f, 1));
  g_assert_true (md_test_wait_for_state (task_at (f, 1), MD_UPLOAD_TASK_STATE_PAUSED, 30000));
  md_test_screenshot (GTK_WIDGET (f->window), "uploads-paused.png");

  /* Bad input fails alone, with the reason; the others go on. */
  {
    g_autofree char *through = g_build_filename (a, "cut.mp4", NULL);
    GFile *bad[3] = { g_file_new_for_path (empty), g_file_new_for_path (f->dir), g_file_new_for_path (through) };

    wait.n = 6;
    md_uploads_page_add_files (f->page, bad, 3);
    g_assert_true (md_test_wait_until (has_n_items, &wait, 30000));
    for (guint i = 0; i < 3; i++)
      g_object_unref (bad[i]);
  }
  for (guint i = 3; i < 6; i++)
    g_assert_cmpint (md_upload_task_get_state (task_at (f, i)), ==, MD_UPLOAD_TASK_STATE_FAILED);
  g_assert_cmpint (md_upload_task_get_state (task_at (f, 0)), !=, MD_UPLOAD_TASK_STATE_FAILED);
  md_test_screenshot (GTK_WIDGET (f->window), "uploads-failed.png");

  md_window_dnd_set_overlay_visible (ADW_APPLICATION_WINDOW (f->window), TRUE);
  md_test_screenshot (GTK_WIDGET (f->window), "uploads-drop-overlay.png");
  md_window_dnd_set_overlay_visible (ADW_APPLICATION_WINDOW (f->window), FALSE);
}

static GtkWidget *
row_at (Fixture *f,
        guint    position)
{
  GtkListBox *list_box = GTK_LIST_BOX (md_test_find_child (GTK_WIDGET (f->page), "list_box"));

  return GTK_WIDGET (gtk_list_box_get_row_at_index (list_box, position));
}

static const char *
state_text (Fixture *f,
            guint    position)
{
  return gtk_label_get_label (GTK_LABEL (md_test_find_child (row_at (f, position), "state_label")));
}

/* Waits of four seconds before a retry, so there is a countdown to see. */
static void
slow_retries (gpointer task,
              gpointer user_data)
{
  md_test_tune_task (task, NULL);
  md_upload_task_set_retry_delays (task, 4000, 4000, 8);
}

static gboolean
is_retrying (gpointer user_data)
{
  return md_upload_task_get_state (user_data) == MD_UPLOAD_TASK_STATE_RETRYING;
}

typedef struct
{
  Fixture *f;
  guint    first;
} Countdown;

static gboolean
counted_down (gpointer user_data)
{
  Countdown *countdown = user_data;
  guint now;

  return sscanf (state_text (countdown->f, 0), "Retrying in %u s", &now) == 1 && now < countdown->first;
}

/* "Retrying in N s" counts down while the upload waits for its retry. */
static void
test_retry_countdown (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *path = copy_video (f, "Flaky link.ts");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  CountWait wait = { f, 1 };
  Countdown countdown = { f, 0 };
  MdUploadTask *task;

  md_upload_queue_set_task_setup (f->queue, slow_retries, NULL);
  /* The second chunk gets a 503 asking for four seconds. */
  md_test_add_fault (f->sandbox,
                     "{\"match\":\"upload-chunk\",\"action\":\"status\",\"status\":503,"
                     "\"retry_after\":4,\"skip\":1}");
  md_uploads_page_add_files (f->page, &file, 1);
  g_assert_true (md_test_wait_until (has_n_items, &wait, 30000));
  task = task_at (f, 0);
  g_assert_true (md_test_wait_until (is_retrying, task, 30000));

  g_assert_cmpint (sscanf (state_text (f, 0), "Retrying in %u s", &countdown.first), ==, 1);
  g_assert_cmpuint (countdown.first, >=, 2);
  g_assert_cmpuint (countdown.first, <=, 4);
  g_assert_true (md_test_wait_until (counted_down, &countdown, 10000));
  g_test_message ("%u s, then “%s”", countdown.first, state_text (f, 0));
  /* Waiting, not sending: no speed or time left beside the bytes. */
  g_assert_null (strstr (gtk_label_get_label (GTK_LABEL (md_test_find_child (row_at (f, 0), "detail_label"))),
                         "/s"));
  md_test_screenshot (GTK_WIDGET (f->window), "uploads-retrying.png");

  /* The retry goes, and the file still arrives. */
  g_assert_true (md_test_wait_for_state (task, MD_UPLOAD_TASK_STATE_READY, 120000));
  g_assert_true (md_test_sandbox_has_file (f->sandbox, path));
}

/* Each row shows the upload at its place in the queue, none twice. */
static void
assert_rows_follow_queue (Fixture *f)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (f->queue));

  for (guint i = 0; i < n; i++)
    g_assert_true (md_upload_row_get_task (MD_UPLOAD_ROW (row_at (f, i))) == task_at (f, i));
  g_assert_null (row_at (f, n));
}

static GtkWidget *
row_button (Fixture    *f,
            guint       position,
            const char *id)
{
  return md_test_find_child (row_at (f, position), id);
}

/* What a key press does: the row's shortcut for @keyval + @modifiers runs. */
static void
press_shortcut (GtkWidget       *widget,
                guint            keyval,
                GdkModifierType  modifiers)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  g_autoptr(GtkShortcutTrigger) wanted = gtk_keyval_trigger_new (keyval, modifiers);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), wanted))
            {
              g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                                           GTK_SHORTCUT_ACTION_EXCLUSIVE, widget,
                                                           gtk_shortcut_get_arguments (shortcut)));
              return;
            }
        }
    }
  g_assert_not_reached ();
}

static gboolean
first_sending (gpointer user_data)
{
  Fixture *f = user_data;

  return md_upload_task_get_state (task_at (f, 0)) == MD_UPLOAD_TASK_STATE_UPLOADING;
}

/* Waiting uploads move down and up, with the buttons and with Alt+arrows;
 * the rows follow the queue and the keyboard focus follows the row. */
static void
test_reorder (Fixture       *f,
              gconstpointer  data)
{
  const char *names[] = { "Opening.ts", "Middle.ts", "Credits.ts" };
  MdUploadTask *tasks[3];
  CountWait wait = { f, 3 };
  GtkRoot *root;

  md_upload_queue_set_parallel (f->queue, 1);
  md_test_add_fault (f->sandbox,
                     "{\"match\":\"upload-chunk\",\"action\":\"slow\",\"bytes_per_second\":524288,\"count\":0}");
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = copy_video (f, names[i]);
      g_autoptr(GFile) file = g_file_new_for_path (path);

      md_uploads_page_add_files (f->page, &file, 1);
    }
  g_assert_true (md_test_wait_until (has_n_items, &wait, 30000));
  g_assert_true (md_test_wait_until (first_sending, f, 30000));
  for (guint i = 0; i < 3; i++)
    tasks[i] = task_at (f, i);
  g_assert_cmpint (md_upload_task_get_state (tasks[1]), ==, MD_UPLOAD_TASK_STATE_QUEUED);
  g_assert_cmpint (md_upload_task_get_state (tasks[2]), ==, MD_UPLOAD_TASK_STATE_QUEUED);
  assert_rows_follow_queue (f);

  /* The sending one stays where it is; the last one cannot go lower. */
  g_assert_false (gtk_widget_get_visible (row_button (f, 0, "down_button")));
  g_assert_false (gtk_widget_get_visible (row_button (f, 0, "up_button")));
  g_assert_true (gtk_widget_get_visible (row_button (f, 1, "down_button")));
  g_assert_true (gtk_widget_is_sensitive (row_button (f, 1, "down_button")));
  g_assert_false (gtk_widget_is_sensitive (row_button (f, 2, "down_button")));
  g_assert_true (gtk_widget_is_sensitive (row_button (f, 2, "up_button")));

  /* Move Down: the second goes last. */
  g_signal_emit_by_name (row_button (f, 1, "down_button"), "clicked");
  g_assert_true (task_at (f, 1) == tasks[2]);
  g_assert_true (task_at (f, 2) == tasks[1]);
  assert_rows_follow_queue (f);
  g_assert_false (gtk_widget_is_sensitive (row_button (f, 2, "down_button")));
  g_assert_true (gtk_widget_is_sensitive (row_button (f, 1, "down_button")));
  md_test_screenshot_settled (GTK_WIDGET (f->window), "uploads-reordered");

  /* Alt+Up on the last row: it goes back up, and keeps the focus. */
  root = gtk_widget_get_root (GTK_WIDGET (f->page));
  gtk_widget_grab_focus (row_at (f, 2));
  press_shortcut (row_at (f, 2), GDK_KEY_Up, GDK_ALT_MASK);
  g_assert_true (task_at (f, 1) == tasks[1]);
  g_assert_true (task_at (f, 2) == tasks[2]);
  assert_rows_follow_queue (f);
  g_assert_true (gtk_root_get_focus (root) == row_at (f, 1) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (root), row_at (f, 1)));

  /* Alt+Down from there: down again. */
  press_shortcut (row_at (f, 1), GDK_KEY_Down, GDK_ALT_MASK);
  g_assert_true (task_at (f, 2) == tasks[1]);
  assert_rows_follow_queue (f);

  /* The first waiting one now is the one to start next. */
  md_upload_queue_pause (f->queue, tasks[0]);
  g_assert_true (md_test_wait_for_state (tasks[2], MD_UPLOAD_TASK_STATE_UPLOADING, 30000));
  g_assert_cmpint (md_upload_task_get_state (tasks[1]), ==, MD_UPLOAD_TASK_STATE_QUEUED);
}

static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f->progress)));
  md_test_screenshot (GTK_WIDGET (f->window), "uploads-empty.png");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *video_dir = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  /* The app's styles, as AdwApplication loads them from its resources. */
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/io/github/muxdesk/Muxdesk/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  video_dir = g_dir_make_tmp ("md-uploads-page-video-XXXXXX", &error);
  g_assert_no_error (error);
  video_path = md_test_make_video (video_dir, "noise.ts", 90);

  g_test_add ("/uploads-page/empty", Fixture, NULL, fixture_set_up, test_empty, fixture_tear_down);
  g_test_add ("/uploads-page/states", Fixture, NULL, fixture_set_up, test_states, fixture_tear_down);
  g_test_add ("/uploads-page/retry-countdown", Fixture, NULL, fixture_set_up, test_retry_countdown,
              fixture_tear_down);
  g_test_add ("/uploads-page/reorder", Fixture, NULL, fixture_set_up, test_reorder, fixture_tear_down);

  status = g_test_run ();

  g_unlink (video_path);
  g_rmdir (video_dir);
  g_free (video_path);
  return status;
}
