/* md-storyboard.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-storyboard"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <math.h>

#include "md-storyboard.h"

/* A video's storyboard from the image host (`…/storyboard.json`): one
 * sprite sheet of tiles, each tile the frame at its `start` second, shown
 * until the next tile's start. Parsing is a pure function from bytes (unit
 * tested and safe on any input); loading fetches the JSON and then the
 * sprite, once. */
struct _MdStoryboard
{
  GObject  parent_instance;

  char    *image_uri;
  int      tile_width;
  int      tile_height;
  double   duration;
  GArray  *tiles;        /* MdStoryboardTile, sorted by start */
  GBytes  *image_bytes;
};

G_DEFINE_FINAL_TYPE (MdStoryboard, md_storyboard, G_TYPE_OBJECT)

G_DEFINE_QUARK (md-storyboard-error-quark, md_storyboard_error)

/* Big enough for any real storyboard (Mux makes 50 or 100 tiles). */
#define MAX_TILES 100000
#define MAX_JSON_BYTES (16 * 1024 * 1024)
#define MAX_IMAGE_BYTES (64 * 1024 * 1024)

static gboolean
invalid (GError     **error,
         const char  *what)
{
  g_set_error (error, MD_STORYBOARD_ERROR, MD_STORYBOARD_ERROR_INVALID,
               _("The video’s storyboard cannot be read: %s"), what);
  return FALSE;
}

static gboolean
read_number (JsonObject *object,
             const char *member,
             double     *value)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      *value = (double) json_node_get_int (node);
      return TRUE;
    case G_TYPE_DOUBLE:
      *value = json_node_get_double (node);
      return TRUE;
    default:
      return FALSE;
    }
}

/* Not json_object_get_string_member_with_default(): that one is critical
 * (fatal in tests) when the member is an array or an object. */
static const char *
read_string (JsonObject *object,
             const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static int
compare_tiles (gconstpointer a,
               gconstpointer b)
{
  const MdStoryboardTile *ta = a;
  const MdStoryboardTile *tb = b;

  return (ta->start > tb->start) - (ta->start < tb->start);
}

static gboolean
parse (MdStoryboard  *self,
       GBytes        *json,
       const char    *storyboard_uri,
       GError       **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) parse_error = NULL;
  JsonObject *root;
  JsonArray *tiles;
  const char *url;
  double width, height, duration = 0;
  gsize length;
  const char *data = g_bytes_get_data (json, &length);

  if (length > MAX_JSON_BYTES)
    return invalid (error, _("it is too large"));

  if (!json_parser_load_from_data (parser, data != NULL ? data : "", length, &parse_error))
    return invalid (error, parse_error->message);

  if (json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return invalid (error, _("it is not a JSON object"));
  root = json_node_get_object (json_parser_get_root (parser));

  url = read_string (root, "url");
  if (url == NULL || *url == '\0')
    return invalid (error, _("it names no image"));

  if (!read_number (root, "tile_width", &width) || !read_number (root, "tile_height", &height)
      || width < 1 || height < 1 || width > 8192 || height > 8192)
    return invalid (error, _("its tile size is missing or wrong"));

  if (!json_object_has_member (root, "tiles")
      || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, "tiles"))
      || json_array_get_length (tiles = json_object_get_array_member (root, "tiles")) == 0)
    return invalid (error, _("it has no tiles"));
  if (json_array_get_length (tiles) > MAX_TILES)
    return invalid (error, _("it has too many tiles"));

  /* json-glib reads 1e400 as infinity: refuse it with the negatives. */
  if (json_object_has_member (root, "duration")
      && (!read_number (root, "duration", &duration) || !(duration >= 0 && isfinite (duration))))
    return invalid (error, _("its duration is wrong"));

  self->tile_width = (int) width;
  self->tile_height = (int) height;

  for (guint i = 0; i < json_array_get_length (tiles); i++)
    {
      JsonNode *node = json_array_get_element (tiles, i);
      MdStoryboardTile tile = { 0 };
      double start, x, y;

      if (!JSON_NODE_HOLDS_OBJECT (node)
          || !read_number (json_node_get_object (node), "start", &start)
          || !read_number (json_node_get_object (node), "x", &x)
          || !read_number (json_node_get_object (node), "y", &y)
          || start < 0 || x < 0 || y < 0 || x > G_MAXINT / 2 || y > G_MAXINT / 2
          || start > G_MAXINT)
        return invalid (error, _("a tile has no valid start, x or y"));

      tile.start = start;
      tile.x = (int) x;
      tile.y = (int) y;
      g_array_append_val (self->tiles, tile);
    }

  g_array_sort (self->tiles, compare_tiles);

  /* Each tile lasts until the next one starts, the last until the end. */
  for (guint i = 0; i < self->tiles->len; i++)
    {
      MdStoryboardTile *tile = &g_array_index (self->tiles, MdStoryboardTile, i);

      if (i + 1 < self->tiles->len)
        tile->end = g_array_index (self->tiles, MdStoryboardTile, i + 1).start;
      else
        tile->end = MAX (duration, tile->start);
    }
  self->duration = MAX (duration, g_array_index (self->tiles, MdStoryboardTile, self->tiles->len - 1).start);

  /* A relative image URL is relative to the storyboard; a signed
   * storyboard's token goes on to its image. */
  if (storyboard_uri != NULL)
    {
      g_autoptr(GUri) base = g_uri_parse (storyboard_uri, G_URI_FLAGS_ENCODED, NULL);
      g_autoptr(GUri) image = base != NULL ? g_uri_parse_relative (base, url, G_URI_FLAGS_ENCODED, NULL) : NULL;

      if (image == NULL)
        return invalid (error, _("its image address is not valid"));

      if (g_uri_get_query (image) == NULL && g_uri_get_query (base) != NULL)
        {
          g_autoptr(GUri) with_query = g_uri_build (G_URI_FLAGS_ENCODED,
                                                    g_uri_get_scheme (image), g_uri_get_userinfo (image),
                                                    g_uri_get_host (image), g_uri_get_port (image),
                                                    g_uri_get_path (image), g_uri_get_query (base), NULL);
          self->image_uri = g_uri_to_string (with_query);
        }
      else
        self->image_uri = g_uri_to_string (image);
    }
  else
    self->image_uri = g_strdup (url);

  return TRUE;
}

