/* md-sandbox-faults.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fault rules tests install through POST {admin}/_sandbox/faults: which
 * requests a rule matches, what it does to them, and how many it takes.
 * Applying them to HTTP messages is md-sandbox-fault-injector.c's job.
 */

#define G_LOG_DOMAIN "md-sandbox-faults"

#include "config.h"

#include "md-sandbox-faults.h"

#include <gio/gio.h>
#include <string.h>

struct _MdSandboxFaults
{
  GPtrArray *rules;   /* MdSandboxFault, in the order they were added */
};

static const char *const match_names[] = {
  [MD_SANDBOX_FAULT_MATCH_ANY] = "any",
  [MD_SANDBOX_FAULT_MATCH_PATH] = "path",
  [MD_SANDBOX_FAULT_MATCH_PATH_PREFIX] = "path-prefix",
  [MD_SANDBOX_FAULT_MATCH_UPLOAD_CHUNK] = "upload-chunk",
};

static const char *const action_names[] = {
  [MD_SANDBOX_FAULT_ACTION_STATUS] = "status",
  [MD_SANDBOX_FAULT_ACTION_RESET] = "reset",
  [MD_SANDBOX_FAULT_ACTION_STALL] = "stall",
  [MD_SANDBOX_FAULT_ACTION_MALFORMED_JSON] = "malformed-json",
  [MD_SANDBOX_FAULT_ACTION_SLOW] = "slow",
  [MD_SANDBOX_FAULT_ACTION_HUGE_BODY] = "huge-body",
};

static gboolean
lookup_name (const char *const *names,
             guint              n_names,
             const char        *name,
             guint             *out_index)
{
  for (guint i = 0; i < n_names; i++)
    if (g_strcmp0 (names[i], name) == 0)
      {
        *out_index = i;
        return TRUE;
      }
  return FALSE;
}

static gboolean
get_uint_member (JsonObject  *object,
                 const char  *name,
                 gint64       max,
                 gint64      *in_out_value,
                 GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);
  gint64 value;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node)
      || (json_node_get_value_type (node) != G_TYPE_INT64
          && json_node_get_value_type (node) != G_TYPE_DOUBLE))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "%s must be a number", name);
      return FALSE;
    }
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    value = json_node_get_int (node);
  else if (json_node_get_double (node) >= 0 && json_node_get_double (node) <= (double) max)
    value = (gint64) json_node_get_double (node);
  else
    value = -1;
  if (value < 0 || value > max)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "%s must be between 0 and %" G_GINT64_FORMAT, name, max);
      return FALSE;
    }
  *in_out_value = value;
  return TRUE;
}

/* Like json_object_get_string_member_with_default() without its critical
 * on an array or object member: a value that is not a string reads as ""
 * (which no name matches). */
static const char *
get_string_member (JsonObject *object,
                   const char *name,
                   const char *default_value)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return default_value;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return "";
  return json_node_get_string (node);
}

static MdSandboxFault *
fault_from_json (JsonNode  *node,
                 GError   **error)
{
  g_autoptr(MdSandboxFault) fault = g_new0 (MdSandboxFault, 1);
  JsonObject *object;
  const char *match, *action, *path, *method;
  gint64 status = 0, retry_after = -1, count = 1, skip = 0, bps = 0, stall_ms = 0, after_bytes = -1;
  gint64 content_length = -1;
  guint index;

  g_atomic_ref_count_init (&fault->ref_count);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "A fault must be a JSON object");
      return NULL;
    }
  object = json_node_get_object (node);

  match = get_string_member (object, "match", "any");
  if (!lookup_name (match_names, G_N_ELEMENTS (match_names), match, &index))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "Unknown match \"%s\" (any, path, path-prefix, upload-chunk)", match);
      return NULL;
    }
  fault->match = index;

  action = get_string_member (object, "action", NULL);
  if (action == NULL || !lookup_name (action_names, G_N_ELEMENTS (action_names), action, &index))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "Unknown action \"%s\" (status, reset, stall, malformed-json, slow, huge-body)",
                   action ? action : "");
      return NULL;
    }
  fault->action = index;

  path = get_string_member (object, "path", NULL);
  if ((fault->match == MD_SANDBOX_FAULT_MATCH_PATH || fault->match == MD_SANDBOX_FAULT_MATCH_PATH_PREFIX)
      && (path == NULL || path[0] != '/'))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "match \"%s\" needs a \"path\" starting with /", match);
      return NULL;
    }
  fault->path = g_strdup (path);

  method = get_string_member (object, "method", NULL);
  fault->method = method ? g_ascii_strup (method, -1) : NULL;

  if (!get_uint_member (object, "status", 599, &status, error)
      || !get_uint_member (object, "retry_after", 86400, &retry_after, error)
      || !get_uint_member (object, "count", G_MAXUINT, &count, error)
      || !get_uint_member (object, "skip", G_MAXUINT, &skip, error)
      || !get_uint_member (object, "bytes_per_second", G_GINT64_CONSTANT (10000000000), &bps, error)
      || !get_uint_member (object, "stall_ms", 3600 * 1000, &stall_ms, error)
      || !get_uint_member (object, "after_bytes", G_MAXINT64, &after_bytes, error)
      || !get_uint_member (object, "content_length", G_MAXINT64, &content_length, error))
    return NULL;

  if (status != 0 && status < 100)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "status must be an HTTP status");
      return NULL;
    }
  if (fault->action == MD_SANDBOX_FAULT_ACTION_SLOW && bps == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "action \"slow\" needs \"bytes_per_second\" > 0");
      return NULL;
    }

  if (status == 0)
    status = fault->action == MD_SANDBOX_FAULT_ACTION_MALFORMED_JSON ? 200 : 503;
  fault->status = status;
  fault->retry_after = retry_after;
  fault->count = count;
  fault->skip = skip;
  fault->bytes_per_second = bps;
  fault->stall_ms = stall_ms;
  fault->after_bytes = after_bytes;
  fault->content_length = content_length;
  return g_steal_pointer (&fault);
}

