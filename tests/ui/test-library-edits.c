/* test-library-edits.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "md-asset-row.h"
#include "md-library-page.h"
#include "md-test-library.h"
#include "md-test-sandbox.h"
#include "md-test-utils.h"
#include "md-test-widgets.h"
#include "md-upload-test-util.h"

/* What the library page changes at Mux and what it picks up from there by
 * itself: the fields of the detail pane, playback IDs, the refresh action
 * and the automatic refresh of preparing assets. MdLibraryPage in a real
 * window under Xvfb against the real sandbox on 127.0.0.1; everything the
 * page did is read back from the sandbox over HTTP. */

#define WAIT_MS 60000

/* A real video of 6 s (MPEG-TS, H.264 + AAC), made once. */
static char *video_path;

typedef struct
{
  MdTestSandbox *sandbox;
  GtkWindow     *window;
  MdLibraryPage *page;
  MdClient      *client;
} Fixture;

static gboolean
page_is_laid_out (gpointer user_data)
{
  Fixture *f = user_data;

  return gtk_widget_get_mapped (GTK_WIDGET (f->page)) && gtk_widget_get_width (GTK_WIDGET (f->page)) > 0;
}

/* A fresh page on the sandbox, as at a start without a cache. */
static void
open_page (Fixture *f)
{
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1100, 720);
  f->page = MD_LIBRARY_PAGE (md_library_page_new ());
  gtk_window_set_child (f->window, GTK_WIDGET (f->page));
  gtk_window_present (f->window);
  g_assert_true (md_test_wait_until (page_is_laid_out, f, 10000));
  md_library_page_set_client (f->page, f->client);
}

