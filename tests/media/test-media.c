/* test-media.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "md-media.h"

static void
test_init_finds_hls_elements (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (md_media_init (&error));
  g_assert_no_error (error);
}

static void
test_missing_element_is_named (void)
{
  g_autoptr(GError) error = NULL;
  GstRegistry *registry;
  GstPluginFeature *feature;

  g_assert_true (md_media_init (&error));

  /* Take the H.264 decoder out of the registry, as on a machine without
   * gstreamer1.0-libav, and expect the error to name it and its package. */
  registry = gst_registry_get ();
  feature = gst_registry_lookup_feature (registry, "avdec_h264");
  g_assert_nonnull (feature);
  gst_registry_remove_feature (registry, feature);
  gst_object_unref (feature);

  g_assert_false (md_media_init (&error));
  g_assert_error (error, GST_CORE_ERROR, GST_CORE_ERROR_MISSING_PLUGIN);
  g_assert_nonnull (strstr (error->message, "avdec_h264 (gstreamer1.0-libav)"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/media/init-finds-hls-elements", test_init_finds_hls_elements);
  g_test_add_func ("/media/missing-element-is-named", test_missing_element_is_named);

  return g_test_run ();
}
