/* md-test-library.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "md-test-library.h"

#include <string.h>

#include "md-test-utils.h"

/**
 * md_test_library_client:
 * @secret: (nullable): another secret than the sandbox's (a wrong one)
 *
 * Returns: (transfer full): a client for the sandbox's API and hosts
 */
MdClient *
md_test_library_client (MdTestSandbox *sandbox,
                        const char    *secret)
{
  MdClient *client = md_client_new (md_test_sandbox_get_token_id (sandbox),
                                    secret != NULL ? secret : md_test_sandbox_get_token_secret (sandbox));

  md_client_set_api_url (client, md_test_sandbox_get_api_url (sandbox));
  md_client_set_stream_url (client, md_test_sandbox_get_stream_url (sandbox));
  md_client_set_image_url (client, md_test_sandbox_get_image_url (sandbox));
  return client;
}

typedef struct
{
  MdLibraryPage *page;
  const char    *state;
  guint          n;
} PageWait;

static gboolean
state_is (gpointer user_data)
{
  PageWait *wait = user_data;

  return g_strcmp0 (md_library_page_get_visible_state (wait->page), wait->state) == 0;
}

/* Waits until the page shows @state (its stack's page: list, loading,
 * empty, no-results, error, signed-out, live, live-empty). */
void
md_test_library_wait_for_state (MdLibraryPage *page,
                                const char    *state,
                                guint          timeout_ms)
{
  PageWait wait = { page, state, 0 };

  if (!md_test_wait_until (state_is, &wait, timeout_ms))
    g_error ("the page shows “%s”, not “%s”", md_library_page_get_visible_state (page), state);
}

static gboolean
model_has_n (gpointer user_data)
{
  PageWait *wait = user_data;

  return g_list_model_get_n_items (md_library_page_get_model (wait->page)) == wait->n;
}

/* Waits until the page's list (filtered and sorted) holds @n videos. */
void
md_test_library_wait_for_n (MdLibraryPage *page,
                            guint          n,
                            guint          timeout_ms)
{
  PageWait wait = { page, NULL, n };

  if (!md_test_wait_until (model_has_n, &wait, timeout_ms))
    g_error ("the list has %u videos, not %u", g_list_model_get_n_items (md_library_page_get_model (page)), n);
}

/* Returns: (transfer full): the asset shown at @position */
MdAsset *
md_test_library_item (MdLibraryPage *page,
                      guint          position)
{
  return g_list_model_get_item (md_library_page_get_model (page), position);
}

/* Returns: (transfer full) (nullable): the asset with @asset_id in the
 * page's list, and its position there */
MdAsset *
md_test_library_find (MdLibraryPage *page,
                      const char    *asset_id,
                      guint         *out_position)
{
  GListModel *model = md_library_page_get_model (page);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(MdAsset) asset = g_list_model_get_item (model, i);

      if (g_strcmp0 (md_asset_get_id (asset), asset_id) == 0)
        {
          if (out_position != NULL)
            *out_position = i;
          return g_steal_pointer (&asset);
        }
    }
  return NULL;
}

/* Sandbox ---------------------------------------------------------------- */

/* @n ready assets ("Synthetic asset 1…n") at the sandbox. */
void
md_test_library_add_records (MdTestSandbox *sandbox,
                             guint          n)
{
  g_autofree char *body = g_strdup_printf ("{\"assets\":%u}", n);
  g_autoptr(GError) error = NULL;

  g_assert_true (md_test_sandbox_admin (sandbox, "POST", "/_sandbox/records", body, NULL, &error));
  g_assert_no_error (error);
}

void
md_test_library_add_fault (MdTestSandbox *sandbox,
                           const char    *rule)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (md_test_sandbox_admin (sandbox, "POST", "/_sandbox/faults", rule, NULL, &error));
  g_assert_no_error (error);
}

/**
 * md_test_library_list_at_sandbox:
 *
 * Every asset the sandbox lists, page after page, as Mux gives them
 * (newest first).
 *
 * Returns: (transfer full) (element-type JsonObject): the assets
 */
GPtrArray *
md_test_library_list_at_sandbox (MdTestSandbox *sandbox)
{
  GPtrArray *assets = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autofree char *cursor = NULL;

  do
    {
      g_autoptr(JsonNode) reply = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *path = cursor != NULL
                              ? g_strdup_printf ("/video/v1/assets?limit=100&cursor=%s", cursor)
                              : g_strdup ("/video/v1/assets?limit=100");
      JsonObject *object;
      JsonArray *data;
      guint status;

      status = md_test_sandbox_api (sandbox, "GET", path, NULL, &reply, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (status, ==, 200);
      object = json_node_get_object (reply);
      data = json_object_get_array_member (object, "data");
      for (guint i = 0; i < json_array_get_length (data); i++)
        g_ptr_array_add (assets, json_object_ref (json_array_get_object_element (data, i)));
      g_clear_pointer (&cursor, g_free);
      if (json_object_has_member (object, "next_cursor") &&
          !json_object_get_null_member (object, "next_cursor"))
        cursor = g_strdup (json_object_get_string_member (object, "next_cursor"));
    }
  while (cursor != NULL);

  return assets;
}

/* Returns: (transfer full) (nullable): the asset as the sandbox has it
 * now, %NULL once it is gone (404) */
JsonObject *
md_test_library_get_at_sandbox (MdTestSandbox *sandbox,
                                const char    *asset_id)
{
  g_autofree char *path = g_strdup_printf ("/video/v1/assets/%s", asset_id);
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GError) error = NULL;
  guint status;

  status = md_test_sandbox_api (sandbox, "GET", path, NULL, &reply, &error);
  g_assert_no_error (error);
  if (status == 404)
    return NULL;
  g_assert_cmpuint (status, ==, 200);
  return json_object_ref (json_object_get_object_member (json_node_get_object (reply), "data"));
}

