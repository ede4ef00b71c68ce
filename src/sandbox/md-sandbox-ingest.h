/* md-sandbox-ingest.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Turns an asset's input file into its media (HLS, storyboard, source) in
 * a worker thread, one job at a time, and marks the asset ready or
 * errored on the main thread.
 */

#pragma once

#include "md-sandbox-state.h"

G_BEGIN_DECLS

#define MD_TYPE_SANDBOX_INGEST (md_sandbox_ingest_get_type ())

G_DECLARE_FINAL_TYPE (MdSandboxIngest, md_sandbox_ingest, MD, SANDBOX_INGEST, GObject)

/* Called on the main thread; @error is NULL when the asset became ready. */
typedef void (*MdSandboxIngestDone) (MdSandboxState *state,
                                     JsonObject     *asset,
                                     const GError   *error,
                                     gpointer        user_data);

MdSandboxIngest *md_sandbox_ingest_new      (MdSandboxState      *state);
/* Moves @input into the asset's media directory as its source.
 * @user_data_free frees @user_data once @done has run, or when the job is
 * dropped (a sandbox stopped before it started). */
void             md_sandbox_ingest_queue    (MdSandboxIngest     *self,
                                             const char          *asset_id,
                                             const char          *input,
                                             MdSandboxIngestDone  done,
                                             gpointer             user_data,
                                             GDestroyNotify       user_data_free);
void             md_sandbox_ingest_set_held (MdSandboxIngest     *self,
                                             gboolean             held);
void             md_sandbox_ingest_set_realtime (MdSandboxIngest *self,
                                             gboolean             realtime);
/* Drops queued jobs and waits for the running one. */
void             md_sandbox_ingest_shutdown (MdSandboxIngest     *self);

/* Synchronous form for worker threads (the seed): probes and transcodes
 * @input into @media_dir, keeping @input where it is. */
gboolean         md_sandbox_ingest_process  (const char          *input,
                                             const char          *media_dir,
                                             gpointer             out_info,
                                             GError             **error);

G_END_DECLS