static void
close_page (Fixture *f)
{
  g_clear_pointer (&f->window, gtk_window_destroy);
  f->page = NULL;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->sandbox = md_test_sandbox_start (NULL, &error);
  g_assert_no_error (error);
  f->client = md_test_library_client (f->sandbox, NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  close_page (f);
  g_clear_object (&f->client);
  g_clear_pointer (&f->sandbox, md_test_sandbox_stop);
}

/* The sandbox ----------------------------------------------------------- */

static const char *
meta_string (JsonObject *asset,
             const char *name)
{
  JsonObject *meta = json_object_has_member (asset, "meta") ? json_object_get_object_member (asset, "meta") : NULL;

  return meta != NULL ? json_object_get_string_member_with_default (meta, name, NULL) : NULL;
}

static guint
count_policy (JsonObject *asset,
              const char *policy)
{
  JsonArray *ids = json_object_get_array_member (asset, "playback_ids");
  guint n = 0;

  for (guint i = 0; ids != NULL && i < json_array_get_length (ids); i++)
    n += g_strcmp0 (json_object_get_string_member (json_array_get_object_element (ids, i), "policy"), policy) == 0;
  return n;
}

typedef struct
{
  Fixture    *f;
  const char *asset_id;
  const char *field;     /* passthrough, creator_id, external_id, title */
  const char *value;
  const char *policy;
  guint       n;
} SandboxWait;

static gboolean
sandbox_field_is (gpointer user_data)
{
  SandboxWait *wait = user_data;
  g_autoptr(JsonObject) asset = md_test_library_get_at_sandbox (wait->f->sandbox, wait->asset_id);
  const char *value;

  g_assert_nonnull (asset);
  if (g_str_equal (wait->field, "passthrough"))
    value = json_object_get_string_member_with_default (asset, "passthrough", NULL);
  else
    value = meta_string (asset, wait->field);
  return g_strcmp0 (value, wait->value) == 0;
}

static gboolean
sandbox_has_n_of_policy (gpointer user_data)
{
  SandboxWait *wait = user_data;
  g_autoptr(JsonObject) asset = md_test_library_get_at_sandbox (wait->f->sandbox, wait->asset_id);

  return count_policy (asset, wait->policy) == wait->n;
}

static gboolean
sandbox_has_no_playback_id (gpointer user_data)
{
  SandboxWait *wait = user_data;
  g_autofree char *path = g_strdup_printf ("/video/v1/assets/%s/playback-ids/%s", wait->asset_id, wait->value);
  g_autoptr(GError) error = NULL;

  return md_test_sandbox_api (wait->f->sandbox, "GET", path, NULL, NULL, &error) == 404;
}

/* Fields ------------------------------------------------------------------ */

/* Types @text into the detail pane's row @row_id and presses its apply
 * button (Enter does the same). */
static void
edit_in_detail (Fixture    *f,
                const char *row_id,
                const char *text)
{
  GtkWidget *row = md_test_find_child (GTK_WIDGET (f->page), row_id);

  g_assert_nonnull (row);
  g_assert_true (gtk_widget_is_drawable (row));
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  g_signal_emit_by_name (row, "apply");
}

static const char *
row_text (Fixture    *f,
          const char *row_id)
{
  return gtk_editable_get_text (GTK_EDITABLE (md_test_find_child (GTK_WIDGET (f->page), row_id)));
}

static gboolean
detail_shows_passthrough (gpointer user_data)
{
  Fixture *f = user_data;

  return g_strcmp0 (row_text (f, "passthrough_row"), "order-5521") == 0;
}

/* Passthrough, creator id and external id edited in the detail pane reach
 * the sandbox, and a fresh page reads them back from there. */
static void
test_fields (Fixture       *f,
             gconstpointer  data)
{
  static const struct {
    const char *row;
    const char *field;
    const char *value;
  } edits[] = {
    { "passthrough_row", "passthrough", "order-5521" },
    { "creator_row", "creator_id", "creator-ada" },
    { "external_row", "external_id", "cms/video/77" },
  };
  g_autoptr(MdAsset) asset = NULL;
  g_autoptr(MdAsset) reread = NULL;
  g_autofree char *asset_id = NULL;
  guint position;

  md_test_library_add_records (f->sandbox, 3);
  open_page (f);
  md_test_library_wait_for_n (f->page, 3, WAIT_MS);
  md_library_page_select (f->page, 1);
  asset = md_test_library_item (f->page, 1);
  asset_id = g_strdup (md_asset_get_id (asset));

  for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
    {
      SandboxWait wait = { f, asset_id, edits[i].field, edits[i].value, NULL, 0 };

      edit_in_detail (f, edits[i].row, edits[i].value);
      /* Shown at once, before the server answered. */
      if (i == 0)
        g_assert_cmpstr (md_asset_get_passthrough (asset), ==, edits[i].value);
      else if (i == 1)
        g_assert_cmpstr (md_asset_get_creator_id (asset), ==, edits[i].value);
      else
        g_assert_cmpstr (md_asset_get_external_id (asset), ==, edits[i].value);
      g_assert_true (md_test_library_wait_polling (sandbox_field_is, &wait, WAIT_MS));
    }
  md_test_screenshot (GTK_WIDGET (f->window), "library-edit-fields.png");

  /* A fresh page lists them as the sandbox has them, in the detail pane too. */
  close_page (f);
  open_page (f);
  md_test_library_wait_for_n (f->page, 3, WAIT_MS);
  reread = md_test_library_find (f->page, asset_id, &position);
  g_assert_nonnull (reread);
  g_assert_cmpstr (md_asset_get_passthrough (reread), ==, "order-5521");
  g_assert_cmpstr (md_asset_get_creator_id (reread), ==, "creator-ada");
  g_assert_cmpstr (md_asset_get_external_id (reread), ==, "cms/video/77");
  md_library_page_select (f->page, position);
  g_assert_true (md_test_wait_until (detail_shows_passthrough, f, WAIT_MS));
  g_assert_cmpstr (row_text (f, "creator_row"), ==, "creator-ada");
  g_assert_cmpstr (row_text (f, "external_row"), ==, "cms/video/77");
}

/* Playback IDs ------------------------------------------------------------- */

typedef struct
{
  Fixture    *f;
  MdAsset    *asset;
  const char *toast;
} PageWait;

static guint
count_shown_policy (MdAsset            *asset,
                    MdPlaybackPolicy    policy)
{
  GListModel *ids = md_asset_get_playback_ids (asset);
  guint n = 0;

  for (guint i = 0; ids != NULL && i < g_list_model_get_n_items (ids); i++)
    {
      g_autoptr(MdPlaybackId) playback_id = g_list_model_get_item (ids, i);
      n += md_playback_id_get_policy (playback_id) == policy;
    }
  return n;
}

static gboolean
asset_shows_signed_and_public (gpointer user_data)
{
  PageWait *wait = user_data;

  return count_shown_policy (wait->asset, MD_PLAYBACK_POLICY_SIGNED) == 1 &&
         count_shown_policy (wait->asset, MD_PLAYBACK_POLICY_PUBLIC) == 2 &&
         md_test_label_shows (GTK_WIDGET (wait->f->page), wait->toast);
}

/* The badges (Public, Signed) on the list row of @asset. */
static guint
count_row_badges (Fixture    *f,
                  MdAsset    *asset,
                  const char *css_class);

/* The page shows the asset's playback IDs as they are now: a row with
 * each ID in the detail pane, a badge for each on the list row. */
static gboolean
page_lists_playback_ids (gpointer user_data)
{
  PageWait *wait = user_data;
  GListModel *ids = md_asset_get_playback_ids (wait->asset);
  GtkWidget *detail = md_test_find_child (GTK_WIDGET (wait->f->page), "detail");

  g_assert_nonnull (detail);
  for (guint i = 0; i < g_list_model_get_n_items (ids); i++)
    {
      g_autoptr(MdPlaybackId) playback_id = g_list_model_get_item (ids, i);

      if (!md_test_label_shows (detail, md_playback_id_get_id (playback_id)))
        return FALSE;
    }
  return count_row_badges (wait->f, wait->asset, "md-badge-public") ==
           count_shown_policy (wait->asset, MD_PLAYBACK_POLICY_PUBLIC) &&
         count_row_badges (wait->f, wait->asset, "md-badge-signed") ==
           count_shown_policy (wait->asset, MD_PLAYBACK_POLICY_SIGNED);
}

/* The detail pane's button that removes @playback_id. */
static GtkWidget *
find_remove_button (GtkWidget  *widget,
                    const char *playback_id)
{
  if (GTK_IS_BUTTON (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "library.remove-playback-id") == 0 &&
      g_strcmp0 (g_variant_get_string (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (widget)), NULL),
                 playback_id) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_remove_button (child, playback_id);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
remove_button_for_first (PageWait *wait)
{
  g_autoptr(MdPlaybackId) first = g_list_model_get_item (md_asset_get_playback_ids (wait->asset), 0);

  return find_remove_button (GTK_WIDGET (wait->f->page), md_playback_id_get_id (first));
}

static gboolean
remove_button_shown (gpointer user_data)
{
  GtkWidget *button = remove_button_for_first (user_data);

  return button != NULL && gtk_widget_is_drawable (button);
}

/* From the detail pane's menu, a signed and a public playback ID are added
 * at the sandbox; the trash button of the first one removes it there. */
static void
test_playback_ids (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(MdAsset) asset = NULL;
  g_autoptr(MdPlaybackId) original = NULL;
  g_autofree char *asset_id = NULL;
  g_autofree char *original_id = NULL;
  GtkWidget *add_button;
  GtkWidget *remove_button;
  PageWait shown;
  SandboxWait wait;

  md_test_library_add_records (f->sandbox, 2);
  open_page (f);
  md_test_library_wait_for_n (f->page, 2, WAIT_MS);
  md_library_page_select (f->page, 0);
  asset = md_test_library_item (f->page, 0);
  asset_id = g_strdup (md_asset_get_id (asset));
  g_assert_cmpuint (g_list_model_get_n_items (md_asset_get_playback_ids (asset)), ==, 1);
  original = g_list_model_get_item (md_asset_get_playback_ids (asset), 0);
  original_id = g_strdup (md_playback_id_get_id (original));
  g_assert_cmpint (md_playback_id_get_policy (original), ==, MD_PLAYBACK_POLICY_PUBLIC);

  /* The add menu's items, activated where the menu is. */
  add_button = md_test_find_child (GTK_WIDGET (f->page), "add_playback_button");
  g_assert_nonnull (add_button);
  g_assert_true (gtk_widget_is_drawable (add_button));

  g_assert_true (gtk_widget_activate_action (add_button, "library.add-playback-id", "s", "signed"));
  wait = (SandboxWait) { f, asset_id, NULL, NULL, "signed", 1 };
  g_assert_true (md_test_library_wait_polling (sandbox_has_n_of_policy, &wait, WAIT_MS));

  g_assert_true (gtk_widget_activate_action (add_button, "library.add-playback-id", "s", "public"));
  wait = (SandboxWait) { f, asset_id, NULL, NULL, "public", 2 };
  g_assert_true (md_test_library_wait_polling (sandbox_has_n_of_policy, &wait, WAIT_MS));

  /* The page shows both, as the sandbox answered, and said so. */
  shown = (PageWait) { f, asset, "Playback ID added" };
  g_assert_true (md_test_wait_until (asset_shows_signed_and_public, &shown, WAIT_MS));
  g_assert_true (md_test_wait_until (remove_button_shown, &shown, WAIT_MS));
  g_assert_true (md_test_wait_until (page_lists_playback_ids, &shown, WAIT_MS));
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (
                              GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (remove_button_for_first (&shown),
                                                                            GTK_TYPE_SCROLLED_WINDOW))),
                            G_MAXDOUBLE);
  md_test_screenshot (GTK_WIDGET (f->window), "library-playback-ids-added.png");

  /* The original public ID goes: at once in the page, then at the sandbox. */
  remove_button = find_remove_button (GTK_WIDGET (f->page), original_id);
  g_assert_nonnull (remove_button);
  g_signal_emit_by_name (remove_button, "clicked");
  g_assert_cmpuint (count_shown_policy (asset, MD_PLAYBACK_POLICY_PUBLIC), ==, 1);
  wait = (SandboxWait) { f, asset_id, NULL, original_id, NULL, 0 };
  g_assert_true (md_test_library_wait_polling (sandbox_has_no_playback_id, &wait, WAIT_MS));
  g_assert_true (md_test_wait_until (page_lists_playback_ids, &shown, WAIT_MS));
  g_assert_null (md_test_find_label (GTK_WIDGET (f->page), original_id));
  wait = (SandboxWait) { f, asset_id, NULL, NULL, "public", 1 };
  g_assert_true (sandbox_has_n_of_policy (&wait));
  wait = (SandboxWait) { f, asset_id, NULL, NULL, "signed", 1 };
  g_assert_true (sandbox_has_n_of_policy (&wait));
}

