/* bench-library.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * bench/library.sh drives this program, one measurement a process:
 *
 *   bench-library first-page API_URL IMAGE_URL CACHE_DB
 *       time from process start to the first frame painted with library
 *       rows in it (from the cache when CACHE_DB holds a listing, else from
 *       the API), then waits for the whole listing (the cache is written)
 *   token id/secret come from MD_BENCH_TOKEN_ID and MD_BENCH_TOKEN_SECRET.
 *
 * It prints "first_page_s=S full_s=S assets=N rss_kib=K".
 */

#include "config.h"

#include <adwaita.h>
#include <stdio.h>
#include <sys/resource.h>

#include "md-asset-pager.h"
#include "md-asset-row.h"
#include "md-library-page.h"

typedef struct
{
  gint64         start;
  double         first_page_s;
  double         full_s;
  MdLibraryPage *page;
  MdClient      *client;
  GMainLoop     *loop;
  guint          expected;
} Bench;

static gint64
peak_rss_kib (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

static gboolean
has_bound_row (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (MD_IS_ASSET_ROW (child) && md_asset_row_get_asset (MD_ASSET_ROW (child)) != NULL)
        return TRUE;
      if (has_bound_row (child))
        return TRUE;
    }
  return FALSE;
}

static void
on_after_paint_cb (GdkFrameClock *clock,
                   Bench         *bench)
{
  if (bench->first_page_s > 0)
    return;
  if (g_strcmp0 (md_library_page_get_visible_state (bench->page), "list") == 0 &&
      has_bound_row (GTK_WIDGET (md_library_page_get_list_view (bench->page))))
    bench->first_page_s = (g_get_monotonic_time () - bench->start) / (double) G_USEC_PER_SEC;
}

static gboolean
on_check_cb (gpointer user_data)
{
  Bench *bench = user_data;
  guint n = g_list_model_get_n_items (md_library_page_get_model (bench->page));

  if (bench->first_page_s > 0 && n >= bench->expected && !md_library_page_get_offline (bench->page))
    {
      bench->full_s = (g_get_monotonic_time () - bench->start) / (double) G_USEC_PER_SEC;
      g_main_loop_quit (bench->loop);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

int
main (int   argc,
      char *argv[])
{
  Bench bench = { 0 };
  g_autoptr(MdLibraryCache) cache = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  GtkWindow *window;

  bench.start = g_get_monotonic_time ();
  if (argc != 6 || !g_str_equal (argv[1], "first-page"))
    {
      fprintf (stderr, "usage: %s first-page API_URL IMAGE_URL CACHE_DB EXPECTED\n", argv[0]);
      return 2;
    }

  gtk_init ();
  adw_init ();

  bench.expected = (guint) g_ascii_strtoull (argv[5], NULL, 10);
  bench.client = md_client_new (g_getenv ("MD_BENCH_TOKEN_ID"), g_getenv ("MD_BENCH_TOKEN_SECRET"));
  md_client_set_api_url (bench.client, argv[2]);
  md_client_set_image_url (bench.client, argv[3]);
  cache = md_library_cache_new_for_path (argv[4]);

  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 1100, 720);
  bench.page = MD_LIBRARY_PAGE (md_library_page_new ());
  gtk_window_set_child (window, GTK_WIDGET (bench.page));
  md_library_page_set_cache (bench.page, cache);
  md_library_page_set_client (bench.page, bench.client);
  gtk_window_present (window);

  gtk_widget_realize (GTK_WIDGET (window));
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                    G_CALLBACK (on_after_paint_cb), &bench);

  loop = bench.loop = g_main_loop_new (NULL, FALSE);
  g_timeout_add (10, on_check_cb, &bench);
  g_main_loop_run (loop);

  printf ("first_page_s=%.4f full_s=%.3f assets=%u rss_kib=%" G_GINT64_FORMAT "\n",
          bench.first_page_s, bench.full_s,
          g_list_model_get_n_items (md_library_page_get_model (bench.page)), peak_rss_kib ());

  gtk_window_destroy (window);
  g_clear_object (&bench.client);
  return 0;
}
