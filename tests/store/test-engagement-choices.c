/* test-engagement-choices.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "md-engagement-choices.h"
#include "md-store-test.h"

/* MdEngagementChoices on disk: a choice made is read back by the next run
 * (a new object on the same file), most recent first, bounded to the 500
 * most recent assets; a damaged file starts afresh; each environment has
 * its own file; without a path nothing is written. */

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("md-test-engagement-choices-XXXXXX", &error);
  g_assert_no_error (error);
  /* A folder still to make, as in a fresh state dir. */
  f->path = g_build_filename (f->dir, "muxdesk", "env-1", "engagement-choices.json", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *env = g_path_get_dirname (f->path);
  g_autofree char *muxdesk = g_path_get_dirname (env);

  g_remove (f->path);
  g_rmdir (env);
  g_rmdir (muxdesk);
  g_assert_cmpint (g_rmdir (f->dir), ==, 0);
  g_free (f->path);
  g_free (f->dir);
}

static JsonObject *
make_choice (const char *timeframe,
             gint64      limit)
{
  JsonObject *choice = json_object_new ();

  json_object_set_string_member (choice, "identifier", "playback-id");
  json_object_set_string_member (choice, "timeframe", timeframe);
  json_object_set_int_member (choice, "limit", limit);
  return choice;
}

static gboolean
is_saved (gpointer user_data)
{
  return !md_engagement_choices_get_saving (MD_ENGAGEMENT_CHOICES (user_data));
}

/* A new object on @path, as the next run makes it, loaded. */
static MdEngagementChoices *
reopen (const char  *path,
        GError     **error)
{
  MdEngagementChoices *choices = md_engagement_choices_new (path);
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  md_engagement_choices_load_async (choices, NULL, store_test_done_cb, &slot);
  result = store_test_wait (&slot);
  md_engagement_choices_load_finish (choices, result, error);
  return choices;
}