/* Refresh ----------------------------------------------------------------- */

typedef struct
{
  Fixture    *f;
  guint       n;
  const char *asset_id;
  const char *title;
} RefreshWait;

static gboolean
page_caught_up (gpointer user_data)
{
  RefreshWait *wait = user_data;
  g_autoptr(MdAsset) asset = md_test_library_find (wait->f->page, wait->asset_id, NULL);

  return g_list_model_get_n_items (md_library_page_get_model (wait->f->page)) == wait->n &&
         asset != NULL && g_strcmp0 (md_asset_get_title (asset), wait->title) == 0;
}

/* What changed at Mux behind the page's back (new videos, a title) shows
 * after Ctrl+R, and again after F5. */
static void
test_refresh (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(MdAsset) asset = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  RefreshWait wait = { f, 5, NULL, "Renamed elsewhere" };

  md_test_library_add_records (f->sandbox, 2);
  open_page (f);
  md_test_library_wait_for_n (f->page, 2, WAIT_MS);
  md_test_library_wait_for_state (f->page, "list", WAIT_MS);
  asset = md_test_library_item (f->page, 1);
  wait.asset_id = md_asset_get_id (asset);

  md_test_library_add_records (f->sandbox, 3);
  path = g_strdup_printf ("/video/v1/assets/%s", wait.asset_id);
  g_assert_cmpuint (md_test_sandbox_api (f->sandbox, "PATCH", path, "{\"meta\":{\"title\":\"Renamed elsewhere\"}}",
                                         NULL, &error), ==, 200);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (md_library_page_get_model (f->page)), ==, 2);

  gtk_widget_grab_focus (GTK_WIDGET (md_library_page_get_list_view (f->page)));
  md_test_press (GTK_WIDGET (f->page), "<Control>r", "library.refresh");
  g_assert_true (md_test_wait_until (page_caught_up, &wait, WAIT_MS));
  md_test_library_wait_for_state (f->page, "list", WAIT_MS);
  md_test_screenshot (GTK_WIDGET (f->window), "library-refreshed.png");

  md_test_library_add_records (f->sandbox, 1);
  wait.n = 6;
  md_test_press (GTK_WIDGET (f->page), "F5", "library.refresh");
  g_assert_true (md_test_wait_until (page_caught_up, &wait, WAIT_MS));
}

