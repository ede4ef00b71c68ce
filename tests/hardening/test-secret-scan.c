/* test-secret-scan.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Secrets never reach disk, GSettings, logs or output. secret-scenario runs
 * the whole life of a token and a signing key through the real code against
 * the sandbox, in a child with a fresh HOME, XDG dirs and TMPDIR, the
 * GSettings keyfile backend and G_MESSAGES_DEBUG=all. Then everything it
 * could have written — its HOME (config, data, cache, state, the GSettings
 * keyfile), runtime dir, TMPDIR, the build tree's files changed meanwhile,
 * and its captured stdout/stderr — is searched for the token secret and the
 * private key: raw, base64 (as in an Authorization header or as Mux hands
 * the key out), the decoded PEM and each PEM body line.
 *
 * Files are searched whole: the SQLite files (library.db, uploads.db) hold
 * NUL bytes from their first page on.
 *
 * The scanner first proves it can fail: it must find each form of a secret
 * planted in a sample file, and a secret planted after NUL bytes in a
 * binary file (there md_test_tree_contains(), the UI tests' scan, too).
 */

/* memmem() */
#define _GNU_SOURCE

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "md-keyring.h"
#include "md-test-sandbox.h"
#include "md-test-utils.h"

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
    }
  g_remove (path);
}

typedef struct
{
  char   *label;
  GBytes *bytes;
} Needle;

static void
needle_free (Needle *needle)
{
  g_free (needle->label);
  g_bytes_unref (needle->bytes);
  g_free (needle);
}

static void
add_needle (GPtrArray  *needles,
            const char *label,
            const char *text)
{
  Needle *needle = g_new0 (Needle, 1);

  needle->label = g_strdup (label);
  needle->bytes = g_bytes_new (text, strlen (text));
  g_ptr_array_add (needles, needle);
}

/* Every form a secret could be written in. */
static GPtrArray *
needles_for_token (const char *token_id,
                   const char *token_secret)
{
  GPtrArray *needles = g_ptr_array_new_with_free_func ((GDestroyNotify) needle_free);
  g_autofree char *basic = g_strdup_printf ("%s:%s", token_id, token_secret);
  g_autofree char *basic_b64 = g_base64_encode ((const guchar *) basic, strlen (basic));
  g_autofree char *secret_b64 = g_base64_encode ((const guchar *) token_secret, strlen (token_secret));

  add_needle (needles, "token secret", token_secret);
  add_needle (needles, "token secret, base64", secret_b64);
  add_needle (needles, "Basic authorization (id:secret, base64)", basic_b64);
  return needles;
}

static void
add_private_key_needles (GPtrArray  *needles,
                         const char *private_key_b64)
{
  g_autofree guchar *pem = NULL;
  g_autofree char *pem_text = NULL;
  g_auto(GStrv) lines = NULL;
  gsize length = 0;
  guint body_lines = 0;

  add_needle (needles, "private key, base64 as Mux returns it", private_key_b64);
  pem = g_base64_decode (private_key_b64, &length);
  pem_text = g_strndup ((const char *) pem, length);
  g_assert_nonnull (strstr (pem_text, "-----BEGIN"));
  add_needle (needles, "private key, PEM", pem_text);

  /* A line of the PEM body is enough to leak part of the key. */
  lines = g_strsplit (pem_text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (strlen (lines[i]) >= 40 && !g_str_has_prefix (lines[i], "-----"))
        {
          g_autofree char *label = g_strdup_printf ("private key, PEM body line %u", i);

          add_needle (needles, label, lines[i]);
          body_lines++;
        }
    }
  g_assert_cmpuint (body_lines, >, 10);
}

/* Returns what was found, one "NEEDLE in PLACE" line each. */
static void
scan_bytes (const char *place,
            GBytes     *haystack,
            GPtrArray  *needles,
            GString    *found)
{
  gsize length;
  const char *data = g_bytes_get_data (haystack, &length);

  for (guint i = 0; i < needles->len; i++)
    {
      Needle *needle = g_ptr_array_index (needles, i);
      gsize needle_length;
      const char *needle_data = g_bytes_get_data (needle->bytes, &needle_length);

      if (data != NULL && memmem (data, length, needle_data, needle_length) != NULL)
        g_string_append_printf (found, "%s in %s\n", needle->label, place);
    }
}

