/* md-sandbox-ingest.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "md-sandbox-ingest"

#include "config.h"

#include <glib/gstdio.h>

#include "md-sandbox-asset.h"
#include "md-sandbox-ingest.h"
#include "md-sandbox-transcoder.h"

typedef struct
{
  MdSandboxIngest     *self;
  char                *asset_id;
  char                *input;
  char                *media_name;
  char                *media_dir;
  MdSandboxIngestDone  done;
  gpointer             user_data;
  GDestroyNotify       user_data_free;
  MdSandboxMediaInfo   info;
  GError              *error;
  int                  reported;   /* the last progress sent, percent */
} Job;

/* How far a job is, on its way from the worker to the main thread. */
typedef struct
{
  MdSandboxIngest *self;
  char            *asset_id;
  double           percent;
} Progress;

struct _MdSandboxIngest
{
  GObject         parent_instance;

  MdSandboxState *state;
  GThreadPool    *pool;
  gboolean        held;
  GQueue          held_jobs;  /* Job: queued while held, in order */
  int             realtime;   /* atomic: transcode no faster than the media plays */
};

G_DEFINE_FINAL_TYPE (MdSandboxIngest, md_sandbox_ingest, G_TYPE_OBJECT)

static void
job_free (Job *job)
{
  g_clear_object (&job->self);
  g_free (job->asset_id);
  g_free (job->input);
  g_free (job->media_name);
  g_free (job->media_dir);
  md_sandbox_media_info_clear (&job->info);
  g_clear_error (&job->error);
  if (job->user_data_free != NULL)
    job->user_data_free (job->user_data);
  g_free (job);
}

static void
progress_free (Progress *progress)
{
  g_clear_object (&progress->self);
  g_free (progress->asset_id);
  g_free (progress);
}

/* Mux reports a preparing asset's progress as it transcodes. */
static gboolean
apply_progress_cb (gpointer user_data)
{
  Progress *progress = user_data;
  JsonObject *asset = md_sandbox_state_lookup_asset (progress->self->state, progress->asset_id);

  if (asset != NULL && g_strcmp0 (json_object_get_string_member_with_default (asset, "status", NULL),
                                  "preparing") == 0)
    md_sandbox_asset_set_progress (asset, "transcoding", progress->percent);
  return G_SOURCE_REMOVE;
}

/* In the worker: whole percents, short of 100 until the asset is ready. */
static void
on_job_progress_cb (double   fraction,
                    gpointer user_data)
{
  Job *job = user_data;
  int percent = CLAMP ((int) (fraction * 100), 0, 99);
  Progress *progress;

  if (percent == job->reported)
    return;
  job->reported = percent;
  progress = g_new0 (Progress, 1);
  progress->self = g_object_ref (job->self);
  progress->asset_id = g_strdup (job->asset_id);
  progress->percent = percent;
  g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, apply_progress_cb, progress,
                              (GDestroyNotify) progress_free);
}