/* Preparing assets ---------------------------------------------------------- */

typedef struct
{
  Fixture    *f;
  const char *ids[2];
  guint       n;          /* API requests logged */
  gint64      first_us;
  gint64      last_us;
  gboolean    seen[2];    /* each asset asked after */
} Polls;

/* Reads the sandbox's request log: the API requests since it was cleared. */
static void
read_polls (Polls *polls)
{
  g_autoptr(JsonArray) requests = NULL;

  requests = md_test_sandbox_request_log (polls->f->sandbox);
  polls->n = 0;
  polls->seen[0] = polls->seen[1] = FALSE;
  for (guint i = 0; i < json_array_get_length (requests); i++)
    {
      JsonObject *request = json_array_get_object_element (requests, i);
      const char *path = json_object_get_string_member (request, "path");
      gint64 time_us = json_object_get_int_member (request, "time_us");

      if (!g_str_has_prefix (path, "/video/v1/"))
        continue;
      if (polls->n++ == 0)
        polls->first_us = time_us;
      polls->last_us = time_us;
      for (guint j = 0; j < 2; j++)
        polls->seen[j] |= g_str_has_suffix (path, polls->ids[j]);
    }
}

static gboolean
both_polled_a_few_times (gpointer user_data)
{
  Polls *polls = user_data;

  read_polls (polls);
  return polls->n >= 6 && polls->seen[0] && polls->seen[1];
}

