/* md-fuzz.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "md-fuzz.h"

/* Bad input may be logged at debug level, never reported as a programming
 * error: a critical or a warning reached from input is a bug, so it aborts
 * and the fuzzer keeps the input. Everything else is dropped for speed. */
static GLogWriterOutput
fuzz_log_writer (GLogLevelFlags   log_level,
                 const GLogField *fields,
                 gsize            n_fields,
                 gpointer         user_data)
{
  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    {
      g_log_writer_standard_streams (log_level, fields, n_fields, user_data);
      g_abort ();
    }
  return G_LOG_WRITER_HANDLED;
}

void
md_fuzz_setup_logging (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      g_log_set_writer_func (fuzz_log_writer, NULL, NULL);
      g_once_init_leave (&done, 1);
    }
}

/* The input as a NUL-terminated string, cut at its first NUL. */
char *
md_fuzz_dup_string (const guint8 *data,
                    size_t        size)
{
  return g_strndup ((const char *) data, size);
}
