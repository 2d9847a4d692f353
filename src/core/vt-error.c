/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-error"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vt-error.h"

G_DEFINE_QUARK (vt-error-quark, vt_error)

/* Turns a non-zero base_resp.status_code into an error that tells the user what to do.
 * The codes and their meaning come from MiniMax's documentation (see shared/API.md). */
void
vt_error_set_from_api_code (GError     **error,
                            int          api_code,
                            const char  *status_msg)
{
  g_return_if_fail (api_code != 0);

  switch (api_code)
    {
    case 1000:
    case 1001:
    case 1024:
    case 1033:
    case 1039:
      g_set_error (error, VT_ERROR, VT_ERROR_SERVER,
                   _("MiniMax could not answer right now (error %d). Checking will be retried later."),
                   api_code);
      break;

    case 1002:
    case 1041:
    case 2045:
      g_set_error (error, VT_ERROR, VT_ERROR_RATE_LIMITED,
                   _("MiniMax asked to slow down (error %d). Checking will resume after a pause."),
                   api_code);
      break;

    case 1004:
    case 2049:
      g_set_error (error, VT_ERROR, VT_ERROR_AUTH,
                   _("MiniMax did not accept the API key (error %d). Check the key in Preferences, "
                     "and that it belongs to the selected region (China or International)."),
                   api_code);
      break;

    case 1008:
      g_set_error (error, VT_ERROR, VT_ERROR_INSUFFICIENT_BALANCE,
                   _("The MiniMax account has insufficient balance (error %d). Check the account balance."),
                   api_code);
      break;

    case 1026:
      g_set_error (error, VT_ERROR, VT_ERROR_SENSITIVE_INPUT,
                   _("MiniMax refused the task because its input contains sensitive content."));
      break;

    case 1027:
      g_set_error (error, VT_ERROR, VT_ERROR_SENSITIVE_OUTPUT,
                   _("MiniMax withheld the video because it contains sensitive content."));
      break;

    case 2013:
      g_set_error (error, VT_ERROR, VT_ERROR_INVALID_TASK_ID,
                   _("MiniMax did not accept the request (error %d). Check the task ID."),
                   api_code);
      break;

    case 2056:
      g_set_error (error, VT_ERROR, VT_ERROR_USAGE_LIMIT,
                   _("The account's usage limit for now is reached (error %d). Checking will resume later."),
                   api_code);
      break;

    default:
      if (status_msg != NULL && *status_msg != '\0')
        g_set_error (error, VT_ERROR, VT_ERROR_API,
                     _("MiniMax reported error %d: %s"), api_code, status_msg);
      else
        g_set_error (error, VT_ERROR, VT_ERROR_API,
                     _("MiniMax reported error %d."), api_code);
      break;
    }
}

/* Errors after which asking again later may work. */
gboolean
vt_error_is_retryable (const GError *error)
{
  if (error == NULL || error->domain != VT_ERROR)
    return FALSE;

  switch ((VtError) error->code)
    {
    case VT_ERROR_RATE_LIMITED:
    case VT_ERROR_USAGE_LIMIT:
    case VT_ERROR_SERVER:
    case VT_ERROR_NETWORK:
    case VT_ERROR_TIMEOUT:
    case VT_ERROR_PROTOCOL:
    case VT_ERROR_API:
      return TRUE;

    case VT_ERROR_NO_API_KEY:
    case VT_ERROR_AUTH:
    case VT_ERROR_INSUFFICIENT_BALANCE:
    case VT_ERROR_SENSITIVE_INPUT:
    case VT_ERROR_SENSITIVE_OUTPUT:
    case VT_ERROR_INVALID_TASK_ID:
    case VT_ERROR_UNSAFE_LINK:
    case VT_ERROR_INVALID_HOST:
    case VT_ERROR_KEYRING:
    case VT_ERROR_TASK_LIST:
    case VT_ERROR_LINK_EXPIRED:
    case VT_ERROR_DISK_FULL:
    case VT_ERROR_SAVE:
    default:
      return FALSE;
    }
}

/* Errors that mean every query, not only this one, should pause. */
gboolean
vt_error_is_slow_down (const GError *error)
{
  return g_error_matches (error, VT_ERROR, VT_ERROR_RATE_LIMITED) ||
         g_error_matches (error, VT_ERROR, VT_ERROR_USAGE_LIMIT);
}

/* Checking cannot go on until the user fixes the key, the region or the account. */
gboolean
vt_error_needs_user (const GError *error)
{
  return g_error_matches (error, VT_ERROR, VT_ERROR_AUTH) ||
         g_error_matches (error, VT_ERROR, VT_ERROR_NO_API_KEY) ||
         g_error_matches (error, VT_ERROR, VT_ERROR_INSUFFICIENT_BALANCE) ||
         g_error_matches (error, VT_ERROR, VT_ERROR_INVALID_HOST) ||
         g_error_matches (error, VT_ERROR, VT_ERROR_KEYRING);
}

/* The same for every task: the network, the key, the host or the account. It is said once
 * for the window, not on each task. */
gboolean
vt_error_is_shared (const GError *error)
{
  return vt_error_needs_user (error) ||
         g_error_matches (error, VT_ERROR, VT_ERROR_NETWORK) ||
         g_error_matches (error, VT_ERROR, VT_ERROR_TIMEOUT);
}

/* Asking about this task again would get the same answer: a bad ID, an unsafe link. */
gboolean
vt_error_is_final_for_task (const GError *error)
{
  return g_error_matches (error, VT_ERROR, VT_ERROR_INVALID_TASK_ID) ||
         g_error_matches (error, VT_ERROR, VT_ERROR_UNSAFE_LINK);
}