static gboolean
both_ready_in_page (gpointer user_data)
{
  Polls *polls = user_data;

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(MdAsset) asset = md_test_library_find (polls->f->page, polls->ids[i], NULL);

      if (asset == NULL || md_asset_get_status (asset) != MD_ASSET_STATUS_READY)
        return FALSE;
    }
  return TRUE;
}

static void
collect_rows (GtkWidget *widget,
              GPtrArray *rows)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (MD_IS_ASSET_ROW (child))
        g_ptr_array_add (rows, child);
      else
        collect_rows (child, rows);
    }
}

/* The row bound to @asset_id. */
static MdAssetRow *
find_row (Fixture    *f,
          const char *asset_id)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect_rows (GTK_WIDGET (md_library_page_get_list_view (f->page)), rows);
  for (guint i = 0; i < rows->len; i++)
    {
      MdAsset *asset = md_asset_row_get_asset (g_ptr_array_index (rows, i));

      if (asset != NULL && g_strcmp0 (md_asset_get_id (asset), asset_id) == 0)
        return g_ptr_array_index (rows, i);
    }
  return NULL;
}

static guint
count_badges (GtkWidget  *widget,
              const char *css_class)
{
  guint n = gtk_widget_has_css_class (widget, css_class) && gtk_widget_get_visible (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_badges (child, css_class);
  return n;
}

static guint
count_row_badges (Fixture    *f,
                  MdAsset    *asset,
                  const char *css_class)
{
  MdAssetRow *row = find_row (f, md_asset_get_id (asset));

  g_assert_nonnull (row);
  return count_badges (GTK_WIDGET (row), css_class);
}

static gboolean
rows_say_ready (gpointer user_data)
{
  Polls *polls = user_data;

  for (guint i = 0; i < 2; i++)
    {
      MdAssetRow *row = find_row (polls->f, polls->ids[i]);

      if (row == NULL || !md_test_label_shows (GTK_WIDGET (row), "Ready"))
        return FALSE;
    }
  return TRUE;
}

/* Two uploads stay preparing at the sandbox while the page is open: it asks
 * after each in turn, both together no more than once a second, and once
 * the sandbox has made them ready they turn ready in the list, without a
 * refresh. */
static void
test_preparing_turns_ready (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  Polls polls = { f, { NULL, NULL }, 0 };
  double span;

  md_test_library_add_records (f->sandbox, 1);
  md_test_library_hold_ingest (f->sandbox, TRUE);
  first = md_test_library_upload (f->sandbox, video_path, "Uploaded first");
  second = md_test_library_upload (f->sandbox, video_path, "Uploaded second");
  polls.ids[0] = first;
  polls.ids[1] = second;

  open_page (f);
  md_test_library_wait_for_n (f->page, 3, WAIT_MS);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(MdAsset) asset = md_test_library_find (f->page, polls.ids[i], NULL);
      g_assert_cmpint (md_asset_get_status (asset), ==, MD_ASSET_STATUS_PREPARING);
    }
  md_test_sandbox_clear_request_log (f->sandbox);

  /* Held: the page keeps asking, each asset in turn. */
  g_assert_true (md_test_library_wait_polling (both_polled_a_few_times, &polls, WAIT_MS));
  md_test_screenshot (GTK_WIDGET (f->window), "library-preparing.png");

  md_test_library_hold_ingest (f->sandbox, FALSE);
  g_assert_true (md_test_wait_until (both_ready_in_page, &polls, WAIT_MS * 2));
  g_assert_true (md_test_wait_until (rows_say_ready, &polls, WAIT_MS));
  md_test_screenshot (GTK_WIDGET (f->window), "library-preparing-done.png");

  /* Every API request since the list loaded, polls of both: one a second,
   * give or take one for when the sandbox saw them. */
  read_polls (&polls);
  span = (polls.last_us - polls.first_us) / (double) G_USEC_PER_SEC;
  g_test_message ("%u API requests in %.1f s", polls.n, span);
  g_assert_cmpuint (polls.n, >=, 6);
  g_assert_cmpfloat (polls.n - 1, <=, span + 1);
}