static gboolean
ingest_process (const char                   *input,
                const char                   *media_dir,
                MdSandboxMediaInfo           *info,
                gboolean                      realtime,
                MdSandboxTranscoderProgress   progress,
                gpointer                      progress_data,
                GError                      **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  g_autofree char *info_path = g_build_filename (media_dir, "info.json", NULL);

  if (g_mkdir_with_parents (media_dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Could not create %s: %s", media_dir, g_strerror (saved));
      return FALSE;
    }
  if (!md_sandbox_transcoder_probe (input, info, error) ||
      !md_sandbox_transcoder_run (input, media_dir, info, realtime, progress, progress_data, error))
    return FALSE;

  node = md_sandbox_media_info_to_node (info);
  text = json_to_string (node, FALSE);
  return g_file_set_contents (info_path, text, -1, error);
}

gboolean
md_sandbox_ingest_process (const char  *input,
                           const char  *media_dir,
                           gpointer     out_info,
                           GError     **error)
{
  return ingest_process (input, media_dir, out_info, FALSE, NULL, NULL, error);
}

static gboolean
finish_job_cb (gpointer user_data)
{
  Job *job = user_data;
  MdSandboxState *state = job->self->state;
  JsonObject *asset = md_sandbox_state_lookup_asset (state, job->asset_id);

  if (asset != NULL)
    {
      json_object_remove_member (md_sandbox_record_get_private (asset), "pending_input");
      if (job->error == NULL)
        md_sandbox_asset_set_ready (asset, &job->info, job->media_name);
      else
        md_sandbox_asset_set_errored (asset, "invalid_input", job->error->message);
      md_sandbox_state_changed (state);
    }
  if (job->done != NULL)
    job->done (state, asset, job->error, job->user_data);
  job_free (job);
  return G_SOURCE_REMOVE;
}

static void
run_job (gpointer data,
         gpointer user_data)
{
  Job *job = data;
  g_autofree char *source = g_build_filename (job->media_dir, "source", NULL);

  if (g_mkdir_with_parents (job->media_dir, 0700) != 0 || g_rename (job->input, source) != 0)
    {
      if (!g_file_test (source, G_FILE_TEST_EXISTS))
        {
          int saved = errno;

          g_set_error (&job->error, G_IO_ERROR, g_io_error_from_errno (saved),
                       "The uploaded file could not be stored: %s", g_strerror (saved));
        }
    }
  if (job->error == NULL)
    ingest_process (source, job->media_dir, &job->info, g_atomic_int_get (&job->self->realtime),
                    on_job_progress_cb, job, &job->error);

  g_main_context_invoke (NULL, finish_job_cb, job);
}

static void
md_sandbox_ingest_finalize (GObject *object)
{
  MdSandboxIngest *self = MD_SANDBOX_INGEST (object);

  g_queue_clear_full (&self->held_jobs, (GDestroyNotify) job_free);
  g_clear_object (&self->state);
  G_OBJECT_CLASS (md_sandbox_ingest_parent_class)->finalize (object);
}

static void
md_sandbox_ingest_class_init (MdSandboxIngestClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = md_sandbox_ingest_finalize;
}

static void
md_sandbox_ingest_init (MdSandboxIngest *self)
{
  /* One job at a time: the machine has two cores and x264 uses both. A job
   * still queued when the sandbox stops is freed by the pool (its asset
   * keeps its pending input for the next start). */
  self->pool = g_thread_pool_new_full (run_job, self, (GDestroyNotify) job_free, 1, FALSE, NULL);
}

MdSandboxIngest *
md_sandbox_ingest_new (MdSandboxState *state)
{
  MdSandboxIngest *self = g_object_new (MD_TYPE_SANDBOX_INGEST, NULL);

  self->state = g_object_ref (state);
  return self;
}

void
md_sandbox_ingest_queue (MdSandboxIngest     *self,
                         const char          *asset_id,
                         const char          *input,
                         MdSandboxIngestDone  done,
                         gpointer             user_data,
                         GDestroyNotify       user_data_free)
{
  Job *job = g_new0 (Job, 1);
  JsonObject *asset = md_sandbox_state_lookup_asset (self->state, asset_id);

  g_return_if_fail (self->pool != NULL);

  job->self = g_object_ref (self);
  job->asset_id = g_strdup (asset_id);
  job->input = g_strdup (input);
  job->media_name = g_strdup (asset_id);
  job->media_dir = g_build_filename (md_sandbox_state_get_dir (self->state), "media", asset_id, NULL);
  job->done = done;
  job->user_data = user_data;
  job->user_data_free = user_data_free;
  job->reported = -1;
  if (asset != NULL)
    {
      /* Resumed after a restart if the sandbox stops before the job ends. */
      json_object_set_string_member (md_sandbox_record_get_private (asset), "pending_input", input);
      md_sandbox_state_changed (self->state);
    }
  if (self->held)
    g_queue_push_tail (&self->held_jobs, job);
  else
    g_thread_pool_push (self->pool, job, NULL);
}

/**
 * md_sandbox_ingest_set_held:
 * @held: whether new jobs wait
 *
 * Holds ingest (for tests of what clients do while assets stay preparing):
 * jobs queued meanwhile wait, and start in order once released.
 */
void
md_sandbox_ingest_set_held (MdSandboxIngest *self,
                            gboolean         held)
{
  Job *job;

  g_return_if_fail (MD_IS_SANDBOX_INGEST (self));

  self->held = held;
  while (!held && self->pool != NULL && (job = g_queue_pop_head (&self->held_jobs)) != NULL)
    g_thread_pool_push (self->pool, job, NULL);
}

/**
 * md_sandbox_ingest_set_realtime:
 * @realtime: whether jobs started from now on transcode no faster than
 *   their media plays
 *
 * Slows ingest down (for tests of what clients show while an asset's
 * progress climbs): a 10 s video takes 10 s to get ready.
 */
void
md_sandbox_ingest_set_realtime (MdSandboxIngest *self,
                                gboolean         realtime)
{
  g_return_if_fail (MD_IS_SANDBOX_INGEST (self));

  g_atomic_int_set (&self->realtime, !!realtime);
}

void
md_sandbox_ingest_shutdown (MdSandboxIngest *self)
{
  if (self->pool == NULL)
    return;
  /* Held jobs keep their pending input: the next start ingests them. */
  g_queue_clear_full (&self->held_jobs, (GDestroyNotify) job_free);
  g_thread_pool_free (g_steal_pointer (&self->pool), TRUE, TRUE);
  /* Finished jobs queued their completion on the main context. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}
