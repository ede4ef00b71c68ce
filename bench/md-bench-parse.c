/* md-bench-parse.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * bench/parse.sh drives this program; each run measures one side in its
 * own process so peak RSS is its own:
 *
 *   md-bench-parse parse ours|ref N        parse N asset objects (pages of 100)
 *   md-bench-parse page ours|ref API_URL   page through the sandbox's assets
 *                                          (token id/secret from the environment:
 *                                          MD_BENCH_TOKEN_ID, MD_BENCH_TOKEN_SECRET)
 *
 * It prints "objects=N seconds=S rss_kib=K cpu=C" (C: CPU seconds, its own
 * and its children's).
 */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "md-asset-pager.h"
#include "md-client.h"
#include "md-json-private.h"

#define PAGE 100

static gint64
peak_rss_kib (void)
{
  struct rusage self_usage;
  struct rusage children_usage;

  getrusage (RUSAGE_SELF, &self_usage);
  getrusage (RUSAGE_CHILDREN, &children_usage);
  return MAX (self_usage.ru_maxrss, children_usage.ru_maxrss);
}

/* CPU seconds of this process and its waited-for children (curl): on a
 * machine shared with other work this is steadier than the wall clock. */
static double
cpu_seconds (void)
{
  struct rusage self_usage;
  struct rusage children_usage;

  getrusage (RUSAGE_SELF, &self_usage);
  getrusage (RUSAGE_CHILDREN, &children_usage);
  return self_usage.ru_utime.tv_sec + self_usage.ru_utime.tv_usec / 1e6 +
         self_usage.ru_stime.tv_sec + self_usage.ru_stime.tv_usec / 1e6 +
         children_usage.ru_utime.tv_sec + children_usage.ru_utime.tv_usec / 1e6 +
         children_usage.ru_stime.tv_sec + children_usage.ru_stime.tv_usec / 1e6;
}

/* One page of real-shaped assets, as the API sends them. */
static char *
make_page (guint first,
           guint n)
{
  GString *text = g_string_new ("{\"data\":[");

  for (guint i = 0; i < n; i++)
    {
      guint k = first + i;

      g_string_append_printf (text,
        "%s{\"id\":\"bench%08uAbES7Inwvu4kEBtsQ44HFL6\",\"created_at\":\"%u\",\"status\":\"ready\","
        "\"duration\":%u.25,\"aspect_ratio\":\"16:9\",\"max_resolution_tier\":\"1080p\","
        "\"resolution_tier\":\"1080p\",\"max_stored_resolution\":\"HD\",\"max_stored_frame_rate\":29.97,"
        "\"video_quality\":\"basic\",\"encoding_tier\":\"smart\",\"master_access\":\"none\","
        "\"mp4_support\":\"none\",\"ingest_type\":\"on_demand_direct_upload\","
        "\"upload_id\":\"up%08u\",\"passthrough\":\"job-%u\",\"test\":false,"
        "\"meta\":{\"title\":\"Video number %u\",\"creator_id\":\"cr-%u\"},"
        "\"progress\":{\"state\":\"completed\",\"progress\":100},"
        "\"playback_ids\":[{\"id\":\"pid%08uKT9Yq4eVG4NV\",\"policy\":\"public\"}],"
        "\"tracks\":[{\"type\":\"video\",\"max_width\":1920,\"max_height\":1080,"
        "\"max_frame_rate\":29.97,\"id\":\"tv%u\",\"duration\":%u.25},"
        "{\"type\":\"audio\",\"max_channels\":2,\"id\":\"ta%u\",\"primary\":true,"
        "\"language_code\":\"en\",\"status\":\"ready\"}]}",
        i > 0 ? "," : "", k, 1600000000 + k, 10 + k % 600, k, k, k, k % 50, k, k, 10 + k % 600, k);
    }
  g_string_append (text, "],\"next_cursor\":\"c\"}");

  return g_string_free (text, FALSE);
}

static guint
parse_ours (char    **pages,
            guint     n_pages,
            GPtrArray *keep)
{
  guint objects = 0;

  for (guint p = 0; p < n_pages; p++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = _md_json_parse_data (pages[p], strlen (pages[p]), &error);
      GPtrArray *assets;

      g_assert_no_error (error);
      assets = md_asset_list_new_from_json (root, NULL, &error);
      g_assert_no_error (error);
      objects += assets->len;
      g_ptr_array_add (keep, assets);
    }

  return objects;
}

/* The reference: json-glib alone, keeping each parsed tree as we keep models. */
static guint
parse_ref (char    **pages,
           guint     n_pages,
           GPtrArray *keep)
{
  guint objects = 0;

  for (guint p = 0; p < n_pages; p++)
    {
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();
      g_autoptr(GError) error = NULL;
      JsonArray *data;

      json_parser_load_from_data (parser, pages[p], -1, &error);
      g_assert_no_error (error);
      data = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "data");
      for (guint i = 0; i < json_array_get_length (data); i++)
        if (json_object_get_string_member (json_array_get_object_element (data, i), "id") != NULL)
          objects++;
      g_ptr_array_add (keep, json_parser_steal_root (parser));
    }

  return objects;
}