/* Showing only the videos that are preparing: one that becomes ready at
 * the sandbox leaves the list as the page learns it, without a refresh or
 * a new filter; and shows under "Ready". */
static void
test_filter_follows_status (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *uploaded = NULL;
  g_autoptr(MdAsset) listed = NULL;

  md_test_library_add_records (f->sandbox, 1);
  md_test_library_hold_ingest (f->sandbox, TRUE);
  uploaded = md_test_library_upload (f->sandbox, video_path, "Uploaded, preparing");

  open_page (f);
  md_test_library_wait_for_n (f->page, 2, WAIT_MS);
  g_object_set (f->page, "status-filter", "preparing", NULL);
  md_test_library_wait_for_n (f->page, 1, WAIT_MS);
  listed = md_test_library_item (f->page, 0);
  g_assert_cmpstr (md_asset_get_id (listed), ==, uploaded);

  md_test_library_hold_ingest (f->sandbox, FALSE);
  md_test_library_wait_for_n (f->page, 0, WAIT_MS * 2);
  g_assert_cmpint (md_asset_get_status (listed), ==, MD_ASSET_STATUS_READY);
  g_assert_cmpstr (md_library_page_get_visible_state (f->page), ==, "no-results");

  g_object_set (f->page, "status-filter", "ready", NULL);
  md_test_library_wait_for_n (f->page, 2, WAIT_MS);
}