static void
test_kept_across_runs (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(MdEngagementChoices) choices = NULL;
  g_autoptr(MdEngagementChoices) next = NULL;
  g_autoptr(JsonObject) choice = NULL;
  g_autoptr(JsonObject) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  GStatBuf st;

  /* No file yet: no error, no choices. */
  choices = reopen (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (md_engagement_choices_get_n_assets (choices), ==, 0);
  g_assert_null (md_engagement_choices_lookup (choices, "asset-a"));

  choice = make_choice ("30:days", 3);
  md_engagement_choices_remember (choices, "asset-a", choice);
  g_clear_pointer (&choice, json_object_unref);
  choice = make_choice ("24:hours", 10);
  md_engagement_choices_remember (choices, "asset-b", choice);
  /* Changed after: the kept choice is a copy. */
  json_object_set_int_member (choice, "limit", 99);
  g_assert_true (md_engagement_choices_get_saving (choices));
  g_assert_true (md_test_wait_until (is_saved, choices, 10000));

  /* Only the user may read it; nothing in it but the choices. */
  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (f->path, &contents, NULL, NULL));
  g_test_message ("%s", contents);
  g_assert_nonnull (strstr (contents, "\"version\":1"));

  /* The next run finds both, the last chosen first. */
  next = reopen (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (md_engagement_choices_get_n_assets (next), ==, 2);
  found = md_engagement_choices_lookup (next, "asset-b");
  g_assert_nonnull (found);
  g_assert_cmpstr (json_object_get_string_member (found, "timeframe"), ==, "24:hours");
  g_assert_cmpint (json_object_get_int_member (found, "limit"), ==, 10);
  g_assert_cmpstr (json_object_get_string_member (found, "identifier"), ==, "playback-id");
  g_clear_pointer (&found, json_object_unref);
  found = md_engagement_choices_lookup (next, "asset-a");
  g_assert_cmpstr (json_object_get_string_member (found, "timeframe"), ==, "30:days");
  g_assert_true (strstr (contents, "asset-b") < strstr (contents, "asset-a"));

  /* A lookup is a copy too. */
  json_object_set_string_member (found, "timeframe", "7:days");
  g_clear_pointer (&found, json_object_unref);
  found = md_engagement_choices_lookup (next, "asset-a");
  g_assert_cmpstr (json_object_get_string_member (found, "timeframe"), ==, "30:days");
}

static void
test_bounded (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(MdEngagementChoices) choices = md_engagement_choices_new (f->path);
  g_autoptr(MdEngagementChoices) next = NULL;
  g_autoptr(JsonObject) choice = make_choice ("7:days", 5);
  g_autoptr(JsonObject) found = NULL;
  g_autoptr(GError) error = NULL;
  guint n = MD_ENGAGEMENT_CHOICES_MAX_ASSETS + 10;

  g_assert_cmpuint (MD_ENGAGEMENT_CHOICES_MAX_ASSETS, ==, 500);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("asset-%u", i);

      md_engagement_choices_remember (choices, id, choice);
      /* Chosen again before the list is full: recent now. */
      if (i == 499)
        md_engagement_choices_remember (choices, "asset-5", choice);
    }
  g_assert_cmpuint (md_engagement_choices_get_n_assets (choices), ==, 500);
  g_assert_true (md_test_wait_until (is_saved, choices, 10000));

  next = reopen (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (md_engagement_choices_get_n_assets (next), ==, 500);
  /* The ten least recently chosen went: 0 to 10 but 5... */
  for (guint i = 0; i <= 10; i++)
    {
      g_autofree char *id = g_strdup_printf ("asset-%u", i);
      g_autoptr(JsonObject) gone = md_engagement_choices_lookup (next, id);

      if (i != 5)
        g_assert_null (gone);
    }
  /* ...the others stay. */
  found = md_engagement_choices_lookup (next, "asset-5");
  g_assert_nonnull (found);
  g_clear_pointer (&found, json_object_unref);
  found = md_engagement_choices_lookup (next, "asset-11");
  g_assert_nonnull (found);
  g_clear_pointer (&found, json_object_unref);
  found = md_engagement_choices_lookup (next, "asset-509");
  g_assert_nonnull (found);
}

static void
test_damaged_file (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *dir = g_path_get_dirname (f->path);
  g_autoptr(MdEngagementChoices) choices = NULL;
  g_autoptr(MdEngagementChoices) next = NULL;
  g_autoptr(JsonObject) choice = make_choice ("24:hours", 3);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (f->path, "{\"choices\":[{\"asset\":", -1, NULL));
  choices = reopen (f->path, &error);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, f->path));
  g_assert_cmpuint (md_engagement_choices_get_n_assets (choices), ==, 0);
  g_clear_error (&error);

  /* Entries that are not choices are skipped. */
  g_clear_object (&choices);
  g_assert_true (g_file_set_contents (f->path, "{\"version\":1,\"choices\":[1,{\"asset\":2},{},"
                                      "{\"asset\":\"x\",\"limit\":3},{\"asset\":\"x\",\"limit\":5}]}", -1, NULL));
  choices = reopen (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (md_engagement_choices_get_n_assets (choices), ==, 1);

  /* The next choice writes a sound file. */
  md_engagement_choices_remember (choices, "asset-a", choice);
  g_assert_true (md_test_wait_until (is_saved, choices, 10000));
  next = reopen (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (md_engagement_choices_get_n_assets (next), ==, 2);
}

static void
test_per_environment (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *one = md_engagement_choices_dup_default_path ("env-1");
  g_autofree char *two = md_engagement_choices_dup_default_path ("env-2");
  g_autofree char *expected = g_build_filename (g_get_user_state_dir (), "muxdesk", "env-1",
                                                "engagement-choices.json", NULL);
  g_autoptr(MdEngagementChoices) memory = md_engagement_choices_new (NULL);
  g_autoptr(JsonObject) choice = make_choice ("24:hours", 3);
  g_autoptr(JsonObject) found = NULL;

  g_assert_cmpstr (one, ==, expected);
  g_assert_cmpstr (one, !=, two);

  /* Without a path: kept, never written. */
  md_engagement_choices_remember (memory, "asset-a", choice);
  g_assert_false (md_engagement_choices_get_saving (memory));
  found = md_engagement_choices_lookup (memory, "asset-a");
  g_assert_nonnull (found);
  g_assert_null (md_engagement_choices_get_path (memory));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/engagement-choices/kept-across-runs", test_kept_across_runs);
  ADD ("/engagement-choices/bounded", test_bounded);
  ADD ("/engagement-choices/damaged-file", test_damaged_file);
  ADD ("/engagement-choices/per-environment", test_per_environment);
#undef ADD

  return g_test_run ();
}
