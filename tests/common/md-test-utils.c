/* md-test-utils.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* memmem() */
#define _GNU_SOURCE

#include "config.h"

#include "md-test-utils.h"

#include <string.h>

static gboolean
on_deadline_cb (gpointer user_data)
{
  gboolean *expired = user_data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

/**
 * md_test_wait_until:
 * @condition: checked after each main loop iteration
 * @user_data: passed to @condition
 * @timeout_ms: how long to wait at most
 *
 * Iterates the default main context until @condition holds or the time
 * runs out. Tests wait on real events this way instead of sleeping.
 *
 * Returns: %TRUE if @condition became true in time
 */
gboolean
md_test_wait_until (MdTestCondition condition,
                    gpointer        user_data,
                    guint           timeout_ms)
{
  gboolean expired = FALSE;
  guint deadline_id;

  deadline_id = g_timeout_add (timeout_ms, on_deadline_cb, &expired);

  while (!condition (user_data))
    {
      if (expired)
        return FALSE;
      g_main_context_iteration (NULL, TRUE);
    }

  /* The deadline's own wake-up may be what made @condition true. */
  if (!expired)
    g_source_remove (deadline_id);
  return TRUE;
}

/**
 * md_test_build_path:
 *
 * Returns: a path under the test build dir (`G_TEST_BUILDDIR`), whose parent
 *   folder exists
 */
char *
md_test_build_path (const char *first_element,
                    ...)
{
  g_autofree char *relative = NULL;
  g_autofree char *dir = NULL;
  char *path;
  va_list args;

  va_start (args, first_element);
  relative = g_build_filename_valist (first_element, &args);
  va_end (args);

  path = g_build_filename (g_test_get_dir (G_TEST_BUILT), relative, NULL);
  dir = g_path_get_dirname (path);
  g_mkdir_with_parents (dir, 0755);

  return path;
}

/**
 * md_test_async_result_cb:
 * @user_data: a `GAsyncResult **` that receives a reference to the result
 *
 * A #GAsyncReadyCallback for tests that wait with md_test_wait_for_result().
 */
void
md_test_async_result_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
result_arrived (gpointer user_data)
{
  return *(GAsyncResult **) user_data != NULL;
}

/**
 * md_test_wait_for_result:
 * @result: where md_test_async_result_cb() stores the result
 * @timeout_ms: how long to wait at most
 *
 * Returns: %TRUE if the result arrived in time
 */
gboolean
md_test_wait_for_result (GAsyncResult **result,
                         guint          timeout_ms)
{
  return md_test_wait_until (result_arrived, result, timeout_ms);
}

/**
 * md_test_tree_contains:
 * @dir: a folder
 * @needle: a secret that must never reach disk
 *
 * Searches every byte of every regular file below @dir (symbolic links
 * not followed), binary files such as SQLite databases included: a NUL
 * byte does not end the search.
 *
 * Returns: whether @needle occurs in any of them
 */
gboolean
md_test_tree_contains (const char *dir,
                       const char *needle)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  gsize needle_length = strlen (needle);
  const char *name;

  g_return_val_if_fail (needle_length > 0, FALSE);

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GMappedFile) mapped = NULL;

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          if (md_test_tree_contains (path, needle))
            return TRUE;
          continue;
        }
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR) ||
          (mapped = g_mapped_file_new (path, FALSE, NULL)) == NULL)
        continue;
      if (g_mapped_file_get_length (mapped) >= needle_length &&
          memmem (g_mapped_file_get_contents (mapped), g_mapped_file_get_length (mapped),
                  needle, needle_length) != NULL)
        {
          g_test_message ("found the secret in %s", path);
          return TRUE;
        }
    }

  return FALSE;
}