static GtkWidget *
find_by_type (GtkWidget *widget,
              GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  Fixture    *f;
  const char *asset_id;
  GArray     *fractions;   /* each fraction the row's bar showed, in order */
} ProgressWatch;

/* Notes what the row's progress bar shows now. */
static void
note_fraction (ProgressWatch *watch)
{
  MdAssetRow *row = find_row (watch->f, watch->asset_id);
  GtkWidget *bar = row != NULL ? find_by_type (GTK_WIDGET (row), GTK_TYPE_PROGRESS_BAR) : NULL;
  double fraction;

  if (bar == NULL || !gtk_widget_get_visible (bar))
    return;
  fraction = gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (bar));
  if (watch->fractions->len == 0 ||
      g_array_index (watch->fractions, double, watch->fractions->len - 1) != fraction)
    g_array_append_val (watch->fractions, fraction);
}

static gboolean
bar_noted (gpointer user_data)
{
  ProgressWatch *watch = user_data;

  note_fraction (watch);
  return watch->fractions->len > 0;
}

static gboolean
bar_between (gpointer user_data)
{
  ProgressWatch *watch = user_data;
  MdAssetRow *row = find_row (watch->f, watch->asset_id);

  note_fraction (watch);
  return watch->fractions->len > 0 &&
         g_array_index (watch->fractions, double, watch->fractions->len - 1) > 0 &&
         g_array_index (watch->fractions, double, watch->fractions->len - 1) < 1 &&
         md_test_label_shows (GTK_WIDGET (row), "%");
}

static gboolean
row_ready (gpointer user_data)
{
  ProgressWatch *watch = user_data;
  MdAssetRow *row = find_row (watch->f, watch->asset_id);

  note_fraction (watch);
  return row != NULL && md_test_label_shows (GTK_WIDGET (row), "Ready");
}

/* While the sandbox transcodes an upload (paced to play time), its row's
 * progress bar moves between empty and full, with the percentage beside
 * it, only forwards, and the row turns ready at the end. */
static void
test_progress (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *asset_id = NULL;
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  ProgressWatch watch = { f, NULL, fractions };
  guint between = 0;

  md_test_library_hold_ingest (f->sandbox, TRUE);
  md_test_library_pace_ingest (f->sandbox, TRUE);
  asset_id = md_test_library_upload (f->sandbox, video_path, "Slow to prepare");
  watch.asset_id = asset_id;

  open_page (f);
  md_test_library_wait_for_n (f->page, 1, WAIT_MS);
  md_test_library_wait_for_state (f->page, "list", WAIT_MS);
  /* Held: preparing, the bar empty. */
  g_assert_true (md_test_wait_until (bar_noted, &watch, WAIT_MS));
  g_assert_cmpuint (fractions->len, ==, 1);
  g_assert_cmpfloat (g_array_index (fractions, double, 0), ==, 0);

  md_test_library_hold_ingest (f->sandbox, FALSE);
  g_assert_true (md_test_wait_until (bar_between, &watch, WAIT_MS));
  md_test_screenshot (GTK_WIDGET (f->window), "library-progress.png");
  g_assert_true (md_test_wait_until (row_ready, &watch, WAIT_MS * 2));

  for (guint i = 0; i < fractions->len; i++)
    {
      double fraction = g_array_index (fractions, double, i);

      g_test_message ("progress bar at %.2f", fraction);
      if (i > 0)
        g_assert_cmpfloat (fraction, >=, g_array_index (fractions, double, i - 1));
      between += fraction > 0 && fraction < 1;
    }
  g_assert_cmpuint (between, >=, 2);
}

