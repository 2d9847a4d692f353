/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-task"

#include "config.h"

#include "vt-error.h"
#include "vt-kinds.h"
#include "vt-task.h"

/* The words a task's status and kind are saved and printed in. */

static const struct {
  VtTaskStatus status;
  const char *text;
} status_names[] = {
  { VT_TASK_STATUS_PREPARING, "Preparing" },
  { VT_TASK_STATUS_QUEUEING, "Queueing" },
  { VT_TASK_STATUS_PROCESSING, "Processing" },
  { VT_TASK_STATUS_SUCCESS, "Success" },
  { VT_TASK_STATUS_FAIL, "Fail" },
  { VT_TASK_STATUS_CANCELLED, "Cancelled" },
};

/* The names the task list, --kind and `--status --json` use (the kinds' table). */
const char *
vt_task_kind_to_string (VtTaskKind kind)
{
  g_return_val_if_fail (kind <= VT_TASK_KIND_H3, NULL);
  return vt_kind_get (kind)->name;
}

gboolean
vt_task_kind_from_string (const char *text,
                          VtTaskKind *kind)
{
  for (VtTaskKind k = VT_TASK_KIND_UNKNOWN; text != NULL && k <= VT_TASK_KIND_H3; k++)
    if (g_str_equal (text, vt_kind_get (k)->name))
      {
        *kind = k;
        return TRUE;
      }
  return FALSE;
}

/* How long a link of this kind of task stays usable after it was issued. */
GTimeSpan
vt_task_kind_link_lifetime (VtTaskKind kind)
{
  g_return_val_if_fail (kind <= VT_TASK_KIND_H3, VT_LINK_LIFETIME_SHORT);
  return vt_kind_get (kind)->link_lifetime;
}

/* The API's own words, compared exactly: anything else is a status we do not know. */
VtTaskStatus
vt_task_status_from_string (const char *text)
{
  if (text == NULL)
    return VT_TASK_STATUS_UNKNOWN;

  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++)
    if (g_str_equal (status_names[i].text, text))
      return status_names[i].status;

  return VT_TASK_STATUS_UNKNOWN;
}

const char *
vt_task_status_to_string (VtTaskStatus status)
{
  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++)
    if (status_names[i].status == status)
      return status_names[i].text;

  return "Unknown";
}

gboolean
vt_task_status_is_final (VtTaskStatus status)
{
  return status == VT_TASK_STATUS_SUCCESS || status == VT_TASK_STATUS_FAIL ||
         status == VT_TASK_STATUS_CANCELLED;
}

/**
 * vt_task_dup_reason:
 *
 * Why the task failed, or why its last check did, in the language of now: worded from the
 * codes the task keeps. A task from a list saved before there were codes keeps its text.
 *
 * Returns: (transfer full) (nullable): the reason, or %NULL when there is none
 */
char *
vt_task_dup_reason (VtTask *self)
{
  char *reason = NULL;

  g_return_val_if_fail (VT_IS_TASK (self), NULL);

  if (vt_task_get_last_error (self) == NULL)
    return NULL;
  if (vt_task_get_error_code (self) >= 0)
    reason = vt_error_describe (vt_task_get_error_code (self), vt_task_get_api_code (self),
                                vt_task_get_error_http_status (self),
                                vt_task_get_error_words (self));
  return reason != NULL ? reason : g_strdup (vt_task_get_last_error (self));
}