static int
run_parse (gboolean ours,
           guint    n_objects)
{
  guint n_pages = (n_objects + PAGE - 1) / PAGE;
  g_auto(GStrv) pages = g_new0 (char *, n_pages + 1);
  g_autoptr(GPtrArray) keep = NULL;
  gint64 start;
  guint objects;
  double seconds;
  double cpu_start;

  for (guint p = 0; p < n_pages; p++)
    pages[p] = make_page (p * PAGE, MIN (PAGE, n_objects - p * PAGE));

  if (ours)
    keep = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  else
    keep = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);

  cpu_start = cpu_seconds ();
  start = g_get_monotonic_time ();
  objects = ours ? parse_ours (pages, n_pages, keep) : parse_ref (pages, n_pages, keep);
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;

  printf ("objects=%u seconds=%.6f rss_kib=%" G_GINT64_FORMAT " cpu=%.6f\n", objects, seconds,
          peak_rss_kib (), cpu_seconds () - cpu_start);
  return objects == n_objects ? 0 : 1;
}

static gboolean
is_complete (gpointer user_data)
{
  MdPager *pager = user_data;

  return md_pager_get_complete (pager) || md_pager_get_error (pager) != NULL;
}

static int
run_page_ours (const char *api_url,
               const char *token_id,
               const char *token_secret)
{
  g_autoptr(MdClient) client = md_client_new (token_id, token_secret);
  g_autoptr(MdAssetPager) pager = NULL;
  gint64 start;
  double seconds;
  double cpu_start;

  md_client_set_api_url (client, api_url);
  /* The sandbox runs with --no-rate-limit here: measure the client, not the pacing. */
  g_object_set (client, "rate-limit", FALSE, NULL);
  pager = md_asset_pager_new (client);

  cpu_start = cpu_seconds ();
  start = g_get_monotonic_time ();
  md_pager_set_autoload (MD_PAGER (pager), TRUE);
  while (!is_complete (pager))
    g_main_context_iteration (NULL, TRUE);
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;

  if (md_pager_get_error (MD_PAGER (pager)) != NULL)
    {
      g_printerr ("paging failed: %s\n", md_pager_get_error (MD_PAGER (pager))->message);
      return 1;
    }

  printf ("objects=%u seconds=%.6f rss_kib=%" G_GINT64_FORMAT " cpu=%.6f\n",
          g_list_model_get_n_items (G_LIST_MODEL (pager)), seconds, peak_rss_kib (),
          cpu_seconds () - cpu_start);
  return 0;
}

/* The reference: one curl per page, parsed with plain json-glib. */
static int
run_page_ref (const char *api_url,
              const char *token_id,
              const char *token_secret)
{
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autofree char *cursor = NULL;
  g_autofree char *user = g_strconcat (token_id, ":", token_secret, NULL);
  guint objects = 0;
  double cpu_start = cpu_seconds ();
  gint64 start = g_get_monotonic_time ();
  double seconds;

  do
    {
      g_autofree char *url = NULL;
      g_autofree char *out = NULL;
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();
      g_autoptr(GError) error = NULL;
      JsonObject *root;
      JsonArray *data;
      int status = 0;

      url = cursor != NULL
        ? g_strdup_printf ("%s/video/v1/assets?limit=100&cursor=%s", api_url, cursor)
        : g_strdup_printf ("%s/video/v1/assets?limit=100", api_url);
      {
        /* -u reads the credentials from the argument list; the sandbox's
         * throw-away token is fine there, a real one never goes this way. */
        const char *argv[] = { "curl", "-sS", "--fail", "-u", user, url, NULL };

        g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                      &out, NULL, &status, &error);
      }
      if (error != NULL || !g_spawn_check_wait_status (status, NULL))
        {
          g_printerr ("curl failed\n");
          return 1;
        }

      json_parser_load_from_data (parser, out, -1, &error);
      g_assert_no_error (error);
      root = json_node_get_object (json_parser_get_root (parser));
      data = json_object_get_array_member (root, "data");
      objects += json_array_get_length (data);

      g_clear_pointer (&cursor, g_free);
      if (json_object_has_member (root, "next_cursor") && !json_object_get_null_member (root, "next_cursor"))
        cursor = g_uri_escape_string (json_object_get_string_member (root, "next_cursor"), NULL, FALSE);
      g_ptr_array_add (keep, json_parser_steal_root (parser));
    }
  while (cursor != NULL);

  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  printf ("objects=%u seconds=%.6f rss_kib=%" G_GINT64_FORMAT " cpu=%.6f\n", objects, seconds,
          peak_rss_kib (), cpu_seconds () - cpu_start);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  gboolean ours;

  if (argc != 4 || (g_strcmp0 (argv[2], "ours") != 0 && g_strcmp0 (argv[2], "ref") != 0))
    {
      g_printerr ("usage: %s parse|page ours|ref N|API_URL\n", argv[0]);
      return 2;
    }
  ours = g_str_equal (argv[2], "ours");

  if (g_str_equal (argv[1], "parse"))
    return run_parse (ours, (guint) g_ascii_strtoull (argv[3], NULL, 10));

  if (g_str_equal (argv[1], "page"))
    {
      const char *token_id = g_getenv ("MD_BENCH_TOKEN_ID");
      const char *token_secret = g_getenv ("MD_BENCH_TOKEN_SECRET");

      if (token_id == NULL || token_secret == NULL)
        {
          g_printerr ("MD_BENCH_TOKEN_ID and MD_BENCH_TOKEN_SECRET must be set\n");
          return 2;
        }
      return ours ? run_page_ours (argv[3], token_id, token_secret)
                  : run_page_ref (argv[3], token_id, token_secret);
    }

  g_printerr ("unknown mode %s\n", argv[1]);
  return 2;
}