static JsonNode *
fault_to_json (MdSandboxFault *fault)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "match");
  json_builder_add_string_value (builder, match_names[fault->match]);
  if (fault->path != NULL)
    {
      json_builder_set_member_name (builder, "path");
      json_builder_add_string_value (builder, fault->path);
    }
  if (fault->method != NULL)
    {
      json_builder_set_member_name (builder, "method");
      json_builder_add_string_value (builder, fault->method);
    }
  json_builder_set_member_name (builder, "action");
  json_builder_add_string_value (builder, action_names[fault->action]);
  json_builder_set_member_name (builder, "status");
  json_builder_add_int_value (builder, fault->status);
  if (fault->retry_after >= 0)
    {
      json_builder_set_member_name (builder, "retry_after");
      json_builder_add_int_value (builder, fault->retry_after);
    }
  json_builder_set_member_name (builder, "count");
  json_builder_add_int_value (builder, fault->count);
  json_builder_set_member_name (builder, "skip");
  json_builder_add_int_value (builder, fault->skip);
  json_builder_set_member_name (builder, "seen");
  json_builder_add_int_value (builder, fault->seen);
  json_builder_set_member_name (builder, "fired");
  json_builder_add_int_value (builder, fault->fired);
  if (fault->action == MD_SANDBOX_FAULT_ACTION_SLOW)
    {
      json_builder_set_member_name (builder, "bytes_per_second");
      json_builder_add_int_value (builder, fault->bytes_per_second);
    }
  if (fault->action == MD_SANDBOX_FAULT_ACTION_STALL)
    {
      json_builder_set_member_name (builder, "stall_ms");
      json_builder_add_int_value (builder, fault->stall_ms);
    }
  if (fault->action == MD_SANDBOX_FAULT_ACTION_HUGE_BODY && fault->content_length >= 0)
    {
      json_builder_set_member_name (builder, "content_length");
      json_builder_add_int_value (builder, fault->content_length);
    }
  if (fault->action == MD_SANDBOX_FAULT_ACTION_RESET && fault->after_bytes >= 0)
    {
      json_builder_set_member_name (builder, "after_bytes");
      json_builder_add_int_value (builder, fault->after_bytes);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static gboolean
fault_matches (MdSandboxFault *fault,
               const char     *method,
               const char     *path,
               gboolean        is_upload_chunk)
{
  if (fault->method != NULL && g_strcmp0 (fault->method, method) != 0)
    return FALSE;

  switch (fault->match)
    {
    case MD_SANDBOX_FAULT_MATCH_ANY:
      return TRUE;
    case MD_SANDBOX_FAULT_MATCH_PATH:
      return g_strcmp0 (fault->path, path) == 0;
    case MD_SANDBOX_FAULT_MATCH_PATH_PREFIX:
      return g_str_has_prefix (path, fault->path);
    case MD_SANDBOX_FAULT_MATCH_UPLOAD_CHUNK:
      return is_upload_chunk && (fault->path == NULL || g_str_has_prefix (path, fault->path));
    default:
      g_assert_not_reached ();
    }
}

MdSandboxFault *
md_sandbox_fault_ref (MdSandboxFault *fault)
{
  g_atomic_ref_count_inc (&fault->ref_count);
  return fault;
}

void
md_sandbox_fault_unref (MdSandboxFault *fault)
{
  if (fault == NULL || !g_atomic_ref_count_dec (&fault->ref_count))
    return;
  g_free (fault->path);
  g_free (fault->method);
  g_free (fault);
}

const char *
md_sandbox_fault_action_name (MdSandboxFaultAction action)
{
  g_return_val_if_fail (action < G_N_ELEMENTS (action_names), NULL);
  return action_names[action];
}

MdSandboxFaults *
md_sandbox_faults_new (void)
{
  MdSandboxFaults *self = g_new0 (MdSandboxFaults, 1);

  self->rules = g_ptr_array_new_with_free_func ((GDestroyNotify) md_sandbox_fault_unref);
  return self;
}

void
md_sandbox_faults_free (MdSandboxFaults *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->rules);
  g_free (self);
}

