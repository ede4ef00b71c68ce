/* md-sandbox-faults.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  MD_SANDBOX_FAULT_MATCH_ANY,
  MD_SANDBOX_FAULT_MATCH_PATH,
  MD_SANDBOX_FAULT_MATCH_PATH_PREFIX,
  MD_SANDBOX_FAULT_MATCH_UPLOAD_CHUNK,
} MdSandboxFaultMatch;

typedef enum
{
  MD_SANDBOX_FAULT_ACTION_STATUS,
  MD_SANDBOX_FAULT_ACTION_RESET,
  MD_SANDBOX_FAULT_ACTION_STALL,
  MD_SANDBOX_FAULT_ACTION_MALFORMED_JSON,
  MD_SANDBOX_FAULT_ACTION_SLOW,
  MD_SANDBOX_FAULT_ACTION_HUGE_BODY,
} MdSandboxFaultAction;

typedef struct
{
  gatomicrefcount      ref_count;

  MdSandboxFaultMatch  match;
  char                *path;
  char                *method;
  MdSandboxFaultAction action;
  guint                status;
  gint                 retry_after;       /* seconds; -1: no Retry-After header */
  guint                count;             /* 0: until cleared */
  guint                skip;
  guint64              bytes_per_second;
  guint                stall_ms;          /* 0: never answer */
  gint64               after_bytes;       /* reset: -1 means half the body */
  gint64               content_length;    /* huge-body: the size announced; -1: none, endless */

  guint                seen;
  guint                fired;
} MdSandboxFault;

typedef struct _MdSandboxFaults MdSandboxFaults;

MdSandboxFault  *md_sandbox_fault_ref          (MdSandboxFault       *fault);
void             md_sandbox_fault_unref        (MdSandboxFault       *fault);
const char      *md_sandbox_fault_action_name  (MdSandboxFaultAction  action);

MdSandboxFaults *md_sandbox_faults_new         (void);
void             md_sandbox_faults_free        (MdSandboxFaults      *self);
gboolean         md_sandbox_faults_add_json    (MdSandboxFaults      *self,
                                                JsonNode             *node,
                                                GError              **error);
void             md_sandbox_faults_clear       (MdSandboxFaults      *self);
guint            md_sandbox_faults_get_n_rules (MdSandboxFaults      *self);
JsonNode        *md_sandbox_faults_to_json     (MdSandboxFaults      *self);
MdSandboxFault  *md_sandbox_faults_take        (MdSandboxFaults      *self,
                                                const char           *method,
                                                const char           *path,
                                                gboolean              is_upload_chunk);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdSandboxFault, md_sandbox_fault_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdSandboxFaults, md_sandbox_faults_free)

G_END_DECLS
