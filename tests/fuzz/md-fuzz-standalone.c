/* md-fuzz-standalone.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A main() for the fuzz targets without libFuzzer: feeds every file named on
 * the command line (directories are walked, sorted) to LLVMFuzzerTestOneInput
 * once and prints TAP. With gcc in the ordinary build this replays the seed
 * corpus and every crash regression (tests/fixtures/fuzz/regressions/<target>/) under
 * the same sanitizers as the other unit tests.
 */

#include "config.h"

#include <stdio.h>

#include "md-fuzz.h"

__attribute__((weak)) int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  return 0;
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char *const *) a, *(char *const *) b);
}

static void
collect_files (const char *path,
               GPtrArray  *files)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = NULL;
  const char *name;

  /* A target with no crash regressions has no regressions/ folder. */
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return;
  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_ptr_array_add (files, g_strdup (path));
      return;
    }

  dir = g_dir_open (path, 0, NULL);
  if (dir == NULL)
    return;
  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (names, g_build_filename (path, name, NULL));
  g_ptr_array_sort (names, compare_paths);
  for (guint i = 0; i < names->len; i++)
    collect_files (g_ptr_array_index (names, i), files);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);

  LLVMFuzzerInitialize (&argc, &argv);
  for (int i = 1; i < argc; i++)
    if (argv[i][0] != '-')
      collect_files (argv[i], files);

  if (files->len == 0)
    {
      printf ("1..0 # SKIP no inputs\n");
      return 0;
    }

  printf ("1..%u\n", files->len);
  for (guint i = 0; i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      g_autofree char *contents = NULL;
      g_autoptr(GError) error = NULL;
      gsize length = 0;

      if (!g_file_get_contents (path, &contents, &length, &error))
        {
          printf ("not ok %u - %s: %s\n", i + 1, path, error->message);
          return 1;
        }
      fflush (stdout);
      LLVMFuzzerTestOneInput ((const guint8 *) contents, length);
      printf ("ok %u - %s\n", i + 1, path);
    }
  return 0;
}