/* Scans every regular file under @path changed at or after @since (µs). */
static guint
scan_tree (const char *path,
           gint64      since,
           GPtrArray  *needles,
           GString    *found)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInfo) info = g_file_query_info (file, "standard::type,standard::size,time::modified",
                                                 G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  guint scanned = 0;

  if (info == NULL)
    return 0;

  if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          scanned += scan_tree (child, since, needles, found);
        }
      return scanned;
    }

  if (g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR
      && g_file_info_get_attribute_uint64 (info, "time::modified") * G_USEC_PER_SEC
         + g_file_info_get_attribute_uint32 (info, "time::modified-usec") >= (guint64) MAX (since, 0))
    {
      g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, NULL);

      if (mapped != NULL)
        {
          g_autoptr(GBytes) bytes = g_mapped_file_get_bytes (mapped);

          scan_bytes (path, bytes, needles, found);
          scanned = 1;
        }
    }
  return scanned;
}

static void
test_scanner_finds_planted_secrets (void)
{
  g_autoptr(GPtrArray) needles = needles_for_token ("tok-id-1234", "s3cr3t-planted-value-0987");
  g_autofree char *dir = g_dir_make_tmp ("md-secret-plant-XXXXXX", NULL);
  g_autofree char *private_pem = NULL;
  g_autofree char *private_b64 = NULL;
  g_auto(GStrv) pem_lines = NULL;
  g_autoptr(GString) found = g_string_new (NULL);
  g_autofree char *binary_finding = NULL;
  char *body_line = NULL;
  struct { const char *name; char *contents; } samples[4] = { { 0 } };

  /* A made-up PEM of the right shape: 2048-bit keys have ~25 body lines. */
  {
    g_autoptr(GString) pem = g_string_new ("-----BEGIN RSA PRIVATE KEY-----\n");

    for (guint i = 0; i < 25; i++)
      g_string_append_printf (pem, "MIIE%02uAIBAAKCAQEAx3Hg5Lr0planted0key0line0padding0padding0pad%02u\n", i, i);
    g_string_append (pem, "-----END RSA PRIVATE KEY-----\n");
    private_pem = g_string_free (g_steal_pointer (&pem), FALSE);
  }
  private_b64 = g_base64_encode ((const guchar *) private_pem, strlen (private_pem));
  add_private_key_needles (needles, private_b64);
  pem_lines = g_strsplit (private_pem, "\n", -1);
  body_line = pem_lines[7];

  samples[0].name = "debug.log";
  samples[0].contents = g_strdup ("md-client-DEBUG: signing in with s3cr3t-planted-value-0987\n");
  samples[1].name = "http.log";
  samples[1].contents = g_strdup_printf ("> Authorization: Basic %s\n",
                                         "dG9rLWlkLTEyMzQ6czNjcjN0LXBsYW50ZWQtdmFsdWUtMDk4Nw==");
  samples[2].name = "settings.ini";
  samples[2].contents = g_strdup_printf ("[keys]\nkey='%s'\n", private_b64);
  samples[3].name = "crash.txt";
  samples[3].contents = g_strdup_printf ("partial dump:\n%s\n", body_line);

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autofree char *path = g_build_filename (dir, samples[i].name, NULL);

      g_assert_true (g_file_set_contents (path, samples[i].contents, -1, NULL));
      g_free (samples[i].contents);
    }

  /* A binary file, as SQLite writes them (library.db, uploads.db): NUL
   * bytes before the secret must not end the search. Alone in its folder,
   * so md_test_tree_contains() (the UI tests' scan) is tried on it too. */
  {
    static const char header[] = "SQLite format 3";   /* and its NUL */
    const char *secret = "s3cr3t-planted-value-0987";
    g_autofree char *binary_dir = g_build_filename (dir, "binary", NULL);
    g_autofree char *path = g_build_filename (binary_dir, "library.db", NULL);
    g_autoptr(GByteArray) page = g_byte_array_new ();
    guint8 zeros[4096] = { 0 };

    g_byte_array_append (page, (const guint8 *) header, sizeof header);
    g_byte_array_append (page, zeros, sizeof zeros);
    g_byte_array_append (page, (const guint8 *) secret, strlen (secret));
    g_byte_array_append (page, zeros, sizeof zeros);
    g_assert_no_errno (g_mkdir (binary_dir, 0700));
    g_assert_true (g_file_set_contents (path, (const char *) page->data, page->len, NULL));
    g_assert_nonnull (memchr (page->data, '\0', sizeof header));

    g_assert_true (md_test_tree_contains (binary_dir, secret));
    g_assert_false (md_test_tree_contains (binary_dir, "s3cr3t-not-planted"));
    binary_finding = g_strdup_printf ("token secret in %s\n", path);
  }

  g_assert_cmpuint (scan_tree (dir, 0, needles, found), ==, 5);
  g_test_message ("planted findings:\n%s", found->str);
  g_assert_nonnull (strstr (found->str, "token secret in "));
  g_assert_nonnull (strstr (found->str, "Basic authorization (id:secret, base64) in "));
  g_assert_nonnull (strstr (found->str, "private key, base64 as Mux returns it in "));
  g_assert_nonnull (strstr (found->str, "private key, PEM body line 7 in "));
  g_assert_nonnull (strstr (found->str, "debug.log"));
  g_assert_nonnull (strstr (found->str, "http.log"));
  g_assert_nonnull (strstr (found->str, "settings.ini"));
  g_assert_nonnull (strstr (found->str, "crash.txt"));
  g_assert_nonnull (strstr (found->str, binary_finding));

  /* And nothing where nothing was planted. */
  g_string_truncate (found, 0);
  g_assert_true (g_file_set_contents (samples[0].contents = g_build_filename (dir, "clean.log", NULL),
                                      "md-client-DEBUG: GET /video/v1/assets 200\n", -1, NULL));
  {
    g_autoptr(GMappedFile) mapped = g_mapped_file_new (samples[0].contents, FALSE, NULL);
    g_autoptr(GBytes) bytes = g_mapped_file_get_bytes (mapped);

    scan_bytes ("clean.log", bytes, needles, found);
  }
  g_assert_cmpstr (found->str, ==, "");
  g_free (samples[0].contents);

  remove_tree (dir);
}