/**
 * md_sandbox_faults_add_json:
 * @node: one fault object, an array of them, or `{"faults":[…]}`
 *
 * Adds the rules in @node, all or none: a bad rule adds nothing.
 */
gboolean
md_sandbox_faults_add_json (MdSandboxFaults  *self,
                            JsonNode         *node,
                            GError          **error)
{
  g_autoptr(GPtrArray) parsed = g_ptr_array_new_with_free_func ((GDestroyNotify) md_sandbox_fault_unref);
  JsonArray *array = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  if (node == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "The body must be JSON");
      return FALSE;
    }

  if (JSON_NODE_HOLDS_ARRAY (node))
    array = json_node_get_array (node);
  else if (JSON_NODE_HOLDS_OBJECT (node)
           && json_object_has_member (json_node_get_object (node), "faults"))
    {
      JsonNode *faults = json_object_get_member (json_node_get_object (node), "faults");

      if (!JSON_NODE_HOLDS_ARRAY (faults))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "\"faults\" must be an array");
          return FALSE;
        }
      array = json_node_get_array (faults);
    }

  if (array != NULL)
    {
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          MdSandboxFault *fault = fault_from_json (json_array_get_element (array, i), error);

          if (fault == NULL)
            return FALSE;
          g_ptr_array_add (parsed, fault);
        }
    }
  else
    {
      MdSandboxFault *fault = fault_from_json (node, error);

      if (fault == NULL)
        return FALSE;
      g_ptr_array_add (parsed, fault);
    }

  for (guint i = 0; i < parsed->len; i++)
    g_ptr_array_add (self->rules, md_sandbox_fault_ref (g_ptr_array_index (parsed, i)));
  return TRUE;
}

void
md_sandbox_faults_clear (MdSandboxFaults *self)
{
  g_return_if_fail (self != NULL);
  g_ptr_array_set_size (self->rules, 0);
}

guint
md_sandbox_faults_get_n_rules (MdSandboxFaults *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->rules->len;
}

/**
 * md_sandbox_faults_to_json:
 *
 * Returns: (transfer full): the active rules with their counters
 */
JsonNode *
md_sandbox_faults_to_json (MdSandboxFaults *self)
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; i < self->rules->len; i++)
    json_array_add_element (array, fault_to_json (g_ptr_array_index (self->rules, i)));
  json_node_take_array (node, array);
  return node;
}

/**
 * md_sandbox_faults_take:
 * @method: the request's method
 * @path: the request's path as the sandbox sees it
 * @is_upload_chunk: whether the request is a PUT to a direct upload's URL
 *
 * Counts the request against every matching rule; the first rule that has
 * skipped enough requests and still has firings left fires. Used up rules
 * are removed.
 *
 * Returns: (transfer full) (nullable): the fault to apply to this request
 */
MdSandboxFault *
md_sandbox_faults_take (MdSandboxFaults *self,
                        const char      *method,
                        const char      *path,
                        gboolean         is_upload_chunk)
{
  MdSandboxFault *chosen = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->rules->len; i++)
    {
      MdSandboxFault *fault = g_ptr_array_index (self->rules, i);

      if (!fault_matches (fault, method, path, is_upload_chunk))
        continue;

      fault->seen++;
      if (chosen != NULL || fault->seen <= fault->skip)
        continue;

      fault->fired++;
      chosen = md_sandbox_fault_ref (fault);
    }

  for (guint i = self->rules->len; i > 0; i--)
    {
      MdSandboxFault *fault = g_ptr_array_index (self->rules, i - 1);

      if (fault->count != 0 && fault->fired >= fault->count)
        g_ptr_array_remove_index (self->rules, i - 1);
    }

  return chosen;
}