/**
 * md_test_library_upload:
 * @path: a media file
 * @title: the new asset's title
 *
 * Uploads @path to the sandbox as a direct upload would (one whole-file
 * PUT to the upload URL), which makes its asset at once; the asset stays
 * preparing while the sandbox ingests it (or holds ingest).
 *
 * Returns: (transfer full): the new asset's id
 */
char *
md_test_library_upload (MdTestSandbox *sandbox,
                        const char    *path,
                        const char    *title)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *request = NULL;
  g_autofree char *upload_path = NULL;
  g_autofree char *contents = NULL;
  JsonObject *upload;
  gsize length;

  request = g_strdup_printf ("{\"cors_origin\":\"*\",\"new_asset_settings\":"
                             "{\"playback_policies\":[\"public\"],\"meta\":{\"title\":\"%s\"}}}", title);
  g_assert_cmpuint (md_test_sandbox_api (sandbox, "POST", "/video/v1/uploads", request, &created, &error), ==, 201);
  g_assert_no_error (error);
  upload = json_object_get_object_member (json_node_get_object (created), "data");

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  body = g_bytes_new_take (g_steal_pointer (&contents), length);
  message = soup_message_new ("PUT", json_object_get_string_member (upload, "url"));
  soup_message_set_request_body_from_bytes (message, "application/octet-stream", body);
  answer = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, 200);

  upload_path = g_strdup_printf ("/video/v1/uploads/%s", json_object_get_string_member (upload, "id"));
  g_assert_cmpuint (md_test_sandbox_api (sandbox, "GET", upload_path, NULL, &reply, &error), ==, 200);
  g_assert_no_error (error);
  upload = json_object_get_object_member (json_node_get_object (reply), "data");
  g_assert_cmpstr (json_object_get_string_member (upload, "status"), ==, "asset_created");
  return g_strdup (json_object_get_string_member (upload, "asset_id"));
}

/* Holds the sandbox's ingest (uploaded assets stay preparing) or lets it go. */
void
md_test_library_hold_ingest (MdTestSandbox *sandbox,
                             gboolean       hold)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (md_test_sandbox_admin (sandbox, "POST", "/_sandbox/ingest",
                                        hold ? "{\"hold\":true}" : "{\"hold\":false}", NULL, &error));
  g_assert_no_error (error);
}

/* Ingests started from now on take as long as their video plays (or go
 * at full speed again), so their progress climbs slowly. */
void
md_test_library_pace_ingest (MdTestSandbox *sandbox,
                             gboolean       realtime)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (md_test_sandbox_admin (sandbox, "POST", "/_sandbox/ingest",
                                        realtime ? "{\"realtime\":true}" : "{\"realtime\":false}", NULL, &error));
  g_assert_no_error (error);
}

typedef struct
{
  MdTestCondition condition;
  gpointer        user_data;
  gint64          last_check;
} Polling;

static gboolean
on_polling_tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static gboolean
polled_condition (gpointer user_data)
{
  Polling *polling = user_data;
  gint64 now = g_get_monotonic_time ();

  if (now - polling->last_check < G_USEC_PER_SEC / 2)
    return FALSE;
  polling->last_check = now;
  return polling->condition (polling->user_data);
}

/**
 * md_test_library_wait_polling:
 *
 * md_test_wait_until() for a @condition that asks the sandbox over HTTP:
 * checked twice a second at most (the test's requests share the
 * sandbox's rate limit with the app's), and at least that often, whatever
 * else the main loop has to do.
 */
gboolean
md_test_library_wait_polling (MdTestCondition condition,
                              gpointer        user_data,
                              guint           timeout_ms)
{
  Polling polling = { condition, user_data, 0 };
  guint tick = g_timeout_add (250, on_polling_tick_cb, NULL);
  gboolean met;

  met = md_test_wait_until (polled_condition, &polling, timeout_ms);
  g_source_remove (tick);
  return met;
}

/* Widgets ---------------------------------------------------------------- */

/* Returns: (transfer none) (nullable): the first label under @widget whose
 * text contains @text */
GtkWidget *
md_test_find_label (GtkWidget  *widget,
                    const char *text)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_label (GTK_LABEL (widget)), text) != NULL)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = md_test_find_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Whether a label with @text is mapped under @widget; inside a toast, once
 * the toast has finished sliding in. */
gboolean
md_test_label_shows (GtkWidget  *widget,
                     const char *text)
{
  GtkWidget *label = md_test_find_label (widget, text);
  GtkWidget *toast = label;
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (widget));
  graphene_rect_t bounds;

  if (label == NULL || !gtk_widget_get_mapped (label))
    return FALSE;
  while (toast != NULL && g_strcmp0 (gtk_widget_get_css_name (toast), "toast") != 0)
    toast = gtk_widget_get_parent (toast);
  if (toast == NULL)
    return TRUE;
  /* The toast slides and fades in: wait until it is all there. */
  return gtk_widget_get_opacity (toast) >= 1.0 &&
         gtk_widget_compute_bounds (toast, root, &bounds) &&
         bounds.origin.y + bounds.size.height <= gtk_widget_get_height (root) - 6;
}
