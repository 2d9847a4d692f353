/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-display"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-display.h"
#include "vt-kinds.h"

/* How a task reads on screen: words and icons for its state, and "5 min ago". */

/* Nothing is known of it yet: MiniMax has not been asked, or has not answered. */
gboolean
vt_display_not_checked_yet (VtTask *task)
{
  return vt_task_get_status (task) == VT_TASK_STATUS_UNKNOWN && vt_task_get_last_checked (task) == NULL;
}

/* The word a person reads for the task's state; "Checking…" while a query the row shows
 * (@checking) is on the way; "Check failed" while an unfinished task cannot be checked,
 * since its last known status may be stale. "Unknown status" is only for a status MiniMax
 * sent that this app does not know. */
const char *
vt_display_status_label (VtTask   *task,
                         gboolean  checking)
{
  g_return_val_if_fail (VT_IS_TASK (task), NULL);

  if (checking)
    return C_("task status", "Checking…");
  if (vt_task_get_check_failed (task) && !vt_task_is_finished (task))
    return C_("task status", "Check failed");
  if (vt_display_not_checked_yet (task))
    return C_("task status", "Waiting");

  switch (vt_task_get_status (task))
    {
    case VT_TASK_STATUS_PREPARING:
      return C_("task status", "Preparing");
    case VT_TASK_STATUS_QUEUEING:
      return C_("task status", "Queueing");
    case VT_TASK_STATUS_PROCESSING:
      return C_("task status", "Processing");
    case VT_TASK_STATUS_SUCCESS:
      return C_("task status", "Succeeded");
    case VT_TASK_STATUS_FAIL:
      return C_("task status", "Failed");
    case VT_TASK_STATUS_CANCELLED:
      return C_("task status", "Cancelled");
    case VT_TASK_STATUS_UNKNOWN:
    default:
      return C_("task status", "Unknown status");
    }
}

const char *
vt_display_status_icon (VtTask *task)
{
  g_return_val_if_fail (VT_IS_TASK (task), NULL);

  if (vt_task_get_check_failed (task) && !vt_task_is_finished (task))
    return "dialog-warning-symbolic";
  if (vt_display_not_checked_yet (task))
    return "alarm-symbolic";

  switch (vt_task_get_status (task))
    {
    case VT_TASK_STATUS_PREPARING:
    case VT_TASK_STATUS_QUEUEING:
      return "content-loading-symbolic";
    case VT_TASK_STATUS_PROCESSING:
      return "system-run-symbolic";
    case VT_TASK_STATUS_SUCCESS:
      return "object-select-symbolic";
    case VT_TASK_STATUS_FAIL:
      return "dialog-error-symbolic";
    case VT_TASK_STATUS_CANCELLED:
      return "process-stop-symbolic";
    case VT_TASK_STATUS_UNKNOWN:
    default:
      return "dialog-question-symbolic";
    }
}

/**
 * vt_display_kind:
 *
 * Returns: what the task is, in a few words ("Video Agent", "Hailuo", "H3"), or %NULL while
 *   that is not known
 */
const char *
vt_display_kind (VtTaskKind kind)
{
  const char *words = vt_kind_get (kind)->display;

  return words != NULL ? g_dpgettext2 (NULL, "task kind", words) : NULL;
}

/**
 * vt_display_folder:
 *
 * Returns: (transfer full): @path as people read it, "~/Videos/Video Tasks" in the home folder
 */
char *
vt_display_folder (const char *path)
{
  const char *home = g_get_home_dir ();

  g_return_val_if_fail (path != NULL, NULL);

  if (g_str_has_prefix (path, home) && path[strlen (home)] == G_DIR_SEPARATOR)
    return g_strconcat ("~", path + strlen (home), NULL);
  return g_strdup (path);
}

/**
 * vt_display_time_ago:
 *
 * Returns: (transfer full): "just now", "5 min ago", "3 h ago", "2 days ago"
 */
char *
vt_display_time_ago (GDateTime *then,
                     GDateTime *now)
{
  GTimeSpan span;
  gint64 minutes, hours, days;

  g_return_val_if_fail (then != NULL && now != NULL, NULL);

  span = MAX (0, g_date_time_difference (now, then));
  minutes = span / G_TIME_SPAN_MINUTE;
  hours = span / G_TIME_SPAN_HOUR;
  days = span / G_TIME_SPAN_DAY;

  if (minutes < 1)
    return g_strdup (_("just now"));
  if (hours < 1)
    /* Translators: used in "Added %s" and "Checked %s" */
    return g_strdup_printf (ngettext ("%d min ago", "%d min ago", minutes), (int) minutes);
  if (days < 1)
    return g_strdup_printf (ngettext ("%d hour ago", "%d hours ago", hours), (int) hours);
  return g_strdup_printf (ngettext ("%d day ago", "%d days ago", days), (int) MIN (days, G_MAXINT));
}
