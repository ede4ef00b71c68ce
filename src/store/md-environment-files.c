/* md-environment-files.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-environment-files"

#include "config.h"

#include "md-environment-files.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "md-engagement-choices.h"
#include "md-library-cache.h"
#include "md-upload-journal.h"

/* The files that belong to environments: the list (environments.json)
 * and each environment's data folders. Blocking: for worker threads. */

#define FILE_VERSION 1

/**
 * md_environment_files_serialize:
 * @environments: (element-type MdEnvironment): the list; the demo is left out
 * @active_id: (nullable): the active environment's id
 *
 * Returns: (transfer full): the contents of environments.json
 */
char *
md_environment_files_serialize (GPtrArray  *environments,
                                const char *active_id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, FILE_VERSION);
  if (active_id != NULL)
    {
      json_builder_set_member_name (builder, "active");
      json_builder_add_string_value (builder, active_id);
    }
  json_builder_set_member_name (builder, "environments");
  json_builder_begin_array (builder);
  for (guint i = 0; i < environments->len; i++)
    {
      MdEnvironment *item = g_ptr_array_index (environments, i);

      if (!md_environment_get_is_demo (item))
        json_builder_add_value (builder, md_environment_to_json (item));
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, TRUE);
}

/**
 * md_environment_files_write:
 *
 * Replaces the file at @path with @contents atomically (a temporary file
 * renamed over it: a crash leaves the old list or the new one, never half
 * of one), readable by the user only.
 */
gboolean
md_environment_files_write (const char  *path,
                            const char  *contents,
                            GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) local_error = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create the folder “%s”: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  if (!g_file_replace_contents (file, contents, strlen (contents), NULL, FALSE,
                                G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                                NULL, NULL, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("Could not save the list of environments: %s"), local_error->message);
      return FALSE;
    }

  return TRUE;
}

/**
 * md_environment_files_read:
 * @out_environments: (out) (element-type MdEnvironment): the environments
 * @out_active_id: (out) (nullable): the active one's id, if saved
 *
 * Reads environments.json; a missing file is an empty list. A damaged
 * file fails with %G_IO_ERROR_INVALID_DATA and is renamed to
 * `PATH.damaged`, so that the next save does not destroy it.
 */
gboolean
md_environment_files_read (const char  *path,
                           GPtrArray  **out_environments,
                           char       **out_active_id,
                           GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) environments = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *aside = NULL;
  JsonObject *root;
  JsonNode *member;
  gsize length;

  *out_environments = NULL;
  *out_active_id = NULL;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      /* No file yet: no environment yet. */
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          *out_environments = g_steal_pointer (&environments);
          return TRUE;
        }
      g_set_error (error, G_IO_ERROR, g_io_error_from_file_error (local_error->code),
                   _("Could not read the list of environments: %s"), local_error->message);
      return FALSE;
    }

  if (json_parser_load_from_data (parser, contents, length, &local_error) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)) &&
      (member = json_object_get_member (root = json_node_get_object (json_parser_get_root (parser)),
                                        "environments")) != NULL &&
      JSON_NODE_HOLDS_ARRAY (member))
    {
      JsonArray *array = json_node_get_array (member);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autoptr(GError) item_error = NULL;
          MdEnvironment *item = md_environment_new_from_json (json_array_get_element (array, i), &item_error);

          if (item != NULL)
            g_ptr_array_add (environments, item);
          else
            g_warning ("Skipping environment %u of %s: %s", i, path, item_error->message);
        }

      *out_active_id = g_strdup (json_object_get_string_member_with_default (root, "active", NULL));
      *out_environments = g_steal_pointer (&environments);
      return TRUE;
    }

  /* Damaged: keep it aside for the user rather than overwrite it later. */
  aside = g_strconcat (path, ".damaged", NULL);
  if (g_rename (path, aside) != 0)
    g_clear_pointer (&aside, g_free);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("The list of environments in “%s” is damaged (%s). It was kept as “%s”; "
                 "sign in again to add your environments."),
               path, local_error ? local_error->message : _("not a list of environments"),
               aside ? aside : path);
  return FALSE;
}

static gboolean
delete_tree (GFile         *file,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GError) local_error = NULL;

  /* Not a folder, or gone: g_file_delete() below tells which. */
  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, cancellable, NULL);
  if (children != NULL)
    {
      GFileInfo *info;
      GFile *child;

      while (g_file_enumerator_iterate (children, &info, &child, cancellable, error) && info != NULL)
        {
          if (!delete_tree (child, cancellable, error))
            return FALSE;
        }
    }

  if (!g_file_delete (file, cancellable, &local_error) &&
      !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

/**
 * md_environment_files_delete_data:
 *
 * Deletes the library cache, upload journal and engagement choices folders
 * of an environment.
 * Folders that do not exist are no error.
 */
gboolean
md_environment_files_delete_data (MdEnvironment  *environment,
                                  GCancellable   *cancellable,
                                  GError        **error)
{
  const char *id = md_environment_get_id (environment);
  g_autofree char *cache_path = md_library_cache_dup_default_path (id);
  g_autofree char *journal_path = md_upload_journal_dup_default_path (id);
  g_autofree char *choices_path = md_engagement_choices_dup_default_path (id);
  const char *paths[] = { cache_path, journal_path, choices_path };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autofree char *dir = g_path_get_dirname (paths[i]);
      g_autoptr(GFile) file = g_file_new_for_path (dir);
      g_autoptr(GError) local_error = NULL;

      if (!delete_tree (file, cancellable, &local_error))
        {
          g_set_error (error, local_error->domain, local_error->code,
                       _("Could not delete the data of “%s” in “%s”: %s"),
                       md_environment_get_display_name (environment), dir, local_error->message);
          return FALSE;
        }
    }

  return TRUE;
}