static void
md_storyboard_finalize (GObject *object)
{
  MdStoryboard *self = MD_STORYBOARD (object);

  g_clear_pointer (&self->image_uri, g_free);
  g_clear_pointer (&self->tiles, g_array_unref);
  g_clear_pointer (&self->image_bytes, g_bytes_unref);

  G_OBJECT_CLASS (md_storyboard_parent_class)->finalize (object);
}

static void
md_storyboard_class_init (MdStoryboardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = md_storyboard_finalize;
}

static void
md_storyboard_init (MdStoryboard *self)
{
  self->tiles = g_array_new (FALSE, FALSE, sizeof (MdStoryboardTile));
}

/**
 * md_storyboard_new_from_json:
 * @json: the body of `storyboard.json`
 * @storyboard_uri: (nullable): where it came from, to resolve the image URL
 *
 * Returns: (transfer full) (nullable): the storyboard, or %NULL with
 *   @error set for anything that is not a usable storyboard
 */
MdStoryboard *
md_storyboard_new_from_json (GBytes      *json,
                             const char  *storyboard_uri,
                             GError     **error)
{
  g_autoptr(MdStoryboard) self = NULL;

  g_return_val_if_fail (json != NULL, NULL);

  self = g_object_new (MD_TYPE_STORYBOARD, NULL);
  if (!parse (self, json, storyboard_uri, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
md_storyboard_get_image_uri (MdStoryboard *self)
{
  g_return_val_if_fail (MD_IS_STORYBOARD (self), NULL);

  return self->image_uri;
}

int
md_storyboard_get_tile_width (MdStoryboard *self)
{
  g_return_val_if_fail (MD_IS_STORYBOARD (self), 0);

  return self->tile_width;
}

int
md_storyboard_get_tile_height (MdStoryboard *self)
{
  g_return_val_if_fail (MD_IS_STORYBOARD (self), 0);

  return self->tile_height;
}

double
md_storyboard_get_duration (MdStoryboard *self)
{
  g_return_val_if_fail (MD_IS_STORYBOARD (self), 0);

  return self->duration;
}

guint
md_storyboard_get_n_tiles (MdStoryboard *self)
{
  g_return_val_if_fail (MD_IS_STORYBOARD (self), 0);

  return self->tiles->len;
}

/**
 * md_storyboard_lookup:
 * @seconds: a time in the video
 * @tile: (out): the tile showing @seconds
 *
 * The tile whose `[start, end)` holds @seconds; before the first tile the
 * first, after the last the last (as web players do).
 *
 * Returns: %TRUE (a storyboard always has a tile)
 */
gboolean
md_storyboard_lookup (MdStoryboard     *self,
                      double            seconds,
                      MdStoryboardTile *tile)
{
  guint low = 0;
  guint high;

  g_return_val_if_fail (MD_IS_STORYBOARD (self), FALSE);
  g_return_val_if_fail (tile != NULL, FALSE);

  /* Binary search for the last tile starting at or before @seconds. */
  high = self->tiles->len;
  while (high - low > 1)
    {
      guint middle = low + (high - low) / 2;

      if (g_array_index (self->tiles, MdStoryboardTile, middle).start <= seconds)
        low = middle;
      else
        high = middle;
    }

  *tile = g_array_index (self->tiles, MdStoryboardTile, low);
  return TRUE;
}

/**
 * md_storyboard_get_image_bytes:
 *
 * Returns: (transfer none) (nullable): the sprite sheet's encoded image,
 *   once loaded with md_storyboard_load_async()
 */
GBytes *
md_storyboard_get_image_bytes (MdStoryboard *self)
{
  g_return_val_if_fail (MD_IS_STORYBOARD (self), NULL);

  return self->image_bytes;
}

typedef struct
{
  SoupSession  *session;
  MdStoryboard *storyboard;
  char         *uri;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_object (&data->session);
  g_clear_object (&data->storyboard);
  g_free (data->uri);
  g_free (data);
}

static gboolean
check_response (SoupMessage  *message,
                GBytes       *body,
                gsize         limit,
                GError      **error)
{
  guint status = soup_message_get_status (message);

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_set_error (error, MD_STORYBOARD_ERROR, MD_STORYBOARD_ERROR_HTTP,
                   _("The image server refused the storyboard (HTTP %u)"), status);
      return FALSE;
    }
  if (g_bytes_get_size (body) > limit)
    {
      g_set_error (error, MD_STORYBOARD_ERROR, MD_STORYBOARD_ERROR_INVALID,
                   _("The video’s storyboard cannot be read: %s"), _("it is too large"));
      return FALSE;
    }
  return TRUE;
}

static void
on_image_loaded_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LoadData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (body == NULL
      || !check_response (soup_session_get_async_result_message (SOUP_SESSION (source), result),
                          body, MAX_IMAGE_BYTES, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  data->storyboard->image_bytes = g_steal_pointer (&body);
  g_task_return_pointer (task, g_object_ref (data->storyboard), g_object_unref);
}

static void
on_json_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LoadData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(SoupMessage) message = NULL;
  GError *error = NULL;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (body == NULL
      || !check_response (soup_session_get_async_result_message (SOUP_SESSION (source), result),
                          body, MAX_JSON_BYTES, &error)
      || (data->storyboard = md_storyboard_new_from_json (body, data->uri, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  message = soup_message_new (SOUP_METHOD_GET, data->storyboard->image_uri);
  if (message == NULL)
    {
      g_task_return_new_error (task, MD_STORYBOARD_ERROR, MD_STORYBOARD_ERROR_INVALID,
                               _("The video’s storyboard cannot be read: %s"),
                               _("its image address is not valid"));
      return;
    }

  soup_session_send_and_read_async (data->session, message, G_PRIORITY_LOW,
                                    g_task_get_cancellable (task),
                                    on_image_loaded_cb, g_object_ref (task));
}

/**
 * md_storyboard_load_async:
 * @storyboard_uri: the `storyboard.json` URL (with `?token=` when signed)
 *
 * Fetches the storyboard and its sprite sheet, at low priority.
 */
void
md_storyboard_load_async (const char          *storyboard_uri,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SoupMessage) message = NULL;
  LoadData *data;

  g_return_if_fail (storyboard_uri != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, md_storyboard_load_async);

  data = g_new0 (LoadData, 1);
  data->uri = g_strdup (storyboard_uri);
  data->session = soup_session_new ();
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);

  message = soup_message_new (SOUP_METHOD_GET, storyboard_uri);
  if (message == NULL)
    {
      g_task_return_new_error (task, MD_STORYBOARD_ERROR, MD_STORYBOARD_ERROR_INVALID,
                               _("The video’s storyboard cannot be read: %s"),
                               _("its address is not valid"));
      return;
    }

  soup_session_send_and_read_async (data->session, message, G_PRIORITY_LOW, cancellable,
                                    on_json_loaded_cb, g_steal_pointer (&task));
}

/**
 * md_storyboard_load_finish:
 *
 * Returns: (transfer full) (nullable): the storyboard with its image bytes
 */
MdStoryboard *
md_storyboard_load_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == md_storyboard_load_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
