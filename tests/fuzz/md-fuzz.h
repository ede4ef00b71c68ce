/* md-fuzz.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What every fuzz target shares. A target defines LLVMFuzzerTestOneInput
 * (and may define LLVMFuzzerInitialize); it is linked either with libFuzzer
 * (-Dfuzzing=true) or with md-fuzz-standalone.c, which replays the seed
 * corpus and the crash regressions as an ordinary unit test.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

int  LLVMFuzzerInitialize   (int           *argc,
                             char        ***argv);
int  LLVMFuzzerTestOneInput (const guint8  *data,
                             size_t         size);

void md_fuzz_setup_logging  (void);
char *md_fuzz_dup_string    (const guint8  *data,
                             size_t         size);

G_END_DECLS