static void
on_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
result_arrived (gpointer user_data)
{
  return *(GAsyncResult **) user_data != NULL;
}

static char *
lookup_private_key (const char *environment_id,
                    const char *key_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *secret;

  md_keyring_lookup_signing_key_async (environment_id, key_id, NULL, on_done_cb, &result);
  g_assert_true (md_test_wait_until (result_arrived, &result, 30000));
  secret = md_keyring_lookup_signing_key_finish (result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (secret);
  return secret;
}

static char *
lookup_token (const char *environment_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *secret;

  md_keyring_lookup_token_async (environment_id, NULL, on_done_cb, &result);
  g_assert_true (md_test_wait_until (result_arrived, &result, 30000));
  secret = md_keyring_lookup_token_finish (result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (secret);
  return secret;
}

/* @path exists and is binary: a NUL within its first 100 bytes. */
static void
assert_binary_file (const char *path)
{
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, NULL);

  if (mapped == NULL)
    g_error ("the scenario did not write %s", path);
  g_assert_cmpuint (g_mapped_file_get_length (mapped), >, 100);
  g_assert_nonnull (memchr (g_mapped_file_get_contents (mapped), '\0', 100));
}

static void
test_scenario_leaks_nothing (void)
{
  g_autoptr(MdTestSandbox) sandbox = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GBytes) child_stdout = NULL;
  g_autoptr(GBytes) child_stderr = NULL;
  g_autoptr(GBytes) child_stdin = NULL;
  g_autoptr(GPtrArray) needles = NULL;
  g_autoptr(GString) found = g_string_new (NULL);
  g_autofree char *root = g_dir_make_tmp ("md-secret-scan-XXXXXX", NULL);
  g_autofree char *home = g_build_filename (root, "home", NULL);
  g_autofree char *config = g_build_filename (home, ".config", NULL);
  g_autofree char *data = g_build_filename (home, ".local", "share", NULL);
  g_autofree char *cache = g_build_filename (home, ".cache", NULL);
  g_autofree char *state = g_build_filename (home, ".local", "state", NULL);
  g_autofree char *runtime = g_build_filename (root, "run", NULL);
  g_autofree char *tmp = g_build_filename (root, "tmp", NULL);
  const char *scenario = g_getenv ("MUXDESK_SECRET_SCENARIO");
  g_autofree char *keyfile = g_build_filename (config, "glib-2.0", "settings", "keyfile", NULL);
  g_autofree char *environment_id = NULL;
  g_autofree char *key_id = NULL;
  g_autofree char *input = NULL;
  g_autofree char *stdout_text = NULL;
  g_autofree char *library_db = NULL;
  g_autofree char *uploads_db = NULL;
  g_autoptr(MdKeyringSecret) private_key = NULL;
  g_autoptr(MdKeyringSecret) stored_token = NULL;
  g_auto(GStrv) lines = NULL;
  const char *build_root = g_getenv ("MUXDESK_BUILD_ROOT");
  gint64 started = g_get_real_time () - G_USEC_PER_SEC;
  const char *const sandbox_args[] = { "--no-rate-limit", NULL };
  guint scanned = 0;

  sandbox = md_test_sandbox_start (sandbox_args, &error);
  g_assert_no_error (error);
  g_assert_true (md_test_sandbox_admin (sandbox, "POST", "/_sandbox/records", "{\"assets\":2}", NULL, &error));
  g_assert_no_error (error);

  g_assert_no_errno (g_mkdir_with_parents (home, 0700));
  g_assert_no_errno (g_mkdir_with_parents (runtime, 0700));
  g_assert_no_errno (g_mkdir_with_parents (tmp, 0700));

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", cache, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_STATE_HOME", state, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", runtime, TRUE);
  g_subprocess_launcher_setenv (launcher, "TMPDIR", tmp, TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "keyfile", TRUE);
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
  child = g_subprocess_launcher_spawn (launcher, &error, scenario,
                                       md_test_sandbox_get_api_url (sandbox),
                                       md_test_sandbox_get_stream_url (sandbox),
                                       md_test_sandbox_get_stats_url (sandbox),
                                       md_test_sandbox_get_token_id (sandbox), NULL);
  g_assert_no_error (error);

  /* The secret goes in the way a user pastes it: never on a command line. */
  input = g_strdup_printf ("%s\n", md_test_sandbox_get_token_secret (sandbox));
  child_stdin = g_bytes_new (input, strlen (input));
  g_assert_true (g_subprocess_communicate (child, child_stdin, NULL, &child_stdout, &child_stderr, &error));
  g_assert_no_error (error);
  stdout_text = g_strndup (g_bytes_get_data (child_stdout, NULL), g_bytes_get_size (child_stdout));
  if (!g_subprocess_get_if_exited (child) || g_subprocess_get_exit_status (child) != 0)
    g_error ("secret-scenario failed:\n%.*s", (int) g_bytes_get_size (child_stderr),
             (const char *) g_bytes_get_data (child_stderr, NULL));

  lines = g_strsplit (stdout_text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "ENVIRONMENT "))
        environment_id = g_strdup (lines[i] + strlen ("ENVIRONMENT "));
      else if (g_str_has_prefix (lines[i], "SIGNING-KEY "))
        key_id = g_strdup (lines[i] + strlen ("SIGNING-KEY "));
    }
  g_assert_nonnull (environment_id);
  g_assert_nonnull (key_id);

  /* The keyring holds both secrets: that is where they belong. */
  stored_token = lookup_token (environment_id);
  g_assert_cmpstr (stored_token, ==, md_test_sandbox_get_token_secret (sandbox));
  private_key = lookup_private_key (environment_id, key_id);

  needles = needles_for_token (md_test_sandbox_get_token_id (sandbox), md_test_sandbox_get_token_secret (sandbox));
  add_private_key_needles (needles, private_key);

  /* The scenario really wrote where we look (else the scan proves nothing),
   * the SQLite files too, with NUL bytes from their first page on. */
  g_assert_true (g_file_test (keyfile, G_FILE_TEST_IS_REGULAR));
  library_db = g_build_filename (cache, "muxdesk", environment_id, "library.db", NULL);
  uploads_db = g_build_filename (data, "muxdesk", environment_id, "uploads.db", NULL);
  assert_binary_file (library_db);
  assert_binary_file (uploads_db);
  g_assert_cmpuint (g_bytes_get_size (child_stderr), >, 0);

  scan_bytes ("the scenario's stdout", child_stdout, needles, found);
  scan_bytes ("the scenario's stderr (G_MESSAGES_DEBUG=all)", child_stderr, needles, found);
  scanned += scan_tree (home, 0, needles, found);
  scanned += scan_tree (runtime, 0, needles, found);
  scanned += scan_tree (tmp, 0, needles, found);
  if (build_root != NULL)
    scanned += scan_tree (build_root, started, needles, found);
  g_test_message ("scanned %u files and %" G_GSIZE_FORMAT " bytes of output", scanned,
                  g_bytes_get_size (child_stdout) + g_bytes_get_size (child_stderr));
  g_assert_cmpuint (scanned, >=, 3);

  if (found->len > 0)
    g_error ("secrets leaked:\n%s", found->str);

  remove_tree (root);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hardening/secret-scan/finds-planted-secrets", test_scanner_finds_planted_secrets);
  g_test_add_func ("/hardening/secret-scan/scenario-leaks-nothing", test_scenario_leaks_nothing);

  return g_test_run ();
}