/* Deleting ---------------------------------------------------------------- */

static gboolean
delete_dialog_mapped (gpointer user_data)
{
  return md_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

typedef struct
{
  Fixture    *f;
  const char *asset_id;
} GoneWait;

static gboolean
gone_at_sandbox (gpointer user_data)
{
  GoneWait *wait = user_data;
  g_autoptr(JsonObject) asset = md_test_library_get_at_sandbox (wait->f->sandbox, wait->asset_id);

  return asset == NULL;
}

/* A video deleted far down the list goes from there, and the list stays
 * where the user is (only a new order, filter or search starts it at the
 * top again). */
static void
test_delete_keeps_place (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(MdAsset) asset = NULL;
  g_autofree char *asset_id = NULL;
  GtkAdjustment *adjustment;
  GtkWindow *dialog;
  GoneWait gone = { f, NULL };
  double bottom;
  guint last;

  md_test_library_add_records (f->sandbox, 20);
  open_page (f);
  md_test_library_wait_for_n (f->page, 20, WAIT_MS);
  md_test_library_wait_for_state (f->page, "list", WAIT_MS);
  md_test_wait_for_frame (GTK_WIDGET (f->window));
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (md_library_page_get_list_view (f->page)));
  bottom = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);
  g_assert_cmpfloat (bottom, >, 0);
  gtk_adjustment_set_value (adjustment, bottom);
  md_test_wait_for_frame (GTK_WIDGET (f->window));

  last = g_list_model_get_n_items (md_library_page_get_model (f->page)) - 1;
  md_library_page_select (f->page, last);
  asset = md_test_library_item (f->page, last);
  asset_id = g_strdup (md_asset_get_id (asset));
  gone.asset_id = asset_id;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "library.delete", NULL));
  g_assert_true (md_test_wait_until (delete_dialog_mapped, NULL, WAIT_MS));
  dialog = g_object_ref (md_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "delete");
  gtk_window_destroy (dialog);
  g_object_unref (dialog);

  g_assert_cmpuint (g_list_model_get_n_items (md_library_page_get_model (f->page)), ==, 19);
  g_assert_true (md_test_library_wait_polling (gone_at_sandbox, &gone, WAIT_MS));
  md_test_wait_for_frame (GTK_WIDGET (f->window));
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 0);
  md_test_screenshot (GTK_WIDGET (f->window), "library-deleted-at-bottom.png");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *video_dir = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  md_test_load_app_style ();

  video_dir = g_dir_make_tmp ("md-library-edits-XXXXXX", NULL);
  g_assert_nonnull (video_dir);
  video_path = md_test_make_video (video_dir, "clip.ts", 180);

  g_test_add ("/library-edits/fields", Fixture, NULL,
              fixture_set_up, test_fields, fixture_tear_down);
  g_test_add ("/library-edits/playback-ids", Fixture, NULL,
              fixture_set_up, test_playback_ids, fixture_tear_down);
  g_test_add ("/library-edits/refresh", Fixture, NULL,
              fixture_set_up, test_refresh, fixture_tear_down);
  g_test_add ("/library-edits/preparing-turns-ready", Fixture, NULL,
              fixture_set_up, test_preparing_turns_ready, fixture_tear_down);
  g_test_add ("/library-edits/filter-follows-status", Fixture, NULL,
              fixture_set_up, test_filter_follows_status, fixture_tear_down);
  g_test_add ("/library-edits/progress", Fixture, NULL,
              fixture_set_up, test_progress, fixture_tear_down);
  g_test_add ("/library-edits/delete-keeps-place", Fixture, NULL,
              fixture_set_up, test_delete_keeps_place, fixture_tear_down);

  status = g_test_run ();
  g_unlink (video_path);
  g_rmdir (video_dir);
  g_free (video_path);
  return status;
}
